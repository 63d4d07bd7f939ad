#pragma once
// Formatting decoded values on the stack, shared by every decoder: a fixed-capacity text
// buffer and the text forms of numbers, MAC and IP addresses. Decoders format here, then copy
// the result into the sink's scratch (ObservationSink::store) — never into a heap string.

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/observation.h"

namespace daicho::collectors::text {

// Text past N is dropped and full() remembers it; values are capped at kMaxValueBytes by the
// sink anyway, so N only needs to reach that.
template <std::size_t N>
class FixedText {
   public:
    void put(char c) noexcept {
        if (size_ < N) {
            buf_.at(size_++) = c;
        } else {
            full_ = true;
        }
    }
    void append(std::string_view s) noexcept {
        for (const char c : s) {
            put(c);
        }
    }
    void append_uint(std::uint64_t v, int base = 10) noexcept {
        std::array<char, 64> tmp{};  // base 2 needs 64 digits
        const auto r = std::to_chars(tmp.data(), tmp.data() + tmp.size(), v, base);
        append(std::string_view(tmp.data(), static_cast<std::size_t>(r.ptr - tmp.data())));
    }
    // Two lower-case hex digits.
    void append_hex(std::uint8_t b) noexcept {
        put(kHexDigits.at(b >> 4U));
        put(kHexDigits.at(b & 0x0FU));
    }
    // Four lower-case hex digits, leading zeros kept.
    void append_hex16(std::uint16_t v) noexcept {
        append_hex(static_cast<std::uint8_t>(v >> 8U));
        append_hex(static_cast<std::uint8_t>(v & 0xFFU));
    }
    // Dotted quad of an address in host byte order.
    void append_ipv4(std::uint32_t host_order) noexcept {
        for (unsigned shift = 24;; shift -= 8) {
            append_uint((host_order >> shift) & 0xFFU);
            if (shift == 0) {
                break;
            }
            put('.');
        }
    }
    void clear() noexcept {
        size_ = 0;
        full_ = false;
    }

    [[nodiscard]] std::string_view view() const noexcept { return {buf_.data(), size_}; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] bool full() const noexcept { return full_; }

    static constexpr std::string_view kHexDigits = "0123456789abcdef";

   private:
    std::array<char, N> buf_{};
    std::size_t size_ = 0;
    bool full_ = false;
};

// Text from a wire field (NUL-padded or not): the bytes before the first NUL when every one
// is printable ASCII, else nothing (a name with control bytes is no name we keep).
[[nodiscard]] inline std::string_view printable_field(std::string_view s) noexcept {
    s = s.substr(0, s.find('\0'));
    for (const char c : s) {
        if (c < 0x20 || c > 0x7E) {
            return {};
        }
    }
    return s;
}

template <std::size_t N>
void append_ipv4(FixedText<N>& t, const std::array<std::uint8_t, 4>& a) noexcept {
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i != 0) {
            t.put('.');
        }
        t.append_uint(a.at(i));
    }
}

// RFC 5952 §4: lower case, no leading zeros, the longest run (>= 2) of zero groups as "::",
// the first such run on a tie.
template <std::size_t N>
void append_ipv6(FixedText<N>& t, const std::array<std::uint8_t, 16>& a) noexcept {
    std::array<std::uint16_t, 8> g{};
    for (std::size_t i = 0; i < g.size(); ++i) {
        g.at(i) = static_cast<std::uint16_t>((a.at(2 * i) << 8U) | a.at(2 * i + 1));
    }
    std::size_t best = g.size();
    std::size_t best_len = 1;
    for (std::size_t i = 0; i < g.size();) {
        std::size_t j = i;
        while (j < g.size() && g.at(j) == 0) {
            ++j;
        }
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (i == best) {
            t.append("::");
            i += best_len - 1;
            continue;
        }
        if (i != 0 && i != best + best_len) {
            t.put(':');
        }
        t.append_uint(g.at(i), 16);
    }
}

// An address in its usual text form; nothing for an empty one.
template <std::size_t N>
void append_ip(FixedText<N>& t, const IpAddress& ip) noexcept {
    if (ip.family == IpAddress::Family::v4) {
        append_ipv4(
            t, std::array<std::uint8_t, 4>{ip.octets[0], ip.octets[1], ip.octets[2], ip.octets[3]});
    } else if (ip.family == IpAddress::Family::v6) {
        append_ipv6(t, ip.octets);
    }
}

// "aa:bb:cc:dd:ee:ff" from the next six bytes of `in`; stops where the bytes run out.
template <std::size_t N>
void append_mac(FixedText<N>& t, ByteReader& in) noexcept {
    for (std::size_t i = 0; i < 6; ++i) {
        const auto b = in.u8();
        if (!b) {
            return;
        }
        if (i != 0) {
            t.put(':');
        }
        t.append_hex(*b);
    }
}

// "01:aa:bb:..." of everything left in `in` (client identifiers, DUIDs, chassis ids), stopping
// once the text reaches `max_chars`.
template <std::size_t N>
void append_hex_colon(FixedText<N>& t, ByteReader in, std::size_t max_chars) noexcept {
    bool first = true;
    while (!in.empty() && t.size() < max_chars) {
        const auto b = in.u8();
        if (!b) {
            return;
        }
        if (!first) {
            t.put(':');
        }
        first = false;
        t.append_hex(*b);
    }
}

}  // namespace daicho::collectors::text
