// ARP for Ethernet/IPv4: the sender's hardware and protocol address.
// Refs: RFC 826 ("Packet format": ar$hrd, ar$pro, ar$hln, ar$pln, ar$op, ar$sha, ar$spa,
//   ar$tha, ar$tpa); RFC 5227 §1.1 and §2.1.1 (an ARP probe has ar$spa = 0.0.0.0 and must
//   not bind; gratuitous ARP announces the sender); IEEE 802-2014 §8.2 (group MAC addresses).
// Facts: FactKind::ip_address, subject.mac = ar$sha (not the Ethernet source, which differs
//   behind proxies and bridges), subject.ip = ar$spa, for requests and replies whose sender
//   is not 0.0.0.0 and whose ar$sha is a unicast, non-zero MAC. The value is empty: the
//   fact is the (MAC, IP) pair in the subject.
// Ignored: the target fields (a request's target is only asked about, never proven present),
//   other hardware/protocol types and RARP/InARP opcodes (`unsupported`).
//
//   0      2      4    5    6      8        14       18       24       28
//   | hrd  | pro  |hln |pln | op   |  sha   |  spa   |  tha   |  tpa   |

#include "proto/arp/arp.h"

#include "proto/common/emitter.h"

namespace daicho::collectors::arp {
namespace {

constexpr std::uint16_t kHrdEthernet = 1;   // RFC 826 ar$hrd, IANA hardware type 1
constexpr std::uint16_t kProIpv4 = 0x0800;  // RFC 826 ar$pro
constexpr std::uint16_t kOpRequest = 1;     // RFC 826 ar$op
constexpr std::uint16_t kOpReply = 2;

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    auto fixed = in.take(8);
    if (!fixed) {
        return in.shortfall();
    }
    const auto hrd = fixed->be16();
    const auto pro = fixed->be16();
    const auto hln = fixed->u8();
    const auto pln = fixed->u8();
    const auto op = fixed->be16();
    if (!hrd || !pro || !hln || !pln || !op) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 8 bytes
    }
    if (*hrd != kHrdEthernet || *pro != kProIpv4) {
        return DecodeResult::unsupported;
    }
    if (*hln != 6 || *pln != 4) {
        return DecodeResult::malformed;  // RFC 826: Ethernet/IPv4 lengths are 6 and 4
    }
    if (*op != kOpRequest && *op != kOpReply) {
        return DecodeResult::unsupported;  // RARP (RFC 903), InARP (RFC 2390)
    }
    auto addresses = in.take(20);
    if (!addresses) {
        return in.shortfall();
    }
    const auto sha = addresses->array<6>();
    const auto spa = addresses->be32();
    const auto tha = addresses->array<6>();
    const auto tpa = addresses->be32();
    if (!sha || !spa || !tha || !tpa) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 20 bytes
    }
    MacAddress sender_mac;
    sender_mac.octets = *sha;
    if (*spa == 0 || sender_mac.is_zero() || sender_mac.is_group()) {
        return DecodeResult::decoded;  // RFC 5227 probe, or no usable sender: binds nothing
    }
    Emitter(ctx, out, kName)
        .about(ctx.on_link(sender_mac, true, IpAddress::v4(*spa)), FactKind::ip_address, {});
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::arp
