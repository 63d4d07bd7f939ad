#pragma once
// One answer as rows of display text, in the chosen language, shared by the Markdown, HTML and
// XLSX renderers so the three never say different things. Texts are not escaped here: each
// renderer escapes for its own format.

#include <string>
#include <vector>

#include "daicho/answers/answer.h"
#include "daicho/answers/survey_text.h"

namespace daicho::answers::render {

// Device id lists printed in a report stop here ("… (+N)"); the JSON lists them all.
inline constexpr std::size_t kMaxIdsShown = 40;

struct Rows {
    std::string id;          // "Q8"
    std::string question;    // "Q8 サーバ、端末PC ..."
    std::string option;      // the option in the survey's wording
    std::string confidence;  // "0.90 (高)"
    std::string checklist;   // "2-①"
    std::string refs;
    std::string window;                              // "2026-02-01 .. 2026-03-30 (58日)"
    std::vector<std::vector<std::string>> criteria;  // label, result, value, attested
    std::vector<std::vector<std::string>> evidence;  // label, value, device ids
    std::vector<std::vector<std::string>> gaps;      // device, missing, action
    std::vector<std::string> confirmations;
};

[[nodiscard]] Rows rows(const Answer& a, const SurveyText& t, Lang lang);

// Every answer's rows, and the summary table (question, option, confidence, gaps, checklist)
// that heads the Markdown and HTML reports, with its headers.
struct Report {
    std::vector<Rows> answers;
    std::vector<std::string> summary_headers;
    std::vector<std::vector<std::string>> summary;
};
[[nodiscard]] Report report(const SurveyResult& r, const SurveyText& t, Lang lang);
// An evidence value; "w:<key>" values are words ("w:value.plan_configured").
[[nodiscard]] std::string evidence_value(const EvidenceItem& e, const SurveyText& t, Lang lang);
[[nodiscard]] std::string id_list(const std::vector<std::int64_t>& ids);
[[nodiscard]] std::string window_text(const Window& w, const SurveyText& t, Lang lang);

}  // namespace daicho::answers::render
