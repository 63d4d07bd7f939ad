#pragma once
// The one 64-bit finaliser the bounded tables and digests spread their keys with: splitmix64's
// (Steele, Lea, Flood 2014; https://prng.di.unimi.it/splitmix64.c). Every input bit reaches
// every output bit, so open addressing on the low bits and HyperLogLog on the high bits work.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace daicho::collectors {

[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30U;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27U;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31U;
    return x;
}

// The odd multipliers of the folds below, one per lane (xxHash64's primes and the golden ratio:
// any odd constants with mixed bits do; these are well studied).
inline constexpr std::array<std::uint64_t, 4> kFoldMul{
    0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL, 0x85EBCA77C2B2AE63ULL};

// The four lanes of a fold as one word.
[[nodiscard]] constexpr std::uint64_t join_lanes(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                                 std::uint64_t d) noexcept {
    return a ^ std::rotl(b, 17) ^ std::rotl(c, 31) ^ std::rotl(d, 47);
}

// The first eight bytes of `bytes` as one word in host order (a hash input: byte order does not
// matter). A fixed size, so the compiler makes it one load, not a call to memcpy.
[[nodiscard]] inline std::uint64_t load_word(std::span<const std::byte> bytes) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data(), sizeof w);
    return w;
}

// The last n < 8 bytes of `bytes` as one word. When 8 bytes lie before the span's end the word
// is one load, shifted: assembling it byte by byte in memory and loading it back stalls the
// load on store forwarding (a quarter of the routed-copy fold's samples on the corpus).
[[nodiscard]] inline std::uint64_t tail_word(std::span<const std::byte> bytes,
                                             std::size_t n) noexcept {
    if (n == 0) {
        return 0;
    }
    if (bytes.size() >= 8) {
        const unsigned drop = 8U * static_cast<unsigned>(8 - n);
        const std::uint64_t w = load_word(bytes.last(8));
        return std::endian::native == std::endian::little ? w >> drop : w << drop;
    }
    std::uint64_t w = 0;
    for (const std::byte b : bytes.last(n)) {
        w = (w << 8U) | std::to_integer<std::uint64_t>(b);
    }
    return w;
}

// Folds `bytes` into `h`, for hash-table keys and packet keys on the packet path: one multiply
// per word, in four independent lanes the CPU overlaps, so 64 bytes cost a few nanoseconds.
// Not a finaliser: pass the result through mix64 before using its low bits. Every input bit
// changes the result (each lane step is a bijection of the lane), which is what equality
// keys need. On the benchmark corpus the fact folder's byte-at-a-time FNV and the routed-copy
// key's chained multiply-shift per word were each about 7% of the decode thread's samples.
[[nodiscard]] inline std::uint64_t fold_bytes(std::uint64_t h,
                                              std::span<const std::byte> bytes) noexcept {
    std::uint64_t a = h;
    std::uint64_t b = h ^ kFoldMul[0];
    std::uint64_t c = h ^ kFoldMul[1];
    std::uint64_t d = h ^ kFoldMul[2];
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = (a ^ load_word(bytes.subspan(i, 8))) * kFoldMul[0];
        b = (b ^ load_word(bytes.subspan(i + 8, 8))) * kFoldMul[1];
        c = (c ^ load_word(bytes.subspan(i + 16, 8))) * kFoldMul[2];
        d = (d ^ load_word(bytes.subspan(i + 24, 8))) * kFoldMul[3];
    }
    if (i + 16 <= n) {
        a = (a ^ load_word(bytes.subspan(i, 8))) * kFoldMul[0];
        b = (b ^ load_word(bytes.subspan(i + 8, 8))) * kFoldMul[1];
        i += 16;
    }
    if (i + 8 <= n) {
        c = (c ^ load_word(bytes.subspan(i, 8))) * kFoldMul[2];
        i += 8;
    }
    const std::size_t left = n - i;
    d = (d ^ tail_word(bytes, left) ^ (std::uint64_t{left} << 56U)) * kFoldMul[3];
    return join_lanes(a, b, c, d) + n;
}

// The same over whole words a key is made of (addresses, ports, ...), without a trip through
// memory: a table key of N words costs N independent multiplies and one mix64 by the caller,
// where the conversation and TCP-flow tables chained five and six.
template <std::size_t N>
[[nodiscard]] constexpr std::uint64_t fold_words(
    std::uint64_t h, const std::array<std::uint64_t, N>& words) noexcept {
    std::array<std::uint64_t, 4> lane{h, h ^ kFoldMul[0], h ^ kFoldMul[1], h ^ kFoldMul[2]};
    for (std::size_t i = 0; i < N; ++i) {  // N is a constant: unrolled, lanes in registers
        lane[i % 4] = (lane[i % 4] ^ words[i]) * kFoldMul[i % 4];
    }
    return join_lanes(lane[0], lane[1], lane[2], lane[3]);
}

[[nodiscard]] inline std::uint64_t fold_bytes(std::uint64_t h, std::string_view text) noexcept {
    return fold_bytes(h, std::as_bytes(std::span(text.data(), text.size())));
}

}  // namespace daicho::collectors
