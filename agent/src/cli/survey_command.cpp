// `daicho survey [--as-of DATE] [--format json|md|html|xlsx] [--lang ja|en] [-o FILE]`: the
// survey pre-fill (issue 14): per question Q8-Q13 the recommended answer, its confidence,
// criteria, evidence, gaps and the confirmations a person owes, then the hints. Japanese by
// default; the format follows -o's extension. A thin door onto daicho_answers.

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/answers/catalogue.h"
#include "daicho/answers/report.h"
#include "daicho/answers/survey_data.h"
#include "daicho/answers/survey_text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"

namespace daicho::agent {

int run_survey(const CommonOptions& common, const SurveyCommand& cmd) {
    const std::string format =
        resolve_format(cmd.format, cmd.output, {"json", "md", "html", "xlsx"}, "md", common.lang);
    // The survey's words and the catalogue come from the same data directory as the ledger's
    // knowledge files, file by file; a broken file stops the run before anything is read.
    const auto text = common.data_dir.empty() ? answers::SurveyText::builtin()
                                              : answers::SurveyText::load(common.data_dir);
    const auto catalogue = common.data_dir.empty() ? answers::Catalogue::builtin()
                                                   : answers::Catalogue::load(common.data_dir);
    const std::string as_of = cmd.as_of.empty() ? text->reference_date() : cmd.as_of;
    if (as_of.size() != 10 || !ledger::parse_time_utc(as_of)) {
        throw std::invalid_argument("--as-of '" + as_of + "' is not a date (YYYY-MM-DD)");
    }
    const answers::SurveyResult result = [&] {
        const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
        const auto data = answers::read_survey_data(ledger, common.departments);
        note_address_plan(common.departments, common.lang);
        return answers::run_survey(data.input(as_of), *catalogue);
    }();
    answers::ReportInfo info{ledger::format_time_utc(ledger::now_us()), common.db.string(), {}};
    const auto lang = to_lang(cmd.lang);
    if (format == "html") {
        // Q10's diagram in the report; a build or machine that cannot draw it (no Graphviz)
        // still writes the report, and `daicho topology --format drawio` draws it elsewhere.
        try {
            if (cmd.diagram.empty()) {
                info.diagram_svg = network_svg(common, lang);
            } else {
                std::ifstream in(cmd.diagram, std::ios::binary);
                std::ostringstream svg;
                svg << in.rdbuf();
                info.diagram_svg = std::move(svg).str();
            }
        } catch (const std::exception& e) {
            std::cerr << "daicho: note: "
                      << message(Msg::survey_no_diagram, common.lang, {escape_control(e.what())})
                      << '\n';
        }
    }
    if (format == "xlsx") {
        survey::write_xlsx(cmd.output, answers::survey_sheets(result, *text, lang));
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            answers::write_survey_json(out, result, *text, lang, info);
        } else if (format == "html") {
            answers::write_survey_html(out, result, *text, lang, info);
        } else {
            answers::write_survey_markdown(out, result, *text, lang, info);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
