// SHA-256 (daicho/collectors/sha256.h).
// Refs: FIPS 180-4 §4.1.2 (functions), §4.2.2 (constants K), §5.1.1 (padding), §5.3.3
//   (initial hash value), §6.2.2 (hash computation).
// Facts: none.

#include "daicho/collectors/sha256.h"

#include <bit>

namespace daicho::collectors {
namespace {

constexpr std::array<std::uint32_t, 64> kK{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

constexpr std::array<std::uint32_t, 8> kInitial{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

}  // namespace

Sha256::Sha256() noexcept : h_(kInitial) {}

void Sha256::block(std::span<const std::uint8_t, 64> b) noexcept {
    std::array<std::uint32_t, 64> w{};
    for (std::size_t t = 0; t < 16; ++t) {
        w.at(t) = (std::uint32_t{b[4 * t]} << 24U) | (std::uint32_t{b[4 * t + 1]} << 16U) |
                  (std::uint32_t{b[4 * t + 2]} << 8U) | std::uint32_t{b[4 * t + 3]};
    }
    for (std::size_t t = 16; t < 64; ++t) {
        const std::uint32_t s0 = std::rotr(w.at(t - 15), 7) ^ std::rotr(w.at(t - 15), 18) ^
                                 (w.at(t - 15) >> 3U);
        const std::uint32_t s1 = std::rotr(w.at(t - 2), 17) ^ std::rotr(w.at(t - 2), 19) ^
                                 (w.at(t - 2) >> 10U);
        w.at(t) = w.at(t - 16) + s0 + w.at(t - 7) + s1;
    }
    auto [a, bb, c, d, e, f, g, h] = h_;
    for (std::size_t t = 0; t < 64; ++t) {
        const std::uint32_t s1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
        const std::uint32_t ch = (e & f) ^ (~e & g);
        const std::uint32_t t1 = h + s1 + ch + kK.at(t) + w.at(t);
        const std::uint32_t s0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
        const std::uint32_t maj = (a & bb) ^ (a & c) ^ (bb & c);
        const std::uint32_t t2 = s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = bb;
        bb = a;
        a = t1 + t2;
    }
    h_[0] += a;
    h_[1] += bb;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
    h_[5] += f;
    h_[6] += g;
    h_[7] += h;
}

void Sha256::add(std::uint8_t byte) noexcept {
    buffer_.at(used_++) = byte;
    if (used_ == buffer_.size()) {
        block(buffer_);
        used_ = 0;
    }
}

void Sha256::update(std::span<const std::byte> data) noexcept {
    for (const std::byte b : data) {
        add(static_cast<std::uint8_t>(b));
    }
    bits_ += 8U * data.size();
}

void Sha256::update(std::string_view text) noexcept {
    for (const char c : text) {
        add(static_cast<std::uint8_t>(c));
    }
    bits_ += 8U * text.size();
}

Sha256::Digest Sha256::finish() noexcept {
    const std::uint64_t bits = bits_;
    add(0x80);  // FIPS 180-4 §5.1.1: a one bit, zeros, then the 64-bit length
    while (used_ != 56) {
        add(0);
    }
    for (int shift = 56; shift >= 0; shift -= 8) {
        add(static_cast<std::uint8_t>(bits >> static_cast<unsigned>(shift)));
    }
    Digest out{};
    for (std::size_t i = 0; i < 8; ++i) {
        out.at(4 * i) = static_cast<std::uint8_t>(h_.at(i) >> 24U);
        out.at(4 * i + 1) = static_cast<std::uint8_t>(h_.at(i) >> 16U);
        out.at(4 * i + 2) = static_cast<std::uint8_t>(h_.at(i) >> 8U);
        out.at(4 * i + 3) = static_cast<std::uint8_t>(h_.at(i));
    }
    *this = Sha256();
    return out;
}

void Sha256::to_hex(const Digest& d, std::span<char> out) noexcept {
    constexpr std::string_view kHex = "0123456789abcdef";
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::uint8_t byte = d.at((i / 2) % d.size());
        out[i] = kHex[(i % 2 == 0) ? (byte >> 4U) : (byte & 0x0FU)];
    }
}

}  // namespace daicho::collectors
