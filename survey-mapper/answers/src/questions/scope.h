#pragma once
// Which devices each question is about, and what counts as a known version: shared by Q8, Q9,
// Q12 and Q13 so the ledgers and the patch questions never disagree about a device.

#include "daicho/ledger/device.h"

namespace daicho::answers::detail {

// Filed in Q8's ledger (servers, PCs, network gear and everything non-medical).
[[nodiscard]] bool in_it_ledger(const ledger::DeviceRecord& d);
// Filed in Q9's ledger.
[[nodiscard]] bool in_medical_ledger(const ledger::DeviceRecord& d);
// Q8's scope proper: servers, PCs, network gear (and the 部門システム servers filed in Q8).
[[nodiscard]] bool q8_kind(const ledger::DeviceRecord& d);
// Q12: routers, switches, firewalls, VPN gateways, wireless.
[[nodiscard]] bool network_gear(const ledger::DeviceRecord& d);
// Edge devices first (issue 14): firewalls, VPN gateways and routers.
[[nodiscard]] bool edge_device(const ledger::DeviceRecord& d);
// Q13: servers and PCs, with the 部門システム servers filed in Q8.
[[nodiscard]] bool server_or_pc(const ledger::DeviceRecord& d);

// The device states a software or firmware version (its OS, firmware or system description).
[[nodiscard]] bool has_version(const ledger::DeviceRecord& d);

}  // namespace daicho::answers::detail
