#pragma once
// `daicho survey` renderers: JSON (stable keys and ids, texts in the chosen language beside
// them), Markdown, one self-contained printable HTML page, and XLSX (one sheet per question
// plus the gap list). Device names and every other string that came from the network are
// escaped for each format: control bytes (ledger::text::escape), HTML markup, Markdown
// syntax, spreadsheet formulas (survey::write_xlsx).

#include <ostream>
#include <string>
#include <vector>

#include "daicho/answers/answer.h"
#include "daicho/answers/survey_text.h"
#include "daicho/survey/sheet.h"

namespace daicho::answers {

struct ReportInfo {
    std::string generated_at;  // ISO time the report was made (UTC)
    std::string ledger;        // the ledger file it read
    // The Q10 network picture as SVG (`daicho topology`), embedded in the HTML report as an
    // image (a data: URL: no fetch, and an <img> runs no script); "" none.
    std::string diagram_svg;
};

void write_survey_json(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                       const ReportInfo& info);
void write_survey_markdown(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                           const ReportInfo& info);
void write_survey_html(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                       const ReportInfo& info);
[[nodiscard]] std::vector<survey::Sheet> survey_sheets(const SurveyResult& r, const SurveyText& t,
                                                       Lang lang);

}  // namespace daicho::answers
