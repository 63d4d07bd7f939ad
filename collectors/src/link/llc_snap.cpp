// IEEE 802.2 LLC header (DSAP, SSAP, control) and the SNAP extension (OUI + protocol id).
// Refs: IEEE 802.2-1998 clause 3 (LLC PDU format; control is 1 octet for U-format PDUs,
//   low bits 11, else 2 octets); IEEE 802-2014 clause 10 (SNAP: DSAP = SSAP = 0xAA, UI
//   control 0x03, 3-octet OUI, 2-octet PID); RFC 1042 (OUI 000000: the PID is an EtherType).
// Facts: none. SNAP with a non-zero OUI is dispatched to llc_snap registry rows (CDP is
//   00000c/2000); OUI 000000 continues as an EtherType.
// Ignored: the SSAP C/R bit and non-SNAP SAPs (STP 0x42, NetBIOS 0xF0, IPX 0xE0): no
//   identity decoder reads them yet.

#include "link/link.h"

namespace daicho::collectors::link {

DecodeResult decode_llc(ByteReader& in, std::size_t length, LlcHeader& llc) noexcept {
    auto body = in.take(length);  // IEEE 802.3 clause 3.2.6: bytes past `length` are padding
    if (!body) {
        return in.shortfall();
    }
    const auto dsap = body->u8();
    const auto ssap = body->u8();
    const auto control_first = body->u8();
    if (!dsap || !ssap || !control_first) {
        return body->shortfall();
    }
    llc = LlcHeader{};
    llc.dsap = *dsap;
    llc.ssap = *ssap;
    llc.control = *control_first;
    if ((*control_first & 0x03U) != 0x03U) {  // I- or S-format: a second control octet
        const auto control_second = body->u8();
        if (!control_second) {
            return body->shortfall();
        }
        llc.control = static_cast<std::uint16_t>((*control_first << 8U) | *control_second);
    }
    if (*dsap == 0xAA && (*ssap & 0xFEU) == 0xAA && llc.control == 0x03) {
        const auto oui = body->be24();
        const auto pid = body->be16();
        if (!oui || !pid) {
            return body->shortfall();
        }
        llc.snap = true;
        llc.oui = *oui;
        llc.pid = *pid;
    }
    in = body->take_rest();
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::link
