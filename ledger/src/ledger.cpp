#include "daicho/ledger/ledger.h"

#include <sqlite3.h>

#include "daicho/ledger/knowledge.h"
#include "db/connection.h"
#include "db/statement.h"

namespace daicho::ledger {

Ledger::Ledger(const std::filesystem::path& path, Mode mode,
               std::shared_ptr<const Knowledge> knowledge)
    : path_(path),
      db_(db::open_ledger(path, mode)),
      knowledge_(knowledge ? std::move(knowledge) : Knowledge::builtin()) {}

void Ledger::set_knowledge(std::shared_ptr<const Knowledge> knowledge) {
    knowledge_ = knowledge ? std::move(knowledge) : Knowledge::builtin();
}

Ledger::~Ledger() { sqlite3_close_v2(db_); }

int Ledger::schema_version() const {
    db::Statement st(db_, "schema_version", "PRAGMA user_version");
    int version = 0;
    if (st.step()) {
        version = static_cast<int>(st.column_int64(0));
        st.reset();
    }
    return version;
}

std::optional<CaptureRecord> Ledger::find_capture(std::uint64_t size,
                                                  const std::string& digest) const {
    db::Statement st(db_, "find_capture",
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

std::uint64_t Ledger::device_count() const {
    db::Statement st(db_, "device_count", "SELECT count(*) FROM devices");
    std::uint64_t n = 0;
    if (st.step()) {
        n = static_cast<std::uint64_t>(st.column_int64(0));
        st.reset();
    }
    return n;
}

}  // namespace daicho::ledger
