// `daicho survey --format xlsx`: a summary sheet, one sheet per question (criteria, evidence,
// confirmations) and the gap list across questions, written by survey::write_xlsx (cells as
// text, formulas neutralised, printable like the ledgers).

#include "daicho/answers/report.h"
#include "render/report_rows.h"

namespace daicho::answers {

std::vector<survey::Sheet> survey_sheets(const SurveyResult& r, const SurveyText& t, Lang lang) {
    const auto w = [&](const char* key) { return t.word(key, lang); };
    survey::Sheet summary{
        w("label.summary"),
        {w("label.question"), w("label.recommended"), w("label.confidence"), w("label.gaps"),
         w("label.checklist"), w("label.as_of"), w("label.window")},
        {},
        {50, 30, 12, 8, 12, 12, 28}};
    survey::Sheet gaps{
        w("label.gap_list"),
        {w("label.question"), w("label.device"), w("label.missing"), w("label.action")},
        {},
        {8, 30, 50, 60}};
    std::vector<survey::Sheet> sheets;
    for (const auto& a : r.answers) {
        const auto x = render::rows(a, t, lang);
        summary.rows.push_back({x.question, x.option, x.confidence, std::to_string(a.gaps.size()),
                                x.checklist, a.as_of, x.window});
        survey::Sheet q{
            a.question_id,
            {w("label.criteria"), w("label.result"), w("label.value"), w("label.attested")},
            {},
            {60, 10, 30, 40}};
        q.rows.emplace_back(std::vector<std::string>{x.question, x.option, x.confidence, x.window});
        q.rows.emplace_back();  // a blank row between the parts
        for (const auto& c : x.criteria) {
            q.rows.push_back(c);
        }
        q.rows.emplace_back();  // a blank row between the parts
        q.rows.emplace_back(std::vector<std::string>{w("label.evidence"), w("label.value"),
                                                     w("label.devices"), ""});
        for (const auto& e : x.evidence) {
            q.rows.push_back({e[0], e[1], e[2], ""});
        }
        q.rows.emplace_back();  // a blank row between the parts
        q.rows.emplace_back(std::vector<std::string>{w("label.confirmations"), "", "", ""});
        for (const auto& c : x.confirmations) {
            q.rows.push_back({c, "", "", ""});
        }
        sheets.push_back(std::move(q));
        for (const auto& g : x.gaps) {
            gaps.rows.push_back({a.question_id, g[0], g[1], g[2]});
        }
    }
    std::vector<survey::Sheet> out;
    out.push_back(std::move(summary));
    for (auto& s : sheets) {
        out.push_back(std::move(s));
    }
    out.push_back(std::move(gaps));
    return out;
}

}  // namespace daicho::answers
