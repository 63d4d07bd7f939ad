#pragma once
// dns: see dns.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dns {

inline constexpr std::string_view kNameDns = "dns";
DecodeResult decode_dns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

inline constexpr std::string_view kNameMdns = "mdns";
DecodeResult decode_mdns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

inline constexpr std::string_view kNameLlmnr = "llmnr";
DecodeResult decode_llmnr(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::dns
