#pragma once
// l2tp: L2TP (v2, and the v3 header) on UDP 1701. See l2tp.cpp.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::l2tp {

inline constexpr std::string_view kName = "l2tp";
inline constexpr std::uint16_t kPort = 1701;     // RFC 2661 §8.1
inline constexpr std::size_t kMaxAvps = 32;      // named limit: AVPs read per message

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::l2tp
