#pragma once
// DNS, mDNS/DNS-SD and LLMNR decoders (rows dns udp/53, mdns udp/5353, llmnr udp/5355), see
// dns.cpp; the shared message reader and its named limits are in dns_message.h.

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
