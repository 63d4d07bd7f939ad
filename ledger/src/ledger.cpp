#include "daicho/ledger/ledger.h"

#include <sqlite3.h>

#include "db/connection.h"
#include "db/statement.h"

namespace daicho::ledger {

Ledger::Ledger(const std::filesystem::path& path, Mode mode)
    : path_(path), db_(db::open_ledger(path, mode)) {}

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

namespace {

constexpr const char* kCaptureColumns =
    "SELECT id, path, size, digest, frames, decode_errors, ingested_at, packet_digest, "
    "packet_frames FROM captures ";

CaptureRecord capture_record(const db::Statement& st) {
    CaptureRecord r;
    r.id = st.column_int64(0);
    r.path = st.column_text(1);
    r.size = static_cast<std::uint64_t>(st.column_int64(2));
    r.digest = st.column_text(3);
    r.frames = static_cast<std::uint64_t>(st.column_int64(4));
    r.decode_errors = static_cast<std::uint64_t>(st.column_int64(5));
    r.ingested_at_us = st.column_int64(6);
    r.packet_digest = st.column_text(7);
    r.packet_frames = static_cast<std::uint64_t>(st.column_int64(8));
    return r;
}

}  // namespace

std::optional<CaptureRecord> Ledger::find_capture(std::uint64_t size,
                                                  const std::string& digest) const {
    db::Statement st(db_, "find_capture",
                     std::string(kCaptureColumns) + "WHERE size = ?1 AND digest = ?2");
    st.bind(1, static_cast<std::int64_t>(size)).bind(2, digest);
    if (!st.step()) {
        return std::nullopt;
    }
    CaptureRecord r = capture_record(st);
    st.reset();
    return r;
}

std::vector<CaptureRecord> Ledger::find_captures_by_head(const std::string& head) const {
    db::Statement st(db_, "find_captures_by_head",
                     std::string(kCaptureColumns) + "WHERE packet_head = ?1 ORDER BY id");
    st.bind(1, head);
    std::vector<CaptureRecord> out;
    while (st.step()) {
        out.push_back(capture_record(st));
    }
    return out;
}

void Ledger::for_each_link_device(
    const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f) const {
    db::Statement st(db_, "link_devices", "SELECT domain, mac FROM devices WHERE address = ''");
    while (st.step()) {
        if (const auto mac = collectors::MacAddress::parse(st.column_text(1))) {
            f(static_cast<std::uint16_t>(st.column_int64(0)), *mac);
        }
    }
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
