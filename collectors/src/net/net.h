#pragma once
// Network and transport header readers used by the frame walk (frame_decoder.cpp). Each reads
// one header through the ByteReader, fills the PacketContext and, on `decoded`, narrows `in`
// to its payload (trimmed to the length the header states). None of them dispatches.

#include <cstdint>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::net {

// Named limit: IPv6 extension headers walked per packet. Longer chains are counted as
// `limited` on the "ipv6" block and their payload is not walked (RFC 8200 sets no maximum;
// RFC 7112 requires the whole chain in the first fragment; 8 covers every legitimate mix).
inline constexpr std::uint8_t kMaxIpv6ExtensionHeaders = 8;

inline constexpr std::uint8_t kIpProtoIcmp = 1;
inline constexpr std::uint8_t kIpProtoTcp = 6;
inline constexpr std::uint8_t kIpProtoUdp = 17;
inline constexpr std::uint8_t kIpProtoIcmpv6 = 58;

// ipv4.cpp
[[nodiscard]] DecodeResult decode_ipv4(ByteReader& in, PacketContext& ctx) noexcept;
// ipv6.cpp (header and extension-header chain)
[[nodiscard]] DecodeResult decode_ipv6(ByteReader& in, PacketContext& ctx) noexcept;
// udp.cpp
[[nodiscard]] DecodeResult decode_udp(ByteReader& in, PacketContext& ctx) noexcept;
// tcp.cpp
[[nodiscard]] DecodeResult decode_tcp(ByteReader& in, PacketContext& ctx) noexcept;

}  // namespace daicho::collectors::net
