#pragma once
// openvpn: OpenVPN's packet header (opcode, key id, session id) over UDP and over TCP with its
// 16-bit length prefix. See openvpn.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::openvpn {

inline constexpr std::string_view kName = "openvpn";         // UDP 1194: any packet
inline constexpr std::string_view kNameUdp = "openvpn_udp";  // any UDP port: hard resets
inline constexpr std::string_view kNameTcp = "openvpn_tcp";  // TCP stream, any port
inline constexpr std::uint16_t kPort = 1194;                 // IANA

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
DecodeResult decode_udp(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe_udp(ByteReader in) noexcept;
DecodeResult decode_tcp(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe_tcp(ByteReader in) noexcept;

}  // namespace daicho::collectors::openvpn
