// PacketDigest: a per-frame hash in the manner of xxHash64 (four independent lanes of
// multiply-rotate over 8-byte little-endian words, so the CPU overlaps them; then the tail),
// seeded with the frame's timestamp and lengths, chained into the running state.

#include "daicho/collectors/packet_digest.h"

#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <span>

#include "daicho/collectors/mix.h"

namespace daicho::collectors {

namespace {

constexpr std::uint64_t kP1 = 0x9e3779b185ebca87ULL;
constexpr std::uint64_t kP2 = 0xc2b2ae3d27d4eb4fULL;
constexpr std::uint64_t kP3 = 0x165667b19e3779f9ULL;
constexpr std::uint64_t kP4 = 0x85ebca77c2b2ae63ULL;

// The first 8 bytes of `b` as a little-endian word, whatever the host's byte order, so the
// digest of a capture is the same on every machine.
std::uint64_t le64(std::span<const std::byte> b) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, b.data(), sizeof w);
    if constexpr (std::endian::native == std::endian::big) {
        w = __builtin_bswap64(w);
    }
    return w;
}

constexpr std::uint64_t round(std::uint64_t acc, std::uint64_t word) noexcept {
    return std::rotl(acc + word * kP2, 31) * kP1;
}

std::uint64_t frame_hash(std::span<const std::byte> b, std::uint64_t seed) noexcept {
    const std::size_t n = b.size();
    std::size_t i = 0;
    std::uint64_t h = seed + kP4;
    if (n >= 32) {
        std::array<std::uint64_t, 4> lane{seed + kP1 + kP2, seed + kP2, seed, seed - kP1};
        for (; i + 32 <= n; i += 32) {
            const auto block = b.subspan(i, 32);
            lane[0] = round(lane[0], le64(block.subspan(0, 8)));
            lane[1] = round(lane[1], le64(block.subspan(8, 8)));
            lane[2] = round(lane[2], le64(block.subspan(16, 8)));
            lane[3] = round(lane[3], le64(block.subspan(24, 8)));
        }
        h = std::rotl(lane[0], 1) + std::rotl(lane[1], 7) + std::rotl(lane[2], 12) +
            std::rotl(lane[3], 18);
    }
    for (; i + 8 <= n; i += 8) {
        h = std::rotl(h ^ round(0, le64(b.subspan(i, 8))), 27) * kP1 + kP4;
    }
    std::uint64_t tail = 0;
    for (unsigned shift = 0; i < n; ++i, shift += 8) {
        tail |= static_cast<std::uint64_t>(std::to_integer<std::uint8_t>(b[i])) << shift;
    }
    h ^= round(0, tail) ^ (n * kP3);
    return mix64(h);
}

}  // namespace

void PacketDigest::add(const Frame& frame) noexcept {
    const std::uint64_t lengths =
        (std::uint64_t{frame.wire_len} << 32U) | static_cast<std::uint32_t>(frame.bytes.size());
    const std::uint64_t seed = mix64(static_cast<std::uint64_t>(frame.ts_us)) ^ lengths;
    state_ = mix64(state_ ^ frame_hash(frame.bytes, seed)) + kP3;
    ++frames_;
}

std::string PacketDigest::hex() const {
    std::array<char, 17> text{};
    std::snprintf(text.data(), text.size(), "%016llx", static_cast<unsigned long long>(state_));
    return {text.data(), 16};
}

}  // namespace daicho::collectors
