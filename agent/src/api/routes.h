#pragma once
// The HTTP API's endpoints (README "HTTP API"): each one the library call the CLI command makes,
// so the API returns what the CLI prints for the same ledger. Every request needs
// "Authorization: Bearer <token>" (compared in constant time); the ledger is opened read-only
// per request, so the API never waits on or blocks the capture's writer.
//
//   GET /api/v1/health                       {"status": "ok", "version", "ledger_rows"}
//   GET /api/v1/devices[?external=1]         = daicho devices [--external] --format json
//   GET /api/v1/devices/{id|mac|ip|name}     that one device, as in the list (404, 409)
//   GET /api/v1/events[?since=&device=&kind=] = daicho events --format json
//   GET /api/v1/ledger/{it|medical}[?format=csv] = daicho ledger --kind K --format json|csv
//   GET /api/v1/departments                  = daicho departments --format json
//   GET /metrics                             Prometheus text: devices, and the capture's
//                                            counters when the daemon serves it
// The dashboard's page and endpoints: api/dashboard.h. A session cookie authenticates as the
// bearer token does.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "api/dashboard.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/service/http_server.h"

namespace daicho::agent::api {

struct ApiContext {
    std::filesystem::path db;
    ledger::DepartmentMap departments;
    std::shared_ptr<const ledger::Knowledge> knowledge;
    std::string token;  // the bearer token; never empty (the caller refuses an empty file)
    // More Prometheus lines (the daemon's capture counters); may be empty.
    std::function<std::string()> metrics;
    // The dashboard's: the command's options (time zone, operator, data directory, the
    // departments annotations may name); nullptr: the defaults.
    const CommonOptions* common = nullptr;
    // The live capture's counters (`daicho run`); empty: the ledger's stored ones.
    std::function<std::vector<ledger::SensorInterfaceStatus>()> sensor;
    std::shared_ptr<DashboardState> dashboard = std::make_shared<DashboardState>();
    // Served over TLS: the session cookie is marked Secure, so a browser never sends it over
    // plain HTTP (where anyone on the LAN could read it).
    bool secure = false;
};

[[nodiscard]] service::HttpResponse handle(const ApiContext& context,
                                           const service::HttpRequest& request);

// "ADDRESS:PORT" or "[IPv6]:PORT" (port 0: any free one) as a server config. Throws
// std::invalid_argument naming the text.
[[nodiscard]] service::HttpServerConfig listen_config(const std::string& listen);

// Where a person points the browser: "https://127.0.0.1:8470/", "http://[::1]:8470/".
[[nodiscard]] std::string listen_url(const service::HttpServer& server,
                                     const service::HttpServerConfig& config);

// The token in `file`: its first line, trimmed. Throws std::runtime_error when the file is
// unreadable, empty, or readable by others than its owner and group (a token anyone on the
// machine can read guards nothing).
[[nodiscard]] std::string read_token(const std::filesystem::path& file);

}  // namespace daicho::agent::api
