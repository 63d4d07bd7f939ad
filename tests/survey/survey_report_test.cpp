// The survey renderers (daicho/answers/report.h): every string from the network escaped for
// its format, the JSON stable and parseable, the workbook one sheet per question plus the gaps.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "answers_fixtures.h"
#include "daicho/answers/report.h"

using namespace daicho;
using namespace daicho::test;

namespace {

// A device whose name and OS string are hostile: markup, a formula, a control byte.
answers::SurveyResult hostile_result(std::vector<ledger::DeviceRecord>& devices) {
    auto d = device(1, "pc");
    d.hostnames = {"unused"};
    annotate(d, "name", "=HYPERLINK(\"http://x\")<script>alert(1)</script>|*x*\x1b[31m");
    devices.push_back(d);
    answers::SurveyInput in;
    in.devices = devices;
    return answers::run_survey(in, *answers::Catalogue::builtin());
}

const answers::ReportInfo kInfo{"2026-04-01T00:00:00Z", "t.db", {}};

}  // namespace

TEST_CASE("HTML escapes markup and control bytes from the wire", "[answers][report]") {
    std::vector<ledger::DeviceRecord> devices;
    const auto r = hostile_result(devices);
    std::ostringstream out;
    answers::write_survey_html(out, r, *answers::SurveyText::builtin(), survey::Lang::ja, kInfo);
    const std::string html = out.str();
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("\x1b") == std::string::npos);
    CHECK(
        html.find(
            "=HYPERLINK(&quot;http://x&quot;)&lt;script&gt;alert(1)&lt;/script&gt;|*x*\\x1B[31m") !=
        std::string::npos);
    for (const char* q : {"Q8 ", "Q9 ", "Q10 ", "Q11 ", "Q12 ", "Q13 "}) {
        CHECK(html.find(std::string("<h2>") + q) != std::string::npos);
    }
}

TEST_CASE("HTML embeds Q10's diagram as base64 (RFC 4648 §10 vectors), only under Q10",
          "[answers][report]") {
    std::vector<ledger::DeviceRecord> devices;
    const auto r = hostile_result(devices);
    // RFC 4648 §10: every padding case.
    for (const auto& [svg, encoded] :
         std::vector<std::pair<std::string, std::string>>{{"f", "Zg=="},
                                                          {"fo", "Zm8="},
                                                          {"foo", "Zm9v"},
                                                          {"foob", "Zm9vYg=="},
                                                          {"fooba", "Zm9vYmE="},
                                                          {"foobar", "Zm9vYmFy"}}) {
        answers::ReportInfo info = kInfo;
        info.diagram_svg = svg;
        std::ostringstream out;
        answers::write_survey_html(out, r, *answers::SurveyText::builtin(), survey::Lang::ja,
                                   info);
        const std::string html = out.str();
        INFO(svg);
        const auto img = html.find("src=\"data:image/svg+xml;base64," + encoded + "\"");
        CHECK(img != std::string::npos);
        CHECK(html.find("<h2>Q10 ") < img);
        CHECK(img < html.find("<h2>Q11 "));
        CHECK(html.find("img-src data:") != std::string::npos);
    }
    std::ostringstream none;
    answers::write_survey_html(none, r, *answers::SurveyText::builtin(), survey::Lang::ja, kInfo);
    CHECK(none.str().find("<img") == std::string::npos);
}

TEST_CASE("Markdown escapes table and emphasis syntax", "[answers][report]") {
    std::vector<ledger::DeviceRecord> devices;
    const auto r = hostile_result(devices);
    std::ostringstream out;
    answers::write_survey_markdown(out, r, *answers::SurveyText::builtin(), survey::Lang::en,
                                   kInfo);
    const std::string md = out.str();
    CHECK(md.find("<script>") == std::string::npos);
    CHECK(md.find("=HYPERLINK(\"http://x\")&lt;script&gt;alert(1)&lt;/script&gt;\\|\\*x\\*") !=
          std::string::npos);
    CHECK(md.find("\x1b") == std::string::npos);
    CHECK(md.find("| Q13 ") != std::string::npos);
}

TEST_CASE("JSON keeps ids and values, texts beside them", "[answers][report]") {
    std::vector<ledger::DeviceRecord> devices;
    const auto r = hostile_result(devices);
    std::ostringstream out;
    answers::write_survey_json(out, r, *answers::SurveyText::builtin(), survey::Lang::en, kInfo);
    const auto doc = nlohmann::json::parse(out.str());
    REQUIRE(doc.at("answers").size() == 6);
    const auto& q8 = doc.at("answers")[0];
    CHECK(q8.at("option") == "undecided");
    CHECK(q8.at("option_text") == "Undecided");
    CHECK(q8.at("checklist") == nlohmann::json::array({"2-①"}));
    bool labelled = false;
    for (const auto& g : q8.at("gaps")) {
        if (g.at("device_id") == 1) {
            CHECK(g.at("device") ==
                  "#1 =HYPERLINK(\"http://x\")<script>alert(1)</script>|*x*\x1b[31m 10.20.0.1");
            labelled = true;
        }
    }
    CHECK(labelled);
    // The same input gives the same bytes.
    std::ostringstream again;
    answers::write_survey_json(again, r, *answers::SurveyText::builtin(), survey::Lang::en, kInfo);
    CHECK(again.str() == out.str());
}

TEST_CASE("the workbook: summary, one sheet per question, the gap list", "[answers][report]") {
    std::vector<ledger::DeviceRecord> devices;
    const auto r = hostile_result(devices);
    const auto sheets =
        answers::survey_sheets(r, *answers::SurveyText::builtin(), survey::Lang::ja);
    REQUIRE(sheets.size() == 8);
    CHECK(sheets[0].rows.size() == 6);
    CHECK(sheets[1].name == "Q8");
    CHECK(sheets[7].name == "ギャップ一覧");
    std::size_t gaps = 0;
    for (const auto& a : r.answers) {
        gaps += a.gaps.size();
    }
    CHECK(sheets[7].rows.size() == gaps);
}
