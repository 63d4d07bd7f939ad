#pragma once
// Reading devices: the stored rows of each device, then the steps that turn rows into the
// DeviceRecord a person sees. Ledger::devices() / Snapshot::devices() run them over the whole
// ledger, the writer over the devices a capture touched (to reclassify them), a lookup
// (read/device_lookup.h) over the few devices one record depends on; all three call the same
// per-device assembly, so a device reads the same whichever way it is read.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

class Knowledge;

// A device classified afresh (its stored classification was missing or made from other
// inputs): its index in the result and the digest of its inputs, for the writer to store.
struct FreshClass {
    std::size_t index = 0;
    std::string input;
};

// The stored rows of the devices with these ids (every device when `only` is empty), in ledger
// order (domain, devices on the link by MAC, then routed hosts by address): the device row,
// VLANs, addresses, the facts filed under it and its annotations. Nothing derived yet.
[[nodiscard]] std::vector<DeviceRecord> load_device_rows(sqlite3* db,
                                                         std::span<const std::int64_t> only);

// How the rows of a part of the ledger are finished.
enum class Part {
    touched,  // the writer's devices: every row comes back as itself
    shown,    // what a reader shows: a routed host without facts or annotations is dropped
};

// After facts moved to their hosts and MACs were linked: names, services and versions derived,
// the facts about the devices' addresses attached (`whole`: `devices` is the whole ledger, so
// that table is read once), lists sorted, and each device classified: its stored
// classification (classify/stored.h) when made from exactly the inputs it shows now, else
// afresh with `knowledge`, listed in `fresh` when given.
void finish_devices(sqlite3* db, std::vector<DeviceRecord>& devices, bool whole, Part part,
                    const Knowledge& knowledge, std::vector<FreshClass>* fresh = nullptr);

// The whole ledger as a reader shows it, inside the caller's read transaction.
[[nodiscard]] std::vector<DeviceRecord> read_all_devices(sqlite3* db, const Knowledge& knowledge,
                                                         const AddressPlan& plan);

}  // namespace daicho::ledger
