// Retention (daicho/ledger/retention.h): a ledger with last year's and this year's rows loses
// only the old events and the superseded or stale evidence; devices, their current facts and
// addresses, annotations, attestations and the annotation history stay; the file stays sound;
// a second prune finds nothing; a dry run counts without deleting.

#include "daicho/ledger/retention.h"

#include <catch2/catch.hpp>
#include <string>
#include <tuple>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::Ledger;
using daicho::ledger::PruneCounts;
using daicho::ledger::PruneOptions;
using daicho::ledger::Retention;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kDay = 86'400'000'000;
constexpr const char* kPump = "00:11:22:33:44:55";   // renamed and moved a year later
constexpr const char* kSpare = "00:aa:bb:00:00:03";  // seen last year only: gone quiet
// The second capture, 500 days after the first; the prune runs a day after it.
constexpr std::int64_t kLater = kT0 + 500 * kDay;
constexpr std::int64_t kNow = kLater + kDay;

void ingest(Writer& w, const std::string& name, const Batch& b) {
    w.begin_capture(CaptureInfo{"/captures/" + name, name.size(), "sha256:" + name, 1});
    w.apply(b);
    w.commit_capture(10, 0);
}

// Last year's first day: the pump at .9 named pump-00.
Batch last_year_first() {
    Batch b;
    b.activity.push_back(activity(kPump, 0, 3, 300, kT0 - kDay, kT0 - kDay, 0, 1));
    b.observations.push_back(arp(kPump, "192.0.2.9", 0, 1, kT0 - kDay));
    b.observations.push_back(
        observation(kPump, FactKind::hostname, "pump-00", "dhcp", 0, 5, kT0 - kDay));
    return b;
}

// The next day the pump moved and was renamed (wire events of last year); the spare appears.
Batch last_year() {
    Batch b;
    b.activity.push_back(activity(kPump, 0, 3, 300, kT0 + 10, kT0 + 90, 0, 1));
    b.activity.push_back(activity(kSpare, 0, 1, 100, kT0 + 40, kT0 + 40, 0, 4));
    b.observations.push_back(arp(kPump, "192.0.2.10", 0, 1, kT0 + 10));
    b.observations.push_back(observation(kPump, FactKind::hostname, "pump-01", "dhcp", 0, 5, kT0));
    b.observations.push_back(arp(kSpare, "192.0.2.30", 0, 2, kT0 + 40));
    b.observations.push_back(observation(kSpare, FactKind::hostname, "spare", "dhcp", 0, 6, kT0));
    return b;
}

Batch this_year() {
    Batch b;
    b.activity.push_back(activity(kPump, 0, 3, 300, kLater + 10, kLater + 90, 0, 1));
    b.observations.push_back(arp(kPump, "192.0.2.11", 0, 1, kLater + 10));
    b.observations.push_back(
        observation(kPump, FactKind::hostname, "pump-02", "dhcp", 0, 5, kLater));
    return b;
}

std::int64_t count(const Ledger& l, const std::string& table, const std::string& where = "1") {
    return std::stoll(query(l, "SELECT count(*) FROM " + table + " WHERE " + where));
}

// Last year's ledger and this year's capture, with a person's word on the pump, an
// attestation, stale DNS answers and an external connection point of each age.
void build(const std::filesystem::path& db) {
    Ledger l(db, Ledger::Mode::read_write);
    const VendorRegistry vendors;
    Writer w(l, vendors);
    ingest(w, "last-year-1", last_year_first());
    ingest(w, "last-year-2", last_year());
    // A live capture records its events as they happen: recorded when the wire showed them.
    daicho::test::RawDb(db).exec("UPDATE events SET recorded_at_us = at_us");
    const auto pump =
        std::stoll(query(l, "SELECT id FROM devices WHERE mac = '" + std::string(kPump) + "'"));
    daicho::ledger::annotate(l, pump, {{"location", "3F 病棟"}}, "cli", "山田");
    daicho::test::RawDb(db).exec("UPDATE events SET at_us = " + std::to_string(kT0) +
                                 ", recorded_at_us = " + std::to_string(kT0) +
                                 " WHERE kind = 'annotation_change'");
    daicho::ledger::record_attestation(
        l, {0, "ledger_department", 0, "情報システム部", "佐藤", "2026-03-01", 0});
    ingest(w, "this-year", this_year());
    daicho::test::RawDb raw(db);
    for (const auto& [address, value, seen] : {std::tuple{"203.0.113.7", "old.example.jp", kT0},
                                               {"203.0.113.8", "new.example.jp", kLater}}) {
        raw.exec(std::string("INSERT INTO address_facts (domain, address, kind, value, source, "
                             "first_seen, last_seen) VALUES (0, '") +
                 address + "', 'dns_answer', '" + value + "', 'dns', " + std::to_string(seen) +
                 ", " + std::to_string(seen) + ")");
        raw.exec(std::string("INSERT INTO connection_points (domain, inside_address, "
                             "remote_address, ip_proto, server_port, service_class, class_source, "
                             "opener, first_seen, last_seen) VALUES (0, '192.0.2.11', '") +
                 address + "', 6, 443, 'web', 'port', 'inside', " + std::to_string(seen) + ", " +
                 std::to_string(seen) + ")");
        raw.exec(std::string("INSERT INTO connection_names (point_id, source, name, first_seen) "
                             "SELECT id, 'dns', '") +
                 value + "', " + std::to_string(seen) +
                 " FROM connection_points WHERE remote_address = '" + address + "'");
    }
    // Last year's capture ingested late: its events have old wire times, a recent record.
    raw.exec(
        "INSERT INTO events (device_id, at_us, kind, field, after, recorded_at_us) SELECT id, " +
        std::to_string(kT0) + ", 'name_change', 'hostname', 'late', " + std::to_string(kLater) +
        " FROM devices WHERE mac = '" + kSpare + "'");
}

}  // namespace

TEST_CASE("prune: only what is older than the window goes", "[ledger][retention]") {
    const TempDir tmp;
    const auto db = tmp.path() / "l.db";
    build(db);
    Ledger l(db, Ledger::Mode::read_write);
    const auto devices = count(l, "devices");
    const auto events_before = count(l, "events");
    const auto old_wire_events =
        count(l, "events",
              "at_us < " + std::to_string(kNow - 400 * kDay) + " AND recorded_at_us < " +
                  std::to_string(kNow - 400 * kDay) +
                  " AND kind NOT IN ('device_new', 'annotation_change')");
    REQUIRE(old_wire_events >= 2);  // last year's address_new and name_change

    SECTION("a dry run counts and deletes nothing") {
        PruneOptions dry;
        dry.dry_run = true;
        const PruneCounts would = daicho::ledger::prune(l, Retention{}, kNow, dry);
        CHECK(would.events == static_cast<std::uint64_t>(old_wire_events));
        CHECK(would.device_facts == 2);      // pump-00 and pump-01, superseded by pump-02
        CHECK(would.device_addresses == 2);  // .9 and .10, superseded by .11
        CHECK(would.address_facts == 1);
        CHECK(would.connection_points == 1);
        CHECK(count(l, "events") == events_before);
        CHECK(count(l, "device_facts", "value = 'pump-01'") == 1);
        CHECK(count(l, "connection_points") == 2);
    }

    SECTION("a prune removes the old rows only, and a second finds nothing") {
        const PruneCounts done = daicho::ledger::prune(l, Retention{}, kNow);
        CHECK(done.events == static_cast<std::uint64_t>(old_wire_events));
        CHECK(done.device_facts == 2);
        CHECK(done.device_addresses == 2);
        CHECK(done.address_facts == 1);
        CHECK(done.connection_points == 1);

        CHECK(count(l, "devices") == devices);
        CHECK(count(l, "events", "kind = 'device_new'") == devices);
        CHECK(count(l, "events", "kind = 'annotation_change'") == 1);
        CHECK(count(l, "events", "after = 'late'") == 1);  // recorded inside the window
        CHECK(count(l, "events", "at_us >= " + std::to_string(kLater)) > 0);
        CHECK(count(l, "annotations", "value = '3F 病棟'") == 1);
        CHECK(count(l, "attestations") == 1);
        // The pump's current name and address stay; the quiet spare keeps its whole picture.
        CHECK(count(l, "device_facts", "value = 'pump-02'") == 1);
        CHECK(count(l, "device_facts", "value = 'pump-01'") == 0);
        CHECK(count(l, "device_facts", "value = 'spare'") == 1);
        CHECK(count(l, "device_addresses", "address = '192.0.2.11'") == 1);
        CHECK(count(l, "device_addresses", "address = '192.0.2.10'") == 0);
        CHECK(count(l, "device_addresses", "address = '192.0.2.30'") == 1);
        CHECK(count(l, "address_facts", "value = 'new.example.jp'") == 1);
        CHECK(count(l, "connection_points", "remote_address = '203.0.113.8'") == 1);
        CHECK(count(l, "connection_names") == 1);  // the pruned point's name went with it
        // The pump's stored classification was made again from what is left.
        CHECK(count(l, "device_classes") == devices);
        CHECK(query(l, "PRAGMA integrity_check") == "ok");
        CHECK(query(l, "PRAGMA foreign_key_check").empty());

        CHECK(daicho::ledger::prune(l, Retention{}, kNow).total() == 0);
    }

    SECTION("a longer window keeps everything") {
        const Retention long_window{1000, 1000};
        CHECK(daicho::ledger::prune(l, long_window, kNow).total() == 0);
        CHECK(count(l, "events") == events_before);
    }
}

TEST_CASE("prune: many spans of row ids, each its own transaction", "[ledger][retention]") {
    const TempDir tmp;
    const auto db = tmp.path() / "l.db";
    build(db);
    {
        // Two and a half spans of stale DNS answers, interleaved with fresh ones.
        daicho::test::RawDb raw(db);
        raw.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                 std::to_string(daicho::ledger::kPruneSpan * 5 / 2) +
                 ") INSERT INTO address_facts (domain, address, kind, value, source, first_seen, "
                 "last_seen) SELECT 0, '198.51.100.' || (i % 250), 'dns_answer', 'h' || i || "
                 "'.example', 'dns', " +
                 std::to_string(kT0) + ", CASE i % 2 WHEN 0 THEN " + std::to_string(kT0) +
                 " ELSE " + std::to_string(kLater) + " END FROM n");
    }
    Ledger l(db, Ledger::Mode::read_write);
    const auto fresh = count(l, "address_facts", "last_seen >= " + std::to_string(kLater));
    PruneOptions quick;
    quick.pause = std::chrono::milliseconds(0);
    const PruneCounts done = daicho::ledger::prune(l, Retention{}, kNow, quick);
    CHECK(done.address_facts == static_cast<std::uint64_t>(daicho::ledger::kPruneSpan * 5 / 4 + 1));
    CHECK(count(l, "address_facts") == fresh);
    CHECK(query(l, "PRAGMA integrity_check") == "ok");
}
