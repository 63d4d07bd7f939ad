// LLDP (IEEE 802.1AB-2016 §8.5, 802.1Q Annex D, ANSI/TIA-1057): facts per TLV, the
// mandatory-TLV rules, length rules, the TLV limit and hostile strings.

#include "fixtures/lldp.h"

#include <algorithm>
#include <catch2/catch.hpp>
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

// One TLV: 7-bit type, 9-bit length, then the bytes.
std::vector<std::byte> tlv(unsigned type, const std::vector<std::byte>& body) {
    std::vector<std::byte> out;
    const unsigned header = (type << 9U) | static_cast<unsigned>(body.size());
    out.push_back(static_cast<std::byte>(header >> 8U));
    out.push_back(static_cast<std::byte>(header & 0xFFU));
    append(out, body);
    return out;
}
std::vector<std::byte> tlv(unsigned type, const std::string& hex_body) {
    return tlv(type, hex(hex_body));
}
std::vector<std::byte> text_tlv(unsigned type, const std::string& text) {
    return tlv(type, bytes_of(text));
}

const std::string kEthernet = "01 80 c2 00 00 0e  00 22 2d 81 db 10  88 cc";
// Chassis ID (MAC 00:22:2d:81:db:10), Port ID (local "1"), TTL 120.
const std::string kMandatory = "02 07 04 00 22 2d 81 db 10   04 02 07 31   06 02 00 78";

std::vector<std::byte> frame(const std::vector<std::vector<std::byte>>& tlvs,
                             const std::string& head = kMandatory) {
    auto out = hex(kEthernet + " " + head);
    for (const auto& t : tlvs) {
        append(out, t);
    }
    return out;
}
const std::vector<std::byte> kEnd = hex("00 00");

}  // namespace

TEST_CASE("LLDP from an SMC switch: chassis, port, names, capability, management address",
          "[collectors][lldp]") {
    const auto d = decode_hex(fixtures::kLldpSmc);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("lldp").decoded == 1);
    CHECK(d.counter("lldp").observations == d.facts.size());
    CHECK(values(d, FactKind::chassis_id) == std::vector<std::string>{"00:22:2d:81:db:10"});
    CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"1"});
    CHECK(values(d, FactKind::port_description) == std::vector<std::string>{"Port #1"});
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"SMCGS8P-Smart"});
    CHECK(values(d, FactKind::system_description) ==
          std::vector<std::string>{"SMCGS8P-Smart - SMCGS8P-Smart v3.20"});
    CHECK(values(d, FactKind::capability) == std::vector<std::string>{"bridge"});
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"192.168.2.10"});
    REQUIRE(d.facts.size() == 7);
    for (const auto& f : d.facts) {
        CHECK(f.source == "lldp");
        CHECK(f.subject.mac == mac("00:22:2d:81:db:10"));
        CHECK(f.subject.has_mac);
        CHECK(f.subject.sensor == 3);
        CHECK(f.evidence.frame_no == 42);
    }
}

TEST_CASE("LLDP-MED phone: network chassis, MAC port, IPv6, VLANs, policy, location, inventory",
          "[collectors][lldp]") {
    const auto d = decode_hex(fixtures::kLldpMedPhone);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("lldp").decoded == 1);
    CHECK(values(d, FactKind::chassis_id) == std::vector<std::string>{"10.20.0.99"});
    CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"00:04:0d:aa:bb:cc"});
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"SEP00040DAABBCC"});
    CHECK(values(d, FactKind::capability) == std::vector<std::string>{"bridge", "telephone"});
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"2001:db8::63"});
    CHECK(values(d, FactKind::vlan_announced) ==
          std::vector<std::string>{"pvid=20", "vlan 100 name=VOICE", "med-policy app=1 vlan=100"});
    CHECK(values(d, FactKind::device_type) == std::vector<std::string>{"lldp-med class=3"});
    CHECK(values(d, FactKind::location) == std::vector<std::string>{"DE, Berlin, Flur3, R101"});
    CHECK(values(d, FactKind::other) == std::vector<std::string>{"hardware-revision=V02"});
    CHECK(values(d, FactKind::firmware) == std::vector<std::string>{"1.0.8.3"});  // NULs gone
    CHECK(values(d, FactKind::software) == std::vector<std::string>{"9.4(2)SR3"});
    CHECK(values(d, FactKind::serial_number) == std::vector<std::string>{"FCH1234ABCD"});
    CHECK(values(d, FactKind::manufacturer) == std::vector<std::string>{"Cisco Systems, Inc."});
    CHECK(values(d, FactKind::model) == std::vector<std::string>{"CP-8845"});
    CHECK(values(d, FactKind::asset_id) == std::vector<std::string>{"INV-0042"});
    CHECK(d.facts.size() == 18);
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:04:0d:aa:bb:cc"));
    }
}

TEST_CASE("LLDP in a VLAN: local chassis, interface-name port, MAC management address",
          "[collectors][lldp]") {
    const auto d = decode_hex(fixtures::kLldpVlanHost);
    CHECK(d.counter("lldp").decoded == 1);
    CHECK(values(d, FactKind::chassis_id) == std::vector<std::string>{"host-a.example"});
    CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"eth0"});
    CHECK(values(d, FactKind::capability) == std::vector<std::string>{"station"});
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"00:1b:21:00:00:01"});
    REQUIRE(!d.facts.empty());
    CHECK(d.facts[0].subject.vlan == 10);
}

TEST_CASE("LLDP minimal LLDPDU: the three mandatory TLVs, with or without End",
          "[collectors][lldp]") {
    const auto with_end = decode_bytes(frame({kEnd}));
    CHECK(with_end.counter("lldp").decoded == 1);
    CHECK(with_end.facts.size() == 2);  // chassis_id, port_id
    const auto without_end = decode_bytes(frame({}));
    CHECK(without_end.counter("lldp").decoded == 1);  // §8.5.1: End is optional (2016)
    CHECK(without_end.facts.size() == 2);
}

TEST_CASE("LLDP chassis ID, port ID and TTL must come first, in order, once",
          "[collectors][lldp]") {
    SECTION("port ID first") {
        const auto d =
            decode_bytes(frame({}, "04 02 07 31  02 07 04 00 22 2d 81 db 10  06 02 00 78"));
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("TTL missing, system name third") {
        const auto d = decode_bytes(frame({}, "02 07 04 00 22 2d 81 db 10  04 02 07 31  0a 01 41"));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("only the chassis ID, whole frame captured") {
        const auto d = decode_bytes(frame({}, "02 07 04 00 22 2d 81 db 10"));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("a second chassis ID") {
        const auto d = decode_bytes(frame({tlv(1, "04 00 11 22 33 44 55"), kEnd}));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("End before the mandatory TLVs") {
        const auto d = decode_bytes(frame({}, "00 00"));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("empty LLDPDU") {
        const auto d = decode_bytes(frame({}, ""));
        CHECK(d.counter("lldp").malformed == 1);
    }
}

TEST_CASE("LLDP bad length fields", "[collectors][lldp]") {
    SECTION("TTL of length 3") {
        const auto d =
            decode_bytes(frame({}, "02 07 04 00 22 2d 81 db 10  04 02 07 31  06 03 00 78 00"));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("chassis ID with a subtype only") {
        const auto d = decode_bytes(frame({}, "02 01 04  04 02 07 31  06 02 00 78"));
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("capabilities of length 2: that TLV dropped, the others kept") {
        const auto d = decode_bytes(frame({tlv(7, "00 04"), text_tlv(5, "sw1"), kEnd}));
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(values(d, FactKind::capability).empty());
        CHECK(has(d, FactKind::system_name, "sw1"));
    }
    SECTION("management address string length past the TLV") {
        const auto d = decode_bytes(frame({tlv(8, "1f 01 c0 a8 02 0a 02 00 00 00 01 00"), kEnd}));
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(values(d, FactKind::management_address).empty());
    }
    SECTION("management address OID length disagrees") {
        const auto d = decode_bytes(frame({tlv(8, "05 01 c0 a8 02 0a 02 00 00 00 01 05"), kEnd}));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("End with a non-zero length") {
        const auto d = decode_bytes(frame({tlv(0, "00")}));
        CHECK(d.counter("lldp").malformed == 1);
    }
    SECTION("802.1 VLAN name length past the TLV") {
        const auto d = decode_bytes(frame({tlv(127, "00 80 c2 03 00 64 09 56 4f"), kEnd}));
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(values(d, FactKind::vlan_announced).empty());
    }
    SECTION("LLDP-MED inventory string over 32 octets") {
        auto body = hex("00 12 bb 0a");
        append(body, bytes_of(std::string(33, 'M')));
        const auto e = decode_bytes(frame({tlv(127, body), kEnd}));
        CHECK(e.counter("lldp").malformed == 1);
        CHECK(values(e, FactKind::model).empty());
    }
}

TEST_CASE("LLDP TLV length past the end", "[collectors][lldp]") {
    auto bytes = frame({text_tlv(5, "switch-01")});
    bytes.pop_back();  // the System Name TLV claims one byte more than there is
    SECTION("whole frame captured: malformed") {
        const auto d = decode_bytes(bytes);
        CHECK(d.counter("lldp").malformed == 1);
        CHECK(values(d, FactKind::system_name).empty());
        CHECK(d.facts.size() == 2);  // chassis and port came whole before
    }
    SECTION("capture cut by snaplen: truncated") {
        const auto d = decode_bytes(bytes, daicho::collectors::LinkType::ethernet,
                                    static_cast<std::uint32_t>(bytes.size() + 10));
        CHECK(d.counter("lldp").truncated == 1);
        CHECK(d.counter("lldp").malformed == 0);
    }
}

TEST_CASE("LLDP TLV limit: more than kMaxLldpTlvs TLVs is limited, facts kept",
          "[collectors][lldp]") {
    std::vector<std::vector<std::byte>> tlvs;
    tlvs.push_back(text_tlv(5, "sw-limit"));
    for (int i = 0; i < 80; ++i) {
        tlvs.push_back(tlv(100, ""));  // reserved type, empty: skipped by length
    }
    tlvs.push_back(text_tlv(4, "never read"));
    const auto d = decode_bytes(frame(tlvs));
    CHECK(d.counter("lldp").limited == 1);
    CHECK(has(d, FactKind::system_name, "sw-limit"));
    CHECK(values(d, FactKind::port_description).empty());
}

TEST_CASE("LLDP-MED civic location element limit", "[collectors][lldp]") {
    auto civic = hex("02 44 45");  // what, "DE"
    for (int i = 0; i < 40; ++i) {
        append(civic, hex("03 01 41"));  // A3 "A"
    }
    auto body = hex("00 12 bb 03 02");
    body.push_back(static_cast<std::byte>(civic.size()));
    append(body, civic);
    const auto d = decode_bytes(frame({tlv(127, body), kEnd}));
    CHECK(d.counter("lldp").limited == 1);
    const auto loc = values(d, FactKind::location);
    REQUIRE(loc.size() == 1);
    CHECK(std::count(loc[0].begin(), loc[0].end(), 'A') == 32);  // kMaxCivicElements
}

TEST_CASE("LLDP hostile strings are kept verbatim and capped", "[collectors][lldp]") {
    SECTION("control bytes") {
        const auto d =
            decode_bytes(frame({text_tlv(5, std::string("sw\x1b[31m\r\nX\x07", 11)), kEnd}));
        CHECK(has(d, FactKind::system_name, std::string("sw\x1b[31m\r\nX\x07", 11)));
    }
    SECTION("formula prefix") {
        const auto d = decode_bytes(frame({text_tlv(6, "=cmd|' /C calc'!A0"), kEnd}));
        CHECK(has(d, FactKind::system_description, "=cmd|' /C calc'!A0"));
    }
    SECTION("invalid UTF-8") {
        const auto d = decode_bytes(frame({text_tlv(4, "\xff\xfe\xc3("), kEnd}));
        CHECK(has(d, FactKind::port_description, "\xff\xfe\xc3("));
    }
    SECTION("the longest TLV (511 octets) stays under kMaxValueBytes and is kept whole") {
        // The 9-bit TLV length bounds every LLDP string below the sink's 512-byte cap.
        const auto d = decode_bytes(frame({text_tlv(6, std::string(511, 'D')), kEnd}));
        const auto v = values(d, FactKind::system_description);
        REQUIRE(v.size() == 1);
        CHECK(v[0] == std::string(511, 'D'));
        static_assert(daicho::collectors::kMaxValueBytes >= 511);
    }
    SECTION("a formatted value (VLAN name prefix + 32 octets) is stored whole") {
        auto body = hex("00 80 c2 03 0f ff 20");
        append(body, bytes_of(std::string(32, 'N')));
        const auto d = decode_bytes(frame({tlv(127, body), kEnd}));
        CHECK(has(d, FactKind::vlan_announced, "vlan 4095 name=" + std::string(32, 'N')));
    }
    SECTION("chassis ID text over 255 octets is malformed") {
        auto body = hex("07");
        append(body, bytes_of(std::string(300, 'C')));
        auto bytes = hex(kEthernet);
        append(bytes, tlv(1, body));
        const auto e = decode_bytes(bytes);
        CHECK(e.counter("lldp").malformed == 1);
    }
    SECTION("a NUL ends a string: stale bytes after it are not content (SG200 inventory)") {
        auto body = hex("00 80 c2 03 00 0a 05");
        append(body, bytes_of(std::string("ab\0\x8a\xff", 5)));
        auto asset = hex("00 12 bb 0b");
        append(asset, bytes_of(std::string("1\0\0\n\0\x08\xff\xff", 8)));
        const auto d = decode_bytes(frame({tlv(127, body), tlv(127, asset), kEnd}));
        CHECK(has(d, FactKind::vlan_announced, "vlan 10 name=ab"));
        CHECK(values(d, FactKind::asset_id) == std::vector<std::string>{"1"});
    }
}

TEST_CASE("LLDP unknown subtypes and OUIs are skipped; PVID 0 and unknown policy say nothing",
          "[collectors][lldp]") {
    const auto d =
        decode_bytes(frame({tlv(127, "00 80 c2 01 00 00"),        // PVID 0
                            tlv(127, "00 12 bb 02 01 80 00 00"),  // U bit set
                            tlv(127, "00 12 bb 04 51 00 0f"),     // extended power
                            tlv(127, "00 00 5f 01 02 03"),        // unknown OUI
                            tlv(127, "00 00 5e 02 02 03"),        // IANA, not the MUD subtype
                            tlv(127, "00 12 bb 03 01 " + std::string(16 * 3, '0')),  // coordinates
                            kEnd}));
    CHECK(d.counter("lldp").decoded == 1);
    CHECK(values(d, FactKind::vlan_announced).empty());
    CHECK(values(d, FactKind::location).empty());
}

TEST_CASE("LLDP MUD URL TLV (RFC 8520 §10): the URL as sent, about the sender",
          "[collectors][lldp]") {
    const auto d = decode_hex(fixtures::kLldpMudUrl);
    CHECK(d.counter("lldp").decoded == 1);
    CHECK(values(d, FactKind::mud_url) ==
          std::vector<std::string>{"https://mud.example-medical.co.jp/infusion/tp-700.json"});
    CHECK(has(d, FactKind::system_name, "pump-07"));
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac("00:1b:21:0a:0b:0c"));
    }
    // An empty URL breaks RFC 8520 §10 (1..255 octets); hostile text is kept as seen.
    const auto empty = decode_bytes(frame({tlv(127, "00 00 5e 01"), text_tlv(5, "kept"), kEnd}));
    CHECK(empty.counter("lldp").malformed == 1);
    CHECK(values(empty, FactKind::mud_url).empty());
    CHECK(has(empty, FactKind::system_name, "kept"));
    const auto hostile =
        decode_bytes(frame({tlv(127, "00 00 5e 01 3d 63 6d 64 7c 1b 5b 30 6d ff"), kEnd}));
    CHECK(values(hostile, FactKind::mud_url) == std::vector<std::string>{"=cmd|\x1b[0m\xff"});
}

TEST_CASE("LLDP org-specific TLV shorter than OUI + subtype is malformed", "[collectors][lldp]") {
    const auto d = decode_bytes(frame({tlv(127, "00 80 c2"), text_tlv(5, "kept"), kEnd}));
    CHECK(d.counter("lldp").malformed == 1);
    CHECK(has(d, FactKind::system_name, "kept"));
}
