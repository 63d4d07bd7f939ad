// The hospital's clock: TZif files read to the right offsets (daylight saving included), the
// built-in Asia/Tokyo where no file is, names that would leave the zone directory refused, and
// Excel serial dates that Excel and LibreOffice read as the same wall time.

#include "daicho/survey/time_zone.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "temp_dir.h"

using daicho::survey::TimeZone;

namespace {
constexpr std::int64_t kMarch2 = 1'772'438'410'924'489;  // 2026-03-02T08:00:10.924489Z
}

TEST_CASE("time zone: Tokyo, UTC and a zone with daylight saving", "[survey][time]") {
    const auto tokyo = TimeZone::load("Asia/Tokyo");
    REQUIRE(tokyo);
    CHECK(tokyo->offset_s(kMarch2) == 9 * 3600);
    CHECK(tokyo->minutes(kMarch2) == "2026/03/02 17:00");
    CHECK(tokyo->date(kMarch2) == "2026/03/02");
    // 2026-03-02 17:00:10 local: serial 46083 + (17*3600+10)/86400.
    CHECK(tokyo->excel_serial(kMarch2) == Approx(46083.0 + (17 * 3600 + 10) / 86400.0));

    // Without tzdata (an empty directory) Tokyo is still +9 and UTC still 0; others are unknown.
    daicho::test::TempDir empty;
    const auto builtin = TimeZone::load("Asia/Tokyo", empty.path());
    REQUIRE(builtin);
    CHECK(builtin->minutes(kMarch2) == "2026/03/02 17:00");
    CHECK(TimeZone::load("UTC", empty.path())->offset_s(kMarch2) == 0);
    CHECK_FALSE(TimeZone::load("Europe/Berlin", empty.path()));

    for (const char* bad : {"", "/etc/passwd", "../etc/passwd", "Asia/../../etc", "Asia//Tokyo",
                            "Asia/Tokyo/", "Asia Tokyo"}) {
        INFO(bad);
        CHECK_FALSE(TimeZone::load(bad));
    }
    // A file that is no TZif (or a cut-off one) is no zone, not a crash.
    std::ofstream(empty.path() / "Broken") << "TZif2";
    CHECK_FALSE(TimeZone::load("Broken", empty.path()));

    if (const auto berlin = TimeZone::load("Europe/Berlin")) {              // tzdata installed
        CHECK(berlin->offset_s(kMarch2) == 3600);                           // CET
        CHECK(berlin->offset_s(kMarch2 + 120LL * 86'400'000'000) == 7200);  // CEST in July
    } else {
        WARN("no /usr/share/zoneinfo/Europe/Berlin: daylight saving not checked");
    }
}
