// Ethernet II / IEEE 802.3 MAC header: destination, source, then the EtherType or length.
// Refs: IEEE 802.3-2018 clause 3.2 (MAC frame format), clause 3.2.6 (Length/Type field:
//   <= 1500 is a length, >= 1536 an EtherType, values between are invalid); RFC 894.
// Facts: none. Fills ctx.dst_mac, ctx.src_mac, ctx.has_l2.
// Ignored: preamble and FCS (libpcap does not deliver them on most NICs) and trailing
//   padding, which the IP/LLC lengths trim later.

#include "link/link.h"

#include <array>
#include <cstdint>

namespace daicho::collectors::link {

namespace {

// Assembles a MAC from two big-endian reads: cheaper than six byte copies through an
// optional<array> on the hot path (it avoids store-forwarding stalls).
constexpr std::array<std::uint8_t, 6> mac_octets(std::uint16_t hi, std::uint32_t lo) noexcept {
    return {static_cast<std::uint8_t>(hi >> 8U), static_cast<std::uint8_t>(hi),
            static_cast<std::uint8_t>(lo >> 24U), static_cast<std::uint8_t>(lo >> 16U),
            static_cast<std::uint8_t>(lo >> 8U),  static_cast<std::uint8_t>(lo)};
}

}  // namespace

DecodeResult decode_ethernet(ByteReader& in, PacketContext& ctx, Next& next) noexcept {
    auto hdr = in.take(14);
    if (!hdr) {
        return in.shortfall();
    }
    const auto dst_hi = hdr->be16();
    const auto dst_lo = hdr->be32();
    const auto src_hi = hdr->be16();
    const auto src_lo = hdr->be32();
    const auto type = hdr->be16();
    if (!dst_hi || !dst_lo || !src_hi || !src_lo || !type) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 14 bytes
    }
    ctx.dst_mac.octets = mac_octets(*dst_hi, *dst_lo);
    ctx.src_mac.octets = mac_octets(*src_hi, *src_lo);
    ctx.has_l2 = true;
    if (*type > kMaxLengthField && *type < kMinEthertype) {
        return DecodeResult::malformed;  // IEEE 802.3 clause 3.2.6: neither length nor type
    }
    next = Next{Next::Kind::ethertype, *type};
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::link
