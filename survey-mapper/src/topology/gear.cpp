#include "topology/gear.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace daicho::survey::topology {

namespace {

using collectors::FactKind;
using ledger::DeviceRecord;

// Shorter names match inside too many port descriptions ("sw", "gw") to name a neighbour.
constexpr std::size_t kMinNeighbourName = 3;

bool is_link_local(std::string_view address) {
    return address.size() >= 4 && (address.substr(0, 4) == "fe80" || address.substr(0, 4) == "FE80");
}

std::string system_name(const DeviceRecord& d) {
    for (const auto& f : d.facts) {
        if (f.kind == FactKind::system_name && !f.value.empty()) {
            return f.value;
        }
    }
    return {};
}

bool has_fact(const DeviceRecord& d, FactKind kind, std::string_view value) {
    return std::any_of(d.facts.begin(), d.facts.end(),
                       [&](const auto& f) { return f.kind == kind && f.value == value; });
}

// A name as a whole token of `text`: the characters around it are not part of a host name.
bool names_token(std::string_view text, std::string_view name) {
    if (name.size() < kMinNeighbourName) {
        return false;
    }
    const auto part_of_name = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '-' || c == '_' || c == '.';
    };
    for (auto pos = text.find(name); pos != std::string_view::npos;
         pos = text.find(name, pos + 1)) {
        const auto end = pos + name.size();
        if ((pos == 0 || !part_of_name(text[pos - 1])) &&
            (end == text.size() || !part_of_name(text[end]))) {
            return true;
        }
    }
    return false;
}

class GearBuilder {
   public:
    void add(const DeviceRecord& d, GearRole role, std::string evidence) {
        auto [it, fresh] = gear_.try_emplace(d.id);
        TopologyGear& g = it->second;
        if (fresh) {
            fill(g, d);
        }
        if (!g.has(role)) {
            g.roles.push_back(role);
        }
        if (std::find(g.evidence.begin(), g.evidence.end(), evidence) == g.evidence.end()) {
            g.evidence.push_back(std::move(evidence));
        }
    }
    void drop(std::int64_t id, GearRole role) {
        if (auto it = gear_.find(id); it != gear_.end()) {
            auto& roles = it->second.roles;
            roles.erase(std::remove(roles.begin(), roles.end(), role), roles.end());
        }
    }
    [[nodiscard]] TopologyGear* find(std::int64_t id) {
        auto it = gear_.find(id);
        return it == gear_.end() ? nullptr : &it->second;
    }
    [[nodiscard]] std::map<std::int64_t, TopologyGear>& all() noexcept { return gear_; }

   private:
    static void fill(TopologyGear& g, const DeviceRecord& d) {
        g.id = d.id;
        g.name = display_name(d);
        g.mac = d.mac;
        g.vendor = d.vendor;
        g.category = d.category;
        g.subtype = d.subtype;
        g.department = d.department;
        g.site = d.site;
        g.vlans = d.vlans;
        g.domain = d.domain;
        for (const auto& a : d.addresses) {
            if (!is_link_local(a.address)) {
                g.addresses.push_back(a.address);
            }
        }
    }

    std::map<std::int64_t, TopologyGear> gear_;
};

void roles_from_facts(const DeviceRecord& d, GearBuilder& out) {
    const bool telephone = has_fact(d, FactKind::capability, "telephone") || d.category == "phone";
    const bool bridge = !telephone && (has_fact(d, FactKind::capability, "bridge") ||
                                       has_fact(d, FactKind::capability, "switch"));
    for (const auto& f : d.facts) {
        if (f.kind == FactKind::role) {
            const std::string at = f.about.empty() ? "" : " " + f.about;
            if (f.value == "gateway") {
                out.add(d, GearRole::gateway, "dhcp router option" + at);
            } else if (f.value == "ipv6-router") {
                out.add(d, GearRole::gateway, "ipv6 router advertisement");
            } else if (f.value == "dhcp-server") {
                out.add(d, GearRole::dhcp_server, "dhcp server" + at);
            } else if (f.value == "dhcp-relay") {
                out.add(d, GearRole::dhcp_relay, "dhcp relay" + at);
            } else if (f.value == "dns-server") {
                out.add(d, GearRole::dns_server, "dns answers" + at);
            }
        } else if (f.kind == FactKind::capability && f.value == "router" && !bridge) {
            out.add(d, GearRole::router, f.source + " capability router");
        }
    }
    if (bridge) {
        // Access until a port of another switch or the router capability says core.
        out.add(d, GearRole::access_switch, "lldp/cdp capability bridge");
        if (has_fact(d, FactKind::capability, "router")) {
            out.add(d, GearRole::core_switch, "layer-3 switch (capability router)");
        }
    } else if (d.category == "network" && d.subtype == "switch") {
        out.add(d, GearRole::access_switch, "classified network/switch");
    }
    if (d.category == "network" &&
        (d.subtype == "router" || d.subtype == "firewall" || d.subtype == "vpn-gateway")) {
        out.add(d, GearRole::router, "classified network/" + d.subtype);
    }
}

// Ports: an LLDP/CDP frame states the port id and its description together, so the two facts
// share their first sighting (capture and frame).
void read_ports(const DeviceRecord& d, TopologyGear& g) {
    for (const auto& f : d.facts) {
        if (f.kind != FactKind::port_id) {
            continue;
        }
        SwitchPort port{f.value, "", 0};
        for (const auto& other : d.facts) {
            if (other.kind == FactKind::port_description &&
                other.evidence.capture_id == f.evidence.capture_id &&
                other.evidence.frame == f.evidence.frame) {
                port.description = other.value;
            }
        }
        g.ports.push_back(std::move(port));
    }
    // A box speaking LLDP and CDP names one port twice: LLDP by its MAC with the interface name
    // as description, CDP by the interface name alone. Keep the one that says more.
    auto& ports = g.ports;
    ports.erase(std::remove_if(ports.begin(), ports.end(),
                               [&](const SwitchPort& p) {
                                   return p.description.empty() &&
                                          std::any_of(ports.begin(), ports.end(), [&](const auto& o) {
                                              return o.description == p.port_id;
                                          });
                               }),
                ports.end());
}

void push_unique(std::vector<std::int64_t>& ids, std::int64_t id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
    }
}

// Core and access switches: a port whose description names another switch leads to it; a
// switch so named is core. An access switch no port ties to a core hangs off the core switches
// on its link (the mirror shows its frames there).
void tie_switches(std::span<const DeviceRecord> devices, GearBuilder& gear) {
    std::map<std::int64_t, std::vector<std::string>> names;  // switch id -> its names
    for (const auto& d : devices) {
        auto* g = gear.find(d.id);
        if (g == nullptr || !(g->has(GearRole::access_switch) || g->has(GearRole::core_switch))) {
            continue;
        }
        read_ports(d, *g);
        auto& n = names[d.id];
        n = d.hostnames;
        if (auto sys = system_name(d); !sys.empty()) {
            n.push_back(sys);
        }
    }
    for (auto& [id, g] : gear.all()) {
        for (auto& port : g.ports) {
            for (const auto& [other, other_names] : names) {
                if (other == id) {
                    continue;
                }
                for (const auto& name : other_names) {
                    if (port.neighbour == 0 && names_token(port.description, name)) {
                        port.neighbour = other;
                    }
                }
            }
            if (port.neighbour != 0) {
                push_unique(g.uplinks, port.neighbour);
            }
        }
    }
    for (auto& [id, g] : gear.all()) {
        for (const auto up : g.uplinks) {
            if (auto* core = gear.find(up); core != nullptr && !core->has(GearRole::core_switch)) {
                core->roles.push_back(GearRole::core_switch);
                core->evidence.push_back("named by a port of " + g.name);
            }
        }
    }
    for (auto& [id, g] : gear.all()) {
        if (g.has(GearRole::core_switch)) {
            gear.drop(id, GearRole::access_switch);
        }
    }
}

// Ties every gear `needs` accepts to each other gear doing `to` on its link.
template <typename Needs>
void tie_on_link(GearBuilder& gear, GearRole to, Needs needs) {
    std::vector<const TopologyGear*> targets;
    for (const auto& [id, g] : gear.all()) {
        if (g.has(to)) {
            targets.push_back(&g);
        }
    }
    for (auto& [id, g] : gear.all()) {
        if (!needs(g)) {
            continue;
        }
        for (const auto* target : targets) {
            if (target->id != id && share_link(g.domain, g.vlans, target->domain, target->vlans)) {
                push_unique(g.uplinks, target->id);
            }
        }
    }
}

bool routes(const TopologyGear& g) {
    return g.has(GearRole::gateway) || g.has(GearRole::router);
}

// Gateways and access switches with no named uplink: the core switches on their link.
void tie_to_core(GearBuilder& gear) {
    tie_on_link(gear, GearRole::core_switch, [](const TopologyGear& g) {
        return (g.has(GearRole::access_switch) && g.uplinks.empty()) ||
               (routes(g) && !g.has(GearRole::core_switch) && !g.has(GearRole::access_switch));
    });
}

// Gateways that are not egress themselves reach the outside through the egress points on
// their link (the core router and the firewall on a transit VLAN).
void tie_to_egress(GearBuilder& gear) {
    tie_on_link(gear, GearRole::egress,
                [](const TopologyGear& g) { return routes(g) && !g.has(GearRole::egress); });
}

void routed_hosts(std::span<const DeviceRecord> devices, GearBuilder& gear) {
    std::map<std::pair<std::int64_t, std::string>, std::uint64_t> behind;  // (domain, MAC)
    for (const auto& d : devices) {
        if (d.routed && !d.routed_via.empty()) {
            ++behind[{d.domain, d.routed_via}];
        }
    }
    for (const auto& d : devices) {
        if (d.routed || d.mac.empty()) {
            continue;
        }
        if (auto it = behind.find({d.domain, d.mac}); it != behind.end()) {
            gear.add(d, GearRole::gateway,
                     "routes for " + std::to_string(it->second) + " hosts behind it");
        }
    }
}

void egress(std::span<const DeviceRecord> devices, std::span<const DeviceRecord> external,
            std::span<const ConnectionPointInput> connections, GearBuilder& gear) {
    for (const auto& e : external) {
        if (e.routed || e.mac.empty()) {
            continue;
        }
        const std::string label = e.addresses.empty() ? e.mac : e.addresses.front().address;
        for (const auto& d : devices) {
            const auto* g = gear.find(d.id);
            if (g != nullptr && (g->has(GearRole::gateway) || g->has(GearRole::router)) &&
                share_link(d.domain, d.vlans, e.domain, e.vlans)) {
                gear.add(d, GearRole::egress, "shares a link with external endpoint " + label);
            }
        }
    }
    for (const auto& c : connections) {
        for (const auto& d : devices) {
            if (c.gateway_device != 0 && d.id == c.gateway_device) {
                gear.add(d, GearRole::egress,
                         "external connection point " + c.service_class + " " + c.remote);
            }
        }
    }
}

}  // namespace

std::string display_name(const DeviceRecord& d) {
    if (!d.hostnames.empty()) {
        return d.hostnames.front();
    }
    if (auto name = system_name(d); !name.empty()) {
        return name;
    }
    if (!d.mac.empty()) {
        return d.mac;
    }
    return d.addresses.empty() ? "#" + std::to_string(d.id) : d.addresses.front().address;
}

bool share_link(std::int64_t domain_a, std::span<const int> vlans_a, std::int64_t domain_b,
                std::span<const int> vlans_b) {
    if (domain_a != domain_b) {
        return false;
    }
    static constexpr int kUntagged[] = {0};
    const auto a = vlans_a.empty() ? std::span<const int>(kUntagged) : vlans_a;
    const auto b = vlans_b.empty() ? std::span<const int>(kUntagged) : vlans_b;
    return std::any_of(a.begin(), a.end(),
                       [&](int v) { return std::find(b.begin(), b.end(), v) != b.end(); });
}

std::vector<TopologyGear> find_gear(std::span<const DeviceRecord> devices,
                                    std::span<const DeviceRecord> external,
                                    std::span<const ConnectionPointInput> connections) {
    GearBuilder gear;
    for (const auto& d : devices) {
        roles_from_facts(d, gear);
    }
    routed_hosts(devices, gear);
    tie_switches(devices, gear);
    tie_to_core(gear);
    egress(devices, external, connections, gear);
    tie_to_egress(gear);
    std::vector<TopologyGear> out;
    out.reserve(gear.all().size());
    for (auto& [id, g] : gear.all()) {
        if (!g.roles.empty()) {
            std::sort(g.roles.begin(), g.roles.end());
            out.push_back(std::move(g));
        }
    }
    return out;
}

}  // namespace daicho::survey::topology
