// TLS handshake decoder (collectors/src/proto/tls/): SHA-256 test vectors, ClientHello
// (SNI, ALPN, JA4-style fingerprint), ServerHello versions, the TLS 1.2 Certificate Names,
// handshakes spread over records and segments, and bad lengths.

#include <catch2/catch.hpp>

#include <string>

// The SHA-256 helper is private to daicho_collectors and header-light (std only).
#include "../../collectors/src/proto/tls/fortigate.h"
#include "daicho/collectors/sha256.h"
#include "decode_helpers.h"
#include "fixtures/tls.h"
#include "tcp_frames.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

constexpr std::size_t kPayload = 54;  // Ethernet + IPv4 + TCP in the fixtures

std::string sha_hex(std::string_view text) {
    daicho::collectors::Sha256 sha;
    sha.update(text);
    std::string out(64, '?');
    daicho::collectors::Sha256::to_hex(sha.finish(), out);
    return out;
}

std::vector<std::byte> payload_of(std::string_view fixture) {
    const auto bytes = hex(fixture);
    return {bytes.begin() + kPayload, bytes.end()};
}

Decoded one(std::span<const std::byte> payload, std::uint16_t src_port = 51000) {
    TcpEnds e;
    e.src_port = src_port;
    e.dst_port = 443;
    return decode_bytes(tcp_frame(e, kPshAck, 1, payload));
}

std::vector<std::string> values(const std::vector<Fact>& facts, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

constexpr std::string_view kJa4 = "t13d0705h2_c202db456209_beb9f91c6f80";
constexpr std::string_view kCert =
    "subject=CN=pacs.hosp.local,O=Hospital\\, Inc.,OU=Radiology,C=DE; "
    "issuer=CN=Hosp Issuing CA 1,O=Hosp CA,C=DE";

}  // namespace

TEST_CASE("SHA-256: FIPS 180-4 / NIST test vectors", "[collectors][tls]") {
    CHECK(sha_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    daicho::collectors::Sha256 sha;  // one million 'a', fed in pieces
    const std::string chunk(1000, 'a');
    for (int i = 0; i < 1000; ++i) {
        sha.update(chunk);
    }
    std::string out(64, '?');
    daicho::collectors::Sha256::to_hex(sha.finish(), out);
    CHECK(out == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("tls: ClientHello gives SNI, ALPN and the fingerprint about the client",
          "[collectors][tls]") {
    const auto d = decode_hex(fixtures::kTlsClientHello);
    CHECK(values(d.facts, FactKind::server_name) == std::vector<std::string>{"example.org"});
    CHECK(values(d.facts, FactKind::tls_alpn) == std::vector<std::string>{"h2,http/1.1"});
    CHECK(values(d.facts, FactKind::tls_fingerprint) == std::vector<std::string>{std::string(kJa4)});
    for (const auto& f : d.facts) {
        CHECK(f.source == "tls");
        CHECK(f.subject.mac == mac("a8:20:66:48:ca:51"));
        CHECK(f.subject.ip == ip("192.168.4.149"));
    }
    CHECK(d.counter("tls").decoded == 1);
}

TEST_CASE("tls: ServerHello versions and the TLS 1.2 certificate", "[collectors][tls]") {
    const auto d12 = decode_hex(fixtures::kTlsServerHello12);
    CHECK(values(d12.facts, FactKind::protocol_version) == std::vector<std::string>{"tls 1.2"});
    CHECK(values(d12.facts, FactKind::certificate) == std::vector<std::string>{std::string(kCert)});
    CHECK(d12.facts.at(0).subject.ip == ip("10.40.2.10"));
    const auto d13 = decode_hex(fixtures::kTlsServerHello13);
    CHECK(values(d13.facts, FactKind::protocol_version) == std::vector<std::string>{"tls 1.3"});
    CHECK(d13.counter("tls").decoded == 1);
}

TEST_CASE("tls: a FortiGate's factory certificate names its serial and maker",
          "[collectors][tls]") {
    const auto d = decode_hex(fixtures::kTlsFortigateCertificate);
    CHECK(d.counter("tls").decoded == 1);
    CHECK(values(d.facts, FactKind::serial_number) == std::vector<std::string>{"FGT60FTK21091234"});
    CHECK(values(d.facts, FactKind::manufacturer) == std::vector<std::string>{"Fortinet"});
    REQUIRE(values(d.facts, FactKind::certificate).size() == 1);
    CHECK(values(d.facts, FactKind::certificate)[0].rfind("subject=CN=FGT60FTK21091234,O=Fortinet",
                                                          0) == 0);
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:09:0f:aa:bb:01"));  // the server that sent it
        CHECK(f.subject.ip == ip("10.10.0.254"));
    }
    using daicho::collectors::tls::is_fortigate_serial;
    for (const char* serial : {"FGT60FTK21091234", "FG100FTK21001234", "FGVM02TM23001234",
                               "FG3H0ETB20900012"}) {
        INFO(serial);
        CHECK(is_fortigate_serial(serial));
    }
    for (const char* other : {"fortinet-subca2001", "FGT60FTK2109123A", "FGT60F", "FG100F-TK2100123",
                              "fgt60ftk21091234", "XFGT60FTK2109123", "FGT60FTK210912345678"}) {
        INFO(other);
        CHECK_FALSE(is_fortigate_serial(other));
    }
    // The Hospital's own certificate (another O, a host name as CN) names no serial.
    CHECK(values(decode_hex(fixtures::kTlsServerHello12).facts, FactKind::serial_number).empty());
}

TEST_CASE("tls: a ClientHello over two segments and over two records", "[collectors][tls]") {
    const auto rec = payload_of(fixtures::kTlsClientHello);
    SECTION("two segments") {
        TcpSession s;
        TcpEnds e;
        e.dst_port = 443;
        const auto first = std::span(rec).first(60);
        const auto rest = std::span(rec).subspan(60);
        CHECK(s.feed(tcp_frame(e, kPshAck, 1, first)).empty());
        s.feed(tcp_frame(e, kPshAck, 61, rest));
        CHECK(s.values(FactKind::tls_fingerprint) == std::vector<std::string>{std::string(kJa4)});
        CHECK(s.counter("tls").decoded == 1);
    }
    SECTION("two records, in one segment") {
        // Split the handshake message after 50 bytes into two handshake records.
        const std::span<const std::byte> hs = std::span(rec).subspan(5);
        std::vector<std::byte> two;
        for (const auto& part : {hs.first(50), hs.subspan(50)}) {
            for (unsigned b : {22U, 3U, 1U, static_cast<unsigned>(part.size() >> 8U),
                               static_cast<unsigned>(part.size() & 0xFFU)}) {
                two.push_back(static_cast<std::byte>(b));
            }
            two.insert(two.end(), part.begin(), part.end());
        }
        const auto d = one(two);
        CHECK(values(d.facts, FactKind::tls_fingerprint) ==
              std::vector<std::string>{std::string(kJa4)});
        CHECK(values(d.facts, FactKind::server_name) == std::vector<std::string>{"example.org"});
    }
}

TEST_CASE("tls: a server flight split between ServerHello and Certificate",
          "[collectors][tls]") {
    const auto rec = payload_of(fixtures::kTlsServerHello12);
    TcpSession s;
    TcpEnds e;
    e.src_port = 443;
    for (std::size_t cut : {std::size_t{90}, std::size_t{200}}) {
        INFO(cut);
        TcpSession t;
        t.feed(tcp_frame(e, kPshAck, 1, std::span(rec).first(cut)));
        t.feed(tcp_frame(e, kPshAck, 1 + static_cast<std::uint32_t>(cut), std::span(rec).subspan(cut)));
        CHECK(t.values(FactKind::protocol_version) == std::vector<std::string>{"tls 1.2"});
        CHECK(t.values(FactKind::certificate) == std::vector<std::string>{std::string(kCert)});
        CHECK(t.counter("tls").decoded == 1);
    }
}

TEST_CASE("tls: bad lengths and hostile values", "[collectors][tls]") {
    const auto base = payload_of(fixtures::kTlsClientHello);
    SECTION("session id longer than 32: malformed") {
        auto p = base;
        p.at(43) = std::byte{33};
        CHECK(one(p).counter("tls").malformed == 1);
    }
    SECTION("a zero-length handshake record: malformed") {
        auto p = base;
        p.at(3) = std::byte{0};
        p.at(4) = std::byte{0};
        CHECK(one(p).counter("tls").malformed == 1);
    }
    SECTION("handshake length past the record and a whole frame: waits, no facts") {
        auto p = base;
        p.at(7) = std::byte{0xFF};  // uint24 length 0x00ffxx
        const auto d = one(p);
        CHECK(d.facts.empty());
    }
    SECTION("extensions length past the message: malformed") {
        auto p = base;
        // extensions length sits after version, random, sid, ciphers (2 + 16), compression.
        const std::size_t at = 5 + 4 + 2 + 32 + 1 + 2 + 16 + 2;
        p.at(at) = std::byte{0x7F};
        CHECK(one(p).counter("tls").malformed == 1);
    }
    SECTION("SSL 3.0 records and other handshake types are not probed") {
        auto p = base;
        p.at(2) = std::byte{0};  // record version 0x0300
        CHECK(one(p).counter("tls").frames == 0);
        p = base;
        p.at(5) = std::byte{11};
        CHECK(one(p).counter("tls").frames == 0);
    }
    SECTION("a DER certificate with an indefinite length: malformed, version kept") {
        auto p = payload_of(fixtures::kTlsServerHello12);
        // The certificate starts after record(5) + ServerHello(4 + 45) + Certificate
        // header (4) + list length (3) + cert length (3): 30 82 ll ll.
        const std::size_t at = 5 + 4 + 45 + 4 + 3 + 3;
        REQUIRE(p.at(at) == std::byte{0x30});
        p.at(at + 1) = std::byte{0x80};
        const auto d = one(p, 443);
        CHECK(d.counter("tls").malformed == 1);
        CHECK(values(d.facts, FactKind::protocol_version) == std::vector<std::string>{"tls 1.2"});
        CHECK(values(d.facts, FactKind::certificate).empty());
    }
}
