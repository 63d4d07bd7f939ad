#pragma once
// The hospital's time zone (config "time_zone", default Asia/Tokyo) for what a person reads:
// the ledger stores UTC, a hospital thinks in its own clock ("2026/03/02 17:00", not
// "2026-03-02T08:00:10.924489Z"). GCC 12's library has no time zone database (std::chrono::
// zoned_time came with GCC 13), so the zone is read from the system's TZif file
// (/usr/share/zoneinfo, RFC 8536); Asia/Tokyo and UTC are also built in, so that a machine
// without tzdata (Windows) still prints Japanese time.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace daicho::survey {

inline constexpr std::string_view kDefaultTimeZone = "Asia/Tokyo";

class TimeZone {
   public:
    TimeZone();  // UTC

    // The zone NAME ("Asia/Tokyo", "UTC", "Europe/Berlin") from `dir`'s TZif files, else the
    // built-in ones. nullopt when the name is no zone there (also for names that would leave
    // `dir`: "..", a leading '/').
    [[nodiscard]] static std::optional<TimeZone> load(
        std::string_view name, const std::filesystem::path& dir = "/usr/share/zoneinfo");

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    // Seconds east of UTC at the instant `utc_us`. Past the file's last transition the last
    // offset holds (the POSIX-rule footer of RFC 8536 §3.3 is not read).
    [[nodiscard]] std::int64_t offset_s(std::int64_t utc_us) const noexcept;
    // "2026/03/02 17:00" (local, to the minute).
    [[nodiscard]] std::string minutes(std::int64_t utc_us) const;
    // "2026/03/02 17:00:10" (local, to the second).
    [[nodiscard]] std::string seconds(std::int64_t utc_us) const;
    // "2026/03/02" (local).
    [[nodiscard]] std::string date(std::int64_t utc_us) const;
    // The local time as an Excel serial date (days since 1899-12-30, the 1900 date system),
    // to the second: what a cell holds to be a real date in Excel and LibreOffice.
    [[nodiscard]] double excel_serial(std::int64_t utc_us) const noexcept;

   private:
    std::string name_ = "UTC";
    // (transition time in unix seconds, offset from then on); sorted; the first entry's
    // offset also holds before it.
    std::vector<std::pair<std::int64_t, std::int64_t>> transitions_;
};

}  // namespace daicho::survey
