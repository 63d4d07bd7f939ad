#include "read/captures.h"

#include "db/statement.h"

namespace daicho::ledger {

int read_schema_version(sqlite3* db) {
    db::Statement st(db, "schema_version", "PRAGMA user_version");
    int version = 0;
    if (st.step()) {
        version = static_cast<int>(st.column_int64(0));
        st.reset();
    }
    return version;
}

std::optional<CaptureRecord> read_capture(sqlite3* db, std::uint64_t size,
                                          const std::string& digest) {
    db::Statement st(db, "find_capture",
                     "SELECT id, path, size, digest, frames, decode_errors, ingested_at "
                     "FROM captures WHERE size = ?1 AND digest = ?2");
    st.bind(1, static_cast<std::int64_t>(size)).bind(2, digest);
    if (!st.step()) {
        return std::nullopt;
    }
    CaptureRecord r;
    r.id = st.column_int64(0);
    r.path = st.column_text(1);
    r.size = static_cast<std::uint64_t>(st.column_int64(2));
    r.digest = st.column_text(3);
    r.frames = static_cast<std::uint64_t>(st.column_int64(4));
    r.decode_errors = static_cast<std::uint64_t>(st.column_int64(5));
    r.ingested_at_us = st.column_int64(6);
    st.reset();
    return r;
}

std::uint64_t read_device_count(sqlite3* db) {
    db::Statement st(db, "device_count", "SELECT count(*) FROM devices");
    std::uint64_t n = 0;
    if (st.step()) {
        n = static_cast<std::uint64_t>(st.column_int64(0));
        st.reset();
    }
    return n;
}

}  // namespace daicho::ledger
