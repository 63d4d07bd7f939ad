#pragma once
// dhcp: see dhcp.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dhcp {

inline constexpr std::string_view kName = "dhcp";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::dhcp
