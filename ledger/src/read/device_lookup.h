#pragma once
// Finding devices without reading the ledger (Snapshot::find). A record depends on more rows
// than its own: facts that routers carried for it (read/routed_facts.h) and the earlier MACs it
// is linked with (read/linked_devices.h), each of which depends on its own routers and links.
// The lookup gathers that closure through indexed queries (schema 010), runs the very steps the
// whole read runs over it, and keeps the records that match, so a found record is the one the
// whole list shows.

#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/snapshot.h"

struct sqlite3;

namespace daicho::ledger {

class Knowledge;

// Inside the caller's read transaction. Matching records in ledger order, not yet placed.
[[nodiscard]] std::vector<DeviceRecord> lookup_devices(sqlite3* db, const DeviceQuery& query,
                                                       const Knowledge& knowledge,
                                                       const AddressPlan& plan);

}  // namespace daicho::ledger
