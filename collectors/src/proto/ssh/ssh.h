#pragma once
// ssh: see ssh.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ssh {

inline constexpr std::string_view kName = "ssh";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::ssh
