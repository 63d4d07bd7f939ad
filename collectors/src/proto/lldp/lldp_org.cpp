// LLDP organizationally specific TLVs (type 127) that name a device or its VLANs.
// Refs: IEEE 802.1AB-2016 §8.6 (OUI + subtype + information string); IEEE 802.1Q-2018
//   Annex D (OUI 00-80-C2): D.2.1 Port VLAN ID (subtype 1), D.2.3 VLAN Name (subtype 3);
//   ANSI/TIA-1057 (LLDP-MED, OUI 00-12-BB) §10.2.2 LLDP-MED Capabilities (subtype 1),
//   §10.2.3 Network Policy (2), §10.2.4 Location Identification (3; civic address per
//   RFC 4776 §3.1 / RFC 5139), §10.2.6 Inventory (5 hardware, 6 firmware, 7 software
//   revision, 8 serial number, 9 manufacturer, 10 model, 11 asset ID); RFC 8520 §10 (MUD URL:
//   IANA OUI 00-00-5E, subtype 1, the URL as the information string).
// Facts (subject: the frame's sender): vlan_announced "pvid=<n>", "vlan <n> name=<name>",
//   "med-policy app=<n> vlan=<vid>"; device_type "lldp-med class=<n>"; location (civic
//   address elements joined with ", " after the country code, or "elin=<digits>");
//   other "hardware-revision=<v>", firmware, software, serial_number, manufacturer, model,
//   asset_id (inventory strings up to their first NUL: see strip_nuls); mud_url (the URL as
//   sent; the policy it names is never fetched: daicho is passive).
// Ignored: IEEE 802.3 (OUI 00-12-0F: MAC/PHY, power via MDI, link aggregation, max frame
//   size: link parameters, not identity); 802.1 port-and-protocol VLAN, protocol identity
//   and later subtypes; LLDP-MED coordinate-based location (a position, not a name) and
//   extended power via MDI; unknown OUIs (skipped by length).

#include <array>
#include <cstdint>
#include <string_view>

#include "proto/lldp/lldp.h"
#include "proto/lldp/lldp_text.h"

namespace daicho::collectors::lldp::detail {
namespace {

constexpr std::uint32_t kOuiIeee8021 = 0x0080C2;  // IEEE 802.1Q Annex D
constexpr std::uint32_t kOuiTiaMed = 0x0012BB;    // ANSI/TIA-1057
constexpr std::uint32_t kOuiIana = 0x00005E;      // RFC 8520 §10 (IANA)
constexpr std::uint8_t kIanaMudUrl = 1;           // RFC 8520 §10: MUD URL subtype

constexpr std::uint8_t kDot1PortVlanId = 1;  // 802.1Q D.2.1
constexpr std::uint8_t kDot1VlanName = 3;    // 802.1Q D.2.3

constexpr std::uint8_t kMedCapabilities = 1;   // TIA-1057 §10.2.2
constexpr std::uint8_t kMedNetworkPolicy = 2;  // §10.2.3
constexpr std::uint8_t kMedLocation = 3;       // §10.2.4
constexpr std::uint8_t kMedHardwareRev = 5;    // §10.2.6.1
constexpr std::uint8_t kMedFirmwareRev = 6;    // §10.2.6.2
constexpr std::uint8_t kMedSoftwareRev = 7;    // §10.2.6.3
constexpr std::uint8_t kMedSerialNumber = 8;   // §10.2.6.4
constexpr std::uint8_t kMedManufacturer = 9;   // §10.2.6.5
constexpr std::uint8_t kMedModel = 10;         // §10.2.6.6
constexpr std::uint8_t kMedAssetId = 11;       // §10.2.6.7
constexpr std::uint8_t kLocationCivic = 2;     // §10.2.4.2 location data format
constexpr std::uint8_t kLocationElin = 3;
constexpr std::size_t kMaxInventoryString = 32;  // §10.2.6.x: 0..32 octets

DecodeResult read_dot1(std::uint8_t subtype, ByteReader body, const PacketContext& ctx,
                       ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    Text text;
    if (subtype == kDot1PortVlanId) {
        const auto pvid = body.be16();
        if (!pvid || !body.empty()) {
            return DecodeResult::malformed;  // D.2.1: TLV length 6
        }
        if (*pvid == 0) {
            return DecodeResult::decoded;  // D.2.1.3: 0 = the port does not support VLANs
        }
        text.append("pvid=");
        text.append_uint(*pvid);
        emit.copy(FactKind::vlan_announced, text.view());
        return DecodeResult::decoded;
    }
    if (subtype == kDot1VlanName) {
        const auto vid = body.be16();
        const auto name_len = body.u8();
        if (!vid || !name_len || *name_len > 32 || body.remaining() != *name_len) {
            return DecodeResult::malformed;  // D.2.3: name length 0..32, to the TLV end
        }
        text.append("vlan ");
        text.append_uint(*vid & 0x0FFFU);
        text.append(" name=");
        text.append(strip_nuls(body.rest_chars()));
        emit.copy(FactKind::vlan_announced, text.view());
        return DecodeResult::decoded;
    }
    return DecodeResult::decoded;  // other 802.1 subtypes: not identity
}

// §10.2.4.3.2 / RFC 4776 §3.1: LCI length, what, country code (2), then CAtype/CAlength/
// CAvalue elements. The value is the country code and the element values, ", "-joined.
DecodeResult read_civic(ByteReader body, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto lci_len = body.u8();
    if (!lci_len || *lci_len < 3) {
        return DecodeResult::malformed;  // what + country code at least
    }
    auto lci = body.take(*lci_len);
    if (!lci) {
        return DecodeResult::malformed;  // LCI length past the TLV
    }
    const auto what = lci->u8();
    const auto country = lci->chars(2);
    if (!what || !country) {
        return DecodeResult::malformed;  // unreachable: at least 3 octets
    }
    Text text;
    text.append(*country);
    DecodeResult r = DecodeResult::decoded;
    std::size_t elements = 0;
    while (!lci->empty()) {
        if (elements >= kMaxCivicElements) {
            r = DecodeResult::limited;
            break;
        }
        ++elements;
        const auto ca_type = lci->u8();
        const auto ca_len = lci->u8();
        if (!ca_type || !ca_len) {
            return DecodeResult::malformed;
        }
        const auto value = lci->chars(*ca_len);
        if (!value) {
            return DecodeResult::malformed;  // CAlength past the LCI
        }
        if (*ca_type == 128) {
            continue;  // RFC 4776 §3.4: script (language tag), not part of the address
        }
        text.append(", ");
        text.append(*value);
    }
    emit.copy(FactKind::location, text.view());
    return r;
}

DecodeResult read_med(std::uint8_t subtype, ByteReader body, const PacketContext& ctx,
                      ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    Text text;
    switch (subtype) {
        case kMedCapabilities: {
            const auto caps = body.be16();
            const auto device_type = body.u8();
            if (!caps || !device_type || !body.empty()) {
                return DecodeResult::malformed;  // §10.2.2: TLV length 7
            }
            text.append("lldp-med class=");
            text.append_uint(*device_type);
            emit.copy(FactKind::device_type, text.view());
            return DecodeResult::decoded;
        }
        case kMedNetworkPolicy: {
            const auto app = body.u8();
            const auto policy = body.be24();
            if (!app || !policy || !body.empty()) {
                return DecodeResult::malformed;  // §10.2.3: TLV length 8
            }
            if ((*policy & 0x800000U) != 0) {
                return DecodeResult::decoded;  // U bit: policy unknown, nothing announced
            }
            text.append("med-policy app=");
            text.append_uint(*app);
            text.append(" vlan=");
            text.append_uint((*policy >> 9U) & 0x0FFFU);  // §10.2.3.5: 12-bit VLAN ID
            emit.copy(FactKind::vlan_announced, text.view());
            return DecodeResult::decoded;
        }
        case kMedLocation: {
            const auto format = body.u8();
            if (!format) {
                return DecodeResult::malformed;
            }
            if (*format == kLocationCivic) {
                return read_civic(body.take_rest(), ctx, out);
            }
            if (*format == kLocationElin && !body.empty()) {
                text.append("elin=");
                text.append(body.rest_chars());
                emit.copy(FactKind::location, text.view());
            }
            return DecodeResult::decoded;  // coordinate-based LCI: not read
        }
        case kMedHardwareRev:
        case kMedFirmwareRev:
        case kMedSoftwareRev:
        case kMedSerialNumber:
        case kMedManufacturer:
        case kMedModel:
        case kMedAssetId:
            break;
        default:
            return DecodeResult::decoded;  // extended power, future subtypes
    }
    if (body.remaining() > kMaxInventoryString) {
        return DecodeResult::malformed;  // §10.2.6.x: 0..32 octets
    }
    const auto value = strip_nuls(body.rest_chars());
    if (value.empty()) {
        return DecodeResult::decoded;
    }
    switch (subtype) {
        case kMedHardwareRev:
            text.append("hardware-revision=");
            text.append(value);
            emit.copy(FactKind::other, text.view());
            break;
        case kMedFirmwareRev:
            emit(FactKind::firmware, value);
            break;
        case kMedSoftwareRev:
            emit(FactKind::software, value);
            break;
        case kMedSerialNumber:
            emit(FactKind::serial_number, value);
            break;
        case kMedManufacturer:
            emit(FactKind::manufacturer, value);
            break;
        case kMedModel:
            emit(FactKind::model, value);
            break;
        default:
            emit(FactKind::asset_id, value);
            break;
    }
    return DecodeResult::decoded;
}

// RFC 8520 §10: the MUD URL, an https URL of 1..255 octets (its LLDP TLV may not hold more).
DecodeResult read_mud_url(ByteReader body, const PacketContext& ctx,
                          ObservationSink& out) noexcept {
    const auto url = body.rest_chars();
    if (url.empty()) {
        return DecodeResult::malformed;  // RFC 8520 §10: the URL is 1..255 octets
    }
    const Emitter emit(ctx, out, kName);
    emit(FactKind::mud_url, url);
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult read_org_tlv(ByteReader body, const PacketContext& ctx,
                          ObservationSink& out) noexcept {
    const auto oui = body.be24();
    const auto subtype = body.u8();
    if (!oui || !subtype) {
        return DecodeResult::malformed;  // §8.6: at least OUI + subtype
    }
    if (*oui == kOuiIeee8021) {
        return read_dot1(*subtype, body.take_rest(), ctx, out);
    }
    if (*oui == kOuiTiaMed) {
        return read_med(*subtype, body.take_rest(), ctx, out);
    }
    if (*oui == kOuiIana && *subtype == kIanaMudUrl) {
        return read_mud_url(body.take_rest(), ctx, out);
    }
    return DecodeResult::decoded;  // IEEE 802.3 and unknown OUIs: skipped
}

}  // namespace daicho::collectors::lldp::detail
