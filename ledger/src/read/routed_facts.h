#pragma once
// Facts that crossed a router. The writer files every fact under the MAC it arrived with, so a
// server in another VLAN answering through the router has its banner stored under the router,
// with the server's IP as subject_ip. On read such a fact moves to the host that sent it: the
// device on the link holding that IP when there is one (traffic routed between two VLANs the
// sensor both sees), else the routed host row for that IP (write/routed_hosts.h). Facts with
// no such host yet stay where they were.

#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

void hand_over_routed_facts(std::vector<DeviceRecord>& devices);

}  // namespace daicho::ledger
