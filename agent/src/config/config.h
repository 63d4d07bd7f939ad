#pragma once
// daicho's config file (`--config FILE` or DAICHO_CONFIG): one JSON object. For now it holds
// the department map ("sites", "departments"; README "Config file") and the flood budget
// ("flood": new_stations_burst, new_stations_per_minute) and the filing of the classes
// hospitals file differently ("ledger_filing", into departments.filing); later sections join it
// here. Validation is strict because a typo must never be silently ignored: unknown keys,
// wrong types, bad prefixes, duplicate names, a prefix / VLAN / domain given twice, and
// duplicate JSON keys are all refused with the file and the JSON path of the offending value.
// "_comment" (a string or an array of strings) is accepted in every object: JSON has no
// comments.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/live_capture.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/error.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/retention.h"
#include "daicho/survey/time_zone.h"
#include "pipeline/station_gate.h"
#include "schedule/export_schedule.h"

namespace daicho::agent::config {

// What is wrong with a config file, as data, so the CLI says it in the user's language from
// its own message table without parsing English. The comment lists args() in order; {1} is
// always the file, {2} the JSON path of the value ("departments[2].subnets[0]", empty for the
// file as a whole). `other` is said by what() alone.
enum class ErrorCode : std::uint8_t {
    other,
    missing_file,          // {1} file
    unreadable,            // {1} file, {2} path, {3} the system's reason
    is_directory,          // {1} file
    too_large,             // {1} file, {2} path, {3} the limit in MiB
    not_json,              // {1} file, {2} path, {3} line, {4} column, {5} the parser's words
    duplicate_key,         // {1} file, {2} path, {3} key
    too_deep,              // {1} file, {2} path, {3} levels
    unknown_key,           // {1} file, {2} path, {3} key, {4} the known keys
    missing_key,           // {1} file, {2} path, {3} key
    not_object,            // {1} file, {2} path, {3} the value
    not_array,             // {1} file, {2} path, {3} the value
    not_string,            // {1} file, {2} path, {3} the value
    not_bool,              // {1} file, {2} path, {3} the value
    empty_value,           // {1} file, {2} path
    too_long,              // {1} file, {2} path, {3} the value, {4} the limit in bytes
    control_characters,    // {1} file, {2} path, {3} the value
    outer_spaces,          // {1} file, {2} path, {3} the value
    out_of_range,          // {1} file, {2} path, {3} the value, {4} min, {5} max
    bad_cidr,              // {1} file, {2} path, {3} the value, {4} the reason
    duplicate_subnet,      // {1} file, {2} path, {3} the prefix, {4} where it is already
    duplicate_vlan,        // {1} file, {2} path, {3} the VLAN, {4} where it is already
    duplicate_domain,      // {1} file, {2} path, {3} the domain, {4} where it is already
    duplicate_name,        // {1} file, {2} path, {3} the name, {4} where it is already
    duplicate_interface,   // {1} file, {2} path, {3} the interface
    unknown_site,          // {1} file, {2} path, {3} the site, {4} the sites (empty: none)
    bad_time_zone,         // {1} file, {2} path, {3} the zone
    unknown_filing_class,  // {1} file, {2} path, {3} the class, {4} the known classes
    bad_filing_ledger,     // {1} file, {2} path, {3} the value
    not_one_of,            // {1} file, {2} path, {3} the value, {4} the values it may be
    half_pair,             // {1} file, {2} path, {3} the key given, {4} the key missing
};

// A bad or unreadable config file. what() is one English line: "FILE: PATH: problem".
using Error = ledger::CodedError<ErrorCode>;

// "capture": what `daicho run` captures, and how often it writes the ledger.
struct CaptureSettings {
    std::vector<collectors::LiveInterface> interfaces;  // "interfaces": [{name, filter, ...}]
    int merge_seconds = 5;   // how often the captured rows go into the ledger (1-3600)
    int stats_seconds = 60;  // how often capture statistics are logged and stored (10-86400)
};

// "api": the HTTP API `daicho run` serves beside its capture (api/routes.h).
struct ApiSettings {
    std::string listen;                // "127.0.0.1:8470"; empty: no API
    std::filesystem::path token_file;  // required with listen; relative to the config file
    // HTTPS: a PEM certificate (chain) and its unencrypted key, both or neither, relative to
    // the config file; check_api_files() checks that they load and belong together. Empty:
    // plain HTTP.
    std::filesystem::path tls_certificate;
    std::filesystem::path tls_key;
};

struct Config {
    std::filesystem::path path;  // empty when no config file was given
    ledger::DepartmentMap departments;
    // "data_dir": knowledge files (classification_rules.json, ...) replacing the built-in ones;
    // a relative path is relative to the config file's directory. Empty: none.
    std::filesystem::path data_dir;
    FloodLimits flood;  // "flood": the budget for new stations
    // "operator": who annotates with this config ("情報システム部 山田"), recorded in the
    // annotation history unless --by names someone else. Empty: the OS user.
    std::string operator_name;
    // "hospital": the hospital's name for the workbooks' title block. Empty: none.
    std::string hospital;
    // "time_zone": the zone report times are printed in (default Asia/Tokyo).
    survey::TimeZone time_zone = *survey::TimeZone::load(survey::kDefaultTimeZone);
    // "absent_days": a device unseen this long is gone (`changes`) or absent (`ingest`).
    int absent_days = ledger::kDefaultAbsentDays;
    CaptureSettings capture;  // "capture": `daicho run`'s interfaces and intervals
    ApiSettings api;          // "api": its HTTP API
    // "retention": {"events_days", "evidence_days"}: what `daicho run` (daily) and `daicho
    // prune` keep (ledger/retention.h; 400 days each by default).
    ledger::Retention retention;
    // "export": {"dir", "schedule", "keep"}: the evidence pack `daicho run` files on schedule
    // (schedule/export_schedule.h). No "dir": no scheduled export.
    ExportSettings exports;
};

// Reads and validates `file`. Throws Error; nothing is partly loaded.
[[nodiscard]] Config load(const std::filesystem::path& file);

// The API's certificate and key load and belong together (api.tls_*). Throws Error naming the
// key. Only what serves the API calls it (run, its reload, config check): the key is readable
// by the service's group alone, and a person's `daicho devices --config FILE` never reads it.
void check_api_files(const Config& config);

// The same for text in memory; `name` stands for the file in messages.
[[nodiscard]] Config parse(std::string_view text, const std::string& name);

}  // namespace daicho::agent::config
