#pragma once
// IPv6 Neighbor Discovery decoder (registry row "ndp", IP protocol 58). See ndp.cpp.

#include <cstdint>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ndp {

inline constexpr std::string_view kName = "ndp";

// Named limit: ND options read per message. More are counted as `limited`; the facts from
// the options read so far are kept.
inline constexpr std::uint8_t kMaxNdpOptions = 32;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::ndp
