#pragma once
// dhcpv6: see dhcpv6.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dhcpv6 {

inline constexpr std::string_view kName = "dhcpv6";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::dhcpv6
