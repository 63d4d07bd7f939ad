// L2TP: the header of every message and, in control messages, the AVPs that name the peer.
// Refs: RFC 2661 §3.1 (header: T 0x8000, L 0x4000, S 0x0800, O 0x0200, P 0x0100, Ver in the
//   low 4 bits = 2; control messages have T, L and S set and O clear), §4.1 (AVP: M 0x8000,
//   H 0x4000 hidden, length in the low 10 bits including the 6-byte header, vendor id,
//   attribute type), §4.4.1 (Message Type AVP, type 0, must come first), §4.4.3 (Firmware
//   Revision 6, Host Name 7, Vendor Name 8); RFC 3931 §3.2.1 (L2TPv3 control header, Ver 3,
//   32-bit control connection id) and §4.1.2.2 (over UDP).
// Facts, about the sender, from the Start-Control-Connection messages of L2TPv2:
//   FactKind::hostname (Host Name AVP: the name the router gives itself), FactKind::software
//   (Vendor Name AVP). Hidden AVPs (H bit) are encrypted and skipped.
// Recognition: vpn, protocol "l2tp", product the Vendor Name when sent.
// Ignored: every other AVP; L2TPv3 AVPs; data messages' PPP payload.

#include "proto/l2tp/l2tp.h"

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::l2tp {
namespace {

constexpr std::uint16_t kFlagType = 0x8000;
constexpr std::uint16_t kFlagLength = 0x4000;
constexpr std::uint16_t kFlagSequence = 0x0800;
constexpr std::uint16_t kFlagOffset = 0x0200;
constexpr std::uint16_t kAvpHidden = 0x4000;
constexpr std::uint16_t kAvpLengthMask = 0x03FF;
constexpr std::uint16_t kAttrMessageType = 0;
constexpr std::uint16_t kAttrHostName = 7;
constexpr std::uint16_t kAttrVendorName = 8;

// The AVPs of one control message (RFC 2661 §4.1).
DecodeResult read_avps(ByteReader avps, const PacketContext& ctx, ObservationSink& out,
                       Recognition& seen) noexcept {
    const Emitter emit(ctx, out, kName);
    for (std::size_t n = 0; !avps.empty(); ++n) {
        if (n >= kMaxAvps) {
            return DecodeResult::limited;
        }
        const auto bits = avps.be16();
        const auto vendor = avps.be16();
        const auto type = avps.be16();
        if (!bits || !vendor || !type) {
            return avps.shortfall();
        }
        const std::size_t length = *bits & kAvpLengthMask;
        if (length < 6) {
            return DecodeResult::malformed;
        }
        auto value = avps.take(length - 6);
        if (!value) {
            return avps.shortfall();
        }
        if (n == 0 && (*vendor != 0 || *type != kAttrMessageType)) {
            return DecodeResult::malformed;  // §4.4.1: Message Type comes first
        }
        if (*vendor != 0 || (*bits & kAvpHidden) != 0) {
            continue;
        }
        if (*type == kAttrHostName) {
            emit(FactKind::hostname, text::printable_field(value->rest_chars()));
        } else if (*type == kAttrVendorName) {
            const auto name = text::printable_field(value->rest_chars());
            emit(FactKind::software, name);
            if (!name.empty()) {
                seen.product = name;
            }
        }
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    auto msg = in;
    const auto flags = msg.be16();
    if (!flags) {
        return in.shortfall();
    }
    const unsigned version = *flags & 0x000FU;
    const bool control = (*flags & kFlagType) != 0;
    if (version != 2 && version != 3) {
        return DecodeResult::not_mine;
    }
    if (control && ((*flags & (kFlagLength | kFlagSequence)) != (kFlagLength | kFlagSequence) ||
                    (*flags & kFlagOffset) != 0)) {
        return DecodeResult::malformed;  // RFC 2661 §3.1 control message bits
    }
    Recognition seen{ServiceClass::vpn, "l2tp", {}, {}};
    if (version == 3 || !control) {
        out.recognise(seen);  // L2TPv3, or v2 data: the header is all we read
        return DecodeResult::decoded;
    }
    const auto length = msg.be16();
    const auto tunnel = msg.be16();
    const auto session = msg.be16();
    const auto ns = msg.be16();
    const auto nr = msg.be16();
    if (!length || !tunnel || !session || !ns || !nr) {
        return msg.shortfall();
    }
    if (*length < 12) {
        return DecodeResult::malformed;  // the length counts the 12-byte header
    }
    auto avps = in.take_captured(*length);
    if (!avps || !avps->skip(12)) {
        return in.shortfall();
    }
    const DecodeResult r = read_avps(avps->take_rest(), ctx, out, seen);
    out.recognise(seen);
    return r;
}

}  // namespace daicho::collectors::l2tp
