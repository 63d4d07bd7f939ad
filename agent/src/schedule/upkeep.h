#pragma once
// What `daicho run` does beside its capture, on a thread of its own so a merge never waits for
// it: the retention prune (ledger/retention.h) once at start and then every 24 hours, and the
// scheduled evidence pack (schedule/export_schedule.h) at each period's start, catching up once
// at start when the current period's pack is missing. Each opens its own connection to the
// ledger; the prune's short transactions let the capture's merges in between. A failure (disk
// full, the export folder missing or unwritable) is logged once per distinct reason, retried
// later, and never stops the capture.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "config/config.h"
#include "daicho/ledger/retention.h"
#include "schedule/export_schedule.h"

namespace daicho::agent {

class Upkeep {
   public:
    // Starts the thread. `common` is copied (the ledger path, knowledge, zone, language).
    Upkeep(const CommonOptions& common, const ledger::Retention& retention,
           const ExportSettings& exports);
    // Stops the thread; a prune or pack under way is finished first (a pack is renamed into
    // place whole or removed, never left half).
    ~Upkeep();
    Upkeep(const Upkeep&) = delete;
    Upkeep& operator=(const Upkeep&) = delete;

    // SIGHUP: the reloaded config's settings (and its address plan, knowledge and zone in
    // `common`). Taken by the thread between two jobs, never under one: a prune or a pack under
    // way finishes with the settings it began with. A changed export folder or period is tried
    // at once (a missing pack is filed, an existing one kept).
    void reconfigure(const CommonOptions& common, const ledger::Retention& retention,
                     const ExportSettings& exports);

   private:
    struct Settings {
        CommonOptions common;
        ledger::Retention retention;
        ExportSettings exports;
    };

    void loop();
    void prune_now();
    // The instant (system clock) the next export should be tried.
    std::chrono::system_clock::time_point export_now();

    CommonOptions common_;
    ledger::Retention retention_;
    ExportSettings exports_;
    std::string prune_error_;  // the last failure said, to say each reason once
    std::string export_error_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::optional<Settings> pending_;  // reconfigure()'s, until the thread takes them
    std::thread thread_;
};

// Upkeep for `daicho run` with the retention and export settings of `config`, the one run
// loaded (the defaults without a config file): read once, so the capture and the upkeep
// start from the same file.
[[nodiscard]] std::unique_ptr<Upkeep> start_upkeep(const CommonOptions& common,
                                                   const config::Config& config);

}  // namespace daicho::agent
