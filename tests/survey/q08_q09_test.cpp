// Q8 and Q9 over ledger fixtures: each criterion passing and failing, missing data, and the
// attestations present, absent and expired.

#include <catch2/catch.hpp>

#include "answers_fixtures.h"

using namespace daicho;
using namespace daicho::test;

namespace {

struct Fixture {
    std::vector<ledger::DeviceRecord> devices;
    std::vector<ledger::AttestationRecord> attestations;
    bool departments = true;

    answers::SurveyInput input() const {
        answers::SurveyInput in;
        in.devices = devices;
        in.attestations = attestations;
        in.departments_configured = departments;
        return in;
    }
};

// Twenty complete IT devices and both Q8 attestations in force: every criterion met.
Fixture q8_met() {
    Fixture f;
    for (int i = 1; i <= 20; ++i) {
        f.devices.push_back(
            complete_it(i, i % 3 == 0 ? "network" : (i % 3 == 1 ? "pc" : "server")));
    }
    f.attestations.push_back(attestation("ledger_department", "情報システム課", "2026-01-10"));
    f.attestations.push_back(attestation("it_ledger_review", "", "2025-12-01"));
    return f;
}

}  // namespace

TEST_CASE("Q8: every criterion met gives the survey's met option", "[answers][q08]") {
    const auto a = answers::q08_it_ledger(q8_met().input());
    CHECK(a.option == answers::kLedgerDepartment);
    for (const auto& c : a.criteria) {
        CAPTURE(c.id);
        CHECK(c.pass);
    }
    CHECK(criterion(a, "department_stated").attested.at(0).by == "佐藤");
    CHECK(criterion(a, "location_user").value == "20/20 (100.0%)");
    CHECK(a.confidence == Approx(0.9));  // wire criteria at most 0.9
    CHECK(a.as_of == "2026-03-31");
    CHECK(a.window.from == "2026-02-01");
    CHECK(a.gaps.empty());
}

TEST_CASE("Q8: each criterion failing on its own", "[answers][q08]") {
    SECTION("department not attested") {
        auto f = q8_met();
        f.attestations.erase(f.attestations.begin());
        const auto a = answers::q08_it_ledger(f.input());
        CHECK(a.option == answers::kUndecided);
        CHECK_FALSE(criterion(a, "department_stated").pass);
        CHECK(has_gap(a, "gap.attestation_missing"));
        CHECK(a.confidence == Approx(0.5));  // only a missing statement fails
    }
    SECTION("review expired: more than 12 months before the reference date") {
        auto f = q8_met();
        f.attestations[1].date = "2025-03-30";
        const auto a = answers::q08_it_ledger(f.input());
        CHECK_FALSE(criterion(a, "review_date").pass);
        CHECK(criterion(a, "review_date").attested.at(0).valid_until == "2026-03-30");
        CHECK(has_gap(a, "gap.attestation_expired"));
        CHECK(a.option == answers::kUndecided);
    }
    SECTION("review dated after the reference date does not count") {
        auto f = q8_met();
        f.attestations[1].date = "2026-04-02";
        const auto a = answers::q08_it_ledger(f.input());
        CHECK_FALSE(criterion(a, "review_date").pass);
        CHECK(has_gap(a, "gap.attestation_missing"));
    }
    SECTION("location and user: 95% needed") {
        auto f = q8_met();
        f.devices[0].annotations.clear();  // 19/20 = 95%: still met
        CHECK(criterion(answers::q08_it_ledger(f.input()), "location_user").pass);
        f.devices[1].annotations.clear();  // 18/20
        const auto a = answers::q08_it_ledger(f.input());
        CHECK_FALSE(criterion(a, "location_user").pass);
        CHECK(criterion(a, "location_user").value == "18/20 (90.0%)");
        CHECK(has_gap(a, "gap.missing_fields", f.devices[1].id));
        CHECK(a.confidence == Approx(0.9));  // a sure failure from the ledger itself
    }
    SECTION("owning department stands in for the user") {
        auto f = q8_met();
        for (auto& d : f.devices) {
            d.annotations.erase(d.annotations.begin() + 1);  // drop user
            annotate(d, "owner_dept", "医事課");
        }
        CHECK(criterion(answers::q08_it_ledger(f.input()), "location_user").pass);
    }
    SECTION("versions: 90% needed") {
        auto f = q8_met();
        f.devices[0].software.clear();
        f.devices[1].software.clear();  // 18/20 = 90%
        CHECK(criterion(answers::q08_it_ledger(f.input()), "version_known").pass);
        f.devices[2].software.clear();
        CHECK_FALSE(criterion(answers::q08_it_ledger(f.input()), "version_known").pass);
    }
    SECTION("unclassified devices: at most 5%") {
        auto f = q8_met();
        f.devices.push_back(device(100, "unknown"));  // 1/21
        CHECK(criterion(answers::q08_it_ledger(f.input()), "unclassified").pass);
        f.devices.push_back(device(101, "unknown"));  // 2/22 > 5%
        const auto a = answers::q08_it_ledger(f.input());
        CHECK_FALSE(criterion(a, "unclassified").pass);
        CHECK(has_gap(a, "gap.unclassified", 101));
    }
}

TEST_CASE("Q8: inactive devices and medical devices stay out of scope", "[answers][q08]") {
    auto f = q8_met();
    auto old = device(200, "pc");  // no annotations, last seen long before the window's end
    old.last_seen_us = day_us("2026-01-15");
    old.first_seen_us = day_us("2026-01-01");
    f.devices.push_back(old);
    f.devices.push_back(device(201, "medical", "modality-ct"));
    const auto a = answers::q08_it_ledger(f.input());
    CHECK(criterion(a, "location_user").pass);
    CHECK(a.option == answers::kLedgerDepartment);
}

TEST_CASE("Q8: an empty ledger is 未確定 with the window gap", "[answers][q08]") {
    Fixture f;
    const auto a = answers::q08_it_ledger(f.input());
    CHECK(a.option == answers::kUndecided);
    CHECK(has_gap(a, "gap.short_window"));
}

namespace {

Fixture q9_met() {
    Fixture f;
    for (int i = 1; i <= 10; ++i) {
        auto d = device(i, "medical", "modality-ct");
        d.department = "放射線科";
        software(d, "implementation_version", "", "V8.30");
        f.devices.push_back(d);
    }
    f.attestations.push_back(attestation("ledger_department", "情報システム課", "2026-01-10"));
    f.attestations.push_back(attestation("me_ledger_reconciled", "ME台帳 2026-02版", "2026-02-15"));
    f.attestations.push_back(attestation("medical_ledger_review", "", "2026-02-15"));
    return f;
}

}  // namespace

TEST_CASE("Q9: every criterion met", "[answers][q09]") {
    const auto a = answers::q09_medical_ledger(q9_met().input());
    CHECK(a.option == answers::kLedgerDepartment);
    CHECK(criterion(a, "fields_filled").value == "10/10 (100.0%)");
}

TEST_CASE("Q9: each criterion failing", "[answers][q09]") {
    SECTION("no department map in the config") {
        auto f = q9_met();
        f.departments = false;
        const auto a = answers::q09_medical_ledger(f.input());
        CHECK_FALSE(criterion(a, "departments_mapped").pass);
        CHECK(has_gap(a, "gap.no_department_map"));
    }
    SECTION("an active device no department maps") {
        auto f = q9_met();
        f.devices.push_back(device(50, "pc"));  // department ""
        CHECK_FALSE(criterion(answers::q09_medical_ledger(f.input()), "departments_mapped").pass);
    }
    SECTION("a routed medical device has no MAC in the ledger") {
        auto f = q9_met();
        f.devices[0].routed = true;
        const auto a = answers::q09_medical_ledger(f.input());
        CHECK_FALSE(criterion(a, "fields_filled").pass);  // 9/10 < 95%
        REQUIRE(has_gap(a, "gap.missing_fields", 1));
        CHECK(a.gaps.front().missing.args == std::vector<std::string>{"w:field.mac"});
    }
    SECTION("no version") {
        auto f = q9_met();
        f.devices[3].software.clear();
        CHECK_FALSE(criterion(answers::q09_medical_ledger(f.input()), "fields_filled").pass);
    }
    SECTION("ME ledger not reconciled, review expired") {
        auto f = q9_met();
        f.attestations.erase(f.attestations.begin() + 1);
        f.attestations.back().date = "2024-12-01";
        const auto a = answers::q09_medical_ledger(f.input());
        CHECK_FALSE(criterion(a, "me_reconciled").pass);
        CHECK_FALSE(criterion(a, "review_date").pass);
        CHECK(a.option == answers::kUndecided);
    }
}
