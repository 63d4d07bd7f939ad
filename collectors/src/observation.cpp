// Text forms of the address types in observation.h.
// MAC: IEEE 802-2014 §8.1 canonical "aa:bb:cc:dd:ee:ff" (lower case); parse also takes '-'
// separators and upper case. IPv4: dotted quad (no leading zeros, which inet_pton rejects
// too, because "010" is octal to some tools). IPv6: RFC 4291 §2.2 text in, RFC 5952 §4 text
// out (lower case, no leading zeros, the longest run of two or more zero groups as "::",
// the first on a tie) with RFC 5952 §5 mixed notation for IPv4-mapped addresses.
// Control-plane code: it allocates and is not on the packet path.

#include "daicho/collectors/observation.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daicho::collectors {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void append_hex16(std::string& s, std::uint16_t v) {
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const auto nibble = static_cast<std::size_t>((v >> static_cast<unsigned>(shift)) & 0xFU);
        if (nibble != 0 || started || shift == 0) {
            s.push_back(kHexDigits[nibble]);
            started = true;
        }
    }
}

void append_dotted_quad(std::string& s, std::uint8_t a, std::uint8_t b, std::uint8_t c,
                        std::uint8_t d) {
    s += std::to_string(a);
    s.push_back('.');
    s += std::to_string(b);
    s.push_back('.');
    s += std::to_string(c);
    s.push_back('.');
    s += std::to_string(d);
}

// Parses exactly a dotted quad into four octets.
std::optional<std::array<std::uint8_t, 4>> parse_dotted_quad(std::string_view text) noexcept {
    std::array<std::uint8_t, 4> out{};
    std::size_t part = 0;
    std::size_t i = 0;
    while (part < 4) {
        unsigned value = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (digits == 1 && value == 0) {
                return std::nullopt;  // leading zero
            }
            value = value * 10U + static_cast<unsigned>(text[i] - '0');
            if (value > 255U) {
                return std::nullopt;
            }
            ++digits;
            ++i;
        }
        if (digits == 0) {
            return std::nullopt;
        }
        out[part++] = static_cast<std::uint8_t>(value);
        if (part < 4) {
            if (i >= text.size() || text[i] != '.') {
                return std::nullopt;
            }
            ++i;
        }
    }
    if (i != text.size()) {
        return std::nullopt;
    }
    return out;
}

// RFC 4291 §2.2 forms 1-3: groups of 1-4 hex digits, at most one "::", an optional trailing
// dotted quad in the last 32 bits.
std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view text) noexcept {
    std::array<std::uint16_t, 8> head{};
    std::array<std::uint16_t, 8> tail{};
    std::size_t n_head = 0;
    std::size_t n_tail = 0;
    bool compressed = false;
    std::size_t i = 0;

    if (text.size() < 2) {
        return std::nullopt;
    }
    if (text[0] == ':') {
        if (text[1] != ':') {
            return std::nullopt;
        }
        compressed = true;
        i = 2;
        if (i == text.size()) {
            return std::array<std::uint8_t, 16>{};  // "::"
        }
    }
    while (i < text.size()) {
        const std::size_t used = n_head + n_tail;
        // A dotted quad may end the address.
        const std::size_t next_sep = text.find(':', i);
        const std::string_view piece =
            text.substr(i, next_sep == std::string_view::npos ? text.size() - i : next_sep - i);
        if (next_sep == std::string_view::npos && piece.find('.') != std::string_view::npos) {
            auto quad = parse_dotted_quad(piece);
            if (!quad || used + 2 > 8) {
                return std::nullopt;
            }
            auto& groups = compressed ? tail : head;
            auto& n = compressed ? n_tail : n_head;
            groups[n++] = static_cast<std::uint16_t>(((*quad)[0] << 8U) | (*quad)[1]);
            groups[n++] = static_cast<std::uint16_t>(((*quad)[2] << 8U) | (*quad)[3]);
            i = text.size();
            break;
        }
        if (piece.empty() || piece.size() > 4 || used >= 8) {
            return std::nullopt;
        }
        unsigned value = 0;
        for (char c : piece) {
            const int v = hex_value(c);
            if (v < 0) {
                return std::nullopt;
            }
            value = (value << 4U) | static_cast<unsigned>(v);
        }
        auto& groups = compressed ? tail : head;
        auto& n = compressed ? n_tail : n_head;
        groups[n++] = static_cast<std::uint16_t>(value);
        i += piece.size();
        if (i == text.size()) {
            break;
        }
        // text[i] == ':'
        ++i;
        if (i < text.size() && text[i] == ':') {
            if (compressed) {
                return std::nullopt;  // a second "::"
            }
            compressed = true;
            ++i;
            if (i == text.size()) {
                break;  // trailing "::"
            }
        } else if (i == text.size()) {
            return std::nullopt;  // trailing single ':'
        }
    }
    const std::size_t total = n_head + n_tail;
    if (compressed ? total > 7 : total != 8) {
        return std::nullopt;  // "::" stands for at least one group (RFC 4291 §2.2 item 2)
    }
    std::array<std::uint16_t, 8> words{};
    for (std::size_t k = 0; k < n_head; ++k) {
        words.at(k) = head.at(k);
    }
    for (std::size_t k = 0; k < n_tail; ++k) {
        words.at(8 - n_tail + k) = tail.at(k);
    }
    std::array<std::uint8_t, 16> out{};
    for (std::size_t k = 0; k < 8; ++k) {
        out.at(2 * k) = static_cast<std::uint8_t>(words.at(k) >> 8U);
        out.at(2 * k + 1) = static_cast<std::uint8_t>(words.at(k));
    }
    return out;
}

}  // namespace

std::string MacAddress::to_string() const {
    std::string s;
    s.reserve(17);
    for (std::size_t i = 0; i < octets.size(); ++i) {
        if (i != 0) {
            s.push_back(':');
        }
        s.push_back(kHexDigits[octets.at(i) >> 4U]);
        s.push_back(kHexDigits[octets.at(i) & 0xFU]);
    }
    return s;
}

std::optional<MacAddress> MacAddress::parse(std::string_view text) noexcept {
    if (text.size() != 17) {
        return std::nullopt;
    }
    const char sep = text[2];
    if (sep != ':' && sep != '-') {
        return std::nullopt;
    }
    MacAddress mac;
    for (std::size_t i = 0; i < 6; ++i) {
        const std::size_t at = i * 3;
        const int hi = hex_value(text[at]);
        const int lo = hex_value(text[at + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        if (i < 5 && text[at + 2] != sep) {
            return std::nullopt;
        }
        mac.octets.at(i) = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return mac;
}

std::string IpAddress::to_string() const {
    std::string s;
    if (family == Family::none) {
        return s;
    }
    if (family == Family::v4) {
        append_dotted_quad(s, octets[0], octets[1], octets[2], octets[3]);
        return s;
    }
    std::array<std::uint16_t, 8> words{};
    for (std::size_t k = 0; k < 8; ++k) {
        words.at(k) = static_cast<std::uint16_t>((octets.at(2 * k) << 8U) | octets.at(2 * k + 1));
    }
    // RFC 5952 §4.2.2/4.2.3: compress the longest run of >= 2 zero groups, the first on a tie.
    std::size_t best_at = 8;
    std::size_t best_len = 0;
    for (std::size_t k = 0; k < 8;) {
        if (words.at(k) != 0) {
            ++k;
            continue;
        }
        std::size_t run = 0;
        while (k + run < 8 && words.at(k + run) == 0) {
            ++run;
        }
        if (run >= 2 && run > best_len) {
            best_at = k;
            best_len = run;
        }
        k += run;
    }
    // RFC 5952 §5: IPv4-mapped addresses (::ffff:0:0/96) keep the dotted quad.
    const bool mapped = best_at == 0 && best_len == 5 && words[5] == 0xFFFFU;
    const std::size_t hex_groups = mapped ? 6 : 8;
    for (std::size_t k = 0; k < hex_groups;) {
        if (k == best_at) {
            s += "::";
            k += best_len;
            continue;
        }
        if (k != 0 && k != best_at + best_len) {
            s.push_back(':');
        }
        append_hex16(s, words.at(k));
        ++k;
    }
    if (mapped) {
        s.push_back(':');
        append_dotted_quad(s, octets[12], octets[13], octets[14], octets[15]);
    }
    return s;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) noexcept {
    if (text.find(':') == std::string_view::npos) {
        auto quad = parse_dotted_quad(text);
        if (!quad) {
            return std::nullopt;
        }
        return IpAddress::v4((static_cast<std::uint32_t>((*quad)[0]) << 24U) |
                             (static_cast<std::uint32_t>((*quad)[1]) << 16U) |
                             (static_cast<std::uint32_t>((*quad)[2]) << 8U) | (*quad)[3]);
    }
    auto v6 = parse_v6(text);
    if (!v6) {
        return std::nullopt;
    }
    return IpAddress::v6(*v6);
}

bool in_prefix(const IpAddress& a, const IpAddress& network, std::size_t length) noexcept {
    if (a.family != network.family || a.family == IpAddress::Family::none) {
        return false;
    }
    const std::size_t n = std::min<std::size_t>(length, a.family == IpAddress::Family::v4 ? 32 : 128);
    const std::size_t whole = n / 8;
    for (std::size_t i = 0; i < whole; ++i) {
        if (a.octets.at(i) != network.octets.at(i)) {
            return false;
        }
    }
    const std::size_t rest = n % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xFFU << (8U - rest));
    return (a.octets.at(whole) & mask) == (network.octets.at(whole) & mask);
}

bool private_address(const IpAddress& a) noexcept {
    const auto& o = a.octets;
    if (a.family == IpAddress::Family::v4) {
        return o[0] == 10 || (o[0] == 172 && (o[1] & 0xF0U) == 16) || (o[0] == 192 && o[1] == 168);
    }
    return a.family == IpAddress::Family::v6 && (o[0] & 0xFEU) == 0xFC;
}

}  // namespace daicho::collectors
