// IKE: the fixed header of IKEv1 (ISAKMP) and IKEv2 messages and the Vendor-ID payloads
// that name the implementation.
// Refs: RFC 2408 §3.1 (ISAKMP header: initiator cookie 8, responder cookie 8, next payload,
//   major/minor version, exchange type, flags (E = 0x01 encrypted), message id, length
//   including the header), §3.2 (generic payload header: next payload, reserved, payload
//   length including the 4-byte header), §3.16 (Vendor ID payload, type 13); RFC 7296 §3.1
//   (IKEv2 header: version 2.0, exchange types 34-37, flags I 0x08 / V 0x10 / R 0x20, the
//   initiator SPI never zero), §3.2, §3.12 (Vendor ID, type 43), §3.14 (Encrypted payload,
//   type 46: nothing after it is clear text); RFC 7383 §2.5 (Encrypted Fragment, type 53);
//   RFC 3948 §2.2 (UDP 4500: a 4-byte zero non-ESP marker precedes IKE), §2.3 (the one-byte
//   0xFF NAT-keepalive); IANA "IKEv2 Exchange Types" (38 IKE_SESSION_RESUME .. 44).
// Facts, about the sender: FactKind::protocol_version "ikev1" / "ikev2"; FactKind::software
//   "<product> <version>" for a Vendor ID of collectors/data/ike_vendor_ids.tsv.
// Recognition: vpn, protocol ikev1/ikev2, product and version from the first Vendor ID that
//   names one. A NAT-keepalive on 4500 is recognised as vpn "ipsec-nat-t".
// Not mine: on 4500 a datagram whose first four bytes are not zero (ESP, the esp_udp row).
// Ignored: every payload but Vendor ID; the contents of encrypted messages.

#include "proto/ike/ike.h"

#include <algorithm>

#include "proto/common/emitter.h"
#include "proto/common/text.h"
#include "proto/ike/vendor_ids.h"

namespace daicho::collectors::ike {
namespace {

constexpr std::size_t kHeaderBytes = 28;
constexpr std::uint8_t kV1VendorId = 13;
constexpr std::uint8_t kV2VendorId = 43;
constexpr std::uint8_t kV2Encrypted = 46;
constexpr std::uint8_t kV2EncryptedFragment = 53;
constexpr std::uint8_t kV1FlagEncrypted = 0x01;

bool known_exchange(std::uint8_t major, std::uint8_t type) noexcept {
    if (major == 2) {
        return type >= 34 && type <= 44;  // IKE_SA_INIT .. IKE_FOLLOWUP_KE
    }
    // RFC 2408 §4.1 (0-5), RFC 2409 §5.5/§5.6 (32 quick mode, 33 new group); 0 is reserved.
    return (type >= 1 && type <= 5) || type == 32 || type == 33;
}

const VendorId* lookup(const ByteReader& vid) noexcept {
    for (const auto& v : kVendorIds) {
        if (vid.remaining() < v.size || (!v.prefix && vid.remaining() != v.size)) {
            continue;
        }
        auto bytes = vid;
        bool same = true;
        for (std::size_t i = 0; i < v.size && same; ++i) {
            same = bytes.u8() == v.bytes.at(i);
        }
        if (same) {
            return &v;
        }
    }
    return nullptr;
}

DecodeResult read_message(ByteReader in, const PacketContext& ctx, ObservationSink& out,
                          std::string_view source) noexcept {
    auto hdr = in.take(kHeaderBytes);
    if (!hdr) {
        return in.shortfall();
    }
    const auto spi_i = hdr->be64();
    const auto spi_r = hdr->be64();
    const auto first_payload = hdr->u8();
    const auto version = hdr->u8();
    const auto exchange = hdr->u8();
    const auto flags = hdr->u8();
    const auto message_id = hdr->be32();
    const auto length = hdr->be32();
    if (!spi_i || !spi_r || !first_payload || !version || !exchange || !flags || !message_id ||
        !length) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 28 bytes
    }
    const auto major = static_cast<std::uint8_t>(*version >> 4U);
    if ((major != 1 && major != 2) || *spi_i == 0 || !known_exchange(major, *exchange) ||
        *length < kHeaderBytes) {
        return DecodeResult::malformed;
    }
    auto body = in.take_captured(*length - kHeaderBytes);
    if (!body) {
        return in.shortfall();  // the message is longer than the datagram
    }
    const std::string_view protocol = major == 2 ? "ikev2" : "ikev1";
    const Emitter emit(ctx, out, source);
    emit(FactKind::protocol_version, protocol);
    Recognition seen{ServiceClass::vpn, protocol, {}, {}};
    DecodeResult result = DecodeResult::decoded;
    const bool encrypted = major == 1 && (*flags & kV1FlagEncrypted) != 0;
    std::uint8_t next = encrypted ? 0 : *first_payload;
    const std::uint8_t vendor_id = major == 2 ? kV2VendorId : kV1VendorId;
    for (std::size_t n = 0; next != 0; ++n) {
        if (major == 2 && (next == kV2Encrypted || next == kV2EncryptedFragment)) {
            break;  // the rest is cipher text
        }
        if (n >= kMaxPayloads) {
            result = DecodeResult::limited;
            break;
        }
        const auto following = body->u8();
        const auto reserved = body->u8();
        const auto payload_len = body->be16();
        if (!following || !reserved || !payload_len) {
            result = body->shortfall();
            break;
        }
        if (*payload_len < 4) {
            result = DecodeResult::malformed;  // RFC 7296 §3.2: the length counts the header
            break;
        }
        auto payload = body->take(*payload_len - 4U);
        if (!payload) {
            result = body->shortfall();
            break;
        }
        if (next == vendor_id) {
            if (const VendorId* v = lookup(*payload); v != nullptr) {
                if (seen.product.empty()) {
                    seen.product = v->product;
                    seen.version = v->version;
                }
                text::FixedText<64> software;
                software.append(v->product);
                if (!v->version.empty()) {
                    software.put(' ');
                    software.append(v->version);
                }
                emit.copy(FactKind::software, software.view());
            }
        }
        next = *following;
    }
    out.recognise(seen);
    return result;
}

}  // namespace

DecodeResult decode_nat_t(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    if (in.remaining() == 1 && in.peek_u8() == 0xFF) {
        out.recognise({ServiceClass::vpn, "ipsec-nat-t", {}, {}});
        return DecodeResult::decoded;  // RFC 3948 §2.3 NAT-keepalive
    }
    auto marker = in;
    const auto word = marker.be32();
    if (!word) {
        return in.shortfall();
    }
    if (*word != 0) {
        return DecodeResult::not_mine;  // ESP in UDP: the esp_udp row
    }
    return read_message(marker, ctx, out, kNameNatT);
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    return read_message(in, ctx, out, kName);
}

}  // namespace daicho::collectors::ike
