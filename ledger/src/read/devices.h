#pragma once
// The device list for Ledger::devices() and for the writer, which reclassifies the devices a
// capture touched before it commits.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

class Knowledge;

// A device read_devices() classified afresh (its stored classification was missing or made
// from other inputs): its index in the result and the digest of its inputs, for storing.
struct FreshClass {
    std::size_t index = 0;
    std::string input;
};

// The devices with these ids (every device when `only` is empty), classified, from one read
// snapshot (or inside the transaction the connection has open). A device whose stored
// classification (classify/stored.h) was made from exactly the inputs it shows now gets that
// one back; any other is classified with `knowledge` and listed in `fresh` when given.
[[nodiscard]] std::vector<DeviceRecord> read_devices(sqlite3* db,
                                                     std::span<const std::int64_t> only,
                                                     const Knowledge& knowledge,
                                                     std::vector<FreshClass>* fresh = nullptr);

}  // namespace daicho::ledger
