#pragma once
// The one 64-bit finaliser the bounded tables and digests spread their keys with: splitmix64's
// (Steele, Lea, Flood 2014; https://prng.di.unimi.it/splitmix64.c). Every input bit reaches
// every output bit, so open addressing on the low bits and HyperLogLog on the high bits work.

#include <cstdint>

namespace daicho::collectors {

[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30U;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27U;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31U;
    return x;
}

}  // namespace daicho::collectors
