#pragma once
// The one bounds-checked reader for untrusted bytes (STYLE.md §4.2, after BoringSSL's CBS).
// Every read is checked, returns std::optional and does not advance on failure; take(n)
// hands out a sub-reader bounded to n bytes so nested TLVs cannot overrun their parent.
// Nothing outside this header indexes packet bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace daicho::collectors {

enum class DecodeResult : std::uint8_t {
    decoded,      // the bytes were this protocol and were read
    not_mine,     // not this protocol; the dispatcher may try another
    truncated,    // ran out of bytes because the capture was cut (snaplen)
    malformed,    // ran out of bytes or broke a rule of the spec with the whole packet captured
    unsupported,  // a version or variant this decoder deliberately does not read
    limited,      // a named limit was hit (counted; facts so far are kept)
};

class ByteReader {
   public:
    constexpr ByteReader() noexcept = default;
    // capture_cut: the captured length is shorter than the wire length, so running out of
    // bytes at the end of this view means "truncated" rather than "malformed".
    constexpr explicit ByteReader(std::span<const std::byte> bytes,
                                  bool capture_cut = false) noexcept
        : data_(bytes), cut_(capture_cut) {}

    [[nodiscard]] constexpr std::size_t size() const noexcept { return data_.size(); }
    [[nodiscard]] constexpr std::size_t offset() const noexcept { return pos_; }
    [[nodiscard]] constexpr std::size_t remaining() const noexcept { return data_.size() - pos_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return pos_ >= data_.size(); }
    [[nodiscard]] constexpr bool capture_cut() const noexcept { return cut_; }
    // What running out of bytes means here: tcpdump's "truncated" vs "invalid".
    [[nodiscard]] constexpr DecodeResult shortfall() const noexcept {
        return cut_ ? DecodeResult::truncated : DecodeResult::malformed;
    }

    [[nodiscard]] constexpr std::optional<std::uint8_t> u8() noexcept {
        if (remaining() < 1) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(data_[pos_++]);
    }
    [[nodiscard]] constexpr std::optional<std::uint16_t> be16() noexcept {
        return read_uint<std::uint16_t, 2, true>();
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> be24() noexcept {
        return read_uint<std::uint32_t, 3, true>();
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> be32() noexcept {
        return read_uint<std::uint32_t, 4, true>();
    }
    [[nodiscard]] constexpr std::optional<std::uint64_t> be64() noexcept {
        return read_uint<std::uint64_t, 8, true>();
    }
    [[nodiscard]] constexpr std::optional<std::uint16_t> le16() noexcept {
        return read_uint<std::uint16_t, 2, false>();
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> le32() noexcept {
        return read_uint<std::uint32_t, 4, false>();
    }
    [[nodiscard]] constexpr std::optional<std::uint64_t> le64() noexcept {
        return read_uint<std::uint64_t, 8, false>();
    }

    // Reads without advancing, `at` bytes ahead of the cursor.
    [[nodiscard]] constexpr std::optional<std::uint8_t> peek_u8(std::size_t at = 0) const noexcept {
        if (remaining() <= at) {
            return std::nullopt;
        }
        return static_cast<std::uint8_t>(data_[pos_ + at]);
    }
    [[nodiscard]] constexpr std::optional<std::uint16_t> peek_be16(
        std::size_t at = 0) const noexcept {
        auto copy = *this;
        if (!copy.skip(at)) {
            return std::nullopt;
        }
        return copy.be16();
    }

    // A sub-reader over the next n bytes; the parent advances past them. The sub-reader is
    // "cut" only if it reaches the parent's cut end.
    [[nodiscard]] constexpr std::optional<ByteReader> take(std::size_t n) noexcept {
        if (remaining() < n) {
            return std::nullopt;
        }
        ByteReader sub(data_.subspan(pos_, n), cut_ && n == remaining());
        pos_ += n;
        return sub;
    }
    // The next n bytes as take() gives them; in a capture cut short of them (snaplen), the
    // bytes that were captured, still marked cut, so the layers above read what there is and
    // report their own truncation. Without a cut, a shortfall is nullopt (malformed).
    [[nodiscard]] constexpr std::optional<ByteReader> take_captured(std::size_t n) noexcept {
        if (remaining() >= n) {
            return take(n);
        }
        if (!cut_) {
            return std::nullopt;
        }
        return take_rest();
    }
    // Everything left, as a sub-reader; the parent ends up empty.
    [[nodiscard]] constexpr ByteReader take_rest() noexcept {
        ByteReader sub(data_.subspan(pos_), cut_);
        pos_ = data_.size();
        return sub;
    }
    [[nodiscard]] constexpr std::optional<std::span<const std::byte>> bytes(
        std::size_t n) noexcept {
        if (remaining() < n) {
            return std::nullopt;
        }
        auto out = data_.subspan(pos_, n);
        pos_ += n;
        return out;
    }
    // The next n bytes as characters (a view into the frame, not a copy).
    [[nodiscard]] std::optional<std::string_view> chars(std::size_t n) noexcept {
        auto b = bytes(n);
        if (!b) {
            return std::nullopt;
        }
        return as_chars(*b);
    }
    template <std::size_t N>
    [[nodiscard]] constexpr std::optional<std::array<std::uint8_t, N>> array() noexcept {
        if (remaining() < N) {
            return std::nullopt;
        }
        std::array<std::uint8_t, N> out{};
        for (std::size_t i = 0; i < N; ++i) {
            out[i] = static_cast<std::uint8_t>(data_[pos_ + i]);
        }
        pos_ += N;
        return out;
    }
    [[nodiscard]] constexpr bool skip(std::size_t n) noexcept {
        if (remaining() < n) {
            return false;
        }
        pos_ += n;
        return true;
    }
    // The unread bytes, without advancing.
    [[nodiscard]] constexpr std::span<const std::byte> rest() const noexcept {
        return data_.subspan(pos_);
    }
    [[nodiscard]] std::string_view rest_chars() const noexcept { return as_chars(rest()); }
    [[nodiscard]] bool starts_with(std::string_view prefix) const noexcept {
        return rest_chars().substr(0, prefix.size()) == prefix;
    }

    // The one sanctioned byte-to-char view (both are object representations of the same bytes).
    [[nodiscard]] static std::string_view as_chars(std::span<const std::byte> b) noexcept {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
        return {reinterpret_cast<const char*>(b.data()), b.size()};
    }

   private:
    template <typename T, std::size_t N, bool kBigEndian>
    [[nodiscard]] constexpr std::optional<T> read_uint() noexcept {
        if (remaining() < N) {
            return std::nullopt;
        }
        T v = 0;
        for (std::size_t i = 0; i < N; ++i) {
            const auto b = static_cast<T>(static_cast<std::uint8_t>(data_[pos_ + i]));
            if constexpr (kBigEndian) {
                v = static_cast<T>((v << 8U) | b);
            } else {
                v = static_cast<T>(v | static_cast<T>(b << (8U * i)));
            }
        }
        pos_ += N;
        return v;
    }

    std::span<const std::byte> data_{};
    std::size_t pos_ = 0;
    bool cut_ = false;
};

}  // namespace daicho::collectors
