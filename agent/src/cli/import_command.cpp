// `daicho import ledger FILE.csv|FILE.xlsx`: a hospital's own ledger (Q8 IT devices, or the ME
// room's medical-device ledger), or daicho's export edited in Excel, back into the ledger as
// annotations. The report says what matched and how, what changed, which ledger rows the wire
// never showed (台帳にあるが通信で未検出) and which devices no row lists (通信で検出されたが
// 台帳にない). Any invalid cell: every problem is reported, nothing is written, exit 1.

#include <iostream>
#include <string>

#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/import/ledger_import.h"
#include "daicho/import/plan_report.h"
#include "daicho/import/table_reader.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"

namespace daicho::agent {

namespace {

using import::ImportPlan;

std::vector<std::pair<std::string, std::string>> parse_map(const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& a : args) {
        const auto eq = a.rfind('=');  // keys never hold '=', headers might
        if (eq == std::string::npos || eq == 0) {
            throw std::invalid_argument("--map '" + a + "' is not \"header=key\"");
        }
        out.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    }
    return out;
}

}  // namespace

int run_import_ledger(const CommonOptions& common, const ImportLedgerCommand& cmd) {
    const std::string format =
        resolve_format(cmd.format, cmd.output, {"table", "json", "csv"}, "table", common.lang);
    import::ImportOptions options;
    options.map = parse_map(cmd.map);
    options.header_row = cmd.header_row;
    options.clear_empty = cmd.clear_empty;
    if (!cmd.kind.empty()) {
        options.kind = cmd.kind == "medical" ? survey::LedgerKind::medical : survey::LedgerKind::it;
    }
    const import::Table table = import::read_table_file(cmd.file, cmd.sheet);
    options.csv_apostrophes = table.encoding != "XLSX";

    ledger::Ledger ledger(
        common.db, cmd.dry_run ? ledger::Ledger::Mode::read_only : ledger::Ledger::Mode::read_write,
        common.knowledge);
    ledger.set_address_plan(ledger::AddressPlan(common.departments));
    options.classifier = &ledger.knowledge().classifier();
    // The snapshot ends before apply_import() writes on the same connection. The devices are
    // placed by the same department map the export used, so a department cell that the map
    // filled reads back as unchanged and the device keeps following the config.
    const ImportPlan plan =
        import::plan_import(table, ledger::Snapshot(ledger, common.departments).devices(), options);
    const std::string name = cmd.file.filename().string();
    const bool write = plan.problems.empty() && !cmd.dry_run;
    if (write) {
        import::apply_import(ledger, plan, "import:" + name, actor(common, cmd.by));
    }

    write_output(cmd.output, [&](std::ostream& out) {
        const import::PlanReport report{cmd.file.string(), cmd.dry_run, write};
        if (format == "json") {
            import::write_plan_json(out, plan, report);
        } else if (format == "csv") {
            import::write_plan_csv(out, plan, to_lang(cmd.lang));
        } else {
            import::write_plan_table(out, plan, report, to_lang(cmd.lang));
        }
    });
    if (!plan.problems.empty()) {
        std::cerr << "daicho: error: "
                  << message(Msg::import_invalid, common.lang,
                             {escape_control(cmd.file.string()), with_commas(plan.problems.size())})
                  << '\n';
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace daicho::agent
