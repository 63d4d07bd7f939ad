#pragma once
// Link-layer header readers used by the frame walk (frame_decoder.cpp). Each reads one header
// through the ByteReader, fills what it learns into the PacketContext and reports what comes
// next; none of them dispatches. On success `in` is left at (or narrowed to) the payload.

#include <cstddef>
#include <cstdint>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::link {

// Named limit: VLAN tags kept per frame (802.1Q C-tag inside an 802.1ad S-tag). A deeper
// stack is counted as `limited` on the "vlan" block and its payload is not walked, because
// facts from it would be filed under the wrong VLAN.
inline constexpr std::uint8_t kMaxVlanTags = 2;

inline constexpr std::uint16_t kEthertypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEthertypeArp = 0x0806;
inline constexpr std::uint16_t kEthertypeIpv6 = 0x86dd;
inline constexpr std::uint16_t kTpidCtag = 0x8100;    // IEEE 802.1Q
inline constexpr std::uint16_t kTpidStag = 0x88a8;    // IEEE 802.1ad
inline constexpr std::uint16_t kTpidLegacy = 0x9100;  // pre-802.1ad QinQ (vendor)
// IEEE 802.3 clause 3.2.6: values up to 1500 are a length, from 1536 (0x0600) an EtherType.
inline constexpr std::uint16_t kMaxLengthField = 1500;
inline constexpr std::uint16_t kMinEthertype = 0x0600;

[[nodiscard]] constexpr bool is_vlan_tpid(std::uint16_t type) noexcept {
    return type == kTpidCtag || type == kTpidStag || type == kTpidLegacy;
}

// What follows a link header.
struct Next {
    enum class Kind : std::uint8_t {
        ethertype,  // `value` is an EtherType (or an 802.3 length, <= 1500)
        llc,        // an 802.2 LLC header follows directly (Linux SLL protocol 0x0004)
    };
    Kind kind = Kind::ethertype;
    std::uint16_t value = 0;
};

// An 802.2 LLC header and, when DSAP = SSAP = 0xAA, its SNAP extension.
struct LlcHeader {
    std::uint8_t dsap = 0;
    std::uint8_t ssap = 0;
    std::uint16_t control = 0;
    bool snap = false;
    std::uint32_t oui = 0;
    std::uint16_t pid = 0;
};

// ethernet.cpp: the 14-byte Ethernet II / 802.3 MAC header.
[[nodiscard]] DecodeResult decode_ethernet(ByteReader& in, PacketContext& ctx,
                                           Next& next) noexcept;
// vlan.cpp: one 802.1Q/802.1ad tag (TCI + the type that follows), after its TPID.
[[nodiscard]] DecodeResult decode_vlan_tag(ByteReader& in, PacketContext& ctx,
                                           std::uint16_t& next_type) noexcept;
// llc_snap.cpp: `length` bytes of 802.2 LLC (+ SNAP); `in` is narrowed to the LLC payload.
[[nodiscard]] DecodeResult decode_llc(ByteReader& in, std::size_t length,
                                      LlcHeader& llc) noexcept;
// sll.cpp: Linux cooked capture v1 (LINKTYPE_LINUX_SLL) and v2 (LINKTYPE_LINUX_SLL2).
[[nodiscard]] DecodeResult decode_sll(ByteReader& in, PacketContext& ctx, Next& next) noexcept;
[[nodiscard]] DecodeResult decode_sll2(ByteReader& in, PacketContext& ctx, Next& next) noexcept;
// loopback.cpp: BSD NULL and OpenBSD LOOP (4-byte address family), and raw IP.
[[nodiscard]] DecodeResult decode_loopback(ByteReader& in, PacketContext& ctx,
                                           Next& next) noexcept;
[[nodiscard]] DecodeResult decode_raw_ip(ByteReader& in, PacketContext& ctx, Next& next) noexcept;

}  // namespace daicho::collectors::link
