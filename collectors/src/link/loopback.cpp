// Loopback and raw-IP link types: BSD NULL (LINKTYPE_NULL 0), OpenBSD LOOP (108), raw IP
// (LINKTYPE_RAW 101 and DLT_RAW 12 as Linux libpcap reports it).
// Refs: tcpdump.org/linktypes/LINKTYPE_NULL.html and LINKTYPE_LOOP.html (4-byte address
//   family: host byte order of the capturing machine for NULL, network order for LOOP;
//   AF_INET 2, AF_INET6 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (Darwin));
//   LINKTYPE_RAW.html (the IP version nibble selects IPv4 or IPv6).
// Facts: none; these links carry no MAC addresses (ctx.has_l2 stays false). ctx.ethertype is
//   set to the matching EtherType so later layers read one vocabulary.
// Ignored: address families other than IPv4/IPv6 (`unsupported`). The family is accepted in
//   either byte order for both link types, since captures move between machines and some
//   writers get LOOP wrong.

#include "link/link.h"

namespace daicho::collectors::link {
namespace {

constexpr std::uint16_t family_to_ethertype(std::uint32_t af) noexcept {
    switch (af) {
        case 2:
            return kEthertypeIpv4;
        case 24:
        case 28:
        case 30:
            return kEthertypeIpv6;
        default:
            return 0;
    }
}

}  // namespace

DecodeResult decode_loopback(ByteReader& in, PacketContext& /*ctx*/, Next& next) noexcept {
    auto hdr = in.take(4);
    if (!hdr) {
        return in.shortfall();
    }
    auto as_le = *hdr;
    const auto le = as_le.le32();
    const auto be = hdr->be32();
    if (!le || !be) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 4 bytes
    }
    std::uint16_t type = family_to_ethertype(*le);
    if (type == 0) {
        type = family_to_ethertype(*be);
    }
    if (type == 0) {
        return DecodeResult::unsupported;
    }
    next = Next{Next::Kind::ethertype, type};
    return DecodeResult::decoded;
}

DecodeResult decode_raw_ip(ByteReader& in, PacketContext& /*ctx*/, Next& next) noexcept {
    const auto first = in.peek_u8();
    if (!first) {
        return in.shortfall();
    }
    switch (*first >> 4U) {
        case 4:
            next = Next{Next::Kind::ethertype, kEthertypeIpv4};
            return DecodeResult::decoded;
        case 6:
            next = Next{Next::Kind::ethertype, kEthertypeIpv6};
            return DecodeResult::decoded;
        default:
            return DecodeResult::malformed;  // RFC 791 §3.1 / RFC 8200 §3: version field
    }
}

}  // namespace daicho::collectors::link
