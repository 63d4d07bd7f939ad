#include "daicho/ledger/address_plan.h"

#include <algorithm>

#include "daicho/collectors/observation.h"

namespace daicho::ledger {

using collectors::IpAddress;

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
        return collectors::private_address(*a);  // RFC 1918, RFC 4193
    }
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [&](const Prefix& p) { return p.contains(*a); });
}

}  // namespace daicho::ledger
