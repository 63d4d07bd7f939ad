#include "cli/text.h"

#include <array>
#include <cstdio>

namespace daicho::agent {

std::string escape_control(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            std::array<char, 5> buf{};
            std::snprintf(buf.data(), buf.size(), "\\x%02x", u);
            out += buf.data();
        } else {
            out += c;
        }
    }
    return out;
}

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    const std::size_t lead = digits.size() % 3;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (i % 3) == lead % 3 && i >= (lead == 0 ? 3 : lead)) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

}  // namespace daicho::agent
