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
// keys need; byte-at-a-time FNV and a chained multiply-shift per word were each a tenth of
// the decode thread's samples on the benchmark corpus.
[[nodiscard]] inline std::uint64_t fold_bytes(std::uint64_t h,
                                              std::span<const std::byte> bytes) noexcept {
    constexpr std::array<std::uint64_t, 4> kMul{0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
                                                0x165667B19E3779F9ULL, 0x85EBCA77C2B2AE63ULL};
    std::uint64_t a = h;
    std::uint64_t b = h ^ kMul[0];
    std::uint64_t c = h ^ kMul[1];
    std::uint64_t d = h ^ kMul[2];
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = (a ^ load_word(bytes.subspan(i, 8))) * kMul[0];
        b = (b ^ load_word(bytes.subspan(i + 8, 8))) * kMul[1];
        c = (c ^ load_word(bytes.subspan(i + 16, 8))) * kMul[2];
        d = (d ^ load_word(bytes.subspan(i + 24, 8))) * kMul[3];
    }
    if (i + 16 <= n) {
        a = (a ^ load_word(bytes.subspan(i, 8))) * kMul[0];
        b = (b ^ load_word(bytes.subspan(i + 8, 8))) * kMul[1];
        i += 16;
    }
    if (i + 8 <= n) {
        c = (c ^ load_word(bytes.subspan(i, 8))) * kMul[2];
        i += 8;
    }
    const std::size_t left = n - i;
    d = (d ^ tail_word(bytes, left) ^ (std::uint64_t{left} << 56U)) * kMul[3];
    return (a ^ std::rotl(b, 17) ^ std::rotl(c, 31) ^ std::rotl(d, 47)) + n;
}

// The same over whole words a key is made of (addresses, ports, ...), without a trip through
// memory: a table key of N words costs N independent multiplies instead of N chained mix64s
// (ConversationTable's five were a third of its update on the benchmark corpus).
template <std::size_t N>
[[nodiscard]] constexpr std::uint64_t fold_words(
    std::uint64_t h, const std::array<std::uint64_t, N>& words) noexcept {
    constexpr std::array<std::uint64_t, 4> kMul{0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
                                                0x165667B19E3779F9ULL, 0x85EBCA77C2B2AE63ULL};
    std::array<std::uint64_t, 4> lane{h, h ^ kMul[0], h ^ kMul[1], h ^ kMul[2]};
    for (std::size_t i = 0; i < N; ++i) {  // N is a constant: unrolled, lanes in registers
        lane[i % 4] = (lane[i % 4] ^ words[i]) * kMul[i % 4];
    }
    return lane[0] ^ std::rotl(lane[1], 17) ^ std::rotl(lane[2], 31) ^ std::rotl(lane[3], 47);
}

[[nodiscard]] inline std::uint64_t fold_bytes(std::uint64_t h, std::string_view text) noexcept {
    return fold_bytes(h, std::as_bytes(std::span(text.data(), text.size())));
}

}  // namespace daicho::collectors
