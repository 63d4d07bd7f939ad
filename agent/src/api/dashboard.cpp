// The dashboard's page and endpoints (api/dashboard.h): each a thin door onto the library
// call the CLI command makes, as the rest of the API is.

#include "api/dashboard.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/response.h"
#include "api/routes.h"
#include "cli/annotate_values.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/topology_input.h"
#include "daicho/answers/catalogue.h"
#include "daicho/answers/report.h"
#include "daicho/answers/survey_data.h"
#include "daicho/answers/survey_text.h"
#include "daicho/ledger/annotations.h"
#include "daicho/ledger/changes.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/time.h"
#include "daicho/survey/change_report.h"
#include "daicho/survey/connection_report.h"
#include "daicho/survey/explain_report.h"
#include "daicho/survey/export.h"
#include "daicho/survey/json_out.h"
#include "daicho/survey/topology_render.h"

namespace daicho::agent::api {

namespace {

using service::http_error;
using service::HttpRequest;
using service::HttpResponse;

const CommonOptions& options_of(const ApiContext& c) {
    static const CommonOptions defaults;
    return c.common != nullptr ? *c.common : defaults;
}

survey::Lang lang_of(const HttpRequest& req) {
    return req.param("lang") == "en" ? survey::Lang::en : survey::Lang::ja;
}

std::optional<std::int64_t> id_of(std::string_view text) {
    if (text.empty() || text.size() > 18) {
        return std::nullopt;
    }
    std::int64_t id = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        id = id * 10 + (c - '0');
    }
    return id;
}

std::shared_ptr<const answers::Catalogue> catalogue_of(const CommonOptions& o) {
    return o.data_dir.empty() ? answers::Catalogue::builtin()
                              : answers::Catalogue::load(o.data_dir);
}

DeviceView& view_of(const ApiContext& c) {
    auto& state = *c.dashboard;
    if (!state.view) {
        state.view = std::make_unique<DeviceView>(c.db, c.departments, c.knowledge,
                                                  catalogue_of(options_of(c)));
    }
    state.view->refresh();
    return *state.view;
}

std::size_t size_param(const HttpRequest& req, std::string_view name, std::size_t otherwise) {
    const auto text = req.param(name);
    const auto n = id_of(text);
    return n ? static_cast<std::size_t>(*n) : otherwise;
}

ViewQuery view_query(const HttpRequest& req) {
    ViewQuery q;
    q.offset = size_param(req, "offset", 0);
    q.limit = size_param(req, "limit", q.limit);
    q.q = req.param("q");
    q.department = req.param("department");
    q.category = req.param("category");
    if (const auto sort = req.param("sort"); !sort.empty()) {
        q.sort = sort;
    }
    q.descending = req.param("dir") == "desc";
    return q;
}

HttpResponse device_page(const ApiContext& c, const HttpRequest& req) {
    const auto start = std::chrono::steady_clock::now();
    const std::lock_guard lock(c.dashboard->mutex);
    const auto rebuilds = c.dashboard->view ? c.dashboard->view->rebuilds() : 0;
    auto& view = view_of(c);
    const auto query = view_query(req);
    HttpResponse r = json(page_json(view.page(query), query, view));
    // The server's own time (a browser's developer tools and the benchmark read it): the
    // whole request, and the snapshot rebuild when this request made one.
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::string timing = "total;dur=" + std::to_string(ms);
    if (view.rebuilds() != rebuilds) {
        timing += ", rebuild;dur=" + std::to_string(view.last_rebuild_ms());
    }
    r.headers.emplace_back("Server-Timing", timing);
    return r;
}

std::vector<std::string> split_columns(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        if (const auto word = text.substr(0, comma); !word.empty()) {
            out.emplace_back(word);
        }
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return out;
}

// The XLSX writer writes a file (renamed into place at the end); the export goes through one
// in the temporary directory, removed again whatever happens.
std::string xlsx_bytes(const std::vector<survey::Sheet>& sheets) {
    const auto file =
        std::filesystem::temp_directory_path() / ("daicho-export-" + random_hex(8) + ".xlsx");
    struct Remove {
        std::filesystem::path file;
        ~Remove() {
            std::error_code ec;
            std::filesystem::remove(file, ec);
        }
    } remove{file};
    survey::write_xlsx(file, sheets);
    std::string bytes(std::filesystem::file_size(file), '\0');
    std::ifstream in(file, std::ios::binary);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) {
        throw std::runtime_error("the export could not be read back");
    }
    return bytes;
}

HttpResponse export_devices(const ApiContext& c, const HttpRequest& req) {
    const auto format = req.param("format");
    if (format != "csv" && format != "xlsx") {
        return http_error(400, "format: csv or xlsx");
    }
    survey::Sheet sheet;
    {
        const std::lock_guard lock(c.dashboard->mutex);
        auto& view = view_of(c);
        sheet = rows_sheet(view.matching(view_query(req)), split_columns(req.param("columns")),
                           lang_of(req));
    }
    HttpResponse r;
    if (format == "csv") {
        r.content_type = "text/csv; charset=utf-8";
        r.body = text_of([&](std::ostream& out) { survey::write_sheet_csv(out, sheet); });
    } else {
        r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        r.body = xlsx_bytes({sheet});
    }
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"daicho-devices." + format + "\"");
    return r;
}

HttpResponse explain(const ApiContext& c, std::int64_t id, const HttpRequest& req) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto device = ledger::Snapshot(ledger, c.departments).device(id);
    if (!device) {
        return http_error(404, "no device with id " + std::to_string(id));
    }
    HttpResponse r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = text_of([&](std::ostream& out) {
        survey::write_explain(out, *device, ledger.knowledge().classifier(), lang_of(req));
    });
    return r;
}

// The annotate path `daicho annotate` takes: the values checked as the CLI checks them (a
// category or status in either language, a department the config names), then one
// transaction recording who and when.
HttpResponse annotate(const ApiContext& c, const Caller& caller, std::int64_t id,
                      const HttpRequest& req) {
    std::vector<std::pair<std::string, std::string>> values;
    try {
        const auto body = nlohmann::json::parse(req.body);
        if (!body.is_object()) {
            return http_error(400, "the body must be a JSON object of key: \"value\"");
        }
        for (const auto& [key, value] : body.items()) {
            if (!value.is_string()) {
                return http_error(400, "annotation " + key + ": the value must be a string");
            }
            values.emplace_back(key, value.get<std::string>());
        }
    } catch (const nlohmann::json::exception&) {
        return http_error(400, "the body is not JSON");
    }
    if (values.empty()) {
        return http_error(400, "no annotation to write");
    }
    const auto& common = options_of(c);
    try {
        check_annotation_values(values, common, c.knowledge->classifier(),
                                req.param("new_department") == "1");
    } catch (const CliError& e) {
        std::string message = e.what();
        for (const auto& d : e.details()) {
            message += "\n" + d;
        }
        return http_error(400, message);
    }
    const std::string who = caller.session ? caller.session->actor : std::string("api");
    {
        ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_write, c.knowledge);
        ledger.set_address_plan(ledger::AddressPlan(c.departments));
        const bool exists = ledger::Snapshot(ledger).device(id).has_value();
        if (!exists) {
            return http_error(404, "no device with id " + std::to_string(id));
        }
        try {
            ledger::annotate(ledger, id, values, "web", who);
        } catch (const std::invalid_argument& e) {
            return http_error(400, e.what());
        }
    }
    {
        const std::lock_guard lock(c.dashboard->mutex);
        if (c.dashboard->view) {
            c.dashboard->view->invalidate();
        }
    }
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto d = ledger::Snapshot(ledger, c.departments).device(id);
    std::vector<ledger::DeviceRecord> one;
    if (d) {
        one.push_back(*d);
    }
    return json(text_of([&](std::ostream& out) { survey::write_devices_json(out, one); }));
}

HttpResponse changes(const ApiContext& c, const HttpRequest& req) {
    const auto& common = options_of(c);
    const auto text = req.param("since");
    const auto local = ledger::parse_time_utc(text);
    if (!local) {
        return http_error(400, "since: expected a date such as 2026-03-01");
    }
    // Local wall time to UTC as `daicho changes` reads --since.
    const std::int64_t since = *local - common.time_zone.offset_s(*local) * 1'000'000;
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const ledger::Snapshot snapshot(ledger, c.departments);
    const auto report =
        ledger::read_changes(snapshot, ledger::period_since(since), common.absent_days);
    return json(text_of([&](std::ostream& out) { survey::write_changes_json(out, report); }));
}

HttpResponse topology(const ApiContext& c, const HttpRequest& req) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const ledger::Snapshot snapshot(ledger, c.departments);
    const auto picture = topology_of(snapshot, c.departments, {});
    if (picture.gear.empty() && picture.departments.empty()) {
        return http_error(404, "the ledger holds nothing to draw yet");
    }
    HttpResponse r;
    r.content_type = "image/svg+xml";
    try {
        r.body = text_of(
            [&](std::ostream& out) { survey::write_topology_svg(out, picture, lang_of(req)); });
    } catch (const survey::LayoutError& e) {
        return http_error(503, e.what());
    }
    // An SVG opened on its own is a document: no script in it may run, nothing may load.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return r;
}

HttpResponse connections(const ApiContext& c) {
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto list = ledger::Snapshot(ledger, c.departments).connections();
    const auto report = survey::connection_report(list, c.departments);
    return json(text_of([&](std::ostream& out) { survey::write_connections_json(out, report); }));
}

HttpResponse survey_answers(const ApiContext& c, const HttpRequest& req) {
    const auto& common = options_of(c);
    const auto text = common.data_dir.empty() ? answers::SurveyText::builtin()
                                              : answers::SurveyText::load(common.data_dir);
    const auto catalogue = catalogue_of(common);
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    if (ledger.device_count() == 0) {
        return http_error(404, "the ledger holds no device yet");
    }
    const auto data = answers::read_survey_data(ledger, c.departments);
    const auto result = answers::run_survey(data.input(text->reference_date()), *catalogue);
    const answers::ReportInfo info{ledger::format_time_utc(ledger::now_us()), c.db.filename().string(), {}};
    return json(text_of([&](std::ostream& out) {
        answers::write_survey_json(out, result, *text, lang_of(req), info);
    }));
}

HttpResponse sensor(const ApiContext& c) {
    const bool live = static_cast<bool>(c.sensor);
    const ledger::Ledger ledger(c.db, ledger::Ledger::Mode::read_only, c.knowledge);
    const auto interfaces = live ? c.sensor() : ledger::read_sensor_status(ledger);
    const auto captures = ledger::Snapshot(ledger).captures();
    std::string out;
    survey::JsonOut j(out);
    const auto time = [](std::int64_t us) {
        return us > 0 ? ledger::format_time_utc(us) : std::string{};
    };
    j.open_object().field("live", live).key("interfaces").open_array();
    for (const auto& s : interfaces) {
        j.open_object()
            .field("interface", s.interface)
            .field("received", s.received)
            .field("kernel_dropped", s.kernel_dropped)
            .field("interface_dropped", s.interface_dropped)
            .field("opened", time(s.opened_us))
            .field("updated", time(s.updated_us))
            .close_object();
    }
    j.close_array();
    const auto window = ledger::observation_window(captures);
    std::int64_t last_commit = 0;
    for (const auto& cap : captures) {
        last_commit = std::max(last_commit, cap.ingested_at_us);
    }
    for (const auto& s : interfaces) {
        last_commit = std::max(last_commit, s.updated_us);
    }
    j.field("captures", static_cast<std::uint64_t>(captures.size()))
        .field("window_first", time(window.first_us))
        .field("window_last", time(window.last_us))
        .field("last_commit", time(last_commit))
        .field("devices", ledger.device_count())
        .close_object();
    out += '\n';
    return json(std::move(out));
}

}  // namespace

std::optional<HttpResponse> dashboard_route(const ApiContext& c, const Caller& caller,
                                            const HttpRequest& req) {
    const auto path = req.path();
    constexpr std::string_view kDevices = "/api/v1/devices/";
    if (req.method == "POST") {
        if (auto refused = check_write(caller, req)) {
            return refused;
        }
        if (path == "/api/v1/logout") {
            return logout(c, caller);
        }
        constexpr std::string_view kAnnotations = "/annotations";
        if (path.starts_with(kDevices) && path.ends_with(kAnnotations)) {
            const auto id = id_of(
                path.substr(kDevices.size(), path.size() - kDevices.size() - kAnnotations.size()));
            if (!id) {
                return http_error(400,
                                  "annotations are written to /api/v1/devices/{id}/annotations");
            }
            return annotate(c, caller, *id, req);
        }
        return http_error(405, "the API writes annotations only");
    }
    if (req.method != "GET") {
        return std::nullopt;
    }
    if (path == "/api/v1/session") {
        if (!caller.session) {
            return http_error(400, "a bearer token has no session");
        }
        return session_response(*caller.session);
    }
    // The paged list when the page asks for one; without paging parameters /api/v1/devices
    // stays what `daicho devices --format json` prints (routes.cpp).
    if (path == "/api/v1/devices" &&
        (!req.param("limit").empty() || !req.param("offset").empty())) {
        return device_page(c, req);
    }
    if (path == "/api/v1/export/devices") {
        return export_devices(c, req);
    }
    constexpr std::string_view kExplain = "/explain";
    // "/api/v1/devices/{id}/explain"; any other device reference stays routes.cpp's lookup.
    if (path.starts_with(kDevices) && path.ends_with(kExplain) &&
        path.size() > kDevices.size() + kExplain.size()) {
        if (const auto id = id_of(
                path.substr(kDevices.size(), path.size() - kDevices.size() - kExplain.size()))) {
            return explain(c, *id, req);
        }
    }
    if (path == "/api/v1/changes") {
        return changes(c, req);
    }
    if (path == "/api/v1/topology.svg") {
        return topology(c, req);
    }
    if (path == "/api/v1/connections") {
        return connections(c);
    }
    if (path == "/api/v1/survey") {
        return survey_answers(c, req);
    }
    if (path == "/api/v1/sensor") {
        return sensor(c);
    }
    return std::nullopt;
}

}  // namespace daicho::agent::api
