// `daicho survey --format md`: the summary table, then per question its criteria, evidence,
// gaps and confirmations, then the hints. Every cell goes through render::markdown.

#include "daicho/answers/report.h"
#include "render/escape.h"
#include "render/report_rows.h"

namespace daicho::answers {

namespace {

void table(std::ostream& out, const std::vector<std::string>& headers,
           const std::vector<std::vector<std::string>>& rows) {
    out << '|';
    for (const auto& h : headers) {
        out << ' ' << render::markdown(h) << " |";
    }
    out << "\n|";
    for (std::size_t i = 0; i < headers.size(); ++i) {
        out << " --- |";
    }
    out << '\n';
    for (const auto& row : rows) {
        out << '|';
        for (const auto& cell : row) {
            out << ' ' << render::markdown(cell) << " |";
        }
        out << '\n';
    }
    out << '\n';
}

}  // namespace

void write_survey_markdown(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                           const ReportInfo& info) {
    const auto w = [&](const char* key) { return t.word(key, lang); };
    out << "# " << render::markdown(w("label.title")) << "\n\n";
    out << "- " << w("label.as_of") << ": " << r.as_of << '\n';
    out << "- " << w("label.window") << ": " << render::window_text(r.window, t, lang) << '\n';
    out << "- " << render::markdown(info.ledger) << " · " << info.generated_at << "\n\n";
    out << "> " << render::markdown(w("label.note")) << "\n\n";
    out << "## " << w("label.summary") << "\n\n";
    const render::Report report = render::report(r, t, lang);
    table(out, report.summary_headers, report.summary);
    for (const auto& x : report.answers) {
        out << "## " << render::markdown(x.question) << "\n\n";
        out << "**" << w("label.recommended") << "**: " << render::markdown(x.option) << " · "
            << w("label.confidence") << ": " << x.confidence << " · " << w("label.window") << ": "
            << x.window << "\n\n";
        out << "### " << w("label.criteria") << "\n\n";
        table(out, {w("label.criteria"), w("label.result"), w("label.value"), w("label.attested")},
              x.criteria);
        out << "### " << w("label.evidence") << "\n\n";
        table(out, {w("label.evidence"), w("label.value"), w("label.devices")}, x.evidence);
        if (!x.gaps.empty()) {
            out << "### " << w("label.gaps") << "\n\n";
            table(out, {w("label.device"), w("label.missing"), w("label.action")}, x.gaps);
        }
        out << "### " << w("label.confirmations") << "\n\n";
        for (const auto& c : x.confirmations) {
            out << "- " << render::markdown(c) << '\n';
        }
        out << '\n';
        if (!x.refs.empty()) {
            out << "_" << w("label.refs") << ": " << render::markdown(x.refs) << "_\n\n";
        }
    }
    if (!r.hints.empty()) {
        out << "## " << w("label.hints") << "\n\n";
        for (const auto& h : r.hints) {
            out << "- " << h.question_id << ": " << render::markdown(t.phrase(h.text, lang)) << " ("
                << render::id_list(h.devices) << ")\n";
        }
    }
}

}  // namespace daicho::answers
