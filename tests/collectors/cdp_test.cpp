// CDP v1/v2 (Cisco; TLV codes per tcpdump print-cdp.c / Wireshark packet-cdp.c): facts per
// TLV, header rules, length rules, the TLV and address limits and hostile strings.

#include "fixtures/cdp.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures.h"

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

void put16(std::vector<std::byte>& out, std::size_t v) {
    out.push_back(static_cast<std::byte>((v >> 8U) & 0xFFU));
    out.push_back(static_cast<std::byte>(v & 0xFFU));
}

// One TLV: type, length (including the 4-byte header), value.
std::vector<std::byte> tlv(unsigned type, const std::vector<std::byte>& value) {
    std::vector<std::byte> out;
    put16(out, type);
    put16(out, value.size() + 4);
    append(out, value);
    return out;
}
std::vector<std::byte> text_tlv(unsigned type, const std::string& text) {
    return tlv(type, bytes_of(text));
}

// Ethernet 802.3 + LLC/SNAP (Cisco, 0x2000) around a CDP header and TLVs.
std::vector<std::byte> frame(const std::vector<std::vector<std::byte>>& tlvs,
                             const std::string& header = "02 b4 00 00") {
    auto cdp = hex(header);
    for (const auto& t : tlvs) {
        append(cdp, t);
    }
    auto out = hex("01 00 0c cc cc cc 00 1b 54 00 00 01");
    put16(out, cdp.size() + 8);
    append(out, hex("aa aa 03 00 00 0c 20 00"));
    append(out, cdp);
    return out;
}

}  // namespace

TEST_CASE("CDPv2 switch: every fact-bearing TLV", "[collectors][cdp]") {
    const auto d = decode_hex(fixtures::kCdpV2Switch);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("cdp").decoded == 1);
    CHECK(d.counter("cdp").observations == d.facts.size());
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"SW01.example.org", "sw01"});
    CHECK(values(d, FactKind::system_description) ==
          std::vector<std::string>{"Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), "
                                   "Version 15.0(2)SE11\nTechnical Support: "
                                   "http://www.cisco.com/techsupport"});
    CHECK(values(d, FactKind::platform) == std::vector<std::string>{"cisco WS-C2960-24TT-L"});
    CHECK(values(d, FactKind::management_address) ==
          std::vector<std::string>{"192.168.10.2", "2001:db8::2", "10.0.0.1"});  // not 0.0.0.0
    CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"FastEthernet0/1"});
    CHECK(values(d, FactKind::capability) == std::vector<std::string>{"router", "switch", "igmp"});
    CHECK(values(d, FactKind::vlan_announced) ==
          std::vector<std::string>{"vtp-domain=HOSPITAL", "native-vlan=10"});
    CHECK(d.facts.size() == 13);
    for (const auto& f : d.facts) {
        CHECK(f.source == "cdp");
        CHECK(f.subject.mac == mac("00:1b:54:00:00:01"));
        CHECK(f.subject.has_mac);
    }
}

TEST_CASE("CDPv1 router (cdp-v1-cisco-1601-router bytes)", "[collectors][cdp]") {
    const auto d = decode_hex(fixtures::kCdpV1Router);
    CHECK(d.counter("cdp").decoded == 1);
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"R1"});
    CHECK(values(d, FactKind::platform) == std::vector<std::string>{"cisco 1601"});
    CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"Ethernet0"});
    CHECK(values(d, FactKind::management_address) == std::vector<std::string>{"192.168.10.1"});
    CHECK(values(d, FactKind::capability) == std::vector<std::string>{"router"});
    const auto sw = values(d, FactKind::system_description);
    REQUIRE(sw.size() == 1);
    CHECK(sw[0].find("Version 11.2(12)P") != std::string::npos);
    CHECK(sw[0].find('\n') != std::string::npos);  // verbatim, newlines kept
}

TEST_CASE("CDP frame through the shared LLC/SNAP fixture", "[collectors][cdp]") {
    const auto d = decode_hex(fixtures::kLlcSnapCdp);
    CHECK(d.counter("cdp").decoded == 1);
    CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"SW01"});
}

TEST_CASE("CDP minimal packet: a header and no TLVs", "[collectors][cdp]") {
    const auto d = decode_bytes(frame({}));
    CHECK(d.counter("cdp").decoded == 1);
    CHECK(d.facts.empty());
}

TEST_CASE("CDP header: versions other than 1 and 2 are unsupported", "[collectors][cdp]") {
    const auto d = decode_bytes(frame({text_tlv(1, "R9")}, "03 b4 00 00"));
    CHECK(d.counter("cdp").unsupported == 1);
    CHECK(d.facts.empty());
}

TEST_CASE("CDP bad length fields", "[collectors][cdp]") {
    SECTION("TLV length below the 4-byte header") {
        const auto d = decode_bytes(frame({hex("00 01 00 03 52"), text_tlv(6, "never")}));
        CHECK(d.counter("cdp").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("capabilities of 2 bytes: dropped, the rest kept") {
        const auto d = decode_bytes(frame({tlv(4, hex("00 01")), text_tlv(1, "R2")}));
        CHECK(d.counter("cdp").malformed == 1);
        CHECK(values(d, FactKind::capability).empty());
        CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"R2"});
    }
    SECTION("native VLAN of 3 bytes") {
        const auto d = decode_bytes(frame({tlv(0x0a, hex("00 01 00"))}));
        CHECK(d.counter("cdp").malformed == 1);
    }
    SECTION("address length past the TLV") {
        const auto d = decode_bytes(frame({tlv(2, hex("00 00 00 01 01 01 cc 00 08 c0 a8 0a 01"))}));
        CHECK(d.counter("cdp").malformed == 1);
        CHECK(values(d, FactKind::management_address).empty());
    }
    SECTION("address count larger than the addresses present") {
        const auto d = decode_bytes(frame({tlv(2, hex("00 00 00 02 01 01 cc 00 04 c0 a8 0a 01"))}));
        CHECK(d.counter("cdp").malformed == 1);
        CHECK(values(d, FactKind::management_address) ==
              std::vector<std::string>{"192.168.10.1"});  // the whole first one counts
    }
}

TEST_CASE("CDP TLV length past the end", "[collectors][cdp]") {
    auto bytes = frame({text_tlv(1, "R3"), hex("00 06 00 40 63 69 73 63 6f")});
    // The 802.3 length covers the bytes present, so the LLC layer passes them all.
    SECTION("whole frame: malformed, earlier TLVs kept") {
        const auto d = decode_bytes(bytes);
        CHECK(d.counter("cdp").malformed == 1);
        CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"R3"});
        CHECK(values(d, FactKind::platform).empty());
    }
}

TEST_CASE("CDP limits: TLVs per packet and addresses per TLV", "[collectors][cdp]") {
    SECTION("TLV limit") {
        std::vector<std::vector<std::byte>> tlvs{text_tlv(1, "R4")};
        for (int i = 0; i < 70; ++i) {
            tlvs.push_back(tlv(0x0b, hex("01")));
        }
        tlvs.push_back(text_tlv(6, "never read"));
        const auto d = decode_bytes(frame(tlvs));
        CHECK(d.counter("cdp").limited == 1);
        CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"R4"});
        CHECK(values(d, FactKind::platform).empty());
    }
    SECTION("address limit") {
        auto value = hex("00 00 00 14");  // 20 addresses
        for (int i = 1; i <= 20; ++i) {
            append(value, hex("01 01 cc 00 04 0a 00 00"));
            value.push_back(static_cast<std::byte>(i));
        }
        const auto d = decode_bytes(frame({tlv(2, value), text_tlv(6, "kept")}));
        CHECK(d.counter("cdp").limited == 1);
        CHECK(values(d, FactKind::management_address).size() == 16);  // kMaxCdpAddresses
        CHECK(values(d, FactKind::platform) == std::vector<std::string>{"kept"});
    }
}

TEST_CASE("CDP hostile strings are kept verbatim and capped", "[collectors][cdp]") {
    SECTION("control bytes") {
        const std::string v("R\x1b]0;pwn\x07\r\n", 10);
        const auto d = decode_bytes(frame({text_tlv(1, v)}));
        CHECK(values(d, FactKind::system_name) == std::vector<std::string>{v});
    }
    SECTION("formula prefix") {
        const auto d = decode_bytes(frame({text_tlv(6, "=cmd|' /C calc'!A0")}));
        CHECK(values(d, FactKind::platform) == std::vector<std::string>{"=cmd|' /C calc'!A0"});
    }
    SECTION("invalid UTF-8") {
        const auto d = decode_bytes(frame({text_tlv(3, "Gi\xc0\xaf\xff")}));
        CHECK(values(d, FactKind::port_id) == std::vector<std::string>{"Gi\xc0\xaf\xff"});
    }
    SECTION("over-long software version is capped") {
        const auto d = decode_bytes(frame({text_tlv(5, std::string(1200, 'S'))}));
        CHECK(values(d, FactKind::system_description) ==
              std::vector<std::string>{std::string(daicho::collectors::kMaxValueBytes, 'S')});
    }
    SECTION("over-long VTP domain is capped") {
        const auto d = decode_bytes(frame({text_tlv(9, std::string(700, 'V'))}));
        const auto v = values(d, FactKind::vlan_announced);
        REQUIRE(v.size() == 1);
        CHECK(v[0].size() == daicho::collectors::kMaxValueBytes);
        CHECK(v[0].rfind("vtp-domain=VVV", 0) == 0);
    }
    SECTION("empty VTP domain and NUL-terminated device ID") {
        const auto d = decode_bytes(frame({text_tlv(9, ""), text_tlv(1, std::string("R5\0", 3))}));
        CHECK(values(d, FactKind::vlan_announced).empty());
        CHECK(values(d, FactKind::system_name) == std::vector<std::string>{"R5"});
    }
}
