// build_topology: departments and their subnets with end devices counted per category, the gear
// (topology/gear.cpp), the external endpoints and the connection points, and the window.

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

#include "daicho/ledger/address_plan.h"
#include "daicho/survey/words.h"
#include "daicho/survey/topology.h"
#include "topology/gear.h"

namespace daicho::survey {

namespace {

using ledger::DepartmentMap;
using ledger::DepartmentRule;
using ledger::DeviceRecord;
using ledger::Prefix;

// A subnet's key inside its department: the configured prefix that holds the device (the
// longest), else the first VLAN it was seen on, else nothing.
struct SubnetKey {
    int order = 0;       // configured prefixes first (config order), then VLANs, then none
    std::string prefix;  // "" for a VLAN group
    int vlan = -1;       // -1: no VLAN
    friend bool operator<(const SubnetKey& a, const SubnetKey& b) {
        return std::tie(a.order, a.vlan, a.prefix) < std::tie(b.order, b.vlan, b.prefix);
    }
};

constexpr int kVlanGroups = 1'000'000;  // after every configured prefix

SubnetKey subnet_key(const DeviceRecord& d, const DepartmentRule* rule) {
    if (rule != nullptr) {
        const Prefix* best = nullptr;
        int order = 0;
        for (std::size_t i = 0; i < rule->subnets.size(); ++i) {
            const auto& p = rule->subnets[i];
            const bool holds = std::any_of(d.addresses.begin(), d.addresses.end(),
                                           [&](const auto& a) { return p.contains(a.address); });
            if (holds && (best == nullptr || p.length > best->length)) {
                best = &p;
                order = static_cast<int>(i);
            }
        }
        if (best != nullptr) {
            return {order, best->text(), -1};
        }
    }
    if (!d.vlans.empty()) {
        return {kVlanGroups, "", d.vlans.front()};
    }
    return {kVlanGroups + 1, "", -1};
}

struct SubnetTally {
    std::set<int> vlans;
    std::map<std::string, std::uint64_t> counts;
    std::uint64_t devices = 0;
    std::vector<TopologyDevice> listed;
};

std::vector<CategoryCount> ordered_counts(const std::map<std::string, std::uint64_t>& counts) {
    std::vector<CategoryCount> out;
    for (const auto key : category_keys()) {
        if (auto it = counts.find(std::string(key)); it != counts.end()) {
            out.push_back({it->first, it->second});
        }
    }
    for (const auto& entry : counts) {  // a category the word table does not know
        const std::string& key = entry.first;
        if (std::none_of(out.begin(), out.end(), [&](const auto& c) { return c.category == key; })) {
            out.push_back({key, entry.second});
        }
    }
    return out;
}

// The gateways of a subnet: those holding an address in its prefix; else those on one of its
// VLANs (a department given by a host prefix, or a VLAN group).
std::vector<std::int64_t> subnet_gateways(const SubnetKey& key, const SubnetTally& tally,
                                          const std::vector<TopologyGear>& gear) {
    std::vector<std::int64_t> out;
    const auto is_gateway = [](const TopologyGear& g) { return g.has(GearRole::gateway); };
    if (!key.prefix.empty()) {
        const auto prefix = ledger::parse_prefix(key.prefix);
        for (const auto& g : gear) {
            if (is_gateway(g) && prefix &&
                std::any_of(g.addresses.begin(), g.addresses.end(),
                            [&](const std::string& a) { return prefix->contains(a); })) {
                out.push_back(g.id);
            }
        }
    }
    if (out.empty()) {
        for (const auto& g : gear) {
            if (is_gateway(g) && std::any_of(g.vlans.begin(), g.vlans.end(), [&](int v) {
                    return v != 0 && tally.vlans.count(v) != 0;
                })) {
                out.push_back(g.id);
            }
        }
    }
    return out;
}

void widen(std::int64_t& first, std::int64_t& last, const DeviceRecord& d) {
    if (d.first_seen_us > 0) {
        first = std::min(first, d.first_seen_us);
    }
    last = std::max(last, d.last_seen_us);
}

}  // namespace

std::string_view gear_role_name(GearRole role) noexcept {
    switch (role) {
        case GearRole::gateway: return "gateway";
        case GearRole::router: return "router";
        case GearRole::core_switch: return "core_switch";
        case GearRole::access_switch: return "access_switch";
        case GearRole::dhcp_server: return "dhcp_server";
        case GearRole::dhcp_relay: return "dhcp_relay";
        case GearRole::dns_server: return "dns_server";
        case GearRole::egress: return "egress";
    }
    return "gateway";
}

bool TopologyGear::has(GearRole role) const noexcept {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const TopologyGear* Topology::find_gear(std::int64_t id) const noexcept {
    const auto it = std::lower_bound(gear.begin(), gear.end(), id,
                                     [](const TopologyGear& g, std::int64_t v) { return g.id < v; });
    return it != gear.end() && it->id == id ? &*it : nullptr;
}

Topology build_topology(std::span<const DeviceRecord> devices,
                        std::span<const DeviceRecord> external, const DepartmentMap& map,
                        const TopologyOptions& options) {
    Topology t;
    t.generated_us = options.generated_us;
    t.plan_configured = ledger::AddressPlan(map).configured();
    t.connections = options.connections;
    t.gear = topology::find_gear(devices, external, options.connections);

    // Departments: the config's, then those only annotations or connection points name, then
    // the devices no department holds.
    std::vector<std::string> names;
    std::map<std::string, std::string> site_of;
    for (const auto& rule : map.departments) {
        names.push_back(rule.name);
        site_of[rule.name] = rule.site;
    }
    std::set<std::string> extra;
    bool unplaced = false;
    for (const auto& d : devices) {
        if (d.department.empty()) {
            unplaced = true;
        } else if (!site_of.count(d.department)) {
            extra.insert(d.department);
        }
    }
    for (const auto& c : options.connections) {
        if (!c.department.empty() && !site_of.count(c.department)) {
            extra.insert(c.department);
        }
    }
    names.insert(names.end(), extra.begin(), extra.end());
    if (unplaced) {
        names.emplace_back();
    }
    if (!options.expand.empty() &&
        std::find(names.begin(), names.end(), options.expand) == names.end()) {
        throw std::invalid_argument("no department \"" + options.expand + "\" in the picture");
    }
    t.expanded = options.expand;

    std::map<std::string, std::map<SubnetKey, SubnetTally>> tallies;
    for (const auto& rule : map.departments) {  // a configured subnet shows with no device too
        for (std::size_t i = 0; i < rule.subnets.size(); ++i) {
            (void)tallies[rule.name][{static_cast<int>(i), rule.subnets[i].text(), -1}];
        }
    }
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = 0;
    for (const auto& d : devices) {
        widen(first, last, d);
        if (t.find_gear(d.id) != nullptr) {
            continue;
        }
        const auto rule = std::find_if(map.departments.begin(), map.departments.end(),
                                       [&](const auto& r) { return r.name == d.department; });
        const auto key = subnet_key(d, rule == map.departments.end() ? nullptr : &*rule);
        auto& tally = tallies[d.department][key];
        tally.vlans.insert(d.vlans.begin(), d.vlans.end());
        ++tally.counts[d.category];
        ++tally.devices;
        if (!options.expand.empty() && d.department == options.expand) {
            tally.listed.push_back({d.id, topology::display_name(d), d.category,
                                    d.addresses.empty() ? "" : d.addresses.front().address});
        }
    }
    for (const auto& e : external) {
        widen(first, last, e);
        TopologyExternal x{e.id, topology::display_name(e), {}, {}};
        for (const auto& a : e.addresses) {
            x.addresses.push_back(a.address);
        }
        for (const auto& g : t.gear) {
            const auto rec = std::find_if(devices.begin(), devices.end(),
                                           [&](const auto& d) { return d.id == g.id; });
            if (g.has(GearRole::egress) && rec != devices.end() && !e.mac.empty() &&
                topology::share_link(rec->domain, rec->vlans, e.domain, e.vlans)) {
                x.via.push_back(g.id);
            }
        }
        t.external.push_back(std::move(x));
    }
    t.window_first_us = last == 0 ? 0 : first;
    t.window_last_us = last;

    for (const auto& name : names) {
        TopologyDepartment dep;
        dep.name = name;
        dep.configured = site_of.count(name) != 0;
        dep.site = dep.configured ? site_of[name] : "";
        for (auto& [key, tally] : tallies[name]) {
            TopologySubnet s;
            s.prefix = key.prefix;
            s.vlans.assign(tally.vlans.begin(), tally.vlans.end());
            if (s.vlans.empty() && key.vlan >= 0) {
                s.vlans.push_back(key.vlan);
            }
            s.gateways = subnet_gateways(key, tally, t.gear);
            s.counts = ordered_counts(tally.counts);
            s.devices = tally.devices;
            s.listed = std::move(tally.listed);
            dep.devices += s.devices;
            dep.subnets.push_back(std::move(s));
        }
        for (const auto& g : t.gear) {
            if (g.department == name && !name.empty()) {
                dep.gear.push_back(g.id);
            }
        }
        dep.connections = static_cast<std::uint64_t>(
            std::count_if(options.connections.begin(), options.connections.end(),
                          [&](const auto& c) { return c.department == name; }));
        t.departments.push_back(std::move(dep));
    }
    for (const auto& s : map.sites) {
        t.sites.push_back(s.name);
    }
    return t;
}

}  // namespace daicho::survey
