#pragma once
// Version comparison for the support-date and known-exploited lists (CVE JSON 5 "versions":
// version, lessThan, lessThanOrEqual). Vendors write versions in many forms: "7.2.8",
// "v6.4.11", "Rev.14.01.42" (YAMAHA), "15.2(4)M7" (Cisco IOS), "9.18(4)22" (Cisco ASA: the
// number after the parenthesis is an interim release), "22.7R2.5" (Ivanti), "10.0.19045"
// (Windows), so a version is read as a list of numbers and words: a leading "v", "V" or "Rev."
// is dropped, runs of digits compare as numbers ("7.2.10" > "7.2.9", "01" == "1"), runs of
// letters as ASCII case-insensitive text, and everything else separates. A missing part counts
// as 0, so "7.2" == "7.2.0"; a word sorts before a number ("6.0.0beta" < "6.0.0.1").
//
// Some vendors need a rule of their own (a product's "scheme" in support_dates.json):
// - pan_os: "10.2.9-h1" is hotfix 1 of 10.2.9, after it: "-h" before digits is a separator.
// - netscaler: only the numbers count: "13.1-49.15" (release 13.1, build 49.15) is the same as
//   the SNMP form "NS13.1: Build 49.15.nc".
// - sonicos: the numbers up to the build after the first '-' count: "6.5.4.14-109n" (the
//   letter names the platform family) == "6.5.4.14-109", and Gen7's "7.0.1-5035-R1234" (a
//   revision of build 5035) == "7.0.1-5035".

#include <cstdint>
#include <optional>
#include <string_view>

namespace daicho::answers {

enum class VersionScheme : std::uint8_t { standard, pan_os, netscaler, sonicos };

// The scheme a data file names ("standard", "pan-os", "netscaler", "sonicos"); nullopt else.
[[nodiscard]] std::optional<VersionScheme> version_scheme(std::string_view name);

// <0, 0, >0 as a is before, the same as, or after b. Empty compares before everything else.
[[nodiscard]] int compare_versions(std::string_view a, std::string_view b,
                                   VersionScheme scheme = VersionScheme::standard);

// Whether `version` belongs to release line `release`: its first parts equal the release's
// parts ("7.2.8" and "7.2" yes; "7.20.1" and "7.2" no; "Rev.14.01.42" and "14.01" yes).
[[nodiscard]] bool in_release(std::string_view version, std::string_view release,
                              VersionScheme scheme = VersionScheme::standard);

// One CVE JSON 5 "versions" entry with status "affected": exactly `version` when neither bound
// is given, else version <= v < less_than, or version <= v <= less_than_or_equal.
struct VersionRange {
    std::string_view version;
    std::string_view less_than;
    std::string_view less_than_or_equal;
};
[[nodiscard]] bool in_range(std::string_view v, const VersionRange& range,
                            VersionScheme scheme = VersionScheme::standard);

}  // namespace daicho::answers
