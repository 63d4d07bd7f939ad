#pragma once
// The platform's service manager. On Windows, the service control manager: daicho registers
// itself (`daicho service install|remove|start|stop`), runs under it (`daicho service run`),
// and reports to the event log. On Linux systemd owns all of this through the unit the Debian
// package installs, so the calls that would register or control say so and do nothing.

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace daicho::service {

class ServiceError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

struct ServiceDefinition {
    std::string name = "daicho";
    std::string display_name = "daicho (network asset ledger)";
    std::string description;
    std::filesystem::path executable;    // this program
    std::vector<std::string> arguments;  // after the executable: "service", "run", "--config", ...
};

// Registers the service: its own process, started automatically at boot, its messages in the
// event log under `name`. Throws ServiceError (Linux: always, naming systemctl).
void install_service(const ServiceDefinition& service);
// Stops it if running, then removes it and its event source. Throws ServiceError.
void remove_service(const std::string& name);
// Starts it and waits (up to `wait`) until it reports running. Throws ServiceError.
void start_service(const std::string& name, std::chrono::seconds wait);
// Asks it to stop and waits (up to `wait`) until it has. Throws ServiceError.
void stop_service(const std::string& name, std::chrono::seconds wait);

// Runs `body` as the service `name` for the service manager that started this process: the
// stop and shutdown controls become stop requests (process_signals.h), readiness reaches it
// through notify_systemd (systemd_notify.h), and standard error goes to the event log, one
// event per line. Returns body's status. Linux: body() as it is (systemd runs it directly).
// Throws ServiceError when the service manager did not start this process.
int run_as_service(const std::string& name, const std::function<int()>& body);

}  // namespace daicho::service
