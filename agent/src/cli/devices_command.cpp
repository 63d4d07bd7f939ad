// `daicho devices`: the device list, read-only, as a table, JSON or CSV.

#include <fstream>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/export.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

int run_devices(const CommonOptions& common, const DevicesCommand& cmd) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only);
    auto devices = ledger.devices();
    ledger::resolve_placements(devices, common.departments);

    std::ofstream file;
    if (!cmd.output.empty()) {
        file.open(cmd.output, std::ios::binary | std::ios::trunc);
        if (!file) {
            throw std::runtime_error(cmd.output.string() + ": cannot write the output file");
        }
    }
    std::ostream& out = cmd.output.empty() ? std::cout : file;
    if (cmd.format == "json") {
        ledger::write_devices_json(out, devices);
    } else if (cmd.format == "csv") {
        ledger::write_devices_csv(out, devices);
    } else {
        ledger::write_devices_table(out, devices,
                                    cmd.lang == "en" ? ledger::Lang::en : ledger::Lang::ja);
    }
    out.flush();
    if (!out) {
        throw std::runtime_error(
            (cmd.output.empty() ? std::string("stdout") : cmd.output.string()) + ": write failed");
    }
    return kExitOk;
}

}  // namespace daicho::agent
