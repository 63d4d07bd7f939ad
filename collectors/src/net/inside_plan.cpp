// What is inside the hospital, for the conversation table (conversations.h).
// Refs: RFC 1918 §3 and RFC 4193 §8 (the fallback inside ranges when no plan is configured:
//   10/8, 172.16/12, 192.168/16, fc00::/7); RFC 6890 and RFC 6890's IPv6 table (0/8
//   "this network", 127/8 loopback, 169.254/16 and fe80::/10 link-local, 224/4 and ff00::/8
//   multicast, 255.255.255.255 limited broadcast, :: and ::1): addresses that name no
//   endpoint of a conversation.

#include <algorithm>

#include "daicho/collectors/conversations.h"

namespace daicho::collectors {
namespace {

bool in_prefix(const IpAddress& a, const IpAddress& net, std::uint8_t length) noexcept {
    if (a.family != net.family) {
        return false;
    }
    const std::size_t bits = a.family == IpAddress::Family::v4 ? 32 : 128;
    const std::size_t n = std::min<std::size_t>(length, bits);
    const std::size_t whole = n / 8;
    for (std::size_t i = 0; i < whole; ++i) {
        if (a.octets.at(i) != net.octets.at(i)) {
            return false;
        }
    }
    const std::size_t rest = n % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<std::uint8_t>(0xFFU << (8U - rest));
    return (a.octets.at(whole) & mask) == (net.octets.at(whole) & mask);
}

// RFC 1918 §3 and RFC 4193 §8 (fc00::/7).
bool private_range(const IpAddress& a) noexcept {
    const auto& o = a.octets;
    if (a.family == IpAddress::Family::v4) {
        return o[0] == 10 || (o[0] == 172 && (o[1] & 0xF0U) == 16) ||
               (o[0] == 192 && o[1] == 168);
    }
    return a.family == IpAddress::Family::v6 && (o[0] & 0xFEU) == 0xFC;
}

}  // namespace

bool InsidePlan::no_endpoint(const IpAddress& a) noexcept {
    const auto& o = a.octets;
    switch (a.family) {
        case IpAddress::Family::v4:
            return o[0] == 0 || o[0] == 127 || (o[0] == 169 && o[1] == 254) ||
                   (o[0] & 0xF0U) == 0xE0 ||  // 224.0.0.0/4 multicast
                   (o[0] == 255 && o[1] == 255 && o[2] == 255 && o[3] == 255);
        case IpAddress::Family::v6: {
            if (o[0] == 0xFF || (o[0] == 0xFE && (o[1] & 0xC0U) == 0x80)) {
                return true;  // multicast, fe80::/10
            }
            bool zero_head = true;
            for (std::size_t i = 0; i < 15; ++i) {
                zero_head = zero_head && o.at(i) == 0;
            }
            return zero_head && (o[15] == 0 || o[15] == 1);  // :: and ::1
        }
        case IpAddress::Family::none:
            break;
    }
    return true;
}

bool InsidePlan::inside(const IpAddress& a) const noexcept {
    if (prefixes_.empty()) {
        return private_range(a);
    }
    return std::any_of(prefixes_.begin(), prefixes_.end(), [&a](const InsidePrefix& p) {
        return in_prefix(a, p.network, p.length);
    });
}

}  // namespace daicho::collectors
