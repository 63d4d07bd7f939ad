// UDP header: ports, length, checksum.
// Refs: RFC 768 (length counts header and data, so it is at least 8); RFC 8200 §8.1 (the
//   checksum is mandatory over IPv6, but it is not verified here).
// Facts: none. Fills ctx.src_port, ctx.dst_port; narrows the reader to the datagram's data.
// Ignored: the checksum (offloaded NICs on mirror ports leave it unset; cost). In the first
//   fragment of a fragmented datagram only the ports are read, since the length covers
//   bytes in later fragments. A datagram cut by the snaplen goes up as far as it was captured.

#include "net/net.h"

namespace daicho::collectors::net {

DecodeResult decode_udp(ByteReader& in, PacketContext& ctx) noexcept {
    auto datagram = in;
    auto hdr = datagram.take(8);
    if (!hdr) {
        return in.shortfall();
    }
    const auto src_port = hdr->be16();
    const auto dst_port = hdr->be16();
    const auto length = hdr->be16();
    const auto checksum = hdr->be16();
    if (!src_port || !dst_port || !length || !checksum) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 8 bytes
    }
    ctx.src_port = *src_port;
    ctx.dst_port = *dst_port;
    if (ctx.ip_fragment) {
        in = datagram.take_rest();
        return DecodeResult::decoded;
    }
    if (*length < 8) {
        return DecodeResult::malformed;  // RFC 768: length includes the 8-byte header
    }
    auto data = datagram.take_captured(*length - 8U);
    if (!data) {
        return datagram.shortfall();
    }
    in = *data;
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::net
