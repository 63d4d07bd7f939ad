#pragma once
// A 64-bit digest for noticing that something changed (a stored classification's inputs, the
// knowledge files it came from). Not a security boundary: a collision can only show a stored
// classification until the device's next change rewrites it. Eight bytes per multiply, not
// one (FNV-1a was a tenth of reading a whole ledger); every field is fed with its length
// first, so ("ab", "c") and ("a", "bc") differ and a short tail can be zero-padded.
// Changing how this digests changes every stored input: bump kInputFormat (classifier.cpp)
// with it, so the next write restores them all.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace daicho::ledger {

class Digest {
   public:
    Digest& add(std::string_view s) noexcept {
        add_u64(s.size());
        const char* p = s.data();
        std::size_t n = s.size();
        for (; n >= 8; p += 8, n -= 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, p, 8);
            mix(w);
        }
        if (n > 0) {
            std::uint64_t w = 0;
            std::memcpy(&w, p, n);
            mix(w);
        }
        return *this;
    }
    Digest& add_u64(std::uint64_t v) noexcept {
        mix(v);
        return *this;
    }
    [[nodiscard]] std::string hex() const {
        static constexpr char kHex[] = "0123456789abcdef";
        // A last avalanche, so nearby inputs differ in every digit shown.
        std::uint64_t h = h_;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        std::string out(16, '0');
        for (int i = 0; i < 16; ++i) {
            out[static_cast<std::size_t>(15 - i)] = kHex[(h >> (4 * i)) & 0xFU];
        }
        return out;
    }

   private:
    void mix(std::uint64_t w) noexcept {
        h_ = (h_ ^ w) * 0x9e3779b97f4a7c15ULL;
        h_ ^= h_ >> 29;
    }
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace daicho::ledger
