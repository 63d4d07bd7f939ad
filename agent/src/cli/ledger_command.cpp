// `daicho ledger --kind it|medical [--format csv|xlsx|json] [--lang ja|en] [-o FILE]`: the
// survey's Q8 (情報機器台帳) or Q9 (ネットワーク接続医療機器台帳) ledger, one row per device,
// Japanese column headers unless --lang en. XLSX needs -o (it is a binary file); the format
// follows -o's extension when --format is not given.

#include <algorithm>
#include <fstream>
#include <iostream>

#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/time.h"
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
    survey::LedgerOptions options;
    options.lang = to_lang(cmd.lang);
    options.zone = common.time_zone;
    options.makers = &common.knowledge->classifier();
    const survey::Sheet sheet = [&] {
        const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
        const auto devices = ledger::Snapshot(ledger, common.departments).devices();
        note_address_plan(common.departments, common.lang);
        survey::Sheet s = survey::survey_ledger(devices, kind, options);
        // The title block of the printed workbook (the CSV and JSON stay one table).
        survey::LedgerTitle title;
        title.hospital = common.hospital;
        for (const auto& d : devices) {
            title.observed_from_us = title.observed_from_us == 0
                                         ? d.first_seen_us
                                         : std::min(title.observed_from_us, d.first_seen_us);
            title.observed_until_us = std::max(title.observed_until_us, d.last_seen_us);
        }
        title.generated_us = ledger::now_us();
        title.by = actor(common, "");
        s.title = survey::ledger_title(kind, title, options.lang, options.zone);
        return s;
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
