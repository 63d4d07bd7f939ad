// HTTP/1.x message heads: the request line or status line and the header fields, up to the
// empty line that ends them.
// Refs: RFC 9112 §2.1-2.2 (message format; a bare LF may be accepted as a line end), §3
//   (request-line = method SP request-target SP HTTP-version), §4 (status-line =
//   HTTP-version SP status-code SP [reason-phrase]), §5.1-5.2 (field-line = field-name ":"
//   OWS field-value OWS; no whitespace before the colon; obs-fold); RFC 9110 §5.1 (field
//   names are case-insensitive tokens), §7.2 (Host), §10.1.5 (User-Agent), §10.2.4 (Server).
// Facts, about the sender: requests (the client) give FactKind::user_agent from User-Agent
//   (verbatim: later rules match "Microsoft-CryptoAPI/..." and "Windows-Update-Agent/...")
//   and FactKind::server_name from Host (the name the client asked for); responses (the
//   server) give FactKind::software from Server. Both also give FactKind::os "Windows x.y"
//   when the value states the Windows NT version ("Windows NT 10.0", "Microsoft-CryptoAPI/
//   10.0", "Microsoft-Windows/10.0": proto/common/windows_os.h).
// Deliberately not read (privacy): the message body, and every field other than the three
//   above (cookies, authorization, referer, ...). Decoding stops at the empty line.

#include "proto/http/http.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/windows_os.h"

namespace daicho::collectors::http {
namespace {

// RFC 9110 §9 methods plus PATCH (RFC 5789). SSDP's M-SEARCH/NOTIFY/SUBSCRIBE go over UDP
// to the ssdp row and are not probed here.
constexpr std::array<std::string_view, 9> kMethods{
    "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE ",
};
constexpr std::string_view kVersionPrefix = "HTTP/1.";

enum class Head : std::uint8_t { request, response };

// One line up to LF, without CR LF. Sets `why` when there is none within kMaxLineBytes.
std::optional<std::string_view> next_line(ByteReader& in, DecodeResult& why) noexcept {
    const std::string_view window = in.rest_chars().substr(0, kMaxLineBytes);
    const std::size_t lf = window.find('\n');
    if (lf == std::string_view::npos) {
        why = window.size() >= kMaxLineBytes ? DecodeResult::limited : in.shortfall();
        return std::nullopt;
    }
    const auto line = in.chars(lf + 1);
    if (!line) {
        why = DecodeResult::malformed;  // unreachable: lf + 1 bytes are there
        return std::nullopt;
    }
    std::string_view text = line->substr(0, lf);
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    return text;
}

constexpr bool is_tchar(char c) noexcept {  // RFC 9110 §5.6.2
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr bool iequals(std::string_view a, std::string_view lower_b) noexcept {
    return std::equal(a.begin(), a.end(), lower_b.begin(), lower_b.end(),
                      [](char x, char y) { return lower(x) == y; });
}
constexpr bool all_digits(std::string_view v) noexcept {
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}
// "HTTP/1.x" with one digit x (RFC 9112 §2.3).
constexpr bool is_version(std::string_view v) noexcept {
    return v.size() == kVersionPrefix.size() + 1 &&
           v.substr(0, kVersionPrefix.size()) == kVersionPrefix &&
           all_digits(v.substr(kVersionPrefix.size()));
}

bool valid_request_line(std::string_view line) noexcept {
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.rfind(' ');
    if (sp1 == 0 || sp1 == std::string_view::npos || sp2 == sp1) {
        return false;
    }
    for (char c : line.substr(0, sp1)) {
        if (!is_tchar(c)) {
            return false;
        }
    }
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    return !target.empty() && target.find(' ') == std::string_view::npos &&
           is_version(line.substr(sp2 + 1));
}

bool valid_status_line(std::string_view line) noexcept {
    // HTTP-version SP 3DIGIT [SP reason] (a missing SP before an empty reason is tolerated).
    if (line.size() < 12 || !is_version(line.substr(0, 8)) || line.substr(8, 1) != " ") {
        return false;
    }
    return all_digits(line.substr(9, 3)) && (line.size() == 12 || line.substr(12, 1) == " ");
}

std::string_view trim_ows(std::string_view v) noexcept {
    while (!v.empty() && is_ows(v.front())) {
        v.remove_prefix(1);
    }
    while (!v.empty() && is_ows(v.back())) {
        v.remove_suffix(1);
    }
    return v;
}

// One field line (RFC 9112 §5.1): the three fields this decoder reads become facts.
DecodeResult field(std::string_view line, Head head, const PacketContext& ctx,
                   ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) {
        return DecodeResult::malformed;
    }
    const std::string_view name = line.substr(0, colon);
    for (char c : name) {
        if (!is_tchar(c)) {
            return DecodeResult::malformed;  // includes whitespace before the colon
        }
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (head == Head::request) {
        if (iequals(name, "user-agent")) {
            emit(FactKind::user_agent, value);
            windows_os::emit_from_product_text(emit, value);
        } else if (iequals(name, "host")) {
            emit(FactKind::server_name, value);
        }
    } else if (iequals(name, "server")) {
        emit(FactKind::software, value);
        windows_os::emit_from_product_text(emit, value);
    }
    return DecodeResult::decoded;
}

}  // namespace

bool probe(ByteReader in) noexcept {
    if (in.starts_with(kVersionPrefix)) {
        return true;
    }
    for (const auto method : kMethods) {
        if (in.starts_with(method)) {
            return true;
        }
    }
    return false;
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    if (!probe(in)) {
        return DecodeResult::not_mine;
    }
    const Head head = in.starts_with(kVersionPrefix) ? Head::response : Head::request;
    DecodeResult why = DecodeResult::decoded;
    const auto start = next_line(in, why);
    if (!start) {
        return why;
    }
    if (head == Head::request ? !valid_request_line(*start) : !valid_status_line(*start)) {
        return DecodeResult::malformed;
    }
    for (std::size_t fields = 0;; ++fields) {
        const auto line = next_line(in, why);
        if (!line) {
            return why;
        }
        if (line->empty()) {
            return DecodeResult::decoded;  // end of the head; the body is not read
        }
        if (fields >= kMaxHeaderFields) {
            return DecodeResult::limited;
        }
        if (is_ows(line->front())) {
            continue;  // obs-fold (RFC 9112 §5.2): a continuation, not a new field
        }
        const DecodeResult r = field(*line, head, ctx, out);
        if (r != DecodeResult::decoded) {
            return r;
        }
    }
}

}  // namespace daicho::collectors::http
