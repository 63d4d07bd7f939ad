#pragma once
// vnc: the RFB ProtocolVersion handshake that opens every VNC connection. See vnc.cpp.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::vnc {

inline constexpr std::string_view kName = "vnc";

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::vnc
