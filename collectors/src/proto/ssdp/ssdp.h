#pragma once
// SSDP decoder (registry row "ssdp", udp/1900). See ssdp.cpp for what it reads.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ssdp {

inline constexpr std::string_view kName = "ssdp";

// Named limits: more header lines, or a longer line, return `limited` (facts so far kept).
inline constexpr std::size_t kMaxHeaders = 32;
inline constexpr std::size_t kMaxLineBytes = 1024;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::ssdp
