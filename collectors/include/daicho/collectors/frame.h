#pragma once
// A captured frame as the sources hand it to the decoders. The bytes are valid only during
// the callback that receives the frame.

#include <cstddef>
#include <cstdint>
#include <span>

#include "daicho/collectors/observation.h"

namespace daicho::collectors {

// Link types by their LINKTYPE_ / DLT_ numbers (tcpdump.org/linktypes.html).
enum class LinkType : std::uint16_t {
    null = 0,         // BSD loopback: 4-byte address family in host byte order
    ethernet = 1,     // Ethernet II / 802.3
    raw = 101,        // raw IPv4/IPv6, no link header (LINKTYPE_RAW)
    raw_dlt12 = 12,   // DLT_RAW as Linux libpcap reports it
    loop = 108,       // OpenBSD loopback: 4-byte address family in network byte order
    linux_sll = 113,  // Linux "cooked" v1
    linux_sll2 = 276, // Linux "cooked" v2
};

struct Frame {
    std::int64_t ts_us = 0;
    std::uint16_t sensor = 0;
    std::uint16_t interface_id = 0;  // which of the source's interfaces (PacketSource)
    LinkType link = LinkType::ethernet;
    std::span<const std::byte> bytes;  // captured bytes
    std::uint32_t wire_len = 0;        // original length on the wire (>= bytes.size())
    EvidenceRef evidence;

    [[nodiscard]] bool capture_cut() const noexcept { return wire_len > bytes.size(); }
};

}  // namespace daicho::collectors
