#pragma once
// SNMP v1/v2c decoder (registry row "snmp", UDP 161/162). See snmp.cpp; BER in ber.h.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::snmp {

inline constexpr std::string_view kName = "snmp";

// Named limit: variable bindings read per PDU. More are counted as `limited`; the facts from
// the bindings read so far are kept.
inline constexpr std::size_t kMaxSnmpVarbinds = 128;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::snmp
