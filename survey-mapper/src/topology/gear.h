#pragma once
// Which devices are network gear, and what each does, from the facts the ledger holds: the
// gateway roles (DHCP router option, hosts routed through a MAC, IPv6 router advertisements),
// LLDP/CDP capabilities and ports, DHCP relay and server and DNS server roles, and the links the
// external endpoints share with inside routers (the egress points).

#include <span>
#include <string>
#include <vector>

#include "daicho/ledger/device.h"
#include "daicho/survey/topology.h"

namespace daicho::survey::topology {

// Every device that does one GearRole, by ledger id, with its roles, evidence, ports and
// uplinks; `external` are the external endpoints (their inside neighbours become egress),
// `connections` the connection points (their gateways become egress).
[[nodiscard]] std::vector<TopologyGear> find_gear(
    std::span<const ledger::DeviceRecord> devices, std::span<const ledger::DeviceRecord> external,
    std::span<const ConnectionPointInput> connections);

// What a box is called in the picture: its host name, else the system name it announces, else its
// MAC, else its first address.
[[nodiscard]] std::string display_name(const ledger::DeviceRecord& d);

// Whether two devices were seen on one link: the same broadcast domain and a VLAN in common
// (no VLAN counts as the untagged VLAN 0).
[[nodiscard]] bool share_link(std::int64_t domain_a, std::span<const int> vlans_a,
                              std::int64_t domain_b, std::span<const int> vlans_b);

}  // namespace daicho::survey::topology
