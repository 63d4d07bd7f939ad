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

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/text.h"
#include "config/config.h"
#include "daicho/collectors/live_capture.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/service/process_signals.h"
#include "daicho/service/systemd_notify.h"
#include "pipeline/ingest.h"

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

void log_stats(const collectors::LiveCapture& capture) {
    for (const auto& s : capture.interface_stats()) {
        std::cerr << "daicho: capture " << escape_control(s.name) << ": "
                  << with_commas(s.received) << " frames, " << with_commas(s.kernel_dropped)
                  << " dropped by the kernel, " << with_commas(s.interface_dropped)
                  << " dropped by the interface\n";
    }
}

// SIGHUP: the config's address plan and the knowledge files again. Nothing changes unless
// both load.
void reload(const CommonOptions& common, ledger::Ledger& ledger) {
    service::notify_systemd("RELOADING=1");
    try {
        config::Config fresh;
        if (!common.config.empty()) {
            fresh = config::load(common.config);
        }
        const auto dir = fresh.data_dir.empty() ? common.data_dir : fresh.data_dir;
        auto knowledge = dir.empty() ? ledger::Knowledge::builtin() : ledger::Knowledge::load(dir);
        ledger.set_address_plan(ledger::AddressPlan(fresh.departments));
        ledger.set_knowledge(std::move(knowledge));
        std::cerr << "daicho: reloaded the config and the knowledge files\n";
    } catch (const std::exception& e) {
        std::cerr << "daicho: error: reload refused, the running config stays: "
                  << escape_control(e.what()) << '\n';
    }
    service::notify_systemd("READY=1");
}

}  // namespace

int run_run(const CommonOptions& common, const RunCommand& cmd) {
    config::CaptureSettings settings;
    if (!common.config.empty()) {
        settings = config::load(common.config).capture;
    }
    if (cmd.merge_seconds > 0) {
        settings.merge_seconds = cmd.merge_seconds;
    }
    const auto interfaces = interfaces_of(cmd, settings);
    if (interfaces.empty()) {
        throw CliError(kExitUsage,
                       "no interface to capture on: give --interface NAME, or "
                       "capture.interfaces in the config file");
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
        std::cerr << "daicho: warning: vendor names unavailable (" << escape_control(e.what())
                  << ")\n";
    }
    IngestOptions options;
    options.flood = common.flood;
    options.writer.merge = ledger::WriterOptions::Merge::every_interval;
    options.writer.merge_interval = std::chrono::seconds(settings.merge_seconds);
    IngestPipeline pipeline(ledger, vendors, options);

    g_capture.store(capture.get());
    service::install_signal_handlers(stop_capture);
    if (service::stop_requested()) {
        capture->stop();  // a signal that came before the handler could reach the capture
    }
    std::cerr << "daicho: capturing on " << escape_control(capture->name()) << " into "
              << escape_control(common.db.string()) << " (every " << settings.merge_seconds
              << " s); stop with SIGTERM or Ctrl-C\n";
    service::notify_systemd("READY=1");
    const auto watchdog = service::systemd_watchdog();
    const auto stats_every = std::chrono::seconds(settings.stats_seconds);
    auto last_stats = std::chrono::steady_clock::now();

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
            reload(common, ledger);
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_stats >= stats_every) {
            log_stats(*capture);
            last_stats = now;
        }
        return !service::stop_requested();
    };
    const FileResult result = pipeline.run_live(*capture, live);
    service::notify_systemd("STOPPING=1");
    log_stats(*capture);
    g_capture.store(nullptr);
    std::printf("captured %s frames on %s: devices %s new / %s updated, %s events\n",
                with_commas(result.frames).c_str(), escape_control(capture->name()).c_str(),
                with_commas(result.stats.devices_new).c_str(),
                with_commas(result.stats.devices_updated).c_str(),
                with_commas(result.stats.events_new).c_str());
    if (result.status == FileResult::Status::failed) {
        std::cerr << "daicho: error: " << escape_control(result.message) << '\n';
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace daicho::agent
