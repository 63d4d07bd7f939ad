// `daicho prune [--dry-run]`: the retention `daicho run` applies daily (ledger/retention.h),
// for a person who wants it now or wants to see first what it would delete. The windows come
// from the config's "retention" (400 days each without one).

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/text.h"
#include "config/config.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/retention.h"
#include "daicho/ledger/time.h"

namespace daicho::agent {

int run_prune(const CommonOptions& common, const PruneCommand& cmd) {
    const ledger::Retention& retention = common.settings.retention;
    if (!std::filesystem::exists(common.db)) {
        throw std::invalid_argument(
            (common.lang == survey::Lang::en ? "no ledger at " : "台帳がありません: ") +
            common.db.string());
    }
    const auto started = std::chrono::steady_clock::now();
    // A dry run opens the ledger read-only: it cannot delete anything, whatever happens.
    ledger::Ledger ledger(
        common.db, cmd.dry_run ? ledger::Ledger::Mode::read_only : ledger::Ledger::Mode::read_write,
        common.knowledge);
    ledger.set_address_plan(ledger::AddressPlan(common.departments));
    ledger::PruneOptions options;
    options.dry_run = cmd.dry_run;
    const auto n = ledger::prune(ledger, retention, ledger::now_us(), options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", seconds);
    std::cout << message(cmd.dry_run ? Msg::prune_dry_run : Msg::prune_done, common.lang,
                         {with_commas(n.events), std::to_string(retention.events_days),
                          with_commas(n.device_facts), with_commas(n.device_addresses),
                          with_commas(n.address_facts), with_commas(n.connection_points),
                          std::to_string(retention.evidence_days), took})
              << '\n';
    return kExitOk;
}

}  // namespace daicho::agent
