// Ethernet II / IEEE 802.3 MAC header: destination, source, then the EtherType or length.
// Refs: IEEE 802.3-2018 clause 3.2 (MAC frame format), clause 3.2.6 (Length/Type field:
//   <= 1500 is a length, >= 1536 an EtherType, values between are invalid); RFC 894.
// Facts: none. Fills ctx.dst_mac, ctx.src_mac, ctx.has_l2.
// Ignored: preamble and FCS (libpcap does not deliver them on most NICs) and trailing
//   padding, which the IP/LLC lengths trim later.

#include "link/link.h"

namespace daicho::collectors::link {

DecodeResult decode_ethernet(ByteReader& in, PacketContext& ctx, Next& next) noexcept {
    auto hdr = in.take(14);
    if (!hdr) {
        return in.shortfall();
    }
    const auto dst = hdr->array<6>();
    const auto src = hdr->array<6>();
    const auto type = hdr->be16();
    if (!dst || !src || !type) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 14 bytes
    }
    ctx.dst_mac.octets = *dst;
    ctx.src_mac.octets = *src;
    ctx.has_l2 = true;
    if (*type > kMaxLengthField && *type < kMinEthertype) {
        return DecodeResult::malformed;  // IEEE 802.3 clause 3.2.6: neither length nor type
    }
    next = Next{Next::Kind::ethertype, *type};
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::link
