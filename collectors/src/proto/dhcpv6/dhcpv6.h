#pragma once
// DHCPv6 decoder (registry row "dhcpv6", UDP 546/547). See dhcpv6.cpp for what it reads.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dhcpv6 {

inline constexpr std::string_view kName = "dhcpv6";

// Named limits. Past any of them the message is `limited`; facts read so far are kept.
// Options read per message (and per relay level); clients send about ten.
inline constexpr std::size_t kMaxDhcpv6Options = 64;
// Relay-forward/Relay-reply levels walked into: RFC 8415 §7.6 HOP_COUNT_LIMIT.
inline constexpr std::size_t kMaxRelayDepth = 8;
// Options read inside one IA_NA (each IAADDR is one binding).
inline constexpr std::size_t kMaxIaOptions = 16;
// Option codes read from one ORO (the fingerprint keeps the first ones).
inline constexpr std::size_t kMaxOroCodes = 64;
// vendor-class-data / user-class-data items read from one option 16 / 15.
inline constexpr std::size_t kMaxClassItems = 8;
// Labels read from one client FQDN (39) name.
inline constexpr std::size_t kMaxFqdnLabels = 32;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::dhcpv6
