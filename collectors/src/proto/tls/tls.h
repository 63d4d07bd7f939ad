#pragma once
// tls: see tls.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::tls {

inline constexpr std::string_view kName = "tls";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::tls
