#pragma once
// teamviewer: TeamViewer's own protocol (not TLS) on TCP and UDP. See teamviewer.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::teamviewer {

inline constexpr std::string_view kName = "teamviewer";          // TCP stream
inline constexpr std::string_view kNameUdp = "teamviewer_udp";   // UDP 5938
inline constexpr std::uint16_t kPort = 5938;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;
DecodeResult decode_udp(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::teamviewer
