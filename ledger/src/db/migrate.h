#pragma once
// Schema migrations: each embedded migration runs in its own transaction together with its
// PRAGMA user_version bump, so a ledger is always at exactly one version.

#include <cstdint>
#include <string>

struct sqlite3;

namespace daicho::ledger::db {

// What the file header says about whose database this is.
struct Header {
    std::int32_t application_id = 0;
    int user_version = 0;
    std::int64_t schema_objects = 0;  // rows in sqlite_schema
};

[[nodiscard]] Header read_header(sqlite3* db);
// Throws ledger::Error when the header belongs to another application or a newer daicho.
void check_header(const Header& header, const std::string& file);
// Brings a writable connection to Ledger::kSchemaVersion.
void migrate(sqlite3* db);

}  // namespace daicho::ledger::db
