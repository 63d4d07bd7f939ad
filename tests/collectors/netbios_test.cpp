// NetBIOS name service (RFC 1002 §4.2) and browser announcements in the datagram service
// (RFC 1002 §4.4, MS-CIFS, MS-BRWS) through the whole frame path.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/netbios.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {

constexpr std::size_t kMaxNbAddresses = 16;  // proto/netbios/netbios.h
constexpr std::size_t kMaxNbstatNames = 64;
constexpr std::size_t kMaxCommentBytes = 256;

void put8(std::vector<std::byte>& f, unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); }
void put16(std::vector<std::byte>& f, unsigned v) {
    put8(f, v >> 8U);
    put8(f, v);
}
void put16le(std::vector<std::byte>& f, unsigned v) {
    put8(f, v);
    put8(f, v >> 8U);
}

// Ethernet + IPv4 10.0.5.9 -> 10.0.5.255 + UDP around `payload`.
std::vector<std::byte> udp4(std::uint16_t sport, std::uint16_t dport,
                            const std::vector<std::byte>& payload) {
    std::vector<std::byte> f = hex("ff ff ff ff ff ff 00 25 90 0a 1b 2c 08 00 45 00");
    put16(f, static_cast<unsigned>(28 + payload.size()));
    append(f, hex("00 01 00 00 ff 11 00 00 0a 00 05 09 0a 00 05 ff"));
    put16(f, sport);
    put16(f, dport);
    put16(f, static_cast<unsigned>(8 + payload.size()));
    put16(f, 0);
    append(f, payload);
    return f;
}

// First-level encoding (RFC 1001 §14.1) of a 15-character name + suffix, as wire label.
std::vector<std::byte> nb_name(const std::string& name, unsigned suffix) {
    std::string raw = name;
    raw.resize(15, ' ');
    raw.push_back(static_cast<char>(suffix));
    std::vector<std::byte> out;
    put8(out, 32);
    for (unsigned char c : raw) {
        put8(out, 'A' + (c >> 4U));
        put8(out, 'A' + (c & 0x0FU));
    }
    put8(out, 0);
    return out;
}

std::vector<std::string> values(const Decoded& d, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

// A browser HostAnnouncement datagram with the given comment bytes (no NUL added).
struct Announcement {
    std::string comment = std::string("Samba 4.3.11-Ubuntu") + '\0';
    std::uint32_t source_ip = 0x0a000509;
    unsigned opcode = 0x01;
    std::string mailslot = "\\MAILSLOT\\BROWSE";
    int data_offset_delta = 0;
};
std::vector<std::byte> browser(const Announcement& a) {
    std::vector<std::byte> data;
    put8(data, a.opcode);
    put8(data, 1);
    append(data, hex("80 fc 0a 00"));       // periodicity
    append(data, bytes_of("NVR9"));
    data.resize(data.size() + 12);          // ServerName padding
    append(data, hex("06 01 03 10 05 00 0f 01 55 aa"));  // OS 6.1, type, config, signature
    append(data, bytes_of(a.comment));
    std::vector<std::byte> mail = bytes_of(a.mailslot);
    put8(mail, 0);
    const unsigned data_offset = 32 + 1 + 34 + 2 + static_cast<unsigned>(mail.size());
    std::vector<std::byte> smb = hex("ff 53 4d 42 25");
    smb.resize(32);
    put8(smb, 17);
    put16le(smb, 0);
    put16le(smb, static_cast<unsigned>(data.size()));
    smb.resize(smb.size() + 14);  // MaxParameterCount .. Reserved2
    put16le(smb, 0);
    put16le(smb, data_offset);
    put16le(smb, static_cast<unsigned>(data.size()));
    put16le(smb, static_cast<unsigned>(static_cast<int>(data_offset) + a.data_offset_delta));
    append(smb, hex("03 00 01 00 01 00 02 00"));
    put16le(smb, static_cast<unsigned>(mail.size() + data.size()));
    append(smb, mail);
    append(smb, data);
    std::vector<std::byte> body = nb_name("NVR9", 0x00);
    append(body, nb_name("WORKGROUP", 0x1d));
    append(body, smb);
    std::vector<std::byte> dgm = hex("11 02 80 01");
    put16(dgm, a.source_ip >> 16U);
    put16(dgm, a.source_ip);
    put16(dgm, 138);
    put16(dgm, static_cast<unsigned>(body.size()));
    put16(dgm, 0);
    append(dgm, body);
    return udp4(138, 138, dgm);
}

// An NBNS positive name query response for NVR9<00> with `n` NB_FLAGS/NB_ADDRESS pairs.
std::vector<std::byte> nb_response(unsigned n, const std::string& address_hex) {
    std::vector<std::byte> p = hex("00 42 84 00 00 00 00 01 00 00 00 00");
    append(p, nb_name("NVR9", 0x00));
    append(p, hex("00 20 00 01 00 04 93 e0"));
    put16(p, 6 * n);
    for (unsigned i = 0; i < n; ++i) {
        append(p, hex("00 00 " + address_hex));
    }
    return udp4(137, 137, p);
}

}  // namespace

TEST_CASE("NBNS query: NAME<xx> as dns_query", "[collectors][nbns]") {
    const auto d = decode_hex(fixtures::kNbnsQuery);
    CHECK(d.counter("nbns").decoded == 1);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].kind == FactKind::dns_query);
    CHECK(d.facts[0].value == "BRWC0CB383D1F42<20>");
    CHECK(d.facts[0].source == "nbns");
    CHECK(d.facts[0].subject.ip == ip("141.142.220.226"));
    CHECK(d.facts[0].subject.mac == mac("f0:4d:a2:47:ba:25"));
}

TEST_CASE("NBNS registrations: unique name -> hostname, group -> workgroup",
          "[collectors][nbns]") {
    const auto unique = decode_hex(fixtures::kNbnsRegistration);
    CHECK(unique.counter("nbns").decoded == 1);
    REQUIRE(unique.facts.size() == 1);
    CHECK(unique.facts[0].kind == FactKind::hostname);
    CHECK(unique.facts[0].value == "MDJR98");
    CHECK(unique.facts[0].subject.ip == ip("192.168.239.129"));

    const auto group = decode_hex(fixtures::kNbnsGroupRegistration);
    REQUIRE(group.facts.size() == 1);
    CHECK(group.facts[0].kind == FactKind::workgroup);
    CHECK(group.facts[0].value == "WORKGROUP");
}

TEST_CASE("NBNS node status: the name table", "[collectors][nbns]") {
    const auto d = decode_hex(fixtures::kNbnsNodeStatus);
    CHECK(d.counter("nbns").decoded == 1);
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/137"});
    CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"NVR9", "NVR9"});
    CHECK(values(d, FactKind::workgroup) == std::vector<std::string>{"WORKGROUP", "WORKGROUP"});
    CHECK(d.facts.size() == 5);  // __MSBROWSE__<01> names nothing
}

TEST_CASE("NBNS positive response: only the sender's own address claims", "[collectors][nbns]") {
    CHECK(values(decode_bytes(nb_response(1, "0a 00 05 09")), FactKind::hostname) ==
          std::vector<std::string>{"NVR9"});
    CHECK(values(decode_bytes(nb_response(1, "0a 00 05 63")), FactKind::hostname).empty());
}

TEST_CASE("NBNS limits and malformed messages", "[collectors][nbns]") {
    SECTION("more than kMaxNbAddresses pairs") {
        const auto d = decode_bytes(nb_response(kMaxNbAddresses + 2, "0a 00 05 09"));
        CHECK(d.counter("nbns").limited == 1);
        CHECK(values(d, FactKind::hostname).size() == kMaxNbAddresses);
    }
    SECTION("RDLENGTH not a multiple of 6") {
        auto b = nb_response(1, "0a 00 05 09");
        b.pop_back();
        b[b.size() - 6] = std::byte{5};  // RDLENGTH 5
        const auto d = decode_bytes(udp4(137, 137, std::vector<std::byte>(b.begin() + 42, b.end())));
        CHECK(d.counter("nbns").malformed == 1);
    }
    SECTION("more than kMaxNbstatNames table entries") {
        std::vector<std::byte> p = hex("00 42 84 00 00 00 00 01 00 00 00 00");
        append(p, nb_name("*", 0x00));
        append(p, hex("00 21 00 01 00 00 00 00"));
        constexpr unsigned kNames = 70;
        put16(p, 1 + kNames * 18);
        put8(p, kNames);
        for (unsigned i = 0; i < kNames; ++i) {
            std::string n = "HOST" + std::to_string(i);
            n.resize(15, ' ');
            append(p, bytes_of(n));
            append(p, hex("20 04 00"));  // suffix 20, unique active
        }
        const auto d = decode_bytes(udp4(137, 137, p));
        CHECK(d.counter("nbns").limited == 1);
        // 64 entries read; the sink holds 64 facts, one of them the service.
        CHECK(values(d, FactKind::hostname).size() == kMaxNbstatNames - 1);
    }
    SECTION("NUM_NAMES past RDLENGTH") {
        std::vector<std::byte> p = hex("00 42 84 00 00 00 00 01 00 00 00 00");
        append(p, nb_name("*", 0x00));
        append(p, hex("00 21 00 01 00 00 00 00 00 13 02"));
        append(p, bytes_of("NVR9           "));
        append(p, hex("00 04 00"));
        const auto d = decode_bytes(udp4(137, 137, p));
        CHECK(d.counter("nbns").malformed == 1);
        CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"NVR9"});
    }
    SECTION("a name that is not first-level encoded") {
        std::vector<std::byte> p = hex("00 01 01 10 00 01 00 00 00 00 00 00");
        auto n = nb_name("X", 0x20);
        n[3] = std::byte{'Z'};
        append(p, n);
        append(p, hex("00 20 00 01"));
        CHECK(decode_bytes(udp4(137, 137, p)).counter("nbns").malformed == 1);
    }
    SECTION("an undefined OPCODE") {
        CHECK(decode_bytes(udp4(137, 137, hex("00 01 18 00 00 00 00 00 00 00 00 00")))
                  .counter("nbns")
                  .malformed == 1);
    }
    SECTION("cut header is truncated") {
        const auto b = udp4(137, 137, hex("00 01 01"));
        CHECK(decode_bytes(b, LinkType::ethernet, static_cast<std::uint32_t>(b.size() + 9))
                  .counter("nbns")
                  .truncated == 1);
    }
}

TEST_CASE("Browser HostAnnouncement: name, OS, server types, comment", "[collectors][browser]") {
    const auto d = decode_hex(fixtures::kBrowserHostAnnouncement);
    CHECK(d.counter("browser").decoded == 1);
    for (const auto& f : d.facts) {
        CHECK(f.source == "browser");
        CHECK(f.subject.mac == mac("00:25:90:0a:1b:2c"));
        CHECK(f.subject.ip == ip("10.0.5.9"));
    }
    CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"NVR9", "NVR9"});
    CHECK(values(d, FactKind::workgroup) == std::vector<std::string>{"WORKGROUP"});
    CHECK(values(d, FactKind::os) == std::vector<std::string>{"Windows 6.1"});
    CHECK(values(d, FactKind::capability) ==
          std::vector<std::string>{"workstation", "server", "nt-workstation",
                                   "potential-browser", "master-browser"});
    CHECK(values(d, FactKind::other) ==
          std::vector<std::string>{"browser-comment=Samba 4.3.11-Ubuntu"});
    CHECK(values(d, FactKind::software) == std::vector<std::string>{"Samba 4.3.11-Ubuntu"});
}

TEST_CASE("Browser DomainAnnouncement: the workgroup", "[collectors][browser]") {
    const auto d = decode_hex(fixtures::kBrowserDomainAnnouncement);
    CHECK(d.counter("browser").decoded == 1);
    CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"NVR9"});  // source name
    CHECK(values(d, FactKind::workgroup) == std::vector<std::string>{"WORKGROUP"});
    CHECK(values(d, FactKind::os).empty());
}

TEST_CASE("Browser: relayed, other mailslots, bad DataOffset, hostile and long comments",
          "[collectors][browser]") {
    SECTION("the generated announcement matches the fixture's facts") {
        CHECK(decode_bytes(browser({})).facts.size() == decode_hex(fixtures::kBrowserHostAnnouncement).facts.size());
    }
    SECTION("SOURCE_IP not the sender's: relayed, no facts") {
        Announcement a;
        a.source_ip = 0x0a000563;
        const auto d = decode_bytes(browser(a));
        CHECK(d.counter("browser").decoded == 1);
        CHECK(d.facts.empty());
    }
    SECTION("\\MAILSLOT\\LANMAN is not read") {
        Announcement a;
        a.mailslot = "\\MAILSLOT\\LANMAN";
        const auto d = decode_bytes(browser(a));
        CHECK(d.counter("browser").unsupported == 1);
        CHECK(values(d, FactKind::os).empty());
    }
    SECTION("election requests are not read") {
        Announcement a;
        a.opcode = 0x08;
        CHECK(decode_bytes(browser(a)).counter("browser").unsupported == 1);
    }
    SECTION("DataOffset past the end: malformed, truncated when cut") {
        Announcement a;
        a.data_offset_delta = 400;
        const auto b = browser(a);
        const auto d = decode_bytes(b);
        CHECK(d.counter("browser").malformed == 1);
        CHECK(values(d, FactKind::os).empty());
        CHECK(decode_bytes(b, LinkType::ethernet, static_cast<std::uint32_t>(b.size() + 500))
                  .counter("browser")
                  .truncated == 1);
    }
    SECTION("DataOffset into the SMB words is malformed") {
        Announcement a;
        a.data_offset_delta = -40;
        CHECK(decode_bytes(browser(a)).counter("browser").malformed == 1);
    }
    SECTION("hostile comment is kept verbatim") {
        Announcement a;
        const std::string hostile = "\x01\x1b[2J=cmd|' /C calc'!A0\xff\xfe";
        a.comment = hostile + '\0';
        const auto d = decode_bytes(browser(a));
        CHECK(values(d, FactKind::other) == std::vector<std::string>{"browser-comment=" + hostile});
        CHECK(values(d, FactKind::software).empty());
    }
    SECTION("comment without NUL longer than kMaxCommentBytes is limited and capped") {
        Announcement a;
        a.comment = std::string(600, 'C');
        const auto d = decode_bytes(browser(a));
        CHECK(d.counter("browser").limited == 1);
        const auto other = values(d, FactKind::other);
        REQUIRE(other.size() == 1);
        CHECK(other[0] == "browser-comment=" + std::string(kMaxCommentBytes, 'C'));
    }
    SECTION("DGM_LENGTH past a cut capture: truncated, nothing claimed") {
        auto b = browser({});
        b[42 + 10] = std::byte{0x01};  // DGM_LENGTH high byte: 256 + the real length
        const auto d = decode_bytes(b, LinkType::ethernet, static_cast<std::uint32_t>(b.size()));
        CHECK(d.counter("browser").malformed == 1);
        CHECK(d.facts.empty());
    }
}
