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
//   - a MAC or address the other row holds that the box's SNMP agent lists in its interface or
//     address tables (interface_mac / interface_address facts, from a walk that crossed the
//     sensor);
//   - a port MAC of one OUI block: the other row's MAC lies within kPortBlock of a MAC the box
//     announced over LLDP/CDP (its chassis id, or the MAC it sends LLDP/CDP from), and that row
//     names nothing of its own (no host name, DHCP fingerprint, system name or chassis id), so
//     two boxes of one maker with adjacent MACs, each with its own identity, stay two;
//   - a person's `same_box` annotation (ledger id or MAC of the other row).
// A row annotated `own_box=yes` takes part in no automatic merge. Management-address and
// name evidence never merges two rows whose announced chassis ids differ: a chassis id names
// one box, so two different ones are two boxes whatever else they share.
// The record with the lowest ledger id among the on-link rows absorbs the others (addresses,
// facts, traffic, annotations it lacks) and lists them in DeviceRecord::interfaces, each with
// the evidence that tied it in. Runs on the facts alone, after the linking of rotated MACs.

#include <cstdint>
#include <optional>
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
// SNMP interface tables list them; for a port-MAC block, rows whose MAC lies within kPortBlock
// of `block_anchors`, and rows announcing a chassis id, or sending LLDP/CDP, near d's MAC.
struct BoxReferences {
    std::vector<std::string> chassis_ids;
    std::vector<std::pair<std::string, std::string>> management_addresses;  // (source, address)
    std::vector<std::string> names;  // as announced (lookups match them case-insensitively)
    std::string same_box;            // "" when none
    std::vector<std::string> interface_macs;       // SNMP ifPhysAddress of d's agent
    std::vector<std::string> interface_addresses;  // SNMP ipAddrTable / ipAddressTable
    // Global unicast MACs d announced as its own over LLDP/CDP (chassis ids that are MACs, and
    // d's MAC when it sent LLDP/CDP): its port MACs lie around them.
    std::vector<std::string> block_anchors;
    bool own_identity = false;  // d names itself: never tied in as a port MAC of a block
};

// How far (in MAC values, within one OUI) a port MAC may lie from the MAC its box announced.
// Switches take their port and VLAN-interface MACs from one block after the base MAC.
inline constexpr std::uint64_t kPortBlock = 64;

// The lowest and highest MAC text (lower-case, colon form, which sorts as the number) within
// kPortBlock of `mac` and inside its OUI; nullopt when `mac` is no global unicast MAC.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> port_block(
    const std::string& mac);
[[nodiscard]] BoxReferences box_references(const DeviceRecord& d);

}  // namespace daicho::ledger
