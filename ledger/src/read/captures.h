#pragma once
// Small reads behind Ledger's own accessors (ledger.cpp): the schema version, a capture by
// its fingerprint, the device count.

#include <cstdint>
#include <optional>
#include <string>

#include "daicho/ledger/ledger.h"

struct sqlite3;

namespace daicho::ledger {

[[nodiscard]] int read_schema_version(sqlite3* db);
[[nodiscard]] std::optional<CaptureRecord> read_capture(sqlite3* db, std::uint64_t size,
                                                        const std::string& digest);
[[nodiscard]] std::uint64_t read_device_count(sqlite3* db);

}  // namespace daicho::ledger
