// Network and transport layers: IPv4, IPv6 (extension headers), UDP, TCP.

#include <catch2/catch.hpp>
#include <string>

#include "decode_helpers.h"
#include "fixtures.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::LinkType;
using daicho::collectors::Transport;
using namespace daicho::test;

namespace {
// Ethernet + IPv4 header (IHL 5) around `rest`, with the given total length.
std::string ipv4_frame(const std::string& total_length, const std::string& proto_ttl,
                       const std::string& rest, const std::string& frag = "00 00") {
    return "00 aa bb cc dd ee 00 11 22 33 44 55 08 00\n"
           "45 00 " +
           total_length + " 00 01 " + frag + " " + proto_ttl + " 00 00 c0 a8 01 0a c0 a8 01 01\n" +
           rest;
}
std::string ipv6_frame(const std::string& payload_length, const std::string& next_header,
                       const std::string& rest) {
    return "00 aa bb cc dd ee 00 11 22 33 44 55 86 dd\n"
           "60 00 00 00 " +
           payload_length + " " + next_header +
           " 40\n"
           "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01\n"
           "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02\n" +
           rest;
}
}  // namespace

TEST_CASE("IPv4 + TCP SYN fill the context", "[collectors][ipv4][tcp]") {
    const auto d = decode_hex(fixtures::kIpv4TcpSyn);
    CHECK(d.ctx.src_ip == ip("192.168.1.10"));
    CHECK(d.ctx.dst_ip == ip("192.168.1.1"));
    CHECK(d.ctx.ttl == 64);
    CHECK(d.ctx.ip_proto == 6);
    CHECK_FALSE(d.ctx.ip_fragment);
    CHECK(d.ctx.transport == Transport::tcp);
    CHECK(d.ctx.src_port == 49152);
    CHECK(d.ctx.dst_port == 443);
    CHECK(d.ctx.tcp_flags == daicho::collectors::kTcpSyn);
    CHECK(d.facts.empty());  // IP traffic binds nothing
    CHECK(d.counter("ipv4").decoded == 1);
    CHECK(d.counter("tcp").decoded == 1);
    CHECK(d.decode_errors == 0);
}

TEST_CASE("IPv4 UDP with padding after the datagram", "[collectors][ipv4][udp]") {
    const auto d = decode_hex(fixtures::kIpv4Udp);
    CHECK(d.ctx.src_ip == ip("0.0.0.0"));
    CHECK(d.ctx.dst_ip == ip("255.255.255.255"));
    CHECK(d.ctx.transport == Transport::udp);
    CHECK(d.ctx.src_port == 68);
    CHECK(d.ctx.dst_port == 67);
    CHECK(d.counter("udp").decoded == 1);
}

TEST_CASE("IPv4 bad header fields", "[collectors][ipv4]") {
    SECTION("version not 4") {
        const auto d = decode_hex(
            "00 aa bb cc dd ee 00 11 22 33 44 55 08 00\n"
            "55 00 00 14 00 01 00 00 40 11 00 00 c0 a8 01 0a c0 a8 01 01");
        CHECK(d.counter("ipv4").malformed == 1);
        CHECK(d.ctx.src_ip.empty());
    }
    SECTION("IHL below 5") {
        const auto d = decode_hex(
            "00 aa bb cc dd ee 00 11 22 33 44 55 08 00\n"
            "44 00 00 14 00 01 00 00 40 11 00 00 c0 a8 01 0a c0 a8 01 01");
        CHECK(d.counter("ipv4").malformed == 1);
    }
    SECTION("total length below IHL") {
        const auto d = decode_hex(ipv4_frame("00 10", "40 11", ""));
        CHECK(d.counter("ipv4").malformed == 1);
    }
    SECTION("IHL past the total length (options past the end)") {
        const auto d = decode_hex(
            "00 aa bb cc dd ee 00 11 22 33 44 55 08 00\n"
            "4f 00 00 18 00 01 00 00 40 11 00 00 c0 a8 01 0a c0 a8 01 01 00 00 00 00");
        CHECK(d.counter("ipv4").malformed == 1);
    }
    SECTION("total length past the end: malformed; when cut, what was captured goes up") {
        const auto b = hex(ipv4_frame("05 dc", "40 11", "00 44 00 43 00 10 00 00"));
        CHECK(decode_bytes(b).counter("ipv4").malformed == 1);
        const auto cut = decode_bytes(b, LinkType::ethernet, 1514);
        CHECK(cut.counter("ipv4").decoded == 1);
        CHECK(cut.counter("udp").decoded == 1);
        CHECK(cut.counter("dhcp").truncated == 1);  // the 8 data bytes were never captured
        CHECK(cut.ctx.dst_port == 67);
    }
    SECTION("header shorter than 20 bytes") {
        CHECK(decode_hex("00 aa bb cc dd ee 00 11 22 33 44 55 08 00 45 00 00")
                  .counter("ipv4")
                  .malformed == 1);
    }
}

TEST_CASE("IPv4 total length 0 is read as a TSO capture", "[collectors][ipv4]") {
    const auto d = decode_hex(ipv4_frame("00 00", "40 11", "00 44 00 43 00 0c 00 00 01 02 03 04"));
    CHECK(d.counter("ipv4").decoded == 1);
    CHECK(d.ctx.dst_port == 67);
}

TEST_CASE("IPv4 fragments are counted, not reassembled", "[collectors][ipv4]") {
    SECTION("later fragment: no L4 header") {
        const auto d = decode_hex(fixtures::kIpv4LaterFragment);
        CHECK(d.ctx.ip_fragment);
        CHECK(d.ctx.ip_later_fragment);
        CHECK(d.ctx.transport == Transport::udp);
        CHECK(d.ctx.src_port == 0);
        CHECK(d.counter("udp").frames == 0);
    }
    SECTION("first fragment (MF): ports only, the UDP length may exceed the fragment") {
        const auto d = decode_hex(ipv4_frame("00 1c", "40 11", "00 44 00 43 02 00 00 00", "20 00"));
        CHECK(d.ctx.ip_fragment);
        CHECK_FALSE(d.ctx.ip_later_fragment);
        CHECK(d.ctx.src_port == 68);
        CHECK(d.counter("udp").decoded == 1);
    }
}

TEST_CASE("ICMP and other protocols set the transport", "[collectors][ipv4]") {
    CHECK(decode_hex(ipv4_frame("00 1c", "40 01", "08 00 00 00 00 01 00 01")).ctx.transport ==
          Transport::icmp);
    const auto gre = decode_hex(ipv4_frame("00 18", "40 2f", "00 00 08 00"));
    CHECK(gre.ctx.transport == Transport::other);
    CHECK(gre.ctx.ip_proto == 47);
}

TEST_CASE("UDP length field", "[collectors][udp]") {
    SECTION("below 8") {
        const auto d = decode_hex(ipv4_frame("00 1c", "40 11", "00 44 00 43 00 07 00 00"));
        CHECK(d.counter("udp").malformed == 1);
        CHECK(d.ctx.dst_port == 67);  // the ports were read
    }
    SECTION("past the IP datagram") {
        const auto d = decode_hex(ipv4_frame("00 1c", "40 11", "00 44 00 43 00 40 00 00"));
        CHECK(d.counter("udp").malformed == 1);
    }
    SECTION("header past the datagram") {
        const auto d = decode_hex(ipv4_frame("00 18", "40 11", "00 44 00 43"));
        CHECK(d.counter("udp").malformed == 1);
    }
}

TEST_CASE("TCP data offset", "[collectors][tcp]") {
    SECTION("below 5") {
        const auto d = decode_hex(ipv4_frame(
            "00 28", "40 06", "c0 00 01 bb 00 00 00 01 00 00 00 00 40 02 ff ff 00 00 00 00"));
        CHECK(d.counter("tcp").malformed == 1);
    }
    SECTION("options past the segment") {
        const auto d = decode_hex(ipv4_frame(
            "00 28", "40 06", "c0 00 01 bb 00 00 00 01 00 00 00 00 f0 02 ff ff 00 00 00 00"));
        CHECK(d.counter("tcp").malformed == 1);
        CHECK(d.ctx.tcp_flags == 0x02);
    }
    SECTION("all flags") {
        const auto d = decode_hex(ipv4_frame(
            "00 28", "40 06", "c0 00 01 bb 00 00 00 01 00 00 00 00 50 ff ff ff 00 00 00 00"));
        CHECK(d.ctx.tcp_flags == 0xff);
        CHECK(d.counter("tcp").decoded == 1);
    }
}

TEST_CASE("IPv6 header and extension chain", "[collectors][ipv6]") {
    const auto d = decode_hex(fixtures::kIpv6ExtUdp);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.ctx.src_ip == ip("fe80::211:22ff:fe33:4455"));
    CHECK(d.ctx.dst_ip == ip("ff02::1:2"));
    CHECK(d.ctx.ttl == 1);
    CHECK(d.ctx.ip_proto == 17);
    CHECK(d.ctx.transport == Transport::udp);
    CHECK(d.ctx.src_port == 546);
    CHECK(d.ctx.dst_port == 547);
    CHECK(d.counter("ipv6").decoded == 1);
    CHECK(d.counter("udp").decoded == 1);
}

TEST_CASE("IPv6 routing and AH headers are walked", "[collectors][ipv6]") {
    const auto d = decode_hex(ipv6_frame("00 28", "2b", R"(
        33 00 00 00 00 00 00 00   # Routing: next AH, len 0, type 0, segments left 0
        06 01 00 00 00 00 00 01   # AH: next TCP, payload len 1 -> (1 + 2) * 4 = 12 bytes
        00 00 00 01
        c0 00 01 bb 00 00 00 01 00 00 00 00 50 02 ff ff 00 00 00 00)"));
    CHECK(d.counter("ipv6").decoded == 1);
    CHECK(d.ctx.ip_proto == 6);
    CHECK(d.ctx.dst_port == 443);
}

TEST_CASE("IPv6 fragment header", "[collectors][ipv6]") {
    SECTION("first fragment: ports read, nothing dispatched") {
        const auto d = decode_hex(fixtures::kIpv6FirstFragment);
        CHECK(d.ctx.ip_fragment);
        CHECK_FALSE(d.ctx.ip_later_fragment);
        CHECK(d.ctx.ip_proto == 17);
        CHECK(d.ctx.dst_port == 53);
    }
    SECTION("later fragment: final next header taken from the fragment header") {
        const auto d = decode_hex(
            ipv6_frame("00 10", "2c", "11 00 05 c8 00 00 ab cd  de ad be ef de ad be ef"));
        CHECK(d.ctx.ip_fragment);
        CHECK(d.ctx.ip_later_fragment);
        CHECK(d.ctx.ip_proto == 17);
        CHECK(d.counter("udp").frames == 0);
    }
    SECTION("atomic fragment (offset 0, M 0) is not a fragment (RFC 6946)") {
        const auto d = decode_hex(ipv6_frame(
            "00 14", "2c", "11 00 00 00 00 00 ab cd  00 35 00 35 00 0c 00 00 00 00 00 00"));
        CHECK_FALSE(d.ctx.ip_fragment);
        CHECK(d.counter("udp").decoded == 1);
    }
}

TEST_CASE("IPv6 extension chain hits kMaxIpv6ExtensionHeaders", "[collectors][ipv6]") {
    // Nine Destination Options headers: one more than the limit.
    std::string chain;
    for (int i = 0; i < 9; ++i) {
        chain += "3c 00 01 04 00 00 00 00\n";
    }
    chain += "11 00 01 04 00 00 00 00\n";
    const auto d = decode_hex(ipv6_frame("00 50", "3c", chain));
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("ipv6").limited == 1);
    CHECK(d.ctx.transport == Transport::none);

    std::string eight;
    for (int i = 0; i < 7; ++i) {
        eight += "3c 00 01 04 00 00 00 00\n";
    }
    eight += "11 00 01 04 00 00 00 00\n 00 35 00 35 00 08 00 00";
    const auto ok = decode_hex(ipv6_frame("00 48", "3c", eight));
    CHECK(ok.counter("ipv6").decoded == 1);  // exactly the limit is fine
    CHECK(ok.ctx.dst_port == 53);
}

TEST_CASE("IPv6 hostile values", "[collectors][ipv6]") {
    SECTION("Hop-by-Hop not first") {
        const auto d = decode_hex(
            ipv6_frame("00 10", "3c", "00 00 01 04 00 00 00 00  11 00 01 04 00 00 00 00"));
        CHECK(d.counter("ipv6").malformed == 1);
    }
    SECTION("extension length past the payload") {
        const auto d = decode_hex(ipv6_frame("00 08", "3c", "11 ff 01 04 00 00 00 00"));
        CHECK(d.counter("ipv6").malformed == 1);
    }
    SECTION("payload length past the end") {
        const auto b = hex(ipv6_frame("ff ff", "3b", ""));
        CHECK(decode_bytes(b).counter("ipv6").malformed == 1);
        const auto cut = decode_bytes(b, LinkType::ethernet, 70000);
        CHECK(cut.counter("ipv6").decoded == 1);  // what was captured goes up
        CHECK(cut.ctx.ip_proto == 0x3b);
    }
    SECTION("version not 6") {
        const auto d = decode_hex(
            "00 aa bb cc dd ee 00 11 22 33 44 55 86 dd 40 00 00 00 00 00 3b 40"
            " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
            " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        CHECK(d.counter("ipv6").malformed == 1);
    }
    SECTION("no next header (59) with an empty payload") {
        const auto d = decode_hex(ipv6_frame("00 00", "3b", ""));
        CHECK(d.counter("ipv6").decoded == 1);
        CHECK(d.ctx.ip_proto == 59);
        CHECK(d.ctx.transport == Transport::other);
    }
}
