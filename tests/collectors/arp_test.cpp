// ARP (RFC 826): sender bindings only, through the whole frame path.

#include <catch2/catch.hpp>

#include <string>

#include "decode_helpers.h"
#include "fixtures.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {
// Ethernet + ARP header with the given fields after ar$op.
std::string arp_frame(const std::string& hrd_pro_lens, const std::string& op,
                      const std::string& body) {
    return "ff ff ff ff ff ff 00 11 22 33 44 55 08 06\n" + hrd_pro_lens + " " + op + "\n" + body;
}
const std::string kEthIpv4 = "00 01 08 00 06 04";
}  // namespace

TEST_CASE("ARP request binds the sender", "[collectors][arp]") {
    const auto d = decode_hex(fixtures::kArpRequest);
    CHECK(d.result == DecodeResult::decoded);
    REQUIRE(d.facts.size() == 1);
    const auto& f = d.facts[0];
    CHECK(f.kind == FactKind::ip_address);
    CHECK(f.source == "arp");
    CHECK(f.subject.mac == mac("00:11:22:33:44:55"));
    CHECK(f.subject.has_mac);
    CHECK(f.subject.ip == ip("192.168.1.10"));
    CHECK(f.subject.vlan == 0);
    CHECK(f.subject.sensor == 3);
    CHECK(f.evidence.frame_no == 42);
    CHECK(f.value.empty());
    CHECK(d.ctx.ethertype == 0x0806);
    CHECK(d.counter("arp").decoded == 1);
    CHECK(d.counter("arp").observations == 1);
}

TEST_CASE("ARP reply binds ar$sha, not the Ethernet source, and never the target",
          "[collectors][arp]") {
    const auto d = decode_hex(fixtures::kArpReply);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.facts[0].subject.ip == ip("192.168.1.1"));
    CHECK(d.ctx.src_mac == mac("02:00:00:00:00:99"));
}

TEST_CASE("ARP probe (sender 0.0.0.0) binds nothing", "[collectors][arp]") {
    const auto d = decode_hex(fixtures::kArpProbe);
    CHECK(d.facts.empty());
    CHECK(d.counter("arp").decoded == 1);
}

TEST_CASE("ARP sender hardware address must be unicast and non-zero", "[collectors][arp]") {
    SECTION("zero") {
        const auto d = decode_hex(arp_frame(kEthIpv4, "00 02",
            "00 00 00 00 00 00 c0 a8 01 01 00 11 22 33 44 55 c0 a8 01 0a"));
        CHECK(d.facts.empty());
    }
    SECTION("group (I/G bit)") {
        const auto d = decode_hex(arp_frame(kEthIpv4, "00 02",
            "01 00 5e 00 00 01 c0 a8 01 01 00 11 22 33 44 55 c0 a8 01 0a"));
        CHECK(d.facts.empty());
    }
    SECTION("broadcast") {
        const auto d = decode_hex(arp_frame(kEthIpv4, "00 01",
            "ff ff ff ff ff ff c0 a8 01 01 00 00 00 00 00 00 c0 a8 01 0a"));
        CHECK(d.facts.empty());
    }
}

TEST_CASE("ARP other hardware/protocol types and opcodes are unsupported", "[collectors][arp]") {
    const std::string body = "00 11 22 33 44 55 c0 a8 01 0a 00 00 00 00 00 00 c0 a8 01 01";
    CHECK(decode_hex(arp_frame("00 06 08 00 06 04", "00 01", body)).counter("arp").unsupported ==
          1);  // IEEE 802 hardware
    CHECK(decode_hex(arp_frame("00 01 86 dd 06 04", "00 01", body)).counter("arp").unsupported ==
          1);
    CHECK(decode_hex(arp_frame(kEthIpv4, "00 03", body)).counter("arp").unsupported == 1);  // RARP
    CHECK(decode_hex(arp_frame(kEthIpv4, "00 08", body)).facts.empty());                    // InARP
}

TEST_CASE("ARP bad address lengths are malformed", "[collectors][arp]") {
    const std::string body = "00 11 22 33 44 55 c0 a8 01 0a 00 00 00 00 00 00 c0 a8 01 01 00 00";
    const auto d = decode_hex(arp_frame("00 01 08 00 08 04", "00 01", body));
    CHECK(d.counter("arp").malformed == 1);
    CHECK(d.facts.empty());
    CHECK(d.decode_errors == 1);
}

TEST_CASE("ARP addresses past the end", "[collectors][arp]") {
    const auto b = hex(arp_frame(kEthIpv4, "00 01", "00 11 22 33 44 55 c0 a8 01"));
    const auto d = decode_bytes(b);
    CHECK(d.counter("arp").malformed == 1);
    CHECK(d.facts.empty());
    CHECK(decode_bytes(b, LinkType::ethernet, 60).counter("arp").truncated == 1);
    CHECK(decode_hex("ff ff ff ff ff ff 00 11 22 33 44 55 08 06 00 01 08")
              .counter("arp")
              .malformed == 1);
}

TEST_CASE("ARP can be switched off by name", "[collectors][arp]") {
    daicho::collectors::FrameDecoderConfig config;
    config.disabled_decoders = {"arp"};
    const auto d = decode_hex(fixtures::kArpRequest, LinkType::ethernet, config);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.facts.empty());
    CHECK(d.counter("arp").frames == 0);
}
