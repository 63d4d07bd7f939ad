#pragma once
// Private to the lldp decoder: the shared stack text (proto/common/text.h)
// under the names the decoder uses.

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/common/emitter.h"
#include "proto/common/outcome.h"
#include "proto/common/text.h"
#include "proto/lldp/lldp.h"

namespace daicho::collectors::lldp::detail {

template <std::size_t N>
using TextBuffer = text::FixedText<N>;
using text::append_ipv4;
using text::append_ipv6;
using text::append_mac;

using Text = TextBuffer<kMaxValueBytes>;

// Protocol padding only: a string ends at its first NUL. Some stacks copy fixed-size, NUL-
// terminated buffers with stale bytes after the NUL (the Cisco SG200 LLDP-MED inventory TLVs
// in lldp-med-inventory-cisco-sg200.pcap); a DisplayString (RFC 2579) never holds a bare NUL.
[[nodiscard]] inline std::string_view strip_nuls(std::string_view s) noexcept {
    return s.substr(0, s.find('\0'));
}

// An IANA Address Family Numbers value (RFC 3232 registry) plus address, as LLDP carries it
// in the chassis/port network-address subtypes and the management address TLV: IPv4 (1) and
// IPv6 (2) as text, 802 MAC (6) as aa:bb:..., anything else as "af<n>:<hex>".
template <std::size_t N>
void append_network_address(TextBuffer<N>& t, std::uint8_t family, ByteReader addr) noexcept {
    if (family == 1 && addr.size() == 4) {
        if (const auto a = addr.array<4>()) {
            append_ipv4(t, *a);
        }
        return;
    }
    if (family == 2 && addr.size() == 16) {
        if (const auto a = addr.array<16>()) {
            append_ipv6(t, *a);
        }
        return;
    }
    if (family == 6 && addr.size() == 6) {
        append_mac(t, addr);
        return;
    }
    t.append("af");
    t.append_uint(family);
    t.append(":");
    while (const auto b = addr.u8()) {
        t.append_hex(*b);
    }
}

// lldp_org.cpp: one organizationally specific TLV (type 127), its information string only.
DecodeResult read_org_tlv(ByteReader body, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::lldp::detail
