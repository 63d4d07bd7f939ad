#pragma once
// SHA-256 (FIPS 180-4 §6.2), allocation-free and incremental: the JA4-style ClientHello
// fingerprint (proto/tls/client_hello.cpp) and the evidence pack's manifest (`daicho
// evidence`, so an inspector can tell a file was not changed after it was handed in). Checked
// against FIPS 180-2's examples and sha256sum; not hardened against timing side channels, so
// never for keys or secrets.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace daicho::collectors {

class Sha256 {
   public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256() noexcept;
    void update(std::span<const std::byte> data) noexcept;
    void update(std::string_view text) noexcept;
    [[nodiscard]] Digest finish() noexcept;

    // Lower-case hex of the first `n` digest bytes into `out` (2n chars).
    static void to_hex(const Digest& d, std::span<char> out) noexcept;

   private:
    void block(std::span<const std::uint8_t, 64> b) noexcept;
    void add(std::uint8_t byte) noexcept;

    std::array<std::uint32_t, 8> h_{};
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t used_ = 0;
    std::uint64_t bits_ = 0;
};

}  // namespace daicho::collectors
