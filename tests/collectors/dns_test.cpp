// DNS (RFC 1035), mDNS/DNS-SD (RFC 6762/6763) and LLMNR (RFC 4795) through the whole frame
// path: queries, answers, announcements, compression, and every named limit.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/dns.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

// The named limits of collectors/src/proto/dns/dns_message.h (not a public header).
constexpr std::size_t kMaxPointerHops = 16;
constexpr std::size_t kMaxQuestions = 16;
constexpr std::size_t kMaxTxtStrings = 32;

// Ethernet + IPv4 + UDP around `payload`; src 10.0.2.7 (MAC 00:11:22:33:44:55).
std::vector<std::byte> udp4(std::uint16_t sport, std::uint16_t dport,
                            const std::vector<std::byte>& payload,
                            const std::string& src = "10.0.2.7") {
    const auto a = ip(src);
    std::vector<std::byte> f = hex("01 00 5e 00 00 fb 00 11 22 33 44 55 08 00 45 00");
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    put16(static_cast<unsigned>(28 + payload.size()));
    put16(1);
    put16(0);
    put8(255);
    put8(17);
    put16(0);
    for (int i = 0; i < 4; ++i) {
        put8(a.octets[static_cast<std::size_t>(i)]);
    }
    for (unsigned b : {224U, 0U, 0U, 251U}) {
        put8(b);
    }
    put16(sport);
    put16(dport);
    put16(static_cast<unsigned>(8 + payload.size()));
    put16(0);
    append(f, payload);
    return f;
}

std::vector<std::byte> mdns(const std::string& payload_hex) {
    return udp4(5353, 5353, hex(payload_hex));
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

// A name as wire labels, in hex.
std::string wire_name(const std::string& dotted) {
    std::string out;
    std::size_t start = 0;
    char buf[8];
    while (start <= dotted.size()) {
        auto dot = dotted.find('.', start);
        if (dot == std::string::npos) {
            dot = dotted.size();
        }
        const auto label = dotted.substr(start, dot - start);
        if (!label.empty()) {
            std::snprintf(buf, sizeof buf, "%02x ", unsigned(label.size()));
            out += buf;
            for (unsigned char c : label) {
                std::snprintf(buf, sizeof buf, "%02x ", unsigned(c));
                out += buf;
            }
        }
        start = dot + 1;
    }
    return out + "00";
}

std::string hex16(unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02x %02x", (v >> 8U) & 0xFFU, v & 0xFFU);
    return buf;
}

}  // namespace

TEST_CASE("DNS query: the qname is a dns_query about the sender", "[collectors][dns]") {
    const auto d = decode_hex(fixtures::kDnsQuery);
    CHECK(d.result == DecodeResult::decoded);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].kind == FactKind::dns_query);
    CHECK(d.facts[0].value == "windowsupdate.microsoft.com");
    CHECK(d.facts[0].source == "dns");
    CHECK(d.facts[0].subject.mac == mac("00:11:22:33:44:55"));
    CHECK(d.facts[0].subject.has_mac);
    CHECK(d.facts[0].subject.ip == ip("192.168.1.10"));
    CHECK(d.counter("dns").decoded == 1);
    CHECK(d.counter("dns").observations == 1);
}

TEST_CASE("DNS response: server role and service, answers bind names to addresses",
          "[collectors][dns]") {
    const auto d = decode_hex(fixtures::kDnsResponse);
    REQUIRE(d.facts.size() == 3);
    CHECK(d.facts[0].kind == FactKind::role);
    CHECK(d.facts[0].value == "dns-server");
    CHECK(d.facts[0].subject.ip == ip("192.168.1.1"));
    CHECK(d.facts[1].kind == FactKind::service);
    CHECK(d.facts[1].value == "udp/53");
    CHECK(d.facts[2].kind == FactKind::dns_answer);
    CHECK(d.facts[2].value == "wu.cdn.example.net");  // the A record's owner (via a pointer)
    CHECK(d.facts[2].subject.ip == ip("93.184.216.34"));
    CHECK_FALSE(d.facts[2].subject.has_mac);
    CHECK(d.facts[2].subject.sensor == 3);
    CHECK(d.counter("dns").decoded == 1);
    CHECK(d.counter("dns").observations == 3);
}

TEST_CASE("DNS version.bind: the answering server's software", "[collectors][dns]") {
    const auto d = decode_hex(fixtures::kDnsVersionBind);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(values(d, FactKind::software) == std::vector<std::string>{"dnsmasq-2.89"});
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("4c:ae:a3:49:5d:51"));  // the server that answered
        CHECK(f.subject.ip == ip("10.10.1.5"));
    }
    CHECK(values(d, FactKind::dns_answer).empty());
}

TEST_CASE("DNS reverse PTR answers name the host at the reversed address", "[collectors][dns]") {
    const auto d = decode_hex(fixtures::kDnsReversePtr);
    CHECK(d.result == DecodeResult::decoded);
    REQUIRE(values(d, FactKind::hostname) == std::vector<std::string>{"emr-01.hosp.example"});
    for (const auto& f : d.facts) {
        if (f.kind == FactKind::hostname) {
            CHECK(f.subject.ip == ip("10.10.1.11"));  // 11.1.10.10.in-addr.arpa, not the server
            CHECK_FALSE(f.subject.has_mac);
        } else {
            CHECK(f.subject.ip == ip("10.10.1.5"));  // role and service of the server
        }
    }
}

namespace {
// A response from port 53 with one question echoed and one answer record.
std::vector<std::byte> answer(const std::string& owner, const std::string& type_class,
                              const std::string& rdata_hex) {
    const auto rdata = hex(rdata_hex);
    char len[8];
    std::snprintf(len, sizeof len, "%02x %02x", unsigned(rdata.size() >> 8U),
                  unsigned(rdata.size() & 0xFFU));
    return udp4(53, 40000,
                hex("00 01 81 80 00 01 00 01 00 00 00 00 " + wire_name(owner) + " " + type_class +
                    " c0 0c " + type_class + " 00 00 00 3c " + len + " " + rdata_hex),
                "10.10.1.5");
}
std::string text_hex(const std::string& t) {
    std::string out;
    char b[4];
    for (unsigned char c : t) {
        std::snprintf(b, sizeof b, "%02x ", unsigned(c));
        out += b;
    }
    return out;
}
}  // namespace

TEST_CASE("DNS reverse names and CHAOS TXT: what counts", "[collectors][dns]") {
    const auto hostname_of = [](const Decoded& d) {
        for (const auto& f : d.facts) {
            if (f.kind == FactKind::hostname) {
                return f.subject.ip.to_string() + "=" + f.value;
            }
        }
        return std::string();
    };
    const std::string ptr = "00 0c 00 01";
    const std::string target = wire_name("pacs.hosp.example");
    // IPv6: 32 nibbles, least significant first, any case.
    const std::string v6 =
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6.arpa";
    CHECK(hostname_of(decode_bytes(answer(v6, ptr, target))) == "2001:db8::1=pacs.hosp.example");
    CHECK(hostname_of(decode_bytes(answer("7.0.0.10.IN-ADDR.ARPA", ptr, target))) ==
          "10.0.0.7=pacs.hosp.example");
    // Not one address: a network's name, an RFC 2317 delegation, bad octets, short ip6 names.
    for (const char* owner : {"0.10.in-addr.arpa", "0/25.1.0.10.in-addr.arpa",
                              "256.0.0.10.in-addr.arpa", "07.0.0.10.in-addr.arpa",
                              "1.7.0.0.10.in-addr.arpa", "x.0.0.10.in-addr.arpa",
                              "1.0.0.2.ip6.arpa", "10.0.0.7.example"}) {
        INFO(owner);
        const auto d = decode_bytes(answer(owner, ptr, target));
        CHECK(d.counter("dns").decoded == 1);
        CHECK(hostname_of(d).empty());
    }
    // A PTR whose target runs past RDLENGTH is malformed, with no hostname.
    const auto bad = decode_bytes(answer("7.0.0.10.in-addr.arpa", ptr, "05 61 62"));
    CHECK(bad.counter("dns").malformed == 1);
    CHECK(hostname_of(bad).empty());
    // version.bind only in class CH and only as TXT; version.server too.
    const std::string txt = "03 39 2e 39";  // "9.9"
    CHECK(values(decode_bytes(answer("version.server", "00 10 00 03", txt)), FactKind::software) ==
          std::vector<std::string>{"9.9"});
    CHECK(values(decode_bytes(answer("version.bind", "00 10 00 01", txt)), FactKind::software)
              .empty());
    CHECK(values(decode_bytes(answer("hostname.bind", "00 10 00 03", txt)), FactKind::software)
              .empty());
    const auto cut_txt = decode_bytes(answer("version.bind", "00 10 00 03", "09 61"));
    CHECK(cut_txt.counter("dns").malformed == 1);
    // Hostile text is kept as seen.
    const std::string formula = "=cmd|' /C calc'!A0\x1b";
    char len[4];
    std::snprintf(len, sizeof len, "%02x ", unsigned(formula.size()));
    CHECK(values(decode_bytes(answer("VERSION.BIND", "00 10 00 03",
                                     std::string(len) + text_hex(formula))),
                 FactKind::software) == std::vector<std::string>{formula});
}

TEST_CASE("DNS header: short, cut, other opcodes, error answers", "[collectors][dns]") {
    SECTION("header shorter than 12 bytes is malformed, or truncated when cut") {
        const auto short_msg = udp4(51000, 53, hex("12 34 01 00 00"));
        CHECK(decode_bytes(short_msg).counter("dns").malformed == 1);
        const auto cut = decode_bytes(short_msg, daicho::collectors::LinkType::ethernet,
                                      static_cast<std::uint32_t>(short_msg.size() + 7));
        CHECK(cut.counter("dns").truncated == 1);
    }
    SECTION("OPCODE UPDATE is not read") {
        const auto d = decode_bytes(udp4(51000, 53, hex("12 34 28 00 00 01 00 00 00 00 00 00")));
        CHECK(d.counter("dns").unsupported == 1);
        CHECK(d.facts.empty());
    }
    SECTION("NXDOMAIN keeps the server role, no answers read") {
        const auto d = decode_bytes(udp4(53, 51000, hex("12 34 81 83 00 00 00 01 00 00 00 00"
                                                        "01 61 00 00 01 00 01 00 00 00 3c 00 04"
                                                        "01 02 03 04")));
        CHECK(d.counter("dns").decoded == 1);
        CHECK(values(d, FactKind::role) == std::vector<std::string>{"dns-server"});
        CHECK(values(d, FactKind::dns_answer).empty());
    }
}

TEST_CASE("DNS compression: loops, forward pointers, hop limit", "[collectors][dns]") {
    SECTION("a pointer to itself is malformed") {
        const auto d = decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00"
                                                        "c0 0c  # pointer to offset 12: itself\n"
                                                        "00 01 00 01")));
        CHECK(d.counter("dns").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a two-pointer loop is malformed") {
        const auto d = decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00"
                                                        "01 61 c0 10  # 'a', pointer to 16\n"
                                                        "c0 0c        # offset 16: back to 12\n"
                                                        "00 01 00 01")));
        CHECK(d.counter("dns").malformed == 1);
    }
    SECTION("a forward pointer is malformed (RFC 1035 §4.1.4: a prior occurrence)") {
        const auto d = decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00"
                                                        "c0 12 00 01 00 01 01 61 00")));
        CHECK(d.counter("dns").malformed == 1);
    }
    SECTION("more than kMaxPointerHops pointers in one name is limited, facts kept") {
        // Record 0 owns "host.example"; record k's owner points at record k-1's owner.
        constexpr unsigned kRecords = 20;
        std::string msg = "12 34 81 80 00 00 " + hex16(kRecords) + " 00 00 00 00 ";
        msg += wire_name("host.example") + " 00 01 00 01 00 00 00 3c 00 04 0a 00 00 01 ";
        unsigned prev = 12;
        unsigned at = 12 + 14 + 14;
        for (unsigned k = 1; k < kRecords; ++k) {
            msg += hex16(0xC000U | prev) + " 00 01 00 01 00 00 00 3c 00 04 0a 00 00 " +
                   hex16(k).substr(3) + " ";
            prev = at;
            at += 16;
        }
        const auto d = decode_bytes(udp4(53, 51000, hex(msg)));
        CHECK(d.counter("dns").limited == 1);
        const auto answers = values(d, FactKind::dns_answer);
        CHECK(answers.size() == kMaxPointerHops + 1);
        CHECK(std::all_of(answers.begin(), answers.end(),
                          [](const std::string& v) { return v == "host.example"; }));
    }
}

TEST_CASE("DNS names: label and name length rules", "[collectors][dns]") {
    SECTION("label type 01 (0x40) is malformed") {
        const auto d = decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00"
                                                        "41 61 00 00 01 00 01")));
        CHECK(d.counter("dns").malformed == 1);
    }
    SECTION("a name over 255 octets is malformed") {
        const std::string l63(63, 'a');
        const std::string name = l63 + "." + l63 + "." + l63 + "." + l63 + ".b";
        const auto d =
            decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00 " +
                                             wire_name(name) + " 00 01 00 01")));
        CHECK(d.counter("dns").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a 253-character name is read whole") {
        const std::string l63(63, 'a');
        const std::string name = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'c');
        const auto d =
            decode_bytes(udp4(51000, 53, hex("12 34 01 00 00 01 00 00 00 00 00 00 " +
                                             wire_name(name) + " 00 01 00 01")));
        CHECK(d.counter("dns").decoded == 1);
        CHECK(values(d, FactKind::dns_query) == std::vector<std::string>{name});
    }
}

TEST_CASE("mDNS announcement: hostname, service instances, identity TXT keys",
          "[collectors][mdns]") {
    const auto d = decode_hex(fixtures::kMdnsAnnouncement);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("mdns").decoded == 1);
    for (const auto& f : d.facts) {
        CHECK(f.source == "mdns");
        CHECK(f.subject.mac == mac("8a:3c:d6:e1:4d:c4"));
    }
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/5353"});
    // The name as announced: ".local" says it is a link-local name (RFC 6762 §3).
    CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"lab-printer.local"});
    CHECK(values(d, FactKind::service_instance) ==
          std::vector<std::string>{"_ipp._tcp.local", "Lab Printer._ipp._tcp.local",
                                   "Lab Printer._ipp._tcp.local"});
    CHECK(values(d, FactKind::txt_record) ==
          std::vector<std::string>{"ty=HP LaserJet 400 M401dn", "product=(HP LaserJet 400)"});
    CHECK(d.facts.size() == 7);
}

TEST_CASE("mDNS query: what it browses; known answers are not about the sender",
          "[collectors][mdns]") {
    const auto d = decode_hex(fixtures::kMdnsQuery);
    CHECK(d.counter("mdns").decoded == 1);
    CHECK(values(d, FactKind::dns_query) ==
          std::vector<std::string>{"_ipp._tcp.local", "_ipps._tcp.local"});
    CHECK(d.facts.size() == 2);
}

TEST_CASE("mDNS over IPv6: AAAA equal to the sender names the host", "[collectors][mdns]") {
    const auto d = decode_hex(fixtures::kMdnsAaaa);
    CHECK(values(d, FactKind::hostname) ==
          std::vector<std::string>{"johanna-QEMU-Virtual-Machine.local"});
    CHECK(d.facts.back().subject.ip == ip("fe80::883c:d6ff:fee1:4dc4"));
}

TEST_CASE("mDNS: records for other addresses, reverse PTRs, probes", "[collectors][mdns]") {
    SECTION("A for another address names nothing") {
        const auto d = decode_bytes(mdns("00 00 84 00 00 00 00 01 00 00 00 00" +
                                         wire_name("other.local") +
                                         "00 01 80 01 00 00 00 78 00 04 0a 00 02 63"));
        CHECK(values(d, FactKind::hostname).empty());
    }
    SECTION("reverse-mapping PTR is not a service instance") {
        const auto d = decode_bytes(mdns("00 00 84 00 00 00 00 01 00 00 00 00" +
                                         wire_name("7.2.0.10.in-addr.arpa") +
                                         "00 0c 80 01 00 00 00 78 00 0d" +
                                         wire_name("lab-printer.local")));
        CHECK(d.counter("mdns").decoded == 1);
        CHECK(values(d, FactKind::service_instance).empty());
    }
    SECTION("a probe's authority records speak for the sender (RFC 6762 §8.1)") {
        const auto d = decode_bytes(mdns("00 00 00 00 00 01 00 00 00 01 00 00" +
                                         wire_name("lab-printer.local") +
                                         "00 ff 00 01  # ANY\n"
                                         "c0 0c 00 01 00 01 00 00 00 78 00 04 0a 00 02 07"));
        CHECK(values(d, FactKind::dns_query) == std::vector<std::string>{"lab-printer.local"});
        CHECK(values(d, FactKind::hostname) == std::vector<std::string>{"lab-printer.local"});
    }
    SECTION("OPCODE other than 0 is ignored (RFC 6762 §18.3)") {
        const auto d = decode_bytes(mdns("00 00 a0 00 00 00 00 00 00 00 00 00"));
        CHECK(d.counter("mdns").unsupported == 1);
    }
}

TEST_CASE("mDNS lengths: RDLENGTH past the end, bad TXT, bad SRV", "[collectors][mdns]") {
    const std::string head = "00 00 84 00 00 00 00 01 00 00 00 00" + wire_name("x.local");
    SECTION("RDLENGTH past the end: malformed, truncated when cut") {
        const auto b = mdns(head + "00 10 00 01 00 00 00 78 00 20 05 6d 6f 64 65 6c");
        CHECK(decode_bytes(b).counter("mdns").malformed == 1);
        const auto cut = decode_bytes(b, daicho::collectors::LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 20));
        CHECK(cut.counter("mdns").truncated == 1);
    }
    SECTION("TXT string longer than RDLENGTH is malformed, earlier strings kept") {
        const auto d = decode_bytes(mdns(head + "00 10 00 01 00 00 00 78 00 0a"
                                                "07 6d 6f 64 65 6c 3d 58  # model=X\n"
                                                "09 61               # 9 bytes claimed, 1 left\n"));
        CHECK(d.counter("mdns").malformed == 1);
        CHECK(values(d, FactKind::txt_record) == std::vector<std::string>{"model=X"});
    }
    SECTION("A with RDLENGTH 5 is no address") {
        const auto d = decode_bytes(mdns(head + "00 01 00 01 00 00 00 78 00 05 0a 00 02 07 00"));
        CHECK(d.counter("mdns").decoded == 1);
        CHECK(values(d, FactKind::hostname).empty());
    }
    SECTION("SRV shorter than its fixed fields is malformed") {
        const auto d = decode_bytes(mdns(head + "00 21 00 01 00 00 00 78 00 03 00 00 00"));
        CHECK(d.counter("mdns").malformed == 1);
    }
}

TEST_CASE("mDNS named limits: questions, records, TXT strings", "[collectors][mdns]") {
    SECTION("more than kMaxQuestions questions") {
        std::string msg = "00 00 00 00 " + hex16(20) + " 00 00 00 00 00 00";
        for (int i = 0; i < 20; ++i) {
            msg += wire_name("q" + std::to_string(i) + ".local") + " 00 0c 00 01";
        }
        const auto d = decode_bytes(mdns(msg));
        CHECK(d.counter("mdns").limited == 1);
        CHECK(values(d, FactKind::dns_query).size() == kMaxQuestions);
    }
    SECTION("more than kMaxRecords records") {
        std::string msg = "00 00 84 00 00 00 " + hex16(70) + " 00 00 00 00";
        for (int i = 0; i < 70; ++i) {
            msg += wire_name("h" + std::to_string(i) + ".local") +
                   " 00 01 00 01 00 00 00 78 00 04 0a 00 02 07";
        }
        const auto d = decode_bytes(mdns(msg));
        CHECK(d.counter("mdns").limited == 1);
        // 64 records read; the sink keeps its own cap of 64 facts (service + 63 hostnames).
        CHECK(values(d, FactKind::hostname).size() == 63);
    }
    SECTION("more than kMaxTxtStrings strings in one TXT") {
        std::string txt;
        for (int i = 0; i < 40; ++i) {
            txt += " 04 61 6d 3d 58";  // am=X
        }
        const auto d = decode_bytes(mdns("00 00 84 00 00 00 00 01 00 00 00 00" +
                                         wire_name("x.local") + " 00 10 00 01 00 00 00 78 " +
                                         hex16(40 * 5) + txt));
        CHECK(d.counter("mdns").limited == 1);
        CHECK(values(d, FactKind::txt_record).size() == kMaxTxtStrings);
    }
}

TEST_CASE("mDNS hostile strings are kept verbatim", "[collectors][mdns]") {
    const std::string formula = "=cmd|' /C calc'!A0";
    std::string label_hex;
    char buf[4];
    const std::string label = "\x01\x1b[31m" + formula + "\xff\xfe";
    for (unsigned char c : label) {
        std::snprintf(buf, sizeof buf, "%02x ", unsigned(c));
        label_hex += buf;
    }
    std::snprintf(buf, sizeof buf, "%02x ", unsigned(label.size()));
    const auto d = decode_bytes(mdns("00 00 84 00 00 00 00 01 00 00 00 00 " + std::string(buf) +
                                     label_hex + " 05 6c 6f 63 61 6c 00"
                                                 "00 01 80 01 00 00 00 78 00 04 0a 00 02 07"));
    CHECK(values(d, FactKind::hostname) == std::vector<std::string>{label + ".local"});
}

TEST_CASE("LLMNR query and response", "[collectors][llmnr]") {
    SECTION("query: dns_query about the asker") {
        const auto d = decode_hex(fixtures::kLlmnrQuery);
        CHECK(d.counter("llmnr").decoded == 1);
        REQUIRE(d.facts.size() == 1);
        CHECK(d.facts[0].kind == FactKind::dns_query);
        CHECK(d.facts[0].value == "BRIGHTSPEED01");
        CHECK(d.facts[0].subject.ip == ip("10.40.2.10"));
    }
    SECTION("response with the responder's own address: hostname + dns_answer") {
        const auto d = decode_hex(fixtures::kLlmnrResponse);
        CHECK(d.counter("llmnr").decoded == 1);
        REQUIRE(d.facts.size() == 3);
        CHECK(d.facts[0].kind == FactKind::service);
        CHECK(d.facts[0].value == "udp/5355");
        CHECK(d.facts[1].kind == FactKind::dns_answer);
        CHECK(d.facts[1].value == "BRIGHTSPEED01");
        CHECK(d.facts[1].subject.ip == ip("10.40.2.20"));
        CHECK_FALSE(d.facts[1].subject.has_mac);
        CHECK(d.facts[2].kind == FactKind::hostname);
        CHECK(d.facts[2].value == "BRIGHTSPEED01");
        CHECK(d.facts[2].subject.mac == mac("00:10:18:aa:bb:01"));
    }
    SECTION("response for another address: dns_answer only") {
        const auto d = decode_bytes(udp4(5355, 50000,
                                         hex("5a 5a 80 00 00 01 00 01 00 00 00 00 " +
                                             wire_name("PACS") + " 00 01 00 01 c0 0c"
                                                                 "00 01 00 01 00 00 00 1e 00 04"
                                                                 "0a 28 02 0a"),
                                         "10.40.2.99"));
        CHECK(values(d, FactKind::hostname).empty());
        CHECK(values(d, FactKind::dns_answer) == std::vector<std::string>{"PACS"});
    }
}
