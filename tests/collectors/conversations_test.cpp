// The bounded conversation table (collectors conversations.h, net/conversations.cpp): who
// opened a conversation, its server port, sessions and the longest one, bytes, eviction from
// a full set, the inside plan, and routed copies of one packet counted once.

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "decode_helpers.h"
#include "fixtures/tls.h"
#include "ip_frames.h"
#include "tcp_frame_bytes.h"

using daicho::collectors::Conversation;
using daicho::collectors::FrameDecoder;
using daicho::collectors::FrameDecoderConfig;
using daicho::collectors::InsidePlan;
using daicho::collectors::InsidePrefix;
using daicho::collectors::Opener;
using namespace daicho::test;

namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000'000;
constexpr std::int64_t kSecond = 1'000'000;

// One decoder fed frames at chosen capture times.
class Feed {
   public:
    explicit Feed(FrameDecoderConfig config = test_decoder_config())
        : decoder_(config), sink_(std::make_unique<daicho::collectors::ObservationSink>()) {}

    void at(std::int64_t ts, std::span<const std::byte> bytes) {
        daicho::collectors::Frame frame;
        frame.bytes = bytes;
        frame.wire_len = static_cast<std::uint32_t>(bytes.size());
        frame.sensor = 1;
        frame.ts_us = ts;
        frame.evidence = daicho::collectors::EvidenceRef{9, ++frames_, 0};
        daicho::collectors::PacketContext ctx;
        sink_->clear();
        decoder_.decode(frame, ctx, *sink_);
    }
    [[nodiscard]] std::vector<Conversation> rows() const {
        std::vector<Conversation> out;
        decoder_.conversations(out);
        return out;
    }
    [[nodiscard]] const FrameDecoder& decoder() const { return decoder_; }
    void clear_conversations() { decoder_.clear_conversations(); }
    [[nodiscard]] daicho::collectors::DecoderCounters block(std::string_view name) const {
        for (const auto& c : decoder_.counters()) {
            if (c.name == name) {
                return c.counters;
            }
        }
        return {};
    }

   private:
    FrameDecoder decoder_;
    std::unique_ptr<daicho::collectors::ObservationSink> sink_;
    std::uint64_t frames_ = 0;
};

TcpEnds ends(std::array<std::uint8_t, 4> src, std::uint16_t src_port,
             std::array<std::uint8_t, 4> dst, std::uint16_t dst_port) {
    TcpEnds e;
    e.src_ip = src;
    e.dst_ip = dst;
    e.src_port = src_port;
    e.dst_port = dst_port;
    return e;
}

constexpr std::array<std::uint8_t, 4> kInside{192, 168, 10, 20};
constexpr std::array<std::uint8_t, 4> kOutside{203, 0, 113, 5};

}  // namespace

TEST_CASE("conversations: an inbound TCP connection, opened from outside", "[collectors][conversations]") {
    Feed feed;
    const auto in = ends(kOutside, 50123, kInside, 3389);
    const auto syn = tcp_frame(in, kSyn, 100);
    const auto syn_ack = tcp_frame(in.reversed(), kSyn | kAck, 500);
    const auto data = tcp_frame(in, kPshAck, 101, "hello");
    feed.at(kT0, syn);
    feed.at(kT0 + 1000, syn_ack);
    feed.at(kT0 + 2 * kSecond, data);
    const auto rows = feed.rows();
    REQUIRE(rows.size() == 1);
    const auto& c = rows[0];
    CHECK(c.inside == ip("192.168.10.20"));
    CHECK(c.outside == ip("203.0.113.5"));
    CHECK(c.ip_proto == 6);
    CHECK(c.server_port == 3389);
    CHECK(c.opener == Opener::outside);
    CHECK(c.sessions == 1);
    CHECK(c.packets == 3);
    CHECK(c.bytes_to_inside == syn.size() + data.size());
    CHECK(c.bytes_to_outside == syn_ack.size());
    CHECK(c.first_us == kT0);
    CHECK(c.last_us == kT0 + 2 * kSecond);
    CHECK(c.longest_us == 2 * kSecond);
    CHECK(c.first_evidence.frame_no == 1);
    CHECK(c.inside_mac.octets == in.dst_mac);  // the frame's MAC on the inside end
    CHECK(c.outside_mac.octets == in.src_mac);  // ... and the gateway's on the outside end

    // A second connection from another client port is a second session of the same point.
    const auto again = ends(kOutside, 50999, kInside, 3389);
    const auto syn2 = tcp_frame(again, kSyn, 7);
    feed.at(kT0 + 10 * kSecond, syn2);
    const auto after = feed.rows();
    REQUIRE(after.size() == 1);
    CHECK(after[0].sessions == 2);
    CHECK(feed.decoder().conversation_counters().new_rows == 1);
}

TEST_CASE("conversations: direction from a SYN+ACK when the SYN was missed; mid-stream TCP",
          "[collectors][conversations]") {
    Feed feed;
    const auto out = ends(kInside, 40000, kOutside, 443);
    const auto syn_ack = tcp_frame(out.reversed(), kSyn | kAck, 1);
    feed.at(kT0, syn_ack);
    auto rows = feed.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].server_port == 443);
    CHECK(rows[0].opener == Opener::inside);
    CHECK(rows[0].sessions == 1);

    Feed mid;
    const auto data = tcp_frame(ends(kOutside, 8443, kInside, 51000), kPshAck, 1, "x");
    mid.at(kT0, data);
    rows = mid.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].server_port == 8443);  // the lower port
    CHECK(rows[0].opener == Opener::unknown);
    const auto reply = tcp_frame(ends(kInside, 51000, kOutside, 8443), kPshAck, 1, "y");
    mid.at(kT0 + 1, reply);
    CHECK(mid.rows().size() == 1);
    CHECK(mid.rows()[0].packets == 2);
}

TEST_CASE("conversations: UDP direction, sessions as activity runs, longest run",
          "[collectors][conversations]") {
    Feed feed;  // idle time: the default 5 minutes
    const auto q = ends(kInside, 40500, kOutside, 500);
    const auto ask = udp_frame(q, "ask");
    const auto answer = udp_frame(q.reversed(), "answer");
    feed.at(kT0, ask);
    feed.at(kT0 + 10 * kSecond, answer);
    feed.at(kT0 + 20 * kSecond, ask);
    feed.at(kT0 + 420 * kSecond, ask);  // 400 s quiet: a new run
    feed.at(kT0 + 425 * kSecond, answer);
    const auto rows = feed.rows();
    REQUIRE(rows.size() == 1);
    const auto& c = rows[0];
    CHECK(c.server_port == 500);
    CHECK(c.opener == Opener::inside);
    CHECK(c.sessions == 2);
    CHECK(c.longest_us == 20 * kSecond);
    CHECK(c.packets == 5);
    CHECK(c.bytes_to_outside == 3 * ask.size());
    CHECK(c.bytes_to_inside == 2 * answer.size());
}

TEST_CASE("conversations: a full set evicts its least recently seen row, counted",
          "[collectors][conversations]") {
    auto config = test_decoder_config();
    config.conversations.entries = 8;  // one set of eight ways
    Feed feed(config);
    for (std::uint8_t i = 0; i < 9; ++i) {
        const auto e = ends(kInside, 40000, {198, 51, 100, static_cast<std::uint8_t>(10 + i)}, 53);
        const auto f = udp_frame(e, "q");
        feed.at(kT0 + i * kSecond, f);
    }
    const auto rows = feed.rows();
    CHECK(rows.size() == 8);
    CHECK(feed.decoder().conversation_capacity() == 8);
    CHECK(feed.decoder().conversation_counters().evictions == 1);
    CHECK(feed.block("conversations").limited == 1);
    // The first (oldest) one went.
    CHECK(std::none_of(rows.begin(), rows.end(),
                       [](const Conversation& c) { return c.outside == ip("198.51.100.10"); }));
    CHECK(std::any_of(rows.begin(), rows.end(),
                      [](const Conversation& c) { return c.outside == ip("198.51.100.18"); }));
}

TEST_CASE("conversations: evicted rows kept for a file's end, up to keep_evicted",
          "[collectors][conversations]") {
    // A capture file stores its rows once, at its end: rows a full set evicts are kept (up to
    // keep_evicted) and handed out first, so an early conversation is not lost.
    auto config = test_decoder_config();
    config.conversations.entries = 8;  // one set of eight ways
    config.conversations.keep_evicted = 3;
    Feed feed(config);
    for (std::uint8_t i = 0; i < 12; ++i) {
        const auto e = ends(kInside, 40000, {198, 51, 100, static_cast<std::uint8_t>(10 + i)}, 53);
        const auto f = udp_frame(e, "q");
        feed.at(kT0 + i * kSecond, f);
    }
    const auto& counted = feed.decoder().conversation_counters();
    CHECK(counted.evictions == 4);
    CHECK(counted.evictions_kept == 3);
    const auto rows = feed.rows();
    REQUIRE(rows.size() == 8 + 3);
    // The three oldest come first, in the order they were evicted, with their figures.
    CHECK(rows[0].outside == ip("198.51.100.10"));
    CHECK(rows[1].outside == ip("198.51.100.11"));
    CHECK(rows[2].outside == ip("198.51.100.12"));
    CHECK(rows[0].packets == 1);
    CHECK(rows[0].first_us == kT0);
    // The fourth eviction found the kept rows full: that one is lost, as before.
    CHECK(std::none_of(rows.begin(), rows.end(),
                       [](const Conversation& c) { return c.outside == ip("198.51.100.13"); }));
    // A new capture starts with none kept.
    feed.clear_conversations();
    CHECK(feed.rows().empty());
}

TEST_CASE("conversations: routed copies of one packet count once", "[collectors][conversations]") {
    Feed feed;
    const auto e = ends(kInside, 40000, kOutside, 1194);
    const auto payload = hex("38 11 22 33 44 55 66 77 88 00 00 00 00 00");
    const auto first = ip_frame(e, 17, payload, 64, 0x4242);
    TcpEnds routed = e;  // the router forwards it: other MACs, TTL one less
    routed.src_mac = {0x00, 0x09, 0x0f, 0x09, 0x00, 0x01};
    routed.dst_mac = {0x00, 0x22, 0x33, 0x44, 0x55, 0x66};
    const auto copy = ip_frame(routed, 17, payload, 63, 0x4242);
    feed.at(kT0, first);
    feed.at(kT0 + 50, copy);
    const auto rows = feed.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].packets == 1);
    CHECK(rows[0].bytes_to_outside == first.size());
    CHECK(feed.block("routed_copies").not_mine == 1);
    CHECK(feed.block("conversations").frames == 1);
    CHECK(rows[0].protocol == "openvpn");
}

// The lab's shape (tests/lab/run-connections-lab.sh): a firewall NATs 10.82/16 to its WAN
// address 203.0.113.2, which the hospital's plan lists as its own. Every packet crossing the
// firewall is mirrored twice: inside with the real address, on the WAN with the translated.
TEST_CASE("conversations: behind a NAT the translator's address is a view, not a point",
          "[collectors][conversations]") {
    auto config = test_decoder_config();
    InsidePrefix lan;
    lan.network = ip("10.82.0.0");
    lan.length = 16;
    InsidePrefix wan;
    wan.network = ip("203.0.113.2");
    wan.length = 32;
    config.conversations.inside = InsidePlan({lan, wan});
    constexpr std::array<std::uint8_t, 4> kHost{10, 82, 10, 2};
    constexpr std::array<std::uint8_t, 4> kWan{203, 0, 113, 2};
    constexpr std::array<std::uint8_t, 4> kRemote{198, 51, 100, 53};
    const auto query = hex("12 34 01 00 00 01 00 00 00 00 00 00");
    const auto answer = hex("12 34 81 80 00 01 00 01 00 00 00 00");

    SECTION("outbound, source NAT: the reply's WAN copy does not make the firewall a point") {
        Feed feed(config);
        feed.at(kT0, ip_frame(ends(kHost, 40000, kRemote, 53), 17, query, 64, 0x1111));
        feed.at(kT0 + 40, ip_frame(ends(kWan, 61000, kRemote, 53), 17, query, 63, 0x1111));
        feed.at(kT0 + 9000, ip_frame(ends(kRemote, 53, kWan, 61000), 17, answer, 57, 0x2222));
        feed.at(kT0 + 9040, ip_frame(ends(kRemote, 53, kHost, 40000), 17, answer, 56, 0x2222));
        const auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].inside == ip("10.82.10.2"));
        CHECK(rows[0].outside == ip("198.51.100.53"));
        CHECK(rows[0].server_port == 53);
        CHECK(rows[0].opener == Opener::inside);
        CHECK(feed.decoder().conversation_counters().nat_views == 1);
        // The view stays a view: the next query's answer to the same WAN port adds no point.
        feed.at(kT0 + 20 * kSecond, ip_frame(ends(kRemote, 53, kWan, 61000), 17, answer, 57, 9));
        CHECK(feed.rows().size() == 1);
    }
    SECTION("inbound port forward: the SYN to the WAN address is the server's view") {
        Feed feed(config);
        constexpr std::array<std::uint8_t, 4> kServer{10, 82, 10, 30};
        constexpr std::array<std::uint8_t, 4> kClient{198, 51, 100, 66};
        auto syn_wan = tcp_frame(ends(kClient, 51000, kWan, 3389), kSyn, 1);
        auto syn_lan = tcp_frame(ends(kClient, 51000, kServer, 3389), kSyn, 1);
        syn_lan[14 + 8] = std::byte{63};  // one hop further: TTL one less
        feed.at(kT0, syn_wan);
        feed.at(kT0 + 30, syn_lan);
        feed.at(kT0 + 500, tcp_frame(ends(kServer, 3389, kClient, 51000), kSyn | kAck, 7));
        const auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].inside == ip("10.82.10.30"));
        CHECK(rows[0].opener == Opener::outside);
        CHECK(rows[0].server_port == 3389);
    }
    SECTION("a service on the translator's own address stays a point") {
        Feed feed(config);
        constexpr std::array<std::uint8_t, 4> kTeleworker{198, 51, 100, 77};
        feed.at(kT0, tcp_frame(ends(kTeleworker, 52000, kWan, 443), kSyn, 1));
        feed.at(kT0 + 400, tcp_frame(ends(kWan, 443, kTeleworker, 52000), kSyn | kAck, 5));
        const auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].inside == ip("203.0.113.2"));
        CHECK(rows[0].opener == Opener::outside);
        CHECK(feed.decoder().conversation_counters().nat_views == 0);
    }
}

TEST_CASE("conversations: the inside plan decides; no endpoint, no conversation",
          "[collectors][conversations]") {
    SECTION("without a plan RFC 1918 is inside; inside-to-inside is no connection point") {
        Feed feed;
        CHECK_FALSE(feed.decoder().inside_plan_configured());
        const auto lan = udp_frame(ends(kInside, 40000, {10, 1, 2, 3}, 53), "q");
        feed.at(kT0, lan);
        CHECK(feed.rows().empty());
        CHECK(feed.decoder().conversation_counters().not_crossing == 1);
        const auto mcast = udp_frame(ends(kInside, 5353, {224, 0, 0, 251}, 5353), "q");
        feed.at(kT0, mcast);
        CHECK(feed.decoder().conversation_counters().no_endpoint == 1);
        CHECK(feed.block("conversations").not_mine == 2);
    }
    SECTION("a plan of 192.168.0.0/16 makes a vendor's closed network on 10/8 outside") {
        auto config = test_decoder_config();
        InsidePrefix p;
        p.network = ip("192.168.0.0");
        p.length = 16;
        config.conversations.inside = InsidePlan({p});
        Feed feed(config);
        CHECK(feed.decoder().inside_plan_configured());
        const auto vendor = tcp_frame(ends({10, 99, 0, 7}, 51000, kInside, 5938), kSyn, 1);
        feed.at(kT0, vendor);
        const auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].outside == ip("10.99.0.7"));
        CHECK(rows[0].opener == Opener::outside);
    }
    SECTION("InsidePlan on its own") {
        const InsidePlan fallback;
        CHECK(fallback.inside(ip("172.16.0.1")));
        CHECK(fallback.inside(ip("172.31.255.254")));
        CHECK_FALSE(fallback.inside(ip("172.32.0.1")));
        CHECK(fallback.inside(ip("fd00::1")));
        CHECK_FALSE(fallback.inside(ip("2001:db8::1")));
        CHECK(InsidePlan::no_endpoint(ip("169.254.1.1")));
        CHECK(InsidePlan::no_endpoint(ip("ff02::1")));
        CHECK(InsidePlan::no_endpoint(ip("fe80::1")));
        CHECK(InsidePlan::no_endpoint(ip("255.255.255.255")));
        CHECK_FALSE(InsidePlan::no_endpoint(ip("203.0.113.5")));
        InsidePrefix odd;
        odd.network = ip("10.20.16.0");
        odd.length = 20;
        const InsidePlan plan({odd});
        CHECK(plan.inside(ip("10.20.31.255")));
        CHECK_FALSE(plan.inside(ip("10.20.32.0")));
        CHECK_FALSE(plan.inside(ip("192.168.1.1")));
    }
}

TEST_CASE("conversations: sizes and limits", "[collectors][conversations]") {
    auto config = test_decoder_config();
    config.conversations.entries = 100;
    const FrameDecoder rounded(config);
    CHECK(rounded.conversation_capacity() == 128);
    CHECK(rounded.conversation_bytes() >= 128 * sizeof(Conversation));
    config.conversations.entries = 4;
    CHECK_THROWS_AS(FrameDecoder(config), std::invalid_argument);
    config.conversations.entries = 64;
    config.conversations.idle_us = 0;
    CHECK_THROWS_AS(FrameDecoder(config), std::invalid_argument);
    config.conversations.idle_us = 1;
    config.conversations.keep_evicted = (std::size_t{1} << 22U) + 1;
    CHECK_THROWS_AS(FrameDecoder(config), std::invalid_argument);
}

TEST_CASE("conversations: names of the outside end from the SNI and the server certificate",
          "[collectors][conversations]") {
    auto config = test_decoder_config();
    InsidePrefix p;
    SECTION("an SNI sent from inside names the server") {
        p.network = ip("192.168.0.0");
        p.length = 16;
        config.conversations.inside = InsidePlan({p});
        Feed feed(config);
        const auto hello = hex(daicho::test::fixtures::kTlsClientHello);  // 192.168.4.149 ->
        feed.at(kT0, hello);                                              // 10.40.2.10:443
        const auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].outside == ip("10.40.2.10"));
        CHECK(rows[0].server_name_text() == "example.org");
        CHECK(rows[0].certificate_text().empty());
    }
    SECTION("a certificate sent from outside names it too; an SNI from outside does not") {
        p.network = ip("10.20.0.0");
        p.length = 16;
        config.conversations.inside = InsidePlan({p});
        Feed feed(config);
        const auto cert = hex(daicho::test::fixtures::kTlsFortigateCertificate);
        feed.at(kT0, cert);  // 10.10.0.254:443 (outside) -> 10.20.1.30
        auto rows = feed.rows();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].outside == ip("10.10.0.254"));
        CHECK(rows[0].certificate_text().find("FortiGate") != std::string_view::npos);
        CHECK(rows[0].certificate_text().size() <= daicho::collectors::kMaxConversationCertificate);
        CHECK(rows[0].server_name_text().empty());
    }
    SECTION("a new capture starts with an empty table") {
        p.network = ip("192.168.0.0");
        p.length = 16;
        config.conversations.inside = InsidePlan({p});
        Feed feed(config);
        feed.at(kT0, hex(daicho::test::fixtures::kTlsClientHello));
        REQUIRE(feed.rows().size() == 1);
        feed.clear_conversations();
        CHECK(feed.rows().empty());
        CHECK(feed.decoder().conversation_counters().new_rows == 0);
        CHECK(feed.block("conversations").frames == 1);  // the counter block keeps counting
    }
}

TEST_CASE("conversations: ICMP makes no connection point", "[collectors][conversations]") {
    Feed feed;
    // An echo request from outside, and a remote router's port-unreachable: both about
    // something else, neither a point opened from outside.
    const auto echo = hex("08 00 f7 ff 00 01 00 01");
    feed.at(kT0, ip_frame(ends(kOutside, 0, kInside, 0), 1, echo));
    const auto unreachable = hex("03 03 00 00 00 00 00 00");
    feed.at(kT0 + 1, ip_frame(ends(kOutside, 0, kInside, 0), 1, unreachable));
    CHECK(feed.rows().empty());
    CHECK(feed.decoder().conversation_counters().icmp == 2);
    CHECK(feed.block("conversations").not_mine == 2);
}
