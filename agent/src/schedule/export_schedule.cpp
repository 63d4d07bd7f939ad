// The export schedule's calendar (schedule/export_schedule.h). Dates are day numbers (days
// since 1970-01-01) through C++20's civil calendar; a local midnight is turned into UTC with
// the zone's offset at that instant, asked twice so a zone whose offset changes near midnight
// lands on the offset in force then.

#include "schedule/export_schedule.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <system_error>
#include <vector>

namespace daicho::agent {

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kUs = 1'000'000;
constexpr std::int64_t kDaySeconds = 86'400;

constexpr std::array<std::pair<std::string_view, ExportPeriod>, 3> kPeriods{{
    {"daily", ExportPeriod::daily},
    {"weekly", ExportPeriod::weekly},
    {"monthly", ExportPeriod::monthly},
}};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Day numbers and C++20's calendar (GCC 12 has it; only the zones came later).
year_month_day civil(std::int64_t day) { return year_month_day{sys_days{days{day}}}; }
std::int64_t day_number(const year_month_day& date) {
    return sys_days{date}.time_since_epoch().count();
}

// The local day number holding the instant `utc_us`.
std::int64_t local_day(const survey::TimeZone& zone, std::int64_t utc_us) {
    return floor_div(floor_div(utc_us, kUs) + zone.offset_s(utc_us), kDaySeconds);
}

// The instant (unix us) of local midnight starting day number `day`.
std::int64_t local_midnight(const survey::TimeZone& zone, std::int64_t day) {
    const std::int64_t local_s = day * kDaySeconds;
    std::int64_t utc_s = local_s - zone.offset_s(local_s * kUs);
    utc_s = local_s - zone.offset_s(utc_s * kUs);
    return utc_s * kUs;
}

// The first day of the period holding day number `day`.
std::int64_t first_day(ExportPeriod period, std::int64_t day) {
    switch (period) {
        case ExportPeriod::daily:
            return day;
        case ExportPeriod::weekly:  // ISO 8601 weeks: Monday is 1
            return day - (std::chrono::weekday{sys_days{days{day}}}.iso_encoding() - 1);
        case ExportPeriod::monthly: {
            const year_month_day date = civil(day);
            return day_number(date.year() / date.month() / 1);
        }
    }
    return day;
}

bool is_pack_name(const std::string& name) {
    // daicho-YYYY-MM-DD exactly: nothing else in the folder is ever removed.
    if (name.size() != 17 || name.compare(0, 7, "daicho-") != 0) {
        return false;
    }
    for (std::size_t i = 7; i < name.size(); ++i) {
        const bool dash = i == 11 || i == 14;
        if (dash ? name[i] != '-' : (name[i] < '0' || name[i] > '9')) {
            return false;
        }
    }
    return true;
}

void remove_oldest(const fs::path& dir, int keep) {
    if (keep <= 0) {
        return;
    }
    std::vector<std::string> packs;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && is_pack_name(name)) {
            packs.push_back(name);
        }
    }
    std::sort(packs.begin(), packs.end());  // the names sort as their dates
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < packs.size(); ++i) {
        fs::remove_all(dir / packs[i]);
    }
}

}  // namespace

std::optional<ExportPeriod> parse_export_period(std::string_view name) {
    for (const auto& [text, period] : kPeriods) {
        if (text == name) {
            return period;
        }
    }
    return std::nullopt;
}

std::string_view export_period_name(ExportPeriod period) noexcept {
    for (const auto& [text, p] : kPeriods) {
        if (p == period) {
            return text;
        }
    }
    return "monthly";
}

std::int64_t period_start(ExportPeriod period, const survey::TimeZone& zone, std::int64_t now_us) {
    return local_midnight(zone, first_day(period, local_day(zone, now_us)));
}

std::int64_t next_period_start(ExportPeriod period, const survey::TimeZone& zone,
                               std::int64_t now_us) {
    const std::int64_t first = first_day(period, local_day(zone, now_us));
    std::int64_t next = first + 1;
    if (period == ExportPeriod::weekly) {
        next = first + 7;
    } else if (period == ExportPeriod::monthly) {
        const year_month_day date = civil(first);
        next = day_number(year_month_day{date.year() / date.month() / 1} + std::chrono::months{1});
    }
    return local_midnight(zone, next);
}

std::string pack_name(const survey::TimeZone& zone, std::int64_t start_us) {
    const year_month_day date = civil(local_day(zone, start_us));
    char text[32];
    std::snprintf(text, sizeof text, "daicho-%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

ExportOutcome export_if_due(const ExportSettings& settings, const survey::TimeZone& zone,
                            std::int64_t now_us,
                            const std::function<void(const fs::path&)>& write) {
    const fs::path pack =
        settings.dir / pack_name(zone, period_start(settings.period, zone, now_us));
    if (fs::exists(pack)) {
        return ExportOutcome::already_there;
    }
    fs::create_directories(settings.dir);
    write(pack);
    remove_oldest(settings.dir, settings.keep);
    return ExportOutcome::written;
}

}  // namespace daicho::agent
