// `daicho config check FILE`: validates a config file the way `daicho run` and every command
// load it, and says what it holds; nothing else is touched. For an edit before
// `systemctl reload daicho`, and for installers.

#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/text.h"
#include "config/config.h"

namespace daicho::agent {

int run_config_check(const ConfigCheckCommand& cmd) {
    const config::Config c = config::load(cmd.file);  // throws config::Error: one line, exit 1
    config::check_api_files(c);                          // what `daicho run` will serve with
    std::cout << escape_control(cmd.file.string()) << ": ok: " << c.departments.sites.size()
              << " sites, " << c.departments.departments.size() << " departments, "
              << c.departments.internal_ranges.size() << " internal ranges, "
              << c.capture.interfaces.size() << " capture interfaces";
    for (const auto& i : c.capture.interfaces) {
        std::cout << (&i == &c.capture.interfaces.front() ? " (" : ", ") << escape_control(i.name);
    }
    std::cout << (c.capture.interfaces.empty() ? "" : ")");
    if (!c.api.listen.empty()) {
        std::cout << ", API on " << escape_control(c.api.listen)
                  << (c.api.tls_certificate.empty() ? " (HTTP)" : " (HTTPS)");
    }
    std::cout << '\n';
    return kExitOk;
}

}  // namespace daicho::agent
