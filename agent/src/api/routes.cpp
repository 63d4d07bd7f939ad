// The HTTP API's endpoints (api/routes.h).

#include "api/routes.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "api/response.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/service/platform.h"
#include "daicho/survey/department_report.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::agent::api {

namespace {

using service::http_error;
using service::HttpResponse;

HttpResponse devices(const ApiContext& c, const service::HttpRequest& req) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto list = ledger::Snapshot(ledger, c.departments).device_list();
    const bool external = req.param("external") == "1";
    return json(text_of(
        [&](std::ostream& out) { survey::write_devices_json(out, external ? list.external : list.devices); }));
}

HttpResponse device(const ApiContext& c, std::string_view ref) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const ledger::Snapshot snapshot(ledger, c.departments);
    const auto query = ledger::DeviceQuery::parse(ref);
    if (!query) {
        return http_error(400, "not a device id, MAC, IP address or host name: " + std::string(ref));
    }
    const auto found = snapshot.find(*query);
    if (found.empty()) {
        return http_error(404, "no device matches " + std::string(ref));
    }
    if (found.size() > 1) {
        return http_error(409, std::to_string(found.size()) + " devices match " +
                                   std::string(ref) + "; name one by id");
    }
    return json(text_of([&](std::ostream& out) { survey::write_devices_json(out, found); }));
}

HttpResponse events(const ApiContext& c, const service::HttpRequest& req) {
    ledger::EventFilter filter;
    if (const auto kind = req.param("kind"); !kind.empty()) {
        filter.kinds.push_back(kind);
    }
    std::optional<ledger::EventSince> since;
    if (const auto text = req.param("since"); !text.empty()) {
        since = ledger::parse_event_since(text);
        if (!since) {
            return http_error(400, "since: expected 2026-03-01, 2026-03-01T09:00, 7d or 24h");
        }
    }
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const ledger::Snapshot snapshot(ledger);
    if (since) {
        filter.since_us = snapshot.since_us(*since);
    }
    if (const auto ref = req.param("device"); !ref.empty()) {
        const auto query = ledger::DeviceQuery::parse(ref);
        const auto found = query ? snapshot.find(*query) : std::vector<ledger::DeviceRecord>{};
        if (found.size() != 1) {
            return http_error(found.empty() ? 404 : 409, "device: " + ref + " names " +
                                                              std::to_string(found.size()) +
                                                              " devices");
        }
        filter.devices.push_back(found.front().id);
        for (const auto* rows : {&found.front().linked, &found.front().interfaces}) {
            for (const auto& row : *rows) {
                filter.devices.push_back(row.id);
            }
        }
    }
    const auto list = snapshot.events(filter);
    return json(text_of([&](std::ostream& out) { survey::write_events_json(out, list); }));
}

HttpResponse ledger_sheet(const ApiContext& c, const service::HttpRequest& req,
                          std::string_view kind_name) {
    if (kind_name != "it" && kind_name != "medical") {
        return http_error(404, "the ledgers are /api/v1/ledger/it and /api/v1/ledger/medical");
    }
    const auto kind = kind_name == "medical" ? survey::LedgerKind::medical : survey::LedgerKind::it;
    const auto format = req.param("format");
    if (!format.empty() && format != "json" && format != "csv") {
        return http_error(400, "format: json or csv");
    }
    const survey::Sheet sheet = [&] {
        const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
        const auto list = ledger::Snapshot(ledger, c.departments).devices();
        // As `daicho ledger` writes it: the maker catalogue's Japanese names (issue 12).
        survey::LedgerOptions options;
        options.makers = c.knowledge ? &c.knowledge->classifier() : nullptr;
        return survey::survey_ledger(list, kind, options);
    }();
    if (format == "csv") {
        HttpResponse r;
        r.content_type = "text/csv; charset=utf-8";
        r.body = text_of([&](std::ostream& out) { survey::write_sheet_csv(out, sheet); });
        return r;
    }
    return json(text_of([&](std::ostream& out) { survey::write_survey_ledger_json(out, sheet, kind); }));
}

HttpResponse departments(const ApiContext& c) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto list = ledger::Snapshot(ledger, c.departments).devices();
    const auto report = survey::department_report(list, c.departments);
    return json(text_of([&](std::ostream& out) { survey::write_department_report_json(out, report); }));
}

// Cheap on any ledger: a health check is polled, and must not read every device.
HttpResponse health(const ApiContext& c) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    return json("{\"status\":\"ok\",\"version\":\"" + std::string(DAICHO_VERSION) +
                "\",\"ledger_rows\":" + std::to_string(ledger.device_count()) + "}\n");
}

HttpResponse metrics(const ApiContext& c) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    // Rows, not the device list: a scrape every few seconds must not read the whole ledger
    // (one box's interfaces and a machine's earlier MACs are rows of their own).
    r.body = "# HELP daicho_ledger_rows Device rows in the ledger (before merging boxes and "
             "linked MACs).\n# TYPE daicho_ledger_rows gauge\ndaicho_ledger_rows " +
             std::to_string(ledger.device_count()) + "\n";
    if (c.metrics) {
        r.body += c.metrics();
    }
    return r;
}

HttpResponse route(const ApiContext& context, const service::HttpRequest& request) {
    if (auto page = public_route(context, request)) {
        return std::move(*page);
    }
    const auto caller = authenticate(context, request);
    if (!caller) {
        HttpResponse r = http_error(401, "a valid bearer token or session is needed");
        r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"daicho\"");
        return r;
    }
    try {
        if (auto answer = dashboard_route(context, *caller, request)) {
            return std::move(*answer);
        }
    } catch (const ledger::Error& e) {
        return http_error(503, e.what());
    }
    if (request.method != "GET") {
        return http_error(405, "the API reads with GET and writes annotations with POST");
    }
    const std::string_view path = request.path();
    constexpr std::string_view kDevices = "/api/v1/devices/";
    constexpr std::string_view kLedger = "/api/v1/ledger/";
    try {
        if (path == "/api/v1/health") {
            return health(context);
        }
        if (path == "/api/v1/devices") {
            return devices(context, request);
        }
        if (path.starts_with(kDevices) && path.size() > kDevices.size()) {
            return device(context, path.substr(kDevices.size()));
        }
        if (path == "/api/v1/events") {
            return events(context, request);
        }
        if (path.starts_with(kLedger)) {
            return ledger_sheet(context, request, path.substr(kLedger.size()));
        }
        if (path == "/api/v1/departments") {
            return departments(context);
        }
        if (path == "/metrics") {
            return metrics(context);
        }
    } catch (const ledger::Error& e) {
        return http_error(503, e.what());
    }
    return http_error(404, "no such endpoint: " + std::string(path));
}

}  // namespace

HttpResponse handle(const ApiContext& context, const service::HttpRequest& request) {
    HttpResponse r = [&] {
        try {
            return route(context, request);
        } catch (const std::exception& e) {
            return http_error(500, e.what());
        }
    }();
    add_security_headers(r);
    return r;
}

service::HttpServerConfig listen_config(const std::string& listen) {
    service::HttpServerConfig config;
    // "ADDRESS:PORT", "[IPv6]:PORT"
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) {
        throw std::invalid_argument("listen address '" + listen + "': expected ADDRESS:PORT, e.g. 127.0.0.1:8470");
    }
    std::string address = listen.substr(0, colon);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2);
    }
    int port = -1;
    try {
        std::size_t used = 0;
        port = std::stoi(listen.substr(colon + 1), &used);
        if (used != listen.size() - colon - 1) {
            port = -1;
        }
    } catch (const std::exception&) {
        port = -1;
    }
    if (port < 0 || port > 65535) {
        throw std::invalid_argument("listen address '" + listen + "': the port must be 0-65535");
    }
    config.address = address;
    config.port = static_cast<std::uint16_t>(port);
    return config;
}

std::string listen_url(const service::HttpServer& server, const service::HttpServerConfig& config) {
    const bool v6 = config.address.find(':') != std::string::npos;
    return std::string(server.secure() ? "https://" : "http://") + (v6 ? "[" : "") +
           config.address + (v6 ? "]" : "") + ":" + std::to_string(server.port()) + "/";
}

std::string read_token(const std::filesystem::path& file) {
    bool open_to_all = false;
    try {
        open_to_all = platform::readable_by_everyone(file);
    } catch (const std::system_error&) {
        throw std::runtime_error(file.string() + ": cannot read the API token file");
    }
    if (open_to_all) {
        throw std::runtime_error(file.string() +
                                 ": the API token file is readable by everyone; chmod 640 it");
    }
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) {
        token.pop_back();
    }
    if (token.size() < 16) {
        throw std::runtime_error(file.string() +
                                 ": the API token must be at least 16 characters on its first line");
    }
    return token;
}

}  // namespace daicho::agent::api
