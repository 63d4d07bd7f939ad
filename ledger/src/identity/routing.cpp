#include "identity/routing.h"

#include <algorithm>

#include "daicho/collectors/observation.h"

namespace daicho::ledger {

using collectors::IpAddress;

bool routable_source(std::string_view ip) noexcept {
    const auto a = IpAddress::parse(ip);
    if (!a || a->is_unspecified()) {
        return false;
    }
    const auto& o = a->octets;
    if (a->family == IpAddress::Family::v4) {
        // RFC 3927 link-local; 224/4 multicast and 255.255.255.255 are never sources.
        return !(o[0] == 169 && o[1] == 254) && o[0] < 224;
    }
    // RFC 4291: fe80::/10 link-local, ff00::/8 multicast.
    return !(o[0] == 0xfe && (o[1] & 0xc0U) == 0x80) && o[0] != 0xff;
}

bool same_family_known(std::string_view ip, std::span<const std::string> own) noexcept {
    const bool v6 = ip.find(':') != std::string_view::npos;
    return std::any_of(own.begin(), own.end(), [&](const std::string& a) {
        return (a.find(':') != std::string::npos) == v6;
    });
}

bool announces_routing(std::string_view kind, std::string_view value) noexcept {
    return (kind == "role" && value == "ipv6-router") ||
           (kind == "capability" && value == "router");
}

// Cheapest tests first: this runs for every fact of every device a read hands over.
bool relayed_from_outside(std::string_view ip, std::span<const std::string> own,
                          const AddressPlan& plan) {
    return !ip.empty() && std::find(own.begin(), own.end(), ip) == own.end() &&
           same_family_known(ip, own) && routable_source(ip) && !plan.inside(ip);
}

std::vector<std::string> hosts_behind(std::span<const std::string> own,
                                      std::span<const std::string> senders, bool announces,
                                      const AddressPlan& plan) {
    std::vector<std::string> out;
    for (const std::string& ip : senders) {
        if (ip.empty() || std::find(own.begin(), own.end(), ip) != own.end() ||
            !routable_source(ip) || !plan.inside(ip) || !same_family_known(ip, own)) {
            continue;
        }
        out.push_back(ip);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (!announces && out.size() < 2) {
        out.clear();
    }
    return out;
}

}  // namespace daicho::ledger
