#pragma once
// gre: GRE headers (IP protocol 47): plain GRE tunnels and PPTP's enhanced GRE. See gre.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::gre {

inline constexpr std::string_view kName = "gre";
inline constexpr std::uint8_t kIpProto = 47;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::gre
