// `daicho serve`: the HTTP API (api/routes.h) over a ledger, without capturing: for a
// dashboard or a script on another copy of the ledger, and for the API's tests. `daicho run`
// serves the same API beside its capture when the config has an "api" section. With
// --tls-certificate and --tls-key it speaks HTTPS only.

#include <chrono>
#include <iostream>
#include <thread>

#include "api/routes.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/text.h"
#include "daicho/service/http_server.h"
#include "daicho/service/process_signals.h"
#include "daicho/service/tls.h"

namespace daicho::agent {

int run_serve(const CommonOptions& common, const ServeCommand& cmd) {
    api::ApiContext context;
    context.db = common.db;
    context.departments = common.departments;
    context.knowledge = common.knowledge;
    context.token = api::read_token(cmd.token_file);
    context.common = &common;
    auto listen = api::listen_config(cmd.listen);
    listen.read_timeout = std::chrono::seconds(cmd.read_timeout);
    listen.tls = {cmd.tls_certificate, cmd.tls_key};
    if (listen.tls.enabled()) {
        // Checked as the config's api.tls_* are, and named by the option that gave it.
        if (const auto problem = service::check_tls_files(listen.tls)) {
            const bool key = problem->file == service::TlsProblem::File::key;
            throw CliError(kExitFailure, std::string(key ? "--tls-key: " : "--tls-certificate: ") +
                                             problem->what);
        }
    }
    context.secure = listen.tls.enabled();
    service::HttpServer server(listen,
                               [&context](const service::HttpRequest& request) {
                                   return api::handle(context, request);
                               });
    service::install_signal_handlers(nullptr);
    std::cerr << "daicho: "
              << message(Msg::serve_listening, common.lang,
                         {escape_control(api::listen_url(server, listen)),
                          escape_control(common.db.string())})
              << '\n';
    std::thread serving([&server] { server.run(); });
    while (!service::stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server.stop();
    serving.join();
    return kExitOk;
}

}  // namespace daicho::agent
