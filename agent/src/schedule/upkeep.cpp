// The daemon's upkeep thread (schedule/upkeep.h).

#include "schedule/upkeep.h"

#include <algorithm>
#include <iostream>

#include "cli/text.h"
#include "config/config.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "export/evidence_pack.h"

namespace daicho::agent {

namespace {

using Clock = std::chrono::system_clock;

constexpr auto kPruneEvery = std::chrono::hours(24);
// After a failed export: soon enough that a folder mounted late still gets the month's pack.
constexpr auto kExportRetry = std::chrono::hours(1);
// The longest sleep: the wall clock may be set (NTP at boot) while the thread waits.
constexpr auto kLongestWait = std::chrono::minutes(1);

Clock::time_point at(std::int64_t us) {
    return Clock::time_point(
        std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(us)));
}

// Says `what` unless it is the reason said last time.
void warn_once(std::string& last, const std::string& what, const std::string& context) {
    if (what != last) {
        last = what;
        std::cerr << "daicho: warning: " << context << ": " << escape_control(what) << '\n';
    }
}

}  // namespace

Upkeep::Upkeep(const CommonOptions& common, const ledger::Retention& retention,
               const ExportSettings& exports)
    : common_(common), retention_(retention), exports_(exports) {
    thread_ = std::thread([this] { loop(); });
}

Upkeep::~Upkeep() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Upkeep::prune_now() {
    try {
        const auto started = std::chrono::steady_clock::now();
        ledger::Ledger ledger(common_.db, ledger::Ledger::Mode::read_write, common_.knowledge);
        ledger.set_address_plan(ledger::AddressPlan(common_.departments));
        const auto pruned = ledger::prune(ledger, retention_, ledger::now_us());
        prune_error_.clear();
        if (pruned.total() > 0) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - started);
            std::cerr << "daicho: pruned " << with_commas(pruned.events) << " events older than "
                      << retention_.events_days << " days and "
                      << with_commas(pruned.total() - pruned.events)
                      << " superseded or stale evidence rows older than "
                      << retention_.evidence_days << " days (" << ms.count() << " ms)\n";
        }
    } catch (const std::exception& e) {  // the boundary: the capture goes on
        warn_once(prune_error_, e.what(), "retention prune failed, trying again in 24 hours");
    }
}

Clock::time_point Upkeep::export_now() {
    const std::int64_t now = ledger::now_us();
    try {
        const std::string lang = common_.lang == survey::Lang::en ? "en" : "ja";
        export_if_due(exports_, common_.time_zone, now, [&](const std::filesystem::path& pack) {
            write_evidence_pack(common_, {pack, "", lang});
            std::cerr << "daicho: evidence pack filed: " << escape_control(pack.string()) << '\n';
        });
        export_error_.clear();
        return at(next_period_start(exports_.period, common_.time_zone, now));
    } catch (const std::exception& e) {  // the boundary: the capture goes on
        warn_once(export_error_, e.what(),
                  "evidence pack not filed in " + exports_.dir.string() + ", trying again hourly");
        return Clock::now() + kExportRetry;
    }
}

void Upkeep::loop() {
    auto next_prune = Clock::now();
    auto next_export = exports_.dir.empty() ? Clock::time_point::max() : Clock::now();
    std::unique_lock lock(mutex_);
    while (!stop_) {
        lock.unlock();
        if (Clock::now() >= next_export) {
            next_export = export_now();
        }
        if (Clock::now() >= next_prune) {
            prune_now();
            next_prune = Clock::now() + kPruneEvery;
        }
        lock.lock();
        const auto until = std::min({next_prune, next_export, Clock::now() + kLongestWait});
        wake_.wait_until(lock, until, [this] { return stop_; });
    }
}

std::unique_ptr<Upkeep> start_upkeep(const CommonOptions& common) {
    config::Config config;
    if (!common.config.empty()) {
        config = config::load(common.config);
    }
    if (!config.exports.dir.empty()) {
        std::cerr << "daicho: evidence packs go to " << escape_control(config.exports.dir.string())
                  << " (" << export_period_name(config.exports.period) << ")\n";
    }
    return std::make_unique<Upkeep>(common, config.retention, config.exports);
}

}  // namespace daicho::agent
