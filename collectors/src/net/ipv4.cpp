// IPv4 header: version, IHL, total length, fragment fields, TTL, protocol, addresses.
// Refs: RFC 791 §3.1 (header format; IHL >= 5; total length includes the header);
//   RFC 815/791 §3.2 fragmentation (fragments are counted here, never reassembled).
// Facts: none (a router's MAC carries many IPs, so IP traffic binds nothing). Fills
//   ctx.src_ip, ctx.dst_ip, ctx.ttl, ctx.ip_id (identification: routers and NATs keep it, so
//   it keys the routed copies, net/routed_copies.h), ctx.ip_proto, ctx.ip_fragment,
//   ctx.ip_later_fragment.
// Ignored: header checksum (mirror ports copy NIC-offloaded packets with checksums not yet
//   filled, and checking costs time), options (skipped by IHL), TOS/ECN.
//   A total length of 0 is read as "TSO/GSO super-packet captured on the sending host"
//   (tcpdump does the same) and the captured bytes are used. A datagram cut by the snaplen
//   goes up as far as it was captured (ByteReader::take_captured): a sysName or a banner in
//   the first bytes still counts, and the layer that runs out reports "truncated".

#include "net/net.h"

namespace daicho::collectors::net {
namespace {

// Fills an address in place (ctx was reset, so octets 4..15 are already zero): building an
// IpAddress and copying it costs a store-forwarding stall per packet.
void set_v4(IpAddress& a, std::uint32_t host_order) noexcept {
    a.family = IpAddress::Family::v4;
    a.octets[0] = static_cast<std::uint8_t>(host_order >> 24U);
    a.octets[1] = static_cast<std::uint8_t>(host_order >> 16U);
    a.octets[2] = static_cast<std::uint8_t>(host_order >> 8U);
    a.octets[3] = static_cast<std::uint8_t>(host_order);
}

}  // namespace

DecodeResult decode_ipv4(ByteReader& in, PacketContext& ctx) noexcept {
    auto hdr = in;
    auto fixed = hdr.take(20);
    if (!fixed) {
        return in.shortfall();
    }
    const auto ver_ihl = fixed->u8();
    const auto tos = fixed->u8();
    const auto total_length = fixed->be16();
    const auto ident = fixed->be16();
    const auto flags_frag = fixed->be16();
    const auto ttl = fixed->u8();
    const auto proto = fixed->u8();
    const auto checksum = fixed->be16();
    const auto src = fixed->be32();
    const auto dst = fixed->be32();
    if (!ver_ihl || !tos || !total_length || !ident || !flags_frag || !ttl || !proto || !checksum ||
        !src || !dst) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 20 bytes
    }
    if ((*ver_ihl >> 4U) != 4) {
        return DecodeResult::malformed;  // RFC 791 §3.1 version
    }
    const std::size_t header_len = static_cast<std::size_t>(*ver_ihl & 0x0FU) * 4;
    if (header_len < 20) {
        return DecodeResult::malformed;  // RFC 791 §3.1: IHL minimum 5
    }
    std::size_t datagram_len = *total_length;
    if (datagram_len == 0) {
        datagram_len = in.remaining();  // TSO/GSO: see the header comment
    }
    if (datagram_len < header_len) {
        return DecodeResult::malformed;  // RFC 791 §3.1: total length includes the header
    }
    auto datagram = in.take_captured(datagram_len);  // trims Ethernet padding
    if (!datagram) {
        return in.shortfall();
    }
    if (!datagram->skip(header_len)) {
        return datagram->shortfall();  // options past the end
    }
    set_v4(ctx.src_ip, *src);
    set_v4(ctx.dst_ip, *dst);
    ctx.ttl = *ttl;
    ctx.ip_id = *ident;
    ctx.ip_proto = *proto;
    const bool more_fragments = (*flags_frag & 0x2000U) != 0;  // RFC 791 §3.1 MF
    const bool later = (*flags_frag & 0x1FFFU) != 0;           // fragment offset
    ctx.ip_fragment = more_fragments || later;
    ctx.ip_later_fragment = later;
    in = datagram->take_rest();
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::net
