// `daicho ledger --kind it|medical [--format csv|xlsx|json] [--lang ja|en] [-o FILE]`: the
// survey's Q8 (情報機器台帳) or Q9 (ネットワーク接続医療機器台帳) ledger, one row per device,
// Japanese column headers unless --lang en. XLSX needs -o (it is a binary file); the format
// follows -o's extension when --format is not given.

#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::agent {

int run_ledger(const CommonOptions& common, const LedgerCommand& cmd) {
    const std::string format =
        resolve_format(cmd.format, cmd.output, {"csv", "xlsx", "json"}, "csv", common.lang);
    const auto kind = cmd.kind == "medical" ? survey::LedgerKind::medical : survey::LedgerKind::it;
    // The devices are gone before the sheet is written: a large ledger's records and its
    // workbook are never in memory together.
    const survey::Sheet sheet = [&] {
        const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
        const auto devices = ledger::Snapshot(ledger, common.departments).devices();
        note_address_plan(common.departments);
        return survey::survey_ledger(devices, kind, to_lang(cmd.lang));
    }();
    if (format == "xlsx") {
        survey::write_xlsx(cmd.output, {sheet});
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            survey::write_survey_ledger_json(out, sheet, kind);
        } else {
            survey::write_sheet_csv(out, sheet);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
