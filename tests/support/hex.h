#pragma once
// hex("01 02 # a comment\n 0a0b") -> bytes. Fixtures carry per-field annotations after '#'.
// Throws std::invalid_argument on an odd digit count or a stray character (a test bug).

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace daicho::test {

inline std::vector<std::byte> hex(std::string_view text) {
    std::vector<std::byte> out;
    int high = -1;
    bool comment = false;
    for (char c : text) {
        if (comment) {
            comment = c != '\n';
            continue;
        }
        if (c == '#') {
            comment = true;
            continue;
        }
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ':' || c == '|') {
            continue;
        } else {
            throw std::invalid_argument(std::string("hex(): stray character '") + c + "'");
        }
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<std::byte>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0) {
        throw std::invalid_argument("hex(): odd number of hex digits");
    }
    return out;
}

inline std::vector<std::byte> bytes_of(std::string_view text) {
    std::vector<std::byte> out;
    out.reserve(text.size());
    for (char c : text) {
        out.push_back(static_cast<std::byte>(c));
    }
    return out;
}

inline void append(std::vector<std::byte>& to, std::span<const std::byte> more) {
    to.insert(to.end(), more.begin(), more.end());
}

}  // namespace daicho::test
