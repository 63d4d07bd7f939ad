#pragma once
// A read transaction when none is open (the writer may have one on the same connection), so
// every query of one read describes the same state of the ledger.

#include <sqlite3.h>

#include "db/statement.h"

namespace daicho::ledger {

class ReadTransaction {
   public:
    explicit ReadTransaction(sqlite3* db) : db_(db) {
        if (sqlite3_get_autocommit(db_) != 0) {
            db::exec(db_, "begin read snapshot", "BEGIN");
            owns_ = true;
            // BEGIN is deferred: the snapshot is taken by the first read, so take it now.
            try {
                db::exec(db_, "pin read snapshot", "SELECT 1 FROM sqlite_schema LIMIT 1");
            } catch (...) {
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        }
    }
    ~ReadTransaction() {
        if (owns_) {
            sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);  // read-only: cannot fail
        }
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

   private:
    sqlite3* db_;
    bool owns_ = false;
};

}  // namespace daicho::ledger
