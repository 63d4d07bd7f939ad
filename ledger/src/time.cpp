#include "daicho/ledger/time.h"

#include <array>
#include <charconv>
#include <chrono>
#include <climits>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace daicho::ledger {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

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

}  // namespace

std::optional<std::int64_t> parse_time_utc(std::string_view s) {
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
    // The civil calendar's day count (C++20), not timegm(3), which Windows lacks.
    const std::chrono::sys_days date{std::chrono::year_month_day{
        std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
        std::chrono::day{static_cast<unsigned>(day)}}};
    const std::int64_t seconds = std::int64_t{date.time_since_epoch().count()} * 86'400 +
                                 std::int64_t{hour} * 3'600 + std::int64_t{minute} * 60 + second;
    return seconds * kMicrosPerSecond;
}

std::optional<std::int64_t> parse_span_us(std::string_view s) {
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

namespace {

// "YYYY-MM-DD" of a day since 1970-01-01 (proleptic Gregorian: H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", civil_from_days); false outside years 0-9999.
bool put_date(std::int64_t days, char* p) noexcept {
    const std::int64_t z = days + 719'468;
    const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    const std::int64_t doe = z - era * 146'097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
        return false;
    }
    const auto put = [&p](std::int64_t v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        p += width;
    };
    put(year, 4);
    *p++ = '-';
    put(month, 2);
    *p++ = '-';
    put(day, 2);
    return true;
}

// Two digits of 0-99 at once.
void put2(char* p, std::int64_t v) noexcept {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

TimeText time_text_utc(std::int64_t us) noexcept {
    constexpr std::int64_t kPerSecond = 1'000'000;
    constexpr std::int64_t kPerDay = 86'400;
    std::int64_t seconds = us / kPerSecond;
    std::int64_t micros = us % kPerSecond;
    if (micros < 0) {  // floor, so times before 1970 still read forwards
        micros += kPerSecond;
        --seconds;
    }
    std::int64_t days = seconds / kPerDay;
    std::int64_t second_of_day = seconds % kPerDay;
    if (second_of_day < 0) {
        second_of_day += kPerDay;
        --days;
    }
    TimeText t;
    // A ledger's times fall on few days: the date of the last one is kept per thread (a
    // whole-ledger export formats ~200,000 times).
    thread_local std::int64_t cached_days = INT64_MIN;
    thread_local std::array<char, 10> cached_date{};
    thread_local bool cached_valid = false;
    if (days != cached_days) {
        cached_valid = put_date(days, cached_date.data());
        cached_days = days;
    }
    if (!cached_valid) {
        // Four digits cover every time a capture can carry; anything else is a broken clock.
        constexpr std::string_view kInvalid = "invalid-time";
        kInvalid.copy(t.chars.data(), kInvalid.size());
        t.size = kInvalid.size();
        return t;
    }
    char* p = t.chars.data();
    std::memcpy(p, cached_date.data(), cached_date.size());
    p += cached_date.size();
    *p++ = 'T';
    put2(p, second_of_day / 3600);
    p[2] = ':';
    put2(p + 3, second_of_day / 60 % 60);
    p[5] = ':';
    put2(p + 6, second_of_day % 60);
    p[8] = '.';
    put2(p + 9, micros / 10'000);
    put2(p + 11, micros / 100 % 100);
    put2(p + 13, micros % 100);
    p[15] = 'Z';
    t.size = static_cast<std::size_t>(p + 16 - t.chars.data());
    return t;
}

std::string format_time_utc(std::int64_t us) { return std::string(time_text_utc(us).view()); }

std::int64_t now_us() noexcept {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace daicho::ledger
