// RDP: the first PDU of each side, a TPKT-framed X.224 Connection Request (client) or
// Connection Confirm (server), and the security protocols they negotiate.
// Refs: RFC 1006 §6 (TPKT: version 3, reserved 0, length including the 4-byte header); ITU-T
//   X.224 §13.3/13.4 (CR 0xE0 / CC 0xD0 TPDU: length indicator, code, DST-REF, SRC-REF,
//   class option); MS-RDPBCGR §2.2.1.1 (the CR's optional routingToken or cookie, each
//   ending in CR LF, then RDP_NEG_REQ: type 0x01, flags, length 8, requestedProtocols),
//   §2.2.1.2 (CC with RDP_NEG_RSP type 0x02 selectedProtocol, or RDP_NEG_FAILURE 0x03),
//   §2.2.1.1.1 (PROTOCOL_RDP 0, SSL 1, HYBRID 2, RDSTLS 4, HYBRID_EX 8, RDSAAD 0x10).
// Privacy: the cookie "Cookie: mstshash=IDENTIFIER" carries the user name the client logs in
//   with. It is skipped without being read as text: never stored, emitted or recognised.
// Not RDP: a CR or CC whose variable part holds anything else (ISO-TSAP users such as S7comm
//   put TSAP parameters 0xC0-0xC2 there) is not_mine.
// Facts, about the sender: FactKind::protocol_version "rdp" (request) or "rdp <security>"
//   for the server's selection ("rdp ssl", "rdp hybrid" = CredSSP/NLA, "rdp" = standard RDP
//   security, "rdp refused").
// Recognition: remote-control, protocol "rdp".

#include "proto/rdp/rdp.h"

#include "proto/common/emitter.h"

namespace daicho::collectors::rdp {
namespace {

constexpr std::uint8_t kTpktVersion = 3;
constexpr std::uint8_t kConnectionRequest = 0xE0;
constexpr std::uint8_t kConnectionConfirm = 0xD0;
constexpr std::uint8_t kNegRequest = 0x01;
constexpr std::uint8_t kNegResponse = 0x02;
constexpr std::uint8_t kNegFailure = 0x03;
constexpr std::size_t kTpktHeader = 4;
constexpr std::size_t kFixedTpdu = 7;  // LI, code, DST-REF 2, SRC-REF 2, class

std::string_view security_name(std::uint32_t selected) noexcept {
    switch (selected) {
        case 0:
            return "rdp";
        case 1:
            return "rdp ssl";
        case 2:
            return "rdp hybrid";
        case 4:
            return "rdp rdstls";
        case 8:
            return "rdp hybrid_ex";
        case 0x10:
            return "rdp rdsaad";
        default:
            return "rdp other";
    }
}

// Skips a routing token or cookie line (MS-RDPBCGR §2.2.1.1: each ends in CR LF) without
// looking at its text. False when the line does not end inside `var`.
bool skip_line(ByteReader& var) noexcept {
    for (std::uint8_t prev = 0; !var.empty();) {
        const auto b = var.u8();
        if (!b) {
            return false;
        }
        if (prev == '\r' && *b == '\n') {
            return true;
        }
        prev = *b;
    }
    return false;
}

// RDP_NEG_REQ / RSP / FAILURE (8 bytes, little-endian fields). Returns the type, 0 on none.
std::uint8_t read_negotiation(ByteReader& var, std::uint32_t& value) noexcept {
    const auto type = var.u8();
    const auto flags = var.u8();
    const auto length = var.le16();
    const auto data = var.le32();
    if (!type || !flags || !length || !data || *length != 8) {
        return 0;
    }
    value = *data;
    return *type;
}

}  // namespace

bool probe(ByteReader in) noexcept {
    const auto version = in.u8();
    const auto reserved = in.u8();
    const auto length = in.be16();
    const auto li = in.u8();
    const auto code = in.u8();
    return version && reserved && length && li && code && *version == kTpktVersion &&
           *reserved == 0 && *length >= kTpktHeader + kFixedTpdu && *li >= kFixedTpdu - 1 &&
           (*code == kConnectionRequest || *code == kConnectionConfirm);
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const auto version = in.u8();
    const auto reserved = in.u8();
    const auto length = in.be16();
    if (!version || !reserved || !length) {
        return in.shortfall();
    }
    if (*version != kTpktVersion || *reserved != 0 || *length < kTpktHeader + kFixedTpdu) {
        return DecodeResult::not_mine;
    }
    auto tpkt = in.take(*length - kTpktHeader);
    if (!tpkt) {
        return in.shortfall();
    }
    const auto li = tpkt->u8();
    if (!li || *li < kFixedTpdu - 1) {
        return DecodeResult::malformed;
    }
    auto tpdu = tpkt->take(*li);
    if (!tpdu) {
        return DecodeResult::malformed;  // the TPDU is longer than its TPKT
    }
    const auto code = tpdu->u8();
    if (!code || !tpdu->skip(kFixedTpdu - 2)) {
        return DecodeResult::malformed;
    }
    ByteReader var = tpdu->take_rest();
    std::uint32_t value = 0;
    std::string_view stated = "rdp";
    if (*code == kConnectionRequest) {
        if (var.starts_with("Cookie: ") && !skip_line(var)) {
            return DecodeResult::malformed;  // the user name line never ends: skipped whole
        }
        if (!var.empty() && read_negotiation(var, value) != kNegRequest) {
            return DecodeResult::not_mine;
        }
    } else if (*code == kConnectionConfirm) {
        if (!var.empty()) {
            const std::uint8_t type = read_negotiation(var, value);
            if (type == kNegResponse) {
                stated = security_name(value);
            } else if (type == kNegFailure) {
                stated = "rdp refused";
            } else {
                return DecodeResult::not_mine;
            }
        }
    } else {
        return DecodeResult::not_mine;
    }
    const Emitter emit(ctx, out, kName);
    emit(FactKind::protocol_version, stated);
    out.recognise({ServiceClass::remote_control, "rdp", {}, {}});
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::rdp
