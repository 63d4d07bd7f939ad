// libFuzzer target: the API's HTTP request parser (service/http_request.h). The input is
// split in two at a place its first byte chooses, as bytes arrive from a socket; whatever the
// bytes, the parser ends complete, incomplete or refused with a 4xx/5xx, keeps its limits,
// and a complete request's fields hold what the limits allow.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/service/http_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using daicho::service::HttpRequestParser;
    if (size == 0) {
        return 0;
    }
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t cut = data[0] % (bytes.size() + 1);
    daicho::service::HttpLimits limits;
    limits.max_head = 1024;
    limits.max_body = 512;
    limits.max_headers = 16;
    HttpRequestParser p(limits);
    auto state = p.feed(bytes.substr(0, cut));
    if (state == HttpRequestParser::State::incomplete) {
        state = p.feed(bytes.substr(cut));
    }
    if (state == HttpRequestParser::State::refused && (p.status() < 400 || p.status() > 505)) {
        __builtin_trap();
    }
    if (state == HttpRequestParser::State::complete) {
        const auto& r = p.request();
        if (r.body.size() > limits.max_body || r.headers.size() > limits.max_headers ||
            r.target.empty() || r.target.front() != '/' ||
            (r.method != "GET" && r.method != "POST")) {
            __builtin_trap();
        }
        static_cast<void>(r.param("since"));
    }
    return 0;
}
