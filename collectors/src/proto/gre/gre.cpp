// GRE: version 0 (a plain tunnel) or version 1 (PPTP's enhanced GRE, carrying PPP).
// Refs: RFC 2784 §2.1 (C 0x8000, Reserved0 bits 1-12, Ver bits 13-15, Protocol Type; a
//   receiver discards a packet with Reserved0 bits 1-5 set), RFC 2890 §2 (K 0x2000 key and
//   S 0x1000 sequence bits); RFC 2637 §4.1 (enhanced GRE: C 0, K 1, Ver 1, Protocol Type
//   0x880B, Key = payload length and call id, optional sequence and A 0x0080 acknowledgment).
// Facts: none (keys and call ids are per-tunnel). Recognition: version 1 with PPP is vpn
//   "pptp-gre"; version 0 is tunnel "gre" (a site-to-site tunnel or ERSPAN; a VPN only when
//   IPsec protects it, which the ESP conversation shows).

#include "proto/gre/gre.h"

namespace daicho::collectors::gre {
namespace {

constexpr std::uint16_t kKey = 0x2000;
// RFC 2784: bits 1-5 must be zero, but for K and S (RFC 2890): R 0x4000, s 0x0800, Recur 0x0400.
constexpr std::uint16_t kStrictRoutingBits = 0x4C00;
constexpr std::uint16_t kProtocolPpp = 0x880B;

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& /*ctx*/, ObservationSink& out) noexcept {
    const auto flags = in.be16();
    const auto protocol = in.be16();
    if (!flags || !protocol) {
        return in.shortfall();
    }
    const unsigned version = *flags & 0x0007U;
    if (version == 1) {
        // RFC 2637 §4.1: the key (payload length, call id) is always present.
        if (*protocol != kProtocolPpp || (*flags & kKey) == 0 || (*flags & 0x8000U) != 0) {
            return DecodeResult::malformed;
        }
        out.recognise({ServiceClass::vpn, "pptp-gre", {}, {}});
        return DecodeResult::decoded;
    }
    if (version != 0 || (*flags & kStrictRoutingBits) != 0) {
        return DecodeResult::malformed;
    }
    out.recognise({ServiceClass::tunnel, "gre", {}, {}});
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::gre
