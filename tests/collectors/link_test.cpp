// Link layers: Ethernet II / 802.3, 802.1Q/QinQ, LLC/SNAP, Linux SLL/SLL2, NULL/LOOP, raw IP.

#include <catch2/catch.hpp>

#include "decode_helpers.h"
#include "fixtures.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

TEST_CASE("Ethernet header fills the MACs and EtherType", "[collectors][ethernet]") {
    const auto d = decode_hex(fixtures::kIpv4TcpSyn);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.has_l2);
    CHECK(d.ctx.dst_mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.ctx.src_mac == mac("00:11:22:33:44:55"));
    CHECK(d.ctx.ethertype == 0x0800);
    CHECK(d.ctx.vlan == 0);
    CHECK(d.ctx.vlan_depth == 0);
    CHECK(d.ctx.sensor == 3);
    CHECK(d.ctx.evidence.frame_no == 42);
    CHECK(d.ctx.evidence.capture_id == 7);
    CHECK(d.ctx.evidence.ts_us == 1'700'000'000'000'000);  // filled from the frame
    CHECK_FALSE(d.ctx.capture_cut);
    CHECK(d.counter("ethernet").decoded == 1);
}

TEST_CASE("Ethernet frames shorter than the header", "[collectors][ethernet]") {
    const auto b = hex("ff ff ff ff ff ff 00 11 22 33 44 55 08");  // 13 bytes
    CHECK(decode_bytes(b).result == DecodeResult::malformed);
    const auto cut = decode_bytes(b, LinkType::ethernet, 60);
    CHECK(cut.result == DecodeResult::truncated);
    CHECK(cut.ctx.capture_cut);
    CHECK(cut.counter("ethernet").truncated == 1);
    CHECK(cut.decode_errors == 1);
    CHECK(decode_bytes({}).result == DecodeResult::malformed);
}

TEST_CASE("Ethernet type field between 1501 and 1535 is malformed", "[collectors][ethernet]") {
    const auto d = decode_hex("ff ff ff ff ff ff 00 11 22 33 44 55  05 ff  # neither length nor type");
    CHECK(d.result == DecodeResult::malformed);
    CHECK(d.counter("ethernet").malformed == 1);
}

TEST_CASE("Unknown EtherType is read and dispatched to nobody", "[collectors][ethernet]") {
    const auto d = decode_hex("ff ff ff ff ff ff 00 11 22 33 44 55  88 b5  # local experimental\n 00 00");
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.ethertype == 0x88b5);
    CHECK(d.facts.empty());
}

TEST_CASE("802.1Q tag gives the VID", "[collectors][vlan]") {
    const auto d = decode_hex(fixtures::kVlanIpv4Options);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.vlan == 10);
    CHECK(d.ctx.outer_vlan == 0);
    CHECK(d.ctx.vlan_depth == 1);
    CHECK(d.ctx.ethertype == 0x0800);
    CHECK(d.ctx.src_ip == ip("10.0.0.5"));
    CHECK(d.ctx.dst_port == 9);
}

TEST_CASE("QinQ keeps the S-VID as outer and the C-VID as inner", "[collectors][vlan]") {
    const auto d = decode_hex(fixtures::kArpQinq);
    CHECK(d.ctx.outer_vlan == 100);
    CHECK(d.ctx.vlan == 20);
    CHECK(d.ctx.vlan_depth == 2);
    CHECK(d.ctx.ethertype == 0x0806);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.vlan == 20);
    CHECK(d.facts[0].subject.outer_vlan == 100);
}

TEST_CASE("Legacy 0x9100 QinQ TPID is a tag too", "[collectors][vlan]") {
    const auto d = decode_hex(R"(
        00 11 22 33 44 55 00 aa bb cc dd ee
        91 00 00 c8   # TPID 0x9100, VID 200
        81 00 0f fe   # VID 4094
        88 b5 00 00   # EtherType)");
    CHECK(d.ctx.outer_vlan == 200);
    CHECK(d.ctx.vlan == 4094);
    CHECK(d.ctx.ethertype == 0x88b5);
}

TEST_CASE("A third VLAN tag hits kMaxVlanTags", "[collectors][vlan]") {
    const auto d = decode_hex(R"(
        00 11 22 33 44 55 00 aa bb cc dd ee
        88 a8 00 64   # S-tag VID 100
        81 00 00 14   # C-tag VID 20
        81 00 00 1e   # a third tag, VID 30: the limit
        08 06 00 01 08 00 06 04 00 02 00 aa bb cc dd ee 0a 14 00 01
        00 11 22 33 44 55 0a 14 00 63)");
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.vlan_depth == 3);
    CHECK(d.ctx.outer_vlan == 100);
    CHECK(d.ctx.vlan == 20);
    CHECK(d.ctx.ethertype == 0);
    CHECK(d.facts.empty());  // not filed under the wrong VLAN
    CHECK(d.counter("vlan").limited == 1);
    CHECK(d.counter("vlan").decoded == 2);
    CHECK(d.counter("arp").frames == 0);
}

TEST_CASE("VLAN tag past the end", "[collectors][vlan]") {
    const auto b = hex("00 11 22 33 44 55 00 aa bb cc dd ee  81 00 00");
    const auto d = decode_bytes(b);
    CHECK(d.result == DecodeResult::decoded);  // the Ethernet header was read
    CHECK(d.counter("vlan").malformed == 1);
    CHECK(decode_bytes(b, LinkType::ethernet, 64).counter("vlan").truncated == 1);
}

TEST_CASE("802.3 LLC/SNAP with a vendor OUI", "[collectors][llc]") {
    const auto d = decode_hex(fixtures::kLlcSnapCdp);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.ethertype == 0);
    CHECK(d.counter("llc").decoded == 1);
    CHECK(d.counter("cdp").frames == 1);  // SNAP 00000c/2000 goes to the CDP row
}

TEST_CASE("802.3 LLC with a plain SAP (STP)", "[collectors][llc]") {
    const auto d = decode_hex(fixtures::kLlcStp);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("llc").decoded == 1);
    CHECK(d.ctx.ethertype == 0);
}

TEST_CASE("RFC 1042 SNAP (OUI 000000) continues as an EtherType", "[collectors][llc]") {
    const auto d = decode_hex(R"(
        ff ff ff ff ff ff 00 11 22 33 44 55
        00 24            # 802.3 length 36 = 8 LLC/SNAP + 28 ARP
        aa aa 03 00 00 00 08 06   # SNAP, OUI 0, PID ARP
        00 01 08 00 06 04 00 01 00 11 22 33 44 55 c0 a8 01 0a
        00 00 00 00 00 00 c0 a8 01 01)");
    CHECK(d.ctx.ethertype == 0x0806);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.ip == ip("192.168.1.10"));
}

TEST_CASE("802.3 length past the end of the frame", "[collectors][llc]") {
    const auto b = hex("ff ff ff ff ff ff 00 11 22 33 44 55  05 dc  # length 1500\n aa aa 03");
    CHECK(decode_bytes(b).counter("llc").malformed == 1);
    CHECK(decode_bytes(b, LinkType::ethernet, 1514).counter("llc").truncated == 1);
}

TEST_CASE("802.3 length too short for the LLC header", "[collectors][llc]") {
    const auto d = decode_hex("ff ff ff ff ff ff 00 11 22 33 44 55  00 02  # length 2\n aa aa 03 00 00");
    CHECK(d.counter("llc").malformed == 1);  // padding after `length` is never read as LLC
}

TEST_CASE("LLC I-format control is two octets", "[collectors][llc]") {
    const auto d = decode_hex("ff ff ff ff ff ff 00 11 22 33 44 55  00 04\n f0 f0 00 02  # NetBIOS I-frame");
    CHECK(d.counter("llc").decoded == 1);
}

TEST_CASE("Linux SLL carries the source MAC and protocol", "[collectors][sll]") {
    const auto d = decode_hex(fixtures::kSllArp, LinkType::linux_sll);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.has_l2);
    CHECK(d.ctx.src_mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.ctx.dst_mac.is_zero());
    CHECK(d.ctx.ethertype == 0x0806);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.counter("sll").decoded == 1);
}

TEST_CASE("Linux SLL2 carries the source MAC and protocol", "[collectors][sll]") {
    const auto d = decode_hex(fixtures::kSll2Na, LinkType::linux_sll2);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.src_mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.ctx.ethertype == 0x86dd);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.ip == ip("fe80::1"));
}

TEST_CASE("Linux SLL: non-Ethernet hardware, LLC and unknown protocols", "[collectors][sll]") {
    SECTION("ARPHRD other than Ethernet: no MAC") {
        const auto d = decode_hex("00 00 03 04 00 00 00 00 00 00 00 00 00 00 86 dd  # ARPHRD_NONE",
                                  LinkType::linux_sll);
        CHECK_FALSE(d.ctx.has_l2);
        CHECK(d.counter("ipv6").malformed == 1);  // no IPv6 header follows
    }
    SECTION("protocol 0x0004: 802.2 LLC without a length") {
        const auto d = decode_hex(
            "00 00 00 01 00 06 00 11 22 33 44 55 00 00 00 04  42 42 03 00 00", LinkType::linux_sll);
        CHECK(d.counter("llc").decoded == 1);
    }
    SECTION("protocol 0x000c (CAN): unsupported, header read") {
        const auto d = decode_hex("00 00 01 18 00 00 00 00 00 00 00 00 00 00 00 0c  00",
                                  LinkType::linux_sll);
        CHECK(d.result == DecodeResult::decoded);
        CHECK(d.counter("sll").unsupported == 1);
    }
    SECTION("header past the end") {
        CHECK(decode_hex("00 00 00 01 00 06", LinkType::linux_sll).result ==
              DecodeResult::malformed);
        CHECK(decode_hex("00 00 00 01 00 06 00 11 22 33 44 55 00 00 86", LinkType::linux_sll2)
                  .result == DecodeResult::malformed);
    }
}

TEST_CASE("BSD NULL accepts the address family in either byte order", "[collectors][loopback]") {
    const auto le = decode_hex(fixtures::kNullIpv4Udp, LinkType::null);
    CHECK(le.result == DecodeResult::decoded);
    CHECK_FALSE(le.ctx.has_l2);
    CHECK(le.ctx.ethertype == 0x0800);
    CHECK(le.ctx.src_ip == ip("127.0.0.1"));
    CHECK(le.ctx.dst_port == 9);

    auto b = hex(fixtures::kNullIpv4Udp);
    b[0] = std::byte{0};
    b[3] = std::byte{2};  // AF_INET big-endian
    CHECK(decode_bytes(b, LinkType::null).ctx.src_ip == ip("127.0.0.1"));
    CHECK(decode_bytes(b, LinkType::loop).ctx.src_ip == ip("127.0.0.1"));
}

TEST_CASE("Loopback IPv6 address families 24, 28, 30", "[collectors][loopback]") {
    auto b = hex(fixtures::kLoopIpv6Rs);
    for (std::uint8_t af : {24, 28, 30}) {
        b[3] = std::byte{af};
        const auto d = decode_bytes(b, LinkType::loop);
        INFO(int(af));
        CHECK(d.ctx.ethertype == 0x86dd);
        CHECK(d.facts.size() == 1);  // RS with SLLA still binds through the option
    }
    b[3] = std::byte{7};  // unknown family
    const auto d = decode_bytes(b, LinkType::loop);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("loopback").unsupported == 1);
    CHECK(decode_hex("02 00", LinkType::null).result == DecodeResult::malformed);
}

TEST_CASE("Raw IP picks the version from the first nibble", "[collectors][raw_ip]") {
    const auto v4 = decode_hex(fixtures::kRawIpv4Tcp, LinkType::raw);
    CHECK(v4.ctx.src_ip == ip("192.168.1.10"));
    CHECK(v4.ctx.tcp_flags == 0x12);
    const auto dlt12 = decode_hex(fixtures::kRawIpv4Tcp, LinkType::raw_dlt12);
    CHECK(dlt12.ctx.dst_port == 443);
    auto v6 = hex(fixtures::kNdpNa);
    const auto d6 = decode_bytes(std::span(v6).subspan(14), LinkType::raw);
    CHECK(d6.ctx.src_ip == ip("fe80::1"));
    CHECK(d6.facts.size() == 1);
    CHECK(d6.facts[0].subject.has_mac);  // the TLLA gives the MAC
    CHECK(decode_hex("50 00", LinkType::raw).result == DecodeResult::malformed);
    CHECK(decode_hex("", LinkType::raw).result == DecodeResult::malformed);
}

TEST_CASE("Unknown link type is unsupported", "[collectors][ethernet]") {
    const auto b = hex("00 01 02 03");
    const auto d = decode_bytes(b, static_cast<LinkType>(147));
    CHECK(d.result == DecodeResult::unsupported);
    CHECK(d.counter("other_link").unsupported == 1);
}
