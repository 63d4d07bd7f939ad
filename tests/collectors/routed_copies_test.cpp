// One copy of a routed packet (net/routed_copies.h, issue 11): the same packet seen again in
// another VLAN of the SPAN (TTL one less, the router's MACs, maybe NAT'd) yields no facts;
// packets that only look alike do.

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "decode_helpers.h"
#include "net/routed_copies.h"

using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

std::string hex16(unsigned v) {
    char b[8];
    std::snprintf(b, sizeof b, "%02x %02x ", (v >> 8U) & 0xFFU, v & 0xFFU);
    return b;
}
std::string hex8(unsigned v) {
    char b[4];
    std::snprintf(b, sizeof b, "%02x ", v & 0xFFU);
    return b;
}
std::string ip4_hex(unsigned a, unsigned b, unsigned c, unsigned d) {
    return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}

// One copy of a packet as a VLAN of the SPAN shows it.
struct Copy {
    std::string dst_mac = "00 00 5e 00 01 0a ";  // the router's VLAN 10 interface
    std::string src_mac = "00 11 22 33 44 55 ";  // the host
    unsigned vlan = 10;
    std::string src = ip4_hex(10, 10, 0, 5);
    std::string dst = ip4_hex(10, 20, 0, 7);
    unsigned ttl = 64;
    unsigned ident = 0x1234;
    unsigned proto = 17;
};

std::vector<std::byte> ipv4_frame(const Copy& c, const std::string& l4, std::size_t l4_len) {
    std::string text = c.dst_mac + c.src_mac;
    if (c.vlan != 0) {
        text += "81 00 " + hex16(c.vlan);
    }
    text += "08 00 45 00 " + hex16(static_cast<unsigned>(20 + l4_len)) + hex16(c.ident) +
            "00 00 " + hex8(c.ttl) + hex8(c.proto) + "00 00 " + c.src + c.dst + l4;
    return hex(text);
}

// A DNS query for windowsupdate.microsoft.com (RFC 1035 §4.1) in UDP from `sport`, with the
// given UDP checksum (NAT rewrites both).
std::string dns_query_udp(unsigned sport, unsigned checksum) {
    return hex16(sport) + "00 35 00 35 " + hex16(checksum) +
           "12 34 01 00 00 01 00 00 00 00 00 00 "
           "0d 77 69 6e 64 6f 77 73 75 70 64 61 74 65 09 6d "
           "69 63 72 6f 73 6f 66 74 03 63 6f 6d 00 00 01 00 01 ";
}
constexpr std::size_t kDnsQueryUdpLen = 53;

// A TCP SYN+ACK from port 104 (a DICOM SCP) with the given sequence number.
std::string syn_ack_tcp(unsigned dport, std::uint32_t seq) {
    return "00 68 " + hex16(dport) + hex16(seq >> 16U) + hex16(seq & 0xFFFFU) +
           "00 00 10 01 50 12 fa f0 00 00 00 00 ";
}
constexpr std::size_t kTcpHeaderLen = 20;

// One FrameDecoder fed frame after frame, each frame with its own time and sensor.
class Span {
   public:
    Span() : decoder_(test_decoder_config()), sink_(std::make_unique<daicho::collectors::ObservationSink>()) {}

    std::vector<Fact> feed(const std::vector<std::byte>& bytes, std::int64_t ts_us,
                           std::uint16_t sensor = 3) {
        daicho::collectors::Frame frame;
        frame.bytes = bytes;
        frame.wire_len = static_cast<std::uint32_t>(bytes.size());
        frame.sensor = sensor;
        frame.ts_us = ts_us;
        frame.evidence = daicho::collectors::EvidenceRef{7, ++frames_, 0};
        daicho::collectors::PacketContext ctx;
        sink_->clear();
        decoder_.decode(frame, ctx, *sink_);
        std::vector<Fact> now;
        for (const auto& o : sink_->observations()) {
            now.push_back(
                Fact{o.subject, o.kind, std::string(o.value), std::string(o.source), o.evidence});
        }
        return now;
    }
    [[nodiscard]] daicho::collectors::DecoderCounters block() const {
        for (const auto& c : decoder_.counters()) {
            if (c.name == "routed_copies") {
                return c.counters;
            }
        }
        return {};
    }

   private:
    daicho::collectors::FrameDecoder decoder_;
    std::unique_ptr<daicho::collectors::ObservationSink> sink_;
    std::uint64_t frames_ = 0;
};

constexpr std::int64_t kT0 = 1'700'000'000'000'000;

// The query as the router forwards it into VLAN 20: TTL one less, the router's MACs.
Copy forwarded(Copy c) {
    c.vlan = 20;
    c.src_mac = "00 00 5e 00 01 14 ";
    c.dst_mac = "00 66 77 88 99 aa ";
    c.ttl -= 1;
    return c;
}

}  // namespace

TEST_CASE("Routed copies: the forwarded and the NAT'd copy of a query add no facts",
          "[collectors][routed_copies]") {
    Span span;
    const Copy sent;
    const auto first = span.feed(ipv4_frame(sent, dns_query_udp(51000, 0x1111), kDnsQueryUdpLen), kT0);
    REQUIRE(first.size() == 1);
    CHECK(first[0].kind == FactKind::dns_query);
    CHECK(first[0].subject.mac == mac("00:11:22:33:44:55"));  // the host, not the router
    CHECK(first[0].subject.vlan == 10);
    CHECK(first[0].evidence.frame_no == 1);

    const Copy routed = forwarded(sent);
    CHECK(span.feed(ipv4_frame(routed, dns_query_udp(51000, 0x1111), kDnsQueryUdpLen), kT0 + 40)
              .empty());

    // The firewall's WAN side: TTL one less again, source NAT'd to 203.0.113.2 and another
    // port (so another UDP checksum), VLAN 30.
    Copy natted = forwarded(routed);
    natted.vlan = 30;
    natted.src = ip4_hex(203, 0, 113, 2);
    natted.dst = ip4_hex(10, 20, 0, 7);
    CHECK(span.feed(ipv4_frame(natted, dns_query_udp(61001, 0x2222), kDnsQueryUdpLen), kT0 + 90)
              .empty());

    const auto b = span.block();
    CHECK(b.frames == 3);
    CHECK(b.decoded == 1);
    CHECK(b.not_mine == 2);
}

TEST_CASE("Routed copies: a reply DNAT'd back to the inside client is one copy",
          "[collectors][routed_copies]") {
    Span span;
    Copy wan;  // a server's SYN+ACK to the firewall's WAN address
    wan.proto = 6;
    wan.vlan = 30;
    wan.src = ip4_hex(10, 20, 0, 7);
    wan.dst = ip4_hex(203, 0, 113, 2);
    wan.ttl = 64;
    wan.ident = 0;  // Linux sends SYN+ACKs with identification 0
    const auto first = span.feed(ipv4_frame(wan, syn_ack_tcp(61001, 0xA1B2C3D4), kTcpHeaderLen), kT0);
    REQUIRE(first.size() == 1);
    CHECK(first[0].kind == FactKind::service);
    CHECK(first[0].value == "tcp/104");

    Copy inside = forwarded(wan);
    inside.dst = ip4_hex(10, 10, 0, 5);  // destination NAT back, port too
    CHECK(span.feed(ipv4_frame(inside, syn_ack_tcp(51000, 0xA1B2C3D4), kTcpHeaderLen), kT0 + 30)
              .empty());

    // Another SYN+ACK of the same server (identification 0 again, another sequence number)
    // is not a copy.
    CHECK(span.feed(ipv4_frame(inside, syn_ack_tcp(51002, 0x01020304), kTcpHeaderLen), kT0 + 60)
              .size() == 1);
    CHECK(span.block().not_mine == 1);
}

TEST_CASE("Routed copies: what only looks like a copy keeps its facts",
          "[collectors][routed_copies]") {
    Span span;
    const Copy sent;
    const auto query = dns_query_udp(51000, 0x1111);
    REQUIRE(span.feed(ipv4_frame(sent, query, kDnsQueryUdpLen), kT0).size() == 1);

    SECTION("the same TTL: a duplicate on one link, or a retransmission") {
        Copy again = sent;
        again.vlan = 20;
        CHECK(span.feed(ipv4_frame(again, query, kDnsQueryUdpLen), kT0 + 10).size() == 1);
    }
    SECTION("another identification") {
        Copy other = forwarded(sent);
        other.ident = 0x1235;
        CHECK(span.feed(ipv4_frame(other, query, kDnsQueryUdpLen), kT0 + 10).size() == 1);
    }
    SECTION("neither address shared: another sender to another receiver") {
        Copy other = forwarded(sent);
        other.src = ip4_hex(10, 30, 0, 9);
        other.dst = ip4_hex(10, 40, 0, 1);
        CHECK(span.feed(ipv4_frame(other, query, kDnsQueryUdpLen), kT0 + 10).size() == 1);
    }
    SECTION("another query name (one byte of data differs)") {
        auto changed = query;
        changed.replace(changed.find("77 69 6e"), 2, "57");  // 'w' -> 'W'
        CHECK(span.feed(ipv4_frame(forwarded(sent), changed, kDnsQueryUdpLen), kT0 + 10).size() ==
              1);
    }
    SECTION("after the window") {
        CHECK(span.feed(ipv4_frame(forwarded(sent), query, kDnsQueryUdpLen),
                        kT0 + daicho::collectors::net::RoutedCopies::kWindowUs + 1)
                  .size() == 1);
    }
    SECTION("another sensor") {
        CHECK(span.feed(ipv4_frame(forwarded(sent), query, kDnsQueryUdpLen), kT0 + 10, 4).size() ==
              1);
    }
    SECTION("the forwarded copy was first: the sender's, TTL higher, is kept too") {
        Span reordered;
        REQUIRE(reordered.feed(ipv4_frame(forwarded(sent), query, kDnsQueryUdpLen), kT0).size() ==
                1);
        CHECK(reordered.feed(ipv4_frame(sent, query, kDnsQueryUdpLen), kT0 + 10).size() == 1);
    }
    CHECK(span.block().not_mine == 0);
}

TEST_CASE("Routed copies: a third copy compares with the first", "[collectors][routed_copies]") {
    Span span;
    const Copy sent;
    const auto query = dns_query_udp(51000, 0x1111);
    REQUIRE(span.feed(ipv4_frame(sent, query, kDnsQueryUdpLen), kT0).size() == 1);
    const Copy second = forwarded(sent);
    CHECK(span.feed(ipv4_frame(second, query, kDnsQueryUdpLen), kT0 + 5).empty());
    Copy third = forwarded(second);
    third.vlan = 30;
    CHECK(span.feed(ipv4_frame(third, query, kDnsQueryUdpLen), kT0 + 9).empty());
    CHECK(span.block().not_mine == 2);
}

TEST_CASE("Routed copies: IPv6 keys on the flow label", "[collectors][routed_copies]") {
    // A DNS query from 2001:db8:10::5 to 2001:db8:20::7, flow label 0x5a5a5, hop limit `hops`.
    const auto v6 = [](const std::string& vlan, const std::string& src_mac, unsigned hops,
                       unsigned flow) {
        return hex("00 00 5e 00 01 0a " + src_mac + "81 00 " + vlan + "86 dd " +
                   "60 " + hex8((flow >> 16U) & 0x0FU) + hex16(flow & 0xFFFFU) +
                   hex16(kDnsQueryUdpLen) + "11 " + hex8(hops) +
                   "20 01 0d b8 00 10 00 00 00 00 00 00 00 00 00 05 "
                   "20 01 0d b8 00 20 00 00 00 00 00 00 00 00 00 07 " +
                   dns_query_udp(51000, 0x3333));
    };
    Span span;
    REQUIRE(span.feed(v6("00 0a ", "00 11 22 33 44 55 ", 64, 0x5a5a5), kT0).size() == 1);
    CHECK(span.feed(v6("00 14 ", "00 00 5e 00 01 14 ", 63, 0x5a5a5), kT0 + 20).empty());
    CHECK(span.feed(v6("00 14 ", "00 00 5e 00 01 14 ", 63, 0x5a5a6), kT0 + 30).size() == 1);
}

TEST_CASE("Routed copies: the key leaves out what NAT rewrites", "[collectors][routed_copies]") {
    using daicho::collectors::ByteReader;
    using daicho::collectors::PacketContext;
    using daicho::collectors::net::routed_copy_key;
    PacketContext ctx;
    ctx.sensor = 3;
    ctx.src_ip = ip("10.10.0.5");
    ctx.ip_proto = 17;
    ctx.ip_id = 0x1234;
    const auto a = hex(dns_query_udp(51000, 0x1111));
    const auto b = hex(dns_query_udp(61001, 0x2222));  // ports and checksum rewritten
    CHECK(routed_copy_key(ctx, ByteReader(a)) == routed_copy_key(ctx, ByteReader(b)));
    auto shorter = a;
    shorter.pop_back();
    CHECK(routed_copy_key(ctx, ByteReader(a)) != routed_copy_key(ctx, ByteReader(shorter)));
    PacketContext other = ctx;
    other.ip_id = 0x1235;
    CHECK(routed_copy_key(ctx, ByteReader(a)) != routed_copy_key(other, ByteReader(a)));
    other = ctx;
    other.ip_proto = 6;
    CHECK(routed_copy_key(ctx, ByteReader(a)) != routed_copy_key(other, ByteReader(a)));
    // A short or empty transport header digests what is there, without reading past it.
    const auto stub = hex("00 35");
    CHECK(routed_copy_key(ctx, ByteReader(stub)) != routed_copy_key(ctx, ByteReader(a)));
    CHECK(routed_copy_key(ctx, ByteReader()) != routed_copy_key(ctx, ByteReader(stub)));
}

TEST_CASE("Routed copies: a rewritten destination hands back the kept copy's row",
          "[collectors][routed_copies]") {
    using daicho::collectors::ByteReader;
    using daicho::collectors::PacketContext;
    using daicho::collectors::net::kNoConversationRow;
    using daicho::collectors::net::RoutedCopies;
    RoutedCopies copies(64);
    const auto l4 = hex(dns_query_udp(53, 0x1111));
    PacketContext kept;  // the answer on the WAN, to the firewall's address
    kept.src_ip = ip("198.51.100.53");
    kept.dst_ip = ip("203.0.113.2");
    kept.ip_proto = 17;
    kept.ip_id = 0x2222;
    kept.ttl = 57;
    kept.evidence.ts_us = kT0;
    const auto first = copies.check(kept, ByteReader(l4));
    CHECK_FALSE(first.later);
    copies.first_copy_row(17);

    PacketContext routed = kept;  // forwarded on, no NAT: a copy, no view
    routed.ttl = 56;
    routed.evidence.ts_us = kT0 + 10;
    const auto plain = copies.check(routed, ByteReader(l4));
    CHECK(plain.later);
    CHECK(plain.nat_view_row == kNoConversationRow);

    PacketContext dnat = routed;  // destination NAT back to the inside client
    dnat.dst_ip = ip("10.82.10.2");
    const auto view = copies.check(dnat, ByteReader(l4));
    CHECK(view.later);
    CHECK(view.nat_view_row == 17);

    PacketContext snat = routed;  // a rewritten source: the kept copy was the real one
    snat.src_ip = ip("203.0.113.9");
    const auto source = copies.check(snat, ByteReader(l4));
    CHECK(source.later);
    CHECK(source.nat_view_row == kNoConversationRow);
    CHECK(copies.counters().nat_views == 1);
    // A later copy clears the pending slot: its row is not the next first copy's.
    copies.first_copy_row(99);
    CHECK(copies.check(dnat, ByteReader(l4)).nat_view_row == 17);
}
