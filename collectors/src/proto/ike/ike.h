#pragma once
// ike: IKEv1 (ISAKMP) and IKEv2 headers and their Vendor-ID payloads, on UDP 500 and, after
// the non-ESP marker, on UDP 4500. See ike.cpp for the references.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::ike {

inline constexpr std::string_view kName = "ike";            // UDP 500
inline constexpr std::string_view kNameNatT = "ike_nat_t";  // UDP 4500, after the marker
inline constexpr std::uint16_t kPort = 500;        // RFC 7296 §2
inline constexpr std::uint16_t kNatTPort = 4500;   // RFC 3948 §2, RFC 7296 §2.23
inline constexpr std::size_t kMaxPayloads = 32;    // named limit: payloads walked per message

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
DecodeResult decode_nat_t(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::ike
