#pragma once
// Opening a ledger file: refuse what is not ours before writing a byte, then configure the
// connection (WAL, foreign keys, busy timeout) and migrate it to Ledger::kSchemaVersion.

#include <cstdint>
#include <filesystem>

#include "daicho/ledger/ledger.h"

struct sqlite3;

namespace daicho::ledger::db {

// PRAGMA application_id of every daicho ledger: "DaiC" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x44616943;
// How long a statement waits for another connection's lock before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// Returns an open handle the caller owns (sqlite3_close_v2). Throws ledger::Error naming
// the file; on every refusal the file is left exactly as it was.
[[nodiscard]] sqlite3* open_ledger(const std::filesystem::path& path, Ledger::Mode mode);

// Copies the database behind `from` into a new file `to` with SQLite's online backup: one
// consistent moment, while readers and a writer on `from` go on. Throws ledger::Error naming
// `to` (cannot create, disk full, ...); a partial file may be left for the caller to remove.
void copy_database(sqlite3* from, const std::filesystem::path& to);

}  // namespace daicho::ledger::db
