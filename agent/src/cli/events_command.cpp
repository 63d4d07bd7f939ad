// `daicho events [--since WHEN] [--device DEVICE] [--kind K]... [--format table|json|csv]
// [--lang ja|en] [-o FILE]`: the ledger's history, oldest first. WHEN is a UTC date or date
// and time (the exports print UTC, so what a person copies from them reads back the same), or
// a span back from the newest event (7d, 24h), so "what changed in the last week of captures"
// works on captures from any date.

#include <charconv>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/device_query.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"

namespace daicho::agent {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

// What --since asks for: an instant, or a span back from the newest event.
struct Since {
    std::optional<std::int64_t> at_us;
    std::int64_t back_us = 0;
};

// Reads exactly `width` digits at `pos` into `out`.
bool digits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > s.size()) {
        return false;
    }
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return std::from_chars(s.data() + pos, s.data() + pos + width, out).ec == std::errc{};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// YYYY-MM-DD[(T| )HH:MM[:SS]][Z], UTC.
std::optional<std::int64_t> parse_instant(std::string_view s) {
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
        s.remove_suffix(1);
    }
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) ||
        s[7] != '-' || !digits(s, 8, 2, day)) {
        return std::nullopt;
    }
    if (s.size() > 10) {
        if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
            s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, minute)) {
            return std::nullopt;
        }
        if (s.size() > 16 && (s.size() != 19 || s[16] != ':' || !digits(s, 17, 2, second))) {
            return std::nullopt;
        }
    }
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1970 || month < 1 || month > 12 || day < 1 ||
        day > kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0) || hour > 23 || minute > 59 ||
        second > 59) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<std::int64_t>(timegm(&tm)) * kMicrosPerSecond;
}

// <n>d or <n>h, n from 1 to 100 years' worth.
std::optional<std::int64_t> parse_span(std::string_view s) {
    if (s.size() < 2 || (s.back() != 'd' && s.back() != 'h')) {
        return std::nullopt;
    }
    const std::int64_t unit = (s.back() == 'd' ? 86'400 : 3'600) * kMicrosPerSecond;
    std::int64_t n = 0;
    const auto body = s.substr(0, s.size() - 1);
    const auto r = std::from_chars(body.data(), body.data() + body.size(), n);
    constexpr std::int64_t kMaxDays = 36'500;
    if (r.ec != std::errc{} || r.ptr != body.data() + body.size() || n <= 0 ||
        n > kMaxDays * (s.back() == 'd' ? 1 : 24)) {
        return std::nullopt;
    }
    return n * unit;
}

Since parse_since(const std::string& text) {
    Since since;
    if (const auto span = parse_span(text)) {
        since.back_us = *span;
    } else if (const auto at = parse_instant(text)) {
        since.at_us = at;
    } else {
        throw std::invalid_argument(
            "events: --since '" + text +
            "': expected a UTC date (2026-03-01), date and time (2026-03-01T09:00) or a span "
            "back from the newest event (7d, 24h)");
    }
    return since;
}

}  // namespace

int run_events(const CommonOptions& common, const EventsCommand& cmd) {
    std::optional<Since> since;
    if (!cmd.since.empty()) {
        since = parse_since(cmd.since);  // a usage error before the ledger is opened
    }
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    ledger::EventFilter filter;
    filter.kinds = cmd.kinds;
    if (since) {
        if (since->at_us) {
            filter.since_us = since->at_us;
        } else if (const auto newest = ledger::newest_event_us(ledger)) {
            filter.since_us = *newest - since->back_us;
        }
    }
    if (!cmd.device.empty()) {
        const auto devices = ledger.devices();
        const auto found = find_devices(devices, cmd.device);
        if (found.empty()) {
            throw ledger::Error("events: no device in " + common.db.string() + " matches '" +
                                cmd.device + "'");
        }
        for (const auto* d : found) {
            filter.devices.push_back(d->id);
            for (const auto& earlier : d->linked) {  // a linked machine's history is all its MACs'
                filter.devices.push_back(earlier.id);
            }
        }
    }
    const auto events = ledger::read_events(ledger, filter);
    const auto lang = to_lang(cmd.lang);

    write_output(cmd.output, [&](std::ostream& out) {
        if (cmd.format == "json") {
            survey::write_events_json(out, events);
        } else if (cmd.format == "csv") {
            survey::write_sheet_csv(out, survey::events_sheet(events, lang));
        } else {
            survey::write_events_table(out, events, lang);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
