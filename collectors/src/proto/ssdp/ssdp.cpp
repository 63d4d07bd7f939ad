// SSDP (HTTPU over udp/1900): NOTIFY announcements, M-SEARCH requests and unicast search
// responses ("HTTP/1.1 200 OK"), read line by line up to the empty line.
// Refs: UPnP Device Architecture 2.0 §1.2.2 (NOTIFY ssdp:alive: NT, USN, LOCATION, SERVER),
//   §1.3.2 (M-SEARCH: ST, USER-AGENT), §1.3.3 (search response: ST, USN, LOCATION,
//   SERVER); RFC 9112 §2.2-§5 (start line, header fields, CRLF, case-insensitive names,
//   optional whitespace around the value).
// Facts (about the sender): SERVER -> software; USER-AGENT -> user_agent (both also os
//   "Windows x.y" when they state the NT version, proto/common/windows_os.h); LOCATION -> url;
//   USN -> other "ssdp-usn=<value>"; NT (NOTIFY) / ST (response) naming a urn: device or
//   service type -> device_type; M-SEARCH ST -> other "ssdp-search=<st>" (what it looks
//   for, not what it is); a response from udp/1900 -> service "udp/1900".
// Ignored: the body, CACHE-CONTROL/BOOTID/CONFIGID and other headers (no identity), folded
//   continuation lines (obsolete, RFC 9112 §5.2), NT/ST values that are not urn: types
//   (upnp:rootdevice, uuid:..., ssdp:all: the USN already carries the uuid).

#include "proto/ssdp/ssdp.h"

#include <array>

#include "proto/common/emitter.h"
#include "proto/common/windows_os.h"

namespace daicho::collectors::ssdp {
namespace {

enum class Kind : std::uint8_t { notify, search, response };

constexpr std::string_view kNotify = "NOTIFY * HTTP/1.";
constexpr std::string_view kSearch = "M-SEARCH * HTTP/1.";
constexpr std::string_view kResponse = "HTTP/1.";

constexpr char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}
bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}
std::string_view trim(std::string_view s) noexcept {  // RFC 9112 §5.1 OWS
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

void emit_prefixed(const PacketContext& ctx, ObservationSink& out, std::string_view prefix,
                   std::string_view value) noexcept {
    const Emitter emit(ctx, out, kName);
    if (value.empty()) {
        return;
    }
    std::array<char, 16 + kMaxValueBytes> text{};
    std::size_t n = prefix.copy(text.data(), text.size());
    n += value.copy(text.data() + n, text.size() - n);
    emit.copy(FactKind::other, std::string_view(text.data(), n));
}

// UDA 2.0 §1.1.4: "urn:schemas-upnp-org:device:MediaRenderer:1", "urn:...:service:...".
bool names_type(std::string_view v) noexcept {
    return istarts_with(v, "urn:") && (v.find(":device:") != std::string_view::npos ||
                                       v.find(":service:") != std::string_view::npos);
}

void header(Kind kind, std::string_view name, std::string_view value, const PacketContext& ctx,
            ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    if (iequals(name, "SERVER") || iequals(name, "USER-AGENT")) {
        emit(iequals(name, "SERVER") ? FactKind::software : FactKind::user_agent, value);
        windows_os::emit_from_product_text(emit, value);
    } else if (iequals(name, "LOCATION")) {
        emit(FactKind::url, value);
    } else if (iequals(name, "USN")) {
        emit_prefixed(ctx, out, "ssdp-usn=", value);
    } else if (iequals(name, "NT") && kind == Kind::notify && names_type(value)) {
        emit(FactKind::device_type, value);
    } else if (iequals(name, "ST")) {
        if (kind == Kind::search) {
            emit_prefixed(ctx, out, "ssdp-search=", value);
        } else if (kind == Kind::response && names_type(value)) {
            emit(FactKind::device_type, value);
        }
    }
}

// The next line without its CRLF (or bare LF). No text when no line end is in reach:
// `too_long` then says whether the line passed kMaxLineBytes or the input simply stopped.
struct Line {
    std::optional<std::string_view> text;
    bool too_long = false;
};
Line next_line(ByteReader& in) noexcept {
    const auto rest = in.rest_chars();
    const auto lf = rest.substr(0, kMaxLineBytes + 1).find('\n');
    if (lf == std::string_view::npos) {
        return Line{std::nullopt, rest.size() > kMaxLineBytes};
    }
    const auto line = in.chars(lf + 1);
    if (!line) {
        return Line{};  // unreachable: lf < rest.size()
    }
    auto text = line->substr(0, lf);
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    return Line{text, false};
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    Kind kind = Kind::notify;
    if (in.starts_with(kNotify)) {
        kind = Kind::notify;
    } else if (in.starts_with(kSearch)) {
        kind = Kind::search;
    } else if (in.starts_with(kResponse)) {
        kind = Kind::response;
    } else {
        // A prefix of a start line may still be SSDP, cut short.
        const auto rest = in.rest_chars();
        for (const auto start : {kNotify, kSearch, kResponse}) {
            if (rest.size() < start.size() && start.substr(0, rest.size()) == rest) {
                return in.shortfall();
            }
        }
        return DecodeResult::not_mine;
    }
    const Line start = next_line(in);
    if (!start.text) {
        return start.too_long ? DecodeResult::limited : in.shortfall();
    }
    if (kind != Kind::response && !start.text->ends_with(".1") && !start.text->ends_with(".0")) {
        return DecodeResult::malformed;  // RFC 9112 §3: request-line ends in HTTP-version
    }
    if (kind == Kind::response) {
        // RFC 9112 §4: "HTTP/1.1 200 OK"; only a success answers a search.
        const auto status = start.text->size() > 8 ? start.text->substr(8) : std::string_view{};
        if (status != " 200" && status.substr(0, 5) != " 200 ") {
            return DecodeResult::unsupported;
        }
        if (ctx.src_port == 1900) {
            emit(FactKind::service, "udp/1900");
        }
    }
    for (std::size_t seen = 0;; ++seen) {
        if (in.empty()) {
            // No empty line; every header line read was whole.
            return in.capture_cut() ? DecodeResult::truncated : DecodeResult::decoded;
        }
        if (seen >= kMaxHeaders) {
            return DecodeResult::limited;
        }
        const Line line = next_line(in);
        if (!line.text) {
            // A line without its end may be cut short: it is never read as a whole field.
            return line.too_long ? DecodeResult::limited : in.shortfall();
        }
        if (line.text->empty()) {
            return DecodeResult::decoded;  // end of the header section; the body is not read
        }
        const auto colon = line.text->find(':');
        if (colon == std::string_view::npos || line.text->front() == ' ' ||
            line.text->front() == '\t') {
            continue;  // not a field line, or an obsolete folded continuation
        }
        header(kind, trim(line.text->substr(0, colon)), trim(line.text->substr(colon + 1)), ctx,
               out);
    }
}

}  // namespace daicho::collectors::ssdp
