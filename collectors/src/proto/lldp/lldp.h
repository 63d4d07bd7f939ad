#pragma once
// lldp: see lldp.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::lldp {

inline constexpr std::string_view kName = "lldp";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::lldp
