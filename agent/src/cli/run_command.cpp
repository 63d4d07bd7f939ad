// `daicho run`: the daemon. Captures the configured interfaces live (collectors/live_capture.h)
// and keeps the ledger current: the captured rows go into the ledger every merge_seconds in
// one short transaction each, so `devices`, `annotate` and `import` work while it runs.
// SIGTERM/SIGINT stop it after a last merge; SIGHUP reloads the config's address plan and the
// knowledge files (a broken file keeps the old ones and says why). Under systemd it reports
// READY, the watchdog and STOPPING through $NOTIFY_SOCKET (service/systemd_notify.h).

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/routes.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/error_text.h"
#include "cli/messages.h"
#include "cli/text.h"
#include "config/config.h"
#include "daicho/collectors/live_capture.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/sensor_status.h"
#include "daicho/ledger/time.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/service/http_server.h"
#include "daicho/service/process_signals.h"
#include "daicho/service/systemd_notify.h"
#include "pipeline/ingest.h"
#include "schedule/upkeep.h"

namespace daicho::agent {

namespace {

// The capture the signal handler stops: set once it is open, read from the handler.
std::atomic<collectors::LiveCapture*> g_capture{nullptr};

void stop_capture() noexcept {
    if (auto* capture = g_capture.load()) {
        capture->stop();
    }
}

std::vector<collectors::LiveInterface> interfaces_of(const RunCommand& cmd,
                                                     const config::CaptureSettings& settings) {
    if (cmd.interfaces.empty()) {
        return settings.interfaces;
    }
    std::vector<collectors::LiveInterface> out;
    for (const auto& name : cmd.interfaces) {
        collectors::LiveInterface i;
        i.name = name;
        i.filter = cmd.filter;
        out.push_back(std::move(i));
    }
    return out;
}

void log_stats(const collectors::LiveCapture& capture, survey::Lang lang) {
    for (const auto& s : capture.interface_stats()) {
        std::cerr << "daicho: "
                  << message(Msg::run_capture_stats, lang,
                             {escape_control(s.name), with_commas(s.received),
                              with_commas(s.kernel_dropped), with_commas(s.interface_dropped)})
                  << '\n';
    }
}

// Opens the interfaces again after a failure, waiting 1, 2, 4 ... 60 s between attempts
// (pinging systemd's watchdog meanwhile: waiting for a cable is not a hang). nullptr when a
// stop came first.
std::unique_ptr<collectors::LiveCapture> reopen(
    const std::vector<collectors::LiveInterface>& interfaces, bool watchdog, survey::Lang lang) {
    auto wait = std::chrono::seconds(1);
    std::string last_error;
    while (!service::stop_requested()) {
        const auto until = std::chrono::steady_clock::now() + wait;
        while (std::chrono::steady_clock::now() < until && !service::stop_requested()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (watchdog) {
                service::notify_systemd("WATCHDOG=1");
            }
        }
        if (service::stop_requested()) {
            break;
        }
        try {
            return std::make_unique<collectors::LiveCapture>(interfaces);
        } catch (const collectors::CaptureError& e) {
            if (e.what() != last_error) {  // once per distinct reason, not every attempt
                last_error = e.what();
                std::cerr << "daicho: "
                          << message(Msg::run_retrying, lang, {escape_control(error_text(e, lang))})
                          << '\n';
                service::notify_systemd("STATUS=" + message(Msg::run_waiting_status, lang));
            }
            wait = std::min<std::chrono::seconds>(wait * 2, std::chrono::seconds(60));
        }
    }
    return nullptr;
}

// SIGHUP: the config's address plan and the knowledge files again. Nothing changes unless
// both load.
void reload(const CommonOptions& common, ledger::Ledger& ledger, Upkeep& upkeep) {
    service::notify_systemd("RELOADING=1");
    try {
        config::Config fresh;
        if (!common.config.empty()) {
            fresh = config::load(common.config);
            config::check_api_files(fresh);
        }
        const auto dir = fresh.data_dir.empty() ? common.data_dir : fresh.data_dir;
        auto knowledge = dir.empty() ? ledger::Knowledge::builtin() : ledger::Knowledge::load(dir);
        // The upkeep thread's prune reclassifies with the same knowledge and plan, and files
        // packs in the reloaded zone, folder and period.
        CommonOptions upkept = common;
        upkept.departments = fresh.departments;
        upkept.knowledge = knowledge;
        upkept.time_zone = fresh.time_zone;
        ledger.set_address_plan(ledger::AddressPlan(fresh.departments));
        ledger.set_knowledge(std::move(knowledge));
        upkeep.reconfigure(upkept, fresh.retention, fresh.exports);
        std::cerr << "daicho: " << message(Msg::run_reloaded, common.lang) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "daicho: "
                  << message(Msg::run_reload_refused, common.lang, {escape_control(e.what())})
                  << '\n';
    }
    service::notify_systemd("READY=1");
}

}  // namespace

// The capture's counters for /metrics, refreshed by the capture loop after each merge (the
// API's thread must not touch libpcap handles the loop reads).
class CaptureMetrics {
   public:
    // The capture (re)opened now: the start of the counters' observation window.
    void opened() { opened_us_ = ledger::now_us(); }

    void update(const collectors::LiveCapture& capture) {
        std::ostringstream out;
        out << "# HELP daicho_capture_frames_total Frames captured per interface.\n"
               "# TYPE daicho_capture_frames_total counter\n";
        const auto stats = capture.interface_stats();
        for (const auto& s : stats) {
            out << "daicho_capture_frames_total{interface=\"" << label(s.name) << "\"} "
                << s.received << '\n';
        }
        out << "# HELP daicho_capture_dropped_total Frames lost before daicho read them.\n"
               "# TYPE daicho_capture_dropped_total counter\n";
        for (const auto& s : stats) {
            out << "daicho_capture_dropped_total{interface=\"" << label(s.name)
                << "\",by=\"kernel\"} " << s.kernel_dropped << '\n'
                << "daicho_capture_dropped_total{interface=\"" << label(s.name)
                << "\",by=\"interface\"} " << s.interface_dropped << '\n';
        }
        std::vector<ledger::SensorInterfaceStatus> rows;
        const std::int64_t now = ledger::now_us();
        for (const auto& s : stats) {
            rows.push_back(
                {s.name, s.received, s.kernel_dropped, s.interface_dropped, opened_us_, now});
        }
        const std::lock_guard lock(mutex_);
        text_ = out.str();
        rows_ = std::move(rows);
    }
    std::string text() const {
        const std::lock_guard lock(mutex_);
        return text_;
    }
    // The counters as the dashboard and the ledger keep them (ledger/sensor_status.h).
    std::vector<ledger::SensorInterfaceStatus> rows() const {
        const std::lock_guard lock(mutex_);
        return rows_;
    }

   private:
    // Prometheus label values escape backslash, quote and newline.
    static std::string label(const std::string& v) {
        std::string out;
        for (char c : v) {
            if (c == '\\' || c == '"') {
                out += '\\';
            }
            out += c == '\n' ? ' ' : c;
        }
        return out;
    }
    mutable std::mutex mutex_;
    std::string text_;
    std::vector<ledger::SensorInterfaceStatus> rows_;
    std::int64_t opened_us_ = ledger::now_us();
};

namespace {

// The counters into the ledger beside each merge, so `daicho serve` on the same ledger shows
// them; a failure (disk full) is said once per distinct reason and never stops the capture.
void store_status(ledger::Ledger& ledger, const CaptureMetrics& metrics, std::string& last_error,
                  survey::Lang lang) {
    try {
        ledger::store_sensor_status(ledger, metrics.rows());
        last_error.clear();
    } catch (const ledger::Error& e) {
        if (e.what() != last_error) {
            last_error = e.what();
            std::cerr << "daicho: "
                      << message(Msg::run_status_not_stored, lang,
                                 {escape_control(error_text(e, lang))})
                      << '\n';
        }
    }
}

}  // namespace

int run_run(const CommonOptions& common, const RunCommand& cmd) {
    const config::Config& loaded = common.settings;  // read once, by run_cli
    if (!common.config.empty()) {
        config::check_api_files(loaded);
    }
    config::CaptureSettings settings = loaded.capture;
    const config::ApiSettings api_settings = loaded.api;
    if (cmd.merge_seconds > 0) {
        settings.merge_seconds = cmd.merge_seconds;
    }
    const auto interfaces = interfaces_of(cmd, settings);
    if (interfaces.empty()) {
        throw CliError(kExitUsage, message(Msg::run_no_interface, common.lang));
    }
    // The interfaces first: a missing one or missing privileges stop the run before the ledger
    // is touched.
    auto capture = std::make_unique<collectors::LiveCapture>(interfaces);
    ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_write, common.knowledge);
    ledger.set_address_plan(ledger::AddressPlan(common.departments));
    ledger::VendorRegistry vendors;
    try {
        vendors = ledger::VendorRegistry::load(common.ieee_data);
    } catch (const ledger::Error& e) {
        std::cerr << "daicho: warning: "
                  << message(Msg::vendors_unavailable, common.lang,
                             {escape_control(error_text(e, common.lang))})
                  << '\n';
    }
    IngestOptions options;
    options.flood = common.flood;
    options.writer.merge = ledger::WriterOptions::Merge::every_interval;
    options.writer.merge_interval = std::chrono::seconds(settings.merge_seconds);
    IngestPipeline pipeline(ledger, vendors, options);

    // The API beside the capture, on its own thread, reading the ledger read-only.
    CaptureMetrics capture_metrics;
    capture_metrics.update(*capture);
    api::ApiContext api_context;
    std::unique_ptr<service::HttpServer> api_server;
    std::thread api_thread;
    if (!api_settings.listen.empty()) {
        api_context.db = common.db;
        api_context.departments = common.departments;
        api_context.knowledge = common.knowledge;
        api_context.token = api::read_token(api_settings.token_file);
        api_context.metrics = [&capture_metrics] { return capture_metrics.text(); };
        api_context.sensor = [&capture_metrics] { return capture_metrics.rows(); };
        api_context.common = &common;
        auto listen = api::listen_config(api_settings.listen);
        listen.tls = {api_settings.tls_certificate, api_settings.tls_key};
        api_context.secure = listen.tls.enabled();
        api_server = std::make_unique<service::HttpServer>(
            listen,
            [&api_context](const service::HttpRequest& r) { return api::handle(api_context, r); });
        std::cerr << "daicho: "
                  << message(Msg::api_listening, common.lang,
                             {escape_control(api::listen_url(*api_server, listen))})
                  << '\n';
        api_thread = std::thread([&api_server] { api_server->run(); });
    }
    struct StopApi {
        std::unique_ptr<service::HttpServer>& server;
        std::thread& thread;
        ~StopApi() {
            if (server) {
                server->stop();
            }
            if (thread.joinable()) {
                thread.join();
            }
        }
    } stop_api{api_server, api_thread};

    // Retention and the scheduled evidence pack, beside the capture (schedule/upkeep.h).
    const auto upkeep = start_upkeep(common, loaded);

    g_capture.store(capture.get());
    service::install_signal_handlers(stop_capture);
    if (service::stop_requested()) {
        capture->stop();  // a signal that came before the handler could reach the capture
    }
    std::cerr << "daicho: "
              << message(Msg::run_capturing, common.lang,
                         {escape_control(capture->name()), escape_control(common.db.string()),
                          std::to_string(settings.merge_seconds)})
              << '\n';
    service::notify_systemd("READY=1");
    const auto watchdog = service::systemd_watchdog();
    const auto stats_every = std::chrono::seconds(settings.stats_seconds);
    auto last_stats = std::chrono::steady_clock::now();

    std::string status_error;
    LiveOptions live;
    live.merge_every = std::chrono::seconds(settings.merge_seconds);
    if (watchdog) {
        // Half the watchdog period at most between pings (sd_notify(3)'s advice).
        live.merge_every = std::min<std::chrono::milliseconds>(
            live.merge_every, std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog / 2));
    }
    live.after_merge = [&](std::uint64_t /*frames*/) {
        if (watchdog) {
            service::notify_systemd("WATCHDOG=1");
        }
        if (service::take_reload_request()) {
            reload(common, ledger, *upkeep);
        }
        capture_metrics.update(*capture);  // the loop's own capture: never reset meanwhile
        store_status(ledger, capture_metrics, status_error, common.lang);
        const auto now = std::chrono::steady_clock::now();
        if (now - last_stats >= stats_every) {
            log_stats(*capture, common.lang);
            last_stats = now;
        }
        return !service::stop_requested();
    };
    // An interface that fails (unplugged, taken down, its driver reset) ends that capture, not
    // the service: what was merged stays, and the interfaces are opened again with back-off.
    std::uint64_t frames = 0;
    ledger::WriteStats totals;
    const std::string name = capture->name();
    for (;;) {
        const FileResult result = pipeline.run_live(*capture, live);
        frames += result.frames;
        totals.devices_new += result.stats.devices_new;
        totals.devices_updated += result.stats.devices_updated;
        totals.events_new += result.stats.events_new;
        log_stats(*capture, common.lang);
        if (result.status != FileResult::Status::failed || service::stop_requested()) {
            break;
        }
        std::cerr << "daicho: "
                  << message(Msg::run_interface_failed, common.lang,
                             {escape_control(result.message)})
                  << '\n';
        g_capture.store(nullptr);
        capture.reset();
        capture = reopen(interfaces, watchdog.has_value(), common.lang);
        if (!capture) {
            break;  // stopped while waiting
        }
        capture_metrics.opened();
        g_capture.store(capture.get());
        if (service::stop_requested()) {
            capture->stop();
        }
        std::cerr << "daicho: "
                  << message(Msg::run_capturing_again, common.lang,
                             {escape_control(capture->name())})
                  << '\n';
    }
    // The last counters too: the ledger's window must end where the capture did, not at the
    // merge before the stop.
    if (capture) {
        capture_metrics.update(*capture);
        store_status(ledger, capture_metrics, status_error, common.lang);
    }
    service::notify_systemd("STOPPING=1");
    g_capture.store(nullptr);
    std::printf("%s\n",
                message(Msg::run_summary, common.lang,
                        {with_commas(frames), escape_control(name), with_commas(totals.devices_new),
                         with_commas(totals.devices_updated), with_commas(totals.events_new)})
                    .c_str());
    return kExitOk;
}

}  // namespace daicho::agent
