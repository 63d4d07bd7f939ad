#pragma once
// UTF-16LE (SMB Unicode strings, NTLMSSP fields and AV pairs) to UTF-8 into a fixed stack
// buffer: no allocation, capped at kMaxValueBytes, never fails. Unpaired surrogates become
// U+FFFD; a NUL code unit ends the string; a code point that would not fit ends it too, so
// the output is always whole UTF-8 sequences.

#include <array>
#include <cstddef>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/observation.h"

namespace daicho::collectors::smb {

using Utf8Buffer = std::array<char, kMaxValueBytes>;
// Named limit: code units read per string (twice the output cap: every unit yields a byte).
inline constexpr std::size_t kMaxUtf16Units = 2 * kMaxValueBytes;

// Converts all of `text` (an odd last byte is ignored) into `buf`; returns a view into buf.
[[nodiscard]] std::string_view utf16le_to_utf8(ByteReader text, Utf8Buffer& buf) noexcept;

}  // namespace daicho::collectors::smb
