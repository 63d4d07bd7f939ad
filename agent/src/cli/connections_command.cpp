// `daicho connections [--format table|json|csv|xlsx] [--lang ja|en] [-o FILE]`: the external
// connection points per department (Q10), opened-from-outside first, each with its evidence.
// A thin door: the snapshot reads the points (ledger/connections.h), survey-mapper groups and
// renders them (survey/connection_report.h). What limits the answer goes to stderr: no
// address plan (now, or when captures were ingested) and conversations the table evicted.

#include <iostream>
#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/connection_report.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace daicho::agent {

int run_connections(const CommonOptions& common, const ConnectionsCommand& cmd) {
    const std::string format = resolve_format(
        cmd.format, cmd.output, {"table", "json", "csv", "xlsx"}, "table", common.lang);
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const auto list = ledger::Snapshot(ledger, common.departments).connections();
    const auto report = survey::connection_report(list, common.departments);
    note_address_plan(common.departments, common.lang);
    if (report.captures_without_plan != 0) {
        std::cerr << "daicho: "
                  << message(Msg::connections_without_plan, common.lang,
                             {std::to_string(report.captures_without_plan)})
                  << '\n';
    }
    if (report.evictions != 0) {
        std::cerr << "daicho: "
                  << message(Msg::connections_evicted, common.lang, {with_commas(report.evictions)})
                  << '\n';
    }
    if (report.captures == 0) {
        std::cerr << "daicho: " << message(Msg::connections_none, common.lang) << '\n';
    }
    const auto lang = to_lang(cmd.lang);
    if (format == "xlsx") {
        survey::write_xlsx(cmd.output, {survey::connections_sheet(report, lang)});
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            survey::write_connections_json(out, report);
        } else if (format == "csv") {
            survey::write_sheet_csv(out, survey::connections_sheet(report, lang));
        } else {
            survey::write_connections_table(out, report, lang);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
