// DHCP messages for the capture generator: BOOTP fixed part (RFC 2131 §2, figure 1), magic
// cookie 99.130.83.99 (RFC 2131 §3), options (RFC 2132 §3.14 hostname 12, §9.6 type 53,
// §9.8 PRL 55, §9.13 vendor class 60, §9.14 client id 61).

#include "app_payloads.h"

#include <algorithm>

namespace daicho::capgen {

namespace {
constexpr std::size_t kBootpMinBytes = 300;  // RFC 1542 §2.1: pad BOOTP to 300 octets

void opt_bytes(FrameBuilder& b, std::uint8_t code, std::span<const std::uint8_t> v) noexcept {
    b.u8(code);
    b.u8(static_cast<std::uint8_t>(std::min<std::size_t>(v.size(), 255)));
    b.bytes(v.first(std::min<std::size_t>(v.size(), 255)));
}
void opt_text(FrameBuilder& b, std::uint8_t code, std::string_view v) noexcept {
    const auto n = std::min<std::size_t>(v.size(), 255);
    b.u8(code);
    b.u8(static_cast<std::uint8_t>(n));
    b.text(v.substr(0, n));
}
void opt_ip(FrameBuilder& b, std::uint8_t code, Ipv4 a) noexcept {
    b.u8(code);
    b.u8(4);
    b.ip4(a);
}
void opt_u32(FrameBuilder& b, std::uint8_t code, std::uint32_t v) noexcept {
    b.u8(code);
    b.u8(4);
    b.be32(v);
}
}  // namespace

void dhcp(FrameBuilder& b, const DhcpMessage& m) noexcept {
    const std::size_t start = b.size();
    const bool reply = m.type == DhcpType::offer || m.type == DhcpType::ack;
    b.u8(reply ? 2 : 1);  // op
    b.u8(1);              // htype Ethernet
    b.u8(6);              // hlen
    b.u8(0);              // hops
    b.be32(m.xid);
    b.be16(m.secs);
    b.be16(m.broadcast ? 0x8000 : 0);
    b.ip4(m.ciaddr);
    b.ip4(m.yiaddr);
    b.ip4(0);  // siaddr
    b.ip4(m.giaddr);
    b.mac(m.chaddr);
    b.fill(10, 0);   // chaddr padding
    b.fill(64, 0);   // sname
    b.fill(128, 0);  // file
    b.be32(0x63825363);

    b.u8(53);
    b.u8(1);
    b.u8(static_cast<std::uint8_t>(m.type));
    if (!reply) {
        b.u8(61);  // client identifier: htype 1 + chaddr
        b.u8(7);
        b.u8(1);
        b.mac(m.chaddr);
        if (m.requested_ip != 0) {
            opt_ip(b, 50, m.requested_ip);
        }
        if (m.type == DhcpType::request && m.server_id != 0) {
            opt_ip(b, 54, m.server_id);
        }
        b.u8(57);  // maximum message size
        b.u8(2);
        b.be16(1500);
        if (!m.hostname.empty()) {
            opt_text(b, 12, m.hostname);
        }
        if (!m.vendor_class.empty()) {
            opt_text(b, 60, m.vendor_class);
        }
        if (!m.prl.empty()) {
            opt_bytes(b, 55, m.prl);
        }
    } else {
        opt_ip(b, 54, m.server_id);
        opt_u32(b, 51, m.lease_s);
        opt_u32(b, 58, m.lease_s / 2);
        opt_u32(b, 59, m.lease_s / 8 * 7);
        opt_ip(b, 1, m.subnet_mask);
        opt_ip(b, 3, m.router);
        opt_ip(b, 6, m.dns);
        if (!m.domain.empty()) {
            opt_text(b, 15, m.domain);
        }
    }
    b.u8(255);
    const std::size_t used = b.size() - start;
    if (used < kBootpMinBytes) {
        b.fill(kBootpMinBytes - used, 0);
    }
}

}  // namespace daicho::capgen
