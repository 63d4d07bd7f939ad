// HTTP/1.x message heads (collectors/src/proto/http/http.cpp) through the frame walk and the
// TCP first-bytes table: fixtures, each fact field, case-insensitive names, bare LF,
// obs-fold, the body never read, and hostile heads (bad lines, named limits).

#include <catch2/catch.hpp>

#include <string>

#include "decode_helpers.h"
#include "fixtures/http.h"
#include "tcp_frames.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;
using namespace std::string_literals;

namespace {

Decoded one(std::string_view payload) {
    const auto bytes = tcp_frame(TcpEnds{}, kPshAck, 1, payload);
    return decode_bytes(bytes);
}

std::vector<std::string> values(const Decoded& d, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("http: a request gives user_agent and server_name about the client",
          "[collectors][http]") {
    const auto d = decode_hex(fixtures::kHttpRequest);
    REQUIRE(d.facts.size() == 3);
    CHECK(d.facts[0].kind == FactKind::server_name);
    CHECK(d.facts[0].value == "printer.hosp.local:631");
    CHECK(d.facts[1].kind == FactKind::user_agent);
    CHECK(d.facts[1].value == "Microsoft-CryptoAPI/10.0");
    // Windows' certificate fetcher names its NT version: an os fact of the client.
    CHECK(d.facts[2].kind == FactKind::os);
    CHECK(d.facts[2].value == "Windows 10.0");
    for (const auto& f : d.facts) {
        CHECK(f.source == "http");
        CHECK(f.subject.mac == mac("00:1b:63:98:bf:36"));
        CHECK(f.subject.ip == ip("10.10.10.49"));
    }
    CHECK(d.counter("http").decoded == 1);
    CHECK(d.counter("http").observations == 3);
}

TEST_CASE("http: a Windows browser's User-Agent gives the NT version as os of the client",
          "[collectors][http]") {
    const auto d = decode_hex(fixtures::kHttpRequestWindowsBrowser);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(values(d, FactKind::os) == std::vector<std::string>{"Windows 10.0"});
    CHECK(values(d, FactKind::server_name) == std::vector<std::string>{"emr.hosp.local"});
    REQUIRE(values(d, FactKind::user_agent).size() == 1);
    CHECK(values(d, FactKind::user_agent)[0].find("Windows NT 10.0") != std::string::npos);
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("c8:f7:50:0f:41:23"));  // the client, never the server
        CHECK(f.subject.ip == ip("10.40.0.101"));
        CHECK(f.subject.vlan == 40);
    }
}

TEST_CASE("http: which User-Agent and Server values state a Windows version",
          "[collectors][http]") {
    const auto os_of_request = [](const std::string& ua) {
        return values(one("GET / HTTP/1.1\r\nUser-Agent: " + ua + "\r\n\r\n"), FactKind::os);
    };
    using V = std::vector<std::string>;
    CHECK(os_of_request("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)") ==
          V{"Windows 6.1"});
    CHECK(os_of_request("Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0)") ==
          V{"Windows 6.3"});
    CHECK(os_of_request("Microsoft-CryptoAPI/6.1") == V{"Windows 6.1"});
    CHECK(os_of_request("Microsoft-Windows/10.0 UPnP/1.0") == V{"Windows 10.0"});
    CHECK(os_of_request("Microsoft-Windows-NT/5.1 UPnP/1.0") == V{"Windows 5.1"});
    CHECK(os_of_request("SomeAgent (Windows NT 10.0.19045)") == V{"Windows 10.0.19045"});
    // No NT version stated, a different product's version, or a broken number: no os fact.
    for (const char* ua :
         {"Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1)", "Mozilla/4.0 (Windows 98; U)",
          "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.31", "Microsoft-IIS/10.0",
          "XWindows NT 6.1", "x (Windows NT 100.0)", "x (Windows NT 10.)", "x (Windows NT .1)",
          "x (Windows NT 10.0.123456)", "x (Windows NT 6.1.7601.1)", "x (Windows NT ",
          "Microsoft-CryptoAPI/"}) {
        INFO(ua);
        CHECK(os_of_request(ua).empty());
    }
    // A response's Server value speaks for the server, the response's sender.
    const auto r = one("HTTP/1.1 200 OK\r\nServer: Microsoft-Windows/6.3 UPnP/1.0\r\n\r\n");
    CHECK(values(r, FactKind::os) == V{"Windows 6.3"});
    REQUIRE_FALSE(r.facts.empty());
    CHECK(r.facts.back().subject.ip == ip("192.168.1.10"));
}

TEST_CASE("http: a response gives software from Server about the server; the body is not read",
          "[collectors][http]") {
    const auto d = decode_hex(fixtures::kHttpResponse);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].kind == FactKind::software);
    CHECK(d.facts[0].value == "Virata-EmWeb/R6_2_1");
    CHECK(d.facts[0].subject.ip == ip("10.10.10.251"));
}

TEST_CASE("http: bare LF, obs-fold and a VLAN tag", "[collectors][http]") {
    const auto d = decode_hex(fixtures::kHttpRequestVlan);
    CHECK(values(d, FactKind::user_agent) ==
          std::vector<std::string>{
              "Dalvik/2.1.0 (Linux; U; Android 10; Redmi Note 9 Pro MIUI/V12.0.3.0.QJZMIXM)"});
    CHECK(values(d, FactKind::server_name) == std::vector<std::string>{"api.example"});
    REQUIRE_FALSE(d.facts.empty());
    CHECK(d.facts[0].subject.vlan == 208);
}

TEST_CASE("http: which message carries which field", "[collectors][http]") {
    // Server in a request and User-Agent/Host in a response are not facts.
    CHECK(one("GET / HTTP/1.1\r\nServer: x\r\n\r\n").facts.empty());
    CHECK(one("HTTP/1.0 404 Not Found\r\nUser-Agent: x\r\nHost: y\r\n\r\n").facts.empty());
    // Names are case-insensitive; OWS is trimmed; empty values are not facts.
    const auto d = one("PUT /x HTTP/1.1\r\nuSeR-aGeNt:\t  curl/8.0 \t\r\nHOST:\r\n\r\n");
    CHECK(values(d, FactKind::user_agent) == std::vector<std::string>{"curl/8.0"});
    CHECK(values(d, FactKind::server_name).empty());
    // A status line with no reason phrase.
    CHECK(values(one("HTTP/1.1 204\r\nServer: s\r\n\r\n"), FactKind::software) ==
          std::vector<std::string>{"s"});
}

TEST_CASE("http: what the probe leaves alone", "[collectors][http]") {
    for (const char* p : {"M-SEARCH * HTTP/1.1\r\n\r\n", "NOTIFY * HTTP/1.1\r\n\r\n",
                          "get / HTTP/1.1\r\n\r\n", "GETX / HTTP/1.1\r\n\r\n", "HTTP/2 200\r\n\r\n",
                          "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}) {
        INFO(p);
        CHECK(one(p).counter("http").frames == 0);
    }
}

TEST_CASE("http: hostile heads", "[collectors][http]") {
    SECTION("bad start lines: malformed") {
        for (const char* p : {"GET /\r\n\r\n", "GET  HTTP/1.1\r\n\r\n", "GET / HTTP/1.x\r\n\r\n",
                              "GET / x HTTP/1.1\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
                              "HTTP/1.1 20\r\n\r\n", "HTTP/1.1200 OK\r\n\r\n"}) {
            INFO(p);
            CHECK(one(p).counter("http").malformed == 1);
        }
    }
    SECTION("bad field lines: malformed, earlier fields kept") {
        const auto d = one("GET / HTTP/1.1\r\nHost: h\r\nUser-Agent : x\r\n\r\n");
        CHECK(d.counter("http").malformed == 1);
        CHECK(values(d, FactKind::server_name) == std::vector<std::string>{"h"});
        CHECK(one("GET / HTTP/1.1\r\nno colon\r\n\r\n").counter("http").malformed == 1);
        CHECK(one("GET / HTTP/1.1\r\n: empty name\r\n\r\n").counter("http").malformed == 1);
    }
    SECTION("more than kMaxHeaderFields fields: limited, earlier facts kept") {
        std::string p = "GET / HTTP/1.1\r\nHost: h\r\n";
        for (int i = 0; i < 120; ++i) {
            p += "X-A: b\r\n";
        }
        p += "User-Agent: late\r\n\r\n";
        const auto d = one(p);
        CHECK(d.counter("http").limited == 1);
        CHECK(values(d, FactKind::server_name) == std::vector<std::string>{"h"});
        CHECK(values(d, FactKind::user_agent).empty());
    }
    SECTION("a line longer than kMaxLineBytes: limited") {
        TcpSession s;
        const TcpEnds e;
        std::string p = "GET / HTTP/1.1\r\nUser-Agent: " + std::string(9000, 'a') + "\r\n\r\n";
        std::uint32_t seq = 1;
        for (std::size_t at = 0; at < p.size(); at += 1400) {
            s.feed(e, kPshAck, seq, std::string_view(p).substr(at, 1400));
            seq += 1400;
        }
        CHECK(s.counter("http").limited == 1);  // the 4096-byte buffer ends it first
        CHECK(s.values(FactKind::user_agent).empty());
    }
    SECTION("a head without its empty line, whole frame: waits, then a FIN drops it") {
        TcpSession s;
        const TcpEnds e;
        s.feed(e, kPshAck, 1, "GET / HTTP/1.1\r\nHost: h\r\n");
        CHECK(s.facts().empty());
        s.feed(e, kFin | kAck, 26);
        CHECK(s.flows().closed == 1);
        CHECK(s.facts().empty());
    }
    SECTION("NUL and escape bytes in values are kept as seen (escaped on output)") {
        const auto d = one("GET / HTTP/1.1\r\nUser-Agent: a\x00\x1b[0m\r\n\r\n"s);
        REQUIRE(values(d, FactKind::user_agent).size() == 1);
        CHECK(values(d, FactKind::user_agent)[0] == std::string("a\x00\x1b[0m", 6));
    }
}
