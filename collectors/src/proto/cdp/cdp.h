#pragma once
// CDP decoder (registry row "cdp", 802.2 SNAP OUI 00-00-0C PID 0x2000). See cdp.cpp.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::cdp {

inline constexpr std::string_view kName = "cdp";

// Named limit: TLVs read per CDP packet. More are counted as `limited`; facts so far are kept.
inline constexpr std::size_t kMaxCdpTlvs = 64;
// Named limit: addresses read from one Addresses / Management Addresses TLV.
inline constexpr std::size_t kMaxCdpAddresses = 16;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::cdp
