// IPv6 Neighbor Discovery (RFC 4861): bindings from SLLA/TLLA, the RA router role, validity.

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "decode_helpers.h"
#include "fixtures.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {
const std::string kLinkLocalHost = "fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55";
const std::string kLinkLocalRouter = "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01";
const std::string kGlobal = "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01";
const std::string kUnspecified = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
const std::string kAllNodes = "ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01";
const std::string kSolicitedHost = "ff 02 00 00 00 00 00 00 00 00 00 01 ff 33 44 55";

// Ethernet + IPv6 (next header ICMPv6) around an ICMPv6 message given in hex.
std::vector<std::byte> ndp_frame(const std::string& src, const std::string& dst,
                                 const std::string& icmp, const std::string& hop_limit = "ff") {
    const auto body = hex(icmp);
    char len[8];
    std::snprintf(len, sizeof len, "%02x %02x", unsigned(body.size() >> 8U),
                  unsigned(body.size() & 0xFFU));
    auto frame = hex("33 33 00 00 00 01 00 11 22 33 44 55 86 dd 60 00 00 00 " + std::string(len) +
                     " 3a " + hop_limit + " " + src + " " + dst);
    append(frame, body);
    return frame;
}
}  // namespace

TEST_CASE("NS with SLLA binds the source address", "[collectors][ndp]") {
    const auto d = decode_hex(fixtures::kNdpNs);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.transport == daicho::collectors::Transport::icmpv6);
    CHECK(d.ctx.ttl == 255);
    REQUIRE(d.facts.size() == 1);
    const auto& f = d.facts[0];
    CHECK(f.kind == FactKind::ip_address);
    CHECK(f.source == "ndp");
    CHECK(f.subject.mac == mac("00:11:22:33:44:55"));
    CHECK(f.subject.ip == ip("fe80::211:22ff:fe33:4455"));
    CHECK(f.subject.has_mac);
    CHECK(f.subject.sensor == 3);
    CHECK(d.counter("ndp").decoded == 1);
    CHECK(d.counter("ndp").observations == 1);
}

TEST_CASE("NA with TLLA binds the target address", "[collectors][ndp]") {
    const auto d = decode_hex(fixtures::kNdpNa);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.facts[0].subject.ip == ip("fe80::1"));
}

TEST_CASE("RA binds the link-local source to the SLLA and names an IPv6 router",
          "[collectors][ndp]") {
    const auto d = decode_hex(fixtures::kNdpRa);
    REQUIRE(d.facts.size() == 2);
    CHECK(d.facts[0].kind == FactKind::ip_address);
    CHECK(d.facts[0].subject.mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(d.facts[0].subject.ip == ip("fe80::1"));
    CHECK(d.facts[1].kind == FactKind::role);
    CHECK(d.facts[1].value == "ipv6-router");
    CHECK(d.facts[1].subject.mac == mac("00:aa:bb:cc:dd:ee"));
}

TEST_CASE("RA without SLLA: role about the frame's source MAC, no binding",
          "[collectors][ndp]") {
    const auto d = decode_bytes(ndp_frame(kLinkLocalRouter, kAllNodes,
                                          "86 00 00 00 40 00 07 08 00 00 00 00 00 00 00 00"));
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].kind == FactKind::role);
    CHECK(d.facts[0].subject.mac == mac("00:11:22:33:44:55"));
    CHECK(d.facts[0].subject.ip == ip("fe80::1"));
}

TEST_CASE("RS with SLLA binds the source", "[collectors][ndp]") {
    const auto d = decode_hex(fixtures::kNdpRs);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.ip == ip("fe80::211:22ff:fe33:4455"));
    CHECK(d.facts[0].subject.mac == mac("00:11:22:33:44:55"));
}

TEST_CASE("DAD (source ::) binds nothing", "[collectors][ndp]") {
    const auto d = decode_hex(fixtures::kNdpDad);
    CHECK(d.facts.empty());
    CHECK(d.counter("ndp").decoded == 1);
    const auto rs = decode_bytes(ndp_frame(kUnspecified, kAllNodes, "85 00 00 00 00 00 00 00"));
    CHECK(rs.facts.empty());
    CHECK(rs.counter("ndp").decoded == 1);
}

TEST_CASE("NDP validity rules (RFC 4861 §6.1, §7.1) make a message malformed",
          "[collectors][ndp]") {
    const std::string ns_body = "87 00 00 00 00 00 00 00 " + kLinkLocalRouter +
                                " 01 01 00 11 22 33 44 55";
    SECTION("hop limit not 255") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost, ns_body, "40"));
        CHECK(d.counter("ndp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("code not 0") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                              "87 01" + ns_body.substr(5)));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("multicast target") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                              "87 00 00 00 00 00 00 00 " + kAllNodes));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("DAD with an SLLA") {
        const auto d = decode_bytes(ndp_frame(kUnspecified, kSolicitedHost, ns_body));
        CHECK(d.counter("ndp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("DAD not to a solicited-node group") {
        const auto d = decode_bytes(ndp_frame(kUnspecified, kAllNodes,
                                              "87 00 00 00 00 00 00 00 " + kLinkLocalHost));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("RS from :: with an SLLA") {
        const auto d = decode_bytes(ndp_frame(kUnspecified, kAllNodes,
                                              "85 00 00 00 00 00 00 00 01 01 00 11 22 33 44 55"));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("RA from a global address") {
        const auto d = decode_bytes(ndp_frame(kGlobal, kAllNodes,
            "86 00 00 00 40 00 07 08 00 00 00 00 00 00 00 00 01 01 00 aa bb cc dd ee"));
        CHECK(d.counter("ndp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("solicited NA to a multicast group") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalRouter, kAllNodes,
            "88 00 00 00 40 00 00 00 " + kLinkLocalRouter + " 02 01 00 aa bb cc dd ee"));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("unsolicited NA to all-nodes is fine") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalRouter, kAllNodes,
            "88 00 00 00 20 00 00 00 " + kLinkLocalRouter + " 02 01 00 aa bb cc dd ee"));
        CHECK(d.counter("ndp").decoded == 1);
        CHECK(d.facts.size() == 1);
    }
}

TEST_CASE("NDP options: bad lengths and hostile values", "[collectors][ndp]") {
    const std::string ns_head = "87 00 00 00 00 00 00 00 " + kLinkLocalRouter;
    SECTION("option length 0 (RFC 4861 §4.6)") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                              ns_head + " 01 00 00 11 22 33 44 55"));
        CHECK(d.counter("ndp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("option length past the end") {
        const auto b = ndp_frame(kLinkLocalHost, kSolicitedHost,
                                 ns_head + " 01 02 00 11 22 33 44 55");
        CHECK(decode_bytes(b).counter("ndp").malformed == 1);
        CHECK(decode_bytes(b, LinkType::ethernet, 200).counter("ndp").truncated == 1);
    }
    SECTION("a lone option type byte") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost, ns_head + " 01"));
        CHECK(d.counter("ndp").malformed == 1);
    }
    SECTION("SLLA longer than an Ethernet address is ignored") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
            ns_head + " 01 02 00 11 22 33 44 55 66 77 00 00 00 00 00 00"));
        CHECK(d.counter("ndp").decoded == 1);
        CHECK(d.facts.empty());
    }
    SECTION("multicast or zero SLLA binds nothing") {
        CHECK(decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                     ns_head + " 01 01 33 33 00 00 00 01"))
                  .facts.empty());
        CHECK(decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                     ns_head + " 01 01 00 00 00 00 00 00"))
                  .facts.empty());
    }
    SECTION("the first SLLA wins") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
            ns_head + " 01 01 00 11 22 33 44 55 01 01 00 66 66 66 66 66"));
        REQUIRE(d.facts.size() == 1);
        CHECK(d.facts[0].subject.mac == mac("00:11:22:33:44:55"));
    }
    SECTION("message shorter than its fixed part") {
        const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost,
                                              "87 00 00 00 00 00 00 00 fe 80"));
        CHECK(d.counter("ndp").malformed == 1);
    }
}

TEST_CASE("NDP option count hits kMaxNdpOptions, facts so far kept", "[collectors][ndp]") {
    std::string body = "87 00 00 00 00 00 00 00 " + kLinkLocalRouter + " 01 01 00 11 22 33 44 55";
    for (int i = 0; i < 40; ++i) {
        body += " 0e 01 00 00 00 00 00 00";  // nonce options (RFC 3971)
    }
    const auto d = decode_bytes(ndp_frame(kLinkLocalHost, kSolicitedHost, body));
    CHECK(d.counter("ndp").limited == 1);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.mac == mac("00:11:22:33:44:55"));
}

TEST_CASE("Other ICMPv6 types are not NDP's", "[collectors][ndp]") {
    const auto echo = decode_bytes(ndp_frame(kLinkLocalHost, kAllNodes, "80 00 00 00 00 01 00 01"));
    CHECK(echo.result == DecodeResult::decoded);
    CHECK(echo.counter("ndp").not_mine == 1);
    CHECK(echo.decode_errors == 0);
    const auto redirect = decode_bytes(ndp_frame(kLinkLocalHost, kAllNodes, "89 00 00 00"));
    CHECK(redirect.counter("ndp").not_mine == 1);
}

TEST_CASE("ICMPv6 inside an IPv6 fragment is not dispatched", "[collectors][ndp]") {
    auto frame = hex("33 33 00 00 00 01 00 11 22 33 44 55 86 dd 60 00 00 00 00 28 2c ff " +
                     kLinkLocalHost + " " + kSolicitedHost +
                     " 3a 00 00 01 00 00 00 01  87 00 00 00 00 00 00 00 " + kLinkLocalRouter +
                     " 01 01 00 11 22 33 44 55");
    const auto d = decode_bytes(frame);
    CHECK(d.ctx.ip_fragment);
    CHECK(d.facts.empty());
    CHECK(d.counter("ndp").frames == 0);
}

TEST_CASE("NDP behind VLAN tags carries the VLANs", "[collectors][ndp]") {
    auto frame = hex("33 33 ff 00 00 01 00 11 22 33 44 55 88 a8 00 07 81 00 00 08");
    const auto ns = hex(fixtures::kNdpNs);
    frame.insert(frame.end(), ns.begin() + 12, ns.end());
    const auto d = decode_bytes(frame);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].subject.outer_vlan == 7);
    CHECK(d.facts[0].subject.vlan == 8);
}
