#include "db/statement.h"

#include <sqlite3.h>

#include <climits>
#include <cstring>
#include <utility>
#include <vector>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger::db {

std::string db_file_name(sqlite3* db) {
    const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    return name != nullptr && *name != 0 ? std::string(name) : std::string(":memory:");
}

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    const std::string file = db_file_name(db);
    const std::string sqlite_says = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::string message = file;
    message += ": ";
    message += context;
    message += ": ";
    ErrorCode code = ErrorCode::other;
    std::vector<std::string> args{file};
    switch (rc & 0xff) {
        case SQLITE_FULL:
            code = ErrorCode::disk_full;
            message += "disk full (the write was rolled back; the ledger is as it was)";
            break;
        case SQLITE_IOERR:
            code = ErrorCode::io_error;
            args.emplace_back(sqlite3_errstr(rc));
            message += "I/O error (";
            message += sqlite3_errstr(rc);
            message += "; the write was rolled back)";
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            code = ErrorCode::busy;
            message += "the ledger is locked by another process (is another daicho writing it?)";
            break;
        case SQLITE_READONLY:
            code = ErrorCode::read_only;
            message += "the ledger file is read-only";
            break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            code = ErrorCode::damaged;
            args.push_back(sqlite_says);
            message += "the ledger file is damaged or not a daicho ledger (";
            message += sqlite_says;
            message += ")";
            break;
        default:
            message += sqlite_says;
            break;
    }
    if (code == ErrorCode::other) {
        return Error{message};
    }
    return Error{code, std::move(args), message};
}

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context) {
    throw sqlite_error(db, rc, context);
}

void exec(sqlite3* db, std::string_view name, const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(err);  // sqlite3_errmsg(db) still holds the same text
        throw_sqlite_error(db, rc, name);
    }
}

Statement::Statement(sqlite3* db, std::string_view name, std::string_view sql)
    : db_(db), name_(name) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) {
        throw Error(db_file_name(db) + ": statement " + name_ + ": SQL too long");
    }
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db, rc, "preparing statement " + name_);
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), name_(std::move(other.name_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = std::exchange(other.stmt_, nullptr);
        name_ = std::move(other.name_);
    }
    return *this;
}

void Statement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db_, rc, "statement " + name_ + " parameter " + std::to_string(index));
    }
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    // A zero-length view may carry a null pointer; SQLite would bind NULL for it.
    static constexpr char kEmpty[] = "";
    const char* data = value.data() != nullptr ? value.data() : kEmpty;
    check_bind(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
               index);
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> value) {
    static constexpr std::uint8_t kEmpty[1] = {0};
    const void* data = value.empty() ? kEmpty : value.data();
    check_bind(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Statement& Statement::bind_id_or_null(int index, std::int64_t value) {
    return value == 0 ? bind_null(index) : bind(index, value);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt_);
        return false;
    }
    Error error = sqlite_error(db_, rc, "statement " + name_);  // before reset clears errmsg
    sqlite3_reset(stmt_);
    throw error;
}

void Statement::run() {
    if (step()) {
        reset();
    }
}

void Statement::reset() noexcept { sqlite3_reset(stmt_); }

std::int64_t Statement::changes() const noexcept { return sqlite3_changes64(db_); }

std::int64_t Statement::last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(db_);
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    const int n = sqlite3_column_bytes(stmt_, index);  // after column_text, as SQLite requires
    if (text == nullptr || n <= 0) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(n)};
}

std::string_view Statement::column_text_view(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    const int n = sqlite3_column_bytes(stmt_, index);
    if (text == nullptr || n <= 0) {
        return {};
    }
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(n)};
}

std::span<const std::uint8_t> Statement::column_blob(int index) const {
    const void* blob = sqlite3_column_blob(stmt_, index);
    const int n = sqlite3_column_bytes(stmt_, index);  // after column_blob, as SQLite requires
    if (blob == nullptr || n <= 0) {
        return {};
    }
    return {static_cast<const std::uint8_t*>(blob), static_cast<std::size_t>(n)};
}

bool Statement::column_is_null(int index) const {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::string id_list(std::span<const std::int64_t> ids) {
    if (ids.empty()) {
        return {};
    }
    std::string out = "[";
    for (const std::int64_t id : ids) {
        if (out.size() > 1) {
            out += ',';
        }
        out += std::to_string(id);
    }
    out += ']';
    return out;
}

}  // namespace daicho::ledger::db
