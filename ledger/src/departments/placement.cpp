// Prefixes and the resolution of a device's department and site (ledger/departments.h).
// Addresses come from the ledger as text (ARP/NDP bindings); anything that does not parse as
// an IPv4 or IPv6 address is simply not matched.

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "daicho/collectors/observation.h"
#include "daicho/ledger/departments.h"

namespace daicho::ledger {

namespace {

using collectors::IpAddress;

bool in_prefix(const Prefix& p, const IpAddress& a) {
    IpAddress network;
    network.family = p.v6 ? IpAddress::Family::v6 : IpAddress::Family::v4;
    network.octets = p.bytes;
    return collectors::in_prefix(a, network, static_cast<std::size_t>(p.length));
}

// Which rule (department or site) each mapping points at, and the mappings that said so, in
// the order the device's addresses / VLANs first hit them.
struct Hits {
    std::vector<std::pair<std::size_t, std::vector<std::string>>> by_rule;

    void add(std::size_t rule, std::string what) {
        auto it = std::find_if(by_rule.begin(), by_rule.end(),
                               [&](const auto& h) { return h.first == rule; });
        if (it == by_rule.end()) {
            by_rule.push_back({rule, {std::move(what)}});
        } else if (std::find(it->second.begin(), it->second.end(), what) == it->second.end()) {
            it->second.push_back(std::move(what));
        }
    }
};

std::string source_text(std::string_view kind, const std::vector<std::string>& what) {
    std::string out(kind);
    for (std::size_t i = 0; i < what.size(); ++i) {
        out += (i == 0 ? " " : ", ") + what[i];
    }
    return out;
}

// Settles `name`/`source`/`conflict` from the hits: one rule names it, several are a conflict.
template <typename Rules>
bool settle(const Hits& hits, const Rules& rules, std::string_view kind, std::string& name,
            std::string& source, std::vector<PlacementCandidate>& conflict) {
    if (hits.by_rule.empty()) {
        return false;
    }
    if (hits.by_rule.size() == 1) {
        name = rules.at(hits.by_rule.front().first).name;
        source = source_text(kind, hits.by_rule.front().second);
        return true;
    }
    source = "conflict";
    for (const auto& [rule, what] : hits.by_rule) {
        conflict.push_back({rules.at(rule).name, source_text(kind, what)});
    }
    return true;
}

// Longest-prefix match of every address over the rules in scope.
template <typename Rules, typename InScope>
Hits subnet_hits(const std::vector<IpAddress>& addresses, const Rules& rules, InScope in_scope) {
    Hits hits;
    for (const IpAddress& a : addresses) {
        const Prefix* best = nullptr;
        std::size_t best_rule = 0;
        for (std::size_t r = 0; r < rules.size(); ++r) {
            if (!in_scope(rules[r])) {
                continue;
            }
            for (const Prefix& p : rules[r].subnets) {
                if (in_prefix(p, a) && (best == nullptr || p.length > best->length)) {
                    best = &p;
                    best_rule = r;
                }
            }
        }
        if (best != nullptr) {
            hits.add(best_rule, best->text());
        }
    }
    return hits;
}

// The subnet hits of the management addresses `d` announced (LLDP/CDP) and holds.
template <typename Rules, typename InScope>
Hits managed_hits(const DeviceRecord& d, const Rules& rules, InScope in_scope) {
    std::vector<IpAddress> managed;
    for (const FactEntry& f : d.facts) {
        if (f.kind != collectors::FactKind::management_address || !f.about.empty()) {
            continue;
        }
        const bool held = std::any_of(d.addresses.begin(), d.addresses.end(),
                                      [&](const AddressEntry& a) { return a.address == f.value; });
        const auto a = IpAddress::parse(f.value);
        if (held && a && std::find(managed.begin(), managed.end(), *a) == managed.end()) {
            managed.push_back(*a);
        }
    }
    return subnet_hits(managed, rules, in_scope);
}

const SiteRule* find_site(const DepartmentMap& map, std::string_view name) {
    for (const auto& s : map.sites) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

}  // namespace

std::string Prefix::text() const {
    IpAddress a;
    a.family = v6 ? IpAddress::Family::v6 : IpAddress::Family::v4;
    a.octets = bytes;
    return a.to_string() + "/" + std::to_string(length);
}

bool Prefix::contains(std::string_view address) const {
    const auto a = IpAddress::parse(address);
    return a && in_prefix(*this, *a);
}

bool Prefix::contains(const IpAddress& address) const {
    return in_prefix(*this, address);
}

std::optional<Prefix> parse_prefix(std::string_view text, std::string* why) {
    const auto fail = [&](std::string reason) -> std::optional<Prefix> {
        if (why != nullptr) {
            *why = std::move(reason);
        }
        return std::nullopt;
    };
    constexpr std::string_view kNotAPrefix = "is not an IPv4 or IPv6 prefix";
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        if (const auto a = IpAddress::parse(text)) {
            return fail("needs a prefix length (" + std::string(text) +
                        (a->family == IpAddress::Family::v6 ? "/128" : "/32") +
                        " for one address)");
        }
        return fail(std::string(kNotAPrefix));
    }
    const auto a = IpAddress::parse(text.substr(0, slash));
    const std::string_view len_text = text.substr(slash + 1);
    int length = -1;
    const bool digits =
        !len_text.empty() && len_text.size() <= 3 &&
        std::all_of(len_text.begin(), len_text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
        std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
    }
    if (!a || length < 0) {
        return fail(std::string(kNotAPrefix));
    }
    const bool v6 = a->family == IpAddress::Family::v6;
    const int max = v6 ? 128 : 32;
    if (length > max) {
        return fail(std::string(kNotAPrefix) + " (the length is at most " + std::to_string(max) +
                    ")");
    }
    Prefix p;
    p.v6 = v6;
    p.length = length;
    for (std::size_t i = 0; i < p.bytes.size(); ++i) {
        const int bits = std::clamp(length - static_cast<int>(i) * 8, 0, 8);
        const auto mask = static_cast<std::uint8_t>(bits == 0 ? 0U : 0xFFU << (8 - bits));
        p.bytes.at(i) = static_cast<std::uint8_t>(a->octets.at(i) & mask);
    }
    if (p.bytes != a->octets) {
        return fail("has host bits set (the prefix is " + p.text() + ")");
    }
    return p;
}

void resolve_placement(DeviceRecord& d, const DepartmentMap& map) {
    file_device(d, map.filing);
    d.department.clear();
    d.department_source.clear();
    d.department_conflict.clear();
    d.site.clear();
    d.site_source.clear();
    d.site_conflict.clear();

    std::vector<IpAddress> addresses;
    for (const auto& entry : d.addresses) {
        if (const auto a = IpAddress::parse(entry.address)) {
            addresses.push_back(*a);
        }
    }
    // A department whose site lists domains covers only devices seen in those domains.
    const auto in_scope = [&](const DepartmentRule& rule) {
        const SiteRule* site = rule.site.empty() ? nullptr : find_site(map, rule.site);
        return site == nullptr || site->domains.empty() ||
               std::find(site->domains.begin(), site->domains.end(), d.domain) !=
                   site->domains.end();
    };

    const Annotation* said = d.annotation("department");
    const Hits by_subnet = subnet_hits(addresses, map.departments, in_scope);
    if (said != nullptr && !said->value.empty()) {
        d.department = said->value;
        d.department_source = "annotation";
    } else if (const Hits managed = managed_hits(d, map.departments, in_scope);
               managed.by_rule.size() == 1 && by_subnet.by_rule.size() > 1) {
        // A router or switch has an address in every department it serves; the one it is
        // managed at (the management address it announces) is where it belongs.
        d.department = map.departments.at(managed.by_rule.front().first).name;
        d.department_source = source_text("management address in subnet", managed.by_rule.front().second);
    } else if (!settle(by_subnet, map.departments, "subnet", d.department, d.department_source,
                       d.department_conflict)) {
        Hits vlans;
        for (int v : d.vlans) {
            for (std::size_t r = 0; v != 0 && r < map.departments.size(); ++r) {
                const auto& rule = map.departments[r];
                if (in_scope(rule) &&
                    std::find(rule.vlans.begin(), rule.vlans.end(), v) != rule.vlans.end()) {
                    vlans.add(r, std::to_string(v));
                }
            }
        }
        settle(vlans, map.departments, "vlan", d.department, d.department_source,
               d.department_conflict);
    }

    if (!d.department.empty()) {
        for (const auto& rule : map.departments) {
            if (rule.name == d.department && !rule.site.empty()) {
                d.site = rule.site;
                d.site_source = "department " + rule.name;
                return;
            }
        }
    }
    if (settle(subnet_hits(addresses, map.sites, [](const SiteRule&) { return true; }), map.sites,
               "subnet", d.site, d.site_source, d.site_conflict)) {
        return;
    }
    for (const auto& site : map.sites) {
        if (std::find(site.domains.begin(), site.domains.end(), d.domain) != site.domains.end()) {
            d.site = site.name;
            d.site_source = "domain " + std::to_string(d.domain);
            return;
        }
    }
}

void resolve_placements(std::span<DeviceRecord> devices, const DepartmentMap& map) {
    for (auto& d : devices) {
        resolve_placement(d, map);
    }
}

}  // namespace daicho::ledger
