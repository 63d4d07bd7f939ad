// Times in text (ledger/time.h): the allocation-free formatter against the C library's
// gmtime_r + snprintf, which it replaced, over edges and a spread of random instants.

#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <random>
#include <string>

#include "daicho/ledger/time.h"

namespace {

std::string libc_text(std::int64_t us) {
    std::int64_t seconds = us / 1'000'000;
    std::int64_t micros = us % 1'000'000;
    if (micros < 0) {
        micros += 1'000'000;
        --seconds;
    }
    const auto t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    REQUIRE(gmtime_r(&t, &tm) != nullptr);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(micros));
    return buf;
}

}  // namespace

TEST_CASE("time text: the same as gmtime_r for every year 0000-9999", "[ledger][time]") {
    using daicho::ledger::format_time_utc;
    using daicho::ledger::time_text_utc;
    CHECK(format_time_utc(0) == "1970-01-01T00:00:00.000000Z");
    CHECK(format_time_utc(-1) == "1969-12-31T23:59:59.999999Z");
    CHECK(format_time_utc(951'782'400'000'000) == "2000-02-29T00:00:00.000000Z");
    CHECK(format_time_utc(4'107'542'400'000'000) == "2100-03-01T00:00:00.000000Z");
    CHECK(format_time_utc(253'402'300'799'999'999) == "9999-12-31T23:59:59.999999Z");
    CHECK(format_time_utc(-62'167'219'200'000'000) == "0000-01-01T00:00:00.000000Z");
    // Outside four-digit years: one word, not a misleading date.
    CHECK(format_time_utc(253'402'300'800'000'000) == "invalid-time");
    CHECK(format_time_utc(-62'167'219'200'000'001) == "invalid-time");
    CHECK(time_text_utc(INT64_MAX).view() == "invalid-time");
    CHECK(time_text_utc(INT64_MIN).view() == "invalid-time");

    std::mt19937_64 rng(20261206);
    std::uniform_int_distribution<std::int64_t> any(-62'167'219'200'000'000,
                                                    253'402'300'799'999'999);
    std::uniform_int_distribution<std::int64_t> recent(1'500'000'000'000'000,
                                                       2'000'000'000'000'000);
    for (int i = 0; i < 20'000; ++i) {
        const std::int64_t us = (i % 2 == 0) ? any(rng) : recent(rng);
        INFO(us);
        REQUIRE(std::string(time_text_utc(us).view()) == libc_text(us));
    }
}
