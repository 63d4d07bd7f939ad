// HTTP/1.1 requests from untrusted bytes (daicho/service/http_request.h).

#include "daicho/service/http_request.h"

#include <algorithm>
#include <charconv>

namespace daicho::service {

namespace {

// RFC 9110 §5.6.2 tchar: what a method or a header name may hold.
bool token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), token_char); }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const noexcept {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::string_view HttpRequest::path() const noexcept {
    const std::string_view t(target);
    return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const noexcept {
    const std::string_view t(target);
    const auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::string HttpRequest::param(std::string_view name) const {
    std::string_view q = query();
    while (!q.empty()) {
        const auto amp = q.find('&');
        const std::string_view pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name) {
            continue;
        }
        const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '+') {
                out += ' ';
            } else if (raw[i] == '%') {
                if (i + 2 >= raw.size()) {
                    return {};  // a '%' without two hex digits after it
                }
                unsigned value = 0;
                const char* first = raw.data() + i + 1;
                const auto r = std::from_chars(first, first + 2, value, 16);
                if (r.ec != std::errc{} || r.ptr != first + 2) {
                    return {};
                }
                out += static_cast<char>(value);
                i += 2;
            } else {
                out += raw[i];
            }
        }
        return out;
    }
    return {};
}

HttpRequestParser::State HttpRequestParser::refuse(int status, std::string reason) {
    status_ = status;
    reason_ = std::move(reason);
    state_ = State::refused;
    return state_;
}

HttpRequestParser::State HttpRequestParser::parse_head(std::string_view head) {
    // Request line: method SP target SP version (RFC 9112 §3).
    const auto line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
        line.find(' ', sp2 + 1) != std::string_view::npos) {
        return refuse(400, "malformed request line");
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!token(method)) {
        return refuse(400, "malformed method");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return refuse(505, "only HTTP/1.1 and HTTP/1.0");
    }
    if (target.empty() || target.front() != '/' ||
        std::any_of(target.begin(), target.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
        return refuse(400, "the target must be an absolute path");
    }
    if (method != "GET" && method != "POST") {
        return refuse(405, "only GET and POST");
    }
    request_.method = std::string(method);
    request_.target = std::string(target);
    // Header fields (RFC 9112 §5): name ":" OWS value OWS; no obsolete line folding.
    std::string_view rest = line_end == std::string_view::npos ? std::string_view()
                                                              : head.substr(line_end + 2);
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const std::string_view field = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
        if (field.empty()) {
            continue;
        }
        if (request_.headers.size() >= limits_.max_headers) {
            return refuse(431, "too many header fields");
        }
        const auto colon = field.find(':');
        if (colon == std::string_view::npos || !token(field.substr(0, colon))) {
            return refuse(400, "malformed header field");
        }
        const std::string_view value = trim(field.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) {
                return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
            })) {
            return refuse(400, "control character in a header value");
        }
        request_.headers.emplace_back(lower(field.substr(0, colon)), std::string(value));
    }
    if (!request_.header("transfer-encoding").empty()) {
        return refuse(501, "chunked and other transfer codings are not accepted");
    }
    const std::string_view length = request_.header("content-length");
    if (!length.empty()) {
        std::size_t n = 0;
        const auto r = std::from_chars(length.data(), length.data() + length.size(), n);
        if (r.ec != std::errc{} || r.ptr != length.data() + length.size()) {
            return refuse(400, "malformed Content-Length");
        }
        if (n > limits_.max_body) {
            return refuse(413, "body larger than " + std::to_string(limits_.max_body) + " bytes");
        }
        body_length_ = n;
    } else if (request_.method == "POST") {
        return refuse(411, "a POST needs Content-Length");
    }
    return State::incomplete;
}

HttpRequestParser::State HttpRequestParser::feed(std::string_view bytes) {
    if (state_ != State::incomplete) {
        return state_;
    }
    buffer_.append(bytes);
    if (!head_done_) {
        const auto end = buffer_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (buffer_.size() > limits_.max_head) {
                return refuse(buffer_.find("\r\n") == std::string::npos ? 414 : 431,
                              "request head larger than " + std::to_string(limits_.max_head) +
                                  " bytes");
            }
            return State::incomplete;
        }
        if (end + 4 > limits_.max_head) {
            return refuse(431, "request head larger than " + std::to_string(limits_.max_head) +
                                   " bytes");
        }
        head_done_ = true;
        if (parse_head(std::string_view(buffer_).substr(0, end + 2)) == State::refused) {
            return state_;
        }
        buffer_.erase(0, end + 4);
    }
    if (buffer_.size() < body_length_) {
        return State::incomplete;
    }
    request_.body = buffer_.substr(0, body_length_);
    state_ = State::complete;
    return state_;
}

}  // namespace daicho::service
