// TeamViewer: its messages start with the magic 0x17 0x24 (TCP) and carry it at bytes 11-12
// after a zero counter (UDP).
// Refs: TeamViewer's firewall documentation ("TeamViewer prefers TCP and UDP 5938 and falls
//   back to TCP 443 and 80", with its own protocol, not TLS or HTTP); nDPI
//   src/lib/protocols/teamviewer.c (the 0x17 0x24 magic on TCP; on UDP byte 0 = 0 and bytes
//   11-12 = 0x17 0x24). Two magic bytes alone would claim arbitrary streams, so the TCP
//   magic counts only on TeamViewer's ports (5938, 443, 80), like nDPI's first-packet rule.
// Facts: none (the protocol is proprietary; nothing here names a product version).
// Recognition: remote-control, protocol "teamviewer", product "TeamViewer".

#include "proto/teamviewer/teamviewer.h"

namespace daicho::collectors::teamviewer {
namespace {

constexpr std::uint8_t kMagic0 = 0x17;
constexpr std::uint8_t kMagic1 = 0x24;
constexpr std::size_t kUdpMagicAt = 11;

bool teamviewer_port(std::uint16_t p) noexcept { return p == kPort || p == 443 || p == 80; }

DecodeResult recognised(ObservationSink& out) noexcept {
    out.recognise({ServiceClass::remote_control, "teamviewer", "TeamViewer", {}});
    return DecodeResult::decoded;
}

}  // namespace

bool probe(ByteReader in) noexcept {
    const auto b0 = in.u8();
    const auto b1 = in.u8();
    return b0 && b1 && *b0 == kMagic0 && *b1 == kMagic1 && !in.empty();
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    if (!probe(in) || (!teamviewer_port(ctx.src_port) && !teamviewer_port(ctx.dst_port))) {
        return DecodeResult::not_mine;
    }
    return recognised(out);
}

DecodeResult decode_udp(ByteReader in, const PacketContext& /*ctx*/,
                        ObservationSink& out) noexcept {
    const auto counter = in.peek_u8();
    const auto m0 = in.peek_u8(kUdpMagicAt);
    const auto m1 = in.peek_u8(kUdpMagicAt + 1);
    if (!counter || !m0 || !m1 || in.remaining() <= kUdpMagicAt + 2) {
        return DecodeResult::not_mine;
    }
    if (*counter != 0 || *m0 != kMagic0 || *m1 != kMagic1) {
        return DecodeResult::not_mine;
    }
    return recognised(out);
}

}  // namespace daicho::collectors::teamviewer
