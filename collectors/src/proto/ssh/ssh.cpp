// SSH protocol version exchange: the identification string each side sends first.
// Refs: RFC 4253 §4.2 ("SSH-protoversion-softwareversion SP comments CR LF", at most 255
//   characters including CR LF, printable US-ASCII; the server MAY send other lines first,
//   which do not start with "SSH-"); §5.1 (compatibility: old versions end the line with LF
//   alone, which is accepted here).
// Facts: FactKind::software about the sender (client or server: each sends its own line),
//   value = the whole identification line without CR LF, for example
//   "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u3" (raw, as STYLE.md §4.4 keeps it; the ledger
//   parses product and version).
// Ignored: everything after the identification line (binary packet protocol, KEXINIT:
//   algorithm lists are fingerprinting material for a later issue), the text of the lines
//   before it (a server's free-form greeting is not an identity).

#include "proto/ssh/ssh.h"

#include <string_view>

#include "proto/common/emitter.h"

namespace daicho::collectors::ssh {
namespace {

constexpr std::string_view kPrefix = "SSH-";

// Printable US-ASCII (RFC 4253 §4.2); SP separates the comments.
constexpr bool printable(char c) noexcept { return c >= 0x20 && c <= 0x7E; }

// The next line (up to LF, at most max_bytes including CR LF) without its line end, or
// nullopt with `result` saying why.
std::optional<std::string_view> next_line(ByteReader& in, std::size_t max_bytes,
                                          DecodeResult& result) noexcept {
    const std::string_view window = in.rest_chars().substr(0, max_bytes);
    const std::size_t lf = window.find('\n');
    if (lf == std::string_view::npos) {
        // No line end within the limit: a longer line breaks the rule, a shorter one may
        // continue past the bytes seen.
        result = window.size() >= max_bytes ? DecodeResult::malformed : in.shortfall();
        return std::nullopt;
    }
    auto line = in.chars(lf + 1);
    if (!line) {
        result = DecodeResult::malformed;  // unreachable: lf + 1 bytes are there
        return std::nullopt;
    }
    std::string_view text = line->substr(0, lf);
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    return text;
}

// "SSH-" protoversion "-" softwareversion [SP comments], all printable.
bool valid_identification(std::string_view line) noexcept {
    if (line.substr(0, kPrefix.size()) != kPrefix) {
        return false;
    }
    for (char c : line) {
        if (!printable(c)) {
            return false;
        }
    }
    const std::string_view rest = line.substr(kPrefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string_view::npos) {
        return false;  // protoversion is empty or softwareversion is missing
    }
    const std::string_view software = rest.substr(dash + 1);
    return !software.empty() && software.front() != ' ';
}

}  // namespace

bool probe(ByteReader in) noexcept {
    if (in.starts_with(kPrefix)) {
        return true;
    }
    // A server greeting before the identification line (RFC 4253 §4.2): printable lines only.
    for (std::size_t lines = 0; lines < kMaxLinesBeforeIdentification; ++lines) {
        DecodeResult ignored = DecodeResult::decoded;
        const auto line = next_line(in, kMaxOtherLineBytes, ignored);
        if (!line) {
            return false;
        }
        for (char c : *line) {
            if (!printable(c) && c != '\t') {
                return false;
            }
        }
        if (in.starts_with(kPrefix)) {
            return true;
        }
    }
    return false;
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    std::size_t skipped = 0;
    while (!in.starts_with(kPrefix)) {
        if (in.remaining() < kPrefix.size() &&
            kPrefix.substr(0, in.remaining()) == in.rest_chars()) {
            return in.shortfall();  // a prefix of "SSH-": the line may go on
        }
        if (skipped++ >= kMaxLinesBeforeIdentification) {
            return DecodeResult::limited;
        }
        DecodeResult why = DecodeResult::decoded;
        if (!next_line(in, kMaxOtherLineBytes, why)) {
            return why;
        }
    }
    DecodeResult why = DecodeResult::decoded;
    const auto line = next_line(in, kMaxIdentificationBytes, why);
    if (!line) {
        return why;
    }
    if (!valid_identification(*line)) {
        return DecodeResult::malformed;
    }
    Emitter(ctx, out, kName)(FactKind::software, *line);
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::ssh
