#pragma once
// Small reads behind Ledger's own accessors (ledger.cpp): the schema version, a capture by
// its fingerprint or packet head, the device count, the MACs already known.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"

struct sqlite3;

namespace daicho::ledger {

[[nodiscard]] int read_schema_version(sqlite3* db);
[[nodiscard]] std::optional<CaptureRecord> read_capture(sqlite3* db, std::uint64_t size,
                                                        const std::string& digest);
[[nodiscard]] std::vector<CaptureRecord> read_captures_by_head(sqlite3* db,
                                                               const std::string& head);
[[nodiscard]] std::uint64_t read_device_count(sqlite3* db);
// Every device keyed by a MAC (not a routed host): (domain, MAC).
void read_link_devices(sqlite3* db,
                       const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f);

}  // namespace daicho::ledger
