#pragma once
// netbios: see netbios.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::netbios {

inline constexpr std::string_view kNameNbns = "nbns";
DecodeResult decode_nbns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

inline constexpr std::string_view kNameBrowser = "browser";
DecodeResult decode_browser(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::netbios
