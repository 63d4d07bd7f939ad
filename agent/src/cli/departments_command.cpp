// `daicho departments [--format table|json|csv] [--lang ja|en] [-o FILE]`: device counts per
// site and department from the config's map (--config) and the annotations, then the gap list:
// devices no mapping covers (部署未割当の機器) and devices in two departments (要確認).

#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/department_report.h"

namespace daicho::agent {

int run_departments(const CommonOptions& common, const DepartmentsCommand& cmd) {
    const std::string format =
        resolve_format(cmd.format, cmd.output, {"table", "json", "csv"}, "table", common.lang);
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const auto devices = ledger::Snapshot(ledger, common.departments).devices();
    const auto report = survey::department_report(devices, common.departments);
    if (common.departments.empty()) {
        std::cerr << "daicho: note: " << message(Msg::no_department_map, common.lang) << '\n';
    }

    write_output(cmd.output, [&](std::ostream& out) {
        const auto lang = to_lang(cmd.lang);
        if (format == "json") {
            survey::write_department_report_json(out, report);
        } else if (format == "csv") {
            survey::write_department_report_csv(out, report, lang);
        } else {
            survey::write_department_report_table(out, report, lang);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
