// IPv6 fixed header and the extension-header chain up to the upper-layer header.
// Refs: RFC 8200 §3 (header format), §4 (extension headers; §4.1 order: Hop-by-Hop only
//   directly after the IPv6 header; §4.3 Hop-by-Hop, §4.4 Routing, §4.5 Fragment, §4.6
//   Destination Options, all with length in 8-octet units not counting the first 8);
//   RFC 4302 §2.2 (AH: length in 4-octet units minus 2); RFC 7112 (the whole chain is in the
//   first fragment); RFC 6946 (an "atomic" fragment, offset 0 and M = 0, is not a fragment).
// Facts: none (IP traffic binds nothing). Fills ctx.src_ip, ctx.dst_ip, ctx.ttl (hop limit),
//   ctx.ip_id (the flow label, RFC 6437: kept end to end, so it keys the routed copies),
//   ctx.ip_proto (the final next header), ctx.ip_fragment, ctx.ip_later_fragment.
// Limits: kMaxIpv6ExtensionHeaders (net.h), counted as `limited`.
// Ignored: traffic class, the options inside Hop-by-Hop/Destination headers,
//   routing segments, AH contents. ESP (50) and No Next Header (59) end the walk as the
//   upper-layer protocol. A payload length of 0 (jumbogram or a TSO/GSO capture on the
//   sending host) uses the captured bytes.

#include "net/net.h"

namespace daicho::collectors::net {
namespace {

constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAuthentication = 51;
constexpr std::uint8_t kNoNextHeader = 59;
constexpr std::uint8_t kDestinationOptions = 60;

}  // namespace

DecodeResult decode_ipv6(ByteReader& in, PacketContext& ctx) noexcept {
    auto hdr = in;
    auto fixed = hdr.take(40);
    if (!fixed) {
        return in.shortfall();
    }
    const auto ver_tc_flow = fixed->be32();
    const auto payload_length = fixed->be16();
    const auto next_header = fixed->u8();
    const auto hop_limit = fixed->u8();
    const auto src = fixed->array<16>();
    const auto dst = fixed->array<16>();
    if (!ver_tc_flow || !payload_length || !next_header || !hop_limit || !src || !dst) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 40 bytes
    }
    if ((*ver_tc_flow >> 28U) != 6) {
        return DecodeResult::malformed;  // RFC 8200 §3 version
    }
    std::size_t length = *payload_length;
    if (length == 0 && *next_header != kNoNextHeader) {
        length = hdr.remaining();  // jumbogram / TSO: see the header comment
    }
    auto payload = hdr.take_captured(length);  // trims Ethernet padding
    if (!payload) {
        return hdr.shortfall();
    }
    ctx.src_ip = IpAddress::v6(*src);
    ctx.dst_ip = IpAddress::v6(*dst);
    ctx.ttl = *hop_limit;
    ctx.ip_id = *ver_tc_flow & 0x000FFFFFU;  // RFC 8200 §3: the low 20 bits

    std::uint8_t next = *next_header;
    std::uint8_t walked = 0;
    for (;;) {
        std::size_t ext_len = 0;
        switch (next) {
            case kHopByHop:
            case kRouting:
            case kDestinationOptions:
            case kAuthentication:
            case kFragment:
                break;
            default:
                ctx.ip_proto = next;
                in = payload->take_rest();
                return DecodeResult::decoded;
        }
        if (next == kHopByHop && walked != 0) {
            ctx.ip_proto = next;
            return DecodeResult::malformed;  // RFC 8200 §4.1: Hop-by-Hop only comes first
        }
        if (walked >= kMaxIpv6ExtensionHeaders) {
            ctx.ip_proto = next;
            return DecodeResult::limited;
        }
        ++walked;
        const auto ext_next = payload->peek_u8(0);
        const auto ext_units = payload->peek_u8(1);
        if (!ext_next || !ext_units) {
            ctx.ip_proto = next;
            return payload->shortfall();
        }
        if (next == kFragment) {
            ext_len = 8;  // RFC 8200 §4.5: fixed size
        } else if (next == kAuthentication) {
            ext_len = (static_cast<std::size_t>(*ext_units) + 2) * 4;  // RFC 4302 §2.2
        } else {
            ext_len = (static_cast<std::size_t>(*ext_units) + 1) * 8;  // RFC 8200 §4.3-4.6
        }
        auto ext = payload->take(ext_len);
        if (!ext) {
            ctx.ip_proto = next;
            return payload->shortfall();
        }
        if (next == kFragment) {
            if (!ext->skip(2)) {
                return DecodeResult::malformed;  // unreachable: the sub-reader holds 8 bytes
            }
            const auto offset_flags = ext->be16();
            if (!offset_flags) {
                return DecodeResult::malformed;  // unreachable
            }
            const bool more = (*offset_flags & 0x0001U) != 0;    // RFC 8200 §4.5 M flag
            const bool later = (*offset_flags & 0xFFF8U) != 0;   // fragment offset
            ctx.ip_fragment = ctx.ip_fragment || more || later;  // RFC 6946: atomic = not
            if (later) {
                // The bytes after this header continue the fragmentable part; no header here.
                ctx.ip_later_fragment = true;
                ctx.ip_proto = *ext_next;
                in = payload->take_rest();
                return DecodeResult::decoded;
            }
        }
        next = *ext_next;
    }
}

}  // namespace daicho::collectors::net
