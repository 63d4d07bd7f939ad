// The daemon's upkeep thread (schedule/upkeep.h).

#include "schedule/upkeep.h"

#include <algorithm>
#include <iostream>

#include "cli/messages.h"
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

// Says the message unless its reason is the one said last time.
void warn_once(std::string& last, const std::string& why, Msg msg, survey::Lang lang,
               std::initializer_list<std::string_view> args) {
    if (why != last) {
        last = why;
        std::cerr << "daicho: " << message(msg, lang, args) << '\n';
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
            std::cerr << "daicho: "
                      << message(Msg::upkeep_pruned, common_.lang,
                                 {with_commas(pruned.events),
                                  std::to_string(retention_.events_days),
                                  with_commas(pruned.total() - pruned.events),
                                  std::to_string(retention_.evidence_days),
                                  std::to_string(ms.count())})
                      << '\n';
        }
    } catch (const std::exception& e) {  // the boundary: the capture goes on
        const std::string why = escape_control(e.what());
        warn_once(prune_error_, e.what(), Msg::upkeep_prune_failed, common_.lang, {why});
    }
}

Clock::time_point Upkeep::export_now() {
    const std::int64_t now = ledger::now_us();
    try {
        const std::string lang = common_.lang == survey::Lang::en ? "en" : "ja";
        export_if_due(exports_, common_.time_zone, now, [&](const std::filesystem::path& pack) {
            write_evidence_pack(common_, {pack, "", lang});
            std::cerr << "daicho: "
                      << message(Msg::upkeep_pack_filed, common_.lang, {escape_control(pack.string())})
                      << '\n';
        });
        export_error_.clear();
        return at(next_period_start(exports_.period, common_.time_zone, now));
    } catch (const std::exception& e) {  // the boundary: the capture goes on
        const std::string dir = escape_control(exports_.dir.string());
        const std::string why = escape_control(e.what());
        warn_once(export_error_, e.what(), Msg::upkeep_export_failed, common_.lang, {dir, why});
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
        if (pending_) {
            const bool export_changed = pending_->exports.dir != exports_.dir ||
                                        pending_->exports.period != exports_.period;
            common_ = std::move(pending_->common);
            retention_ = pending_->retention;
            exports_ = std::move(pending_->exports);
            pending_.reset();
            export_error_.clear();
            if (export_changed) {
                next_export = exports_.dir.empty() ? Clock::time_point::max() : Clock::now();
                continue;  // the new folder's pack now, not after the next wait
            }
        }
        const auto until = std::min({next_prune, next_export, Clock::now() + kLongestWait});
        wake_.wait_until(lock, until, [this] { return stop_ || pending_.has_value(); });
    }
}

void Upkeep::reconfigure(const CommonOptions& common, const ledger::Retention& retention,
                         const ExportSettings& exports) {
    {
        const std::lock_guard lock(mutex_);
        pending_ = Settings{common, retention, exports};
    }
    wake_.notify_all();
}

std::unique_ptr<Upkeep> start_upkeep(const CommonOptions& common, const config::Config& config) {
    if (!config.exports.dir.empty()) {
        std::cerr << "daicho: "
                  << message(Msg::upkeep_packs_go, common.lang,
                             {escape_control(config.exports.dir.string()),
                              export_period_name(config.exports.period)})
                  << '\n';
    }
    return std::make_unique<Upkeep>(common, config.retention, config.exports);
}

}  // namespace daicho::agent
