// The TCP first-bytes table (collectors/src/net/tcp_first_bytes.cpp) driven through
// FrameDecoder: SYN+ACK services, streams split over segments, gaps and reordering, the
// named limits (flows, buffers, bytes per flow), `malformed` clearing state, and the bulk
// path (a stream no row claims is probed once, then ignored), asserted via the counters.

#include <catch2/catch.hpp>

#include <string>

#include "tcp_frames.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::FrameDecoderConfig;
using namespace daicho::test;

namespace {

constexpr std::string_view kRequest =
    "GET / HTTP/1.1\r\nHost: example.org\r\nUser-Agent: Test/1.0\r\n\r\n";

std::vector<std::string> strings(std::initializer_list<const char*> l) {
    return {l.begin(), l.end()};
}

}  // namespace

TEST_CASE("SYN+ACK: a service fact about the sender, from the walk", "[collectors][tcp]") {
    TcpSession s;
    const TcpEnds client;
    CHECK(s.feed(client, kSyn, 100).empty());
    const auto facts = s.feed(client.reversed(), kSyn | kAck, 900);
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].kind == FactKind::service);
    CHECK(facts[0].value == "tcp/80");
    CHECK(facts[0].source == "tcp");
    CHECK(facts[0].subject.mac == mac("00:aa:bb:cc:dd:ee"));
    CHECK(facts[0].subject.ip == ip("192.168.1.1"));
    CHECK(facts[0].subject.sensor == 3);
    CHECK(s.flows().syn_ack_services == 1);
}

TEST_CASE("A request in one segment after the handshake", "[collectors][tcp]") {
    TcpSession s;
    const TcpEnds c;
    s.feed(c, kSyn, 100);
    s.feed(c.reversed(), kSyn | kAck, 900);
    s.feed(c, kAck, 101);
    s.feed(c, kPshAck, 101, kRequest);
    CHECK(s.values(FactKind::server_name) == strings({"example.org"}));
    CHECK(s.values(FactKind::user_agent) == strings({"Test/1.0"}));
    CHECK(s.counter("http").decoded == 1);
    CHECK(s.flows().claimed == 1);
    CHECK(s.flows().buffered_segments == 0);
}

TEST_CASE("A request split over 2 and 3 segments is decoded once, when complete",
          "[collectors][tcp]") {
    const TcpEnds c;
    SECTION("2 segments") {
        TcpSession s;
        CHECK(s.feed(c, kPshAck, 1, kRequest.substr(0, 27)).empty());  // "...Host: examp"
        const auto facts = s.feed(c, kPshAck, 28, kRequest.substr(27));
        CHECK(facts.size() == 2);
        CHECK(s.values(FactKind::server_name) == strings({"example.org"}));
        CHECK(s.flows().buffered_segments == 2);
        CHECK(s.counter("http").decoded == 1);
        CHECK(s.counter("http").frames == 1);  // one result per message, not per segment
        CHECK(facts[0].evidence.frame_no == 2);
    }
    SECTION("3 segments, with the handshake and a retransmission") {
        TcpSession s;
        s.feed(c, kSyn, 0xFFFFFFF0);  // the sequence space wraps inside the request
        CHECK(s.feed(c, kPshAck, 0xFFFFFFF1, kRequest.substr(0, 10)).empty());
        CHECK(s.feed(c, kPshAck, 0xFFFFFFF1, kRequest.substr(0, 10)).empty());  // again
        CHECK(s.feed(c, kPshAck, 0xFFFFFFFB, kRequest.substr(10, 30)).empty());
        s.feed(c, kPshAck, 0xFFFFFFFB + 30, kRequest.substr(40));
        CHECK(s.values(FactKind::server_name) == strings({"example.org"}));
        CHECK(s.values(FactKind::user_agent) == strings({"Test/1.0"}));
        CHECK(s.flows().retransmits == 1);
        CHECK(s.flows().buffered_segments == 3);
    }
}

TEST_CASE("A gap or reordering gives the stream up", "[collectors][tcp]") {
    TcpSession s;
    const TcpEnds c;
    s.feed(c, kPshAck, 1, kRequest.substr(0, 10));
    s.feed(c, kPshAck, 21, kRequest.substr(20, 10));  // bytes 10..19 missing
    s.feed(c, kPshAck, 11, kRequest.substr(10, 10));  // late: the stream is already ignored
    s.feed(c, kPshAck, 31, kRequest.substr(30));
    CHECK(s.facts().empty());
    CHECK(s.flows().gaps == 1);
    CHECK(s.flows().ignored_segments == 2);
    CHECK(s.counter("http").frames == 0);
}

TEST_CASE("A stream no row claims is probed once, then ignored (the bulk path)",
          "[collectors][tcp]") {
    TcpSession s;
    TcpEnds bulk;
    bulk.dst_port = 104;
    const std::string data(1400, '\x5a');
    std::uint32_t seq = 7;
    for (int i = 0; i < 100; ++i) {
        s.feed(bulk, kAck, seq, data);
        seq += 1400;
    }
    s.feed(bulk, kAck, seq);  // bare ACKs are not even looked up
    CHECK(s.flows().probed == 1);
    CHECK(s.flows().unclaimed == 1);
    CHECK(s.flows().ignored_segments == 99);
    CHECK(s.flows().segments == 100);
    CHECK(s.counter("tcp_flows").not_mine == 99);
    CHECK(s.counter("http").frames == 0);
    CHECK(s.facts().empty());
}

TEST_CASE("FIN and RST free the entry; a new stream on the same ports is probed again",
          "[collectors][tcp]") {
    TcpSession s;
    const TcpEnds c;
    s.feed(c, kPshAck, 1, "binary\x01\x02");
    s.feed(c, kFin | kAck, 9);
    s.feed(c, kPshAck, 1, kRequest);
    CHECK(s.values(FactKind::user_agent) == strings({"Test/1.0"}));
    s.feed(c.reversed(), kRst, 5);
    CHECK(s.flows().closed == 2);
    CHECK(s.flows().new_flows == 2);
}

TEST_CASE("Full table: the oldest idle entry of the set is evicted and counted",
          "[collectors][tcp]") {
    FrameDecoderConfig config;
    config.tcp.flows = 8;  // one set of 8 ways
    TcpSession s(config);
    TcpEnds c;
    c.dst_port = 9999;
    for (std::uint16_t port = 1000; port < 1010; ++port) {
        c.src_port = port;
        s.feed(c, kPshAck, 1, "\x16\x00 no protocol");
    }
    CHECK(s.flows().new_flows == 10);
    CHECK(s.flows().evictions == 2);
    CHECK(s.counter("tcp_flows").limited == 2);
    c.src_port = 1000;  // evicted: comes back as a new stream
    s.feed(c, kPshAck, 20, "more");
    CHECK(s.flows().new_flows == 11);
}

TEST_CASE("Buffer limits: bytes per flow and buffers in the pool", "[collectors][tcp]") {
    const TcpEnds c;
    SECTION("max_first_bytes: limited, facts read whole are kept") {
        FrameDecoderConfig config;
        config.tcp.max_first_bytes = 64;
        TcpSession s(config);
        s.feed(c, kPshAck, 1, "GET / HTTP/1.1\r\nHost: a.example\r\n");
        s.feed(c, kPshAck, 34, "X-Long: " + std::string(60, 'x') + "\r\n\r\n");
        CHECK(s.flows().buffer_limited == 1);
        CHECK(s.counter("http").limited == 1);
        CHECK(s.values(FactKind::server_name) == strings({"a.example"}));
    }
    SECTION("no free buffer: limited, and the stream is ignored") {
        FrameDecoderConfig config;
        config.tcp.buffered_flows = 1;
        TcpSession s(config);
        TcpEnds other = c;
        other.src_port = 50000;
        s.feed(c, kPshAck, 1, kRequest.substr(0, 20));
        s.feed(other, kPshAck, 1, kRequest.substr(0, 20));
        CHECK(s.flows().pool_full == 1);
        CHECK(s.counter("http").limited == 1);
        s.feed(c, kPshAck, 21, kRequest.substr(20));  // the first stream still completes
        CHECK(s.values(FactKind::user_agent) == strings({"Test/1.0"}));
        s.feed(other, kPshAck, 21, kRequest.substr(20));
        CHECK(s.values(FactKind::user_agent).size() == 1);
    }
}

TEST_CASE("malformed clears the stream's state and frees its buffer", "[collectors][tcp]") {
    FrameDecoderConfig config;
    config.tcp.buffered_flows = 1;
    TcpSession s(config);
    const TcpEnds c;
    s.feed(c, kPshAck, 1, "GET / HTTP/1.1\r\nHost: x\r\n");
    s.feed(c, kPshAck, 26, "Bad Field : 1\r\n\r\n");
    CHECK(s.counter("http").malformed == 1);
    // Fields read whole before the bad line are kept, as for a single-segment message.
    CHECK(s.values(FactKind::server_name) == strings({"x"}));
    TcpEnds other = c;
    other.src_port = 50001;
    s.feed(other, kPshAck, 1, kRequest.substr(0, 20));  // the one buffer is free again
    s.feed(other, kPshAck, 21, kRequest.substr(20));
    CHECK(s.flows().pool_full == 0);
    CHECK(s.values(FactKind::user_agent) == strings({"Test/1.0"}));
    s.feed(c, kPshAck, 43, kRequest);  // the malformed stream stays ignored
    CHECK(s.values(FactKind::user_agent).size() == 1);
}

TEST_CASE("A cut capture ends the message as truncated; nothing is buffered",
          "[collectors][tcp]") {
    TcpSession s;
    const auto frame = tcp_frame(TcpEnds{}, kPshAck, 1, kRequest.substr(0, 30));
    s.feed(frame, 100);
    CHECK(s.counter("http").truncated == 1);
    CHECK(s.flows().buffered_segments == 0);
}

TEST_CASE("Keep-alive: later messages of a claimed stream, up to max_messages",
          "[collectors][tcp]") {
    FrameDecoderConfig config;
    config.tcp.max_messages = 2;
    TcpSession s(config);
    const TcpEnds c;
    std::uint32_t seq = 1;
    for (int i = 0; i < 3; ++i) {
        s.feed(c, kPshAck, seq, kRequest);
        seq += static_cast<std::uint32_t>(kRequest.size());
    }
    CHECK(s.counter("http").decoded == 2);
    CHECK(s.flows().ignored_segments == 1);
}

TEST_CASE("Disabled rows are not probed", "[collectors][tcp]") {
    FrameDecoderConfig config;
    config.disabled_decoders = {"http"};
    TcpSession s(config);
    s.feed(TcpEnds{}, kPshAck, 1, kRequest);
    CHECK(s.facts().empty());
    CHECK(s.flows().unclaimed == 1);
}

TEST_CASE("Bad table limits throw at construction", "[collectors][tcp]") {
    FrameDecoderConfig config;
    config.tcp.flows = 0;
    CHECK_THROWS_AS(daicho::collectors::FrameDecoder(config), std::invalid_argument);
    config = {};
    config.tcp.buffered_flows = 0;
    CHECK_THROWS_AS(daicho::collectors::FrameDecoder(config), std::invalid_argument);
}
