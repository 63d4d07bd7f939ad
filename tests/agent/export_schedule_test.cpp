// The export schedule (agent/src/schedule/export_schedule.h): period starts in the hospital's
// zone across month, year and leap-day boundaries, a pack due is written once and not twice,
// a pack already in the folder is never overwritten, and `keep` removes only old packs.

#include "schedule/export_schedule.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "export/evidence_pack.h"
#include "run_daicho.h"
#include "temp_dir.h"

using daicho::agent::ExportOutcome;
using daicho::agent::ExportPeriod;
using daicho::agent::ExportSettings;
using daicho::survey::TimeZone;
namespace fs = std::filesystem;

namespace {

std::int64_t utc(const char* text) {
    const auto t = daicho::ledger::parse_time_utc(text);
    REQUIRE(t);
    return *t;
}

// "2026-11-30T15:00:00Z": format_time_utc without its (zero) microseconds.
std::string utc_text(std::int64_t us) {
    std::string s = daicho::ledger::format_time_utc(us);
    if (const auto dot = s.find(".000000Z"); dot != std::string::npos) {
        s.replace(dot, 8, "Z");
    }
    return s;
}

const TimeZone kTokyo = *TimeZone::load("Asia/Tokyo");

}  // namespace

TEST_CASE("export schedule: a month starts at local midnight of the 1st", "[agent][export]") {
    using daicho::agent::next_period_start;
    using daicho::agent::pack_name;
    using daicho::agent::period_start;
    // 09:00 on 7 December in Tokyo: December began at 00:00 JST, 15:00 UTC the day before.
    const auto now = utc("2026-12-07T00:00:00Z");
    CHECK(utc_text(period_start(ExportPeriod::monthly, kTokyo, now)) == "2026-11-30T15:00:00Z");
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::monthly, kTokyo, now)) ==
          "daicho-2026-12-01");
    // The year turns in Tokyo nine hours before it does in UTC.
    CHECK(utc_text(next_period_start(ExportPeriod::monthly, kTokyo, now)) ==
          "2026-12-31T15:00:00Z");
    // One second before the boundary is still November; the boundary itself is December.
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::monthly, kTokyo,
                                         utc("2026-11-30T14:59:59Z"))) == "daicho-2026-11-01");
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::monthly, kTokyo,
                                         utc("2026-11-30T15:00:00Z"))) == "daicho-2026-12-01");
    // The same instant in UTC is still 30 November: the zone decides the month.
    CHECK(pack_name(TimeZone(), period_start(ExportPeriod::monthly, TimeZone(),
                                             utc("2026-11-30T15:00:00Z"))) == "daicho-2026-11-01");
    // February of a leap year has 29 days.
    CHECK(utc_text(next_period_start(ExportPeriod::monthly, TimeZone(),
                                     utc("2028-02-15T12:00:00Z"))) == "2028-03-01T00:00:00Z");
    CHECK(utc_text(next_period_start(ExportPeriod::monthly, TimeZone(),
                                     utc("2027-02-28T23:59:59Z"))) == "2027-03-01T00:00:00Z");
    // A zone with summer time: March starts in EST, April in EDT.
    if (const auto ny = TimeZone::load("America/New_York")) {
        const auto march = utc("2027-03-15T12:00:00Z");
        CHECK(utc_text(period_start(ExportPeriod::monthly, *ny, march)) == "2027-03-01T05:00:00Z");
        CHECK(utc_text(next_period_start(ExportPeriod::monthly, *ny, march)) ==
              "2027-04-01T04:00:00Z");
    }
}

TEST_CASE("export schedule: weeks start on Monday, days at midnight", "[agent][export]") {
    using daicho::agent::next_period_start;
    using daicho::agent::pack_name;
    using daicho::agent::period_start;
    // Wednesday 9 December 2026 in Tokyo: the week began on Monday the 7th.
    const auto wednesday = utc("2026-12-09T03:00:00Z");
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::weekly, kTokyo, wednesday)) ==
          "daicho-2026-12-07");
    CHECK(utc_text(next_period_start(ExportPeriod::weekly, kTokyo, wednesday)) ==
          "2026-12-13T15:00:00Z");
    // A week across the new year.
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::weekly, kTokyo,
                                         utc("2027-01-01T03:00:00Z"))) == "daicho-2026-12-28");
    CHECK(pack_name(kTokyo, period_start(ExportPeriod::daily, kTokyo, wednesday)) ==
          "daicho-2026-12-09");
    CHECK(utc_text(next_period_start(ExportPeriod::daily, kTokyo, wednesday)) ==
          "2026-12-09T15:00:00Z");
    CHECK(daicho::agent::parse_export_period("weekly") == ExportPeriod::weekly);
    CHECK_FALSE(daicho::agent::parse_export_period("Monthly"));
}

TEST_CASE("export schedule: a pack due is written once, and an existing one is kept",
          "[agent][export]") {
    const daicho::test::TempDir tmp;
    ExportSettings settings;
    settings.dir = tmp.path() / "packs" / "daicho";  // made when missing
    int written = 0;
    const auto write = [&](const fs::path& pack) {
        fs::create_directory(pack);
        std::ofstream(pack / "made") << ++written;
    };
    const auto december = utc("2026-12-07T00:00:00Z");
    CHECK(daicho::agent::export_if_due(settings, kTokyo, december, write) ==
          ExportOutcome::written);
    CHECK(written == 1);
    CHECK(fs::exists(settings.dir / "daicho-2026-12-01" / "made"));
    // Later the same month (a restart, the next wake-up): nothing more.
    CHECK(daicho::agent::export_if_due(settings, kTokyo, december + 3'600'000'000, write) ==
          ExportOutcome::already_there);
    CHECK(written == 1);

    // A pack a person already has in the folder for January is never replaced.
    fs::create_directory(settings.dir / "daicho-2027-01-01");
    std::ofstream(settings.dir / "daicho-2027-01-01" / "handed-in") << "keep me";
    CHECK(daicho::agent::export_if_due(settings, kTokyo, utc("2027-01-10T00:00:00Z"), write) ==
          ExportOutcome::already_there);
    CHECK(written == 1);
    CHECK(daicho::test::slurp(settings.dir / "daicho-2027-01-01" / "handed-in") == "keep me");
    CHECK_FALSE(fs::exists(settings.dir / "daicho-2027-01-01" / "made"));

    // keep = 2: February's pack leaves January's and February's; other folders stay.
    settings.keep = 2;
    fs::create_directory(settings.dir / "notes");
    fs::create_directory(settings.dir / "daicho-evidence-2026-10-01");
    CHECK(daicho::agent::export_if_due(settings, kTokyo, utc("2027-02-01T00:00:00Z"), write) ==
          ExportOutcome::written);
    CHECK(written == 2);
    CHECK_FALSE(fs::exists(settings.dir / "daicho-2026-12-01"));
    CHECK(fs::exists(settings.dir / "daicho-2027-01-01"));
    CHECK(fs::exists(settings.dir / "daicho-2027-02-01"));
    CHECK(fs::exists(settings.dir / "notes"));
    CHECK(fs::exists(settings.dir / "daicho-evidence-2026-10-01"));
}

TEST_CASE("export schedule: a folder that cannot be made throws, and writes nothing",
          "[agent][export]") {
    const daicho::test::TempDir tmp;
    std::ofstream(tmp.path() / "file") << "not a folder";
    ExportSettings settings;
    settings.dir = tmp.path() / "file" / "packs";
    int written = 0;
    CHECK_THROWS(daicho::agent::export_if_due(settings, kTokyo, utc("2026-12-07T00:00:00Z"),
                                              [&](const fs::path&) { ++written; }));
    CHECK(written == 0);
}

TEST_CASE("export schedule: the daemon's pack is the evidence command's pack", "[agent][export]") {
    const daicho::test::TempDir tmp;
    daicho::agent::CommonOptions common;
    common.db = tmp.path() / "daicho.db";
    common.knowledge = daicho::ledger::Knowledge::builtin();  // as the CLI sets it before a command
    { const daicho::ledger::Ledger created(common.db, daicho::ledger::Ledger::Mode::read_write); }
    ExportSettings settings;
    settings.dir = tmp.path() / "packs";
    const auto write = [&](const fs::path& pack) {
        daicho::agent::write_evidence_pack(common, {pack, "", "ja"});
    };
    const auto now = utc("2026-12-07T00:00:00Z");
    REQUIRE(daicho::agent::export_if_due(settings, kTokyo, now, write) == ExportOutcome::written);
    const fs::path pack = settings.dir / "daicho-2026-12-01";
    CHECK(fs::exists(pack / "manifest.json"));
    CHECK(fs::exists(pack / "Q8_it-ledger.xlsx"));
    const auto manifest = daicho::test::slurp(pack / "manifest.json");
    CHECK(daicho::agent::export_if_due(settings, kTokyo, now, write) ==
          ExportOutcome::already_there);
    CHECK(daicho::test::slurp(pack / "manifest.json") == manifest);
    // Straight through the library too: the pack refuses an existing folder.
    CHECK_THROWS_AS(write(pack), std::invalid_argument);
}
