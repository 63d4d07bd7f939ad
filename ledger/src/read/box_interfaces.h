#pragma once
// One box, several interfaces. A switch sends LLDP from each port's own MAC and answers ARP
// for its management address from a third; a router has an interface (and often a MAC) per
// VLAN; a server may sit in two VLANs. Each MAC is a device row, but the ledger lists the box
// once: rows of one broadcast domain are merged when the wire ties them together
//   - one LLDP chassis id: announced from both, or announced from one and the MAC of the other
//     (the chassis id of a switch is usually its base MAC, which its management address uses);
//   - an LLDP/CDP management address that the other row holds (ARP/NDP, or a routed host);
//   - one system name announced over LLDP, CDP or SNMP from both, unless a factory default
//     ("localhost", "switch" ...) or the two rows announce different chassis ids;
//   - a person's `same_box` annotation (ledger id or MAC of the other row).
// A row annotated `own_box=yes` takes part in no automatic merge. Management-address and
// name evidence never merges two rows whose announced chassis ids differ: a chassis id names
// one box, so two different ones are two boxes whatever else they share.
// The record with the lowest ledger id among the on-link rows absorbs the others (addresses,
// facts, traffic, annotations it lacks) and lists them in DeviceRecord::interfaces, each with
// the evidence that tied it in. Runs on the facts alone, after the linking of rotated MACs.

#include <string>
#include <utility>
#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

void merge_box_interfaces(std::vector<DeviceRecord>& devices);

// What a one-device lookup must read besides `d` to merge its box: rows announcing
// `chassis_ids` (or with one as their MAC), rows holding `management_addresses`, rows
// announcing `names`, the row `same_box` names; and rows whose announcements name d: its MAC as
// a chassis id, its addresses as management addresses, its id or MAC in a same_box annotation.
struct BoxReferences {
    std::vector<std::string> chassis_ids;
    std::vector<std::pair<std::string, std::string>> management_addresses;  // (source, address)
    std::vector<std::string> names;  // as announced (lookups match them case-insensitively)
    std::string same_box;            // "" when none
};
[[nodiscard]] BoxReferences box_references(const DeviceRecord& d);

}  // namespace daicho::ledger
