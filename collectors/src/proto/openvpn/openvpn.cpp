// OpenVPN: recognised by the first byte of its packets (opcode << 3 | key id) and, on any
// port, by the exact shapes of the hard-reset packets that open a session.
// Refs: OpenVPN 2.6 source, src/openvpn/ssl_pkt.h (opcodes: 1-3 v1 resets, 4 P_CONTROL_V1,
//   5 P_ACK_V1, 6 P_DATA_V1, 7 P_CONTROL_HARD_RESET_CLIENT_V2, 8 ..._SERVER_V2, 9 P_DATA_V2,
//   10 P_CONTROL_HARD_RESET_CLIENT_V3, 11 P_CONTROL_WKC_V1; key id in the low 3 bits) and
//   the protocol description in its doc/ (a control packet: opcode, 8-byte session id,
//   [tls-auth HMAC, packet id, time], ack array length and ids, [remote session id], message
//   packet id). Over TCP every packet is preceded by its 16-bit length (network order).
// Shapes accepted on any port (sizes of a hard reset with no, SHA-1 or SHA-256 tls-auth /
//   tls-crypt wrapping, with or without the 6-byte early-negotiation TLV of 2.6): client
//   resets (7, 10) of 14, 20, 42, 48, 54 or 60 bytes with key id 0; server resets (8) of 26,
//   32, 54, 60, 66 or 72 bytes with key id 0. On UDP 1194 any opcode 1-11.
// Facts: none (a session id is random). Recognition: vpn, protocol "openvpn".

#include "proto/openvpn/openvpn.h"

#include <array>
#include <algorithm>

namespace daicho::collectors::openvpn {
namespace {

constexpr std::uint8_t kClientResetV2 = 7;
constexpr std::uint8_t kServerResetV2 = 8;
constexpr std::uint8_t kClientResetV3 = 10;
constexpr std::uint8_t kMaxOpcode = 11;
constexpr std::array<std::size_t, 6> kClientResetSizes{14, 20, 42, 48, 54, 60};
constexpr std::array<std::size_t, 6> kServerResetSizes{26, 32, 54, 60, 66, 72};

// A hard reset of a known size: the packet that opens an OpenVPN session.
bool hard_reset(std::uint8_t first, std::size_t size) noexcept {
    const auto opcode = static_cast<std::uint8_t>(first >> 3U);
    if ((first & 0x07U) != 0) {
        return false;  // a new session starts with key id 0
    }
    const auto in = [size](const auto& sizes) {
        return std::find(sizes.begin(), sizes.end(), size) != sizes.end();
    };
    if (opcode == kClientResetV2 || opcode == kClientResetV3) {
        return in(kClientResetSizes);
    }
    return opcode == kServerResetV2 && in(kServerResetSizes);
}

DecodeResult recognised(ObservationSink& out) noexcept {
    out.recognise({ServiceClass::vpn, "openvpn", {}, {}});
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& /*ctx*/, ObservationSink& out) noexcept {
    const auto first = in.peek_u8();
    if (!first) {
        return DecodeResult::not_mine;  // an empty datagram
    }
    const auto opcode = static_cast<std::uint8_t>(*first >> 3U);
    if (opcode == 0 || opcode > kMaxOpcode || in.remaining() < 4) {
        return DecodeResult::not_mine;
    }
    return recognised(out);
}

bool probe_udp(ByteReader in) noexcept {
    const auto first = in.peek_u8();
    return first && hard_reset(*first, in.remaining());
}

DecodeResult decode_udp(ByteReader in, const PacketContext& /*ctx*/,
                        ObservationSink& out) noexcept {
    return probe_udp(in) ? recognised(out) : DecodeResult::not_mine;
}

bool probe_tcp(ByteReader in) noexcept {
    const auto length = in.be16();
    const auto first = in.peek_u8();
    return length && first && hard_reset(*first, *length);
}

DecodeResult decode_tcp(ByteReader in, const PacketContext& /*ctx*/,
                        ObservationSink& out) noexcept {
    const auto length = in.be16();
    if (!length) {
        return in.shortfall();
    }
    const auto packet = in.take(*length);
    if (!packet) {
        return in.shortfall();  // the first-bytes table brings the rest
    }
    const auto first = packet->peek_u8();
    if (!first || !hard_reset(*first, *length)) {
        return DecodeResult::not_mine;
    }
    return recognised(out);
}

}  // namespace daicho::collectors::openvpn
