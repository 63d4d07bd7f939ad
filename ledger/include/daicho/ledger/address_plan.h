#pragma once
// What is inside the hospital (issue 11). The hospital's address plan decides: every prefix of
// the config's sites and departments and its "internal_ranges". Only when none is configured
// does daicho fall back to RFC 1918 and RFC 4193 (IPv6 ULA), where hospitals usually keep
// their subnets, and then `configured()` is false so the output can say so. Addresses outside
// are external endpoints: never routed-host devices, and a fact a device relayed from one is
// about that endpoint, never about the relay (identity/routing.h).

#include <string_view>
#include <vector>

#include "daicho/ledger/departments.h"

namespace daicho::ledger {

class AddressPlan {
   public:
    AddressPlan() = default;  // no plan: RFC 1918 / ULA
    explicit AddressPlan(const DepartmentMap& map);

    // Whether a prefix of the plan was configured (else the RFC 1918/ULA fallback decides).
    [[nodiscard]] bool configured() const noexcept { return !ranges_.empty(); }
    // Whether `ip` (IPv4 dotted or IPv6 text) is inside; false for unparsable text.
    [[nodiscard]] bool inside(std::string_view ip) const;
    [[nodiscard]] const std::vector<Prefix>& ranges() const noexcept { return ranges_; }

   private:
    std::vector<Prefix> ranges_;
};

}  // namespace daicho::ledger
