#pragma once
// hl7: HL7 v2.x messages in MLLP blocks, on any TCP port. See hl7.cpp for what is decoded,
// what is deliberately never read, and the references.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::hl7 {

inline constexpr std::string_view kName = "hl7";

// Named limits per message. A monitor gateway repeats the same OBX-18 on every observation,
// so equipment ids are de-duplicated first; more distinct ids (or SFT segments) than these
// end the message as `limited` with the facts so far.
inline constexpr std::size_t kMaxEquipmentIds = 16;
inline constexpr std::size_t kMaxSoftwareSegments = 4;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::hl7
