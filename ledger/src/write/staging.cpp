#include "write/staging.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <utility>

#include "daicho/ledger/ledger.h"
#include "db/statement.h"

namespace daicho::ledger {

namespace {

using collectors::FactKind;
using collectors::IpAddress;
using collectors::MacAddress;

enum Row : std::int64_t { kActivity = 0, kObservation = 1 };

// One row per distinct (device, VLAN) activity and per distinct observation, keyed as the
// ledger keys them or finer (the sender's IP is part of a fact's key here; the ledger keeps
// the first one, and the replay in first-staged order does the same). Evidence follows the
// earliest sighting, as in the ledger's own upserts.
constexpr const char* kSchema =
    "CREATE TABLE staged ("
    "seq INTEGER PRIMARY KEY, what INTEGER NOT NULL, sensor INTEGER NOT NULL, "
    "has_mac INTEGER NOT NULL, mac INTEGER NOT NULL, ip BLOB NOT NULL, vlan INTEGER NOT NULL, "
    "outer_vlan INTEGER NOT NULL, kind INTEGER NOT NULL, value TEXT NOT NULL, "
    "source TEXT NOT NULL, first_us INTEGER NOT NULL, last_us INTEGER NOT NULL, "
    "packets INTEGER NOT NULL, bytes INTEGER NOT NULL, count INTEGER NOT NULL, "
    "ev_capture INTEGER NOT NULL, ev_frame INTEGER NOT NULL, ev_ts INTEGER NOT NULL, "
    "UNIQUE (what, sensor, has_mac, mac, ip, vlan, outer_vlan, kind, value, source)) STRICT";

constexpr const char* kUpsert =
    "INSERT INTO staged (what, sensor, has_mac, mac, ip, vlan, outer_vlan, kind, value, source, "
    "first_us, last_us, packets, bytes, count, ev_capture, ev_frame, ev_ts) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
    "ON CONFLICT DO UPDATE SET "
    "ev_capture = CASE WHEN excluded.first_us < first_us THEN excluded.ev_capture "
    "ELSE ev_capture END, "
    "ev_frame = CASE WHEN excluded.first_us < first_us THEN excluded.ev_frame ELSE ev_frame END, "
    "ev_ts = CASE WHEN excluded.first_us < first_us THEN excluded.ev_ts ELSE ev_ts END, "
    "first_us = min(first_us, excluded.first_us), last_us = max(last_us, excluded.last_us), "
    "packets = packets + excluded.packets, bytes = bytes + excluded.bytes, "
    "count = count + excluded.count";

constexpr const char* kReplay =
    "SELECT what, sensor, has_mac, mac, ip, vlan, outer_vlan, kind, value, source, first_us, "
    "last_us, packets, bytes, count, ev_capture, ev_frame, ev_ts FROM staged ORDER BY seq";

std::int64_t as_i64(std::uint64_t v) {
    return static_cast<std::int64_t>(std::min<std::uint64_t>(
        v, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));
}

MacAddress mac_from(std::int64_t v) {
    MacAddress m;
    auto bits = static_cast<std::uint64_t>(v);
    for (std::size_t i = m.octets.size(); i-- > 0;) {
        m.octets[i] = static_cast<std::uint8_t>(bits & 0xffU);
        bits >>= 8U;
    }
    return m;
}

// Family byte then 16 octets; empty for no address.
using IpKey = std::array<std::uint8_t, 17>;
std::span<const std::uint8_t> ip_key(const IpAddress& ip, IpKey& out) {
    if (ip.empty()) {
        return {};
    }
    out[0] = static_cast<std::uint8_t>(ip.family);
    std::copy(ip.octets.begin(), ip.octets.end(), out.begin() + 1);
    return out;
}

IpAddress ip_from(std::span<const std::uint8_t> key) {
    IpAddress ip;
    if (key.size() != IpKey{}.size()) {
        return ip;
    }
    ip.family = static_cast<IpAddress::Family>(key[0]);
    std::copy(key.begin() + 1, key.end(), ip.octets.begin());
    return ip;
}

}  // namespace

struct Staging::Db {
    explicit Db(sqlite3* h) : handle(h) {}
    ~Db() { sqlite3_close_v2(handle); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    sqlite3* handle;
    std::unique_ptr<db::Statement> upsert;
};

Staging::Staging(std::string ledger_file) : ledger_file_(std::move(ledger_file)) {}

Staging::~Staging() = default;

void Staging::fail(const std::exception& e) const {
    throw Error(ledger_file_ + ": staging the open capture in a temporary file (SQLITE_TMPDIR " +
                "or TMPDIR): " + e.what());
}

void Staging::open() {
    // "" opens a private on-disk database that SQLite deletes when it is closed; on POSIX the
    // file is unlinked right after it is created, so not even a crash leaves it behind.
    sqlite3* h = nullptr;
    const int rc = sqlite3_open_v2(
        "", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto fresh = std::make_unique<Db>(h);
    if (rc != SQLITE_OK) {
        throw Error(ledger_file_ + ": cannot open a temporary staging file: " + sqlite3_errstr(rc));
    }
    sqlite3_extended_result_codes(h, 1);
    // Nothing here needs to survive a crash (the capture is then simply not in the ledger), so
    // no journal and no fsync. 16 MiB of cache; beyond it pages go to the file.
    db::exec(h, "staging pragmas",
             "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384; "
             "PRAGMA locking_mode = EXCLUSIVE");
    db::exec(h, "staging schema", kSchema);
    fresh->upsert = std::make_unique<db::Statement>(h, "stage_row", kUpsert);
    db_ = std::move(fresh);
}

void Staging::add(const Batch& batch) {
    if (held_) {
        const Batch first = std::move(*held_);
        held_.reset();
        stage(first);
    }
    stage(batch);
}

void Staging::add(Batch&& batch) {
    if (empty()) {
        held_ = std::move(batch);
        return;
    }
    add(static_cast<const Batch&>(batch));
}

void Staging::stage(const Batch& batch) {
    try {
        if (!db_) {
            open();
        }
        sqlite3* h = db_->handle;
        db::Statement& up = *db_->upsert;
        db::exec(h, "staging begin", "BEGIN");
        IpKey key{};
        for (const DeviceActivity& a : batch.activity) {
            up.reset();
            up.bind(1, std::int64_t{kActivity})
                .bind(2, std::int64_t{a.sensor})
                .bind(3, std::int64_t{1})
                .bind(4, static_cast<std::int64_t>(a.mac.as_u64()))
                .bind_blob(5, {})
                .bind(6, std::int64_t{a.vlan})
                .bind(7, std::int64_t{a.outer_vlan})
                .bind(8, std::int64_t{0})
                .bind(9, std::string_view())
                .bind(10, std::string_view())
                .bind(11, a.first_us)
                .bind(12, std::max(a.first_us, a.last_us))
                .bind(13, as_i64(a.packets))
                .bind(14, as_i64(a.bytes))
                .bind(15, std::int64_t{0})
                .bind(16, std::int64_t{a.first_evidence.capture_id})
                .bind(17, as_i64(a.first_evidence.frame_no))
                .bind(18, a.first_evidence.ts_us);
            up.run();
        }
        for (const StoredObservation& o : batch.observations) {
            const auto& s = o.subject;
            up.reset();
            up.bind(1, std::int64_t{kObservation})
                .bind(2, std::int64_t{s.sensor})
                .bind(3, std::int64_t{s.has_mac ? 1 : 0})
                .bind(4, s.has_mac ? static_cast<std::int64_t>(s.mac.as_u64()) : 0)
                .bind_blob(5, ip_key(s.ip, key))
                .bind(6, std::int64_t{0})
                .bind(7, std::int64_t{0})
                .bind(8, static_cast<std::int64_t>(o.kind))
                .bind(9, o.value)
                .bind(10, o.source)
                .bind(11, o.evidence.ts_us)
                .bind(12, std::max(o.last_us, o.evidence.ts_us))
                .bind(13, std::int64_t{0})
                .bind(14, std::int64_t{0})
                .bind(15, as_i64(std::max<std::uint64_t>(o.count, 1)))
                .bind(16, std::int64_t{o.evidence.capture_id})
                .bind(17, as_i64(o.evidence.frame_no))
                .bind(18, o.evidence.ts_us);
            up.run();
        }
        db::exec(h, "staging commit", "COMMIT");
        rows_ += batch.activity.size() + batch.observations.size();
    } catch (const std::exception& e) {
        fail(e);
    }
}

void Staging::replay(const std::function<void(const DeviceActivity&)>& activity,
                     const std::function<void(const StoredObservation&)>& observation) {
    if (held_) {  // the only batch: in the order the file would give it back
        for (const DeviceActivity& a : held_->activity) {
            activity(a);
        }
        for (const StoredObservation& o : held_->observations) {
            observation(o);
        }
        return;
    }
    if (!db_ || rows_ == 0) {
        return;
    }
    std::unique_ptr<db::Statement> st;
    try {
        st = std::make_unique<db::Statement>(db_->handle, "replay_staged", kReplay);
    } catch (const std::exception& e) {
        fail(e);
    }
    DeviceActivity a;
    StoredObservation o;
    std::string source;
    for (;;) {
        try {
            if (!st->step()) {
                break;
            }
        } catch (const std::exception& e) {
            fail(e);
        }
        const auto capture = static_cast<std::uint32_t>(st->column_int64(15));
        const auto frame = static_cast<std::uint64_t>(st->column_int64(16));
        if (st->column_int64(0) == kActivity) {
            a.sensor = static_cast<std::uint16_t>(st->column_int64(1));
            a.mac = mac_from(st->column_int64(3));
            a.vlan = static_cast<std::uint16_t>(st->column_int64(5));
            a.outer_vlan = static_cast<std::uint16_t>(st->column_int64(6));
            a.first_us = st->column_int64(10);
            a.last_us = st->column_int64(11);
            a.packets = static_cast<std::uint64_t>(st->column_int64(12));
            a.bytes = static_cast<std::uint64_t>(st->column_int64(13));
            a.first_evidence = {capture, frame, st->column_int64(17)};
            activity(a);
            continue;
        }
        o.subject = {};
        o.subject.sensor = static_cast<std::uint16_t>(st->column_int64(1));
        o.subject.has_mac = st->column_int64(2) != 0;
        if (o.subject.has_mac) {
            o.subject.mac = mac_from(st->column_int64(3));
        }
        o.subject.ip = ip_from(st->column_blob(4));
        o.kind = static_cast<FactKind>(st->column_int64(7));
        o.value = st->column_text(8);
        source = st->column_text(9);
        o.source = source;
        o.evidence = {capture, frame, st->column_int64(10)};
        o.last_us = st->column_int64(11);
        o.count = static_cast<std::uint64_t>(st->column_int64(14));
        observation(o);
    }
}

void Staging::discard() noexcept {
    held_.reset();
    db_.reset();
    rows_ = 0;
}

}  // namespace daicho::ledger
