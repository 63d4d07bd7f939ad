// IEEE 802.1Q VLAN tags, including 802.1ad QinQ stacks: TCI (PCP, DEI, VID) and the type after.
// Refs: IEEE 802.1Q-2018 clause 9.6 (VLAN tag format, VID 0 = priority tag, 0xFFF reserved);
//   IEEE 802.1ad (S-tag TPID 0x88A8); TPID 0x9100 is the pre-standard vendor QinQ TPID.
// Facts: none. Fills ctx.vlan (innermost VID), ctx.outer_vlan (the S-VID with two tags) and
//   ctx.vlan_depth. A third tag hits the named limit kMaxVlanTags (link.h): counted as limited,
//   the payload is not walked.
// Ignored: PCP and DEI (priority says nothing about identity).

#include "link/link.h"

namespace daicho::collectors::link {

DecodeResult decode_vlan_tag(ByteReader& in, PacketContext& ctx,
                             std::uint16_t& next_type) noexcept {
    auto tag = in.take(4);
    if (!tag) {
        return in.shortfall();
    }
    const auto tci = tag->be16();
    const auto type = tag->be16();
    if (!tci || !type) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 4 bytes
    }
    if (ctx.vlan_depth >= kMaxVlanTags) {
        if (ctx.vlan_depth < UINT8_MAX) {
            ++ctx.vlan_depth;
        }
        return DecodeResult::limited;
    }
    const auto vid = static_cast<std::uint16_t>(*tci & 0x0FFFU);  // 802.1Q clause 9.6
    if (ctx.vlan_depth == 1) {
        ctx.outer_vlan = ctx.vlan;
    }
    ctx.vlan = vid;
    ++ctx.vlan_depth;
    if (*type > kMaxLengthField && *type < kMinEthertype) {
        return DecodeResult::malformed;  // IEEE 802.3 clause 3.2.6
    }
    next_type = *type;
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::link
