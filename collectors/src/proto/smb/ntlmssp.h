#pragma once
// NTLMSSP messages inside SMB and DCE/RPC security tokens. See ntlmssp.cpp.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::smb::ntlmssp {

// Named limits: how far into a security token the signature is searched for, and how many
// AV pairs of a CHALLENGE's TargetInfo are read.
inline constexpr std::size_t kMaxSignatureScan = 256;
inline constexpr std::size_t kMaxAvPairs = 32;

// Finds "NTLMSSP\0" in `token` (raw NTLMSSP, SPNEGO or GSS-API wrapped) and reports the
// message's facts about ctx.sender() with Observation::source = `source`. A token without
// NTLMSSP (Kerberos, a bare SPNEGO negTokenInit) is `decoded` with no facts.
[[nodiscard]] DecodeResult decode_token(ByteReader token, const PacketContext& ctx,
                                        ObservationSink& out, std::string_view source) noexcept;

}  // namespace daicho::collectors::smb::ntlmssp
