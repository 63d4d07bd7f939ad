#pragma once
// wireguard: WireGuard messages by type and exact size, on any UDP port. See wireguard.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::wireguard {

inline constexpr std::string_view kName = "wireguard";
inline constexpr std::uint16_t kPort = 51820;  // wg(8) examples, the common default

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::wireguard
