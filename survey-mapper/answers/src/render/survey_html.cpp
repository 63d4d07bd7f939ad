// `daicho survey --format html`: one self-contained page (no script, no external fetch: inline
// CSS only), printable on A4 (each question starts a page in print). Every text goes through
// render::html.

#include "daicho/answers/report.h"
#include "render/escape.h"
#include "render/report_rows.h"

namespace daicho::answers {

namespace {

constexpr const char* kStyle = R"(
body{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:2em;color:#111}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:2px solid #345;padding-bottom:.2em;margin-top:2em}
h3{font-size:1em;margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #999;padding:.25em .45em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#e8edf2}
.pass{color:#075}.fail{color:#a10}.note{background:#fff7d6;border:1px solid #d9c36a;padding:.5em}
.option{font-weight:bold;font-size:1.05em}
img.diagram{max-width:100%;height:auto;border:1px solid #ccc}
@media print{body{margin:1cm}section.q{page-break-before:always}a{color:inherit}}
@page{size:A4;margin:12mm}
)";

void cells(std::ostream& out, const std::vector<std::string>& row, const char* tag) {
    out << "<tr>";
    for (const auto& c : row) {
        out << '<' << tag << '>' << render::html(c) << "</" << tag << '>';
    }
    out << "</tr>\n";
}

void table(std::ostream& out, const std::vector<std::string>& headers,
           const std::vector<std::vector<std::string>>& rows, int result_column = -1,
           const std::string& pass_word = {}) {
    out << "<table>\n";
    cells(out, headers, "th");
    for (const auto& row : rows) {
        out << "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (static_cast<int>(i) == result_column) {
                out << "<td class=\"" << (row[i] == pass_word ? "pass" : "fail") << "\">"
                    << render::html(row[i]) << "</td>";
            } else {
                out << "<td>" << render::html(row[i]) << "</td>";
            }
        }
        out << "</tr>\n";
    }
    out << "</table>\n";
}

}  // namespace

void write_survey_html(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                       const ReportInfo& info) {
    const auto w = [&](const char* key) { return t.word(key, lang); };
    out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::ja ? "ja" : "en")
        << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; img-src data:\">\n<title>"
        << render::html(w("label.title")) << "</title>\n<style>" << kStyle
        << "</style>\n</head>\n<body>\n";
    out << "<h1>" << render::html(w("label.title")) << "</h1>\n";
    out << "<p>" << render::html(t.survey_name(lang)) << "<br>" << render::html(w("label.as_of"))
        << ": " << render::html(r.as_of) << " · " << render::html(w("label.window")) << ": "
        << render::html(render::window_text(r.window, t, lang)) << "<br>"
        << render::html(info.ledger) << " · " << render::html(info.generated_at) << "</p>\n";
    out << "<p class=\"note\">" << render::html(w("label.note")) << "</p>\n";

    const render::Report report = render::report(r, t, lang);
    out << "<h2>" << render::html(w("label.summary")) << "</h2>\n";
    table(out, report.summary_headers, report.summary);
    for (const auto& x : report.answers) {
        out << "<section class=\"q\">\n<h2>" << render::html(x.question) << "</h2>\n";
        out << "<p><span class=\"option\">" << render::html(w("label.recommended")) << ": "
            << render::html(x.option) << "</span> · " << render::html(w("label.confidence")) << ": "
            << render::html(x.confidence) << " · " << render::html(w("label.window")) << ": "
            << render::html(x.window) << "</p>\n";
        out << "<h3>" << render::html(w("label.criteria")) << "</h3>\n";
        table(out, {w("label.criteria"), w("label.result"), w("label.value"), w("label.attested")},
              x.criteria, 1, w("label.pass"));
        out << "<h3>" << render::html(w("label.evidence")) << "</h3>\n";
        table(out, {w("label.evidence"), w("label.value"), w("label.devices")}, x.evidence);
        if (x.id == "Q10" && !info.diagram_svg.empty()) {
            out << "<h3>" << render::html(w("label.diagram")) << "</h3>\n<img class=\"diagram\" alt=\""
                << render::html(w("label.diagram")) << "\" src=\"data:image/svg+xml;base64,"
                << render::base64(info.diagram_svg) << "\">\n";
        }
        if (!x.gaps.empty()) {
            out << "<h3>" << render::html(w("label.gaps")) << "</h3>\n";
            table(out, {w("label.device"), w("label.missing"), w("label.action")}, x.gaps);
        }
        out << "<h3>" << render::html(w("label.confirmations")) << "</h3>\n<ul>\n";
        for (const auto& c : x.confirmations) {
            out << "<li>" << render::html(c) << "</li>\n";
        }
        out << "</ul>\n";
        if (!x.refs.empty()) {
            out << "<p><small>" << render::html(w("label.refs")) << ": " << render::html(x.refs)
                << "</small></p>\n";
        }
        out << "</section>\n";
    }
    if (!r.hints.empty()) {
        out << "<section class=\"q\">\n<h2>" << render::html(w("label.hints")) << "</h2>\n<ul>\n";
        for (const auto& h : r.hints) {
            out << "<li>" << render::html(h.question_id) << ": "
                << render::html(t.phrase(h.text, lang)) << " ("
                << render::html(render::id_list(h.devices)) << ")</li>\n";
        }
        out << "</ul>\n</section>\n";
    }
    out << "</body>\n</html>\n";
}

}  // namespace daicho::answers
