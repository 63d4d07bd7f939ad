#pragma once
// The network picture (issue 13, survey Q10): sites, departments, their subnets and VLANs, the
// network gear (gateways, switches and the ports they announce, DHCP relays and servers, DNS
// servers), the egress points and the outside, with end devices summarised as counts per
// category. Built from the ledger's read snapshot only: every relation drawn is one the ledger's
// facts state, and `evidence` says which.
//
// External connection points (collectors' conversation table, issue 13 "External connection
// points") reach the picture through one input, TopologyOptions::connections: each point adds
// an edge department -> egress gateway -> remote endpoint. Without them the outside is what the
// ledger lists today: external endpoints (Snapshot::device_list().external) and the gateways
// that share their link.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "daicho/ledger/departments.h"
#include "daicho/ledger/device.h"

namespace daicho::survey {

// What a piece of gear does in the picture; one box may do several.
enum class GearRole : std::uint8_t {
    gateway,      // the router hosts of a subnet send off-subnet traffic to
    router,       // announces routing (LLDP/CDP capability router, IPv6 RA) without being a switch
    core_switch,  // a switch other switches hang off, or a layer-3 switch
    access_switch,
    dhcp_server,
    dhcp_relay,
    dns_server,
    egress,  // carries traffic between the hospital and the outside
};
// "gateway", "core_switch", ...: the JSON word and the key of topology_word().
[[nodiscard]] std::string_view gear_role_name(GearRole role) noexcept;

// One port a switch announced (LLDP Port ID / CDP Port-ID) with what it said about it.
struct SwitchPort {
    std::string port_id;
    std::string description;
    // The gear this port leads to: another switch whose system name the port description
    // names ("uplink core-sw1 Gi1/0/2"); 0 when the port names none.
    std::int64_t neighbour = 0;
};

struct TopologyGear {
    std::int64_t id = 0;  // the ledger device id
    std::string name;     // host or system name; else the MAC; else the first address
    std::string mac;
    std::string vendor;
    std::string category;
    std::string subtype;
    std::string department;  // "" when none (or the addresses span departments)
    std::string site;
    std::vector<std::string> addresses;  // without IPv6 link-local addresses
    std::vector<int> vlans;
    std::int64_t domain = 0;
    std::vector<GearRole> roles;
    // Why each role, one phrase each: "dhcp router option 10.20.0.1", "routes for 3 hosts",
    // "lldp capability router", "shares a link with external endpoint 203.0.113.1".
    std::vector<std::string> evidence;
    std::vector<SwitchPort> ports;      // switches: the ports they announced
    // Gear ids this box hangs off: a switch's uplink switch; a gateway's core switch and the
    // egress points on its link.
    std::vector<std::int64_t> uplinks;

    [[nodiscard]] bool has(GearRole role) const noexcept;
};

// Count of end devices (not gear) of one category.
struct CategoryCount {
    std::string category;  // ledger category key ("pc", "medical", ...)
    std::uint64_t count = 0;
};

// One end device, listed only in the department TopologyOptions::expand names.
struct TopologyDevice {
    std::int64_t id = 0;
    std::string name;
    std::string category;
    std::string address;
};

struct TopologySubnet {
    std::string prefix;  // a configured prefix; "" when only a VLAN (or nothing) groups them
    std::vector<int> vlans;              // the VLANs its devices were seen on
    std::vector<std::int64_t> gateways;  // gear ids
    std::vector<CategoryCount> counts;   // in words.h category order, zeros left out
    std::uint64_t devices = 0;
    std::vector<TopologyDevice> listed;  // the expanded department's devices
};

struct TopologyDepartment {
    std::string name;  // "" for the devices no department holds (unassigned or conflict)
    std::string site;
    bool configured = false;
    std::vector<TopologySubnet> subnets;
    std::vector<std::int64_t> gear;  // gear placed in this department
    std::uint64_t devices = 0;       // end devices
    std::uint64_t connections = 0;   // external connection points (TopologyOptions)
};

// An external endpoint the ledger lists (Snapshot::device_list().external).
struct TopologyExternal {
    std::int64_t id = 0;
    std::string name;
    std::vector<std::string> addresses;
    std::vector<std::int64_t> via;  // egress gear sharing its link
};

// An external connection point from the connection model (issue 13): the one input for them.
struct ConnectionPointInput {
    std::string department;           // "" when the inside device has none
    std::int64_t inside_device = 0;   // ledger id; 0 when unknown
    std::int64_t gateway_device = 0;  // the egress box whose MAC carries it; 0 when unknown
    std::string remote;               // remote endpoint label: address, DNS name, SNI
    std::string service_class;        // "vpn", "ssl-vpn", "remote-control", "web", ...
    std::string direction;            // "inbound" (opened from outside) | "outbound"
};

struct Topology {
    std::int64_t generated_us = 0;
    std::int64_t window_first_us = 0;  // the observation window: first and last sighting of
    std::int64_t window_last_us = 0;   // any device or endpoint drawn (0 when none)
    bool plan_configured = false;      // false: RFC 1918/ULA decided what is inside
    std::vector<std::string> sites;
    std::vector<TopologyDepartment> departments;  // config order, then annotation-only, then ""
    std::vector<TopologyGear> gear;               // by ledger id
    std::vector<TopologyExternal> external;       // by ledger id
    std::vector<ConnectionPointInput> connections;
    std::string expanded;  // the department whose devices are listed; "" none

    [[nodiscard]] const TopologyGear* find_gear(std::int64_t id) const noexcept;
};

struct TopologyOptions {
    std::int64_t generated_us = 0;  // the clock is injected: tests fix it
    std::string expand;             // list this department's devices one by one
    std::vector<ConnectionPointInput> connections;
};

// The picture of `devices` and `external` (Snapshot::device_list(), placements resolved with
// `map`). Throws std::invalid_argument when options.expand names no department in the picture.
[[nodiscard]] Topology build_topology(std::span<const ledger::DeviceRecord> devices,
                                      std::span<const ledger::DeviceRecord> external,
                                      const ledger::DepartmentMap& map,
                                      const TopologyOptions& options);

}  // namespace daicho::survey
