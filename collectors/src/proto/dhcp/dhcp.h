#pragma once
// DHCPv4 decoder (registry row "dhcp", UDP 67/68). See dhcp.cpp for what it reads.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dhcp {

inline constexpr std::string_view kName = "dhcp";

// Named limits. Past any of them the message is `limited`; facts read so far are kept.
// Options (other than pad) read per message: a full 1500-byte datagram of 1-byte bodies
// holds ~500, real clients send fewer than 30.
inline constexpr std::size_t kMaxDhcpOptions = 96;
// Pad octets (option 0) skipped per message: clients pad to 300 octets (RFC 951), never 1500.
inline constexpr std::size_t kMaxDhcpPadOctets = 1500;
// Addresses read from one router (3) or DNS server (6) option; each becomes one fact.
inline constexpr std::size_t kMaxDhcpAddresses = 8;
// Labels read from one client FQDN (81) name.
inline constexpr std::size_t kMaxFqdnLabels = 32;
// Enterprise blocks, class data items or sub-options read from one option 124/125.
inline constexpr std::size_t kMaxVendorInfoItems = 8;

[[nodiscard]] DecodeResult decode(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;

}  // namespace daicho::collectors::dhcp
