#pragma once
// The writer's classification step: devices whose facts changed are classified once, at
// commit, and the result is stored (classify/stored.h) so reads need not run the rules.
//
// The devices are read a part at a time (kReclassifyPart of them), so the memory a commit
// needs does not grow with the devices it touched: a capture that brings 12,000 devices, or a
// knowledge change that reclassifies the whole ledger, reads no more at once than a small one.
// Each record is the one read_devices (read/devices.h) gives for the whole set: facts a router
// carried move to their hosts among the set, whichever part either lies in.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

class Knowledge;

// Devices read and classified at once.
inline constexpr std::size_t kReclassifyPart = 256;

// Each device with these ids as read_devices shows the set of them, in ledger order; each
// one whose stored classification no longer matches its inputs is classified with `knowledge`
// and stored, inside the transaction the connection has open. `each` (when given) sees every
// record; it is valid during the call only.
// `plan` decides, as on every read, which relayed facts leave a device (read/routed_facts.h).
void reclassify(sqlite3* db, const Knowledge& knowledge, const AddressPlan& plan,
                std::span<const std::int64_t> ids,
                const std::function<void(const DeviceRecord&)>& each = {});

// Devices with no stored classification (an upgraded ledger) or one made from other knowledge
// files: what the next write classifies besides the devices it touched.
[[nodiscard]] std::vector<std::int64_t> unclassified_devices(sqlite3* db,
                                                             const Knowledge& knowledge);

}  // namespace daicho::ledger
