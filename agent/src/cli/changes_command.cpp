// `daicho changes --since WHEN | --since-capture [--absent-days N] [--format table|csv|xlsx|json]
// [--lang ja|en] [-o FILE]`: the monthly report (ledger/changes.h), rendered by survey-mapper.
// WHEN is read in the hospital's zone (config "time_zone"), the clock the report prints.

#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/changes.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/time.h"
#include "daicho/survey/change_report.h"
#include "daicho/survey/export.h"

namespace daicho::agent {

int run_changes(const CommonOptions& common, const ChangesCommand& cmd) {
    const std::string format = resolve_format(
        cmd.format, cmd.output, {"table", "json", "csv", "xlsx"}, "table", common.lang);
    if (cmd.since.empty() && !cmd.since_capture) {
        throw CliError(kExitUsage, message(Msg::changes_needs_since, common.lang));
    }
    std::optional<std::int64_t> since;
    if (!cmd.since.empty()) {
        const auto local = ledger::parse_time_utc(cmd.since);
        if (!local) {
            throw CliError(kExitUsage, message(Msg::bad_since, common.lang, {cmd.since}));
        }
        // Local wall time to UTC: the offset at that wall time, read as if it were UTC, is the
        // zone's offset there except within a daylight-saving switch's hour.
        since = *local - common.time_zone.offset_s(*local) * 1'000'000;
    }
    const int absent_days = cmd.absent_days != 0 ? cmd.absent_days : common.absent_days;

    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger, common.departments);
    ledger::ChangePeriod period;
    if (since) {
        period = ledger::period_since(*since);
    } else {
        const auto newest = ledger::period_of_newest_capture(snapshot.captures());
        if (!newest) {
            throw CliError(kExitFailure, message(Msg::no_capture_times, common.lang));
        }
        period = *newest;
    }
    const auto report = ledger::read_changes(snapshot, period, absent_days);
    const auto lang = to_lang(cmd.lang);

    if (format == "xlsx") {
        survey::write_xlsx(cmd.output, {survey::changes_sheet(report, lang, common.time_zone)});
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            survey::write_changes_json(out, report);
        } else if (format == "csv") {
            survey::write_sheet_csv(out, survey::changes_sheet(report, lang, common.time_zone));
        } else {
            survey::write_changes_table(out, report, lang, common.time_zone);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
