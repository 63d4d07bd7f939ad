// PPTP control messages: every one carries the magic cookie, and the two that open the
// control connection name the peer's host and vendor.
// Refs: RFC 2637 §2 (header: Length, PPTP Message Type 1 = control, Magic Cookie
//   0x1A2B3C4D, Control Message Type, Reserved0), §2.1 Start-Control-Connection-Request
//   (type 1) and §2.2 -Reply (type 2): 156 bytes, Protocol Version, (Reserved1 | Result and
//   Error Code), Framing and Bearer Capabilities, Maximum Channels, Firmware Revision, Host
//   Name (64 octets, NUL-padded) and Vendor String (64). Control message types run 1-15.
// Facts, about the sender, from a Start-Control-Connection message: FactKind::hostname (Host
//   Name), FactKind::software (Vendor String), FactKind::firmware (Firmware Revision, in
//   decimal).
// Recognition: vpn, protocol "pptp", product the Vendor String, version the firmware revision.

#include "proto/pptp/pptp.h"

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::pptp {
namespace {

constexpr std::uint16_t kControlMessage = 1;
constexpr std::uint16_t kStartRequest = 1;
constexpr std::uint16_t kStartReply = 2;
constexpr std::uint16_t kMaxControlType = 15;
constexpr std::size_t kStartLength = 156;
constexpr std::size_t kNameBytes = 64;

}  // namespace

bool probe(ByteReader in) noexcept {
    const auto length = in.be16();
    const auto type = in.be16();
    const auto cookie = in.be32();
    return length && type && cookie && *type == kControlMessage && *cookie == kMagicCookie;
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const auto length = in.be16();
    if (!length) {
        return in.shortfall();
    }
    if (*length < 12) {
        return DecodeResult::malformed;  // the fixed header alone is 12 bytes
    }
    auto msg = in.take(*length - 2U);
    if (!msg) {
        return in.shortfall();
    }
    const auto type = msg->be16();
    const auto cookie = msg->be32();
    const auto control = msg->be16();
    const auto reserved0 = msg->be16();
    if (!type || !cookie || !control || !reserved0) {
        return DecodeResult::malformed;  // unreachable: the length was checked
    }
    if (*type != kControlMessage || *cookie != kMagicCookie) {
        return DecodeResult::not_mine;
    }
    if (*control == 0 || *control > kMaxControlType) {
        return DecodeResult::malformed;
    }
    Recognition seen{ServiceClass::vpn, "pptp", {}, {}};
    if ((*control == kStartRequest || *control == kStartReply) && *length == kStartLength) {
        // Protocol Version 2, Reserved1 or Result/Error 2, Framing 4, Bearer 4, Channels 2.
        const bool fixed = msg->skip(14);
        const auto firmware = msg->be16();
        const auto host = msg->chars(kNameBytes);
        const auto vendor = msg->chars(kNameBytes);
        if (!fixed || !firmware || !host || !vendor) {
            return DecodeResult::malformed;  // unreachable: 156 bytes hold them
        }
        const Emitter emit(ctx, out, kName);
        emit(FactKind::hostname, text::printable_field(*host));
        const auto vendor_name = text::printable_field(*vendor);
        emit(FactKind::software, vendor_name);
        text::FixedText<8> revision;
        revision.append_uint(*firmware);
        emit.copy(FactKind::firmware, revision.view());
        if (!vendor_name.empty()) {
            seen.product = vendor_name;
            if (const auto stored = out.store(revision.view())) {
                seen.version = *stored;
            }
        }
    } else if (*control == kStartRequest || *control == kStartReply) {
        return DecodeResult::malformed;  // RFC 2637 §2.1: these are 156 bytes
    }
    out.recognise(seen);
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::pptp
