// service_manager.h on Linux: systemd runs `daicho run` from the unit the Debian package
// installs (deploy/systemd/daicho.service), so registering and controlling is systemctl's.

#include "daicho/service/service_manager.h"

namespace daicho::service {

namespace {

[[noreturn]] void systemd_owns_it() {
    throw ServiceError(
        "on Linux systemd runs daicho: install the Debian package, then "
        "`systemctl enable --now daicho` (start, stop and status likewise)");
}

}  // namespace

void install_service(const ServiceDefinition& /*service*/) { systemd_owns_it(); }
void remove_service(const std::string& /*name*/) { systemd_owns_it(); }
void start_service(const std::string& /*name*/, std::chrono::seconds /*wait*/) { systemd_owns_it(); }
void stop_service(const std::string& /*name*/, std::chrono::seconds /*wait*/) { systemd_owns_it(); }

int run_as_service(const std::string& /*name*/, const std::function<int()>& body) {
    return body();
}

}  // namespace daicho::service
