#pragma once
// What nbss.cpp hands one SMB message to, once the session-service framing is off.
// `message` starts at the protocol id (0xFF/0xFE 'S' 'M' 'B'): offsets inside SMB1 (string
// alignment) and SMB2 (SecurityBufferOffset) count from there.

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::smb {

[[nodiscard]] DecodeResult decode_smb1(ByteReader message, const PacketContext& ctx,
                                       ObservationSink& out) noexcept;
[[nodiscard]] DecodeResult decode_smb2(ByteReader message, const PacketContext& ctx,
                                       ObservationSink& out) noexcept;

}  // namespace daicho::collectors::smb
