#pragma once
// How many distinct keys were seen, in fixed memory: HyperLogLog (Flajolet et al. 2007) with
// 4096 one-byte registers, about 1.6% standard error, with the linear-counting correction for
// small counts. A flood of a million random MACs is counted in 4 KiB instead of 8 MB of keys.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace daicho::agent {

class DistinctCounter {
   public:
    // `hash` must be well mixed (every bit equally likely).
    void add(std::uint64_t hash) noexcept {
        const auto index = static_cast<std::size_t>(hash >> (64U - kIndexBits));
        const std::uint64_t rest = (hash << kIndexBits) | (std::uint64_t{1} << (kIndexBits - 1));
        const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
        if (rank > registers_[index]) {
            registers_[index] = rank;
        }
    }
    [[nodiscard]] std::uint64_t estimate() const noexcept {
        constexpr double m = kRegisters;
        constexpr double alpha = 0.7213 / (1.0 + 1.079 / m);
        double sum = 0;
        std::size_t zeros = 0;
        for (const std::uint8_t r : registers_) {
            sum += std::ldexp(1.0, -r);
            zeros += r == 0 ? 1 : 0;
        }
        double e = alpha * m * m / sum;
        if (e <= 2.5 * m && zeros != 0) {
            e = m * std::log(m / static_cast<double>(zeros));
        }
        return static_cast<std::uint64_t>(std::llround(e));
    }
    void clear() noexcept { registers_.fill(0); }

   private:
    static constexpr unsigned kIndexBits = 12;
    static constexpr std::size_t kRegisters = std::size_t{1} << kIndexBits;
    std::array<std::uint8_t, kRegisters> registers_{};
};

}  // namespace daicho::agent
