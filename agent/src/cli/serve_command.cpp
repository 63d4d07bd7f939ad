// `daicho serve`: the HTTP API (api/routes.h) over a ledger, without capturing: for a
// dashboard or a script on another copy of the ledger, and for the API's tests. `daicho run`
// serves the same API beside its capture when the config has an "api" section.

#include <chrono>
#include <iostream>
#include <thread>

#include "api/routes.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/text.h"
#include "daicho/service/http_server.h"
#include "daicho/service/process_signals.h"

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
    service::HttpServer server(listen,
                               [&context](const service::HttpRequest& request) {
                                   return api::handle(context, request);
                               });
    service::install_signal_handlers(nullptr);
    std::cerr << "daicho: API listening on " << escape_control(api::listen_config(cmd.listen).address)
              << ":" << server.port() << " for " << escape_control(common.db.string())
              << "; stop with SIGTERM or Ctrl-C\n";
    std::thread serving([&server] { server.run(); });
    while (!service::stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server.stop();
    serving.join();
    return kExitOk;
}

}  // namespace daicho::agent
