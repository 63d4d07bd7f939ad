#pragma once
// One machine under several MACs. Phones and laptops randomise their MAC per network and
// rotate it; a replaced NIC or docking station gives a PC a new one. Each MAC is a device row,
// but the ledger must list the machine once. Devices in one broadcast domain are linked when
// they ask DHCP for the same hostname with the same DHCP fingerprint (option 55 order, which
// differs between OS builds) and their activity never overlaps: one MAC falls silent before
// the next appears. Two machines sharing a cloned name run at the same time, so any overlap
// in a group links nothing; MACs that something tells apart (different networks, DHCP
// fingerprints or User-Agents: machines cloned from one image in several subnets) are never
// linked. The newest MAC's record absorbs the others (addresses, facts,
// traffic, annotations it lacks) and lists them in DeviceRecord::linked with the reason.
// Runs on the facts alone: names, services and versions are derived afterwards.

#include <set>
#include <string>
#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

void link_churned_devices(std::vector<DeviceRecord>& devices);

// `into` takes `from`'s addresses, VLANs, facts, traffic and the annotations it lacks, and lists
// `from` (with `reason`) in into.*list: DeviceRecord::linked for an earlier MAC of one machine,
// DeviceRecord::interfaces for another interface of one box. `from` is left to be dropped.
void absorb_device(DeviceRecord& into, DeviceRecord& from, std::string reason,
                   std::vector<LinkedDevice> DeviceRecord::*list);

// Removes the records marked in `gone`, in place: only those after the first one move.
void drop_absorbed(std::vector<DeviceRecord>& devices, const std::vector<bool>& gone);

// The host names (lower case) that can link `d` to other MACs: those of its own DHCP requests,
// when it also sent a fingerprint. A device with none is never linked.
[[nodiscard]] std::set<std::string> link_names(const DeviceRecord& d);

}  // namespace daicho::ledger
