// The survey's words (survey_questions.json): every question, option and word the mappers
// produce has its Japanese and English text.

#include "daicho/answers/survey_text.h"

#include <catch2/catch.hpp>
#include <set>

#include "answers_fixtures.h"
#include "daicho/answers/attestation_keys.h"

using namespace daicho;
using namespace daicho::test;

namespace {

// A ledger that makes every question produce most of its criteria, gaps and evidence.
answers::SurveyResult everything() {
    static std::vector<ledger::DeviceRecord> devices;
    devices.clear();
    devices.push_back(device(1, "pc"));
    devices.push_back(device(2, "unknown"));
    auto fw = device(3, "network", "firewall");
    software(fw, "system_description", "FortiOS", "6.0.4");
    devices.push_back(fw);
    auto old = device(4, "server");
    software(old, "os", "Windows 8.1 / Server 2012 R2", "6.3.9600");
    devices.push_back(old);
    auto pc = device(5, "pc");
    software(pc, "os", "Windows 10 1809 / Server 2019", "10.0.17763");
    devices.push_back(pc);
    devices.push_back(device(6, "medical", "modality-ct"));
    devices.push_back(device(7, "network", "router"));
    auto nms = device(8, "server");
    nms.services = {"tcp/10051", "tcp/10050", "udp/1812", "tcp/3260"};
    ledger::FactEntry role;
    role.kind = collectors::FactKind::role;
    role.value = "snmp-manager";
    nms.facts.push_back(role);
    devices.push_back(nms);
    static std::vector<ledger::AttestationRecord> attestations{
        attestation("it_ledger_review", "", "2024-01-01")};
    static std::vector<ledger::TrainingRecord> training{{"2024-01-01", "研修", "全職員", 1, ""}};
    static std::vector<answers::ConnectionPoint> points{
        {"cp-1", "", "internet", {}, "", "", "", ""}};
    answers::SurveyInput in;
    in.devices = devices;
    in.attestations = attestations;
    in.training = training;
    static std::vector<std::string> departments{"検査科"};
    in.departments = departments;
    auto r = answers::run_survey(in, *answers::Catalogue::builtin());
    in.connection_points = std::span<const answers::ConnectionPoint>(points);
    r.answers.push_back(answers::q10_network_map(in));
    return r;
}

void check_phrase(const answers::SurveyText& t, const answers::Phrase& p) {
    CAPTURE(p.key);
    CHECK(t.has_word(p.key));
    for (const auto& a : p.args) {
        if (a.rfind("w:", 0) == 0) {
            CHECK(t.has_word(a.substr(2)));
        }
        if (a.rfind("attest:", 0) == 0) {
            CHECK(answers::attestation_key(a.substr(7)) != nullptr);
        }
    }
}

}  // namespace

TEST_CASE("every word the mappers produce is in the word table", "[answers][text]") {
    const auto& t = *answers::SurveyText::builtin();
    const auto r = everything();
    std::set<std::string> gap_keys;
    for (const auto& a : r.answers) {
        CAPTURE(a.question_id);
        CHECK(t.question(a.question_id) != nullptr);
        for (const auto& c : a.criteria) {
            CHECK(t.has_word("criterion." + a.question_id + "." + c.id));
        }
        for (const auto& e : a.evidence) {
            CHECK(t.has_word("evidence." + e.key));
            if (e.value.rfind("w:", 0) == 0) {
                CHECK(t.has_word(e.value.substr(2)));
            }
        }
        for (const auto& g : a.gaps) {
            check_phrase(t, g.missing);
            check_phrase(t, g.action);
            gap_keys.insert(g.missing.key);
        }
        for (const auto& c : a.confirmations) {
            check_phrase(t, c);
        }
        const auto* q = t.question(a.question_id);
        REQUIRE(q != nullptr);
        CHECK(std::find(q->options.begin(), q->options.end(), a.option) != q->options.end());
    }
    CHECK(gap_keys.size() >= 10);
    CHECK(r.hints.size() == 5);
    for (const auto& h : r.hints) {
        check_phrase(t, h.text);
        CHECK(t.question(h.question_id) != nullptr);
    }
}

TEST_CASE("phrases fill their values in either language", "[answers][text]") {
    const auto& t = *answers::SurveyText::builtin();
    const answers::Phrase p{"gap.missing_fields", {"w:field.location", "w:field.user"}};
    CHECK(t.phrase(p, survey::Lang::ja) == "未記入: 所在、利用者");
    CHECK(t.phrase(p, survey::Lang::en) == "Missing: location, user");
    const answers::Phrase e{"gap.end_of_support", {"Windows 10 22H2", "2025-10-14"}};
    CHECK(t.phrase(e, survey::Lang::ja) == "Windows 10 22H2 はサポート終了（2025-10-14）");
    const answers::Phrase m{"gap.attestation_missing", {"attest:ledger_department"}};
    CHECK(t.phrase(m, survey::Lang::ja) ==
          "「院内全体の台帳管理を行っている部門」の記録がありません");
    CHECK(t.option("ledger_department", survey::Lang::ja) == "院内全体の台帳管理を行っている部門");
    CHECK(t.reference_date() == "2026-03-31");
    CHECK(t.question_text("Q13", survey::Lang::ja).find("サーバ、端末PC") != std::string::npos);
}
