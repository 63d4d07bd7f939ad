#pragma once
// Departments (部署) and sites (拠点): the map from subnets, VLANs and broadcast domains to the
// hospital's departments and sites (the config file's "departments" and "sites", loaded and
// validated by agent/src/config) and the pure resolution of each device's department and site.
// The `daicho departments` report is survey-mapper's (daicho/survey/department_report.h).
// The survey needs the department as an attribute of every device: Q9 asks for 設置部署 per
// medical device, Q10 for external connection points per department (answer-logic.md §5.1,
// §5.2, §6.2).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/device.h"
#include "daicho/ledger/filing.h"

namespace daicho::ledger {

// An IPv4 or IPv6 prefix with its host bits zero ("10.20.0.0/16", "fd00:20::/64").
struct Prefix {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
    int length = 0;

    [[nodiscard]] std::string text() const;
    // Whether `address` (IPv4 dotted or IPv6 text) lies inside; false for unparsable text.
    [[nodiscard]] bool contains(std::string_view address) const;
    [[nodiscard]] bool contains(const collectors::IpAddress& address) const;
    friend bool operator==(const Prefix&, const Prefix&) = default;
};

// Parses "ADDRESS/LENGTH". On failure returns nullopt and, when `why` is given, one phrase
// saying what is wrong ("is not an IPv4 or IPv6 prefix", "has host bits set (the prefix is
// 10.20.0.0/16)", "needs a prefix length (10.1.2.3/32 for one address)").
[[nodiscard]] std::optional<Prefix> parse_prefix(std::string_view text, std::string* why = nullptr);

struct SiteRule {
    std::string name;
    std::vector<Prefix> subnets;
    std::vector<std::int64_t> domains;  // broadcast domains (sensors), DeviceRecord::domain
};

struct DepartmentRule {
    std::string name;
    std::string site;  // "" when the department names no site
    std::vector<Prefix> subnets;
    std::vector<int> vlans;
};

// The config's map. The loader guarantees: names are unique and non-empty, a department's site
// is one of `sites`, no prefix, VLAN or domain is given to two departments (sites) whose scopes
// overlap. A department whose site lists domains only matches devices seen in those domains:
// VLAN ids and private subnets repeat from site to site.
struct DepartmentMap {
    std::vector<SiteRule> sites;
    std::vector<DepartmentRule> departments;
    // "ledger_filing": which survey ledger the classes hospitals file differently go to.
    LedgerFiling filing;
    // The config's "internal_ranges": prefixes inside the hospital that no site or department
    // lists (a server segment, a DMZ, a partner's VPN pool); they join the address plan
    // (daicho/ledger/address_plan.h) and place nothing.
    std::vector<Prefix> internal_ranges;

    [[nodiscard]] bool empty() const noexcept { return sites.empty() && departments.empty(); }
};

// Fills department, department_source, department_conflict, site, site_source and site_conflict
// of one device. Department: the `department` annotation wins; else the longest prefix that
// holds one of the device's addresses, over all departments (every address must land in the
// same department, or it is a conflict); else the device's VLANs. Site: the site of the
// resolved department; else the longest site prefix over the addresses; else the domain.
// Also files the device in its survey ledger (file_device with the map's filing).
void resolve_placement(DeviceRecord& device, const DepartmentMap& map);
void resolve_placements(std::span<DeviceRecord> devices, const DepartmentMap& map);

}  // namespace daicho::ledger
