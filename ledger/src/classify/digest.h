#pragma once
// A 64-bit FNV-1a digest for noticing that something changed (a stored classification's
// inputs, the knowledge files it came from). Not a security boundary: a collision can only
// show a stored classification until the device's next change rewrites it.

#include <cstdint>
#include <string>
#include <string_view>

namespace daicho::ledger {

class Digest {
   public:
    // Each field is fed with its length first, so ("ab", "c") and ("a", "bc") differ.
    Digest& add(std::string_view s) noexcept {
        add_u64(s.size());
        for (const char c : s) {
            byte(static_cast<unsigned char>(c));
        }
        return *this;
    }
    Digest& add_u64(std::uint64_t v) noexcept {
        for (int i = 0; i < 8; ++i) {
            byte(static_cast<unsigned char>(v >> (8 * i)));
        }
        return *this;
    }
    [[nodiscard]] std::string hex() const {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out(16, '0');
        for (int i = 0; i < 16; ++i) {
            out[static_cast<std::size_t>(15 - i)] = kHex[(h_ >> (4 * i)) & 0xFU];
        }
        return out;
    }

   private:
    void byte(unsigned char b) noexcept {
        h_ ^= b;
        h_ *= 0x100000001b3ULL;
    }
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace daicho::ledger
