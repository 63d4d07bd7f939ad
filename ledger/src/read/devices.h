#pragma once
// The device list for Ledger::devices() and for the writer, which reclassifies the devices a
// capture touched before it commits.

#include <cstdint>
#include <span>
#include <vector>

#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

// The devices with these ids (every device when `only` is empty), classified, from one read
// snapshot (or inside the transaction the connection has open).
[[nodiscard]] std::vector<DeviceRecord> read_devices(sqlite3* db,
                                                     std::span<const std::int64_t> only);

}  // namespace daicho::ledger
