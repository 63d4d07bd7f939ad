#pragma once
// Seeded, platform-independent pseudo-random numbers for the capture generator: splitmix64
// seeds xoshiro256** (Blackman & Vigna, https://prng.di.unimi.it/). Integer arithmetic only,
// so the same seed gives byte-identical captures with any compiler or libm.

#include <array>
#include <cstdint>

namespace daicho::capgen {

class Rng {
   public:
    explicit Rng(std::uint64_t seed) noexcept {
        for (auto& s : state_) {
            s = splitmix64(seed);
        }
    }

    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(state_[1] * 5U, 7) * 9U;
        const std::uint64_t t = state_[1] << 17U;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, n); n > 0. Plain modulo: the bias (n / 2^64) is irrelevant here.
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
    // Uniform in [lo, hi], inclusive.
    std::uint64_t range(std::uint64_t lo, std::uint64_t hi) noexcept {
        return lo + below(hi - lo + 1);
    }
    // True with probability per_mille / 1000.
    bool chance(std::uint32_t per_mille) noexcept { return below(1000) < per_mille; }
    std::uint8_t byte() noexcept { return static_cast<std::uint8_t>(next() >> 56U); }

    // A child generator (for per-host identities that must not shift when traffic changes).
    [[nodiscard]] Rng fork(std::uint64_t salt) noexcept { return Rng(next() ^ salt); }

   private:
    static std::uint64_t splitmix64(std::uint64_t& x) noexcept {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
    }

    std::array<std::uint64_t, 4> state_{};
};

}  // namespace daicho::capgen
