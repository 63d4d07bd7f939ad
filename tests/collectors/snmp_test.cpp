// SNMP v1/v2c (RFC 1157, RFC 3416, RFC 1901) with BER per X.690: version, roles, findings,
// the system group from responses, traps, v3, BER rules, the varbind limit, hostile strings,
// and that the community string never reaches a fact.

#include "fixtures/snmp.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "decode_helpers.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

std::vector<std::string> values(const Decoded& d, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}
bool has(const Decoded& d, FactKind kind, const std::string& value) {
    const auto v = values(d, kind);
    return std::find(v.begin(), v.end(), value) != v.end();
}
bool mentions(const Decoded& d, const std::string& needle) {
    return std::any_of(d.facts.begin(), d.facts.end(),
                       [&](const Fact& f) { return f.value.find(needle) != std::string::npos; });
}

using Bytes = std::vector<std::byte>;

// BER TLV with a definite length (short or long form).
Bytes ber(std::uint8_t tag, const Bytes& content) {
    Bytes out{static_cast<std::byte>(tag)};
    const std::size_t n = content.size();
    if (n < 128) {
        out.push_back(static_cast<std::byte>(n));
    } else if (n < 256) {
        out.push_back(std::byte{0x81});
        out.push_back(static_cast<std::byte>(n));
    } else {
        out.push_back(std::byte{0x82});
        out.push_back(static_cast<std::byte>(n >> 8U));
        out.push_back(static_cast<std::byte>(n & 0xFFU));
    }
    append(out, content);
    return out;
}
Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) {
        append(out, p);
    }
    return out;
}
Bytes octets(const std::string& s) { return ber(0x04, bytes_of(s)); }
Bytes sys_oid(unsigned leaf) {
    return ber(0x06, hex("2b 06 01 02 01 01 0" + std::to_string(leaf) + " 00"));
}
Bytes varbind(const Bytes& name, const Bytes& value) { return ber(0x30, cat({name, value})); }
const Bytes kHead = hex("02 01 01 02 01 00 02 01 00");  // request-id, error-status, index

Bytes message(unsigned version, const std::string& community, std::uint8_t pdu_tag,
              const Bytes& pdu_body) {
    return ber(0x30, cat({ber(0x02, Bytes{static_cast<std::byte>(version)}), octets(community),
                          ber(pdu_tag, pdu_body)}));
}
Bytes response(const Bytes& varbinds, unsigned version = 1,
               const std::string& community = "public") {
    return message(version, community, 0xA2, cat({kHead, ber(0x30, varbinds)}));
}

// Ethernet + IPv4 + UDP sport -> dport around an SNMP message.
Bytes frame(const Bytes& payload, std::uint16_t sport = 161, std::uint16_t dport = 50000) {
    const std::size_t udp_len = 8 + payload.size();
    const std::size_t ip_len = 20 + udp_len;
    auto out = hex("00 aa bb cc dd ee 00 11 22 33 44 66 08 00 45 00");
    out.push_back(static_cast<std::byte>(ip_len >> 8U));
    out.push_back(static_cast<std::byte>(ip_len & 0xFFU));
    append(out, hex("00 01 00 00 40 11 00 00 0a 01 02 1e 0a 01 02 05"));
    for (unsigned v : {unsigned(sport), unsigned(dport), unsigned(udp_len)}) {
        out.push_back(static_cast<std::byte>(v >> 8U));
        out.push_back(static_cast<std::byte>(v & 0xFFU));
    }
    append(out, hex("00 00"));
    append(out, payload);
    return out;
}

}  // namespace

TEST_CASE("SNMPv2c GetResponse: system group, agent role, service, finding", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV2cResponse);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(d.counter("snmp").observations == d.facts.size());
    CHECK(values(d, FactKind::protocol_version) == std::vector<std::string>{"snmpv2c"});
    CHECK(values(d, FactKind::finding) == std::vector<std::string>{"snmpv2c-community-cleartext"});
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"snmp-agent"});
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/161"});
    CHECK(values(d, FactKind::system_description) ==
          std::vector<std::string>{"Linux pacs01 5.10.0-21-amd64 #1 SMP x86_64"});
    CHECK(values(d, FactKind::object_id) == std::vector<std::string>{"1.3.6.1.4.1.8072.3.2.10"});
    CHECK(values(d, FactKind::contact) == std::vector<std::string>{"IT <it@example.org>"});
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"pacs01"});
    CHECK(values(d, FactKind::location) == std::vector<std::string>{"Radiology, room 2"});
    CHECK(d.facts.size() == 9);
    for (const auto& f : d.facts) {
        CHECK(f.source == "snmp");
        CHECK(f.subject.mac == mac("00:11:22:33:44:66"));
        CHECK(f.subject.ip == ip("10.1.2.30"));
    }
}

TEST_CASE("SNMP community string never appears in any fact", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV2cResponse);
    CHECK_FALSE(d.facts.empty());
    CHECK_FALSE(mentions(d, "s3cr3t"));
    for (const auto& fixture : fixtures::kSnmpFrames) {
        const auto e = decode_hex(fixture.hex);
        CHECK_FALSE(mentions(e, "public"));
        CHECK_FALSE(mentions(e, "s3cr3t"));
    }
    // Even when the community looks like a system-group value.
    const auto f = decode_bytes(
        frame(response(varbind(sys_oid(5), octets("n1")), 0, "Linux secret-community")));
    CHECK_FALSE(mentions(f, "secret-community"));
    CHECK(has(f, FactKind::finding, "snmpv1-community-cleartext"));
}

TEST_CASE("SNMPv1 GetRequest: manager role, no system facts from a request", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV1Get);
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::protocol_version) == std::vector<std::string>{"snmpv1"});
    CHECK(values(d, FactKind::finding) == std::vector<std::string>{"snmpv1-community-cleartext"});
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"snmp-manager"});
    CHECK(values(d, FactKind::service).empty());
    CHECK(d.facts.size() == 3);
    // A Set carrying a sysName value is the manager's wish, not the agent's claim.
    const auto set = decode_bytes(frame(
        message(1, "private", 0xA3, cat({kHead, ber(0x30, varbind(sys_oid(5), octets("x")))})),
        50000, 161));
    CHECK(has(set, FactKind::role, "snmp-manager"));
    CHECK(values(set, FactKind::system_name).empty());
}

TEST_CASE("SNMPv1 Trap with a broken enterprise OID: malformed, agent address kept",
          "[collectors][snmp]") {
    const Bytes head = cat({ber(0x06, hex("2b 06 81")), ber(0x40, hex("0a 01 02 28")),
                            hex("02 01 03 02 01 00 43 01 00")});
    const auto d =
        decode_bytes(frame(message(0, "public", 0xA4, cat({head, ber(0x30, {})})), 40001, 162));
    CHECK(d.counter("snmp").malformed == 1);
    CHECK(values(d, FactKind::object_id).empty());
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"10.1.2.40"});
}

TEST_CASE("SNMPv1 Trap: trap sender, enterprise and agent address", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV1Trap);
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"snmp-trap-sender"});
    CHECK(values(d, FactKind::object_id) == std::vector<std::string>{"1.3.6.1.4.1.9.1.516"});
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"10.1.2.40"});
    CHECK(values(d, FactKind::protocol_version) == std::vector<std::string>{"snmpv1"});
}

TEST_CASE("SNMPv2c Trap in a VLAN and Inform: trap sender", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV2cTrapVlan);
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"snmp-trap-sender"});
    REQUIRE(!d.facts.empty());
    CHECK(d.facts[0].subject.vlan == 20);
    const auto inform = decode_bytes(
        frame(message(1, "public", 0xA6, cat({kHead, ber(0x30, Bytes{})})), 40000, 162));
    CHECK(has(inform, FactKind::role, "snmp-trap-sender"));
    const auto bulk = decode_bytes(
        frame(message(1, "public", 0xA5, cat({kHead, ber(0x30, Bytes{})})), 40000, 161));
    CHECK(has(bulk, FactKind::role, "snmp-manager"));
}

TEST_CASE("SNMP Response from port 162 acks an Inform: receiver, echoed varbinds ignored",
          "[collectors][snmp]") {
    const auto d =
        decode_bytes(frame(response(varbind(sys_oid(5), octets("the-agent"))), 162, 40000));
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"snmp-trap-receiver"});
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/162"});
    CHECK(values(d, FactKind::system_name).empty());
}

TEST_CASE("SNMPv3: version fact, then unsupported", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpV3Discovery);
    CHECK(d.counter("snmp").unsupported == 1);
    CHECK(values(d, FactKind::protocol_version) == std::vector<std::string>{"snmpv3"});
    CHECK(d.facts.size() == 1);
}

TEST_CASE("SNMP minimal message and not-SNMP payloads", "[collectors][snmp]") {
    const auto minimal = decode_bytes(frame(response(Bytes{})));
    CHECK(minimal.counter("snmp").decoded == 1);
    CHECK(minimal.facts.size() == 4);  // version, finding, role, service
    const auto other = decode_bytes(frame(bytes_of("GET / HTTP/1.0\r\n")));
    CHECK(other.counter("snmp").not_mine == 1);
    const auto v2 = decode_bytes(frame(message(2, "x", 0xA0, kHead)));
    CHECK(v2.counter("snmp").unsupported == 1);  // SNMPv2u/v2* version 2
    CHECK(v2.facts.empty());
    const auto report = decode_bytes(frame(message(1, "x", 0xA8, cat({kHead, ber(0x30, {})}))));
    CHECK(has(report, FactKind::role, "snmp-agent"));
    const auto unknown = decode_bytes(frame(message(1, "x", 0xA9, kHead)));
    CHECK(unknown.counter("snmp").unsupported == 1);
}

TEST_CASE("SNMP printer: prtGeneralSerialNumber and hrDeviceDescr", "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpPrinterResponse);
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::serial_number) == std::vector<std::string>{"E174M123456"});
    CHECK(values(d, FactKind::device_description) ==
          std::vector<std::string>{"RICOH IM C3000 1.02"});
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:26:73:12:34:56"));  // the agent that answered
        CHECK(f.subject.ip == ip("10.10.3.50"));
    }
    CHECK_FALSE(mentions(d, "public"));
}

TEST_CASE("SNMP table cells: one index, text values, responses only", "[collectors][snmp]") {
    const Bytes serial_col = hex("2b 06 01 02 01 2b 05 01 01 11");
    const Bytes descr_col = hex("2b 06 01 02 01 19 03 02 01 03");
    const auto cell = [](const Bytes& column, const std::string& index_hex) {
        Bytes oid = column;
        append(oid, hex(index_hex));
        return ber(0x06, oid);
    };
    const auto d = decode_bytes(frame(response(cat({
        varbind(cell(descr_col, "86 80 00"), octets("GenuineIntel: Intel(R) Xeon(R)")),  // 98304
        varbind(cell(serial_col, "01"), octets("")),                // empty: no fact
        varbind(cell(serial_col, "01 01"), octets("two indexes")),  // not this column's cell
        varbind(cell(serial_col, "81"), octets("cut index")),       // unfinished sub-identifier
        varbind(cell(serial_col, "81 81 81 81 81 01"), octets("too long")),
        varbind(ber(0x06, serial_col), octets("the column itself")),
        varbind(cell(serial_col, "02"), ber(0x02, hex("05"))),  // INTEGER: not text
    }))));
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::device_description) ==
          std::vector<std::string>{"GenuineIntel: Intel(R) Xeon(R)"});
    CHECK(values(d, FactKind::serial_number).empty());
    // A manager's request naming the same cells says nothing about anyone.
    const auto request = decode_bytes(frame(
        message(1, "public", 0xA0,
                cat({kHead, ber(0x30, varbind(cell(serial_col, "01"), octets("SN-IN-REQUEST")))})),
        50000, 161));
    CHECK(values(request, FactKind::serial_number).empty());
}

TEST_CASE("SNMP interface and address tables: the agent's other MACs and addresses",
          "[collectors][snmp]") {
    const auto d = decode_hex(fixtures::kSnmpInterfaceTables);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("snmp").decoded == 1);
    // Zero-length (loopback) and VRRP (00-00-5E) physical addresses name no interface.
    CHECK(values(d, FactKind::interface_mac) ==
          std::vector<std::string>{"00:1b:54:aa:00:02", "00:1b:54:aa:00:03"});
    // ipAdEntAddr (value IpAddress), ipAdEntIfIndex (address in the index), ipAddressIfIndex
    // for IPv6 and IPv4 (184 and 129 as two-octet sub-identifiers); 127.0.0.1 is not one.
    CHECK(values(d, FactKind::interface_address) ==
          std::vector<std::string>{"10.1.2.1", "10.20.0.1", "10.30.0.1", "2001:db8::1",
                                   "10.40.0.129"});
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:1b:54:aa:00:01"));  // the agent that answered
        CHECK(f.subject.ip == ip("10.1.2.1"));
    }
    CHECK_FALSE(mentions(d, "public"));
}

TEST_CASE("SNMP interface table cells that name no interface say nothing", "[collectors][snmp]") {
    const auto column = [](const std::string& column_hex, const std::string& index_hex) {
        return ber(0x06, hex(column_hex + " " + index_hex));
    };
    const std::string phys = "2b 06 01 02 01 02 02 01 06";
    const std::string ad_addr = "2b 06 01 02 01 04 14 01 01";
    const std::string ad_if = "2b 06 01 02 01 04 14 01 02";
    const std::string addr_if = "2b 06 01 02 01 04 22 01 03";
    const auto d = decode_bytes(frame(response(cat({
        varbind(column(phys, "05"), ber(0x04, hex("00 1b 54 aa"))),              // 4 octets
        varbind(column(phys, "05"), ber(0x04, hex("00 00 00 00 00 00"))),        // zero
        varbind(column(phys, "05"), ber(0x04, hex("01 00 5e 00 00 01"))),        // group
        varbind(column(phys, "05"), ber(0x02, hex("05"))),                       // not a string
        varbind(column(phys, "05 01"), ber(0x04, hex("00 1b 54 aa 00 09"))),     // two indexes
        varbind(column(phys, "85"), ber(0x04, hex("00 1b 54 aa 00 0a"))),        // cut index
        varbind(column(phys, "05"), ber(0x81, {})),                              // noSuchInstance
        varbind(column(ad_addr, "0a 01 02"), ber(0x40, hex("0a 01 02 03"))),    // 3-arc index
        varbind(column(ad_addr, "0a 01 02 03 04"), ber(0x40, hex("0a 01 02 03"))),  // 5 arcs
        varbind(column(ad_addr, "0a 01 82 00 03"), ber(0x40, hex("0a 01 02 03"))),  // arc 256
        varbind(column(ad_addr, "0a 01 02 03"), ber(0x04, hex("0a 01 02 03"))),  // wrong type
        varbind(column(ad_addr, "0a 01 02 03"), ber(0x82, {})),                  // endOfMibView
        varbind(column(ad_if, "0a 01 02 03"), ber(0x40, hex("0a 01 02 03"))),    // wrong type
        varbind(column(ad_addr, "00 00 00 00"), ber(0x40, hex("00 00 00 00"))),  // unspecified
        varbind(column(ad_addr, "81 60 00 00 fb"), ber(0x40, hex("e0 00 00 fb"))),  // multicast
        varbind(column(ad_addr, "81 7f 81 7f 81 7f 81 7f"), ber(0x40, hex("ff ff ff ff"))),
        varbind(column(addr_if, "03 08 0a 01 02 03 00 00 00 01"), ber(0x02, hex("02"))),  // ipv4z
        varbind(column(addr_if, "01 10 0a 01 02 03"), ber(0x02, hex("02"))),  // ipv4 of length 16
        varbind(column(addr_if, "01 04 0a 01 02"), ber(0x02, hex("02"))),     // index cut short
        varbind(column(addr_if, "02 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"),
                ber(0x02, hex("01"))),  // ::1
        varbind(column(addr_if, "02 10 81 7f 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01"),
                ber(0x02, hex("02"))),  // ff02::1
        varbind(column(addr_if, "01 04 0a 01 02 03"), octets("2")),  // ipAddressIfIndex as text
    }))));
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::interface_mac).empty());
    CHECK(values(d, FactKind::interface_address).empty());
    // The same cells in a manager's request say nothing about anyone.
    const auto request = decode_bytes(frame(
        message(1, "public", 0xA0,
                cat({kHead, ber(0x30, varbind(column(ad_addr, "0a 01 02 03"),
                                              ber(0x40, hex("0a 01 02 03"))))})),
        50000, 161));
    CHECK(values(request, FactKind::interface_address).empty());
    // A hostile walk: more cells than one frame may yield facts for; the sink counts the rest.
    Bytes many;
    for (int i = 0; i < 100; ++i) {
        append(many, varbind(column(phys, "0" + std::to_string(i % 10)),
                             ber(0x04, hex("00 1b 54 aa 01 0" + std::to_string(i % 10)))));
    }
    const auto flood = decode_bytes(frame(response(many)));
    CHECK(values(flood, FactKind::interface_mac).size() <
          daicho::collectors::ObservationSink::kMaxPerFrame);
    CHECK_FALSE(values(flood, FactKind::interface_mac).empty());
}

TEST_CASE("SNMP values of the wrong type or instance say nothing", "[collectors][snmp]") {
    const auto d = decode_bytes(frame(response(cat({
        varbind(sys_oid(1), ber(0x05, {})),         // NULL sysDescr
        varbind(sys_oid(5), ber(0x80, {})),         // noSuchObject
        varbind(sys_oid(2), octets("not an OID")),  // sysObjectID as a string
        varbind(ber(0x06, hex("2b 06 01 02 01 01 05 01")), octets("sysName.1")),  // instance 1
        varbind(ber(0x06, hex("2b 06 01 02 01 02 01 00")), octets("ifNumber")),
        varbind(sys_oid(6), octets("")),  // empty location
    }))));
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(values(d, FactKind::system_description).empty());
    CHECK(values(d, FactKind::system_name).empty());
    CHECK(values(d, FactKind::object_id).empty());
    CHECK(values(d, FactKind::location).empty());
}

TEST_CASE("SNMP BER rules", "[collectors][snmp]") {
    SECTION("indefinite length is malformed") {
        const auto d = decode_bytes(frame(hex("30 80 02 01 01 04 00 00 00")));
        CHECK(d.counter("snmp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("five length octets are malformed") {
        const auto d = decode_bytes(frame(hex("30 85 00 00 00 00 05 02 01 01")));
        CHECK(d.counter("snmp").malformed == 1);
    }
    SECTION("high-tag-number form is malformed") {
        const auto d = decode_bytes(frame(hex("30 08 1f 81 00 01 01 04 00 00")));
        CHECK(d.counter("snmp").malformed == 1);
    }
    SECTION("long-form lengths are read") {
        auto msg = hex("30 82 00 13 02 81 01 01 04 00 a0 82 00 09 02 01 01 02 01 00 02 01 00");
        const auto d = decode_bytes(frame(msg, 50000, 161));
        CHECK(has(d, FactKind::protocol_version, "snmpv2c"));
        CHECK(has(d, FactKind::role, "snmp-manager"));
        CHECK(d.counter("snmp").malformed == 1);  // no VarBindList after the head
    }
    SECTION("version that is not an INTEGER") {
        const auto d = decode_bytes(frame(hex("30 05 04 01 01 04 00")));
        CHECK(d.counter("snmp").malformed == 1);
    }
    SECTION("community that is not an OCTET STRING: version kept, no finding") {
        const auto d = decode_bytes(frame(hex("30 06 02 01 00 02 01 00")));
        CHECK(d.counter("snmp").malformed == 1);
        CHECK(values(d, FactKind::finding).empty());
        CHECK(has(d, FactKind::protocol_version, "snmpv1"));
    }
    SECTION("varbind with three elements") {
        const auto d =
            decode_bytes(frame(response(ber(0x30, cat({sys_oid(5), octets("a"), octets("b")})))));
        CHECK(d.counter("snmp").malformed == 1);
        CHECK(values(d, FactKind::system_name).empty());
    }
    SECTION("malformed sysObjectID values name nothing") {
        const auto d = decode_bytes(frame(response(cat({
            varbind(sys_oid(2), ber(0x06, hex("2b 06 81"))),           // last octet continues
            varbind(sys_oid(2), ber(0x06, hex("2b 80 01"))),           // non-minimal
            varbind(sys_oid(2), ber(0x06, hex("2b 90 80 80 80 00"))),  // arc over 32 bits
            varbind(sys_oid(2), ber(0x06, {})),                        // empty
        }))));
        CHECK(values(d, FactKind::object_id).empty());
        CHECK(d.counter("snmp").malformed == 1);
    }
    SECTION("an OID over kMaxOidArcs arcs is not emitted") {
        Bytes arcs = hex("2b");
        for (int i = 0; i < 126; ++i) {  // 2 + 126 = 128 arcs: at the limit, still read
            arcs.push_back(std::byte{0x01});
        }
        const auto at_limit = decode_bytes(frame(response(varbind(sys_oid(2), ber(0x06, arcs)))));
        CHECK(values(at_limit, FactKind::object_id).size() == 1);
        CHECK(at_limit.counter("snmp").decoded == 1);
        for (int i = 0; i < 14; ++i) {
            arcs.push_back(std::byte{0x01});
        }
        const auto d = decode_bytes(frame(response(varbind(sys_oid(2), ber(0x06, arcs)))));
        CHECK(values(d, FactKind::object_id).empty());
        CHECK(d.counter("snmp").limited == 1);  // ber::kMaxOidArcs
    }
    SECTION("large arcs and the 2.x first arc") {
        const auto d = decode_bytes(
            frame(response(varbind(sys_oid(2), ber(0x06, hex("88 37 8f ff ff ff 7f 00"))))));
        CHECK(values(d, FactKind::object_id) == std::vector<std::string>{"2.999.4294967295.0"});
    }
}

TEST_CASE("SNMP length past the end", "[collectors][snmp]") {
    SECTION("inner OCTET STRING claims 16 octets, 2 present: malformed, head facts kept") {
        const auto d =
            decode_bytes(frame(response(ber(0x30, cat({sys_oid(5), hex("04 10 61 62")})))));
        CHECK(d.counter("snmp").malformed == 1);
        CHECK(values(d, FactKind::system_name).empty());
        CHECK(has(d, FactKind::role, "snmp-agent"));
    }
    SECTION("outer SEQUENCE claims more than the datagram: malformed, no facts") {
        auto msg = response(varbind(sys_oid(5), octets("agent-7")));
        msg.pop_back();
        const auto d = decode_bytes(frame(msg));
        CHECK(d.counter("snmp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("capture cut inside a value: the cut value is not a fact, nothing malformed") {
        // The BER reader takes the cut constructed elements as they are (allow_partial) and
        // reports truncated; a cut OCTET STRING is never emitted as a shorter value.
        auto whole = frame(response(varbind(sys_oid(1), octets(std::string(300, 'L')))));
        const auto full_len = static_cast<std::uint32_t>(whole.size());
        whole.resize(whole.size() - 100);
        const auto d = decode_bytes(whole, daicho::collectors::LinkType::ethernet, full_len);
        CHECK(d.counter("snmp").malformed == 0);
        CHECK(d.counter("snmp").truncated == 1);
        CHECK(values(d, FactKind::system_description).empty());
        CHECK(has(d, FactKind::role, "snmp-agent"));  // read before the cut
    }
}

TEST_CASE("SNMP varbind limit: facts before it are kept", "[collectors][snmp]") {
    Bytes list = varbind(sys_oid(5), octets("first"));
    for (int i = 0; i < 200; ++i) {
        append(list, varbind(ber(0x06, hex("2b 06 01 02 01 02 01 00")), ber(0x02, hex("05"))));
    }
    append(list, varbind(sys_oid(6), octets("never")));
    const auto d = decode_bytes(frame(response(list)));
    CHECK(d.counter("snmp").limited == 1);
    CHECK(has(d, FactKind::system_name, "first"));
    CHECK(values(d, FactKind::location).empty());
}

TEST_CASE("SNMP hostile strings are kept verbatim and capped", "[collectors][snmp]") {
    const std::string control("sys\x1b[2J\r\n\x00name", 14);
    const auto d = decode_bytes(frame(response(cat({
        varbind(sys_oid(5), octets(control)),
        varbind(sys_oid(6), octets("=cmd|' /C calc'!A0")),
        varbind(sys_oid(4), octets("\xc3\x28\xff")),
        varbind(sys_oid(1), octets(std::string(2000, 'X'))),
    }))));
    CHECK(d.counter("snmp").decoded == 1);
    CHECK(has(d, FactKind::system_name, control));
    CHECK(has(d, FactKind::location, "=cmd|' /C calc'!A0"));
    CHECK(has(d, FactKind::contact, "\xc3\x28\xff"));
    CHECK(
        has(d, FactKind::system_description, std::string(daicho::collectors::kMaxValueBytes, 'X')));
}
