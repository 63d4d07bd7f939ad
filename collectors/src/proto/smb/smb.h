#pragma once
// smb: see smb.cpp for what is decoded and the references.

#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::smb {

inline constexpr std::string_view kName = "smb";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

inline constexpr std::string_view kNameDcerpc = "dcerpc";
DecodeResult decode_dcerpc(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe_dcerpc(ByteReader in) noexcept;

}  // namespace daicho::collectors::smb
