// SSH identification strings (collectors/src/proto/ssh/ssh.cpp), through the frame walk and
// the TCP first-bytes table: fixtures, a server greeting before the identification, a line
// split over segments, and hostile lines (too long, control bytes, no software version).

#include <catch2/catch.hpp>

#include <string>

#include "decode_helpers.h"
#include "fixtures/ssh.h"
#include "tcp_frames.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

Decoded one(std::string_view payload, std::uint16_t src_port = 22) {
    TcpEnds e;
    e.src_port = src_port;
    e.dst_port = 50000;
    const auto bytes = tcp_frame(e, kPshAck, 1, payload);
    return decode_bytes(bytes);
}

}  // namespace

TEST_CASE("ssh: the identification line is software about the sender", "[collectors][ssh]") {
    const auto server = decode_hex(fixtures::kSshServer);
    REQUIRE(server.facts.size() == 1);
    CHECK(server.facts[0].kind == FactKind::software);
    CHECK(server.facts[0].value == "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u3");
    CHECK(server.facts[0].source == "ssh");
    CHECK(server.facts[0].subject.ip == ip("202.108.87.165"));
    CHECK(server.facts[0].subject.mac == mac("00:12:79:80:69:60"));
    CHECK(server.counter("ssh").decoded == 1);

    const auto client = decode_hex(fixtures::kSshClient);
    REQUIRE(client.facts.size() == 1);
    CHECK(client.facts[0].value == "SSH-2.0-OpenSSH_7.8");
    CHECK(client.facts[0].subject.ip == ip("223.132.53.222"));
}

TEST_CASE("ssh: a server may send other lines first (RFC 4253 §4.2)", "[collectors][ssh]") {
    const auto d = decode_hex(fixtures::kSshServerGreeting);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].value == "SSH-1.99-Cisco-1.25");

    std::string many;
    for (int i = 0; i < 9; ++i) {  // one more than ssh::kMaxLinesBeforeIdentification
        many += "hello\r\n";
    }
    many += "SSH-2.0-x\r\n";
    const auto limited = one(many);
    CHECK(limited.facts.empty());
}

TEST_CASE("ssh: hostile identification lines", "[collectors][ssh]") {
    SECTION("longer than 255 bytes: malformed") {
        const auto d = one("SSH-2.0-" + std::string(300, 'a') + "\r\n");
        CHECK(d.facts.empty());
        CHECK(d.counter("ssh").malformed == 1);
    }
    SECTION("exactly 255 bytes with CR LF: fine") {
        const auto d = one("SSH-2.0-" + std::string(245, 'a') + "\r\n");
        REQUIRE(d.facts.size() == 1);
        CHECK(d.facts[0].value.size() == 253);
    }
    SECTION("control bytes: malformed") {
        const auto d = one(std::string("SSH-2.0-Open\x1b[2JSSH\r\n"));
        CHECK(d.facts.empty());
        CHECK(d.counter("ssh").malformed == 1);
    }
    SECTION("no software version: malformed") {
        CHECK(one("SSH-2.0\r\n").counter("ssh").malformed == 1);
        CHECK(one("SSH--x\r\n").counter("ssh").malformed == 1);
        CHECK(one("SSH-2.0-\r\n").counter("ssh").malformed == 1);
    }
    SECTION("binary after a greeting line is not ssh") {
        const auto d = one(std::string("hi\r\n\x00\x01\x02", 7));
        CHECK(d.counter("ssh").frames == 0);
    }
}

TEST_CASE("ssh: an identification split over two segments", "[collectors][ssh]") {
    TcpSession s;
    TcpEnds e;
    e.src_port = 22;
    CHECK(s.feed(e, kPshAck, 1, "SSH-2.0-Open").empty());
    const auto facts = s.feed(e, kPshAck, 13, "SSH_9.2\r\n");
    REQUIRE(facts.size() == 1);
    CHECK(facts[0].value == "SSH-2.0-OpenSSH_9.2");
    // The binary packets after it: the stream stays with ssh only while messages start with
    // an identification, so KEXINIT is not decoded.
    s.feed(e, kPshAck, 22, std::string("\x00\x00\x01\x2c\x0a\x14", 6));
    CHECK(s.counter("ssh").frames == 1);
}
