// The capture counters the daemon stores at each commit (migration 017,
// daicho/ledger/sensor_status.h): one row per interface, updated in place, read back as stored.

#include "daicho/ledger/sensor_status.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "daicho/ledger/ledger.h"
#include "temp_dir.h"

using daicho::ledger::Ledger;
using daicho::ledger::SensorInterfaceStatus;

namespace {

std::int64_t row_count(const Ledger& l) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(l.handle(), "SELECT count(*) FROM sensor_status", -1, &st,
                               nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const auto n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

}  // namespace

TEST_CASE("capture counters are one row per interface, updated in place at each commit") {
    const daicho::test::TempDir tmp;
    const auto db = tmp.path() / "l.db";
    {
        Ledger l(db, Ledger::Mode::read_write);
        CHECK(daicho::ledger::read_sensor_status(l).empty());
        for (std::uint64_t commit = 1; commit <= 50; ++commit) {
            daicho::ledger::store_sensor_status(
                l, {SensorInterfaceStatus{"eth1", commit * 1000, commit, 0, 100,
                                          100 + static_cast<std::int64_t>(commit)},
                    SensorInterfaceStatus{"eth0", commit * 10, 0, commit / 10, 100,
                                          100 + static_cast<std::int64_t>(commit)}});
        }
        CHECK(row_count(l) == 2);  // bounded by the interfaces, never by time
    }
    const Ledger ro(db, Ledger::Mode::read_only);
    const auto rows = daicho::ledger::read_sensor_status(ro);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].interface == "eth0");
    CHECK(rows[0].received == 500);
    CHECK(rows[0].interface_dropped == 5);
    CHECK(rows[1].interface == "eth1");
    CHECK(rows[1].received == 50'000);
    CHECK(rows[1].kernel_dropped == 50);
    CHECK(rows[1].opened_us == 100);
    CHECK(rows[1].updated_us == 150);
}

TEST_CASE("a counter past SQLite's integer range is stored capped, not wrapped negative") {
    const daicho::test::TempDir tmp;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    daicho::ledger::store_sensor_status(l, {SensorInterfaceStatus{"eth0", UINT64_MAX, 0, 0, 1, 2}});
    const auto rows = daicho::ledger::read_sensor_status(l);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].received == static_cast<std::uint64_t>(INT64_MAX));
}
