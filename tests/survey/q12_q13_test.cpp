// Q12 and Q13 over ledger fixtures: versions, support dates, exploited ranges, update activity
// and the attestations that stand in for what the wire cannot show.

#include <catch2/catch.hpp>

#include "answers_fixtures.h"

using namespace daicho;
using namespace daicho::test;
using collectors::FactKind;

namespace {

struct Patches {
    std::vector<ledger::DeviceRecord> devices;
    std::vector<ledger::AttestationRecord> attestations;
    std::vector<ledger::EventRecord> events;

    answers::SurveyInput input() const {
        answers::SurveyInput in;
        in.devices = devices;
        in.attestations = attestations;
        in.software_changes = events;
        return in;
    }
    answers::Answer q12() const {
        return answers::q12_network_patches(input(), *answers::Catalogue::builtin());
    }
    answers::Answer q13() const {
        return answers::q13_server_patches(input(), *answers::Catalogue::builtin());
    }
};

ledger::DeviceRecord fortigate(std::int64_t id, const char* version) {
    auto d = device(id, "network", "firewall");
    software(d, "system_description", "FortiOS", version);
    return d;
}

Patches q12_met() {
    Patches p;
    p.devices.push_back(fortigate(1, "7.2.8"));
    auto sw = device(2, "network", "switch");
    software(sw, "system_description", "Cisco IOS XE", "17.9.4");
    p.devices.push_back(sw);
    p.attestations.push_back(attestation("nw_patch_review", "四半期点検", "2026-01-15"));
    return p;
}

}  // namespace

TEST_CASE("Q12: every criterion met", "[answers][q12]") {
    const auto a = q12_met().q12();
    CHECK(a.option == answers::kYes);
    CHECK(a.gaps.empty());
}

TEST_CASE("Q12: each criterion failing", "[answers][q12]") {
    auto p = q12_met();
    SECTION("an edge device without a version fails even at 95%") {
        for (int i = 10; i < 40; ++i) {
            auto sw = device(i, "network", "switch");
            software(sw, "firmware", "", "1.0." + std::to_string(i));
            p.devices.push_back(sw);
        }
        p.devices.push_back(device(99, "network", "router"));
        const auto a = p.q12();
        CHECK_FALSE(criterion(a, "firmware_known").pass);
        CHECK(has_gap(a, "gap.edge_firmware_unknown", 99));
    }
    SECTION("a release past end of support") {
        p.devices[0] = fortigate(1, "6.4.15");  // 6.4 ended 2024-09-30; 6.4.15 in no range
        const auto a = p.q12();
        CHECK_FALSE(criterion(a, "none_end_of_support").pass);
        CHECK(criterion(a, "none_known_exploited").pass);
        CHECK(has_gap(a, "gap.end_of_support", 1));
        CHECK(a.option == answers::kNo);
    }
    SECTION("a known-exploited version, credentials leaked") {
        p.devices[0] = fortigate(1, "6.0.4");
        const auto a = p.q12();
        CHECK_FALSE(criterion(a, "none_known_exploited").pass);
        CHECK_FALSE(criterion(a, "credentials_reset").pass);
        CHECK(has_gap(a, "gap.credentials_leaked", 1));
        CHECK(has_gap(a, "gap.known_exploited", 1));
    }
    SECTION("credentials reset attested for the device") {
        p.devices[0] = fortigate(1, "6.0.4");
        p.attestations.push_back(
            attestation("credentials_reset", "全SSL-VPNアカウント", "2026-02-01", 1));
        const auto a = p.q12();
        CHECK(criterion(a, "credentials_reset").pass);
        CHECK_FALSE(has_gap(a, "gap.credentials_leaked"));
        CHECK_FALSE(criterion(a, "none_known_exploited").pass);  // still to update
    }
    SECTION("no review attested, no firmware change seen") {
        p.attestations.clear();
        const auto a = p.q12();
        CHECK_FALSE(criterion(a, "periodic_review").pass);
        CHECK(has_gap(a, "gap.attestation_missing"));
    }
    SECTION("a firmware change seen within 12 months stands for the review") {
        p.attestations.clear();
        ledger::EventRecord e;
        e.device_id = 1;
        e.kind = "software_change";
        e.at_us = day_us("2026-02-20");
        e.before = "FortiGate-60F v7.2.7";
        e.after = "FortiGate-60F v7.2.8";
        p.events.push_back(e);
        const auto a = p.q12();
        CHECK(criterion(a, "periodic_review").pass);
        CHECK_FALSE(has_gap(a, "gap.attestation_missing"));
        CHECK(a.option == answers::kYes);
    }
    SECTION("a change of another device, or too old, does not") {
        p.attestations.clear();
        ledger::EventRecord e;
        e.device_id = 77;
        e.at_us = day_us("2026-02-20");
        p.events.push_back(e);
        e.device_id = 1;
        e.at_us = day_us("2025-03-01");
        p.events.push_back(e);
        CHECK_FALSE(criterion(p.q12(), "periodic_review").pass);
    }
}

namespace {

ledger::DeviceRecord windows(std::int64_t id, const char* category, const char* product,
                             const char* version, const char* last_update) {
    auto d = device(id, category);
    software(d, "os", product, version);
    if (last_update != nullptr) {
        fact(d, FactKind::dns_query, "ctldl.windowsupdate.com", last_update);
    }
    return d;
}

Patches q13_met() {
    Patches p;
    p.devices.push_back(windows(1, "pc", "Windows 11 23H2", "10.0.22631", "2026-03-28"));
    p.devices.push_back(
        windows(2, "server", "Windows 10 1809 / Server 2019", "10.0.17763", "2026-03-10"));
    return p;
}

}  // namespace

TEST_CASE("Q13: every server and PC patched and in support", "[answers][q13]") {
    const auto a = q13_met().q13();
    CHECK(a.option == answers::kYes);
    CHECK(a.confidence == Approx(0.9));
}

TEST_CASE("Q13: each criterion failing", "[answers][q13]") {
    auto p = q13_met();
    SECTION("Windows 10 22H2 ended 2025-10-14") {
        p.devices.push_back(windows(3, "pc", "Windows 10 22H2", "10.0.19045", "2026-03-28"));
        const auto a = p.q13();
        CHECK_FALSE(criterion(a, "in_support").pass);
        CHECK(has_gap(a, "gap.end_of_support", 3));
        CHECK(a.option == answers::kNo);
    }
    SECTION("ESU attested for that PC") {
        p.devices.push_back(windows(3, "pc", "Windows 10 22H2", "10.0.19045", "2026-03-28"));
        p.attestations.push_back(attestation("esu", "ESU Year 1", "2025-10-01", 3));
        const auto a = p.q13();
        CHECK(criterion(a, "in_support").pass);
        CHECK(criterion(a, "in_support").attested.at(0).key == "esu");
    }
    SECTION("ESU expired (older than 12 months)") {
        p.devices.push_back(windows(3, "pc", "Windows 10 22H2", "10.0.19045", "2026-03-28"));
        p.attestations.push_back(attestation("esu", "ESU Year 1", "2025-03-01", 3));
        CHECK_FALSE(criterion(p.q13(), "in_support").pass);
    }
    SECTION("Server 2012 R2 ended 2023-10-10") {
        p.devices.push_back(
            windows(4, "server", "Windows 8.1 / Server 2012 R2", "6.3.9600", "2026-03-28"));
        CHECK(has_gap(p.q13(), "gap.end_of_support", 4));
    }
    SECTION("a 1809 PC: ended unless it is LTSC 2019") {
        p.devices.push_back(
            windows(5, "pc", "Windows 10 1809 / Server 2019", "10.0.17763", "2026-03-28"));
        CHECK(has_gap(p.q13(), "gap.end_of_support_unless_ltsc", 5));
        p.attestations.push_back(attestation("ltsc", "LTSC 2019", "2024-05-01", 5));
        CHECK(criterion(p.q13(), "in_support").pass);
    }
    SECTION("no update activity within 35 days") {
        p.devices[0] = windows(1, "pc", "Windows 11 23H2", "10.0.22631", "2026-02-20");
        const auto a = p.q13();
        CHECK_FALSE(criterion(a, "update_seen_35d").pass);
        CHECK(has_gap(a, "gap.no_update_activity", 1));
    }
    SECTION("offline patching attested: met, but 中 at best") {
        p.devices[0] = windows(1, "pc", "Windows 11 23H2", "10.0.22631", nullptr);
        p.attestations.push_back(
            attestation("offline_patching", "2026-03 保守作業報告書", "2026-03-05", 1));
        const auto a = p.q13();
        CHECK(a.option == answers::kYes);
        CHECK(a.confidence < 0.8);
    }
    SECTION("offline patching expired (3 months)") {
        p.devices[0] = windows(1, "pc", "Windows 11 23H2", "10.0.22631", nullptr);
        p.attestations.push_back(attestation("offline_patching", "報告書", "2025-11-01", 1));
        CHECK_FALSE(criterion(p.q13(), "update_seen_35d").pass);
    }
    SECTION("update agent User-Agent counts as update activity") {
        auto d = device(6, "pc");
        software(d, "os", "Windows 11 23H2", "10.0.22631");
        fact(d, FactKind::user_agent, "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50",
             "2026-03-25");
        p.devices.push_back(d);
        CHECK(criterion(p.q13(), "update_seen_35d").pass);
    }
    SECTION("an unknown OS") {
        p.devices.push_back(device(7, "pc"));
        const auto a = p.q13();
        CHECK_FALSE(criterion(a, "os_known").pass);
        CHECK(has_gap(a, "gap.os_unknown", 7));
    }
}

TEST_CASE("hints only where the wire shows something", "[answers][hints]") {
    Patches p = q13_met();
    CHECK(answers::hints(p.input()).empty());
    auto nms = device(8, "server", "nms");
    ledger::FactEntry role;
    role.kind = FactKind::role;
    role.value = "snmp-manager";
    nms.facts.push_back(role);
    nms.services.push_back("tcp/10051");
    p.devices.push_back(nms);
    const auto h = answers::hints(p.input());
    REQUIRE(h.size() == 2);
    CHECK(h[0].question_id == "Q15");
    CHECK(h[0].devices == std::vector<std::int64_t>{8});
}

TEST_CASE("no devices seen: nothing passes on no evidence", "[answers][q12][q13]") {
    Patches p;
    for (const auto& a : {p.q12(), p.q13()}) {
        CAPTURE(a.question_id);
        CHECK(a.option == answers::kNo);
        CHECK(a.confidence == Approx(0.5));
        CHECK(has_gap(a, "gap.nothing_observed"));
        for (const auto& c : a.criteria) {
            CHECK_FALSE(c.pass);
        }
    }
    // Devices seen only after the reference date are not there yet.
    auto late = windows(1, "pc", "Windows 11 23H2", "10.0.22631", "2026-05-01");
    late.first_seen_us = day_us("2026-04-20");
    late.last_seen_us = day_us("2026-05-01");
    p.devices.push_back(late);
    CHECK(has_gap(p.q13(), "gap.nothing_observed"));
}
