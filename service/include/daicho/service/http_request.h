#pragma once
// One HTTP/1.1 request read from untrusted bytes (RFC 9112 §2-3, §6), with hard limits: the
// API listens on a hospital LAN, and a client may be broken or hostile. Only what the API
// needs: GET and POST, the target, the headers (names lower-cased), a body by Content-Length
// (no chunked uploads). Incremental: feed() what arrived; it says when the request is whole,
// or the status to refuse it with.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace daicho::service {

struct HttpLimits {
    std::size_t max_head = 16 * 1024;   // request line and headers together
    std::size_t max_headers = 64;
    std::size_t max_body = 64 * 1024;   // annotations are small
};

struct HttpRequest {
    std::string method;
    std::string target;  // "/api/v1/devices?since=..."
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;

    [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
    [[nodiscard]] std::string_view path() const noexcept;   // the target before '?'
    [[nodiscard]] std::string_view query() const noexcept;  // after '?', "" when none
    // The value of a query parameter, percent-decoded ("" when absent or malformed).
    [[nodiscard]] std::string param(std::string_view name) const;
};

class HttpRequestParser {
   public:
    enum class State { incomplete, complete, refused };
    explicit HttpRequestParser(HttpLimits limits = {}) : limits_(limits) {}

    // Appends bytes; returns complete once a whole request is in `request()`, refused with
    // `status()` (400, 405, 411, 413, 414, 431, 501, 505) and `reason()` when it cannot be one.
    State feed(std::string_view bytes);
    [[nodiscard]] const HttpRequest& request() const noexcept { return request_; }
    [[nodiscard]] int status() const noexcept { return status_; }
    [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

   private:
    State refuse(int status, std::string reason);
    State parse_head(std::string_view head);

    HttpLimits limits_;
    std::string buffer_;
    HttpRequest request_;
    State state_ = State::incomplete;
    bool head_done_ = false;
    std::size_t body_length_ = 0;
    int status_ = 0;
    std::string reason_;
};

}  // namespace daicho::service
