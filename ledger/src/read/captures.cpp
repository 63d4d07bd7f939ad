#include "read/captures.h"

#include <algorithm>

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

namespace {

constexpr const char* kCaptureColumns =
    "SELECT id, path, size, digest, frames, decode_errors, ingested_at, packet_digest, "
    "packet_frames, coalesce(first_frame_us, 0), coalesce(last_frame_us, 0) FROM captures ";

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
    r.first_frame_us = st.column_int64(9);
    r.last_frame_us = st.column_int64(10);
    return r;
}

}  // namespace

ObservationWindow observation_window(const std::vector<CaptureRecord>& captures) {
    ObservationWindow w;
    w.captures = captures.size();
    for (const auto& c : captures) {
        w.frames += c.frames;
        if (c.first_frame_us > 0 && (w.first_us == 0 || c.first_frame_us < w.first_us)) {
            w.first_us = c.first_frame_us;
        }
        w.last_us = std::max(w.last_us, c.last_frame_us);
    }
    return w;
}

std::vector<CaptureRecord> read_captures(sqlite3* db) {
    db::Statement st(db, "read_captures", std::string(kCaptureColumns) + "ORDER BY id");
    std::vector<CaptureRecord> out;
    while (st.step()) {
        out.push_back(capture_record(st));
    }
    return out;
}

std::optional<CaptureRecord> read_capture(sqlite3* db, std::uint64_t size,
                                          const std::string& digest) {
    db::Statement st(db, "find_capture",
                     std::string(kCaptureColumns) + "WHERE size = ?1 AND digest = ?2");
    st.bind(1, static_cast<std::int64_t>(size)).bind(2, digest);
    if (!st.step()) {
        return std::nullopt;
    }
    CaptureRecord r = capture_record(st);
    st.reset();
    return r;
}

std::vector<CaptureRecord> read_captures_by_head(sqlite3* db, const std::string& head) {
    db::Statement st(db, "find_captures_by_head",
                     std::string(kCaptureColumns) + "WHERE packet_head = ?1 ORDER BY id");
    st.bind(1, head);
    std::vector<CaptureRecord> out;
    while (st.step()) {
        out.push_back(capture_record(st));
    }
    return out;
}

void read_link_devices(sqlite3* db,
                       const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f) {
    db::Statement st(db, "link_devices", "SELECT domain, mac FROM devices WHERE address = ''");
    while (st.step()) {
        if (const auto mac = collectors::MacAddress::parse(st.column_text(1))) {
            f(static_cast<std::uint16_t>(st.column_int64(0)), *mac);
        }
    }
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

CapturePaths::CapturePaths(sqlite3* db) {
    db::Statement st(db, "capture_paths", "SELECT id, path FROM captures");
    while (st.step()) {
        paths_.emplace(st.column_int64(0), st.column_text(1));
    }
}

EvidenceEntry CapturePaths::evidence(std::int64_t capture_id, std::uint64_t frame) const {
    EvidenceEntry e;
    e.frame = frame;
    e.capture_id = capture_id;
    if (const auto it = paths_.find(capture_id); it != paths_.end()) {
        e.capture = it->second;
    }
    return e;
}

}  // namespace daicho::ledger
