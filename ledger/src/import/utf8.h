#pragma once
// UTF-8 checks and building blocks for the ledger importers (RFC 3629 §4: no overlong forms,
// no surrogates, nothing past U+10FFFF).

#include <cstdint>
#include <string>
#include <string_view>

namespace daicho::ledger::import {

// Length of the valid UTF-8 character at `pos`, 0 when the bytes there are not one.
[[nodiscard]] inline std::size_t utf8_char_len(std::string_view s, std::size_t pos) noexcept {
    const auto b = [&](std::size_t i) { return static_cast<std::uint8_t>(s[pos + i]); };
    const std::uint8_t c = b(0);
    if (c < 0x80) {
        return 1;
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
        return 0;
    }
    if (s.size() - pos < len) {
        return 0;
    }
    for (std::size_t i = 1; i < len; ++i) {
        if ((b(i) & 0xC0U) != 0x80U) {
            return 0;
        }
        cp = (cp << 6U) | (b(i) & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return len;
}

[[nodiscard]] inline bool valid_utf8(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t len = utf8_char_len(s, pos);
        if (len == 0) {
            return false;
        }
        pos += len;
    }
    return true;
}

inline void append_utf8(std::string& out, char32_t cp) {
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

}  // namespace daicho::ledger::import
