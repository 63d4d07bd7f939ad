#pragma once
// SMB1/SMB2 over the NetBIOS session service, NTLMSSP inside their security blobs, and
// connection-oriented DCE/RPC with an NTLMSSP auth verifier (registry rows "smb" and
// "dcerpc"). See nbss.cpp (framing), smb1.cpp, smb2.cpp, ntlmssp.cpp and dcerpc.cpp.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::smb {

inline constexpr std::string_view kName = "smb";
DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

inline constexpr std::string_view kNameDcerpc = "dcerpc";
DecodeResult decode_dcerpc(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe_dcerpc(ByteReader in) noexcept;

// Named limits. Past each one the decoder stops, keeps the facts read so far and returns
// `limited`.
inline constexpr std::size_t kMaxSmb1Dialects = 32;  // SMB1 NEGOTIATE dialect strings read
inline constexpr std::size_t kMaxSmb2Dialects = 32;  // SMB2 NEGOTIATE DialectCount read
inline constexpr std::size_t kMaxDialectListBytes = 256;  // formatted dialect list

}  // namespace daicho::collectors::smb
