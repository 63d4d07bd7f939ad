// Connection-point recognisers of issue 13 (VPN, SSL-VPN, remote control): byte vectors
// built from the specifications (fixtures/remote_access.h and the frames below), what each
// recognises, the facts it states, hostile variants, and the RDP user-name cookie that must
// never leave the decoder.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/remote_access.h"
#include "fixtures/tls.h"
#include "ip_frames.h"
#include "proto/common/md5.h"
#include "proto/ike/vendor_ids.h"
#include "proto/tls/remote_access.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::Opener;
using daicho::collectors::ServiceClass;
using namespace daicho::test;
using namespace std::string_view_literals;

namespace {

std::string hex_of(const daicho::collectors::md5::Digest& d) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (const auto b : d) {
        s += kDigits[b >> 4U];
        s += kDigits[b & 0x0FU];
    }
    return s;
}

// Ends between the inside host 192.168.10.20 and the outside host 203.0.113.5.
TcpEnds outward(std::uint16_t src_port, std::uint16_t dst_port) {
    TcpEnds e;
    e.src_ip = {192, 168, 10, 20};
    e.dst_ip = {203, 0, 113, 5};
    e.src_port = src_port;
    e.dst_port = dst_port;
    return e;
}

Decoded udp(std::uint16_t src_port, std::uint16_t dst_port, const std::vector<std::byte>& payload) {
    const auto bytes = udp_frame(outward(src_port, dst_port), payload);
    return decode_bytes(bytes);
}

Decoded tcp(std::uint16_t src_port, std::uint16_t dst_port, const std::vector<std::byte>& payload) {
    const auto bytes = tcp_frame(outward(src_port, dst_port), kPshAck, 1, payload);
    return decode_bytes(bytes);
}

std::vector<std::byte> payload_of(std::string_view fixture, std::size_t offset) {
    const auto bytes = hex(fixture);
    return {bytes.begin() + static_cast<std::ptrdiff_t>(offset), bytes.end()};
}

}  // namespace

TEST_CASE("md5: RFC 1321 A.5 test suite, and the strongSwan Vendor ID", "[collectors][ike]") {
    using daicho::collectors::md5::of;
    CHECK(hex_of(of("")) == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(hex_of(of("abc")) == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(hex_of(of("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(hex_of(of("12345678901234567890123456789012345678901234567890123456789012345678901234567890")) ==
          "57edf4a22be3c955ac49da2e2107b67a");  // two blocks
    // The Vendor ID strongSwan sends (its ike_vendor.c), recomputed from the string.
    CHECK(hex_of(of("strongSwan")) == "882fe56d6fd20dbc2251613b2ebe5beb");
    static_assert(of("abc").at(0) == 0x90, "MD5 evaluates at compile time");
}

TEST_CASE("ike: the Vendor-ID table is built from its data file", "[collectors][ike]") {
    using daicho::collectors::ike::kVendorIds;
    REQUIRE(kVendorIds.size() >= 20);
    const auto strongswan = std::find_if(kVendorIds.begin(), kVendorIds.end(), [](const auto& v) {
        return v.product == "strongSwan" && v.version.empty();
    });
    REQUIRE(strongswan != kVendorIds.end());
    CHECK(strongswan->size == 16);
    CHECK_FALSE(strongswan->prefix);
    CHECK(strongswan->bytes.at(0) == 0x88);
    const auto unity = std::find_if(kVendorIds.begin(), kVendorIds.end(),
                                    [](const auto& v) { return v.product == "Cisco"; });
    REQUIRE(unity != kVendorIds.end());
    CHECK(unity->prefix);
    CHECK(unity->size == 14);
    for (const auto& v : kVendorIds) {
        CHECK_FALSE(v.product.empty());
        CHECK(v.size > 0);
    }
}

TEST_CASE("ike: IKEv2 IKE_SA_INIT with a strongSwan Vendor ID", "[collectors][ike]") {
    const auto d = decode_hex(fixtures::kIkev2SaInit);
    CHECK(d.counter("ike").decoded == 1);
    CHECK(fact_values(d, FactKind::protocol_version) == std::vector<std::string>{"ikev2"});
    CHECK(fact_values(d, FactKind::software) == std::vector<std::string>{"strongSwan"});
    CHECK(d.recognised.service_class == ServiceClass::vpn);
    CHECK(d.recognised.protocol == "ikev2");
    CHECK(d.recognised.product == "strongSwan");
    REQUIRE(d.conversations.size() == 1);
    const auto& c = d.conversations[0];
    CHECK(c.inside == ip("192.168.10.20"));
    CHECK(c.outside == ip("203.0.113.5"));
    CHECK(c.ip_proto == 17);
    CHECK(c.server_port == 500);
    CHECK(c.opener == Opener::inside);
    CHECK(c.service_class == ServiceClass::vpn);
    CHECK(c.protocol == "ikev2");
    CHECK(c.product_name() == "strongSwan");
}

TEST_CASE("ike: IKEv1 over UDP 4500 after the non-ESP marker, Cisco Unity", "[collectors][ike]") {
    const auto d = decode_hex(fixtures::kIkev1NatT);
    CHECK(d.counter("ike_nat_t").decoded == 1);
    CHECK(d.counter("esp_udp").frames == 0);
    CHECK(d.recognised.protocol == "ikev1");
    CHECK(d.recognised.product == "Cisco");
    REQUIRE(d.conversations.size() == 1);
    CHECK(d.conversations[0].opener == Opener::outside);
    CHECK(d.conversations[0].server_port == 4500);
}

TEST_CASE("ike: hostile and unknown headers", "[collectors][ike]") {
    auto base = payload_of(fixtures::kIkev2SaInit, 42);
    SECTION("an unknown Vendor ID names no product") {
        auto p = base;
        p.back() = std::byte{0x00};
        const auto d = udp(500, 500, p);
        CHECK(d.recognised.protocol == "ikev2");
        CHECK(d.recognised.product.empty());
        CHECK(fact_values(d, FactKind::software).empty());
    }
    SECTION("version 3.0 is malformed") {
        auto p = base;
        p.at(17) = std::byte{0x30};
        CHECK(udp(500, 500, p).counter("ike").malformed == 1);
    }
    SECTION("a zero initiator SPI is malformed (RFC 7296 §3.1)") {
        auto p = base;
        std::fill_n(p.begin(), 8, std::byte{0});
        const auto d = udp(500, 500, p);
        CHECK(d.counter("ike").malformed == 1);
        CHECK(d.recognised.service_class == ServiceClass::none);
    }
    SECTION("a length past the datagram is malformed") {
        auto p = base;
        p.at(27) = std::byte{0xFF};
        const auto d = udp(500, 500, p);
        CHECK(d.counter("ike").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a payload length under 4 is malformed") {
        auto p = base;
        p.at(30) = std::byte{0};
        p.at(31) = std::byte{2};
        CHECK(udp(500, 500, p).counter("ike").malformed == 1);
    }
    SECTION("a NAT-keepalive on 4500 (RFC 3948 §2.3)") {
        const auto d = udp(4500, 4500, {std::byte{0xFF}});
        CHECK(d.counter("ike_nat_t").decoded == 1);
        CHECK(d.recognised.protocol == "ipsec-nat-t");
    }
}

TEST_CASE("esp: IP protocol 50 and ESP in UDP 4500", "[collectors][esp]") {
    const auto udp_esp = decode_hex(fixtures::kEspInUdp);
    CHECK(udp_esp.counter("ike_nat_t").not_mine == 1);
    CHECK(udp_esp.counter("esp_udp").decoded == 1);
    CHECK(udp_esp.recognised.protocol == "esp-udp");
    CHECK(udp_esp.facts.empty());

    const auto esp = decode_hex(fixtures::kEsp);
    CHECK(esp.counter("esp").decoded == 1);
    CHECK(esp.recognised.service_class == ServiceClass::vpn);
    REQUIRE(esp.conversations.size() == 1);
    CHECK(esp.conversations[0].ip_proto == 50);
    CHECK(esp.conversations[0].server_port == 0);

    // RFC 4303 §2.1: SPIs 1-255 are reserved.
    const auto reserved = hex("00 00 00 ff 00 00 00 01");
    const auto bytes = ip_frame(outward(0, 0), 50, reserved);
    const auto d = decode_bytes(bytes);
    CHECK(d.counter("esp").malformed == 1);
    CHECK(d.recognised.service_class == ServiceClass::none);
}

TEST_CASE("gre: PPTP's enhanced GRE and plain GRE", "[collectors][gre]") {
    const auto pptp = decode_hex(fixtures::kGrePptp);
    CHECK(pptp.counter("gre").decoded == 1);
    CHECK(pptp.recognised.protocol == "pptp-gre");
    CHECK(pptp.recognised.service_class == ServiceClass::vpn);

    const auto plain_bytes = ip_frame(outward(0, 0), 47, hex("00 00 08 00 45 00"));
    const auto plain = decode_bytes(plain_bytes);
    CHECK(plain.recognised.service_class == ServiceClass::tunnel);
    CHECK(plain.recognised.protocol == "gre");

    const auto no_key_bytes = ip_frame(outward(0, 0), 47, hex("10 01 88 0b 00 00 00 01"));
    CHECK(decode_bytes(no_key_bytes).counter("gre").malformed == 1);  // version 1 needs K
    const auto routing_bytes = ip_frame(outward(0, 0), 47, hex("40 00 08 00"));
    CHECK(decode_bytes(routing_bytes).counter("gre").malformed == 1);  // RFC 2784 R bit
}

TEST_CASE("openvpn: UDP 1194, hard resets on any port, TCP", "[collectors][openvpn]") {
    const auto d = decode_hex(fixtures::kOpenvpnUdp);
    CHECK(d.counter("openvpn").decoded == 1);
    CHECK(d.recognised.protocol == "openvpn");

    const auto reset = payload_of(fixtures::kOpenvpnUdp, 42);
    const auto anywhere = udp(40001, 33333, reset);
    CHECK(anywhere.counter("openvpn_udp").decoded == 1);
    CHECK(anywhere.recognised.protocol == "openvpn");

    auto longer = reset;
    longer.push_back(std::byte{0});  // 15 bytes: no hard reset has that size
    CHECK(udp(40001, 33333, longer).recognised.service_class == ServiceClass::none);
    auto key1 = reset;
    key1.at(0) = std::byte{0x39};  // key id 1: not a new session
    CHECK(udp(40001, 33333, key1).recognised.service_class == ServiceClass::none);

    const auto t = decode_hex(fixtures::kOpenvpnTcp);
    CHECK(t.counter("openvpn_tcp").decoded == 1);
    CHECK(t.recognised.protocol == "openvpn");
    CHECK(t.counter("tls").frames == 0);
}

TEST_CASE("wireguard: message types and exact sizes", "[collectors][wireguard]") {
    const auto init = decode_hex(fixtures::kWireguardInit);
    CHECK(init.counter("wireguard").decoded == 1);
    CHECK(init.recognised.protocol == "wireguard");

    auto short_init = payload_of(fixtures::kWireguardInit, 42);
    short_init.pop_back();  // 147 bytes
    CHECK(udp(41641, 41641, short_init).recognised.service_class == ServiceClass::none);

    std::vector<std::byte> response(92, std::byte{0x5a});
    response.at(0) = std::byte{2};
    response.at(1) = response.at(2) = response.at(3) = std::byte{0};
    CHECK(udp(41641, 41641, response).recognised.protocol == "wireguard");
    response.at(2) = std::byte{1};  // reserved bytes must be zero
    CHECK(udp(41641, 41641, response).recognised.service_class == ServiceClass::none);

    std::vector<std::byte> data(64, std::byte{0x11});
    data.at(0) = std::byte{4};
    data.at(1) = data.at(2) = data.at(3) = std::byte{0};
    CHECK(udp(41641, 51820, data).recognised.protocol == "wireguard");
    CHECK(udp(41641, 41642, data).recognised.service_class == ServiceClass::none);
}

TEST_CASE("l2tp: SCCRQ names the peer's host and vendor", "[collectors][l2tp]") {
    const auto d = decode_hex(fixtures::kL2tpSccrq);
    CHECK(d.counter("l2tp").decoded == 1);
    CHECK(fact_values(d, FactKind::hostname) == std::vector<std::string>{"rtx1210-vendor"});
    CHECK(fact_values(d, FactKind::software) == std::vector<std::string>{"YAMAHA Corporation"});
    CHECK(d.recognised.product == "YAMAHA Corporation");
    CHECK(d.facts.at(0).subject.ip == ip("203.0.113.5"));
    REQUIRE(d.conversations.size() == 1);
    CHECK(d.conversations[0].opener == Opener::outside);
    CHECK(d.conversations[0].product_name() == "YAMAHA Corporation");

    auto p = payload_of(fixtures::kL2tpSccrq, 42);
    SECTION("a hidden Host Name AVP is skipped") {
        p.at(28) |= std::byte{0x40};  // the Host Name AVP's H bit
        const auto hidden = udp(1701, 1701, p);
        CHECK(fact_values(hidden, FactKind::hostname).empty());
        CHECK(hidden.counter("l2tp").decoded == 1);
    }
    SECTION("Message Type must come first") {
        p.at(17) = std::byte{7};  // the first AVP's type
        CHECK(udp(1701, 1701, p).counter("l2tp").malformed == 1);
    }
    SECTION("a control message without the sequence bit is malformed") {
        p.at(0) = std::byte{0xc0};
        CHECK(udp(1701, 1701, p).counter("l2tp").malformed == 1);
    }
}

TEST_CASE("pptp: Start-Control-Connection-Request", "[collectors][pptp]") {
    const auto d = decode_hex(fixtures::kPptpSccrq);
    CHECK(d.counter("pptp").decoded == 1);
    CHECK(fact_values(d, FactKind::hostname) == std::vector<std::string>{"vendor-gw"});
    CHECK(fact_values(d, FactKind::software) == std::vector<std::string>{"Microsoft"});
    CHECK(fact_values(d, FactKind::firmware) == std::vector<std::string>{"2600"});
    CHECK(d.recognised.protocol == "pptp");
    CHECK(d.recognised.product == "Microsoft");
    CHECK(d.recognised.version == "2600");

    auto p = payload_of(fixtures::kPptpSccrq, 54);
    p.at(1) = std::byte{100};  // a 100-byte SCCRQ
    p.resize(100);
    CHECK(tcp(40003, 1723, p).counter("pptp").malformed == 1);
    auto bad_cookie = payload_of(fixtures::kPptpSccrq, 54);
    bad_cookie.at(7) = std::byte{0};
    CHECK(tcp(40003, 1723, bad_cookie).counter("pptp").frames == 0);
}

TEST_CASE("rdp: the mstshash cookie is a user name and is never kept", "[collectors][rdp]") {
    const auto d = decode_hex(fixtures::kRdpRequest);
    CHECK(d.counter("rdp").decoded == 1);
    CHECK(fact_values(d, FactKind::protocol_version) == std::vector<std::string>{"rdp"});
    CHECK(d.recognised.service_class == ServiceClass::remote_control);
    CHECK(d.recognised.protocol == "rdp");
    const std::string user = "yamada.taro";
    for (const auto& f : d.facts) {
        CHECK(f.value.find(user) == std::string::npos);
        CHECK(f.value.find("mstshash") == std::string::npos);
    }
    CHECK(d.recognised.product.find(user) == std::string::npos);
    CHECK(d.recognised.version.find(user) == std::string::npos);
    REQUIRE(d.conversations.size() == 1);
    const auto& c = d.conversations[0];
    CHECK(std::string(c.product_name()).find(user) == std::string::npos);
    CHECK(std::string(c.version_text()).find(user) == std::string::npos);
    CHECK(c.protocol == "rdp");
    CHECK(c.server_port == 3389);
    // Nothing in the whole row holds the name's bytes.
    const auto* raw = reinterpret_cast<const char*>(&c);  // NOLINT: scanning the row's bytes
    const std::string row_bytes(raw, sizeof(c));
    CHECK(row_bytes.find(user) == std::string::npos);
    CHECK(row_bytes.find("yamada") == std::string::npos);
}

TEST_CASE("rdp: Connection Confirm names the selected security; other X.224 is not rdp",
          "[collectors][rdp]") {
    const auto d = decode_hex(fixtures::kRdpConfirm);
    CHECK(fact_values(d, FactKind::protocol_version) == std::vector<std::string>{"rdp hybrid"});
    CHECK(d.recognised.protocol == "rdp");

    // A bare CR (no cookie, no negotiation: old clients) is still RDP.
    const auto bare = tcp(50123, 3389, hex("03 00 00 0b 06 e0 00 00 12 34 00"));
    CHECK(bare.counter("rdp").decoded == 1);
    // An ISO-TSAP CR with TSAP parameters (S7comm on 102) is not.
    const auto s7 = tcp(50123, 102, hex("03 00 00 16 11 e0 00 00 00 01 00 c0 01 0a c1 02 01 00 c2 02 01 02"));
    CHECK(s7.counter("rdp").decoded == 0);
    CHECK(s7.recognised.service_class == ServiceClass::none);
    // A cookie line that never ends is skipped whole and the message is malformed.
    const auto open = tcp(50123, 3389,
                          bytes_of("\x03\x00\x00\x1c\x17\xe0\x00\x00\x12\x34\x00"
                                   "Cookie: mstshash=abc"sv));
    CHECK(open.counter("rdp").malformed == 1);
    for (const auto& f : open.facts) {
        CHECK(f.value.find("abc") == std::string::npos);
    }
}

TEST_CASE("vnc: the RFB banner gives the protocol version", "[collectors][vnc]") {
    const auto d = decode_hex(fixtures::kVncServer);
    CHECK(fact_values(d, FactKind::protocol_version) == std::vector<std::string>{"RFB 003.008"});
    CHECK(d.recognised.service_class == ServiceClass::remote_control);
    CHECK(d.recognised.protocol == "vnc");
    CHECK(d.recognised.version == "3.8");
    REQUIRE(d.conversations.size() == 1);
    CHECK(d.conversations[0].version_text() == "3.8");
    CHECK(d.conversations[0].server_port == 5900);

    CHECK(tcp(5900, 50200, bytes_of("RFB 003.889\n")).recognised.version == "3.889");
    CHECK(tcp(5900, 50200, bytes_of("RFB 003.00x\n")).counter("vnc").malformed == 1);
    CHECK(tcp(5900, 50200, bytes_of("RFB 003.008\r")).counter("vnc").malformed == 1);
}

TEST_CASE("teamviewer: the magic counts on TeamViewer's ports only", "[collectors][teamviewer]") {
    const auto d = decode_hex(fixtures::kTeamviewerTcp);
    CHECK(d.counter("teamviewer").decoded == 1);
    CHECK(d.recognised.product == "TeamViewer");
    const auto magic = payload_of(fixtures::kTeamviewerTcp, 54);
    CHECK(tcp(50300, 443, magic).recognised.product == "TeamViewer");
    CHECK(tcp(50300, 12345, magic).recognised.service_class == ServiceClass::none);

    std::vector<std::byte> datagram(24, std::byte{0x33});
    datagram.at(0) = std::byte{0};
    datagram.at(11) = std::byte{0x17};
    datagram.at(12) = std::byte{0x24};
    CHECK(udp(50300, 5938, datagram).recognised.product == "TeamViewer");
    datagram.at(0) = std::byte{1};
    CHECK(udp(50300, 5938, datagram).recognised.service_class == ServiceClass::none);
}

TEST_CASE("tls: AnyDesk's ALPN gives its version; a FortiGate certificate is an SSL-VPN",
          "[collectors][tls]") {
    const auto anydesk = decode_hex(fixtures::kTlsAnydesk);
    CHECK(anydesk.counter("tls").decoded == 1);
    CHECK(anydesk.recognised.service_class == ServiceClass::remote_control);
    CHECK(anydesk.recognised.product == "AnyDesk");
    CHECK(anydesk.recognised.version == "7.1.11");
    REQUIRE(anydesk.conversations.size() == 1);
    CHECK(anydesk.conversations[0].product_name() == "AnyDesk");
    CHECK(anydesk.conversations[0].version_text() == "7.1.11");

    const auto forti = decode_hex(fixtures::kTlsFortigateCertificate);
    CHECK(forti.recognised.service_class == ServiceClass::ssl_vpn);
    CHECK(forti.recognised.product == "FortiGate");

    const auto plain = decode_hex(fixtures::kTlsClientHello);
    CHECK(plain.recognised.service_class == ServiceClass::none);
}

TEST_CASE("tls: remote-access rules from their data file", "[collectors][tls]") {
    using namespace daicho::collectors::tls;
    REQUIRE(kAccessRules.size() >= 10);
    const auto* relay = match_access(AccessField::sni, "Relay-1a2b.NET.AnyDesk.com");
    REQUIRE(relay != nullptr);
    CHECK(relay->product == "AnyDesk");
    CHECK(match_access(AccessField::sni, "anydesk.com.example.org") == nullptr);
    const auto* asa = match_access(AccessField::cert_cn, "ASA Temporary Self Signed Certificate");
    REQUIRE(asa != nullptr);
    CHECK(asa->service_class == ServiceClass::ssl_vpn);
    CHECK(match_access(AccessField::cert_ou, "fortigate") == nullptr);  // certificate text is exact
    CHECK(match_access(AccessField::alpn, "h2") == nullptr);
}
