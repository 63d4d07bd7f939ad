// WireGuard: every message starts with a type byte and three reserved zero bytes, and the
// handshake messages have fixed sizes.
// Refs: J. A. Donenfeld, "WireGuard: Next Generation Kernel Network Tunnel" (whitepaper,
//   2020-06-01) §5.4.2 handshake initiation (type 1, 148 bytes: sender index, ephemeral 32,
//   static 32+16, timestamp 12+16, mac1 16, mac2 16), §5.4.3 handshake response (type 2,
//   92 bytes: sender and receiver index, ephemeral 32, empty 0+16, mac1, mac2), §5.4.7
//   cookie reply (type 3, 64 bytes: receiver index, nonce 24, cookie 16+16), §5.4.6
//   transport data (type 4: receiver index, counter 8, then the packet padded to 16 bytes
//   plus a 16-byte tag, so 32 + 16k bytes).
// Handshake messages are recognised on any port. Transport data is only 4 0 0 0 and a size,
//   too little to claim an arbitrary port's traffic: it is recognised on port 51820 only;
//   elsewhere the conversation is known from its handshake.
// Facts: none (indices are random per session). Recognition: vpn, protocol "wireguard".

#include "proto/wireguard/wireguard.h"

namespace daicho::collectors::wireguard {
namespace {

constexpr std::uint8_t kInitiation = 1;
constexpr std::uint8_t kResponse = 2;
constexpr std::uint8_t kCookieReply = 3;
constexpr std::uint8_t kTransport = 4;
constexpr std::size_t kInitiationSize = 148;
constexpr std::size_t kResponseSize = 92;
constexpr std::size_t kCookieReplySize = 64;
constexpr std::size_t kMinTransportSize = 32;

// The message type when the header and size fit one, else 0.
std::uint8_t message_type(ByteReader in) noexcept {
    const std::size_t size = in.remaining();
    const auto type = in.u8();
    const auto r0 = in.u8();
    const auto r1 = in.u8();
    const auto r2 = in.u8();
    if (!type || !r0 || !r1 || !r2 || *r0 != 0 || *r1 != 0 || *r2 != 0) {
        return 0;
    }
    switch (*type) {
        case kInitiation:
            return size == kInitiationSize ? kInitiation : 0;
        case kResponse:
            return size == kResponseSize ? kResponse : 0;
        case kCookieReply:
            return size == kCookieReplySize ? kCookieReply : 0;
        case kTransport:
            return size >= kMinTransportSize && size % 16 == 0 ? kTransport : 0;
        default:
            return 0;
    }
}

}  // namespace

bool probe(ByteReader in) noexcept { return message_type(in) != 0; }

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const std::uint8_t type = message_type(in);
    if (type == 0) {
        return DecodeResult::not_mine;
    }
    if (type == kTransport && ctx.src_port != kPort && ctx.dst_port != kPort) {
        return DecodeResult::not_mine;
    }
    out.recognise({ServiceClass::vpn, "wireguard", {}, {}});
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::wireguard
