// `daicho explain DEVICE`: why a device got its category (survey/explain_report.h). DEVICE is a
// ledger id, a MAC, an IP address or a host name; every device it names is explained.

#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/explain_report.h"

namespace daicho::agent {

int run_explain(const CommonOptions& common, const ExplainCommand& cmd) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const auto matches = ledger::Snapshot(ledger, common.departments).find(cmd.device);
    note_address_plan(common.departments);
    if (matches.empty()) {
        std::cerr << "daicho: no device in " << escape_control(common.db.string()) << " matches "
                  << escape_control(cmd.device) << '\n';
        return kExitFailure;
    }
    const auto lang = to_lang(cmd.lang);
    bool first = true;
    for (const auto& d : matches) {
        if (!first) {
            std::cout << '\n';
        }
        first = false;
        survey::write_explain(std::cout, d, ledger.knowledge().classifier(), lang);
    }
    std::cout.flush();
    return kExitOk;
}

}  // namespace daicho::agent
