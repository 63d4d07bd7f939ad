// LLDP: the LLDPDU of IEEE 802.1AB, its mandatory and basic optional TLVs; the
// organizationally specific TLVs are read in lldp_org.cpp.
// Refs: IEEE 802.1AB-2016 clause 8.5 (TLV format: 7-bit type, 9-bit length, §8.4.2),
//   §8.5.1 End Of LLDPDU, §8.5.2 Chassis ID (subtypes Table 8-2), §8.5.3 Port ID (Table 8-3),
//   §8.5.4 Time To Live, §8.5.5 Port Description, §8.5.6 System Name, §8.5.7 System
//   Description, §8.5.8 System Capabilities (Table 8-4), §8.5.9 Management Address;
//   §8.2 and §9.2.7.7.1 (chassis ID, port ID and TTL first, in that order, once each);
//   IANA Address Family Numbers (1 IPv4, 2 IPv6, 6 IEEE 802).
// Facts (subject: the frame's sender, i.e. the port MAC): chassis_id (MAC subtype 4 as
//   aa:bb:cc:dd:ee:ff, network address subtype 5 as an IP, else the raw text), port_id
//   (MAC subtype 3 formatted, network address subtype 4 as an IP, else text),
//   port_description, system_name, system_description, capability (one per ENABLED system
//   capability), management_address (IPv4/IPv6/MAC formatted, else "af<n>:<hex>").
//   Strings are verbatim up to their first NUL (padding; see lldp_text.h strip_nuls).
// Ignored: the TTL value (liveness belongs to the ledger), the management address interface
//   number and OID (rarely filled, not identity), reserved TLV types 9-126 (skipped by
//   length), bytes after the End TLV (Ethernet padding, trailers). A TLV whose own length
//   breaks its rule is dropped and the LLDPDU reported `malformed`; the other TLVs still
//   count, as §9.2.7.7.2 keeps the LLDPDU when an optional TLV is in error.
//
//   TLV:  | type (7 bits) | length (9 bits) | information string (length octets) |

#include "proto/lldp/lldp.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "proto/lldp/lldp_text.h"

namespace daicho::collectors::lldp {
namespace {

using detail::strip_nuls;
using detail::Text;

// IEEE 802.1AB-2016 Table 8-1.
constexpr std::uint8_t kTlvEnd = 0;
constexpr std::uint8_t kTlvChassisId = 1;
constexpr std::uint8_t kTlvPortId = 2;
constexpr std::uint8_t kTlvTtl = 3;
constexpr std::uint8_t kTlvPortDescription = 4;
constexpr std::uint8_t kTlvSystemName = 5;
constexpr std::uint8_t kTlvSystemDescription = 6;
constexpr std::uint8_t kTlvSystemCapabilities = 7;
constexpr std::uint8_t kTlvManagementAddress = 8;
constexpr std::uint8_t kTlvOrgSpecific = 127;

constexpr std::uint8_t kChassisMac = 4;      // Table 8-2
constexpr std::uint8_t kChassisNetwork = 5;  // Table 8-2
constexpr std::uint8_t kPortMac = 3;         // Table 8-3
constexpr std::uint8_t kPortNetwork = 4;     // Table 8-3

// §8.5.8.1, Table 8-4: bit 0 (LSB) first.
constexpr std::array<std::string_view, 11> kCapabilityNames{
    "other",  "repeater", "bridge", "wlan-ap", "router", "telephone",
    "docsis", "station",  "c-vlan", "s-vlan",  "tpmr",
};

// Chassis ID / Port ID: subtype + 1..255 octets (§8.5.2.1, §8.5.3.1).
DecodeResult read_id(ByteReader body, std::uint8_t mac_subtype, std::uint8_t network_subtype,
                     FactKind kind, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto subtype = body.u8();
    if (!subtype || body.empty() || body.remaining() > 255) {
        return DecodeResult::malformed;  // §8.5.2.1 / §8.5.3.1: length 2..256
    }
    Text text;
    if (*subtype == mac_subtype && body.remaining() == 6) {
        detail::append_mac(text, body);
        emit.copy(kind, text.view());
    } else if (*subtype == network_subtype && body.remaining() >= 2) {
        const auto family = body.u8();
        detail::append_network_address(text, *family, body.take_rest());
        emit.copy(kind, text.view());
    } else {
        const auto value = strip_nuls(body.rest_chars());
        if (!value.empty()) {
            emit(kind, value);
        }
    }
    return DecodeResult::decoded;
}

// §8.5.8: system capabilities (2 octets) and enabled capabilities (2 octets).
DecodeResult read_capabilities(ByteReader body, const PacketContext& ctx,
                               ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    if (body.size() != 4) {
        return DecodeResult::malformed;  // §8.5.8: length 4
    }
    const auto supported = body.be16();
    const auto enabled = body.be16();
    if (!supported || !enabled) {
        return DecodeResult::malformed;  // unreachable: 4 octets
    }
    for (std::size_t bit = 0; bit < kCapabilityNames.size(); ++bit) {
        if ((*enabled >> bit) & 1U) {
            emit(FactKind::capability, kCapabilityNames.at(bit));
        }
    }
    return DecodeResult::decoded;
}

// §8.5.9: address string length (1 + address), subtype, address, interface numbering
// subtype (1), interface number (4), OID string length (1), OID (0..128).
DecodeResult read_management_address(ByteReader body, const PacketContext& ctx,
                                     ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto string_len = body.u8();
    if (!string_len || *string_len < 2 || *string_len > 32) {
        return DecodeResult::malformed;  // §8.5.9.2: 2..32
    }
    auto address = body.take(*string_len);
    if (!address || body.remaining() < 6) {
        return DecodeResult::malformed;  // the TLV length and the address length disagree
    }
    const auto family = address->u8();
    if (!family) {
        return DecodeResult::malformed;  // unreachable: at least 2 octets
    }
    if (!body.skip(5)) {
        return DecodeResult::malformed;  // unreachable: checked above
    }
    const auto oid_len = body.u8();
    if (!oid_len || *oid_len > 128 || body.remaining() != *oid_len) {
        return DecodeResult::malformed;  // §8.5.9.8: OID length 0..128, to the end of the TLV
    }
    Text text;
    detail::append_network_address(text, *family, address->take_rest());
    emit.copy(FactKind::management_address, text.view());
    return DecodeResult::decoded;
}

DecodeResult read_string(ByteReader body, FactKind kind, const PacketContext& ctx,
                         ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto value = strip_nuls(body.rest_chars());
    if (!value.empty()) {
        emit(kind, value);
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    DecodeResult result = DecodeResult::decoded;
    std::size_t seen = 0;
    while (true) {
        if (in.empty()) {
            // §8.5.1 (2016): the End TLV is optional; the mandatory three must have come.
            return seen < 3 ? in.shortfall() : result;
        }
        if (seen >= kMaxLldpTlvs) {
            return worse(result, DecodeResult::limited);
        }
        const auto header = in.be16();
        if (!header) {
            return in.shortfall();
        }
        const auto type = static_cast<std::uint8_t>(*header >> 9U);
        const auto length = static_cast<std::size_t>(*header & 0x01FFU);
        auto body = in.take(length);
        if (!body) {
            return worse(result, in.shortfall());
        }
        // §8.2: chassis ID, port ID and TTL are the first three TLVs, in that order, once.
        const bool mandatory = type == kTlvChassisId || type == kTlvPortId || type == kTlvTtl;
        if (seen < 3 ? type != seen + 1 : mandatory) {
            return DecodeResult::malformed;
        }
        ++seen;
        DecodeResult r = DecodeResult::decoded;
        switch (type) {
            case kTlvEnd:
                return length == 0 ? result : DecodeResult::malformed;  // §8.5.1: length 0
            case kTlvChassisId:
                r = read_id(*body, kChassisMac, kChassisNetwork, FactKind::chassis_id, ctx, out);
                if (r != DecodeResult::decoded) {
                    return r;  // §9.2.7.7.1: a bad mandatory TLV discards the LLDPDU
                }
                break;
            case kTlvPortId:
                r = read_id(*body, kPortMac, kPortNetwork, FactKind::port_id, ctx, out);
                if (r != DecodeResult::decoded) {
                    return r;
                }
                break;
            case kTlvTtl:
                if (length != 2) {
                    return DecodeResult::malformed;  // §8.5.4: length 2
                }
                break;
            case kTlvPortDescription:
                r = read_string(*body, FactKind::port_description, ctx, out);
                break;
            case kTlvSystemName:
                r = read_string(*body, FactKind::system_name, ctx, out);
                break;
            case kTlvSystemDescription:
                r = read_string(*body, FactKind::system_description, ctx, out);
                break;
            case kTlvSystemCapabilities:
                r = read_capabilities(*body, ctx, out);
                break;
            case kTlvManagementAddress:
                r = read_management_address(*body, ctx, out);
                break;
            case kTlvOrgSpecific:
                r = detail::read_org_tlv(*body, ctx, out);
                break;
            default:
                break;  // reserved types 9-126: skipped by length
        }
        result = worse(result, r);
    }
}

}  // namespace daicho::collectors::lldp
