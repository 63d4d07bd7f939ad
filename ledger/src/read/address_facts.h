#pragma once
// Facts stated about an address (address_facts) joined onto the devices that hold that
// address, and the ordering of service lists.

#include <string>
#include <vector>

#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

// Appends each address fact to every device (same domain) holding the address, with
// FactEntry::about set to the address; role and service facts also fill the device's lists.
// `subset`: `devices` are a few of the ledger's, so their addresses are looked up one by one.
void attach_address_facts(sqlite3* db, std::vector<DeviceRecord>& devices, bool subset = false);

// "tcp/22" < "tcp/443" < "udp/53": by transport, then port as a number; duplicates removed.
void sort_services(std::vector<std::string>& services);

}  // namespace daicho::ledger
