#include "daicho/ledger/text.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace daicho::ledger::text {

namespace {

bool is_hidden_control(char32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F)          // C1 controls (CSI 0x9B drives terminals)
           || (cp >= 0x202A && cp <= 0x202E)   // bidi embeddings and overrides
           || (cp >= 0x2066 && cp <= 0x2069);  // bidi isolates
}

bool is_wide(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

Utf8Char decode_utf8(std::string_view s, std::size_t pos) noexcept {
    const auto b = [&](std::size_t i) { return static_cast<std::uint8_t>(s[pos + i]); };
    const std::uint8_t c = b(0);
    if (c < 0x80) {
        return {c, 1};
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
        len = 2;
        cp = c & 0x1FU;
        min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
        len = 3;
        cp = c & 0x0FU;
        min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
        len = 4;
        cp = c & 0x07U;
        min = 0x10000;
    } else {
        return {};
    }
    if (s.size() - pos < len) {
        return {};
    }
    for (std::size_t i = 1; i < len; ++i) {
        if ((b(i) & 0xC0U) != 0x80U) {
            return {};
        }
        cp = (cp << 6U) | (b(i) & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {};
    }
    return {cp, len};
}

bool valid_utf8(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        const std::size_t len = decode_utf8(s, pos).len;
        if (len == 0) {
            return false;
        }
        pos += len;
    }
    return true;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0U | (cp >> 6U));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0U | (cp >> 12U));
        out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    } else {
        out += static_cast<char>(0xF0U | (cp >> 18U));
        out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
        out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
        out += static_cast<char>(0x80U | (cp & 0x3FU));
    }
}

std::string escape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    char buf[16];
    std::size_t pos = 0;
    while (pos < raw.size()) {
        const Utf8Char d = decode_utf8(raw, pos);
        if (d.len == 0 || d.cp < 0x20 || d.cp == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\x%02X",
                          static_cast<unsigned>(static_cast<std::uint8_t>(raw[pos])));
            out += buf;
            ++pos;
            continue;
        }
        if (is_hidden_control(d.cp)) {
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(d.cp));
            out += buf;
        } else {
            out.append(raw.substr(pos, d.len));
        }
        pos += d.len;
    }
    return out;
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const Utf8Char d = decode_utf8(s, pos);
        if (d.len == 0) {
            ++width;
            ++pos;
            continue;
        }
        width += is_wide(d.cp) ? 2 : 1;
        pos += d.len;
    }
    return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) {
        return std::string(s);
    }
    constexpr std::string_view kEllipsis = "\u2026";
    std::size_t used = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const Utf8Char d = decode_utf8(s, pos);
        const std::size_t len = d.len == 0 ? 1 : d.len;
        const std::size_t w = d.len != 0 && is_wide(d.cp) ? 2 : 1;
        if (used + w + 1 > width) {  // keep one column for the ellipsis
            break;
        }
        used += w;
        pos += len;
    }
    std::string out(s.substr(0, pos));
    if (width > 0) {
        out += kEllipsis;
    }
    return out;
}

std::string_view truncate_bytes(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) {
        return s;
    }
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<std::uint8_t>(s[cut]) & 0xC0U) == 0x80U) {
        --cut;  // back off a continuation byte
    }
    return s.substr(0, cut);
}

bool starts_formula(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    switch (s.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            break;
    }
    // U+FF1D, U+FF0B, U+FF0D, U+FF20.
    constexpr std::array<std::string_view, 4> kWide{"\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"};
    for (std::string_view w : kWide) {
        if (s.starts_with(w)) {
            return true;
        }
    }
    return false;
}

bool needs_formula_guard(std::string_view raw) {
    const auto first = raw.find_first_not_of('\'');
    return first != std::string_view::npos && starts_formula(raw.substr(first));
}

}  // namespace daicho::ledger::text
