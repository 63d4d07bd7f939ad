#pragma once
// ssdp: see ssdp.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ssdp {

inline constexpr std::string_view kName = "ssdp";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::ssdp
