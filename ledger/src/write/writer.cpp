// Writer: the single ledger writer. apply() stages each batch outside the ledger
// (write/staging.h) without taking the ledger's write lock; commit_capture() merges the staged
// rows in one IMMEDIATE transaction, as upserts keyed by (domain, MAC), so repeats only bump
// last_seen and counts. A capture file is thus all or nothing, and the write lock is held for
// the merge only: its length follows what the capture adds to the ledger, not its packets.
// The capture's id is claimed up front (capture_claims) so batches can cite it as evidence.
// Events (write/history.h) come from inserted rows only, so the repeats that make up almost
// all of a large capture cost no history work.

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "daicho/collectors/os.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "daicho/ledger/vendor_registry.h"
#include "db/statement.h"
#include "write/capture_host.h"
#include "write/connection_store.h"
#include "write/history.h"
#include "write/routed_hosts.h"
#include "write/staging.h"

namespace daicho::ledger {

namespace {

using collectors::EvidenceRef;
using collectors::FactKind;
using collectors::IpAddress;
using collectors::MacAddress;

// Only an individual, non-zero MAC names one device (IEEE 802-2014 §8.2).
bool names_a_device(const MacAddress& mac) { return !mac.is_group() && !mac.is_zero(); }

std::int64_t as_i64(std::uint64_t v) {
    return static_cast<std::int64_t>(std::min<std::uint64_t>(
        v, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));
}

constexpr const char* kInsertCapture =
    "INSERT INTO captures (id, path, size, digest, link_type, ingested_at, prefix_capture, "
    "prefix_frames) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kRecordPackets =
    "UPDATE captures SET packet_head = ?2, packet_digest = ?3, packet_frames = ?4 WHERE id = ?1";
constexpr const char* kCaptureKnown = "SELECT 1 FROM captures WHERE size = ?1 AND digest = ?2";
// Above every committed capture and every claim, so two writers never share an id.
constexpr const char* kClaimCapture =
    "INSERT INTO capture_claims (id, pid, claimed_at) VALUES (1 + max("
    "coalesce((SELECT max(id) FROM captures), 0), "
    "coalesce((SELECT max(id) FROM capture_claims), 0)), ?1, ?2) RETURNING id";
constexpr const char* kReleaseClaim = "DELETE FROM capture_claims WHERE id = ?1";
constexpr const char* kClaims = "SELECT id, pid FROM capture_claims";
constexpr const char* kFinishCapture =
    "UPDATE captures SET frames = ?2, decode_errors = ?3 WHERE id = ?1";
// Each merge widens the capture's time span (a live run's grows merge by merge).
constexpr const char* kCaptureTimes =
    "UPDATE captures SET first_frame_us = min(coalesce(first_frame_us, ?2), ?2), "
    "last_frame_us = max(coalesce(last_frame_us, ?3), ?3) WHERE id = ?1";
constexpr const char* kFindDevice =
    "SELECT id, first_seen, last_seen, vendor <> '' FROM devices "
    "WHERE domain = ?1 AND mac = ?2 AND address = ''";
constexpr const char* kInsertDevice =
    "INSERT INTO devices (domain, mac, vendor, mac_kind, first_seen, last_seen, packets, bytes, "
    "first_capture_id, first_frame, category) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "'') RETURNING id";  // category '': not classified yet (schema 005)
// SET expressions all see the row as it was, so the CASEs compare with the old first_seen.
constexpr const char* kUpdateDevice =
    "UPDATE devices SET "
    "first_capture_id = CASE WHEN ?2 < first_seen THEN ?7 ELSE first_capture_id END, "
    "first_frame = CASE WHEN ?2 < first_seen THEN ?8 ELSE first_frame END, "
    "first_seen = min(first_seen, ?2), last_seen = max(last_seen, ?3), "
    "packets = packets + ?4, bytes = bytes + ?5, "
    "vendor = CASE WHEN vendor = '' THEN ?6 ELSE vendor END "
    "WHERE id = ?1";
constexpr const char* kUpsertVlan =
    "INSERT INTO device_vlans (device_id, vlan, outer_vlan, first_seen, last_seen, packets) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (device_id, vlan, outer_vlan) DO UPDATE SET "
    "first_seen = min(first_seen, excluded.first_seen), "
    "last_seen = max(last_seen, excluded.last_seen), packets = packets + excluded.packets";
// RETURNING count: equal to the bound count exactly when the row was inserted (then id is the
// new row's, for the history).
constexpr const char* kUpsertAddress =
    "INSERT INTO device_addresses (device_id, family, address, octets, source, first_seen, "
    "last_seen, count, capture_id, frame) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (device_id, address) DO UPDATE SET "
    "capture_id = CASE WHEN excluded.first_seen < first_seen THEN excluded.capture_id "
    "ELSE capture_id END, "
    "frame = CASE WHEN excluded.first_seen < first_seen THEN excluded.frame ELSE frame END, "
    "first_seen = min(first_seen, excluded.first_seen), "
    "last_seen = max(last_seen, excluded.last_seen), count = count + excluded.count "
    "RETURNING count, id";
constexpr const char* kUpsertFact =
    "INSERT INTO device_facts (device_id, kind, value, source, first_seen, last_seen, count, "
    "capture_id, frame, subject_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (device_id, kind, value, source) DO UPDATE SET "
    "capture_id = CASE WHEN excluded.first_seen < first_seen THEN excluded.capture_id "
    "ELSE capture_id END, "
    "frame = CASE WHEN excluded.first_seen < first_seen THEN excluded.frame ELSE frame END, "
    "first_seen = min(first_seen, excluded.first_seen), "
    "last_seen = max(last_seen, excluded.last_seen), count = count + excluded.count "
    "RETURNING count, id";
// A fact of a device the open capture created: it is almost always new, and a plain insert
// costs half the upsert above, whose RETURNING clause fills a temporary table per row
// (measured through Python's sqlite3 on this schema: 17,116 facts of a fresh ledger in 0.24 s
// by upsert, 0.11 s so). A conflict inserts nothing and falls back to the upsert: staging keeps
// a fact per sender address and the ledger per device, so the same fact from a second sender
// meets the first one's row.
constexpr const char* kInsertFact =
    "INSERT INTO device_facts (device_id, kind, value, source, first_seen, last_seen, count, "
    "capture_id, frame, subject_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT DO NOTHING";

constexpr const char* kUpsertAddressFact =
    "INSERT INTO address_facts (domain, address, kind, value, source, first_seen, last_seen, "
    "count, capture_id, frame) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (domain, address, kind, value, source) DO UPDATE SET "
    "capture_id = CASE WHEN excluded.first_seen < first_seen THEN excluded.capture_id "
    "ELSE capture_id END, "
    "frame = CASE WHEN excluded.first_seen < first_seen THEN excluded.frame ELSE frame END, "
    "first_seen = min(first_seen, excluded.first_seen), "
    "last_seen = max(last_seen, excluded.last_seen), count = count + excluded.count "
    "RETURNING count";

struct CachedDevice {
    std::int64_t id = 0;
    bool inserted = false;  // created by the open capture
    // What the row holds, so a fact inside the known time span costs no UPDATE: most
    // observations repeat what a device's traffic already recorded.
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
    bool has_vendor = false;
    // A row that can change its classification came with the open capture (new device, fact,
    // address, vendor); only these are reclassified at commit.
    bool changed = false;
    std::int64_t previous_last_us = 0;  // last_seen before the open capture
    History::Evidence first;            // first sighting in the open capture
};

}  // namespace

struct Writer::Impl {
    Impl(Ledger& l, const VendorRegistry& v, const WriterOptions& o)
        : db(l.handle()),
          vendors(v),
          options(o),
          history(l, options),
          staging(l.path().string()),
          insert_capture(db, "insert_capture", kInsertCapture),
          capture_known(db, "capture_known", kCaptureKnown),
          claim_capture(db, "claim_capture", kClaimCapture),
          release_claim(db, "release_claim", kReleaseClaim),
          finish_capture(db, "finish_capture", kFinishCapture),
          capture_times(db, "capture_times", kCaptureTimes),
          record_packets(db, "record_packets", kRecordPackets),
          find_device(db, "find_device", kFindDevice),
          insert_device(db, "insert_device", kInsertDevice),
          update_device(db, "update_device", kUpdateDevice),
          upsert_vlan(db, "upsert_vlan", kUpsertVlan),
          upsert_address(db, "upsert_address", kUpsertAddress),
          upsert_fact(db, "upsert_fact", kUpsertFact),
          insert_fact(db, "insert_fact", kInsertFact),
          upsert_address_fact(db, "upsert_address_fact", kUpsertAddressFact),
          capture_hosts(db),
          connections(db),
          ledger(l) {}

    sqlite3* db;
    const VendorRegistry& vendors;
    WriterOptions options;
    History history;
    Staging staging;
    db::Statement insert_capture;
    db::Statement capture_known;
    db::Statement claim_capture;
    db::Statement release_claim;
    db::Statement finish_capture;
    db::Statement capture_times;
    db::Statement record_packets;
    db::Statement find_device;
    db::Statement insert_device;
    db::Statement update_device;
    db::Statement upsert_vlan;
    db::Statement upsert_address;
    db::Statement upsert_fact;
    db::Statement insert_fact;
    db::Statement upsert_address_fact;
    CaptureHosts capture_hosts;   // the hosts loopback captures were taken on
    ConnectionStore connections;  // the capture's external connection points (schema 014)
    const Ledger& ledger;         // its address plan decides routed hosts at each merge

    bool open = false;
    std::int64_t capture_id = 0;
    CaptureInfo info;               // recorded in captures by the first merge
    std::int64_t began_us = 0;      // captures.ingested_at
    bool capture_recorded = false;  // a merge has written the captures row (every_interval)
    std::chrono::steady_clock::time_point last_merge;
    WriteStats stats;                                         // summed over the capture's merges
    std::unordered_map<std::uint64_t, CachedDevice> devices;  // (domain << 48 | mac) -> row
    std::unordered_set<std::int64_t> updated;
    // The frame times the merge's rows span (captures.first_frame_us / last_frame_us).
    std::optional<std::pair<std::int64_t, std::int64_t>> frame_span;
    std::map<std::pair<std::uint16_t, std::string>, History::Evidence> new_address_facts;
    // What record_packets / record_link_event said, written by the next merge: nothing of an
    // open capture reaches the ledger before its merge.
    struct PacketIdentity {
        std::string head;
        std::string digest;
        std::uint64_t frames = 0;
    };
    std::optional<PacketIdentity> packet_identity;
    struct LinkEvent {
        std::string kind, before, after, note;
        History::Evidence evidence;
    };
    std::vector<LinkEvent> link_events;

    void require_open(const char* what) const {
        if (!open) {
            throw Error(db::db_file_name(db) + ": " + what + " without an open capture");
        }
    }

    void rollback() noexcept {
        if (sqlite3_get_autocommit(db) == 0) {
            // SQLite may already have rolled back after SQLITE_FULL/IOERR; then this is a no-op.
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        if (open) {
            // Best effort: a claim left behind (disk full, lock busy) only wastes an id, and the
            // next writer drops it once this process is gone.
            release_claim.reset();
            release_claim.bind(1, capture_id);
            try {
                release_claim.run();
            } catch (const Error&) {
            }
        }
        reset_state();
    }

    // Writer::apply, by copy or by move (Staging::add keeps a moved batch in memory).
    template <typename B>
    void apply(B&& batch) {
        require_open("apply");
        try {
            staging.add(std::forward<B>(batch));
            if (options.merge == WriterOptions::Merge::every_interval &&
                std::chrono::steady_clock::now() - last_merge >= options.merge_interval) {
                merge(false, 0, 0);
            }
        } catch (...) {
            rollback();
            throw;
        }
    }

    void reset_merge() noexcept {
        staging.discard();
        devices.clear();
        updated.clear();
        frame_span.reset();
        new_address_facts.clear();
        capture_hosts.clear();
        connections.clear();
        link_events.clear();
    }

    void reset_state() noexcept {
        reset_merge();
        open = false;
        capture_id = 0;
        capture_recorded = false;
        packet_identity.reset();
        info = {};
        stats = {};
    }

    // Claims of processes that no longer exist: their captures died with them.
    void drop_dead_claims() {
        db::Statement claims(db, "capture_claims", kClaims);
        std::vector<std::int64_t> dead;
        while (claims.step()) {
            if (!os::process_exists(claims.column_int64(1))) {
                dead.push_back(claims.column_int64(0));
            }
        }
        for (const std::int64_t id : dead) {
            release_claim.reset();
            release_claim.bind(1, id);
            release_claim.run();
        }
    }

    // One short write transaction: the staged rows become ledger rows, with their events.
    // `last`: the capture ends here (its totals are recorded and its claim released).
    void merge(bool last, std::uint64_t frames, std::uint64_t decode_errors);

    std::int64_t evidence_capture(const EvidenceRef& e) const {
        return e.capture_id != 0 ? static_cast<std::int64_t>(e.capture_id) : capture_id;
    }

    // Finds or creates the device and folds this sighting into it; returns its id.
    std::int64_t touch_device(std::uint16_t domain, const MacAddress& mac, std::int64_t first_us,
                              std::int64_t last_us, std::uint64_t packets, std::uint64_t bytes,
                              const EvidenceRef& evidence) {
        const std::uint64_t key = device_key(domain, mac);
        last_us = std::max(first_us, last_us);
        auto it = devices.find(key);
        if (it != devices.end() && first_us < it->second.first.at_us) {
            it->second.first = {first_us, evidence_capture(evidence), evidence.frame_no};
        }
        if (it != devices.end() && packets == 0 && bytes == 0 && first_us >= it->second.first_us &&
            last_us <= it->second.last_us &&
            (it->second.has_vendor || vendors.lookup(mac).empty())) {
            if (!it->second.inserted) {
                updated.insert(it->second.id);
            }
            return it->second.id;
        }
        const std::string vendor(vendors.lookup(mac));
        if (it == devices.end()) {
            const std::string mac_text = mac.to_string();
            find_device.reset();
            find_device.bind(1, std::int64_t{domain}).bind(2, mac_text);
            CachedDevice found;
            if (find_device.step()) {
                found.id = find_device.column_int64(0);
                found.first_us = find_device.column_int64(1);
                found.last_us = find_device.column_int64(2);
                found.has_vendor = find_device.column_int64(3) != 0;
                found.previous_last_us = found.last_us;
                found.first = {first_us, evidence_capture(evidence), evidence.frame_no};
                find_device.reset();
            } else {
                insert_device.reset();
                insert_device.bind(1, std::int64_t{domain})
                    .bind(2, mac_text)
                    .bind(3, vendor)
                    .bind(4, std::string_view(mac.is_local() ? "local" : "global"))
                    .bind(5, first_us)
                    .bind(6, std::max(first_us, last_us))
                    .bind(7, as_i64(packets))
                    .bind(8, as_i64(bytes))
                    .bind_id_or_null(9, evidence_capture(evidence))
                    .bind(10, as_i64(evidence.frame_no));
                if (!insert_device.step()) {
                    throw Error(db::db_file_name(db) + ": statement insert_device returned no id");
                }
                found.id = insert_device.column_int64(0);
                found.inserted = true;
                found.changed = true;
                found.first_us = first_us;
                found.last_us = last_us;
                found.has_vendor = !vendor.empty();
                found.first = {first_us, evidence_capture(evidence), evidence.frame_no};
                insert_device.reset();
                history.device_inserted(found.id, "mac", mac_text, found.first);
                ++stats.devices_new;
                devices.emplace(key, found);
                return found.id;
            }
            it = devices.emplace(key, found).first;
        }
        update_device.reset();
        update_device.bind(1, it->second.id)
            .bind(2, first_us)
            .bind(3, std::max(first_us, last_us))
            .bind(4, as_i64(packets))
            .bind(5, as_i64(bytes))
            .bind(6, vendor)
            .bind_id_or_null(7, evidence_capture(evidence))
            .bind(8, as_i64(evidence.frame_no));
        update_device.run();
        it->second.first_us = std::min(it->second.first_us, first_us);
        it->second.last_us = std::max(it->second.last_us, last_us);
        it->second.changed = it->second.changed || (!it->second.has_vendor && !vendor.empty());
        it->second.has_vendor = it->second.has_vendor || !vendor.empty();
        if (!it->second.inserted) {
            updated.insert(it->second.id);
        }
        return it->second.id;
    }

    static std::uint64_t device_key(std::uint16_t domain, const MacAddress& mac) noexcept {
        return (std::uint64_t{domain} << 48U) | mac.as_u64();
    }

    // The device touch_device() just cached.
    CachedDevice& cached_device(std::uint16_t domain, const MacAddress& mac) {
        return devices.at(device_key(domain, mac));
    }

    // The same, marked for reclassification at commit.
    CachedDevice& changed_device(std::uint16_t domain, const MacAddress& mac) {
        CachedDevice& d = cached_device(domain, mac);
        d.changed = true;
        return d;
    }

    void widen_frame_span(std::int64_t first_us, std::int64_t last_us) {
        if (first_us <= 0) {
            return;  // no frame time (a fact without one)
        }
        last_us = std::max(first_us, last_us);
        if (!frame_span) {
            frame_span.emplace(first_us, last_us);
        }
        frame_span->first = std::min(frame_span->first, first_us);
        frame_span->second = std::max(frame_span->second, last_us);
    }

    void apply_activity(const DeviceActivity& a) {
        widen_frame_span(a.first_us, a.last_us);
        if (!names_a_device(a.mac)) {
            return;
        }
        const std::int64_t id = touch_device(a.sensor, a.mac, a.first_us, a.last_us, a.packets,
                                             a.bytes, a.first_evidence);
        upsert_vlan.reset();
        upsert_vlan.bind(1, id)
            .bind(2, std::int64_t{a.vlan})
            .bind(3, std::int64_t{a.outer_vlan})
            .bind(4, a.first_us)
            .bind(5, std::max(a.first_us, a.last_us))
            .bind(6, as_i64(a.packets));
        upsert_vlan.run();
    }

    // A fact about an address with no MAC (a gateway a DHCP server names, a DNS answer):
    // kept per (domain, address); devices holding the address show it.
    void apply_address_fact(const StoredObservation& o) {
        const auto& s = o.subject;
        if (s.ip.empty() || s.ip.is_unspecified() || o.value.empty() ||
            o.kind == FactKind::ip_address) {
            return;
        }
        const std::int64_t first = o.evidence.ts_us;
        const std::int64_t count = as_i64(std::max<std::uint64_t>(o.count, 1));
        upsert_address_fact.reset();
        upsert_address_fact.bind(1, std::int64_t{s.sensor})
            .bind(2, s.ip.to_string())
            .bind(3, collectors::fact_kind_name(o.kind))
            .bind(4, o.value)
            .bind(5, o.source)
            .bind(6, first)
            .bind(7, std::max(o.last_us, first))
            .bind(8, count)
            .bind_id_or_null(9, evidence_capture(o.evidence))
            .bind(10, as_i64(o.evidence.frame_no));
        if (upsert_address_fact.step() && upsert_address_fact.column_int64(0) == count) {
            ++stats.facts_new;
            // The devices holding the address may classify differently now (resolved at commit).
            new_address_facts.try_emplace(
                {s.sensor, s.ip.to_string()},
                History::Evidence{first, evidence_capture(o.evidence), o.evidence.frame_no});
        }
        upsert_address_fact.reset();
    }

    void apply_observation(const StoredObservation& o) {
        widen_frame_span(o.evidence.ts_us, o.last_us);
        const auto& s = o.subject;
        if (on_loopback(s)) {
            apply_loopback(o);
            return;
        }
        if (!s.has_mac) {
            apply_address_fact(o);
            return;
        }
        if (!names_a_device(s.mac)) {
            return;
        }
        if (o.kind == FactKind::ip_address ? (s.ip.empty() || s.ip.is_unspecified())
                                           : o.value.empty()) {
            return;
        }
        const std::int64_t first = o.evidence.ts_us;
        const std::int64_t last = std::max(o.last_us, first);
        const std::int64_t count = as_i64(std::max<std::uint64_t>(o.count, 1));
        const std::int64_t id = touch_device(s.sensor, s.mac, first, last, 0, 0, o.evidence);
        const History::Evidence evidence{first, evidence_capture(o.evidence), o.evidence.frame_no};
        if (o.kind == FactKind::ip_address) {
            const bool v4 = s.ip.family == IpAddress::Family::v4;
            const std::span<const std::uint8_t> octets(s.ip.octets.data(), v4 ? 4U : 16U);
            upsert_address.reset();
            upsert_address.bind(1, id)
                .bind(2, std::int64_t{v4 ? 4 : 6})
                .bind(3, s.ip.to_string())
                .bind_blob(4, octets)
                .bind(5, o.source)
                .bind(6, first)
                .bind(7, last)
                .bind(8, count)
                .bind_id_or_null(9, evidence_capture(o.evidence))
                .bind(10, as_i64(o.evidence.frame_no));
            if (upsert_address.step() && upsert_address.column_int64(0) == count) {
                const std::int64_t row = upsert_address.column_int64(1);
                upsert_address.reset();
                history.address_inserted(id, row, v4, s.ip.to_string(),
                                         changed_device(s.sensor, s.mac).inserted, evidence);
            }
            upsert_address.reset();
            return;
        }
        if (record_fact(id, o, last, count, evidence, cached_device(s.sensor, s.mac).inserted)) {
            changed_device(s.sensor, s.mac);
        }
    }

    // Files o under device `id`; true when the fact is new to the ledger (its history recorded).
    // `created`: the open capture created the device, so the fact is most likely new.
    bool record_fact(std::int64_t id, const StoredObservation& o, std::int64_t last,
                     std::int64_t count, const History::Evidence& evidence, bool created = false) {
        const auto& s = o.subject;
        const std::string sender = s.ip.empty() ? std::string() : s.ip.to_string();
        const std::string_view kind = collectors::fact_kind_name(o.kind);
        // insert_fact and upsert_fact take the same parameters.
        const auto bind = [&](db::Statement& st) -> db::Statement& {
            st.reset();
            return st.bind(1, id)
                .bind(2, kind)
                .bind(3, o.value)
                .bind(4, o.source)
                .bind(5, evidence.at_us)
                .bind(6, last)
                .bind(7, count)
                .bind_id_or_null(8, evidence_capture(o.evidence))
                .bind(9, as_i64(o.evidence.frame_no))
                .bind(10, sender);
        };
        if (created) {
            bind(insert_fact).run();
            if (insert_fact.changes() == 1) {
                ++stats.facts_new;
                history.fact_inserted(id, insert_fact.last_insert_rowid(), kind, o.value, o.source,
                                      sender, evidence);
                return true;
            }
        }
        bool fresh = false;
        if (bind(upsert_fact).step() && upsert_fact.column_int64(0) == count) {
            ++stats.facts_new;
            const std::int64_t row = upsert_fact.column_int64(1);
            upsert_fact.reset();
            history.fact_inserted(id, row, kind, o.value, o.source, sender, evidence);
            fresh = true;
        }
        upsert_fact.reset();
        return fresh;
    }

    // A fact of the host's own loopback conversation: the capture host's (write/capture_host.h).
    // Its loopback address is every host's, so it is no address fact of anyone.
    void apply_loopback(const StoredObservation& o) {
        if (o.kind == FactKind::ip_address || o.value.empty()) {
            return;
        }
        const std::int64_t first = o.evidence.ts_us;
        const std::int64_t last = std::max(o.last_us, first);
        const std::int64_t id = capture_hosts.touch(capture_id, first, last, o.evidence.frame_no);
        if (id == 0) {
            return;
        }
        record_fact(id, o, last, as_i64(std::max<std::uint64_t>(o.count, 1)),
                    History::Evidence{first, evidence_capture(o.evidence), o.evidence.frame_no});
    }
};

void Writer::Impl::merge(bool last, std::uint64_t frames, std::uint64_t decode_errors) {
    db::exec(db, "begin merge", "BEGIN IMMEDIATE");
    if (!capture_recorded) {
        insert_capture.reset();
        insert_capture.bind(1, capture_id)
            .bind(2, info.path)
            .bind(3, as_i64(info.size))
            .bind(4, info.digest)
            .bind(5, std::int64_t{info.link_type})
            .bind(6, began_us)
            .bind_id_or_null(7, info.prefix_capture)
            .bind(8, as_i64(info.prefix_frames));
        insert_capture.run();
    }
    if (packet_identity) {
        record_packets.reset();
        record_packets.bind(1, capture_id)
            .bind(2, packet_identity->head)
            .bind(3, packet_identity->digest)
            .bind(4, as_i64(packet_identity->frames));
        record_packets.run();
    }
    // A live source's merges are recorded when they happen; a capture file's as one ingest.
    history.begin(capture_id,
                  options.merge == WriterOptions::Merge::whole_capture ? began_us : now_us());
    staging.replay([this](const DeviceActivity& a) { apply_activity(a); },
                   [this](const StoredObservation& o) { apply_observation(o); });
    // Every staged row is in this transaction now, and a failure from here on rolls the whole
    // capture back anyway: the staging file and its page cache go before the classification
    // needs its memory.
    staging.discard();
    for (const LinkEvent& e : link_events) {
        history.link_event(e.kind, "stations", e.before, e.after, e.note, e.evidence);
    }

    std::vector<History::Sighting> touched;
    std::vector<History::Sighting> reclassify;
    // Hosts behind a router first seen in this capture are new devices too; their first
    // classification is stored silently like any new device's.
    for (const RoutedHost& h : record_routed_hosts(db, ledger.address_plan())) {
        const History::Evidence e{h.first_us, capture_id, 0};
        history.device_inserted(h.id, "address", h.address, e);
        reclassify.push_back({h.id, true, 0, e});
    }
    // The host a loopback capture was taken on (write/capture_host.h).
    for (const auto& [id, h] : capture_hosts.touched()) {
        const History::Evidence e{h.first_us, capture_id, 0};
        if (h.inserted) {
            history.device_inserted(id, "address", kCaptureHostAddress, e);
        }
        reclassify.push_back({id, h.inserted, 0, e});
    }
    // After the devices and routed hosts, so each point finds its inside device.
    stats.connections_new += connections.merge(capture_id, history);
    touched.reserve(devices.size());
    for (const auto& [key, d] : devices) {
        touched.push_back({d.id, d.inserted, d.previous_last_us, d.first});
        if (d.changed) {
            reclassify.push_back(touched.back());
        }
    }
    for (const auto& [address, evidence] : new_address_facts) {
        for (const std::int64_t id : history.holders(address.first, address.second)) {
            reclassify.push_back({id, false, 0, evidence});
        }
    }
    // Device ids, so the events of one capture are recorded in a reproducible order.
    const auto by_id = [](const auto& a, const auto& b) { return a.device < b.device; };
    std::sort(touched.begin(), touched.end(), by_id);
    std::stable_sort(reclassify.begin(), reclassify.end(), by_id);
    reclassify.erase(std::unique(reclassify.begin(), reclassify.end(),
                                 [](const auto& a, const auto& b) { return a.device == b.device; }),
                     reclassify.end());
    history.finish(touched, reclassify);
    if (frame_span) {
        capture_times.reset();
        capture_times.bind(1, capture_id).bind(2, frame_span->first).bind(3, frame_span->second);
        capture_times.run();
    }
    if (last) {
        finish_capture.reset();
        finish_capture.bind(1, capture_id).bind(2, as_i64(frames)).bind(3, as_i64(decode_errors));
        finish_capture.run();
        release_claim.reset();
        release_claim.bind(1, capture_id);
        release_claim.run();
    }
    db::exec(db, "commit merge", "COMMIT");
    capture_recorded = true;
    stats.devices_updated += updated.size();
    stats.events_new += history.recorded();
    reset_merge();
    last_merge = std::chrono::steady_clock::now();
}

Writer::Writer(Ledger& ledger, const VendorRegistry& vendors, WriterOptions options) {
    if (sqlite3_db_readonly(ledger.handle(), "main") != 0) {
        throw Error(ledger.path().string() + ": ledger was opened read-only; cannot write");
    }
    impl_ = std::make_unique<Impl>(ledger, vendors, options);
    try {
        impl_->drop_dead_claims();
    } catch (const Error&) {
        // Only housekeeping: a busy ledger must not stop the writer from starting.
    }
}

Writer::~Writer() {
    if (impl_ && impl_->open) {
        impl_->rollback();
    }
}

std::uint32_t Writer::begin_capture(const CaptureInfo& info) {
    Impl& w = *impl_;
    if (w.open) {
        throw Error(db::db_file_name(w.db) + ": begin_capture while capture " +
                    std::to_string(w.capture_id) + " is still open");
    }
    w.capture_known.reset();
    w.capture_known.bind(1, as_i64(info.size)).bind(2, info.digest);
    if (w.capture_known.step()) {
        w.capture_known.reset();
        throw Error(db::db_file_name(w.db) + ": capture " + info.path +
                    " is already recorded (same size and digest); check find_capture first");
    }
    const auto now = now_us();
    // One statement, so one short write transaction: the id is ours, no row a reader sees.
    w.claim_capture.reset();
    w.claim_capture.bind(1, os::process_id()).bind(2, static_cast<std::int64_t>(now));
    if (!w.claim_capture.step()) {
        throw Error(db::db_file_name(w.db) + ": statement claim_capture returned no id");
    }
    w.capture_id = w.claim_capture.column_int64(0);
    w.claim_capture.reset();
    w.open = true;
    if (w.capture_id <= 0 || w.capture_id > std::numeric_limits<std::uint32_t>::max()) {
        const std::string id = std::to_string(w.capture_id);
        w.rollback();
        throw Error(db::db_file_name(w.db) + ": capture id " + id + " out of range");
    }
    w.info = info;
    w.began_us = static_cast<std::int64_t>(now);
    w.last_merge = std::chrono::steady_clock::now();
    return static_cast<std::uint32_t>(w.capture_id);
}

void Writer::apply(const Batch& batch) { impl_->apply(batch); }

void Writer::apply(Batch&& batch) { impl_->apply(std::move(batch)); }

void Writer::merge_now() {
    Impl& w = *impl_;
    w.require_open("merge_now");
    if (w.options.merge != WriterOptions::Merge::every_interval) {
        throw Error(db::db_file_name(w.db) +
                    ": merge_now on a whole-capture writer (only commit_capture merges it)");
    }
    try {
        w.merge(false, 0, 0);
    } catch (...) {
        w.rollback();
        throw;
    }
}

void Writer::record_packets(const std::string& head, const std::string& digest,
                            std::uint64_t frames) {
    Impl& w = *impl_;
    w.require_open("record_packets");
    w.packet_identity = Impl::PacketIdentity{head, digest, frames};
}

void Writer::record_connections(std::vector<collectors::Conversation> rows,
                                const ConnectionTableSummary& summary) {
    Impl& w = *impl_;
    w.require_open("record_connections");
    w.connections.keep(std::move(rows), summary);
}

void Writer::record_link_event(std::string_view kind, std::int64_t at_us, std::uint64_t frame,
                               std::string_view before, std::string_view after,
                               std::string_view note) {
    Impl& w = *impl_;
    w.require_open("record_link_event");
    w.link_events.push_back({std::string(kind),
                             std::string(before),
                             std::string(after),
                             std::string(note),
                             {at_us, w.capture_id, frame}});
}

WriteStats Writer::commit_capture(std::uint64_t frames, std::uint64_t decode_errors) {
    Impl& w = *impl_;
    w.require_open("commit_capture");
    try {
        w.merge(true, frames, decode_errors);
    } catch (...) {
        w.rollback();
        throw;
    }
    const WriteStats stats = w.stats;
    w.reset_state();
    return stats;
}

void Writer::abort_capture() noexcept {
    if (impl_) {
        impl_->rollback();
    }
}

}  // namespace daicho::ledger
