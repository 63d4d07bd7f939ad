// LLDPDUs for the capture generator (IEEE 802.1AB-2016 clause 8.5; TLV header clause 8.4:
// 7-bit type, 9-bit length). Mandatory TLVs first, End TLV last.

#include "app_payloads.h"

#include <algorithm>

namespace daicho::capgen {

namespace {
void tlv_header(FrameBuilder& b, std::uint8_t type, std::size_t len) noexcept {
    b.be16(static_cast<std::uint16_t>((std::uint16_t{type} << 9U) | (len & 0x1ffU)));
}
void tlv_text(FrameBuilder& b, std::uint8_t type, std::string_view v) noexcept {
    v = v.substr(0, std::min<std::size_t>(v.size(), 255));
    tlv_header(b, type, v.size());
    b.text(v);
}
}  // namespace

void lldp(FrameBuilder& b, const LldpInfo& info) noexcept {
    tlv_header(b, 1, 7);  // Chassis ID, subtype 4 = MAC address
    b.u8(4);
    b.mac(info.chassis);
    const auto port = info.port_id.substr(0, std::min<std::size_t>(info.port_id.size(), 255));
    tlv_header(b, 2, 1 + port.size());  // Port ID, subtype 5 = interface name
    b.u8(5);
    b.text(port);
    tlv_header(b, 3, 2);  // Time To Live
    b.be16(info.ttl_s);
    if (!info.port_description.empty()) {
        tlv_text(b, 4, info.port_description);
    }
    tlv_text(b, 5, info.system_name);
    tlv_text(b, 6, info.system_description);
    tlv_header(b, 7, 4);  // System Capabilities: supported, enabled
    b.be16(info.capabilities);
    b.be16(info.capabilities);
    if (info.management != 0) {
        tlv_header(b, 8, 12);  // Management Address (clause 8.5.9)
        b.u8(5);               // address string length: subtype + 4 octets
        b.u8(1);               // IANA address family IPv4
        b.ip4(info.management);
        b.u8(2);  // interface numbering: ifIndex
        b.be32(1);
        b.u8(0);  // OID length
    }
    tlv_header(b, 0, 0);  // End of LLDPDU
}

}  // namespace daicho::capgen
