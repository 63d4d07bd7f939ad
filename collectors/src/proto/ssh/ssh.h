#pragma once
// ssh: the identification string of the SSH version exchange. See ssh.cpp for what is
// decoded and the references.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ssh {

inline constexpr std::string_view kName = "ssh";

// RFC 4253 §4.2: the identification line is at most 255 characters including CR LF.
inline constexpr std::size_t kMaxIdentificationBytes = 255;
// Named limits for the lines a server may send before it (RFC 4253 §4.2 sets none).
inline constexpr std::size_t kMaxLinesBeforeIdentification = 8;
inline constexpr std::size_t kMaxOtherLineBytes = 1024;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::ssh
