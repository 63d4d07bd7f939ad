#pragma once
// The export schedule (config "export", issue 15): `daicho run` writes the evidence pack
// (export/evidence_pack.h) into export.dir at each period's start in the hospital's time zone,
// so the month's ledgers and survey report are filed without anyone remembering. A pack is
// named for the day its period began (daicho-2026-12-01 for December, monthly), so one period
// has one name: a pack already there is the period's pack and is never overwritten, and a
// daemon that was down at the boundary writes the missing one once when it starts.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "daicho/survey/time_zone.h"

namespace daicho::agent {

enum class ExportPeriod { daily, weekly, monthly };  // weekly: from Monday, as the calendar at work

[[nodiscard]] std::optional<ExportPeriod> parse_export_period(std::string_view name);
[[nodiscard]] std::string_view export_period_name(ExportPeriod period) noexcept;

struct ExportSettings {
    std::filesystem::path dir;  // empty: no scheduled export
    ExportPeriod period = ExportPeriod::monthly;
    int keep = 0;  // packs kept in dir (the oldest go first); 0: every pack
};

// The start (unix us) of the period holding `now_us`: local midnight of the day, of that week's
// Monday, of the month's 1st, in `zone`.
[[nodiscard]] std::int64_t period_start(ExportPeriod period, const survey::TimeZone& zone,
                                        std::int64_t now_us);
// The next period's start after `now_us`.
[[nodiscard]] std::int64_t next_period_start(ExportPeriod period, const survey::TimeZone& zone,
                                             std::int64_t now_us);
// "daicho-YYYY-MM-DD": the pack of the period starting at `start_us` (its local date).
[[nodiscard]] std::string pack_name(const survey::TimeZone& zone, std::int64_t start_us);

enum class ExportOutcome { written, already_there };

// The pack of the period holding `now_us` into settings.dir, unless it is there already:
// `write(path)` makes it (write_evidence_pack in the daemon). Creates dir when missing, then
// removes the oldest packs past settings.keep. Throws what `write` or the file system throws.
ExportOutcome export_if_due(const ExportSettings& settings, const survey::TimeZone& zone,
                            std::int64_t now_us,
                            const std::function<void(const std::filesystem::path&)>& write);

}  // namespace daicho::agent
