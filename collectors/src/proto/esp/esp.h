#pragma once
// esp: IPsec ESP, as IP protocol 50 and inside UDP 4500 (NAT traversal). See esp.cpp.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::esp {

inline constexpr std::string_view kName = "esp";         // IP protocol 50
inline constexpr std::string_view kNameUdp = "esp_udp";  // ESP in UDP 4500
inline constexpr std::uint8_t kIpProto = 50;             // RFC 4303 §2 (IANA)

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
DecodeResult decode_udp(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::esp
