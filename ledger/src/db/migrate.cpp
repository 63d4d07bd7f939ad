#include "db/migrate.h"

#include <sqlite3.h>

#include <cstdio>
#include <string>

#include "daicho/ledger/ledger.h"
#include "db/connection.h"
#include "db/schema.h"
#include "db/statement.h"

namespace daicho::ledger::db {

namespace {

std::int64_t pragma_int(sqlite3* db, std::string_view name, const char* sql) {
    Statement st(db, name, sql);
    std::int64_t value = 0;
    if (st.step()) {
        value = st.column_int64(0);
        st.reset();
    }
    return value;
}

}  // namespace

Header read_header(sqlite3* db) {
    // The first read of a file that is not SQLite fails here with SQLITE_NOTADB.
    sqlite3_stmt* probe = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &probe, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(probe);
    }
    Header h;
    if (rc == SQLITE_ROW) {
        h.schema_objects = sqlite3_column_int64(probe, 0);
    }
    sqlite3_finalize(probe);
    if ((rc & 0xff) == SQLITE_NOTADB) {
        throw Error(ErrorCode::not_a_ledger, {db_file_name(db)},
                    db_file_name(db) +
                        ": not an SQLite database, so not a daicho ledger; refusing to touch it");
    }
    if (rc != SQLITE_ROW) {
        throw_sqlite_error(db, rc, "reading the ledger header");
    }
    h.application_id =
        static_cast<std::int32_t>(pragma_int(db, "read_application_id", "PRAGMA application_id"));
    h.user_version = static_cast<int>(pragma_int(db, "read_user_version", "PRAGMA user_version"));
    return h;
}

void check_header(const Header& h, const std::string& file) {
    if (h.application_id != 0 && h.application_id != kApplicationId) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08x", static_cast<unsigned>(h.application_id));
        throw Error(ErrorCode::not_a_ledger, {file},
                    file + ": not a daicho ledger (SQLite application_id " + id +
                        " belongs to another application); refusing to modify it");
    }
    if (h.user_version > Ledger::kSchemaVersion) {
        throw Error(ErrorCode::newer_schema,
                    {file, std::to_string(h.user_version), std::to_string(Ledger::kSchemaVersion)},
                    file + ": ledger schema version " + std::to_string(h.user_version) +
                        " is newer than this daicho understands (" +
                        std::to_string(Ledger::kSchemaVersion) + "); upgrade daicho");
    }
    if (h.application_id == 0 && (h.schema_objects != 0 || h.user_version != 0)) {
        throw Error(ErrorCode::not_a_ledger, {file},
                    file +
                        ": not a daicho ledger (an SQLite database of another application); "
                        "refusing to modify it");
    }
}

void migrate(sqlite3* db) {
    // A migration that rebuilds a table (SQLite's "12-step" ALTER, sqlite.org/lang_altertable
    // §7) must run with foreign keys off, or dropping the old table cascades into every table
    // that references it. The pragma is a no-op inside a transaction, so it is set around them,
    // and each migration checks the keys itself before it commits.
    exec(db, "foreign keys off for migrations", "PRAGMA foreign_keys = OFF");
    struct KeysBackOn {
        sqlite3* db;
        ~KeysBackOn() { sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr); }
    } keys_back_on{db};
    const std::string file = db_file_name(db);
    for (const Migration& m : migrations()) {
        if (read_header(db).user_version >= m.version) {
            continue;
        }
        const std::string name = "migration " + std::string(m.name);
        exec(db, "begin " + name, "BEGIN IMMEDIATE");
        try {
            // Re-check under the write lock: another process may have migrated meanwhile.
            const Header h = read_header(db);
            check_header(h, file);
            if (h.user_version >= m.version) {
                exec(db, "commit " + name, "COMMIT");
                continue;
            }
            exec(db, name, std::string(m.sql).c_str());
            if (m.version == 1) {
                exec(db, name + " (application_id)",
                     ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
            }
            if (Statement broken(db, "foreign_key_check", "PRAGMA foreign_key_check");
                broken.step()) {
                throw Error(file + ": " + name + " would leave " + broken.column_text(0) +
                            " rows pointing at nothing; the ledger is left as it was");
            }
            exec(db, name + " (user_version)",
                 ("PRAGMA user_version = " + std::to_string(m.version)).c_str());
            exec(db, "commit " + name, "COMMIT");
        } catch (const Error&) {
            if (sqlite3_get_autocommit(db) == 0) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
            throw;
        }
    }
}

}  // namespace daicho::ledger::db
