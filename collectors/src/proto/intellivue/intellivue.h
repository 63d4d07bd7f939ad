#pragma once
// intellivue: the Connect Indication a Philips IntelliVue patient monitor broadcasts for its
// Data Export interface. See intellivue.cpp for what is decoded and the references.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::intellivue {

inline constexpr std::string_view kName = "intellivue";

// Data Export Interface Programming Guide: Connect Indications go to UDP 24005; the
// association protocol itself listens on UDP 24105.
inline constexpr std::uint16_t kConnectIndicationPort = 24005;
inline constexpr std::uint16_t kProtocolPort = 24105;
// Named limits (the guide sets none): attributes in the list, entries in the production
// specification.
inline constexpr std::size_t kMaxAttributes = 64;
inline constexpr std::size_t kMaxProductionSpecEntries = 32;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::intellivue
