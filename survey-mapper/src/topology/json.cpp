// The network picture's model as JSON (English keys, times in UTC like every daicho export);
// wire strings whole (the drawings cut them), invalid UTF-8 replaced by U+FFFD on output.

#include <nlohmann/json.hpp>
#include <ostream>

#include "daicho/ledger/time.h"
#include "daicho/survey/topology_render.h"

namespace daicho::survey {

namespace {

using nlohmann::json;

json time_or_null(std::int64_t us) { return us == 0 ? json() : json(ledger::format_time_utc(us)); }

json gear_json(const TopologyGear& g) {
    json roles = json::array();
    for (const auto r : g.roles) {
        roles.push_back(gear_role_name(r));
    }
    json ports = json::array();
    for (const auto& p : g.ports) {
        json port{{"port_id", p.port_id}, {"description", p.description}};
        port["neighbour"] = p.neighbour == 0 ? json() : json(p.neighbour);
        ports.push_back(std::move(port));
    }
    return {{"id", g.id},           {"name", g.name},         {"mac", g.mac},
            {"vendor", g.vendor},   {"category", g.category}, {"subtype", g.subtype},
            {"department", g.department}, {"site", g.site},   {"addresses", g.addresses},
            {"vlans", g.vlans},     {"domain", g.domain},     {"roles", roles},
            {"evidence", g.evidence}, {"ports", ports},       {"uplinks", g.uplinks}};
}

json department_json(const TopologyDepartment& d) {
    json subnets = json::array();
    for (const auto& s : d.subnets) {
        json counts = json::object();
        for (const auto& c : s.counts) {
            counts[c.category] = c.count;
        }
        json listed = json::array();
        for (const auto& dev : s.listed) {
            listed.push_back({{"id", dev.id},
                              {"name", dev.name},
                              {"category", dev.category},
                              {"address", dev.address}});
        }
        json subnet{{"prefix", s.prefix},     {"vlans", s.vlans},   {"gateways", s.gateways},
                    {"devices", s.devices},   {"counts", counts}};
        if (!s.listed.empty()) {
            subnet["listed"] = std::move(listed);
        }
        subnets.push_back(std::move(subnet));
    }
    return {{"name", d.name},       {"site", d.site},         {"configured", d.configured},
            {"devices", d.devices}, {"gear", d.gear},         {"subnets", subnets},
            {"connections", d.connections}};
}

}  // namespace

void write_topology_json(std::ostream& out, const Topology& t) {
    json doc;
    doc["generated"] = ledger::format_time_utc(t.generated_us);
    doc["window"] = {{"first", time_or_null(t.window_first_us)},
                     {"last", time_or_null(t.window_last_us)}};
    doc["address_plan_configured"] = t.plan_configured;
    doc["sites"] = t.sites;
    doc["expanded"] = t.expanded.empty() ? json() : json(t.expanded);
    doc["departments"] = json::array();
    for (const auto& d : t.departments) {
        doc["departments"].push_back(department_json(d));
    }
    doc["gear"] = json::array();
    for (const auto& g : t.gear) {
        doc["gear"].push_back(gear_json(g));
    }
    doc["external"] = json::array();
    for (const auto& e : t.external) {
        doc["external"].push_back(
            {{"id", e.id}, {"name", e.name}, {"addresses", e.addresses}, {"via", e.via}});
    }
    doc["connections"] = json::array();
    for (const auto& c : t.connections) {
        doc["connections"].push_back({{"department", c.department},
                                      {"inside_device", c.inside_device},
                                      {"gateway_device", c.gateway_device},
                                      {"remote", c.remote},
                                      {"service_class", c.service_class},
                                      {"direction", c.direction}});
    }
    out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace daicho::survey
