// What is inside the hospital, for the conversation table (conversations.h).
// Refs: RFC 1918 §3 and RFC 4193 §8 (the fallback inside ranges when no plan is configured:
//   private_address() in observation.h); RFC 6890 and RFC 6890's IPv6 table (0/8
//   "this network", 127/8 loopback, 169.254/16 and fe80::/10 link-local, 224/4 and ff00::/8
//   multicast, 255.255.255.255 limited broadcast, :: and ::1): addresses that name no
//   endpoint of a conversation.

#include <algorithm>

#include "daicho/collectors/conversations.h"

namespace daicho::collectors {

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
        return private_address(a);
    }
    return std::any_of(prefixes_.begin(), prefixes_.end(), [&a](const InsidePrefix& p) {
        return in_prefix(a, p.network, p.length);
    });
}

}  // namespace daicho::collectors
