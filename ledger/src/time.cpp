#include "daicho/ledger/time.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace daicho::ledger {

std::string format_time_utc(std::int64_t us) {
    constexpr std::int64_t kPerSecond = 1'000'000;
    std::int64_t seconds = us / kPerSecond;
    std::int64_t micros = us % kPerSecond;
    if (micros < 0) {  // floor, so times before 1970 still read forwards
        micros += kPerSecond;
        --seconds;
    }
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) {
        return "invalid-time";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(micros));
    return buf;
}

}  // namespace daicho::ledger
