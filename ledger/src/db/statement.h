#pragma once
// A named prepared statement (RAII over sqlite3_stmt). Every error it raises is a
// ledger::Error naming the ledger file and the statement, so a failing INSERT deep in the
// writer still says which one it was.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "daicho/ledger/ledger.h"

struct sqlite3;
struct sqlite3_stmt;

namespace daicho::ledger::db {

// ledger::Error "<file>: <context>: <what went wrong>" for SQLite result code `rc`.
// Disk-full, I/O, busy, read-only and corruption codes get a plain-language explanation.
[[nodiscard]] Error sqlite_error(sqlite3* db, int rc, std::string_view context);
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

// The file name for messages ("" for an in-memory database).
[[nodiscard]] std::string db_file_name(sqlite3* db);

// Runs SQL without parameters (PRAGMAs, BEGIN/COMMIT, migrations).
void exec(sqlite3* db, std::string_view name, const char* sql);

class Statement {
   public:
    Statement(sqlite3* db, std::string_view name, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    // Parameters are 1-based, as in SQL. Values are copied.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind_blob(int index, std::span<const std::uint8_t> value);
    Statement& bind_null(int index);
    // NULL when `value` is 0 (an optional foreign key such as a live-capture evidence id).
    Statement& bind_id_or_null(int index, std::int64_t value);

    // Next row: true while there is one. At the end it resets the statement (releasing any
    // read snapshot) and returns false. Errors reset the statement and throw.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Returns to the start; bindings stay.
    void reset() noexcept;

    [[nodiscard]] std::int64_t column_int64(int index) const;
    [[nodiscard]] std::string column_text(int index) const;
    // Valid until the next step() or reset(): for a value parsed or compared, not kept.
    [[nodiscard]] std::string_view column_text_view(int index) const;
    [[nodiscard]] bool column_is_null(int index) const;
    // Valid until the next step() or reset().
    [[nodiscard]] std::span<const std::uint8_t> column_blob(int index) const;

    // After run(): rows the statement inserted, updated or deleted, and the rowid of the last
    // row inserted on this connection (sqlite3_changes, sqlite3_last_insert_rowid).
    [[nodiscard]] std::int64_t changes() const noexcept;
    [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }

   private:
    void check_bind(int rc, int index);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    std::string name_;
};

// Ids as a JSON array for `IN (SELECT value FROM json_each(?))`, so a list of any length is
// one bound parameter; "" for none (callers bind NULL or skip the filter then).
[[nodiscard]] std::string id_list(std::span<const std::int64_t> ids);

}  // namespace daicho::ledger::db
