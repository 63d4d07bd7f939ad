// Attestations and training records in the ledger (daicho/ledger/attestations.h) and which
// statement is in force (daicho/answers/attestation_keys.h).

#include "daicho/ledger/attestations.h"

#include <catch2/catch.hpp>

#include "answers_fixtures.h"
#include "daicho/answers/attestation_keys.h"
#include "daicho/ledger/ledger.h"
#include "temp_dir.h"

using namespace daicho;
using namespace daicho::test;

TEST_CASE("attestations are appended and read back whole", "[answers][attest]") {
    TempDir dir;
    ledger::Ledger l(dir.path() / "l.db", ledger::Ledger::Mode::read_write);
    const auto first = ledger::record_attestation(
        l, attestation("ledger_department", "情報システム課", "2026-01-10"));
    const auto second =
        ledger::record_attestation(l, attestation("ledger_department", "医療情報部", "2026-02-10"));
    CHECK(second > first);
    const auto all = ledger::read_attestations(l);
    REQUIRE(all.size() == 2);
    CHECK(all[1].value == "医療情報部");
    CHECK(all[1].by == "佐藤");
    CHECK(all[1].recorded_at_us > 0);
}

TEST_CASE("a bad attestation writes nothing", "[answers][attest]") {
    TempDir dir;
    ledger::Ledger l(dir.path() / "l.db", ledger::Ledger::Mode::read_write);
    CHECK_THROWS_WITH(ledger::record_attestation(l, attestation("esu", "x", "2026-13-01")),
                      Catch::Contains("not a date"));
    CHECK_THROWS_WITH(ledger::record_attestation(l, attestation("esu", "x", "2026-01-01", 42)),
                      Catch::Contains("no device with id 42"));
    auto noone = attestation("esu", "x", "2026-01-01");
    noone.by.clear();
    CHECK_THROWS(ledger::record_attestation(l, noone));
    CHECK_THROWS(ledger::record_attestation(l, attestation("esu", "two\nlines", "2026-01-01")));
    CHECK(ledger::read_attestations(l).empty());
}

TEST_CASE("training sessions: duplicates kept once, bad rows refuse the file",
          "[answers][attest]") {
    TempDir dir;
    ledger::Ledger l(dir.path() / "l.db", ledger::Ledger::Mode::read_write);
    std::vector<ledger::TrainingRecord> rows{
        {"2025-06-10", "情報セキュリティ研修", "全職員", 300, "import:a.csv"},
        {"2025-11-02", "MIST 初学者等向け研修", "全職員", 120, "import:a.csv"}};
    CHECK(ledger::record_training(l, rows) == 2);
    CHECK(ledger::record_training(l, rows) == 0);
    rows.push_back({"2025-13-01", "x", "全職員", 1, ""});
    CHECK_THROWS(ledger::record_training(l, rows));
    const auto read = ledger::read_training(l);
    REQUIRE(read.size() == 2);
    CHECK(read[0].date == "2025-06-10");
    CHECK(read[1].attendees == 120);
}

TEST_CASE("the statement in force: newest dated on or before the reference date",
          "[answers][attest]") {
    std::vector<ledger::AttestationRecord> all{
        attestation("esu", "Year 1", "2025-10-01", 3),
        attestation("esu", "Year 2", "2026-10-01", 3),  // after the reference date
        attestation("esu", "hospital-wide", "2026-01-01"),
    };
    auto f = answers::attestation_in_force(all, "esu", 3, "2026-03-31");
    REQUIRE(f);
    CHECK(f->record->value == "Year 1");
    CHECK(f->valid_until == "2026-10-01");
    CHECK_FALSE(f->expired);
    // Another device falls back to the hospital-wide statement.
    f = answers::attestation_in_force(all, "esu", 4, "2026-03-31");
    REQUIRE(f);
    CHECK(f->record->value == "hospital-wide");
    // Expired a year and a day later.
    f = answers::attestation_in_force(all, "esu", 3, "2026-10-02");
    REQUIRE(f);
    CHECK(f->record->value == "Year 2");
    f = answers::attestation_in_force(all, "esu", 3, "2026-09-30");
    REQUIRE(f);
    CHECK(f->record->value == "Year 1");
    CHECK_FALSE(f->expired);
    CHECK(answers::attestation_in_force(all, "esu", 3, "2027-10-03")->expired);
    CHECK_FALSE(answers::attestation_in_force(all, "ltsc", 3, "2026-03-31"));
}

TEST_CASE("days arithmetic", "[answers][attest]") {
    CHECK(answers::add_days("2026-03-31", -365) == "2025-03-31");
    CHECK(answers::add_days("2024-02-28", 1) == "2024-02-29");
    CHECK(answers::days_between("2026-03-01", "2026-03-31") == 30);
}
