// DHCPv4 (RFC 2131, RFC 2132, RFC 4702, RFC 3925): client identity facts about chaddr, server
// and relay roles, ACK bindings, option-walk limits and hostile values, through FrameDecoder.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/dhcp.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {

std::string zeros(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += "00 ";
    }
    return s;
}
std::string byte_hex(unsigned v) {
    char b[4];
    std::snprintf(b, sizeof b, "%02x ", v & 0xFFU);
    return b;
}
std::string text_hex(const std::string& t) {
    std::string s;
    for (unsigned char c : t) {
        s += byte_hex(c);
    }
    return s;
}
// One option: code, length, body given as hex.
std::string opt(unsigned code, const std::string& body_hex) {
    return byte_hex(code) + byte_hex(static_cast<unsigned>(hex(body_hex).size())) + body_hex;
}
std::string opt_text(unsigned code, const std::string& text) {
    return opt(code, text_hex(text));
}

// The BOOTP fixed part (RFC 2131 §2) and the magic cookie.
std::string bootp(unsigned op, const std::string& ciaddr = "00 00 00 00",
                  const std::string& yiaddr = "00 00 00 00",
                  const std::string& giaddr = "00 00 00 00",
                  const std::string& chaddr = "00 11 22 33 44 55", unsigned htype = 1,
                  unsigned hlen = 6) {
    return byte_hex(op) + byte_hex(htype) + byte_hex(hlen) + "00  12 34 56 78  00 00 00 00 " +
           ciaddr + " " + yiaddr + " 00 00 00 00 " + giaddr + " " + chaddr + " " +
           zeros(10 + 64 + 128) + " 63 82 53 63 ";
}

struct Udp4 {
    std::string src_mac = "00 11 22 33 44 55";
    std::string dst_mac = "ff ff ff ff ff ff";
    std::string src_ip = "00 00 00 00";
    std::string dst_ip = "ff ff ff ff";
    unsigned sport = 68;
    unsigned dport = 67;
    std::string vlan_tag;  // e.g. "81 00 00 14"
};

std::vector<std::byte> frame4(const std::string& payload_hex, const Udp4& u = {}) {
    const auto payload = hex(payload_hex);
    const auto udp_len = static_cast<unsigned>(payload.size() + 8);
    const unsigned ip_len = udp_len + 20;
    auto f = hex(u.dst_mac + " " + u.src_mac + " " + u.vlan_tag + " 08 00  45 00 " +
                 byte_hex(ip_len >> 8U) + byte_hex(ip_len) + " 00 00 00 00 40 11 00 00 " +
                 u.src_ip + " " + u.dst_ip + " " + byte_hex(u.sport >> 8U) + byte_hex(u.sport) +
                 byte_hex(u.dport >> 8U) + byte_hex(u.dport) + byte_hex(udp_len >> 8U) +
                 byte_hex(udp_len) + " 00 00");
    append(f, payload);
    return f;
}
Udp4 from_server() {
    Udp4 u;
    u.src_mac = "00 aa bb cc dd 01";
    u.dst_mac = "00 11 22 33 44 55";
    u.src_ip = "c0 a8 01 01";
    u.dst_ip = "c0 a8 01 0a";
    u.sport = 67;
    u.dport = 68;
    return u;
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

const std::string kDiscover = opt(53, "01");

}  // namespace

TEST_CASE("DHCP DISCOVER: the client's identity options, about chaddr", "[collectors][dhcp]") {
    const auto d = decode_hex(fixtures::kDhcpDiscover);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("dhcp").decoded == 1);
    CHECK(d.counter("dhcp").observations == d.facts.size());
    CHECK(d.decode_errors == 0);
    for (const auto& f : d.facts) {
        CHECK(f.source == "dhcp");
        CHECK(f.subject.mac == mac("00:11:22:33:44:55"));
        CHECK(f.subject.has_mac);
        CHECK(f.subject.ip.empty());  // ciaddr 0.0.0.0
        CHECK(f.subject.sensor == 3);
        CHECK(f.evidence.frame_no == 42);
    }
    CHECK(count(d, FactKind::hostname) == 2);  // option 12 and the first label of option 81
    CHECK(find(d, FactKind::hostname, "infusion-07"));
    CHECK(find(d, FactKind::domain_name, "ward3.example.org"));
    CHECK(find(d, FactKind::vendor_class, "MSFT 5.0"));
    CHECK(find(d, FactKind::os, "Windows"));  // MSFT 5.0: the Windows family, no version
    CHECK(find(d, FactKind::dhcp_fingerprint, "1,3,6,15,31,33,43,44,46,47,119,121,249,252"));
    CHECK(find(d, FactKind::client_id, "01:00:11:22:33:44:55"));
    CHECK(find(d, FactKind::other, "dhcp-requested-address=192.168.1.10"));
    CHECK(find(d, FactKind::other, "dhcp-vendor-info=PumpOS"));
    CHECK(count(d, FactKind::ip_address) == 0);
    CHECK(count(d, FactKind::role) == 0);
    CHECK(d.facts.size() == 9);
}

TEST_CASE("DHCP dhcpcd vendor class and MUD URL (option 161), about chaddr",
          "[collectors][dhcp]") {
    const auto d = decode_hex(fixtures::kDhcpRequestDhcpcdMud);
    CHECK(d.result == DecodeResult::decoded);
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("b8:27:eb:12:34:56"));
    }
    // The class is kept whole; its parts name the software, the OS and the hardware.
    CHECK(find(d, FactKind::vendor_class, "dhcpcd-9.4.1:Linux-6.1.0-rpi7-rpi-v8:aarch64:BCM2835"));
    CHECK(find(d, FactKind::software, "dhcpcd-9.4.1"));
    CHECK(find(d, FactKind::os, "Linux-6.1.0-rpi7-rpi-v8"));
    CHECK(find(d, FactKind::platform, "BCM2835"));
    CHECK(find(d, FactKind::mud_url, "https://mud.example-medical.co.jp/monitor/bsm-1700.json"));
    CHECK(find(d, FactKind::hostname, "mon-b12"));
    CHECK(d.facts.size() == 7);  // + other "dhcp-requested-address="
}

TEST_CASE("DHCP dhcpcd classes without every part; other classes are not split",
          "[collectors][dhcp]") {
    const auto facts_of = [](const std::string& vendor_class) {
        return decode_bytes(frame4(bootp(1) + opt_text(60, vendor_class) + "ff"));
    };
    const auto bare = facts_of("dhcpcd-5.5.6");  // uname() failed: the version only
    CHECK(find(bare, FactKind::software, "dhcpcd-5.5.6"));
    CHECK_FALSE(find(bare, FactKind::os));
    const auto three = facts_of("dhcpcd-6.10.1:Linux-4.9.57-v7+:armv7l");
    CHECK(find(three, FactKind::os, "Linux-4.9.57-v7+"));
    CHECK_FALSE(find(three, FactKind::platform));
    for (const char* other : {"dhcpcd-", "udhcp 1.36.1", "Dhcpcd-9.4.1:Linux-6.1.0",
                              "MSFT 5.0", "ArubaAP"}) {
        INFO(other);
        const auto d = facts_of(other);
        CHECK_FALSE(find(d, FactKind::software));
        CHECK_FALSE(find(d, FactKind::platform));
    }
    // An empty MUD URL breaks RFC 8520 §9; the rest of the message is kept.
    const auto empty = decode_bytes(frame4(bootp(1) + opt(161, "") + opt_text(12, "h") + "ff"));
    CHECK(empty.counter("dhcp").malformed == 1);
    CHECK_FALSE(find(empty, FactKind::mud_url));
    CHECK(find(empty, FactKind::hostname, "h"));
}

TEST_CASE("DHCP vendor class: only Microsoft's class is an os statement", "[collectors][dhcp]") {
    const auto windows_of = [](const std::string& vendor_class_hex) {
        const auto d = decode_bytes(frame4(bootp(1) + opt(60, vendor_class_hex) + "ff"));
        CHECK(d.counter("dhcp").decoded == 1);
        const auto* f = find(d, FactKind::os, "Windows");
        if (f != nullptr) {
            CHECK(f->subject.mac == mac("00:11:22:33:44:55"));  // chaddr, the client
        }
        return f == nullptr ? std::string() : f->value;
    };
    CHECK(windows_of(text_hex("MSFT 5.0")) == "Windows");
    CHECK(windows_of(text_hex("MSFT 98")) == "Windows");
    CHECK(windows_of(text_hex("MSFT 5.0") + "00") == "Windows");  // a counted NUL is padding
    for (const char* other : {"MSFT 5.01", "msft 5.0", "MSFT", "android-dhcp-13", "MSFT 5.0 "}) {
        INFO(other);
        CHECK(windows_of(text_hex(other)).empty());
    }
    // A server's echo of the class is about the client too, but is no os statement of its own.
    const auto offer = decode_bytes(
        frame4(bootp(2, "00 00 00 00", "c0 a8 01 0a") + opt(53, "02") + opt(54, "c0 a8 01 01") +
                   opt_text(60, "MSFT 5.0") + "ff",
               from_server()));
    CHECK(find(offer, FactKind::vendor_class, "MSFT 5.0"));
    CHECK_FALSE(find(offer, FactKind::os));
}

TEST_CASE("DHCP ACK from the server: roles, binding, lease, routers, DNS", "[collectors][dhcp]") {
    const auto d = decode_hex(fixtures::kDhcpAck);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("dhcp").decoded == 1);
    const auto* server = find(d, FactKind::role, "dhcp-server");
    REQUIRE(server);
    CHECK(server->subject.mac == mac("00:aa:bb:cc:dd:01"));
    CHECK(server->subject.ip == ip("192.168.1.1"));
    CHECK(server->subject.has_mac);
    const auto* service = find(d, FactKind::service, "udp/67");
    REQUIRE(service);
    CHECK(service->subject.mac == mac("00:aa:bb:cc:dd:01"));
    const auto* bound = find(d, FactKind::ip_address);
    REQUIRE(bound);
    CHECK(bound->subject.mac == mac("00:11:22:33:44:55"));
    CHECK(bound->subject.ip == ip("192.168.1.10"));
    CHECK(bound->subject.has_mac);
    CHECK(bound->value.empty());
    const auto* domain = find(d, FactKind::domain_name, "ward3.example.org");
    REQUIRE(domain);
    CHECK(domain->subject.mac == mac("00:11:22:33:44:55"));
    const auto* lease = find(d, FactKind::other, "dhcp-lease-seconds=86400");
    REQUIRE(lease);
    CHECK(lease->subject.mac == mac("00:11:22:33:44:55"));
    const auto* gw = find(d, FactKind::role, "gateway");
    REQUIRE(gw);
    CHECK(gw->subject.ip == ip("192.168.1.254"));
    CHECK_FALSE(gw->subject.has_mac);
    std::vector<std::string> dns;
    for (const auto& f : d.facts) {
        if (f.kind == FactKind::role && f.value == "dns-server") {
            CHECK_FALSE(f.subject.has_mac);
            dns.push_back(f.subject.ip.to_string());
        }
    }
    CHECK(dns == std::vector<std::string>{"192.168.1.53", "10.0.0.53"});
    CHECK(find(d, FactKind::role, "dhcp-relay") == nullptr);
    CHECK(d.facts.size() == 8);
}

TEST_CASE("DHCP OFFER through a relay: server by option 54, relay by sender",
          "[collectors][dhcp]") {
    const auto d = decode_hex(fixtures::kDhcpRelayedOffer);
    CHECK(d.result == DecodeResult::decoded);
    const auto* server = find(d, FactKind::role, "dhcp-server");
    REQUIRE(server);
    CHECK(server->subject.ip == ip("10.0.0.5"));
    CHECK_FALSE(server->subject.has_mac);
    const auto* relay = find(d, FactKind::role, "dhcp-relay");
    REQUIRE(relay);
    CHECK(relay->subject.mac == mac("00:aa:bb:cc:dd:02"));
    CHECK(relay->subject.ip == ip("10.20.0.1"));
    CHECK(count(d, FactKind::role) == 3);  // server, relay, gateway
    CHECK(count(d, FactKind::service) == 2);
    CHECK(count(d, FactKind::ip_address) == 0);  // an OFFER binds nothing
    CHECK(find(d, FactKind::other, "dhcp-lease-seconds=3600"));
}

TEST_CASE("DHCP REQUEST renewing: ciaddr binds, ASCII FQDN, V-I vendor options",
          "[collectors][dhcp]") {
    const auto d = decode_hex(fixtures::kDhcpRequestRenew);
    CHECK(d.result == DecodeResult::decoded);
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:11:22:33:44:55"));
        CHECK(f.subject.ip == ip("192.168.1.10"));
    }
    CHECK(find(d, FactKind::hostname, "monitor-2"));
    CHECK(find(d, FactKind::domain_name, "icu.example.org"));
    CHECK(find(d, FactKind::vendor_class, "dhcpcd-6.10.1:Linux-4.9.57-v7+:armv7l:BCM2835"));
    CHECK(find(d, FactKind::other, "dhcp-vendor-info=1234:MX-800"));
    CHECK(find(d, FactKind::other, "dhcp-vendor-info=1234/2:SN123"));
    CHECK(find(d, FactKind::software, "dhcpcd-6.10.1"));
    CHECK(find(d, FactKind::os, "Linux-4.9.57-v7+"));
    CHECK(find(d, FactKind::platform, "BCM2835"));
    CHECK(count(d, FactKind::ip_address) == 1);
    CHECK(d.facts.size() == 9);
}

TEST_CASE("DHCP NAK and ACK details", "[collectors][dhcp]") {
    SECTION("NAK: the server role only") {
        const auto d = decode_bytes(frame4(bootp(2) + opt(53, "06") + opt(54, "c0 a8 01 01") +
                                               opt_text(15, "x.example") + "ff",
                                           from_server()));
        CHECK(d.counter("dhcp").decoded == 1);
        CHECK(count(d, FactKind::role) == 1);
        CHECK(count(d, FactKind::service) == 1);
        CHECK(d.facts.size() == 2);
    }
    SECTION("ACK without yiaddr (answer to INFORM) binds nothing") {
        const auto d = decode_bytes(frame4(bootp(2, "c0 a8 01 0a") + opt(53, "05") + "ff",
                                           from_server()));
        CHECK(count(d, FactKind::ip_address) == 0);
        CHECK(count(d, FactKind::role) == 1);  // no server id, but the options were complete
    }
    SECTION("INFORM with ciaddr binds ciaddr") {
        const auto d = decode_bytes(frame4(bootp(1, "c0 a8 01 0b") + opt(53, "08") + "ff"));
        REQUIRE(count(d, FactKind::ip_address) == 1);
        CHECK(find(d, FactKind::ip_address)->subject.ip == ip("192.168.1.11"));
    }
    SECTION("RELEASE with ciaddr binds nothing") {
        const auto d = decode_bytes(frame4(bootp(1, "c0 a8 01 0b") + opt(53, "07") + "ff"));
        CHECK(count(d, FactKind::ip_address) == 0);
    }
    SECTION("zero or group chaddr: no client facts") {
        const auto z = decode_bytes(
            frame4(bootp(1, "00 00 00 00", "00 00 00 00", "00 00 00 00", "00 00 00 00 00 00") +
                   kDiscover + opt_text(12, "ghost") + "ff"));
        CHECK(z.counter("dhcp").decoded == 1);
        CHECK(z.facts.empty());
        const auto g = decode_bytes(
            frame4(bootp(1, "00 00 00 00", "00 00 00 00", "00 00 00 00", "01 00 5e 00 00 01") +
                   kDiscover + opt_text(12, "ghost") + "ff"));
        CHECK(g.facts.empty());
    }
    SECTION("relay-to-server leg: the client's VLAN is unknown") {
        Udp4 u;
        u.src_mac = "00 aa bb cc dd 02";
        u.src_ip = "0a 14 00 01";
        u.dst_ip = "0a 00 00 05";
        u.sport = 67;
        u.vlan_tag = "81 00 00 63";
        const auto relayed = decode_bytes(frame4(
            bootp(1, "00 00 00 00", "00 00 00 00", "0a 14 00 01") + kDiscover +
                opt_text(12, "pc1") + "ff",
            u));
        REQUIRE(relayed.facts.size() == 1);
        CHECK(relayed.facts[0].subject.vlan == 0);
        Udp4 direct;
        direct.vlan_tag = "81 00 00 63";
        const auto local = decode_bytes(frame4(bootp(1) + kDiscover + opt_text(12, "pc1") + "ff",
                                               direct));
        REQUIRE(local.facts.size() == 1);
        CHECK(local.facts[0].subject.vlan == 99);
    }
}

TEST_CASE("DHCP header checks", "[collectors][dhcp]") {
    const std::string opts = kDiscover + opt_text(12, "pc1") + "ff";
    SECTION("op neither 1 nor 2") {
        const auto d = decode_bytes(frame4(bootp(3) + opts));
        CHECK(d.counter("dhcp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("htype not Ethernet") {
        const auto d = decode_bytes(frame4(bootp(1, "00 00 00 00", "00 00 00 00", "00 00 00 00",
                                                 "00 11 22 33 44 55", 6) +
                                           opts));
        CHECK(d.counter("dhcp").unsupported == 1);
    }
    SECTION("hlen not 6") {
        const auto d = decode_bytes(frame4(bootp(1, "00 00 00 00", "00 00 00 00", "00 00 00 00",
                                                 "00 11 22 33 44 55", 1, 16) +
                                           opts));
        CHECK(d.counter("dhcp").malformed == 1);
    }
    SECTION("plain BOOTP: no magic cookie") {
        auto msg = bootp(1);
        msg.replace(msg.rfind("63 82 53 63"), 11, "00 00 00 00");
        const auto d = decode_bytes(frame4(msg + zeros(60)));
        CHECK(d.counter("dhcp").unsupported == 1);
        CHECK(d.facts.empty());
    }
    SECTION("shorter than the fixed part") {
        const auto b = frame4("01 01 06 00 12 34 56 78");
        CHECK(decode_bytes(b).counter("dhcp").not_mine == 1);  // other traffic on port 67/68
        CHECK(decode_bytes(b).decode_errors == 0);
        const auto cut = decode_bytes(b, LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 300));
        CHECK(cut.counter("dhcp").truncated == 1);
    }
    SECTION("cookie cut off") {
        auto msg = bootp(1);
        msg.resize(msg.rfind("63 82 53 63"));
        CHECK(decode_bytes(frame4(msg)).counter("dhcp").malformed == 1);
    }
}

TEST_CASE("DHCP option walk: bad lengths, missing end, bad bodies", "[collectors][dhcp]") {
    SECTION("option length past the end of the datagram") {
        const auto b = frame4(bootp(1) + kDiscover + opt_text(12, "pc1") + "0c 20 41 42");
        const auto d = decode_bytes(b);
        CHECK(d.counter("dhcp").malformed == 1);
        CHECK(find(d, FactKind::hostname, "pc1"));  // read whole before the bad option
        const auto cut = decode_bytes(b, LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 40));
        CHECK(cut.counter("dhcp").truncated == 1);
        CHECK(cut.counter("dhcp").malformed == 0);
    }
    SECTION("a code without its length byte") {
        const auto d = decode_bytes(frame4(bootp(1) + kDiscover + "0c"));
        CHECK(d.counter("dhcp").malformed == 1);
    }
    SECTION("no end option") {
        const auto d = decode_bytes(frame4(bootp(1) + kDiscover + opt_text(12, "pc1")));
        CHECK(d.counter("dhcp").malformed == 1);
        CHECK(find(d, FactKind::hostname, "pc1"));
    }
    SECTION("server message without end: no server role without option 54") {
        const auto d = decode_bytes(frame4(bootp(2) + opt(53, "05"), from_server()));
        CHECK(d.counter("dhcp").malformed == 1);
        CHECK(count(d, FactKind::role) == 0);
        const auto with_id = decode_bytes(
            frame4(bootp(2) + opt(53, "05") + opt(54, "c0 a8 01 01"), from_server()));
        CHECK(count(with_id, FactKind::role) == 1);
    }
    SECTION("bytes after end are padding") {
        const auto d = decode_bytes(frame4(bootp(1) + kDiscover + "ff 0c 20 41"));
        CHECK(d.counter("dhcp").decoded == 1);
    }
    SECTION("wrong fixed lengths: 50, 53, 54, 51, 3, 61") {
        for (const auto& bad : {opt(50, "c0 a8 01"), opt(53, "01 01"), opt(61, "01")}) {
            const auto d = decode_bytes(frame4(bootp(1) + bad + opt_text(12, "pc1") + "ff"));
            INFO(bad);
            CHECK(d.counter("dhcp").malformed == 1);
            CHECK(find(d, FactKind::hostname, "pc1"));  // the other options still count
        }
        for (const auto& bad : {opt(54, "c0 a8"), opt(51, "00 01"), opt(3, "c0 a8 01")}) {
            const auto d = decode_bytes(frame4(bootp(2) + opt(53, "05") + bad + "ff",
                                               from_server()));
            INFO(bad);
            CHECK(d.counter("dhcp").malformed == 1);
        }
    }
    SECTION("FQDN: compression pointer, short option, label past the end") {
        for (const auto& bad : {opt(81, "04 00 00 03 61 62 63 c0 0c"), opt(81, "04 00"),
                                opt(81, "04 00 00 09 61 62 63")}) {
            const auto d = decode_bytes(frame4(bootp(1) + bad + opt_text(60, "vc") + "ff"));
            INFO(bad);
            CHECK(d.counter("dhcp").malformed == 1);
            CHECK(count(d, FactKind::hostname) == 0);
            CHECK(find(d, FactKind::vendor_class, "vc"));
        }
    }
    SECTION("FQDN ASCII single label, trailing dot; empty host name") {
        const auto d = decode_bytes(
            frame4(bootp(1) + opt(81, "00 00 00 " + text_hex("lab-pc.")) + opt(12, "00 00") + "ff"));
        CHECK(d.counter("dhcp").decoded == 1);
        CHECK(count(d, FactKind::hostname) == 1);
        CHECK(find(d, FactKind::hostname, "lab-pc"));
        CHECK(count(d, FactKind::domain_name) == 0);
    }
    SECTION("V-I options: data-len past the option") {
        const auto d = decode_bytes(frame4(bootp(1) + opt(124, "00 00 04 d2 09 03 61 62 63") +
                                           "ff"));
        CHECK(d.counter("dhcp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("the first instance of an option is used") {
        const auto d = decode_bytes(
            frame4(bootp(1) + opt_text(12, "first") + opt_text(12, "second") + "ff"));
        REQUIRE(count(d, FactKind::hostname) == 1);
        CHECK(find(d, FactKind::hostname, "first"));
    }
}

TEST_CASE("DHCP named limits", "[collectors][dhcp]") {
    // The named limits of collectors/src/proto/dhcp/dhcp.h (a private header).
    constexpr std::size_t kMaxDhcpOptions = 96;
    constexpr std::size_t kMaxDhcpPadOctets = 1500;
    constexpr std::size_t kMaxDhcpAddresses = 8;
    constexpr std::size_t kMaxFqdnLabels = 32;
    constexpr std::size_t kMaxVendorInfoItems = 8;
    SECTION("kMaxDhcpOptions") {
        std::string opts = opt_text(12, "pc1");
        for (std::size_t i = 0; i < kMaxDhcpOptions; ++i) {
            opts += "fa 00 ";  // unassigned code 250, empty
        }
        const auto d = decode_bytes(frame4(bootp(1) + opts + "ff"));
        CHECK(d.counter("dhcp").limited == 1);
        CHECK(find(d, FactKind::hostname, "pc1"));
        std::string fits = opt_text(12, "pc1");
        for (std::size_t i = 1; i < kMaxDhcpOptions; ++i) {
            fits += "fa 00 ";
        }
        CHECK(decode_bytes(frame4(bootp(1) + fits + "ff")).counter("dhcp").decoded == 1);
    }
    SECTION("kMaxDhcpPadOctets") {
        const auto d = decode_bytes(frame4(bootp(1) + opt_text(12, "pc1") +
                                           zeros(kMaxDhcpPadOctets + 1) + "ff"));
        CHECK(d.counter("dhcp").limited == 1);
        CHECK(find(d, FactKind::hostname, "pc1"));
        CHECK(decode_bytes(frame4(bootp(1) + zeros(kMaxDhcpPadOctets) + "ff"))
                  .counter("dhcp")
                  .decoded == 1);
    }
    SECTION("kMaxDhcpAddresses") {
        std::string routers;
        for (std::size_t i = 0; i <= kMaxDhcpAddresses; ++i) {
            routers += "0a 00 00 " + byte_hex(static_cast<unsigned>(i + 1));
        }
        const auto d = decode_bytes(
            frame4(bootp(2) + opt(53, "05") + opt(54, "c0 a8 01 01") + opt(3, routers) + "ff",
                   from_server()));
        CHECK(d.counter("dhcp").limited == 1);
        std::size_t gateways = 0;
        for (const auto& f : d.facts) {
            gateways += f.value == "gateway" ? 1 : 0;
        }
        CHECK(gateways == kMaxDhcpAddresses);
    }
    SECTION("kMaxFqdnLabels") {
        std::string name;
        for (std::size_t i = 0; i <= kMaxFqdnLabels; ++i) {
            name += "01 61 ";
        }
        const auto d = decode_bytes(frame4(bootp(1) + opt(81, "04 00 00 " + name + "00") + "ff"));
        CHECK(d.counter("dhcp").limited == 1);
        CHECK(find(d, FactKind::hostname, "a"));
        CHECK(find(d, FactKind::domain_name));
    }
    SECTION("kMaxVendorInfoItems") {
        std::string blocks;
        for (std::size_t i = 0; i <= kMaxVendorInfoItems; ++i) {
            blocks += "00 00 00 09 02 01 " + text_hex(std::string(1, static_cast<char>('a' + i)));
        }
        const auto d = decode_bytes(frame4(bootp(1) + opt(124, blocks) + "ff"));
        CHECK(d.counter("dhcp").limited == 1);
        CHECK(count(d, FactKind::other) == kMaxVendorInfoItems);
        CHECK(find(d, FactKind::other, "dhcp-vendor-info=9:a"));
    }
}

TEST_CASE("DHCP hostile strings stay verbatim; over-long values are capped",
          "[collectors][dhcp]") {
    SECTION("control bytes, formula prefix, invalid UTF-8") {
        const auto d = decode_bytes(frame4(bootp(1) + opt(12, "1b 5b 33 31 6d 0d 0a 07 70 63") +
                                           opt_text(60, "=cmd|' /C calc'!A0") +
                                           opt(15, "ff fe c3 28") + opt(81, "00 00 00 e2 82") +
                                           "ff"));
        CHECK(d.counter("dhcp").decoded == 1);
        CHECK(find(d, FactKind::hostname, "\x1b[31m\r\n\apc"));
        CHECK(find(d, FactKind::vendor_class, "=cmd|' /C calc'!A0"));
        CHECK(find(d, FactKind::hostname, "\xe2\x82"));
    }
    SECTION("trailing NULs are padding") {
        const auto d = decode_bytes(frame4(bootp(1) + opt(12, "70 63 00 00") + "ff"));
        CHECK(find(d, FactKind::hostname, "pc"));
    }
    SECTION("non-printable option 43 yields nothing") {
        const auto d = decode_bytes(frame4(bootp(1) + opt(43, "01 04 41 42 43 44") + "ff"));
        CHECK(d.facts.empty());
        CHECK(d.counter("dhcp").decoded == 1);
    }
    SECTION("a 255-byte client id formats past 512 characters and is capped") {
        std::string id = "ff ";
        for (int i = 0; i < 254; ++i) {
            id += "ab ";
        }
        const auto d = decode_bytes(frame4(bootp(1) + opt(61, id) + "ff"));
        const auto* f = find(d, FactKind::client_id);
        REQUIRE(f);
        CHECK(f->value.size() == daicho::collectors::kMaxValueBytes);
        CHECK(f->value.rfind("ff:ab:ab:", 0) == 0);
    }
    SECTION("a 255-code PRL is capped") {
        std::string prl;
        for (int i = 0; i < 255; ++i) {
            prl += "fe ";
        }
        const auto d = decode_bytes(frame4(bootp(1) + opt(55, prl) + "ff"));
        const auto* f = find(d, FactKind::dhcp_fingerprint);
        REQUIRE(f);
        CHECK(f->value.size() == daicho::collectors::kMaxValueBytes);
    }
}

TEST_CASE("DHCP cut captures yield a subset and count truncated", "[collectors][dhcp]") {
    // The IP and UDP lengths cover what was captured; the frame on the wire was longer.
    const auto cut = [](const std::string& msg, const Udp4& u) {
        const auto b = frame4(msg, u);
        return decode_bytes(b, LinkType::ethernet, static_cast<std::uint32_t>(b.size() + 100));
    };
    Udp4 relay = from_server();
    relay.src_ip = "0a 14 00 01";
    const std::string head = bootp(2, "00 00 00 00", "0a 14 00 4d", "0a 14 00 01") + opt(53, "02");
    // Cut before option 54 (the relay test): no role at all.
    const auto d = cut(head, relay);
    CHECK(d.counter("dhcp").truncated == 1);
    CHECK(count(d, FactKind::role) == 0);
    const auto d2 = cut(head + opt(54, "0a 00 00 05"), relay);
    CHECK(d2.counter("dhcp").truncated == 1);
    CHECK(find(d2, FactKind::role, "dhcp-relay"));
    // A client's options read whole before the cut still count.
    const auto d3 = cut(bootp(1) + kDiscover + opt_text(12, "pc1") + "3c 10 41", {});
    CHECK(d3.counter("dhcp").truncated == 1);
    CHECK(find(d3, FactKind::hostname, "pc1"));
    CHECK(count(d3, FactKind::vendor_class) == 0);
}

namespace {

// One FrameDecoder fed the frames of a SPAN in order, each `gap_us` after the last.
std::vector<Decoded> decode_span(const std::vector<std::vector<std::byte>>& frames,
                                 std::int64_t gap_us = 2'000) {
    daicho::collectors::FrameDecoder decoder(test_decoder_config());
    std::vector<Decoded> out;
    std::int64_t ts = 1'700'000'000'000'000;
    std::uint64_t n = 0;
    for (const auto& bytes : frames) {
        daicho::collectors::Frame frame;
        frame.bytes = bytes;
        frame.wire_len = static_cast<std::uint32_t>(bytes.size());
        frame.sensor = 3;
        frame.ts_us = ts;
        frame.evidence = daicho::collectors::EvidenceRef{7, ++n, 0};
        ts += gap_us;
        auto sink = std::make_unique<daicho::collectors::ObservationSink>();
        Decoded d;
        d.result = decoder.decode(frame, d.ctx, *sink);
        for (const auto& o : sink->observations()) {
            d.facts.push_back(Fact{o.subject, o.kind, std::string(o.value),
                                   std::string(o.source), o.evidence});
        }
        out.push_back(std::move(d));
    }
    return out;
}

// A UDP header's worth of addressing: VLAN tag, MACs, addresses and ports.
Udp4 hop(const std::string& tag, const std::string& src_mac, const std::string& dst_mac,
         const std::string& src_ip, const std::string& dst_ip, unsigned sport, unsigned dport) {
    Udp4 u;
    u.vlan_tag = tag;
    u.src_mac = src_mac;
    u.dst_mac = dst_mac;
    u.src_ip = src_ip;
    u.dst_ip = dst_ip;
    u.sport = sport;
    u.dport = dport;
    return u;
}
const std::string kVlan10 = "81 00 00 0a";  // the server's link
const std::string kVlan30 = "81 00 00 1e";  // the client's link
const std::string kServerMac = "00 aa bb cc dd 01";
const std::string kServerIp = "0a 51 0a 02";

// The client's DISCOVER on its own link, and the relay's copy of it on the server's link:
// from the router's address, giaddr = the router's VLAN 30 address.
const std::string kClientHostName = opt_text(12, "us-cart-07");
std::vector<std::byte> discover_on_client_link() {
    Udp4 u;
    u.vlan_tag = kVlan30;
    return frame4(bootp(1) + kDiscover + kClientHostName + "ff", u);
}
std::vector<std::byte> discover_relayed() {
    return frame4(bootp(1, "00 00 00 00", "00 00 00 00", "0a 51 1e 01") + kDiscover +
                      kClientHostName + "ff",
                  hop(kVlan10, "00 00 5e 00 01 0a", kServerMac, "0a 51 0a 01", kServerIp, 67, 67));
}
// The server's OFFER to the relay, then the relay's copy to the client.
std::string offer_body() {
    return bootp(2, "00 00 00 00", "0a 51 1e 64", "0a 51 1e 01") + opt(53, "02") +
           opt(54, kServerIp) + opt(51, "00 00 0e 10") + opt(3, "0a 51 1e 01") + "ff";
}
std::vector<std::byte> offer_to_relay() {
    return frame4(offer_body(),
                  hop(kVlan10, kServerMac, "00 00 5e 00 01 0a", kServerIp, "0a 51 0a 01", 67, 67));
}
std::vector<std::byte> offer_from_relay() {
    return frame4(offer_body(), hop(kVlan30, "00 00 5e 00 01 1e", "ff ff ff ff ff ff",
                                    "0a 51 1e 01", "ff ff ff ff", 67, 68));
}

std::size_t count_all(const std::vector<Decoded>& ds, FactKind kind, const std::string& value) {
    std::size_t n = 0;
    for (const auto& d : ds) {
        for (const auto& f : d.facts) {
            n += f.kind == kind && f.value == value ? 1U : 0U;
        }
    }
    return n;
}

}  // namespace

TEST_CASE("DHCP through a relay: the relay's copy of a message states its client's facts once",
          "[collectors][dhcp][routed_copies]") {
    const auto span = decode_span(
        {discover_on_client_link(), discover_relayed(), offer_to_relay(), offer_from_relay()});
    // The host name once, from the client's own broadcast, with its VLAN.
    CHECK(count_all(span, FactKind::hostname, "us-cart-07") == 1);
    const auto* name = find(span[0], FactKind::hostname, "us-cart-07");
    REQUIRE(name);
    CHECK(name->subject.vlan == 30);
    CHECK(name->evidence.frame_no == 1);
    CHECK(span[1].facts.empty());
    // The lease about the client once, from the server's answer; the relay's copy still names
    // the relay, which only it shows.
    CHECK(count_all(span, FactKind::other, "dhcp-lease-seconds=3600") == 1);
    CHECK(find(span[2], FactKind::other, "dhcp-lease-seconds=3600"));
    const auto* relay = find(span[3], FactKind::role, "dhcp-relay");
    REQUIRE(relay);
    CHECK(relay->subject.mac == mac("00:00:5e:00:01:1e"));
    CHECK(find(span[3], FactKind::role, "gateway"));  // the client link's gateway, VLAN 30
}

TEST_CASE("DHCP through a relay: a copy alone, or the client's own message again, keeps facts",
          "[collectors][dhcp][routed_copies]") {
    SECTION("a SPAN of the server's link only: the relay's copy is the first") {
        const auto span = decode_span({discover_relayed(), offer_to_relay()});
        CHECK(count_all(span, FactKind::hostname, "us-cart-07") == 1);
        CHECK(count_all(span, FactKind::other, "dhcp-lease-seconds=3600") == 1);
    }
    SECTION("the client's retransmission (giaddr zero) is its own message") {
        const auto span = decode_span({discover_on_client_link(), discover_on_client_link()});
        CHECK(count_all(span, FactKind::hostname, "us-cart-07") == 2);
    }
    SECTION("the relay's copy more than a second later is not taken for one") {
        const auto span = decode_span({discover_on_client_link(), discover_relayed()}, 1'500'000);
        CHECK(count_all(span, FactKind::hostname, "us-cart-07") == 2);
    }
    SECTION("another transaction (xid) of the same client is another message") {
        auto other = discover_relayed();
        // xid is at UDP payload offset 4: Ethernet 14 + tag 4 + IPv4 20 + UDP 8.
        other[14 + 4 + 20 + 8 + 4] = std::byte{0x99};
        const auto span = decode_span({discover_on_client_link(), other});
        CHECK(count_all(span, FactKind::hostname, "us-cart-07") == 2);
    }
}
