#pragma once
// DEVICE as every command takes it (explain, annotate, events --device): a ledger id, a MAC, an
// IP address or a host name (any case, with or without its domain), found through the
// snapshot's indexed lookup, never by reading every device.

#include <string_view>

#include "cli/commands.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/snapshot.h"

namespace daicho::agent {

// The one device `text` names. Throws CliError: exit 2 when `text` cannot name a device or
// names several (each candidate listed with its id, MAC, IP addresses and names, so the person
// can pick one by id); exit 1 when it names none.
[[nodiscard]] ledger::DeviceRecord find_one_device(const ledger::Snapshot& snapshot,
                                                   std::string_view text,
                                                   const CommonOptions& common);

}  // namespace daicho::agent
