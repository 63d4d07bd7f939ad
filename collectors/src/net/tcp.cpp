// TCP header: ports, sequence numbers, data offset, flags; the payload goes to the probes.
// Refs: RFC 9293 §3.1 (header format; data offset in 32-bit words, at least 5; control bits
//   CWR ECE URG ACK PSH RST SYN FIN in octet 13).
// Facts: none. Fills ctx.src_port, ctx.dst_port, ctx.tcp_flags; narrows the reader to the
//   segment's data.
// Ignored: options (skipped by the data offset; MSS/window scale are fingerprinting material
//   for a later issue), checksum, window, urgent pointer.

#include "net/net.h"

namespace daicho::collectors::net {

DecodeResult decode_tcp(ByteReader& in, PacketContext& ctx) noexcept {
    auto segment = in;
    auto hdr = segment.take(20);
    if (!hdr) {
        return in.shortfall();
    }
    const auto src_port = hdr->be16();
    const auto dst_port = hdr->be16();
    const auto seq = hdr->be32();
    const auto ack = hdr->be32();
    const auto offset_reserved = hdr->u8();
    const auto flags = hdr->u8();
    if (!src_port || !dst_port || !seq || !ack || !offset_reserved || !flags) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 20 bytes
    }
    ctx.src_port = *src_port;
    ctx.dst_port = *dst_port;
    ctx.tcp_flags = *flags;
    const std::size_t header_len = static_cast<std::size_t>(*offset_reserved >> 4U) * 4;
    if (header_len < 20) {
        return DecodeResult::malformed;  // RFC 9293 §3.1: data offset >= 5
    }
    if (!segment.skip(header_len - 20)) {
        return segment.shortfall();  // options past the end
    }
    in = segment.take_rest();
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::net
