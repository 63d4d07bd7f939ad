// HTTP/1.1 requests from untrusted bytes (service/http_request.h): whole, split anywhere,
// and every way a request is refused.

#include <catch2/catch.hpp>
#include <string>

#include "daicho/service/http_request.h"

using daicho::service::HttpLimits;
using daicho::service::HttpRequestParser;
using State = HttpRequestParser::State;

namespace {

// The parser's verdict on `text` fed in one piece; status 0 when complete.
std::pair<State, int> verdict(const std::string& text, HttpLimits limits = {}) {
    HttpRequestParser p(limits);
    const State s = p.feed(text);
    return {s, s == State::refused ? p.status() : 0};
}

}  // namespace

TEST_CASE("http request: a GET, whole or a byte at a time", "[service][http]") {
    const std::string text =
        "GET /api/v1/events?since=2026-03-01T09%3A00&kind=device_new HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\nAuthorization:  Bearer abc \r\n\r\n";
    for (const bool bytewise : {false, true}) {
        HttpRequestParser p;
        State s = State::incomplete;
        if (bytewise) {
            for (std::size_t i = 0; i < text.size(); ++i) {
                s = p.feed(text.substr(i, 1));
                if (i + 1 < text.size()) {
                    REQUIRE(s == State::incomplete);
                }
            }
        } else {
            s = p.feed(text);
        }
        REQUIRE(s == State::complete);
        const auto& r = p.request();
        CHECK(r.method == "GET");
        CHECK(r.path() == "/api/v1/events");
        CHECK(r.param("since") == "2026-03-01T09:00");
        CHECK(r.param("kind") == "device_new");
        CHECK(r.param("device").empty());
        CHECK(r.header("authorization") == "Bearer abc");  // names lower-cased, value trimmed
        CHECK(r.header("host") == "127.0.0.1");
    }
}

TEST_CASE("http request: a POST's body by Content-Length", "[service][http]") {
    HttpRequestParser p;
    CHECK(p.feed("POST /api/v1/x HTTP/1.1\r\nContent-Length: 7\r\n\r\n{\"a\"") == State::incomplete);
    CHECK(p.feed(":1}") == State::complete);
    CHECK(p.request().body == "{\"a\":1}");
}

TEST_CASE("http request: every refusal has its status", "[service][http]") {
    CHECK(verdict("GARBAGE\r\n\r\n").second == 400);
    CHECK(verdict("GET /a HTTP/1.1 extra\r\n\r\n").second == 400);
    CHECK(verdict("GET a HTTP/1.1\r\n\r\n").second == 400);            // not an absolute path
    CHECK(verdict("GET /a\x01 HTTP/1.1\r\n\r\n").second == 400);        // control byte in target
    CHECK(verdict("GET /a HTTP/2.0\r\n\r\n").second == 505);
    CHECK(verdict("DELETE /a HTTP/1.1\r\n\r\n").second == 405);
    CHECK(verdict("GET /a HTTP/1.1\r\nNo colon here\r\n\r\n").second == 400);
    CHECK(verdict("GET /a HTTP/1.1\r\nBad Name: x\r\n\r\n").second == 400);
    CHECK(verdict("GET /a HTTP/1.1\r\nX: a\x7f\r\n\r\n").second == 400);
    CHECK(verdict("POST /a HTTP/1.1\r\n\r\n").second == 411);
    CHECK(verdict("POST /a HTTP/1.1\r\nContent-Length: 12x\r\n\r\n").second == 400);
    CHECK(verdict("POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n").second ==
          400);
    CHECK(verdict("POST /a HTTP/1.1\r\nContent-Length: 65537\r\n\r\n").second == 413);
    CHECK(verdict("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").second == 501);
    HttpLimits small;
    small.max_head = 64;
    CHECK(verdict("GET /" + std::string(100, 'a'), small).second == 414);  // no line end yet
    CHECK(verdict("GET / HTTP/1.1\r\nX: " + std::string(100, 'a'), small).second == 431);
    small = {};
    small.max_headers = 2;
    CHECK(verdict("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", small).second == 431);
    // A refused parser stays refused.
    HttpRequestParser p;
    CHECK(p.feed("BAD\r\n\r\n") == State::refused);
    CHECK(p.feed("GET / HTTP/1.1\r\n\r\n") == State::refused);
    // Percent-decoding never reads past the value.
    HttpRequestParser q;
    REQUIRE(q.feed("GET /a?x=%4&y=%zz&z=%41 HTTP/1.1\r\n\r\n") == State::complete);
    CHECK(q.request().param("x").empty());
    CHECK(q.request().param("y").empty());
    CHECK(q.request().param("z") == "A");
}
