#pragma once
// LLDP decoder (registry row "lldp", EtherType 0x88cc). See lldp.cpp (basic TLVs) and
// lldp_org.cpp (IEEE 802.1 and LLDP-MED organizationally specific TLVs).

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::lldp {

inline constexpr std::string_view kName = "lldp";

// Named limit: TLVs read per LLDPDU (a 1500-byte LLDPDU could hold 750 empty TLVs). More
// are counted as `limited`; the facts from the TLVs read so far are kept.
inline constexpr std::size_t kMaxLldpTlvs = 64;
// Named limit: civic address elements read from one LLDP-MED location TLV (TIA-1057
// §10.2.4.3.2). More end the location value there and count as `limited`.
inline constexpr std::size_t kMaxCivicElements = 32;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::lldp
