// `daicho events [--since WHEN] [--device DEVICE] [--kind K]... [--format table|json|csv|xlsx]
// [--lang ja|en] [-o FILE]`: the ledger's history, oldest first. WHEN is a date or date and
// time in the hospital's zone (config "time_zone", default Asia/Tokyo: the table and the sheets
// print that zone, so what a person copies from them reads back the same; JSON stays UTC), or
// a span back from the newest event (7d, 24h), so "what changed in the last week of captures"
// works on captures from any date.

#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/device_arg.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace daicho::agent {

int run_events(const CommonOptions& common, const EventsCommand& cmd) {
    const std::string format = resolve_format(
        cmd.format, cmd.output, {"table", "json", "csv", "xlsx"}, "table", common.lang);
    ledger::EventFilter filter;
    filter.kinds = cmd.kinds;
    std::optional<ledger::EventSince> since;
    if (!cmd.since.empty()) {
        since = ledger::parse_event_since(cmd.since);
        if (!since) {  // a usage error before the ledger is opened
            throw std::invalid_argument(
                "events: --since '" + cmd.since +
                "': expected a date (2026-03-01), date and time (2026-03-01T09:00) in " +
                common.time_zone.name() + ", or a span back from the newest event (7d, 24h)");
        }
        // Read as the hospital's wall clock, unless it says UTC ("...Z").
        if (since->at_us && !cmd.since.ends_with('Z') && !cmd.since.ends_with('z')) {
            *since->at_us -= common.time_zone.offset_s(*since->at_us) * 1'000'000;
        }
    }
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger);
    if (since) {
        filter.since_us = snapshot.since_us(*since);
    }
    if (!cmd.device.empty()) {
        const auto d = find_one_device(snapshot, cmd.device, common);
        filter.devices.push_back(d.id);
        // A machine's history is all its MACs': earlier ones and its box's other interfaces.
        for (const auto* rows : {&d.linked, &d.interfaces}) {
            for (const auto& row : *rows) {
                filter.devices.push_back(row.id);
            }
        }
    }
    const auto events = snapshot.events(filter);
    const auto lang = to_lang(cmd.lang);

    if (format == "xlsx") {
        survey::write_xlsx(cmd.output, {survey::events_sheet(events, lang, common.time_zone)});
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            survey::write_events_json(out, events);
        } else if (format == "csv") {
            survey::write_sheet_csv(out, survey::events_sheet(events, lang, common.time_zone));
        } else {
            survey::write_events_table(out, events, lang, common.time_zone);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
