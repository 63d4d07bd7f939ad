// CDP (Cisco Discovery Protocol) versions 1 and 2: device ID, addresses, port, capabilities,
// software version, platform, VTP domain, native VLAN and system name.
// Refs (no public RFC): Cisco, "Cisco Discovery Protocol Configuration Guide" (CDP overview,
//   TLV meaning); TLV codes and layouts as decoded by tcpdump print-cdp.c (cdp_tlv_values,
//   cdp_print_addr, cdp_print_prefixes) and Wireshark epan/dissectors/packet-cdp.c
//   (type_vals, TYPE_*; dissect_address_tlv; capability bits); NLPID 0xCC = IPv4 per
//   ISO/IEC TR 9577; 802.2 SNAP protocol AA AA 03 00 00 00 86 DD = IPv6.
// Facts (subject: the frame's sender): system_name (Device ID 0x0001, System Name 0x0014),
//   management_address (Addresses 0x0002, Management Addresses 0x0016; IPv4/IPv6, not
//   0.0.0.0 / ::, which switches send when they have no address), port_id (0x0003),
//   capability (0x0004: router, trans-bridge, source-route-bridge, switch, host, igmp,
//   repeater, phone, remote, cvta, mac-relay), system_description (0x0005, verbatim with
//   its newlines), platform (0x0006), vlan_announced "vtp-domain=<name>" (0x0009) and
//   "native-vlan=<n>" (0x000a).
// Ignored: the checksum (not verified: CDP uses the IP checksum over an odd-length tail in
//   a way implementations disagree on (tcpdump does not check it either), and a bad checksum
//   says nothing about identity), the TTL, protocol hello, duplex, power, trust and every
//   other TLV (skipped by length).
//
//   0        1        2                 4
//   +--------+--------+-----------------+
//   |version |  TTL   |    checksum     |   version 1 or 2, TTL in seconds
//   +--------+--------+-----------------+
//   |      type       |     length      |   length counts these 4 octets too (>= 4)
//   +-----------------+-----------------+
//   |   value (length - 4 octets) ...   |   repeated to the end of the frame
//
//   Addresses value: | count (4) | { ptype (1) | plen (1) | protocol (plen) |
//                                    alen (2) | address (alen) } x count |

#include "proto/cdp/cdp.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::cdp {
namespace {

constexpr std::uint16_t kTlvDeviceId = 0x0001;
constexpr std::uint16_t kTlvAddresses = 0x0002;
constexpr std::uint16_t kTlvPortId = 0x0003;
constexpr std::uint16_t kTlvCapabilities = 0x0004;
constexpr std::uint16_t kTlvSoftwareVersion = 0x0005;
constexpr std::uint16_t kTlvPlatform = 0x0006;
constexpr std::uint16_t kTlvVtpDomain = 0x0009;
constexpr std::uint16_t kTlvNativeVlan = 0x000a;
constexpr std::uint16_t kTlvSystemName = 0x0014;
constexpr std::uint16_t kTlvManagementAddresses = 0x0016;
constexpr std::size_t kTlvHeader = 4;

constexpr std::uint8_t kProtoNlpid = 1;  // address protocol type
constexpr std::uint8_t kProto8022 = 2;
constexpr std::uint8_t kNlpidIpv4 = 0xCC;
constexpr std::string_view kSnapIpv6{"\xAA\xAA\x03\x00\x00\x00\x86\xDD", 8};

// Wireshark packet-cdp.c capability flags, bit 0 (LSB) first.
constexpr std::array<std::string_view, 11> kCapabilityNames{
    "router", "trans-bridge", "source-route-bridge", "switch", "host", "igmp", "repeater", "phone",
    "remote", "cvta",         "mac-relay",
};

using Text = text::FixedText<64>;
using text::append_ipv6;

void emit_string(const PacketContext& ctx, ObservationSink& out, FactKind kind,
                 std::string_view value) noexcept {
    const Emitter emit(ctx, out, kName);
    value = value.substr(0, value.find('\0'));  // a C string's terminator and stale bytes
    if (!value.empty()) {
        emit(kind, value);
    }
}

// One address entry; emits an IPv4 or IPv6 management_address.
DecodeResult read_address(ByteReader& list, const PacketContext& ctx,
                          ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto ptype = list.u8();
    const auto plen = list.u8();
    if (!ptype || !plen) {
        return DecodeResult::malformed;
    }
    const auto protocol = list.chars(*plen);
    const auto alen = protocol ? list.be16() : std::nullopt;
    if (!alen) {
        return DecodeResult::malformed;  // protocol length past the TLV
    }
    auto address = list.take(*alen);
    if (!address) {
        return DecodeResult::malformed;  // address length past the TLV
    }
    Text text;
    if (*ptype == kProtoNlpid && protocol->size() == 1 &&
        static_cast<std::uint8_t>(protocol->front()) == kNlpidIpv4 && *alen == 4) {
        const auto a = address->array<4>();
        if (!a || (*a == std::array<std::uint8_t, 4>{})) {
            return DecodeResult::decoded;  // 0.0.0.0: no address configured
        }
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (i != 0) {
                text.append(".");
            }
            text.append_uint(a->at(i));
        }
        emit.copy(FactKind::management_address, text.view());
    } else if (*ptype == kProto8022 && *protocol == kSnapIpv6 && *alen == 16) {
        const auto a = address->array<16>();
        if (!a || (*a == std::array<std::uint8_t, 16>{})) {
            return DecodeResult::decoded;
        }
        append_ipv6(text, *a);
        emit.copy(FactKind::management_address, text.view());
    }
    return DecodeResult::decoded;  // other protocols (CLNS, DECnet, ...): skipped
}

DecodeResult read_addresses(ByteReader value, const PacketContext& ctx,
                            ObservationSink& out) noexcept {
    const auto count = value.be32();
    if (!count) {
        return DecodeResult::malformed;
    }
    for (std::uint32_t i = 0; i < *count; ++i) {
        if (i >= kMaxCdpAddresses) {
            return DecodeResult::limited;
        }
        const DecodeResult r = read_address(value, ctx, out);
        if (r != DecodeResult::decoded) {
            return r;
        }
    }
    return DecodeResult::decoded;
}

DecodeResult read_tlv(std::uint16_t type, ByteReader value, const PacketContext& ctx,
                      ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    switch (type) {
        case kTlvDeviceId:
        case kTlvSystemName:
            emit_string(ctx, out, FactKind::system_name, value.rest_chars());
            return DecodeResult::decoded;
        case kTlvPortId:
            emit_string(ctx, out, FactKind::port_id, value.rest_chars());
            return DecodeResult::decoded;
        case kTlvSoftwareVersion:
            emit_string(ctx, out, FactKind::system_description, value.rest_chars());
            return DecodeResult::decoded;
        case kTlvPlatform:
            emit_string(ctx, out, FactKind::platform, value.rest_chars());
            return DecodeResult::decoded;
        case kTlvAddresses:
        case kTlvManagementAddresses:
            return read_addresses(value, ctx, out);
        case kTlvCapabilities: {
            const auto bits = value.be32();
            if (!bits || !value.empty()) {
                return DecodeResult::malformed;  // a 4-octet bitmask
            }
            for (std::size_t bit = 0; bit < kCapabilityNames.size(); ++bit) {
                if ((*bits >> bit) & 1U) {
                    emit(FactKind::capability, kCapabilityNames.at(bit));
                }
            }
            return DecodeResult::decoded;
        }
        case kTlvVtpDomain: {
            auto name = value.rest_chars();
            name = name.substr(0, name.find('\0'));
            if (name.empty()) {
                return DecodeResult::decoded;  // no VTP domain configured
            }
            std::array<char, 11 + kMaxValueBytes> buf{};
            constexpr std::string_view kPrefix = "vtp-domain=";
            if (name.size() > kMaxValueBytes) {
                name = name.substr(0, kMaxValueBytes);
            }
            kPrefix.copy(buf.data(), kPrefix.size());
            name.copy(buf.data() + kPrefix.size(), name.size());
            if (const auto stored =
                    out.store(std::string_view(buf.data(), kPrefix.size() + name.size()))) {
                emit(FactKind::vlan_announced, *stored);
            }
            return DecodeResult::decoded;
        }
        case kTlvNativeVlan: {
            const auto vlan = value.be16();
            if (!vlan || !value.empty()) {
                return DecodeResult::malformed;  // a 2-octet VLAN ID
            }
            Text text;
            text.append("native-vlan=");
            text.append_uint(*vlan);
            emit.copy(FactKind::vlan_announced, text.view());
            return DecodeResult::decoded;
        }
        default:
            return DecodeResult::decoded;  // skipped by length
    }
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    auto header = in.take(4);
    if (!header) {
        return in.shortfall();
    }
    const auto version = header->u8();
    const auto ttl = header->u8();
    const auto checksum = header->be16();
    if (!version || !ttl || !checksum) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 4 bytes
    }
    if (*version != 1 && *version != 2) {
        return DecodeResult::unsupported;
    }
    DecodeResult result = DecodeResult::decoded;
    std::size_t seen = 0;
    while (!in.empty()) {
        if (seen >= kMaxCdpTlvs) {
            return result == DecodeResult::decoded ? DecodeResult::limited : result;
        }
        ++seen;
        const auto type = in.peek_be16(0);
        const auto length = in.peek_be16(2);
        if (!type || !length) {
            return in.shortfall();
        }
        if (*length < kTlvHeader) {
            return DecodeResult::malformed;  // the length counts the TLV header itself
        }
        auto tlv = in.take(*length);
        if (!tlv) {
            return in.shortfall();
        }
        if (!tlv->skip(kTlvHeader)) {
            return DecodeResult::malformed;  // unreachable: length >= 4
        }
        const DecodeResult r = read_tlv(*type, *tlv, ctx, out);
        if (r == DecodeResult::malformed ||
            (r == DecodeResult::limited && result == DecodeResult::decoded)) {
            result = r;  // the TLV is dropped; the others still count
        }
    }
    return result;
}

}  // namespace daicho::collectors::cdp
