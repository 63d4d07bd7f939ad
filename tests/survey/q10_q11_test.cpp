// Q10 and Q11 over ledger fixtures.

#include <catch2/catch.hpp>

#include "answers_fixtures.h"

using namespace daicho;
using namespace daicho::test;

namespace {

struct Q10 {
    std::vector<ledger::DeviceRecord> devices;
    std::vector<ledger::DeviceRecord> external;
    std::vector<ledger::AttestationRecord> attestations;
    std::vector<answers::ConnectionPoint> points;
    std::vector<std::string> departments{"医事課", "放射線科"};
    bool with_points = true;

    Q10() {
        for (int i = 1; i <= 4; ++i) {
            auto d = device(i, "pc");
            d.department = i <= 2 ? "医事課" : "放射線科";
            devices.push_back(d);
        }
        external.push_back(device(90, "unknown"));
        attestations.push_back(attestation("wan_edges_mirrored", "UTM内外をミラー", "2026-03-01"));
        attestations.push_back(attestation("network_diagram_review", "構成図v12", "2026-03-10"));
        points.push_back({"cp-1",
                          "放射線科",
                          "maintenance",
                          {3},
                          "2026-03-20",
                          "佐藤",
                          "○○メディカル",
                          "CT保守"});
        points.push_back({"cp-2", "医事課", "internet", {}, "2026-02-01", "佐藤", "病院", "Web"});
    }
    answers::SurveyInput input() const {
        answers::SurveyInput in;
        in.devices = devices;
        in.external = external;
        in.attestations = attestations;
        in.departments_configured = true;
        in.departments = departments;
        in.address_plan_configured = true;
        if (with_points) {
            in.connection_points = std::span<const answers::ConnectionPoint>(points);
        }
        return in;
    }
};

}  // namespace

TEST_CASE("Q10: met with connection points fed in and confirmed", "[answers][q10]") {
    Q10 f;
    const auto a = answers::q10_network_map(f.input());
    CHECK(a.option == answers::kYes);
    bool counted = false;
    for (const auto& e : a.evidence) {
        if (e.key == "connection_points_per_department") {
            CHECK(e.value == "医事課: 1, 放射線科: 1");
            counted = true;
        }
        if (e.key == "external_endpoints") {
            CHECK(e.devices == std::vector<std::int64_t>{90});
        }
    }
    CHECK(counted);
}

TEST_CASE("Q10: without the connections model the answer is いいえ with that gap",
          "[answers][q10]") {
    Q10 f;
    f.with_points = false;
    const auto a = answers::q10_network_map(f.input());
    CHECK(a.option == answers::kNo);
    CHECK_FALSE(criterion(a, "connection_points_confirmed").pass);
    CHECK(has_gap(a, "gap.connections_model_missing"));
    CHECK(a.confidence == Approx(0.5));  // not known rather than known to fail
}

TEST_CASE("Q10: each criterion failing", "[answers][q10]") {
    Q10 f;
    SECTION("a connection point confirmed more than 3 months ago") {
        f.points[1].confirmed_on = "2025-12-01";
        const auto a = answers::q10_network_map(f.input());
        CHECK_FALSE(criterion(a, "connection_points_confirmed").pass);
        CHECK(has_gap(a, "gap.connection_point_unconfirmed"));
    }
    SECTION("a connection point without its purpose") {
        f.points[0].purpose.clear();
        CHECK_FALSE(
            criterion(answers::q10_network_map(f.input()), "connection_points_confirmed").pass);
    }
    SECTION("an active device without a department") {
        f.devices[0].department.clear();
        const auto a = answers::q10_network_map(f.input());
        CHECK_FALSE(criterion(a, "departments_mapped").pass);
        CHECK(has_gap(a, "gap.unplaced_devices"));
    }
    SECTION("the diagram review expired (3 months)") {
        f.attestations[1].date = "2025-12-20";
        CHECK_FALSE(criterion(answers::q10_network_map(f.input()), "diagram_current").pass);
    }
    SECTION("a configured department with no active device: a silent segment, 中 at best") {
        f.departments.push_back("検査科");
        const auto a = answers::q10_network_map(f.input());
        CHECK(has_gap(a, "gap.silent_department"));
        CHECK(a.option == answers::kYes);
        CHECK(a.confidence < 0.8);
    }
    SECTION("WAN edges not confirmed mirrored") {
        f.attestations.erase(f.attestations.begin());
        CHECK_FALSE(criterion(answers::q10_network_map(f.input()), "wan_mirrored").pass);
    }
}

namespace {

answers::Answer q11(const std::vector<ledger::TrainingRecord>& records) {
    answers::SurveyInput in;
    in.training = records;
    return answers::q11_training(in);
}

ledger::TrainingRecord session(std::string date, std::string audience,
                               std::string course = "情報セキュリティ研修") {
    return {std::move(date), std::move(course), std::move(audience), 120, "import:t.csv"};
}

}  // namespace

TEST_CASE("Q11: a staff-wide session within 12 months", "[answers][q11]") {
    CHECK(q11({session("2025-06-10", "全職員")}).option == answers::kYes);
    CHECK(q11({session("2026-03-31", "all staff", "MIST 初学者等向け研修")}).option ==
          answers::kYes);
    CHECK(q11({session("2025-04-01", "職員")}).option == answers::kYes);  // 364 days before
}

TEST_CASE("Q11: missing or insufficient records", "[answers][q11]") {
    SECTION("no records: 未確定") {
        const auto a = q11({});
        CHECK(a.option == answers::kUndecided);
        CHECK(has_gap(a, "gap.no_training_records"));
    }
    SECTION("older than 12 months: いいえ") {
        const auto a = q11({session("2025-03-30", "全職員")});
        CHECK(a.option == answers::kNo);
        CHECK(has_gap(a, "gap.no_recent_staff_session"));
    }
    SECTION("not staff-wide: いいえ") {
        CHECK(q11({session("2026-01-10", "新入職員")}).option == answers::kNo);
        CHECK(q11({session("2026-01-10", "システム管理者")}).option == answers::kNo);
    }
    SECTION("after the reference date does not count") {
        CHECK(q11({session("2026-04-10", "全職員")}).option == answers::kNo);
    }
}
