// `daicho devices`: the device list, read-only, as a table, JSON or CSV. The external
// endpoints (every address outside the address plan) are not devices: a note counts them and
// `--external` lists them instead.

#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/export.h"

namespace daicho::agent {

int run_devices(const CommonOptions& common, const DevicesCommand& cmd) {
    const std::string format =
        resolve_format(cmd.format, cmd.output, {"table", "json", "csv"}, "table", common.lang);
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const auto list = ledger::Snapshot(ledger, common.departments).device_list();
    note_address_plan(common.departments, common.lang);
    const auto& devices = cmd.external ? list.external : list.devices;
    if (!cmd.external && !list.external.empty()) {
        std::cerr << "daicho: note: "
                  << message(Msg::external_stations, common.lang,
                             {with_commas(list.external.size())})
                  << '\n';
    }

    write_output(cmd.output, [&](std::ostream& out) {
        if (format == "json") {
            survey::write_devices_json(out, devices);
        } else if (format == "csv") {
            survey::write_devices_csv(out, devices);
        } else {
            survey::write_devices_table(out, devices, to_lang(cmd.lang));
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
