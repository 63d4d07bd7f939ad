// `daicho service install|remove|start|stop|run`: daicho as a service of the platform's service
// manager (service/service_manager.h). On Windows: the service control manager runs
// `daicho service run --config %ProgramData%\daicho\daicho.json --db ...\daicho.db`, its own
// process, started at boot, its messages in the event log. On Linux systemd does this through
// the Debian package's unit, and these commands say so.

#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/text.h"
#include "daicho/service/platform.h"
#include "daicho/service/service_manager.h"

namespace daicho::agent {

namespace {

// How long start and stop wait for the service to report it has.
constexpr auto kWait = std::chrono::seconds(60);

}  // namespace

int run_service_install(const CommonOptions& common, const ServiceCommand& cmd) {
    const std::filesystem::path state = platform::default_state_dir();
    const std::filesystem::path config =
        common.config.empty() ? platform::default_config_file() : std::filesystem::absolute(common.config);
    // The ledger beside the config unless --db names one (the default ./daicho.db would be
    // the service's working directory, System32).
    const std::filesystem::path db =
        common.db == "daicho.db" ? state / "daicho.db" : std::filesystem::absolute(common.db);
    std::error_code ec;
    std::filesystem::create_directories(state, ec);
    if (ec) {
        throw CliError(kExitFailure, state.string() + ": " + ec.message());
    }
    service::ServiceDefinition definition;
    definition.name = cmd.name;
    definition.description =
        "Passive network asset ledger (daicho run): captures the mirror ports through Npcap";
    definition.executable = platform::executable_path();
    definition.arguments = {"service", "run", "--name", cmd.name, "--config", config.string(),
                            "--db", db.string()};
    service::install_service(definition);
    std::cout << message(Msg::service_installed, common.lang,
                         {cmd.name, config.string(), db.string()})
              << '\n';
    return kExitOk;
}

int run_service_remove(const CommonOptions& common, const ServiceCommand& cmd) {
    service::remove_service(cmd.name);
    std::cout << message(Msg::service_removed, common.lang, {cmd.name}) << '\n';
    return kExitOk;
}

int run_service_start(const CommonOptions& common, const ServiceCommand& cmd) {
    service::start_service(cmd.name, kWait);
    std::cout << message(Msg::service_started, common.lang, {cmd.name}) << '\n';
    return kExitOk;
}

int run_service_stop(const CommonOptions& common, const ServiceCommand& cmd) {
    service::stop_service(cmd.name, kWait);
    std::cout << message(Msg::service_stopped, common.lang, {cmd.name}) << '\n';
    return kExitOk;
}

int run_service_run(const CommonOptions& common, const ServiceCommand& cmd) {
    return service::run_as_service(cmd.name, [&] { return run_run(common, cmd.run); });
}

}  // namespace daicho::agent
