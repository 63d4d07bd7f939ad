#pragma once
// One short write: `body` inside BEGIN IMMEDIATE ... COMMIT, rolled back on any exception, so a
// statement survives kill -9 whole or not at all (attestations, the capture counters).

#include <sqlite3.h>

#include <string_view>

#include "db/statement.h"

namespace daicho::ledger::db {

template <typename Body>
auto in_transaction(sqlite3* db, std::string_view name, Body body) {
    exec(db, name, "BEGIN IMMEDIATE");
    try {
        auto result = body();
        exec(db, name, "COMMIT");
        return result;
    } catch (...) {
        if (sqlite3_get_autocommit(db) == 0) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

}  // namespace daicho::ledger::db
