#pragma once
// snmp: see snmp.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::snmp {

inline constexpr std::string_view kName = "snmp";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::snmp
