#include "frame_builder.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace daicho::capgen {

Ipv6 link_local(std::uint64_t iid) noexcept {
    Ipv6 a;
    a.b[0] = 0xfe;
    a.b[1] = 0x80;
    for (std::size_t i = 0; i < 8; ++i) {
        a.b[8 + i] = static_cast<std::uint8_t>(iid >> (56U - 8U * i));
    }
    return a;
}

std::uint64_t eui64_iid(const Mac& mac) noexcept {
    const std::array<std::uint8_t, 8> e{static_cast<std::uint8_t>(mac.b[0] ^ 0x02U),
                                        mac.b[1], mac.b[2], 0xff, 0xfe, mac.b[3], mac.b[4],
                                        mac.b[5]};
    std::uint64_t v = 0;
    for (auto o : e) {
        v = (v << 8U) | o;
    }
    return v;
}

Ipv6 solicited_node(const Ipv6& addr) noexcept {
    Ipv6 g{{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0, 0, 0}};
    g.b[13] = addr.b[13];
    g.b[14] = addr.b[14];
    g.b[15] = addr.b[15];
    return g;
}

Mac ipv6_multicast_mac(const Ipv6& group) noexcept {
    return Mac{{0x33, 0x33, group.b[12], group.b[13], group.b[14], group.b[15]}};
}

std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::uint8_t> bytes) noexcept {
    // RFC 1071 §2(B): the sum is byte-order independent, so add native 32-bit words (which
    // the compiler vectorises) and swap the folded result once on little-endian hosts.
    const std::uint8_t* p = bytes.data();
    const std::size_t n = bytes.size();
    std::uint64_t acc = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        std::uint32_t w = 0;
        std::memcpy(&w, p + i, 4);
        acc += w;
    }
    for (; i + 2 <= n; i += 2) {
        std::uint16_t w = 0;
        std::memcpy(&w, p + i, 2);
        acc += w;
    }
    if (i < n) {
        const std::uint16_t w = std::endian::native == std::endian::little
                                    ? std::uint16_t{p[i]}
                                    : static_cast<std::uint16_t>(std::uint16_t{p[i]} << 8U);
        acc += w;
    }
    while ((acc >> 16U) != 0) {
        acc = (acc & 0xffffU) + (acc >> 16U);
    }
    auto folded = static_cast<std::uint32_t>(acc);
    if (std::endian::native == std::endian::little) {
        folded = ((folded >> 8U) | (folded << 8U)) & 0xffffU;
    }
    return sum + folded;
}

std::uint16_t checksum_fold(std::uint32_t sum) noexcept {
    while ((sum >> 16U) != 0) {
        sum = (sum & 0xffffU) + (sum >> 16U);
    }
    return static_cast<std::uint16_t>(~sum & 0xffffU);
}

void FrameBuilder::ethernet(const Mac& dst, const Mac& src, std::uint16_t vlan,
                            std::uint16_t ethertype, std::uint8_t pcp) noexcept {
    len_ = 0;
    l3_ = L3::none;
    l4_ = L4::none;
    mac(dst);
    mac(src);
    if (vlan != 0) {
        be16(kEtherVlan);
        be16(static_cast<std::uint16_t>((std::uint16_t{pcp} << 13U) | (vlan & 0x0fffU)));
    }
    be16(ethertype);
}

void FrameBuilder::arp(std::uint16_t oper, const Mac& sha, Ipv4 spa, const Mac& tha,
                       Ipv4 tpa) noexcept {
    be16(1);           // htype Ethernet
    be16(kEtherIpv4);  // ptype
    u8(6);
    u8(4);
    be16(oper);
    mac(sha);
    ip4(spa);
    mac(tha);
    ip4(tpa);
}

void FrameBuilder::ipv4(Ipv4 src, Ipv4 dst, std::uint8_t proto, std::uint8_t ttl,
                        std::uint16_t id, std::uint8_t dscp) noexcept {
    l3_ = L3::v4;
    l3_at_ = len_;
    l4_proto_ = proto;
    u8(0x45);
    u8(static_cast<std::uint8_t>(dscp << 2U));
    be16(0);  // total length, finish()
    be16(id);
    be16(0x4000);  // DF, offset 0
    u8(ttl);
    u8(proto);
    be16(0);  // header checksum, finish()
    ip4(src);
    ip4(dst);
}

void FrameBuilder::ipv6(const Ipv6& src, const Ipv6& dst, std::uint8_t next_header,
                        std::uint8_t hop_limit) noexcept {
    l3_ = L3::v6;
    l3_at_ = len_;
    l4_proto_ = next_header;
    be32(0x60000000U);
    be16(0);  // payload length, finish()
    u8(next_header);
    u8(hop_limit);
    ip6(src);
    ip6(dst);
}

void FrameBuilder::udp(std::uint16_t sport, std::uint16_t dport) noexcept {
    l4_ = L4::udp;
    l4_at_ = len_;
    be16(sport);
    be16(dport);
    be16(0);
    be16(0);
}

void FrameBuilder::tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq,
                       std::uint32_t ack, std::uint8_t flags, std::uint16_t window,
                       std::uint16_t mss) noexcept {
    l4_ = L4::tcp;
    l4_at_ = len_;
    be16(sport);
    be16(dport);
    be32(seq);
    be32((flags & kAck) != 0 ? ack : 0);
    u8(mss != 0 ? 0x60 : 0x50);  // data offset in 32-bit words
    u8(flags);
    be16(window);
    be16(0);  // checksum, finish()
    be16(0);  // urgent pointer
    if (mss != 0) {
        u8(2);  // MSS option (RFC 9293 §3.7.1)
        u8(4);
        be16(mss);
    }
}

void FrameBuilder::icmpv6(std::uint8_t type, std::uint8_t code) noexcept {
    l4_ = L4::icmpv6;
    l4_at_ = len_;
    u8(type);
    u8(code);
    be16(0);
}

void FrameBuilder::ndp_ns(const Ipv6& target, const Mac* source_lla) noexcept {
    icmpv6(135, 0);
    be32(0);  // reserved
    ip6(target);
    if (source_lla != nullptr) {
        u8(1);  // Source Link-Layer Address, length in units of 8 octets
        u8(1);
        mac(*source_lla);
    }
}

void FrameBuilder::ndp_na(const Ipv6& target, std::uint8_t flags, const Mac* target_lla) noexcept {
    icmpv6(136, 0);
    u8(flags);
    fill(3, 0);
    ip6(target);
    if (target_lla != nullptr) {
        u8(2);  // Target Link-Layer Address
        u8(1);
        mac(*target_lla);
    }
}

void FrameBuilder::ndp_ra(std::uint8_t cur_hop_limit, std::uint8_t flags,
                          std::uint16_t router_lifetime, const Mac& source_lla,
                          const Ipv6* prefix64) noexcept {
    icmpv6(134, 0);
    u8(cur_hop_limit);
    u8(flags);
    be16(router_lifetime);
    be32(0);  // reachable time: unspecified
    be32(0);  // retrans timer: unspecified
    u8(1);
    u8(1);
    mac(source_lla);
    if (prefix64 != nullptr) {
        u8(3);  // Prefix Information (§4.6.2)
        u8(4);
        u8(64);
        u8(0xc0);  // L + A
        be32(2592000);  // valid lifetime
        be32(604800);   // preferred lifetime
        be32(0);
        Ipv6 p = *prefix64;
        std::fill(p.b.begin() + 8, p.b.end(), std::uint8_t{0});
        ip6(p);
    }
}

void FrameBuilder::u8(std::uint8_t v) noexcept {
    if (len_ < kMaxFrame) {
        buf_[len_++] = v;
    }
}
void FrameBuilder::be16(std::uint16_t v) noexcept {
    u8(static_cast<std::uint8_t>(v >> 8U));
    u8(static_cast<std::uint8_t>(v));
}
void FrameBuilder::be32(std::uint32_t v) noexcept {
    be16(static_cast<std::uint16_t>(v >> 16U));
    be16(static_cast<std::uint16_t>(v));
}
void FrameBuilder::be64(std::uint64_t v) noexcept {
    be32(static_cast<std::uint32_t>(v >> 32U));
    be32(static_cast<std::uint32_t>(v));
}
void FrameBuilder::mac(const Mac& m) noexcept { bytes(m.b); }
void FrameBuilder::ip6(const Ipv6& a) noexcept { bytes(a.b); }

void FrameBuilder::bytes(std::span<const std::uint8_t> b) noexcept {
    const std::size_t n = std::min(b.size(), kMaxFrame - len_);
    std::copy_n(b.begin(), n, buf_.begin() + static_cast<std::ptrdiff_t>(len_));
    len_ += n;
}

void FrameBuilder::text(std::string_view s) noexcept {
    const std::size_t n = std::min(s.size(), kMaxFrame - len_);
    for (std::size_t i = 0; i < n; ++i) {
        buf_[len_ + i] = static_cast<std::uint8_t>(s[i]);
    }
    len_ += n;
}

void FrameBuilder::fill(std::size_t n, std::uint8_t value) noexcept {
    n = std::min(n, kMaxFrame - len_);
    std::fill_n(buf_.begin() + static_cast<std::ptrdiff_t>(len_), n, value);
    len_ += n;
}

void FrameBuilder::pattern(std::size_t n) noexcept {
    static constexpr auto kPattern = [] {
        constexpr std::string_view kText = "daicho synthetic payload. ";
        std::array<std::uint8_t, kMaxFrame> p{};
        for (std::size_t i = 0; i < p.size(); ++i) {
            p[i] = static_cast<std::uint8_t>(kText[i % kText.size()]);
        }
        return p;
    }();
    bytes(std::span<const std::uint8_t>(kPattern).first(std::min(n, kMaxFrame)));
}

void FrameBuilder::patch_u8(std::size_t at, std::uint8_t v) noexcept {
    if (at < len_) {
        buf_[at] = v;
    }
}
void FrameBuilder::patch_be16(std::size_t at, std::uint16_t v) noexcept {
    patch_u8(at, static_cast<std::uint8_t>(v >> 8U));
    patch_u8(at + 1, static_cast<std::uint8_t>(v));
}

void FrameBuilder::close_gap(std::size_t to, std::size_t from) noexcept {
    if (to >= from || from > len_) {
        return;
    }
    std::memmove(buf_.data() + to, buf_.data() + from, len_ - from);
    len_ -= from - to;
}

std::uint32_t FrameBuilder::pseudo_header_sum(std::size_t l4_len) const noexcept {
    const auto* base = buf_.data() + l3_at_;
    std::uint32_t sum = 0;
    if (l3_ == L3::v4) {
        sum = checksum_add(sum, std::span<const std::uint8_t>(base + 12, 8));
        sum += l4_proto_;
        sum += static_cast<std::uint32_t>(l4_len);
    } else {
        sum = checksum_add(sum, std::span<const std::uint8_t>(base + 8, 32));
        sum += static_cast<std::uint32_t>(l4_len >> 16U);
        sum += static_cast<std::uint32_t>(l4_len & 0xffffU);
        sum += l4_proto_;
    }
    return sum;
}

std::span<const std::uint8_t> FrameBuilder::finish() noexcept {
    if (l3_ == L3::v4) {
        patch_be16(l3_at_ + 2, static_cast<std::uint16_t>(len_ - l3_at_));
        const auto sum = checksum_add(0, std::span<const std::uint8_t>(buf_).subspan(l3_at_, 20));
        patch_be16(l3_at_ + 10, checksum_fold(sum));
    } else if (l3_ == L3::v6) {
        patch_be16(l3_at_ + 4, static_cast<std::uint16_t>(len_ - l3_at_ - 40));
    }
    if (l4_ != L4::none && l3_ != L3::none) {
        const std::size_t l4_len = len_ - l4_at_;
        std::size_t csum_at = l4_at_ + 2;  // ICMPv6
        if (l4_ == L4::udp) {
            patch_be16(l4_at_ + 4, static_cast<std::uint16_t>(l4_len));
            csum_at = l4_at_ + 6;
        } else if (l4_ == L4::tcp) {
            csum_at = l4_at_ + 16;
        }
        auto sum = pseudo_header_sum(l4_len);
        sum = checksum_add(sum, std::span<const std::uint8_t>(buf_).subspan(l4_at_, l4_len));
        std::uint16_t c = checksum_fold(sum);
        if (l4_ == L4::udp && c == 0) {
            c = 0xffff;  // RFC 768: a computed zero is sent as all ones
        }
        patch_be16(csum_at, c);
    }
    if (len_ < kMinFrame) {
        fill(kMinFrame - len_, 0);
    }
    return std::span<const std::uint8_t>(buf_).first(len_);
}

}  // namespace daicho::capgen
