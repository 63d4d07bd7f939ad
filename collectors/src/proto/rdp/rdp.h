#pragma once
// rdp: the X.224 Connection Request / Confirm that open an RDP connection. See rdp.cpp.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::rdp {

inline constexpr std::string_view kName = "rdp";

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::rdp
