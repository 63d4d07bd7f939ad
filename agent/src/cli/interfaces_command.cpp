// `daicho interfaces`: what live capture can open, by the names `daicho run --interface` and
// the config's capture.interfaces accept (the device name, or on Windows the adapter's name
// such as "Ethernet 2", since Npcap's device names are GUIDs).

#include <cstdio>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/text.h"
#include "daicho/collectors/live_capture.h"

namespace daicho::agent {

int run_interfaces(const CommonOptions& common) {
    const auto devices = collectors::capture_devices();
    if (devices.empty()) {
        throw CliError(kExitFailure, message(Msg::interfaces_none, common.lang));
    }
    for (const auto& d : devices) {
        std::string line = escape_control(d.friendly_name);
        if (d.friendly_name != d.name) {
            line += "  " + escape_control(d.name);
        }
        if (!d.description.empty()) {
            line += "  (" + escape_control(d.description) + ")";
        }
        std::printf("%s\n", line.c_str());
    }
    return kExitOk;
}

}  // namespace daicho::agent
