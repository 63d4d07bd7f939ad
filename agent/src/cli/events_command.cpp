// `daicho events [--since WHEN] [--device DEVICE] [--kind K]... [--format table|json|csv]
// [--lang ja|en] [-o FILE]`: the ledger's history, oldest first. WHEN is a UTC date or date
// and time (the exports print UTC, so what a person copies from them reads back the same), or
// a span back from the newest event (7d, 24h), so "what changed in the last week of captures"
// works on captures from any date.

#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"

namespace daicho::agent {

int run_events(const CommonOptions& common, const EventsCommand& cmd) {
    ledger::EventFilter filter;
    filter.kinds = cmd.kinds;
    std::optional<ledger::EventSince> since;
    if (!cmd.since.empty()) {
        since = ledger::parse_event_since(cmd.since);
        if (!since) {  // a usage error before the ledger is opened
            throw std::invalid_argument(
                "events: --since '" + cmd.since +
                "': expected a UTC date (2026-03-01), date and time (2026-03-01T09:00) or a span "
                "back from the newest event (7d, 24h)");
        }
    }
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger);
    if (since) {
        filter.since_us = snapshot.since_us(*since);
    }
    if (!cmd.device.empty()) {
        const auto found = snapshot.find(cmd.device);
        if (found.empty()) {
            throw ledger::Error("events: no device in " + common.db.string() + " matches '" +
                                cmd.device + "'");
        }
        for (const auto& d : found) {
            filter.devices.push_back(d.id);
            // A machine's history is all its MACs': earlier ones and its box's other interfaces.
            for (const auto* rows : {&d.linked, &d.interfaces}) {
                for (const auto& row : *rows) {
                    filter.devices.push_back(row.id);
                }
            }
        }
    }
    const auto events = snapshot.events(filter);
    const auto lang = to_lang(cmd.lang);

    write_output(cmd.output, [&](std::ostream& out) {
        if (cmd.format == "json") {
            survey::write_events_json(out, events);
        } else if (cmd.format == "csv") {
            survey::write_sheet_csv(out, survey::events_sheet(events, lang));
        } else {
            survey::write_events_table(out, events, lang);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
