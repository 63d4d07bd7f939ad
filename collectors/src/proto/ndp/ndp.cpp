// IPv6 Neighbor Discovery: Router Solicitation (133), Router Advertisement (134), Neighbor
// Solicitation (135) and Neighbor Advertisement (136), with their link-layer address options.
// Refs: RFC 4861 §4.1-4.4 (message formats), §4.6 and §4.6.1 (option format; length in
//   8-octet units, 0 is invalid), §6.1.1/§6.1.2 and §7.1.1/§7.1.2 (validity: hop limit 255,
//   code 0, RA from a link-local source, no SLLA from the unspecified address, targets not
//   multicast, S = 0 towards multicast); RFC 2464 §6 (Ethernet option length 1 = 6 octets);
//   RFC 4862 §5.4 (DAD: source ::).
// Facts: FactKind::ip_address for NS/RS from a non-unspecified source with an SLLA (mac =
//   SLLA, ip = source), NA with a TLLA (mac = TLLA, ip = target), RA with an SLLA (mac =
//   SLLA, ip = link-local source); FactKind::role "ipv6-router" for every valid RA, about the
//   SLLA MAC (else the frame's source MAC). DAD (source ::) binds nothing.
// Ignored: the ICMPv6 checksum (offload, cost; the hop limit 255 rule already proves the
//   sender is on-link), other ICMPv6 types (`not_mine`), prefix/MTU/RDNSS options and RA
//   parameters (network configuration, not device identity), Redirect (137).
//
//   0     1     2        4                 8 (RS/NA/NS: +16 target; RA: +12)
//   |type |code |checksum| reserved/flags  | ... options: |type|len*8 ... |

#include "proto/ndp/ndp.h"

#include <array>
#include <optional>

#include "proto/common/emitter.h"

namespace daicho::collectors::ndp {
namespace {

constexpr std::uint8_t kRouterSolicitation = 133;
constexpr std::uint8_t kRouterAdvertisement = 134;
constexpr std::uint8_t kNeighborSolicitation = 135;
constexpr std::uint8_t kNeighborAdvertisement = 136;
constexpr std::uint8_t kOptSourceLinkLayer = 1;  // RFC 4861 §4.6.1
constexpr std::uint8_t kOptTargetLinkLayer = 2;
constexpr std::uint8_t kValidHopLimit = 255;  // RFC 4861 §6.1.x / §7.1.x
constexpr std::string_view kRoleRouter = "ipv6-router";

using Ipv6Octets = std::array<std::uint8_t, 16>;

constexpr bool is_multicast(const Ipv6Octets& a) noexcept { return a[0] == 0xFF; }
constexpr bool is_link_local(const IpAddress& a) noexcept {
    return a.family == IpAddress::Family::v6 && a.octets[0] == 0xFE &&
           (a.octets[1] & 0xC0U) == 0x80U;  // fe80::/10, RFC 4291 §2.5.6
}
// ff02::1:ff00:0/104, RFC 4291 §2.7.1.
constexpr bool is_solicited_node(const IpAddress& a) noexcept {
    constexpr std::array<std::uint8_t, 13> kPrefix{0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF};
    if (a.family != IpAddress::Family::v6) {
        return false;
    }
    for (std::size_t i = 0; i < kPrefix.size(); ++i) {
        if (a.octets.at(i) != kPrefix.at(i)) {
            return false;
        }
    }
    return true;
}
constexpr bool usable_mac(const MacAddress& m) noexcept { return !m.is_zero() && !m.is_group(); }

void bind(const PacketContext& ctx, ObservationSink& out, const std::optional<MacAddress>& mac,
          const IpAddress& ip) noexcept {
    const Emitter emit(ctx, out, kName);
    if (mac && usable_mac(*mac) && !ip.is_unspecified()) {
        emit.about(ctx.on_link(*mac, true, ip), FactKind::ip_address, {});
    }
}

struct LinkLayerOptions {
    std::optional<MacAddress> source;  // first SLLA
    std::optional<MacAddress> target;  // first TLLA
    bool source_present = false;       // any SLLA, whatever its length
};

// RFC 4861 §4.6: walks the options to the end of the message.
DecodeResult read_options(ByteReader options, LinkLayerOptions& found) noexcept {
    std::uint8_t seen = 0;
    while (!options.empty()) {
        if (seen >= kMaxNdpOptions) {
            return DecodeResult::limited;
        }
        ++seen;
        const auto type = options.peek_u8(0);
        const auto units = options.peek_u8(1);
        if (!type || !units) {
            return options.shortfall();
        }
        if (*units == 0) {
            return DecodeResult::malformed;  // RFC 4861 §4.6: length 0 is invalid
        }
        auto option = options.take(static_cast<std::size_t>(*units) * 8);
        if (!option) {
            return options.shortfall();
        }
        if (!option->skip(2)) {
            return DecodeResult::malformed;  // unreachable: at least 8 bytes
        }
        if (*type == kOptSourceLinkLayer || *type == kOptTargetLinkLayer) {
            auto& slot = *type == kOptSourceLinkLayer ? found.source : found.target;
            found.source_present = found.source_present || *type == kOptSourceLinkLayer;
            if (*units == 1 && !slot) {  // RFC 2464 §6: Ethernet addresses use length 1
                if (auto mac = option->array<6>()) {
                    slot = MacAddress{*mac};
                }
            }
        }
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto peek_type = in.peek_u8();
    if (!peek_type) {
        return in.shortfall();
    }
    if (*peek_type < kRouterSolicitation || *peek_type > kNeighborAdvertisement ||
        ctx.src_ip.family != IpAddress::Family::v6) {
        return DecodeResult::not_mine;
    }
    auto hdr = in.take(4);
    if (!hdr) {
        return in.shortfall();
    }
    const auto type = hdr->u8();
    const auto code = hdr->u8();
    const auto checksum = hdr->be16();
    if (!type || !code || !checksum) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 4 bytes
    }
    if (*code != 0 || ctx.ttl != kValidHopLimit) {
        return DecodeResult::malformed;  // RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2
    }

    std::size_t fixed_len = 4;  // RS: reserved
    if (*type == kRouterAdvertisement) {
        fixed_len = 12;  // hop limit, flags, lifetime, reachable time, retrans timer
    } else if (*type == kNeighborSolicitation || *type == kNeighborAdvertisement) {
        fixed_len = 20;  // reserved/flags + target address
    }
    auto fixed = in.take(fixed_len);
    if (!fixed) {
        return in.shortfall();
    }
    std::optional<Ipv6Octets> target;
    bool solicited = false;
    if (*type == kNeighborSolicitation || *type == kNeighborAdvertisement) {
        const auto flags = fixed->u8();
        if (!flags || !fixed->skip(3)) {
            return DecodeResult::malformed;  // unreachable: the sub-reader holds 20 bytes
        }
        solicited = (*flags & 0x40U) != 0;  // RFC 4861 §4.4 S flag
        target = fixed->array<16>();
        if (!target) {
            return DecodeResult::malformed;  // unreachable
        }
        if (is_multicast(*target)) {
            return DecodeResult::malformed;  // RFC 4861 §7.1.1, §7.1.2
        }
    }

    LinkLayerOptions options;
    const DecodeResult walked = read_options(in.take_rest(), options);
    if (walked != DecodeResult::decoded && walked != DecodeResult::limited) {
        return walked;
    }

    const bool from_unspecified = ctx.src_ip.is_unspecified();
    switch (*type) {
        case kRouterSolicitation:
            if (from_unspecified && options.source_present) {
                return DecodeResult::malformed;  // RFC 4861 §6.1.1
            }
            bind(ctx, out, options.source, ctx.src_ip);
            break;
        case kRouterAdvertisement: {
            if (!is_link_local(ctx.src_ip)) {
                return DecodeResult::malformed;  // RFC 4861 §6.1.2
            }
            bind(ctx, out, options.source, ctx.src_ip);
            if (options.source && usable_mac(*options.source)) {
                emit.about(ctx.on_link(*options.source, true, ctx.src_ip), FactKind::role,
                           kRoleRouter);
            } else {
                emit.about(ctx.on_link(ctx.src_mac, ctx.has_l2, ctx.src_ip), FactKind::role,
                           kRoleRouter);
            }
            break;
        }
        case kNeighborSolicitation:
            if (from_unspecified && (options.source_present || !is_solicited_node(ctx.dst_ip))) {
                return DecodeResult::malformed;  // RFC 4861 §7.1.1 (DAD form)
            }
            bind(ctx, out, options.source, ctx.src_ip);  // DAD binds nothing (RFC 4862 §5.4)
            break;
        case kNeighborAdvertisement:
            if (solicited && ctx.dst_ip.family == IpAddress::Family::v6 &&
                ctx.dst_ip.octets[0] == 0xFF) {
                return DecodeResult::malformed;  // RFC 4861 §7.1.2: S = 0 to multicast
            }
            if (target) {
                bind(ctx, out, options.target, IpAddress::v6(*target));
            }
            break;
        default:
            break;
    }
    return walked;
}

}  // namespace daicho::collectors::ndp
