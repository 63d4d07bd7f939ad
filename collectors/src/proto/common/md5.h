#pragma once
// MD5 (RFC 1321), constexpr: the IKE Vendor-ID table (proto/ike/vendor_ids.h) is built at
// compile time from the strings that vendors hash into their Vendor IDs, so the data file
// keeps the readable string and the build recomputes the 16 bytes. Not for security: MD5 is
// what those vendors chose, nothing here relies on it resisting collisions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace daicho::collectors::md5 {

using Digest = std::array<std::uint8_t, 16>;

namespace detail {

// RFC 1321 §3.4: per-round shift amounts and T[i] = floor(abs(sin(i + 1)) * 2^32).
inline constexpr std::array<std::uint32_t, 64> kShift{
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9,  14, 20, 5, 9,
    14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
inline constexpr std::array<std::uint32_t, 64> kT{
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391};

constexpr std::uint32_t rotl(std::uint32_t x, std::uint32_t n) noexcept {
    return (x << n) | (x >> (32U - n));
}

// The padded message's byte `i` (RFC 1321 §3.1-3.2): the text, 0x80, zeros, then the bit
// length as 64 bits little-endian.
constexpr std::uint8_t padded_byte(std::string_view text, std::size_t total,
                                   std::size_t i) noexcept {
    if (i < text.size()) {
        return static_cast<std::uint8_t>(text[i]);
    }
    if (i == text.size()) {
        return 0x80;
    }
    if (i >= total - 8) {
        const std::uint64_t bits = static_cast<std::uint64_t>(text.size()) * 8U;
        return static_cast<std::uint8_t>(bits >> (8U * (i - (total - 8))));
    }
    return 0;
}

}  // namespace detail

[[nodiscard]] constexpr Digest of(std::string_view text) noexcept {
    using namespace detail;
    const std::size_t total = ((text.size() + 8) / 64 + 1) * 64;
    std::uint32_t a0 = 0x67452301;
    std::uint32_t b0 = 0xefcdab89;
    std::uint32_t c0 = 0x98badcfe;
    std::uint32_t d0 = 0x10325476;
    for (std::size_t block = 0; block < total; block += 64) {
        std::array<std::uint32_t, 16> m{};
        for (std::size_t w = 0; w < 16; ++w) {
            for (std::size_t b = 0; b < 4; ++b) {
                m.at(w) |= static_cast<std::uint32_t>(padded_byte(text, total, block + w * 4 + b))
                           << (8U * b);
            }
        }
        std::uint32_t a = a0;
        std::uint32_t b = b0;
        std::uint32_t c = c0;
        std::uint32_t d = d0;
        for (std::size_t i = 0; i < 64; ++i) {
            std::uint32_t f = 0;
            std::size_t g = 0;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) % 16;
            }
            const std::uint32_t next = b + rotl(a + f + kT.at(i) + m.at(g), kShift.at(i));
            a = d;
            d = c;
            c = b;
            b = next;
        }
        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }
    Digest out{};
    const std::array<std::uint32_t, 4> words{a0, b0, c0, d0};
    for (std::size_t w = 0; w < 4; ++w) {
        for (std::size_t b = 0; b < 4; ++b) {
            out.at(w * 4 + b) = static_cast<std::uint8_t>(words.at(w) >> (8U * b));
        }
    }
    return out;
}

}  // namespace daicho::collectors::md5
