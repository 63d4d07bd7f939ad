// SNMP v1 and v2c messages: version, PDU type and, in responses, the MIB-II system group.
// Refs: RFC 1157 §4 (v1 Message, PDUs, Trap-PDU with enterprise and agent-addr);
//   RFC 1901 §3 and RFC 3584 §2.1 (v2c Message: the v1 layout with version 1);
//   RFC 3416 §3 (PDU tags A0-A8, GetBulk, v2 Trap, Inform, Report); RFC 3412 §6 (v3 message
//   starts with msgVersion 3); RFC 3418 §2 / RFC 1213 §6.3 (system group: sysDescr .1.1,
//   sysObjectID .1.2, sysContact .1.4, sysName .1.5, sysLocation .1.6); RFC 3805 §6 (Printer
//   MIB prtGeneralSerialNumber); RFC 2790 §6 (HOST-RESOURCES-MIB hrDeviceDescr); BER per ber.h.
// Facts (subject: the sender): protocol_version "snmpv1" / "snmpv2c" / "snmpv3"; finding
//   "snmpv1-community-cleartext" / "snmpv2c-community-cleartext" (every v1/v2c message);
//   role "snmp-agent" + service "udp/<source port>" for GetResponse and Report (role
//   "snmp-trap-receiver" + "udp/162" when it comes from port 162: an Inform's ack), role
//   "snmp-manager" for GetRequest/GetNext/Set/GetBulk, role "snmp-trap-sender" for Trap,
//   SNMPv2-Trap and Inform; from GetResponse varbinds (not an Inform's ack): system_description
//   (sysDescr.0), object_id (sysObjectID.0 as dotted text), contact, system_name, location,
//   serial_number (RFC 3805 prtGeneralSerialNumber.<i>), device_description (RFC 2790
//   hrDeviceDescr.<i>: every row, a printer's model as well as a CPU's name), interface_mac
//   and interface_address (ifPhysAddress, ipAddrTable, ipAddressTable: interfaces.cpp); from a
//   v1 Trap: object_id (enterprise) and management_address (agent-addr, unless 0.0.0.0).
// Ignored, by design: the community string is read and never emitted or stored (it is a
//   password; the finding says it was sent in clear); v3 (its PDU is usually encrypted;
//   `unsupported` after the version fact); every other varbind (counters, other table columns);
//   the error status, request IDs and varbind values that are not OCTET STRING / OID.

#include "proto/snmp/snmp.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/outcome.h"
#include "proto/snmp/ber.h"
#include "proto/snmp/interfaces.h"

namespace daicho::collectors::snmp {
namespace {

constexpr std::int64_t kVersion1 = 0;   // RFC 1157 §4
constexpr std::int64_t kVersion2c = 1;  // RFC 1901 §3
constexpr std::int64_t kVersion3 = 3;   // RFC 3412 §6

// RFC 3416 §3 / RFC 1157 §4 context-specific constructed PDU tags.
constexpr std::uint8_t kGetRequest = 0xA0;
constexpr std::uint8_t kGetNextRequest = 0xA1;
constexpr std::uint8_t kGetResponse = 0xA2;
constexpr std::uint8_t kSetRequest = 0xA3;
constexpr std::uint8_t kTrapV1 = 0xA4;
constexpr std::uint8_t kGetBulkRequest = 0xA5;
constexpr std::uint8_t kInformRequest = 0xA6;
constexpr std::uint8_t kTrapV2 = 0xA7;
constexpr std::uint8_t kReport = 0xA8;

constexpr std::uint16_t kTrapPort = 162;  // RFC 3417 §3: snmpTrap / notification receiver

// BER contents of the system group instance OIDs (1.3.6.1.2.1.1.<n>.0).
constexpr std::string_view kSysPrefix{"\x2b\x06\x01\x02\x01\x01", 6};
constexpr std::uint8_t kSysDescr = 1;
constexpr std::uint8_t kSysObjectId = 2;
constexpr std::uint8_t kSysContact = 4;
constexpr std::uint8_t kSysName = 5;
constexpr std::uint8_t kSysLocation = 6;

// An OID value as dotted text. Returns malformed / limited from ber::oid_text (nothing is
// emitted then: a cut or broken OID names nothing).
DecodeResult emit_oid(const PacketContext& ctx, ObservationSink& out, FactKind kind,
                      ByteReader value) noexcept {
    const Emitter emit(ctx, out, kName);
    ber::OidText text;
    const DecodeResult r = ber::oid_text(value, text);
    if (r != DecodeResult::decoded) {
        return r;
    }
    emit.copy(kind, text.view());
    return DecodeResult::decoded;
}

// Table columns whose cells name the device, by the BER contents of the column OID; the
// instance after it is one index (hrDeviceIndex).
struct Column {
    std::string_view prefix;
    FactKind kind;
};
constexpr std::array<Column, 2> kColumns{{
    // RFC 3805 §6 prtGeneralSerialNumber 1.3.6.1.2.1.43.5.1.1.17
    {std::string_view("\x2b\x06\x01\x02\x01\x2b\x05\x01\x01\x11", 10), FactKind::serial_number},
    // RFC 2790 §6 hrDeviceDescr 1.3.6.1.2.1.25.3.2.1.3
    {std::string_view("\x2b\x06\x01\x02\x01\x19\x03\x02\x01\x03", 10),
     FactKind::device_description},
}};
constexpr std::size_t kMaxIndexBytes = 5;  // one sub-identifier of up to 32 bits (X.690 §8.19)

// True when `rest` is exactly one BER sub-identifier (X.690 §8.19.2: base 128, the last octet
// with bit 8 clear).
bool one_subidentifier(ByteReader rest) noexcept {
    if (rest.empty() || rest.remaining() > kMaxIndexBytes) {
        return false;
    }
    while (!rest.empty()) {
        const auto b = rest.u8();
        if (!b) {
            return false;
        }
        if ((*b & 0x80U) == 0) {
            return rest.empty();
        }
    }
    return false;
}

// A cell of a column of kColumns with text in it: one fact.
void interpret_column(ByteReader name, const ber::Element& value, const Emitter& emit) noexcept {
    for (const auto& column : kColumns) {
        auto rest = name;
        if (!rest.starts_with(column.prefix) || !rest.skip(column.prefix.size()) ||
            !one_subidentifier(rest)) {
            continue;
        }
        if (value.tag == ber::kOctetString) {
            emit(column.kind, value.value.rest_chars());  // empty text: no fact (Emitter)
        }
        return;
    }
}

// One VarBind ::= SEQUENCE { name OBJECT IDENTIFIER, value ANY } from a GetResponse.
DecodeResult interpret_varbind(ByteReader name, const ber::Element& value, const PacketContext& ctx,
                               ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    interpret_column(name, value, emit);
    interpret_interface_cell(name, value, emit);
    if (name.size() != kSysPrefix.size() + 2 || !name.starts_with(kSysPrefix) ||
        !name.skip(kSysPrefix.size())) {
        return DecodeResult::decoded;
    }
    const auto leaf = name.u8();
    const auto instance = name.u8();
    if (!leaf || !instance || *instance != 0) {
        return DecodeResult::decoded;
    }
    if (*leaf == kSysObjectId) {
        return value.tag == ber::kOid ? emit_oid(ctx, out, FactKind::object_id, value.value)
                                      : DecodeResult::decoded;
    }
    if (value.tag != ber::kOctetString || value.value.empty()) {
        return DecodeResult::decoded;  // NULL, noSuchObject/noSuchInstance/endOfMibView, wrong
                                       // types: nothing said
    }
    const auto text = value.value.rest_chars();
    switch (*leaf) {
        case kSysDescr:
            emit(FactKind::system_description, text);
            break;
        case kSysContact:
            emit(FactKind::contact, text);
            break;
        case kSysName:
            emit(FactKind::system_name, text);
            break;
        case kSysLocation:
            emit(FactKind::location, text);
            break;
        default:
            break;
    }
    return DecodeResult::decoded;
}

// VarBindList ::= SEQUENCE OF VarBind (RFC 3416 §3). Facts only from GetResponse.
DecodeResult read_varbinds(ByteReader& pdu, bool interpret, const PacketContext& ctx,
                           ObservationSink& out) noexcept {
    ber::Element list;
    if (const auto r = ber::read(pdu, list, true); r != DecodeResult::decoded) {
        return r;
    }
    if (list.tag != ber::kSequence) {
        return DecodeResult::malformed;
    }
    std::size_t seen = 0;
    DecodeResult result = DecodeResult::decoded;  // worst OID-value result so far
    while (!list.value.empty()) {
        if (seen >= kMaxSnmpVarbinds) {
            return worse(result, DecodeResult::limited);
        }
        ++seen;
        ber::Element varbind;
        if (const auto r = ber::read(list.value, varbind); r != DecodeResult::decoded) {
            return r;
        }
        ber::Element name;
        ber::Element value;
        if (varbind.tag != ber::kSequence ||
            ber::read(varbind.value, name) != DecodeResult::decoded || name.tag != ber::kOid ||
            ber::read(varbind.value, value) != DecodeResult::decoded || !varbind.value.empty()) {
            return DecodeResult::malformed;  // a VarBind is exactly { name, value }
        }
        if (interpret) {
            result = worse(result, interpret_varbind(name.value, value, ctx, out));
        }
    }
    return list.partial ? DecodeResult::truncated : result;
}

// RFC 1157 §4.1.6 Trap-PDU head: enterprise, agent-addr, generic-trap, specific-trap,
// time-stamp. Returns the structural result; oid_result says how the enterprise OID went.
DecodeResult read_trap_v1_head(ByteReader& pdu, const PacketContext& ctx, ObservationSink& out,
                               DecodeResult& oid_result) noexcept {
    const Emitter emit(ctx, out, kName);
    ber::Element enterprise;
    if (const auto r = ber::read(pdu, enterprise); r != DecodeResult::decoded) {
        return r;
    }
    if (enterprise.tag != ber::kOid) {
        return DecodeResult::malformed;
    }
    oid_result = emit_oid(ctx, out, FactKind::object_id, enterprise.value);
    ber::Element agent_addr;
    if (const auto r = ber::read(pdu, agent_addr); r != DecodeResult::decoded) {
        return r;
    }
    if (agent_addr.tag != ber::kIpAddress || agent_addr.value.size() != 4) {
        return DecodeResult::malformed;  // NetworkAddress: IpAddress, 4 octets
    }
    if (const auto a = agent_addr.value.array<4>(); a && *a != std::array<std::uint8_t, 4>{}) {
        std::array<char, 16> buf{};
        std::size_t n = 0;
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (i != 0) {
                buf.at(n++) = '.';
            }
            const auto r = std::to_chars(buf.data() + n, buf.data() + buf.size(), a->at(i));
            n = static_cast<std::size_t>(r.ptr - buf.data());
        }
        emit.copy(FactKind::management_address, std::string_view(buf.data(), n));
    }
    for (int i = 0; i < 3; ++i) {  // generic-trap, specific-trap, time-stamp: not read
        ber::Element skipped;
        if (const auto r = ber::read(pdu, skipped); r != DecodeResult::decoded) {
            return r;
        }
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto first = in.peek_u8();
    if (!first) {
        return in.shortfall();
    }
    if (*first != ber::kSequence) {
        return DecodeResult::not_mine;  // every SNMP message is a SEQUENCE
    }
    ber::Element message;
    if (const auto r = ber::read(in, message, true); r != DecodeResult::decoded) {
        return r;
    }
    ByteReader& body = message.value;
    ber::Element version;
    if (const auto r = ber::read(body, version); r != DecodeResult::decoded) {
        return r;
    }
    const auto v = version.tag == ber::kInteger ? ber::integer(version.value) : std::nullopt;
    if (!v) {
        return DecodeResult::malformed;
    }
    if (*v == kVersion3) {
        emit(FactKind::protocol_version, "snmpv3");
        return DecodeResult::unsupported;  // RFC 3412: USM/VACM, usually encrypted
    }
    if (*v != kVersion1 && *v != kVersion2c) {
        return DecodeResult::unsupported;  // v2u, v2* and the like (RFC 1901 §3 note)
    }
    const bool v1 = *v == kVersion1;
    emit(FactKind::protocol_version, v1 ? "snmpv1" : "snmpv2c");

    ber::Element community;  // read so the PDU can be found; never emitted (a password)
    if (const auto r = ber::read(body, community); r != DecodeResult::decoded) {
        return r;
    }
    if (community.tag != ber::kOctetString) {
        return DecodeResult::malformed;
    }
    emit(FactKind::finding, v1 ? "snmpv1-community-cleartext" : "snmpv2c-community-cleartext");

    ber::Element pdu;
    if (const auto r = ber::read(body, pdu, true); r != DecodeResult::decoded) {
        return r;
    }
    bool interpret = false;
    switch (pdu.tag) {
        case kGetResponse:
        case kReport: {
            // RFC 3416 §4.2.7: a Response from the notification port answers an Inform; its
            // varbinds echo the Inform (facts about the agent, not about this sender).
            const bool inform_ack = ctx.transport == Transport::udp && ctx.src_port == kTrapPort;
            emit(FactKind::role, inform_ack ? "snmp-trap-receiver" : "snmp-agent");
            std::array<char, 16> buf{'u', 'd', 'p', '/'};
            const auto r = std::to_chars(buf.data() + 4, buf.data() + buf.size(), ctx.src_port);
            const auto n = static_cast<std::size_t>(r.ptr - buf.data());
            if (ctx.transport == Transport::udp && ctx.src_port != 0) {
                emit.copy(FactKind::service, std::string_view(buf.data(), n));
            }
            interpret = pdu.tag == kGetResponse && !inform_ack;
            break;
        }
        case kGetRequest:
        case kGetNextRequest:
        case kSetRequest:
        case kGetBulkRequest:
            emit(FactKind::role, "snmp-manager");
            break;
        case kTrapV1:
        case kTrapV2:
        case kInformRequest:
            emit(FactKind::role, "snmp-trap-sender");
            break;
        default:
            return DecodeResult::unsupported;  // not a PDU RFC 3416 §3 defines
    }

    DecodeResult result = DecodeResult::decoded;
    DecodeResult enterprise = DecodeResult::decoded;
    if (pdu.tag == kTrapV1) {
        result = read_trap_v1_head(pdu.value, ctx, out, enterprise);
    } else {
        for (int i = 0; i < 3 && result == DecodeResult::decoded; ++i) {
            ber::Element field;  // request-id, error-status/non-repeaters, error-index/max-rep.
            result = ber::read(pdu.value, field);
            if (result == DecodeResult::decoded && field.tag != ber::kInteger) {
                result = DecodeResult::malformed;
            }
        }
    }
    if (result == DecodeResult::decoded) {
        result = read_varbinds(pdu.value, interpret, ctx, out);
    }
    result = worse(result, enterprise);
    if (pdu.partial || message.partial) {
        result = worse(result, DecodeResult::truncated);
    }
    return result;
}

}  // namespace daicho::collectors::snmp
