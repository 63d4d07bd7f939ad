#pragma once
// The devices a command-line argument names: a ledger id, a MAC address (any common
// notation) or an IP address the device holds. Throws std::invalid_argument (a usage error)
// when the argument is none of those.

#include <string>
#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::agent {

[[nodiscard]] std::vector<const ledger::DeviceRecord*> find_devices(
    const std::vector<ledger::DeviceRecord>& devices, const std::string& query);

}  // namespace daicho::agent
