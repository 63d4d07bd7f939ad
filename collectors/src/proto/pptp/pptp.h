#pragma once
// pptp: the PPTP control connection (TCP, usually port 1723). See pptp.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::pptp {

inline constexpr std::string_view kName = "pptp";
inline constexpr std::uint32_t kMagicCookie = 0x1A2B3C4D;  // RFC 2637 §2

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::pptp
