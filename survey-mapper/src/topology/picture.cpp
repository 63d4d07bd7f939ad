// make_picture: the topology as clusters, boxes and edges, top to bottom: each department's
// subnets (and its own gear), the gateways, the core, the egress points and the outside.

#include "topology/picture.h"

#include <algorithm>
#include <map>
#include <string>

#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"

namespace daicho::survey::topology {

namespace {

// Wider labels make boxes wider than a printed page column; the JSON keeps the whole text.
constexpr std::size_t kLabelColumns = 44;
// Past this many, external endpoints are summarised in one box ("… and 30 more").
constexpr std::size_t kMaxExternalShown = 24;
// Past this many, a switch's ports are summarised in one line.
constexpr std::size_t kMaxPortsShown = 6;

std::string shown(std::string_view raw) {
    return ledger::text::truncate_to_width(ledger::text::escape(raw), kLabelColumns);
}

std::string count_text(std::uint64_t n, Lang lang) {
    return std::to_string(n) + topology_word("devices", lang);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : std::string(sep)) + p;
    }
    return out;
}

std::string fill_of(const TopologyGear& g) {
    if (g.has(GearRole::egress)) {
        return "#f8cecc";
    }
    if (g.has(GearRole::gateway) || g.has(GearRole::router)) {
        return "#fde2c8";
    }
    if (g.has(GearRole::core_switch)) {
        return "#c9daf8";
    }
    if (g.has(GearRole::access_switch)) {
        return "#e1ebf7";
    }
    return "#e2f0d9";  // DHCP and DNS servers
}

std::vector<std::string> gear_lines(const TopologyGear& g, const Topology& t, Lang lang) {
    std::vector<std::string> lines{shown(g.name)};
    if (g.name == g.mac && !g.vendor.empty()) {  // no name of its own: the maker says more
        lines.push_back(shown(g.vendor));
    }
    std::vector<std::string> roles;
    for (const auto role : g.roles) {
        roles.push_back(topology_word(gear_role_name(role), lang));
    }
    lines.push_back(join(roles, lang == Lang::ja ? "・" : ", "));
    if (!g.addresses.empty()) {
        lines.push_back(shown(g.addresses.front()) +
                        (g.addresses.size() > 1
                             ? " (+" + std::to_string(g.addresses.size() - 1) + ")"
                             : ""));
    }
    for (std::size_t i = 0; i < g.ports.size() && i < kMaxPortsShown; ++i) {
        const auto& p = g.ports[i];
        std::string line = p.port_id;
        if (const auto* n = t.find_gear(p.neighbour); n != nullptr) {
            line += " → " + n->name;
        } else if (!p.description.empty()) {
            line += ": " + p.description;
        }
        lines.push_back(shown(line));
    }
    if (g.ports.size() > kMaxPortsShown) {
        lines.push_back("… +" + std::to_string(g.ports.size() - kMaxPortsShown));
    }
    return lines;
}

std::string subnet_title(const TopologySubnet& s, Lang lang) {
    std::vector<std::string> vlans;
    for (const int v : s.vlans) {
        if (v != 0) {
            vlans.push_back("VLAN " + std::to_string(v));
        }
    }
    std::string title = s.prefix;
    if (!vlans.empty()) {
        title += (title.empty() ? "" : " · ") + join(vlans, ", ");
    }
    return title.empty() ? topology_word("none_seen", lang) : shown(title);
}

class Builder {
   public:
    Builder(const Topology& t, Lang lang) : t_(t), lang_(lang) {}

    Picture build() {
        title();
        std::map<std::string, std::string> site_cluster;
        for (const auto& site : t_.sites) {
            const auto id = "cluster_site" + std::to_string(site_cluster.size());
            site_cluster[site] = id;
            p_.clusters.push_back({id, "", shown(site), "#fafafa"});
        }
        for (std::size_t i = 0; i < t_.departments.size(); ++i) {
            department(i, site_cluster);
        }
        for (const auto& g : t_.gear) {
            gear(g);
        }
        outside();
        return std::move(p_);
    }

   private:
    void title() {
        p_.title.push_back(topology_word("title", lang_));
        std::string line = topology_word("generated", lang_) + " " +
                           ledger::format_time_utc(t_.generated_us).substr(0, 19) + "Z  " +
                           topology_word("window", lang_) + " ";
        line += t_.window_last_us == 0
                    ? topology_word("none_seen", lang_)
                    : ledger::format_time_utc(t_.window_first_us).substr(0, 19) + "Z – " +
                          ledger::format_time_utc(t_.window_last_us).substr(0, 19) + "Z";
        p_.title.push_back(line);
        if (!t_.plan_configured) {
            p_.title.push_back(topology_word("plan_missing", lang_));
        }
    }

    void department(std::size_t i, const std::map<std::string, std::string>& site_cluster) {
        const auto& dep = t_.departments[i];
        const auto id = "cluster_dep" + std::to_string(i);
        std::string label = dep.name.empty() ? topology_word("unassigned", lang_) : shown(dep.name);
        // Gear is drawn, not counted: the count is of the devices summarised in the boxes.
        label += lang_ == Lang::ja ? "（" + topology_word("end_devices", lang_) + " " +
                                         count_text(dep.devices, lang_)
                                   : " (" + std::to_string(dep.devices) + " " +
                                         topology_word("end_devices", lang_);
        if (dep.connections > 0) {
            label += (lang_ == Lang::ja ? "、" : ", ") + topology_word("connections", lang_) + " " +
                     std::to_string(dep.connections);
        }
        label += lang_ == Lang::ja ? "）" : ")";
        const auto site = site_cluster.find(dep.site);
        p_.clusters.push_back(
            {id, site == site_cluster.end() ? "" : site->second, label, "#ffffff"});
        cluster_of_department_[dep.name] = id;
        for (std::size_t j = 0; j < dep.subnets.size(); ++j) {
            const auto& s = dep.subnets[j];
            const auto node = "d" + std::to_string(i) + "s" + std::to_string(j);
            std::vector<std::string> lines{subnet_title(s, lang_)};
            for (const auto& c : s.counts) {
                lines.push_back(category_word(c.category, lang_) + " " + std::to_string(c.count));
            }
            if (s.counts.empty()) {
                lines.push_back(count_text(0, lang_));
            }
            p_.nodes.push_back({node, id, lines, "#ffffff", false});
            if (first_subnet_.count(dep.name) == 0) {
                first_subnet_[dep.name] = node;
            }
            for (const auto gw : s.gateways) {
                p_.edges.push_back({node, "g" + std::to_string(gw), "", PictureEdge::Style::solid});
            }
            for (std::size_t k = 0; k < s.listed.size(); ++k) {
                const auto& d = s.listed[k];
                const auto dev = node + "v" + std::to_string(k);
                p_.nodes.push_back({dev, id,
                                    {shown(d.name), category_word(d.category, lang_),
                                     shown(d.address)},
                                    "#f6f6f6", false});
                p_.edges.push_back({dev, node, "", PictureEdge::Style::dotted});
            }
        }
    }

    void gear(const TopologyGear& g) {
        const auto id = "g" + std::to_string(g.id);
        const auto cluster = cluster_of_department_.find(g.department);
        p_.nodes.push_back({id,
                            g.department.empty() || cluster == cluster_of_department_.end()
                                ? ""
                                : cluster->second,
                            gear_lines(g, t_, lang_), fill_of(g),
                            g.has(GearRole::gateway) || g.has(GearRole::egress)});
        for (const auto up : g.uplinks) {
            p_.edges.push_back({id, "g" + std::to_string(up), "", PictureEdge::Style::solid});
        }
        if (g.has(GearRole::dhcp_relay)) {
            for (const auto& server : t_.gear) {
                if (server.has(GearRole::dhcp_server) && server.id != g.id) {
                    p_.edges.push_back({id, "g" + std::to_string(server.id), "DHCP",
                                        PictureEdge::Style::dotted, false});
                }
            }
        }
    }

    void outside() {
        p_.clusters.push_back({"cluster_outside", "", topology_word("outside", lang_), "#f3f3f3"});
        p_.nodes.push_back({"outside",
                            "cluster_outside",
                            {topology_word("external_seen", lang_) + " " +
                                 std::to_string(t_.external.size()),
                             topology_word("connections", lang_) + " " +
                                 std::to_string(t_.connections.size())},
                            "#f3f3f3", false});
        std::size_t shown_count = 0;
        for (const auto& e : t_.external) {
            if (shown_count == kMaxExternalShown) {
                break;
            }
            const auto id = "x" + std::to_string(e.id);
            std::vector<std::string> lines{shown(e.name)};
            if (!e.addresses.empty() && e.addresses.front() != e.name) {
                lines.push_back(shown(e.addresses.front()));
            }
            p_.nodes.push_back({id, "cluster_outside", lines, "#ffffff", false});
            for (const auto via : e.via) {
                p_.edges.push_back({"g" + std::to_string(via), id, "", PictureEdge::Style::solid});
            }
            ++shown_count;
        }
        if (t_.external.size() > shown_count) {
            p_.nodes.push_back({"xmore",
                                "cluster_outside",
                                {"… +" + std::to_string(t_.external.size() - shown_count)},
                                "#ffffff", false});
        }
        for (std::size_t i = 0; i < t_.connections.size(); ++i) {
            connection(i);
        }
        // Egress points lead to the outside; every gateway sits above it even with none seen.
        for (const auto& g : t_.gear) {
            if (g.has(GearRole::egress)) {
                p_.edges.push_back({"g" + std::to_string(g.id), "outside", "",
                                    PictureEdge::Style::solid});
            } else if (g.has(GearRole::gateway) || g.has(GearRole::core_switch)) {
                p_.edges.push_back({"g" + std::to_string(g.id), "outside", "",
                                    PictureEdge::Style::invisible});
            }
        }
    }

    void connection(std::size_t i) {
        const auto& c = t_.connections[i];
        const auto id = "c" + std::to_string(i);
        std::vector<std::string> lines{shown(c.remote), shown(c.service_class)};
        p_.nodes.push_back({id, "cluster_outside", lines, "#ffffff", false});
        const std::string label = shown(c.service_class + " " + c.direction);
        const bool gateway_known = t_.find_gear(c.gateway_device) != nullptr;
        if (gateway_known) {
            p_.edges.push_back({"g" + std::to_string(c.gateway_device), id, label,
                                PictureEdge::Style::solid});
        }
        if (const auto it = first_subnet_.find(c.department); it != first_subnet_.end()) {
            p_.edges.push_back(
                {it->second,
                 gateway_known ? "g" + std::to_string(c.gateway_device) : id,
                 gateway_known ? "" : label, PictureEdge::Style::dashed});
        }
    }

    const Topology& t_;
    Lang lang_;
    Picture p_;
    std::map<std::string, std::string> cluster_of_department_;
    std::map<std::string, std::string> first_subnet_;
};

}  // namespace

Picture make_picture(const Topology& topology, Lang lang) {
    return Builder(topology, lang).build();
}

}  // namespace daicho::survey::topology
