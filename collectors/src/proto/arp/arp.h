#pragma once
// ARP decoder (registry row "arp", EtherType 0x0806). See arp.cpp for what it reads.

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::arp {

inline constexpr std::string_view kName = "arp";

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::arp
