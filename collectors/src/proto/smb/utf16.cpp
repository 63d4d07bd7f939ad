// UTF-16LE -> UTF-8 for the SMB family (see utf16.h).
// Refs: RFC 2781 §2.2 (decoding UTF-16), RFC 3629 §3 (UTF-8 encoding), Unicode 15 §3.9 D91
//   and §5.22 (U+FFFD for ill-formed code unit sequences).

#include "proto/smb/utf16.h"

#include <cstdint>

namespace daicho::collectors::smb {
namespace {

constexpr std::uint32_t kReplacement = 0xFFFD;

bool is_high(std::uint32_t u) noexcept { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low(std::uint32_t u) noexcept { return u >= 0xDC00 && u <= 0xDFFF; }

// Appends one code point; false when it does not fit (the buffer is left as it was).
bool append(std::uint32_t cp, Utf8Buffer& buf, std::size_t& used) noexcept {
    std::array<char, 4> enc{};
    std::size_t n = 0;
    if (cp < 0x80) {
        enc[0] = static_cast<char>(cp);
        n = 1;
    } else if (cp < 0x800) {
        enc[0] = static_cast<char>(0xC0U | (cp >> 6U));
        enc[1] = static_cast<char>(0x80U | (cp & 0x3FU));
        n = 2;
    } else if (cp < 0x10000) {
        enc[0] = static_cast<char>(0xE0U | (cp >> 12U));
        enc[1] = static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
        enc[2] = static_cast<char>(0x80U | (cp & 0x3FU));
        n = 3;
    } else {
        enc[0] = static_cast<char>(0xF0U | (cp >> 18U));
        enc[1] = static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
        enc[2] = static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
        enc[3] = static_cast<char>(0x80U | (cp & 0x3FU));
        n = 4;
    }
    if (buf.size() - used < n) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        buf.at(used + i) = enc.at(i);
    }
    used += n;
    return true;
}

}  // namespace

std::string_view utf16le_to_utf8(ByteReader text, Utf8Buffer& buf) noexcept {
    std::size_t used = 0;
    for (std::size_t units = 0; units < kMaxUtf16Units; ++units) {
        const auto unit = text.le16();
        if (!unit || *unit == 0) {
            break;
        }
        std::uint32_t cp = *unit;
        if (is_high(cp)) {
            const auto next = text.peek_u8(1);
            const auto low_lo = text.peek_u8(0);
            const std::uint32_t low = (next && low_lo) ? ((std::uint32_t{*next} << 8U) | *low_lo)
                                                       : 0;
            if (is_low(low)) {
                (void)text.skip(2);
                ++units;
                cp = 0x10000U + ((cp - 0xD800U) << 10U) + (low - 0xDC00U);
            } else {
                cp = kReplacement;  // high surrogate without its low half
            }
        } else if (is_low(cp)) {
            cp = kReplacement;  // low surrogate on its own
        }
        if (!append(cp, buf, used)) {
            break;
        }
    }
    return {buf.data(), used};
}

}  // namespace daicho::collectors::smb
