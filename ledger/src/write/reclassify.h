#pragma once
// The writer's classification step: devices whose facts changed are classified once, at
// commit, and the result is stored (classify/stored.h) so reads need not run the rules.

#include <cstdint>
#include <span>
#include <vector>

#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

class Knowledge;

// The devices with these ids as a read shows them; each one whose stored classification no
// longer matches its inputs is classified with `knowledge` and stored, inside the transaction
// the connection has open.
std::vector<DeviceRecord> reclassify(sqlite3* db, const Knowledge& knowledge,
                                     std::span<const std::int64_t> ids);

// Devices with no stored classification (an upgraded ledger) or one made from other knowledge
// files: what the next write classifies besides the devices it touched.
[[nodiscard]] std::vector<std::int64_t> unclassified_devices(sqlite3* db,
                                                             const Knowledge& knowledge);

}  // namespace daicho::ledger
