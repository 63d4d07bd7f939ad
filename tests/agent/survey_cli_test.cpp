// `daicho survey`, `daicho attest` and `daicho import training` on the demo ledger: the thin
// CLI doors onto the survey pre-fill (issue 14).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_daicho.h"

using namespace daicho::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

std::string demo(const TempDir& tmp) {
    const std::string args =
        "--db " + q(tmp.path() / "demo.db") + " --config " + q(kDemo / "daicho.json");
    const Run r = run_daicho(tmp, "ingest -q " + args + " " + q(kDemo / "hospital-demo.pcap"));
    REQUIRE(r.status == 0);
    return args;
}

const json& answer(const json& doc, const std::string& id) {
    for (const auto& a : doc.at("answers")) {
        if (a.at("question_id") == id) {
            return a;
        }
    }
    FAIL("no answer " << id);
    return doc;
}

const json& criterion(const json& a, const std::string& id) {
    for (const auto& c : a.at("criteria")) {
        if (c.at("id") == id) {
            return c;
        }
    }
    FAIL("no criterion " << id);
    return a;
}

}  // namespace

TEST_CASE("survey: JSON in Japanese by default, Q8-Q13 in order", "[agent][survey]") {
    TempDir tmp;
    const auto args = demo(tmp);
    const Run r = run_daicho(tmp, "survey --format json " + args);
    REQUIRE(r.status == 0);
    const json doc = json::parse(r.out);
    CHECK(doc.at("as_of") == "2026-03-31");
    CHECK(doc.at("lang") == "ja");
    REQUIRE(doc.at("answers").size() == 6);
    CHECK(doc.at("answers")[0].at("question_id") == "Q8");
    CHECK(doc.at("answers")[5].at("question_id") == "Q13");
    CHECK(answer(doc, "Q8").at("option_text") == "未確定");
    CHECK(answer(doc, "Q13").at("option") == "no");
    CHECK(answer(doc, "Q11").at("option") == "undecided");
}

TEST_CASE("attest: statements count, show who and when, and unknown keys are refused",
          "[agent][survey]") {
    TempDir tmp;
    const auto args = demo(tmp);
    Run r = run_daicho(
        tmp, "attest ledger_department 情報システム部 --by 佐藤 --date 2026-03-01 " + args);
    REQUIRE(r.status == 0);
    r = run_daicho(tmp, "attest no_such_key x " + args);
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown attestation key") != std::string::npos);
    r = run_daicho(tmp, "attest ledger_department x --device 1 " + args);
    CHECK(r.status == 2);
    r = run_daicho(tmp, "attest ledger_department x --date 2026-02-30 " + args);
    CHECK(r.status == 1);
    r = run_daicho(tmp, "attest --list " + args);
    REQUIRE(r.status == 0);
    CHECK(
        r.out.find(
            "2026-03-01  ledger_department  情報システム部  (確認者 佐藤、有効期限 2027-03-01)") !=
        std::string::npos);
    r = run_daicho(tmp, "survey -o " + q(tmp.path() / "s.json") + " " + args);
    REQUIRE(r.status == 0);
    const json doc = json::parse(slurp(tmp.path() / "s.json"));
    const auto& c = criterion(answer(doc, "Q8"), "department_stated");
    CHECK(c.at("pass") == true);
    CHECK(c.at("attested")[0].at("by") == "佐藤");
    // A reference date a year later: the statement has expired.
    r = run_daicho(tmp, "survey --as-of 2027-03-31 --format json " + args);
    REQUIRE(r.status == 0);
    CHECK(criterion(answer(json::parse(r.out), "Q8"), "department_stated").at("pass") == false);
}

TEST_CASE("import training: Q11 answers はい with a staff-wide session", "[agent][survey]") {
    TempDir tmp;
    const auto args = demo(tmp);
    const auto csv = tmp.path() / "training.csv";
    std::ofstream(csv)
        << "実施日,研修名,対象者,参加人数\n2025/11/20,MIST 初学者等向け研修,全職員,312\n"
           "2025-06-01,システム管理者研修,システム管理者,4\n";
    Run r = run_daicho(tmp, "import training " + q(csv) + " " + args);
    REQUIRE(r.status == 0);
    CHECK(r.out == "2 sessions read, 2 new\n");
    r = run_daicho(tmp, "import training " + q(csv) + " " + args);
    CHECK(r.out == "2 sessions read, 0 new\n");
    r = run_daicho(tmp, "survey --format json --lang en " + args);
    const json doc = json::parse(r.out);
    const auto& q11 = answer(doc, "Q11");
    CHECK(q11.at("option") == "yes");
    CHECK(q11.at("option_text") == "Yes");
    std::ofstream(csv) << "実施日,研修名,対象者,参加人数\n2025-13-40,x,全職員,a\n";
    r = run_daicho(tmp, "import training " + q(csv) + " " + args);
    CHECK(r.status == 1);
    CHECK(r.err.find("row 2: date") != std::string::npos);
}

TEST_CASE("survey: HTML is one escaped page, XLSX a workbook", "[agent][survey]") {
    TempDir tmp;
    const auto args = demo(tmp);
    Run r = run_daicho(tmp, "survey -o " + q(tmp.path() / "survey.html") + " " + args);
    REQUIRE(r.status == 0);
    const std::string html = slurp(tmp.path() / "survey.html");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<h2>Q13 ") != std::string::npos);
    // The demo has a host named "=cmd|' /C calc'!A0": its quote is an entity in the page.
    CHECK(html.find("=cmd|&#39; /C calc&#39;!A0") != std::string::npos);
    CHECK(html.find("=cmd|' /C") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    // Nothing to fetch: no link or CSS url, and the one source is Q10's diagram as a data: URL
    // (after Q10's heading, before Q11's).
    const auto src = html.find("src=");
    REQUIRE(src != std::string::npos);
    const std::string data_url = "src=\"data:image/svg+xml;base64,";
    CHECK(html.compare(src, data_url.size(), data_url) == 0);
    CHECK(html.find("src=", src + 1) == std::string::npos);
    CHECK(html.find("<h2>Q10 ") < src);
    CHECK(src < html.find("<h2>Q11 "));
    CHECK(html.find("href=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    r = run_daicho(tmp, "survey -o " + q(tmp.path() / "survey.xlsx") + " " + args);
    REQUIRE(r.status == 0);
    CHECK(slurp(tmp.path() / "survey.xlsx").rfind("PK", 0) == 0);
    r = run_daicho(tmp, "survey --format xlsx " + args);
    CHECK(r.status == 2);
}
