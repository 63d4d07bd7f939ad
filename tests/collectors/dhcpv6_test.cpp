// DHCPv6 (RFC 8415, RFC 4704, RFC 6939): client identity facts, server/relay roles, Reply
// bindings to the destination MAC, relay nesting, limits and hostile values, via FrameDecoder.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/dhcpv6.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {

std::string byte_hex(unsigned v) {
    char b[4];
    std::snprintf(b, sizeof b, "%02x ", v & 0xFFU);
    return b;
}
std::string be16(unsigned v) { return byte_hex(v >> 8U) + byte_hex(v); }
std::string text_hex(const std::string& t) {
    std::string s;
    for (unsigned char c : t) {
        s += byte_hex(c);
    }
    return s;
}
// option-code, option-len, option-data (RFC 8415 §21.1).
std::string opt(unsigned code, const std::string& body_hex) {
    return be16(code) + be16(static_cast<unsigned>(hex(body_hex).size())) + body_hex;
}

const std::string kClientLl = "fe 80 00 00 00 00 00 00 0a 00 27 ff fe e6 e5 59";
const std::string kServerLl = "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01";
const std::string kAllServers = "ff 02 00 00 00 00 00 00 00 00 00 00 00 01 00 02";
const std::string kClientMac = "08 00 27 e6 e5 59";
const std::string kServerMac = "00 aa bb cc dd 01";

struct Udp6 {
    std::string dst_mac = "33 33 00 01 00 02";
    std::string src_mac = kClientMac;
    std::string src = kClientLl;
    std::string dst = kAllServers;
    unsigned sport = 546;
    unsigned dport = 547;
};
Udp6 to_client() {
    Udp6 u;
    u.dst_mac = kClientMac;
    u.src_mac = kServerMac;
    u.src = kServerLl;
    u.dst = kClientLl;
    u.sport = 547;
    u.dport = 546;
    return u;
}

std::vector<std::byte> frame6(const std::string& payload_hex, const Udp6& u = {}) {
    const auto payload = hex(payload_hex);
    const auto len = static_cast<unsigned>(payload.size() + 8);
    auto f = hex(u.dst_mac + " " + u.src_mac + " 86 dd 60 00 00 00 " + be16(len) + " 11 01 " +
                 u.src + " " + u.dst + " " + be16(u.sport) + be16(u.dport) + be16(len) + "00 00");
    append(f, payload);
    return f;
}

const Fact* find(const Decoded& d, FactKind kind, const std::string& value = {}) {
    for (const auto& f : d.facts) {
        if (f.kind == kind && (value.empty() || f.value == value)) {
            return &f;
        }
    }
    return nullptr;
}
std::size_t count(const Decoded& d, FactKind kind) {
    return static_cast<std::size_t>(
        std::count_if(d.facts.begin(), d.facts.end(), [&](const Fact& f) { return f.kind == kind; }));
}

std::string iaaddr(const std::string& addr, unsigned valid) {
    return opt(5, addr + " 00 00 0e 10 " + be16(valid >> 16U) + be16(valid & 0xFFFFU));
}
const std::string kGlobal100 = "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 01 00";
const std::string kSolicit = "01 aa bb cc ";
const std::string kReply = "07 aa bb cc ";

}  // namespace

TEST_CASE("DHCPv6 Solicit: the client's identity, about the sender", "[collectors][dhcpv6]") {
    const auto d = decode_hex(fixtures::kDhcpv6Solicit);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("dhcpv6").decoded == 1);
    CHECK(d.counter("dhcpv6").observations == d.facts.size());
    for (const auto& f : d.facts) {
        CHECK(f.source == "dhcpv6");
        CHECK(f.subject.mac == mac("08:00:27:e6:e5:59"));
        CHECK(f.subject.has_mac);
        CHECK(f.subject.ip == ip("fe80::a00:27ff:fee6:e559"));
    }
    CHECK(find(d, FactKind::client_id, "00:01:00:01:2a:3b:4c:5d:08:00:27:e6:e5:59"));
    CHECK(find(d, FactKind::hostname, "MSEDGEWIN10"));
    CHECK(find(d, FactKind::domain_name, "corp.example"));
    CHECK(find(d, FactKind::vendor_class, "311:MSFT 5.0"));
    CHECK(find(d, FactKind::os, "Windows"));  // Microsoft's class: the Windows family
    CHECK(find(d, FactKind::other, "dhcpv6-user-class=ward"));
    CHECK(find(d, FactKind::dhcp_fingerprint, "17,23,24,39"));
    CHECK(d.facts.size() == 7);
}

TEST_CASE("DHCPv6 Reply: server role and IA_NA bindings to the destination MAC",
          "[collectors][dhcpv6]") {
    const auto d = decode_hex(fixtures::kDhcpv6Reply);
    CHECK(d.result == DecodeResult::decoded);
    const auto* role = find(d, FactKind::role, "dhcpv6-server");
    REQUIRE(role);
    CHECK(role->subject.mac == mac("00:aa:bb:cc:dd:01"));
    CHECK(role->subject.ip == ip("fe80::1"));
    CHECK(find(d, FactKind::service, "udp/547"));
    REQUIRE(count(d, FactKind::ip_address) == 1);  // the valid-lifetime-0 address is withdrawn
    const auto* bound = find(d, FactKind::ip_address);
    CHECK(bound->subject.mac == mac("08:00:27:e6:e5:59"));
    CHECK(bound->subject.ip == ip("2001:db8::100"));
    CHECK(bound->subject.has_mac);
    CHECK(d.facts.size() == 3);  // the client id in a Reply is not about the sender
}

TEST_CASE("DHCPv6 Relay-forward: relay role; the client by peer-address and RFC 6939 MAC",
          "[collectors][dhcpv6]") {
    const auto d = decode_hex(fixtures::kDhcpv6RelayForward);
    CHECK(d.result == DecodeResult::decoded);
    const auto* relay = find(d, FactKind::role, "dhcpv6-relay");
    REQUIRE(relay);
    CHECK(relay->subject.mac == mac("00:aa:bb:cc:dd:20"));
    const auto* host = find(d, FactKind::hostname, "pump-12");  // a partial name (RFC 4704)
    REQUIRE(host);
    CHECK(host->subject.mac == mac("00:11:22:33:44:77"));
    CHECK(host->subject.has_mac);
    CHECK(host->subject.ip == ip("fe80::211:22ff:fe33:4477"));
    CHECK(host->subject.vlan == 0);
    CHECK(find(d, FactKind::client_id, "00:03:00:01:00:11:22:33:44:77"));
    CHECK(find(d, FactKind::dhcp_fingerprint, "23,24"));
    CHECK(count(d, FactKind::domain_name) == 0);
    CHECK(d.facts.size() == 4);
}

TEST_CASE("DHCPv6 Relay-forward without RFC 6939: the MAC an EUI-64 peer-address embeds",
          "[collectors][dhcpv6]") {
    const std::string solicit = kSolicit + opt(1, "00 01 00 01 2c 3d 4e 5f 08 00 27 e6 e5 59") +
                                opt(39, "00 07 77 61 72 64 2d 70 63");  // FQDN "ward-pc"
    SECTION("fe80::a00:27ff:fee6:e559 is 08:00:27:e6:e5:59 (U/L bit inverted back)") {
        const std::string relay =
            "0c 00 " + kGlobal100 + " " + kClientLl + " " + opt(9, solicit);
        const auto d = decode_bytes(frame6(relay, Udp6{.src_mac = "00 aa bb cc dd 20"}));
        CHECK(d.result == DecodeResult::decoded);
        const auto* host = find(d, FactKind::hostname, "ward-pc");
        REQUIRE(host);
        CHECK(host->subject.has_mac);
        CHECK(host->subject.mac == mac("08:00:27:e6:e5:59"));
        CHECK(host->subject.ip == ip("fe80::a00:27ff:fee6:e559"));
        // The relay keeps its own facts.
        REQUIRE(find(d, FactKind::role, "dhcpv6-relay"));
        CHECK(find(d, FactKind::role, "dhcpv6-relay")->subject.mac == mac("00:aa:bb:cc:dd:20"));
    }
    SECTION("a random interface identifier names no MAC: the client stays an address") {
        const std::string random_ll = "fe 80 00 00 00 00 00 00 3c 41 9a 07 b2 55 e0 11";
        const std::string relay = "0c 00 " + kGlobal100 + " " + random_ll + " " + opt(9, solicit);
        const auto d = decode_bytes(frame6(relay, Udp6{.src_mac = "00 aa bb cc dd 20"}));
        const auto* host = find(d, FactKind::hostname, "ward-pc");
        REQUIRE(host);
        CHECK_FALSE(host->subject.has_mac);
        CHECK(host->subject.ip == ip("fe80::3c41:9a07:b255:e011"));
    }
    SECTION("an EUI-64 identifier of a group MAC names nothing") {
        const std::string group_ll = "fe 80 00 00 00 00 00 00 03 00 5e ff fe 00 00 01";
        const std::string relay = "0c 00 " + kGlobal100 + " " + group_ll + " " + opt(9, solicit);
        const auto d = decode_bytes(frame6(relay, Udp6{.src_mac = "00 aa bb cc dd 20"}));
        const auto* host = find(d, FactKind::hostname, "ward-pc");
        REQUIRE(host);
        CHECK_FALSE(host->subject.has_mac);
    }
}

TEST_CASE("DHCPv6 relayed and multicast Replies bind nothing", "[collectors][dhcpv6]") {
    const std::string reply = kReply + opt(3, "00 00 00 01 00 00 00 00 00 00 00 00 " +
                                                  iaaddr(kGlobal100, 7200));
    SECTION("Relay-reply carrying a Reply") {
        const std::string relay = "0d 00 " + kGlobal100 + " " + kClientLl + " " + opt(9, reply);
        auto u = to_client();
        u.sport = 547;
        u.dport = 547;
        const auto d = decode_bytes(frame6(relay, u));
        CHECK(d.counter("dhcpv6").decoded == 1);
        CHECK(count(d, FactKind::ip_address) == 0);
        CHECK(find(d, FactKind::role, "dhcpv6-server"));
        CHECK(count(d, FactKind::role) == 1);  // the inner Reply adds no role
    }
    SECTION("Reply to a multicast MAC") {
        auto u = to_client();
        u.dst_mac = "33 33 00 00 00 01";
        const auto d = decode_bytes(frame6(reply, u));
        CHECK(count(d, FactKind::ip_address) == 0);
        CHECK(count(d, FactKind::role) == 1);
    }
    SECTION("Advertise does not bind") {
        const auto d = decode_bytes(frame6("02" + reply.substr(2), to_client()));
        CHECK(count(d, FactKind::ip_address) == 0);
        CHECK(count(d, FactKind::role) == 1);
    }
    SECTION("Relay-forward without a Relay Message option") {
        const std::string relay = "0c 00 " + kGlobal100 + " " + kClientLl + " " + opt(18, "01");
        const auto d = decode_bytes(frame6(relay));
        CHECK(d.counter("dhcpv6").malformed == 1);
    }
}

TEST_CASE("DHCPv6 vendor class: MSFT 5.0 names Windows only under Microsoft's number",
          "[collectors][dhcpv6]") {
    const std::string msft = "4d 53 46 54 20 35 2e 30";  // "MSFT 5.0"
    const auto microsoft = decode_bytes(frame6(kSolicit + opt(16, "00 00 01 37 00 08 " + msft)));
    CHECK(find(microsoft, FactKind::os, "Windows"));
    const auto other = decode_bytes(frame6(kSolicit + opt(16, "00 00 00 09 00 08 " + msft)));
    CHECK(find(other, FactKind::vendor_class, "9:MSFT 5.0"));
    CHECK_FALSE(find(other, FactKind::os));
}

TEST_CASE("DHCPv6 MUD URL (option 112, RFC 8520 §9)", "[collectors][dhcpv6]") {
    // "https://m.example/x"
    const std::string url = "68 74 74 70 73 3a 2f 2f 6d 2e 65 78 61 6d 70 6c 65 2f 78";
    const auto d = decode_bytes(frame6(kSolicit + opt(112, url)));
    CHECK(find(d, FactKind::mud_url, "https://m.example/x"));
    const auto empty = decode_bytes(frame6(kSolicit + opt(112, "")));
    CHECK(empty.counter("dhcpv6").malformed == 1);
    CHECK_FALSE(find(empty, FactKind::mud_url));
}

TEST_CASE("DHCPv6 malformed and unsupported input", "[collectors][dhcpv6]") {
    SECTION("option length past the end") {
        const auto b = frame6(kSolicit + opt(16, "00 00 01 37 00 02 61 62") + "00 27 00 30 00");
        const auto d = decode_bytes(b);
        CHECK(d.counter("dhcpv6").malformed == 1);
        CHECK(find(d, FactKind::vendor_class, "311:ab"));
        const auto cut = decode_bytes(b, LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 40));
        CHECK(cut.counter("dhcpv6").truncated == 1);
    }
    SECTION("cut at an option boundary is truncated") {
        const auto b = frame6(kSolicit + opt(1, "00 03 00 01 00 11 22 33 44 55"));
        const auto cut = decode_bytes(b, LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 40));
        CHECK(cut.counter("dhcpv6").truncated == 1);
        CHECK(count(cut, FactKind::client_id) == 1);
    }
    SECTION("header shorter than 4 bytes") {
        CHECK(decode_bytes(frame6("01 aa")).counter("dhcpv6").malformed == 1);
        CHECK(decode_bytes(frame6("0c 00 20 01")).counter("dhcpv6").malformed == 1);
    }
    SECTION("message types this decoder does not read") {
        CHECK(decode_bytes(frame6("14 00 00 00")).counter("dhcpv6").unsupported == 1);
        CHECK(decode_bytes(frame6("00 00 00 00")).counter("dhcpv6").unsupported == 1);
    }
    SECTION("bad option bodies: the option yields nothing, the others count") {
        for (const auto& bad : {opt(6, "00 17 00"), opt(39, ""), opt(39, "00 03 61 62 63 c0 0c"),
                                opt(16, "00 00 01 37 00 09 61"), opt(15, "00 05 61"),
                                opt(1, "")}) {
            const auto d = decode_bytes(frame6(kSolicit + bad + opt(16, "00 00 01 37 00 01 78")));
            INFO(bad);
            CHECK(d.counter("dhcpv6").malformed == 1);
            CHECK(count(d, FactKind::vendor_class) == 1);
        }
    }
    SECTION("IA_NA and IAADDR too short") {
        for (const auto& ia : {opt(3, "00 00 00 01"),
                               opt(3, "00 00 00 01 00 00 00 00 00 00 00 00 " +
                                          opt(5, kGlobal100))}) {
            const auto d = decode_bytes(frame6(kReply + ia, to_client()));
            INFO(ia);
            CHECK(d.counter("dhcpv6").malformed == 1);
            CHECK(count(d, FactKind::ip_address) == 0);
        }
    }
    SECTION("RFC 6939 option with another hardware type: ip-only client") {
        const std::string inner = kSolicit + opt(39, "00 02 70 63 00");
        const std::string relay = "0c 00 " + kGlobal100 + " " + kClientLl + " " +
                                  opt(79, "00 06 00 11 22 33 44 77") + opt(9, inner);
        const auto d = decode_bytes(frame6(relay));
        const auto* h = find(d, FactKind::hostname, "pc");
        REQUIRE(h);
        CHECK_FALSE(h->subject.has_mac);
        CHECK(h->subject.ip == ip("fe80::a00:27ff:fee6:e559"));
    }
}

TEST_CASE("DHCPv6 named limits", "[collectors][dhcpv6]") {
    // The named limits of collectors/src/proto/dhcpv6/dhcpv6.h (a private header).
    constexpr std::size_t kMaxDhcpv6Options = 64;
    constexpr std::size_t kMaxRelayDepth = 8;
    constexpr std::size_t kMaxIaOptions = 16;
    constexpr std::size_t kMaxOroCodes = 64;
    constexpr std::size_t kMaxClassItems = 8;
    constexpr std::size_t kMaxFqdnLabels = 32;
    SECTION("kMaxDhcpv6Options") {
        std::string opts = opt(39, "00 02 70 63 00");
        for (std::size_t i = 0; i < kMaxDhcpv6Options; ++i) {
            opts += opt(8, "00 00");
        }
        const auto d = decode_bytes(frame6(kSolicit + opts));
        CHECK(d.counter("dhcpv6").limited == 1);
        CHECK(find(d, FactKind::hostname, "pc"));
    }
    SECTION("kMaxRelayDepth") {
        std::string msg = kSolicit + opt(39, "00 02 70 63 00");
        for (std::size_t i = 0; i < kMaxRelayDepth + 1; ++i) {
            msg = "0c 00 " + kGlobal100 + " " + kClientLl + " " + opt(9, msg);
        }
        const auto d = decode_bytes(frame6(msg));
        CHECK(d.counter("dhcpv6").limited == 1);
        CHECK(count(d, FactKind::hostname) == 0);
        CHECK(find(d, FactKind::role, "dhcpv6-relay"));
        std::string fits = kSolicit + opt(39, "00 02 70 63 00");
        for (std::size_t i = 0; i < kMaxRelayDepth; ++i) {
            fits = "0c 00 " + kGlobal100 + " " + kClientLl + " " + opt(9, fits);
        }
        const auto ok = decode_bytes(frame6(fits));
        CHECK(ok.counter("dhcpv6").decoded == 1);
        CHECK(find(ok, FactKind::hostname, "pc"));
    }
    SECTION("kMaxIaOptions") {
        std::string ia = "00 00 00 01 00 00 00 00 00 00 00 00 " + iaaddr(kGlobal100, 7200);
        for (std::size_t i = 0; i < kMaxIaOptions; ++i) {
            ia += opt(13, "00 00");  // status code
        }
        const auto d = decode_bytes(frame6(kReply + opt(3, ia), to_client()));
        CHECK(d.counter("dhcpv6").limited == 1);
        CHECK(count(d, FactKind::ip_address) == 1);
    }
    SECTION("kMaxOroCodes keeps the first codes") {
        std::string codes;
        for (std::size_t i = 0; i <= kMaxOroCodes; ++i) {
            codes += be16(static_cast<unsigned>(i + 1));
        }
        const auto d = decode_bytes(frame6(kSolicit + opt(6, codes)));
        CHECK(d.counter("dhcpv6").limited == 1);
        const auto* f = find(d, FactKind::dhcp_fingerprint);
        REQUIRE(f);
        std::string want;
        for (std::size_t i = 1; i <= kMaxOroCodes; ++i) {
            want += (i == 1 ? "" : ",") + std::to_string(i);
        }
        CHECK(f->value == want);
    }
    SECTION("kMaxClassItems") {
        std::string items;
        for (std::size_t i = 0; i <= kMaxClassItems; ++i) {
            items += "00 01 " + byte_hex(static_cast<unsigned>('a' + i));
        }
        const auto d = decode_bytes(frame6(kSolicit + opt(15, items)));
        CHECK(d.counter("dhcpv6").limited == 1);
        CHECK(count(d, FactKind::other) == kMaxClassItems);
    }
    SECTION("kMaxFqdnLabels") {
        std::string name;
        for (std::size_t i = 0; i <= kMaxFqdnLabels; ++i) {
            name += "01 62 ";
        }
        const auto d = decode_bytes(frame6(kSolicit + opt(39, "00 " + name + "00")));
        CHECK(d.counter("dhcpv6").limited == 1);
        CHECK(find(d, FactKind::hostname, "b"));
    }
}

TEST_CASE("DHCPv6 hostile strings stay verbatim; over-long values are capped",
          "[collectors][dhcpv6]") {
    SECTION("vendor class with control bytes and a formula prefix") {
        const auto d = decode_bytes(frame6(
            kSolicit + opt(16, "00 00 01 37 00 16 " + text_hex("=cmd|' /C calc'!A0") +
                                   "1b 5b 30 6d")));
        CHECK(find(d, FactKind::vendor_class, "311:=cmd|' /C calc'!A0\x1b[0m"));
    }
    SECTION("FQDN label with invalid UTF-8 and control bytes") {
        const auto d = decode_bytes(frame6(kSolicit + opt(39, "00 04 ff fe 0a 41 00")));
        CHECK(find(d, FactKind::hostname, "\xff\xfe\nA"));
    }
    SECTION("non-printable user class yields nothing") {
        const auto d = decode_bytes(frame6(kSolicit + opt(15, "00 02 01 02")));
        CHECK(d.facts.empty());
        CHECK(d.counter("dhcpv6").decoded == 1);
    }
    SECTION("a 300-byte DUID is capped at kMaxValueBytes") {
        std::string duid = "00 02 ";
        for (int i = 0; i < 298; ++i) {
            duid += "cd ";
        }
        const auto d = decode_bytes(frame6(kSolicit + opt(1, duid)));
        const auto* f = find(d, FactKind::client_id);
        REQUIRE(f);
        CHECK(f->value.size() == daicho::collectors::kMaxValueBytes);
    }
    SECTION("a 600-byte vendor class is capped at kMaxValueBytes") {
        std::string data;
        for (int i = 0; i < 600; ++i) {
            data += "41 ";
        }
        const auto d = decode_bytes(frame6(kSolicit + opt(16, "00 00 01 37 02 58 " + data)));
        const auto* f = find(d, FactKind::vendor_class);
        REQUIRE(f);
        CHECK(f->value.size() == daicho::collectors::kMaxValueBytes);
        CHECK(f->value.rfind("311:AAAA", 0) == 0);
    }
}
