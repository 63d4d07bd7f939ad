#pragma once
// A small, allocation-free builder for test frames: Ethernet II (IEEE 802.3 clause 3),
// 802.1Q tags (IEEE 802.1Q-2018 §9.6), ARP (RFC 826), IPv4 (RFC 791, header checksum per
// RFC 1071), IPv6 (RFC 8200), UDP (RFC 768), TCP (RFC 9293 §3.1) and ICMPv6 (RFC 4443) with
// the NDP messages of RFC 4861 §4.2-4.4 (hop limit 255, link-layer address options §4.6.1).
//
// Layers are appended in order; finish() then fills in every length and checksum, so a
// caller never does length bookkeeping. The buffer is reused from frame to frame.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace daicho::capgen {

struct Mac {
    std::array<std::uint8_t, 6> b{};
    friend constexpr bool operator==(const Mac&, const Mac&) = default;
};
inline constexpr Mac kBroadcastMac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
inline constexpr Mac kZeroMac{};

using Ipv4 = std::uint32_t;  // host byte order
[[nodiscard]] constexpr Ipv4 ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                  std::uint8_t d) noexcept {
    return (Ipv4{a} << 24U) | (Ipv4{b} << 16U) | (Ipv4{c} << 8U) | Ipv4{d};
}

struct Ipv6 {
    std::array<std::uint8_t, 16> b{};
};
// fe80::/64 with the given 64-bit interface identifier.
[[nodiscard]] Ipv6 link_local(std::uint64_t iid) noexcept;
// Modified EUI-64 interface identifier from a MAC (RFC 4291 appendix A).
[[nodiscard]] std::uint64_t eui64_iid(const Mac& mac) noexcept;
// ff02::1:ffXX:XXXX for an address (RFC 4291 §2.7.1).
[[nodiscard]] Ipv6 solicited_node(const Ipv6& addr) noexcept;
// 33:33 + low 32 bits of a multicast IPv6 address (RFC 2464 §7).
[[nodiscard]] Mac ipv6_multicast_mac(const Ipv6& group) noexcept;
inline constexpr Ipv6 kAllNodes{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}};
inline constexpr Ipv6 kAllRouters{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02}};
inline constexpr Ipv6 kUnspecified{};

inline constexpr std::uint16_t kEtherIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherArp = 0x0806;
inline constexpr std::uint16_t kEtherVlan = 0x8100;
inline constexpr std::uint16_t kEtherIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherLldp = 0x88cc;

inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoIcmpv6 = 58;

inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;

// NA flags (RFC 4861 §4.4).
inline constexpr std::uint8_t kNaRouter = 0x80;
inline constexpr std::uint8_t kNaSolicited = 0x40;
inline constexpr std::uint8_t kNaOverride = 0x20;

class FrameBuilder {
   public:
    static constexpr std::size_t kMaxFrame = 1600;   // 1500 MTU + Ethernet + two tags
    static constexpr std::size_t kMinFrame = 60;     // Ethernet minimum without the FCS

    // Starts a new frame. `vlan` 0 = untagged; otherwise one 802.1Q tag with that VID.
    void ethernet(const Mac& dst, const Mac& src, std::uint16_t vlan, std::uint16_t ethertype,
                  std::uint8_t pcp = 0) noexcept;
    void arp(std::uint16_t oper, const Mac& sha, Ipv4 spa, const Mac& tha, Ipv4 tpa) noexcept;
    void ipv4(Ipv4 src, Ipv4 dst, std::uint8_t proto, std::uint8_t ttl, std::uint16_t id,
              std::uint8_t dscp = 0) noexcept;
    void ipv6(const Ipv6& src, const Ipv6& dst, std::uint8_t next_header,
              std::uint8_t hop_limit) noexcept;
    void udp(std::uint16_t sport, std::uint16_t dport) noexcept;
    // `mss` != 0 adds an MSS option (SYN, SYN-ACK).
    void tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
             std::uint8_t flags, std::uint16_t window, std::uint16_t mss = 0) noexcept;
    void icmpv6(std::uint8_t type, std::uint8_t code) noexcept;

    // NDP bodies, after ipv6(..., kProtoIcmpv6, 255) (RFC 4861 §4.2-4.4, options §4.6).
    void ndp_ns(const Ipv6& target, const Mac* source_lla) noexcept;
    void ndp_na(const Ipv6& target, std::uint8_t flags, const Mac* target_lla) noexcept;
    void ndp_ra(std::uint8_t cur_hop_limit, std::uint8_t flags, std::uint16_t router_lifetime,
                const Mac& source_lla, const Ipv6* prefix64) noexcept;

    // Raw appenders for application payloads.
    void u8(std::uint8_t v) noexcept;
    void be16(std::uint16_t v) noexcept;
    void be32(std::uint32_t v) noexcept;
    void be64(std::uint64_t v) noexcept;
    void mac(const Mac& m) noexcept;
    void ip4(Ipv4 a) noexcept { be32(a); }
    void ip6(const Ipv6& a) noexcept;
    void bytes(std::span<const std::uint8_t> b) noexcept;
    void text(std::string_view s) noexcept;
    void fill(std::size_t n, std::uint8_t value) noexcept;
    // A payload of n bytes of a fixed text ("daicho synthetic payload. " repeated): no
    // content, and no protocol's first bytes, so dissector heuristics leave it alone.
    void pattern(std::size_t n) noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return len_; }
    void patch_u8(std::size_t at, std::uint8_t v) noexcept;
    void patch_be16(std::size_t at, std::uint16_t v) noexcept;
    [[nodiscard]] std::uint8_t at(std::size_t i) const noexcept { return buf_[i]; }
    // Moves bytes [from, size()) to `to` (< from) and shrinks the frame (BER length fix-ups).
    void close_gap(std::size_t to, std::size_t from) noexcept;

    // Fills IPv4/IPv6 lengths, the IPv4 header checksum and the UDP/TCP/ICMPv6 length and
    // checksum, pads to the Ethernet minimum, and returns the frame.
    std::span<const std::uint8_t> finish() noexcept;

   private:
    enum class L3 : std::uint8_t { none, v4, v6 };
    enum class L4 : std::uint8_t { none, udp, tcp, icmpv6 };

    [[nodiscard]] std::uint32_t pseudo_header_sum(std::size_t l4_len) const noexcept;

    std::array<std::uint8_t, kMaxFrame> buf_{};
    std::size_t len_ = 0;
    std::size_t l3_at_ = 0;
    std::size_t l4_at_ = 0;
    L3 l3_ = L3::none;
    L4 l4_ = L4::none;
    std::uint8_t l4_proto_ = 0;
};

// RFC 1071 one's-complement sum (not yet folded) over bytes, continuing from `sum`.
[[nodiscard]] std::uint32_t checksum_add(std::uint32_t sum,
                                         std::span<const std::uint8_t> bytes) noexcept;
[[nodiscard]] std::uint16_t checksum_fold(std::uint32_t sum) noexcept;

}  // namespace daicho::capgen
