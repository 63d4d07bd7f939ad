// `daicho explain DEVICE`: why a device got its category (survey/explain_report.h), then a
// short history of what people wrote about it (who, when, before -> after). DEVICE is a ledger
// id, a MAC, an IP address or a host name and must name one device (cli/device_arg.h).

#include <future>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/device_arg.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/explain_report.h"

namespace daicho::agent {

int run_explain(const CommonOptions& common, const ExplainCommand& cmd) {
    // The report runs the rules again for their near misses and scores: the classifier compiles
    // (parsing the rules and makers is half of this command's work) on the other core while
    // this one opens the ledger and finds the device. Knowledge::classifier compiles once.
    auto compiled = std::async(std::launch::async,
                               [&common] { return &common.knowledge->classifier(); });
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger, common.departments);
    const auto d = find_one_device(snapshot, cmd.device, common);
    note_address_plan(common.departments, common.lang);
    const auto lang = to_lang(cmd.lang);
    survey::write_explain(std::cout, d, *compiled.get(), lang);
    // The history of every row the record stands for (earlier MACs, other interfaces), read
    // through the events' device index.
    ledger::EventFilter filter;
    filter.kinds = {"annotation_change"};
    filter.devices.push_back(d.id);
    for (const auto* rows : {&d.linked, &d.interfaces}) {
        for (const auto& row : *rows) {
            filter.devices.push_back(row.id);
        }
    }
    survey::write_annotation_history(std::cout, snapshot.events(filter), lang, common.time_zone);
    std::cout.flush();
    return kExitOk;
}

}  // namespace daicho::agent
