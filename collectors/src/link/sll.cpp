// Linux "cooked" capture headers, as libpcap writes them for the "any" device.
// Refs: tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html (16 bytes: packet type, ARPHRD type,
//   address length, 8-byte address, protocol) and LINKTYPE_LINUX_SLL2.html (20 bytes:
//   protocol, reserved, interface index, ARPHRD type, packet type, address length, address);
//   libpcap pcap/sll.h (protocol 0x0004 = 802.2 LLC frame without a length field).
// Facts: none. With ARPHRD_ETHER (1) and a 6-byte address, the address is the frame's
//   source MAC: fills ctx.src_mac and ctx.has_l2 (the destination MAC is not captured).
// Ignored: packet type (host/broadcast/outgoing) and interface index; protocols other than
//   an EtherType or 802.2 LLC (CAN, Netlink, raw 802.3 IPX) are `unsupported`.

#include "link/link.h"

namespace daicho::collectors::link {
namespace {

constexpr std::uint16_t kArphrdEther = 1;  // linux/if_arp.h
constexpr std::uint16_t kSllProto8022 = 0x0004;

DecodeResult finish(PacketContext& ctx, std::uint16_t arphrd, std::uint16_t halen,
                    ByteReader addr, std::uint16_t protocol, Next& next) noexcept {
    if (arphrd == kArphrdEther && halen == 6) {
        if (auto mac = addr.array<6>()) {
            ctx.src_mac.octets = *mac;
            ctx.has_l2 = true;
        }
    }
    if (protocol >= kMinEthertype) {
        next = Next{Next::Kind::ethertype, protocol};
        return DecodeResult::decoded;
    }
    if (protocol == kSllProto8022) {
        next = Next{Next::Kind::llc, 0};
        return DecodeResult::decoded;
    }
    return DecodeResult::unsupported;
}

}  // namespace

DecodeResult decode_sll(ByteReader& in, PacketContext& ctx, Next& next) noexcept {
    auto hdr = in.take(16);
    if (!hdr) {
        return in.shortfall();
    }
    const auto packet_type = hdr->be16();
    const auto arphrd = hdr->be16();
    const auto halen = hdr->be16();
    const auto addr = hdr->take(8);
    const auto protocol = hdr->be16();
    if (!packet_type || !arphrd || !halen || !addr || !protocol) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 16 bytes
    }
    return finish(ctx, *arphrd, *halen, *addr, *protocol, next);
}

DecodeResult decode_sll2(ByteReader& in, PacketContext& ctx, Next& next) noexcept {
    auto hdr = in.take(20);
    if (!hdr) {
        return in.shortfall();
    }
    const auto protocol = hdr->be16();
    const auto reserved = hdr->be16();
    const auto if_index = hdr->be32();
    const auto arphrd = hdr->be16();
    const auto packet_type = hdr->u8();
    const auto halen = hdr->u8();
    const auto addr = hdr->take(8);
    if (!protocol || !reserved || !if_index || !arphrd || !packet_type || !halen || !addr) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 20 bytes
    }
    return finish(ctx, *arphrd, *halen, *addr, *protocol, next);
}

}  // namespace daicho::collectors::link
