// The network picture's model over a ledger fixture (topology_fixture.h): gateways, switches
// and their ports, DHCP and DNS servers, egress, departments and their summaries, the window,
// one department expanded and connection points fed in.

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <stdexcept>

#include "daicho/survey/topology.h"
#include "topology_fixture.h"

using daicho::survey::build_topology;
using daicho::survey::ConnectionPointInput;
using daicho::survey::GearRole;
using daicho::survey::Topology;
using daicho::survey::TopologyDepartment;
using daicho::survey::TopologyOptions;
using namespace daicho::test::topology;

namespace {

const TopologyDepartment* department(const Topology& t, const std::string& name) {
    for (const auto& d : t.departments) {
        if (d.name == name) {
            return &d;
        }
    }
    return nullptr;
}

std::uint64_t count_of(const daicho::survey::TopologySubnet& s, const std::string& category) {
    for (const auto& c : s.counts) {
        if (c.category == category) {
            return c.count;
        }
    }
    return 0;
}

bool has_evidence(const daicho::survey::TopologyGear& g, const std::string& start) {
    return std::any_of(g.evidence.begin(), g.evidence.end(),
                       [&](const std::string& e) { return e.rfind(start, 0) == 0; });
}

}  // namespace

TEST_CASE("topology: gateways from the DHCP router option and from routed hosts",
          "[survey][topology]") {
    const Fixture f;
    const auto t = build_topology(f.list.devices, f.list.external, f.map, {});
    const auto* router = t.find_gear(f.id_of(kRouter));
    REQUIRE(router != nullptr);
    CHECK(router->has(GearRole::gateway));
    CHECK(router->has(GearRole::dhcp_relay));
    CHECK(has_evidence(*router, "dhcp router option 10.20.0.1"));
    CHECK(has_evidence(*router, "routes for 2 hosts"));
    // Radiology's subnet holds the router's 10.20.0.1; the wards' holds 10.30.0.1.
    for (const char* name : {"放射線科", "看護部"}) {
        const auto* dep = department(t, name);
        REQUIRE(dep != nullptr);
        REQUIRE(dep->subnets.size() == 1);
        CHECK(dep->subnets.front().gateways == std::vector<std::int64_t>{router->id});
    }
    // The routed hosts have no department: they are counted, not drawn as gear.
    const auto* none = department(t, "");
    REQUIRE(none != nullptr);
    CHECK(none->devices == 2);
}

TEST_CASE("topology: switches, their ports and the core they hang off", "[survey][topology]") {
    const Fixture f;
    const auto t = build_topology(f.list.devices, f.list.external, f.map, {});
    const auto* core = t.find_gear(f.id_of(kCore));
    const auto* access = t.find_gear(f.id_of(kAccess));
    const auto* hostile = t.find_gear(f.id_of(kHostile));
    REQUIRE(core != nullptr);
    REQUIRE(access != nullptr);
    REQUIRE(hostile != nullptr);
    CHECK(core->has(GearRole::core_switch));
    CHECK_FALSE(core->has(GearRole::access_switch));
    CHECK_FALSE(core->has(GearRole::router));  // a layer-3 switch is a switch
    CHECK(access->has(GearRole::access_switch));
    REQUIRE(access->ports.size() == 1);
    CHECK(access->ports.front().port_id == "port1.0.28");
    CHECK(access->ports.front().description == "uplink core-1 Gi1/0/2");
    CHECK(access->ports.front().neighbour == core->id);
    CHECK(access->uplinks == std::vector<std::int64_t>{core->id});
    // LLDP's port (by MAC, its name as description) and CDP's (by name) are one port.
    const auto* pair = t.find_gear(f.id_of(kCdpPair));
    REQUIRE(pair != nullptr);
    REQUIRE(pair->ports.size() == 1);
    CHECK(pair->ports.front().port_id == "02:da:1c:02:a1:01");
    CHECK(pair->ports.front().description == "p1");
    // "core-1x" is not core-1; the later "core-1" is.
    CHECK(hostile->ports.front().neighbour == core->id);
    CHECK(hostile->name == kHostileName);
    // The router hangs off the core on the link they share (VLAN 10), then the firewall.
    CHECK(t.find_gear(f.id_of(kRouter))->uplinks ==
          std::vector<std::int64_t>{core->id, f.id_of(kFirewall)});
    // Switches are placed by their management address.
    const auto* it_dep = department(t, "情報システム部");
    REQUIRE(it_dep != nullptr);
    CHECK(std::count(it_dep->gear.begin(), it_dep->gear.end(), core->id) == 1);
}

TEST_CASE("topology: DHCP and DNS servers, and the egress toward the ISP", "[survey][topology]") {
    const Fixture f;
    const auto t = build_topology(f.list.devices, f.list.external, f.map, {});
    const auto* server = t.find_gear(f.id_of(kDhcp));
    REQUIRE(server != nullptr);
    CHECK(server->has(GearRole::dhcp_server));
    CHECK(server->has(GearRole::dns_server));
    CHECK_FALSE(server->has(GearRole::gateway));
    // The ISP's router is an external endpoint on the firewall's VLAN 99: the firewall is the
    // egress, and the gateway reaches it over the transit VLAN 90.
    REQUIRE(t.external.size() == 1);
    CHECK(t.external.front().addresses == std::vector<std::string>{"203.0.113.1"});
    const auto firewall = f.id_of(kFirewall);
    CHECK(t.external.front().via == std::vector<std::int64_t>{firewall});
    REQUIRE(t.find_gear(firewall) != nullptr);
    CHECK(t.find_gear(firewall)->has(GearRole::egress));
    CHECK(t.find_gear(firewall)->has(GearRole::router));
    CHECK(has_evidence(*t.find_gear(firewall), "shares a link with external endpoint 203.0.113.1"));
    const auto* router = t.find_gear(f.id_of(kRouter));
    CHECK_FALSE(router->has(GearRole::egress));
    CHECK(std::count(router->uplinks.begin(), router->uplinks.end(), firewall) == 1);
    CHECK_FALSE(t.find_gear(f.id_of(kCore))->has(GearRole::egress));
}

TEST_CASE("topology: every department, end devices counted per category", "[survey][topology]") {
    const Fixture f;
    const auto t = build_topology(f.list.devices, f.list.external, f.map, {});
    // The config's departments in order, then the devices without one.
    std::vector<std::string> names;
    for (const auto& d : t.departments) {
        names.push_back(d.name);
    }
    CHECK(names == std::vector<std::string>{"情報システム部", "放射線科", "看護部",
                                            kHostileDepartment, ""});
    const auto* rad = department(t, "放射線科");
    REQUIRE(rad != nullptr);
    CHECK(rad->devices == 3);
    const auto& subnet = rad->subnets.front();
    CHECK(subnet.prefix == "10.20.0.0/16");
    CHECK(subnet.vlans == std::vector<int>{20});
    CHECK(count_of(subnet, "pc") == 2);
    const auto sum = std::accumulate(subnet.counts.begin(), subnet.counts.end(), std::uint64_t{0},
                                     [](std::uint64_t n, const auto& c) { return n + c.count; });
    CHECK(sum == subnet.devices);
    CHECK(subnet.listed.empty());  // summarised unless expanded
    // Gear is drawn, not counted: the IT department's devices are all gear.
    CHECK(department(t, "情報システム部")->devices == 0);
    // A configured department with no device still shows, with its subnet.
    const auto* empty = department(t, kHostileDepartment);
    REQUIRE(empty != nullptr);
    CHECK(empty->devices == 0);
    REQUIRE(empty->subnets.size() == 1);
    CHECK(empty->subnets.front().prefix == "10.50.0.0/16");
    CHECK(t.sites == std::vector<std::string>{"本院"});
    CHECK(t.plan_configured);
    CHECK(t.window_first_us == daicho::test::kT0);
    CHECK(t.window_last_us == daicho::test::kT0 + 60'000'000);
}

TEST_CASE("topology: one department expanded, an unknown one refused", "[survey][topology]") {
    const Fixture f;
    TopologyOptions options;
    options.expand = "放射線科";
    const auto t = build_topology(f.list.devices, f.list.external, f.map, options);
    CHECK(t.expanded == "放射線科");
    const auto& listed = department(t, "放射線科")->subnets.front().listed;
    REQUIRE(listed.size() == 3);
    CHECK(std::any_of(listed.begin(), listed.end(),
                      [](const auto& d) { return d.name == "RAD-WS01" && d.category == "pc"; }));
    CHECK(department(t, "看護部")->subnets.front().listed.empty());
    options.expand = "放射線部";
    CHECK_THROWS_AS(build_topology(f.list.devices, f.list.external, f.map, options),
                    std::invalid_argument);
}

TEST_CASE("topology: connection points name their egress and count per department",
          "[survey][topology]") {
    const Fixture f;
    TopologyOptions options;
    const auto pc = f.id_of("00:16:3e:00:20:01");
    const auto core = f.id_of(kCore);
    options.connections = {
        ConnectionPointInput{"放射線科", pc, core, "vendor.example", "vpn", "outbound"},
        ConnectionPointInput{"外部委託", 0, 0, "198.51.100.9", "remote-control", "inbound"}};
    const auto t = build_topology(f.list.devices, f.list.external, f.map, options);
    CHECK(department(t, "放射線科")->connections == 1);
    // A department only a connection point names is still drawn.
    REQUIRE(department(t, "外部委託") != nullptr);
    CHECK(department(t, "外部委託")->connections == 1);
    CHECK(t.find_gear(core)->has(GearRole::egress));
    CHECK(has_evidence(*t.find_gear(core), "external connection point vpn vendor.example"));
    CHECK(t.connections.size() == 2);
}

TEST_CASE("topology: without a plan the picture says so", "[survey][topology]") {
    const Fixture f;
    auto devices = f.list.devices;
    for (auto& d : devices) {  // as a snapshot without a department map places them
        d.department.clear();
        d.site.clear();
    }
    const auto t = build_topology(devices, f.list.external, {}, {});
    CHECK_FALSE(t.plan_configured);
    REQUIRE(t.departments.size() == 1);  // no map, no annotation: everything unassigned
    CHECK(t.departments.front().name.empty());
}
