#pragma once
// One function per subcommand; cli.cpp parses the options into these structs.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "daicho/ledger/departments.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/survey/words.h"
#include "pipeline/station_gate.h"

namespace daicho::agent {

struct CommonOptions {
    std::filesystem::path db = "daicho.db";
    std::filesystem::path ieee_data;    // IEEE registry directory
    std::filesystem::path config;       // --config / DAICHO_CONFIG; empty: none
    ledger::DepartmentMap departments;  // from `config`, loaded before any command runs
    // --data-dir, else the config's "data_dir"; empty: the built-in knowledge files.
    std::filesystem::path data_dir;
    // Compiled from data_dir before any command runs; every Ledger opened uses it.
    std::shared_ptr<const ledger::Knowledge> knowledge;
    FloodLimits flood;                     // from `config` too
    std::string operator_name;             // the config's "operator"; "" none
    survey::Lang lang = survey::Lang::ja;  // the CLI's messages (cli/messages.h)
};

struct IngestCommand {
    std::vector<std::filesystem::path> captures;
    std::vector<std::string> disabled_decoders;
    bool accept_damaged = false;
    bool quiet = false;
    bool counters = false;
    int absent_days = 30;  // ledger::kDefaultAbsentDays
};

// Each command's format is "" until resolved from --format or -o's extension (cli/output.h).
struct DevicesCommand {
    std::string format;
    bool external = false;  // list the external endpoints instead of the devices
    std::string lang = "ja";       // table headers and categories: ja | en
    std::filesystem::path output;  // empty: stdout
};

struct ExplainCommand {
    std::string device;       // ledger id, MAC, IP address or host name
    std::string lang = "ja";  // labels: ja | en
};

struct AnnotateCommand {
    std::string device;               // ledger id, MAC, IP address or host name
    std::vector<std::string> values;  // key=value; key= removes
    std::string by;                   // who; "": the config's operator, else the OS user
    bool new_department = false;      // a department the config lacks, on purpose
};

struct LedgerCommand {
    std::string kind = "it";       // it (Q8) | medical (Q9)
    std::string format;            // csv | xlsx | json
    std::string lang = "ja";       // ja | en
    std::filesystem::path output;  // empty: stdout (not for xlsx)
};

struct EventsCommand {
    std::string since;               // "" | ISO date/time (UTC) | 7d | 24h
    std::string device;              // "" | ledger id, MAC, IP address or host name
    std::vector<std::string> kinds;  // empty: all
    std::string format;              // table | json | csv | xlsx
    std::string lang = "ja";         // ja | en
    std::filesystem::path output;    // empty: stdout
};

struct DepartmentsCommand {
    std::string format;            // table | json | csv
    std::string lang = "ja";       // ja | en
    std::filesystem::path output;  // empty: stdout
};

struct ConnectionsCommand {
    std::string format;            // table | json | csv | xlsx
    std::string lang = "ja";       // ja | en
    std::filesystem::path output;  // empty: stdout
};

struct ImportLedgerCommand {
    std::filesystem::path file;    // .csv or .xlsx
    std::string sheet;             // xlsx worksheet; "" = the first
    std::vector<std::string> map;  // "header=key"; "header=" ignores the column
    std::size_t header_row = 0;    // 0: found automatically
    std::string kind;              // it | medical | "" (inferred)
    bool clear_empty = false;
    bool dry_run = false;
    std::string by;      // who; "": the config's operator, else the OS user
    std::string format;  // table | json | csv
    std::string lang = "ja";
    std::filesystem::path output;  // the report; empty: stdout
};

int run_ingest(const CommonOptions& common, const IngestCommand& cmd);
int run_devices(const CommonOptions& common, const DevicesCommand& cmd);
int run_explain(const CommonOptions& common, const ExplainCommand& cmd);
int run_annotate(const CommonOptions& common, const AnnotateCommand& cmd);
int run_ledger(const CommonOptions& common, const LedgerCommand& cmd);
int run_events(const CommonOptions& common, const EventsCommand& cmd);
int run_departments(const CommonOptions& common, const DepartmentsCommand& cmd);
int run_connections(const CommonOptions& common, const ConnectionsCommand& cmd);
int run_import_ledger(const CommonOptions& common, const ImportLedgerCommand& cmd);

}  // namespace daicho::agent
