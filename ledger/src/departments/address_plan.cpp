#include "daicho/ledger/address_plan.h"

#include <algorithm>

#include "daicho/collectors/observation.h"

namespace daicho::ledger {

using collectors::IpAddress;

namespace {

// RFC 1918 and RFC 4193: the fallback when the config gives no plan.
bool private_address(const IpAddress& a) noexcept {
    const auto& o = a.octets;
    if (a.family == IpAddress::Family::v4) {
        return o[0] == 10 || (o[0] == 172 && (o[1] & 0xf0U) == 16) || (o[0] == 192 && o[1] == 168);
    }
    return a.family == IpAddress::Family::v6 && (o[0] & 0xfeU) == 0xfc;  // fc00::/7
}

}  // namespace

AddressPlan::AddressPlan(const DepartmentMap& map) {
    for (const auto& s : map.sites) {
        ranges_.insert(ranges_.end(), s.subnets.begin(), s.subnets.end());
    }
    for (const auto& d : map.departments) {
        ranges_.insert(ranges_.end(), d.subnets.begin(), d.subnets.end());
    }
    ranges_.insert(ranges_.end(), map.internal_ranges.begin(), map.internal_ranges.end());
}

bool AddressPlan::inside(std::string_view ip) const {
    const auto a = IpAddress::parse(ip);
    if (!a) {
        return false;
    }
    if (ranges_.empty()) {
        return private_address(*a);
    }
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [&](const Prefix& p) { return p.contains(*a); });
}

}  // namespace daicho::ledger
