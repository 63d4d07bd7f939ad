#include "db/connection.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "db/migrate.h"
#include "db/statement.h"

namespace daicho::ledger::db {

namespace {

// Closes the handle unless release() was called: every refusal path closes it.
class HandleGuard {
   public:
    explicit HandleGuard(sqlite3* db) noexcept : db_(db) {}
    ~HandleGuard() { sqlite3_close_v2(db_); }
    HandleGuard(const HandleGuard&) = delete;
    HandleGuard& operator=(const HandleGuard&) = delete;
    [[nodiscard]] sqlite3* get() const noexcept { return db_; }
    sqlite3* release() noexcept {
        sqlite3* db = db_;
        db_ = nullptr;
        return db;
    }

   private:
    sqlite3* db_;
};

// `uri`, when given, is what SQLite opens (file_uri); messages name `file` either way.
sqlite3* open_handle(const std::string& file, int flags, const char* purpose,
                     const std::string& uri = {}) {
    sqlite3* db = nullptr;
    // A connection is only ever used by one thread at a time (the daemon gives each its own),
    // so SQLite's per-call mutexes are pure cost: 7% of reading a 12,000-device ledger.
    const int rc = sqlite3_open_v2(uri.empty() ? file.c_str() : uri.c_str(), &db,
                                   flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const int sys = db != nullptr ? sqlite3_system_errno(db) : 0;
        std::string message = file + ": cannot " + purpose + ": " + sqlite3_errstr(rc);
        // The system's words say what a person can fix (permission denied); SQLite's
        // ("unable to open database file") do not.
        const std::string why = sys != 0 ? std::strerror(sys) : sqlite3_errstr(rc);
        if (sys != 0) {
            message += " (";
            message += std::strerror(sys);
            message += ")";
        }
        sqlite3_close_v2(db);
        throw Error(ErrorCode::cannot_open, {file, why}, message);
    }
    sqlite3_extended_result_codes(db, 1);
    return db;
}

void set_busy_timeout(sqlite3* db) {
    const int rc = sqlite3_busy_timeout(db, kBusyTimeoutMs);
    if (rc != SQLITE_OK) {
        throw_sqlite_error(db, rc, "setting busy_timeout");
    }
}

// A file: URI for sqlite3_open_v2 (sqlite.org/uri.html): the path with '%', '?' and '#'
// escaped, since they would end or change the path part.
std::string file_uri(const std::string& file, const char* query) {
    std::string uri = "file:";
    for (const char c : file) {
        if (c == '%' || c == '?' || c == '#') {
            static constexpr char kHex[] = "0123456789abcdef";
            const auto u = static_cast<unsigned char>(c);
            uri += '%';
            uri += kHex[u >> 4U];
            uri += kHex[u & 0xfU];
        } else {
            uri += c;
        }
    }
    return uri + "?" + query;
}

// How a reader opens the ledger without writing anything, also on read-only media:
// - with a -wal file, a writer is at work or one died with commits the main file does not hold
//   yet: a plain read-only connection reads through the WAL (and, where the -shm cannot be
//   created or written, SQLite reads the WAL without it, sqlite.org/wal.html#readonly);
// - without one, every commit is in the main file and no connection has it open in WAL mode,
//   so it is opened immutable: no lock, no -shm, no -wal, nothing created beside it. A writer
//   that starts meanwhile writes to a new WAL this reader does not see (a snapshot, as
//   always); only a checkpoint into the main file during the read could show this reader a
//   torn state, and it needs a writer to start and commit 1,000 pages within the read.
std::string reader_uri(const std::string& file) {
    std::error_code ec;
    const bool wal = std::filesystem::exists(file + "-wal", ec);
    return file_uri(file, wal ? "mode=ro" : "mode=ro&immutable=1");
}

constexpr int kReaderFlags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;

// Whether the ledger behind a read-only connection is one this daicho may open.
void inspect(sqlite3* ro, const std::string& file, bool allow_older) {
    const Header h = read_header(ro);
    check_header(h, file);
    if (!allow_older && h.user_version < Ledger::kSchemaVersion) {
        if (h.user_version == 0) {
            throw Error(ErrorCode::empty_ledger, {file},
                        file + ": empty file, not a daicho ledger yet; run daicho ingest first");
        }
        throw Error(ErrorCode::older_schema,
                    {file, std::to_string(h.user_version), std::to_string(Ledger::kSchemaVersion)},
                    file + ": ledger schema version " + std::to_string(h.user_version) +
                        " is older than this daicho's (" + std::to_string(Ledger::kSchemaVersion) +
                        "); run daicho ingest once to upgrade it");
    }
}

// Reads the header through a read-only connection, so a file we refuse is never written.
void inspect_existing(const std::string& file, bool allow_older) {
    HandleGuard ro(open_handle(file, kReaderFlags, "open ledger", reader_uri(file)));
    set_busy_timeout(ro.get());
    inspect(ro.get(), file, allow_older);
}

}  // namespace

sqlite3* open_ledger(const std::filesystem::path& path, Ledger::Mode mode) {
    const std::string file = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    const bool exists = std::filesystem::exists(status);
    if (exists && std::filesystem::is_directory(status)) {
        throw Error(ErrorCode::ledger_directory, {file},
                    file + ": is a directory, not a ledger file");
    }

    if (mode == Ledger::Mode::read_only) {
        if (!exists) {
            throw Error(ErrorCode::no_ledger, {file},
                        "no ledger at " + file + "; run daicho ingest first");
        }
        // One connection both inspects and reads: a second one would read and parse the
        // schema again, for every command.
        HandleGuard db(open_handle(file, kReaderFlags, "open ledger", reader_uri(file)));
        set_busy_timeout(db.get());
        inspect(db.get(), file, /*allow_older=*/false);
        exec(db.get(), "query_only", "PRAGMA query_only = ON");
        return db.release();
    }

    if (exists) {
        inspect_existing(file, /*allow_older=*/true);
    } else {
        const auto parent = path.parent_path();
        if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
            throw Error(
                ErrorCode::no_parent, {file, parent.string()},
                file + ": cannot create ledger: directory " + parent.string() + " does not exist");
        }
    }

    HandleGuard db(open_handle(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               exists ? "open ledger for writing" : "create ledger"));
    if (sqlite3_db_readonly(db.get(), "main") == 1) {
        throw Error(ErrorCode::read_only, {file},
                    file + ": ledger file is not writable (check its permissions)");
    }
    set_busy_timeout(db.get());
    exec(db.get(), "foreign_keys", "PRAGMA foreign_keys = ON");

    // WAL: readers never block the writer, and a killed writer leaves a consistent file.
    {
        Statement wal(db.get(), "journal_mode", "PRAGMA journal_mode = WAL");
        std::string mode_now;
        if (wal.step()) {
            mode_now = wal.column_text(0);
            wal.reset();
        }
        if (mode_now != "wal") {
            throw Error(ErrorCode::no_wal, {file, mode_now},
                        file + ": cannot switch the ledger to WAL mode (journal_mode is " +
                            mode_now + "); is the directory writable and on a local disk?");
        }
    }
    // NORMAL is durable across application crashes in WAL mode; a power cut may lose the last
    // commits but never corrupts the file.
    exec(db.get(), "synchronous", "PRAGMA synchronous = NORMAL");
    // A capture is one transaction touching every device's rows; 64 MiB of page cache keeps
    // the ledger's working set in memory instead of re-reading pages for each upsert, and
    // temporary b-trees stay in memory.
    exec(db.get(), "cache_size", "PRAGMA cache_size = -65536");
    exec(db.get(), "temp_store", "PRAGMA temp_store = MEMORY");
    migrate(db.get());
    return db.release();
}

void copy_database(sqlite3* from, const std::filesystem::path& to) {
    const std::string file = to.string();
    const HandleGuard dest(open_handle(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "create"));
    sqlite3_backup* backup = sqlite3_backup_init(dest.get(), "main", from, "main");
    if (backup == nullptr) {
        throw_sqlite_error(dest.get(), sqlite3_errcode(dest.get()), "copying the ledger");
    }
    const int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        throw_sqlite_error(dest.get(), rc, "copying the ledger");
    }
}

}  // namespace daicho::ledger::db
