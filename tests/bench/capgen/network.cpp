#include "network.h"

#include <array>
#include <cstdio>

namespace daicho::capgen {

Mac mac_from_oui(const Oui& o, Rng& rng) noexcept {
    return Mac{{o.a, o.b, o.c, rng.byte(), rng.byte(), rng.byte()}};
}

Mac random_local_mac(Rng& rng) noexcept {
    Mac m{{rng.byte(), rng.byte(), rng.byte(), rng.byte(), rng.byte(), rng.byte()}};
    m.b[0] = static_cast<std::uint8_t>((m.b[0] & 0xfcU) | 0x02U);  // local, unicast
    return m;
}

std::string mac_text(const Mac& m) {
    std::array<char, 18> s{};
    std::snprintf(s.data(), s.size(), "%02x:%02x:%02x:%02x:%02x:%02x", m.b[0], m.b[1], m.b[2],
                  m.b[3], m.b[4], m.b[5]);
    return std::string(s.data());
}

std::string ipv4_text(Ipv4 a) {
    return std::to_string(a >> 24U) + "." + std::to_string((a >> 16U) & 0xffU) + "." +
           std::to_string((a >> 8U) & 0xffU) + "." + std::to_string(a & 0xffU);
}

void finish_host(Host& h, Rng& rng) noexcept {
    const bool random_iid = h.role == Role::phone || h.dhcp == DhcpProfile::windows;
    h.ll = link_local(random_iid ? rng.next() : eui64_iid(h.mac));
    h.initial_ttl = h.dhcp == DhcpProfile::windows ? 128 : 64;
    if (h.role == Role::network || h.role == Role::router) {
        h.initial_ttl = 255;
    }
}

}  // namespace daicho::capgen
