#pragma once
// One function per subcommand; cli.cpp parses the options into these structs.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/survey/time_zone.h"
#include "daicho/survey/words.h"
#include "pipeline/station_gate.h"

namespace daicho::agent {

struct CommonOptions {
    std::filesystem::path db = "daicho.db";
    std::filesystem::path ieee_data;  // IEEE registry directory
    std::filesystem::path config;     // --config / DAICHO_CONFIG; empty: none
    // `config` as read once, before any command runs (the defaults without one): run and
    // prune take their settings from it rather than reading the file again.
    config::Config settings;
    ledger::DepartmentMap departments;  // from `config`, loaded before any command runs
    // --data-dir, else the config's "data_dir"; empty: the built-in knowledge files.
    std::filesystem::path data_dir;
    // Compiled from data_dir before any command runs; every Ledger opened uses it.
    std::shared_ptr<const ledger::Knowledge> knowledge;
    FloodLimits flood;                     // from `config` too
    std::string operator_name;             // the config's "operator"; "" none
    survey::Lang lang = survey::Lang::ja;  // the CLI's messages (cli/messages.h)
    std::string hospital;                  // the config's "hospital"; "" none
    // The config's "time_zone": report times a person reads (default Asia/Tokyo).
    survey::TimeZone time_zone = *survey::TimeZone::load(survey::kDefaultTimeZone);
    int absent_days = ledger::kDefaultAbsentDays;  // the config's "absent_days"
};

struct IngestCommand {
    std::vector<std::filesystem::path> captures;
    std::vector<std::string> disabled_decoders;
    bool accept_damaged = false;
    bool quiet = false;
    bool counters = false;
    int absent_days = 30;  // ledger::kDefaultAbsentDays
};

struct RunCommand {
    std::vector<std::string> interfaces;  // --interface; empty: the config's capture.interfaces
    std::string filter;                   // --filter, for the --interface ones
    int merge_seconds = 0;                // --merge-seconds; 0: the config's (default 5)
    bool console = false;  // --console: in this console, not under the service manager
};

// `daicho service install|remove|start|stop|run` (the Windows service; systemd's on Linux).
struct ServiceCommand {
    std::string name = "daicho";
    RunCommand run;  // `service run`: what `daicho run` does, under the service manager
};

struct ServeCommand {
    std::string listen = "127.0.0.1:8470";
    std::filesystem::path token_file;
    int read_timeout = 10;  // seconds a client has to send its whole request
    // HTTPS (daicho/service/tls.h): a PEM certificate and its key, both or neither.
    std::filesystem::path tls_certificate;
    std::filesystem::path tls_key;
};

struct ConfigCheckCommand {
    std::filesystem::path file;
};

// Each command's format is "" until resolved from --format or -o's extension (cli/output.h).
struct DevicesCommand {
    std::string format;
    bool external = false;         // list the external endpoints instead of the devices
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

// `daicho changes`: the monthly report (ledger/changes.h).
struct ChangesCommand {
    std::string since;           // "" | a date or time in the hospital's zone
    bool since_capture = false;  // the newest capture against the ones before it
    int absent_days = 0;         // 0: the config's (default 30)
    std::string format;          // table | csv | xlsx | json
    std::string lang = "ja";
    std::filesystem::path output;  // empty: stdout
};

struct DepartmentsCommand {
    std::string format;            // table | json | csv
    std::string lang = "ja";       // ja | en
    std::filesystem::path output;  // empty: stdout
};

struct TopologyCommand {
    std::string format;            // svg | dot | json | drawio
    std::string department;        // list this department's devices one by one; "" none
    std::string lang = "ja";       // labels: ja | en
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

// `daicho survey`: the pre-filled answers (issue 14).
struct SurveyCommand {
    std::string as_of;             // YYYY-MM-DD; "" the survey's reference date
    std::string format;            // json | md | html | xlsx
    std::string lang = "ja";       // ja | en
    std::filesystem::path output;  // empty: stdout (not for xlsx)
    // The network picture already drawn (`daicho evidence` draws it once for its pack); empty:
    // the HTML report draws it.
    std::filesystem::path diagram;
};

// `daicho attest KEY [VALUE]`: what a person states for the survey.
struct AttestCommand {
    std::string key;
    std::string value;
    std::string device;  // "" the whole hospital
    std::string by;      // who; "": the config's operator, else the OS user
    std::string date;    // YYYY-MM-DD; "" today (UTC)
    bool list = false;   // list the statements instead
    std::string lang = "ja";
};

struct ImportTrainingCommand {
    std::filesystem::path file;  // .csv or .xlsx
    std::string sheet;
};

// `daicho evidence`: the dated evidence pack (issue 14).
struct EvidenceCommand {
    std::filesystem::path out;  // "": daicho-evidence-YYYY-MM-DD (the hospital's date)
    std::string as_of;          // the survey's reference date; "" its default
    std::string lang = "ja";    // ja | en
};

// `daicho prune`: retention now (ledger/retention.h), with the config's windows.
struct PruneCommand {
    bool dry_run = false;     // count what would go, delete nothing
    std::string lang = "ja";  // the message: ja | en (CommonOptions::lang reads it from argv)
};

int run_ingest(const CommonOptions& common, const IngestCommand& cmd);
int run_run(const CommonOptions& common, const RunCommand& cmd);
int run_config_check(const ConfigCheckCommand& cmd);
int run_serve(const CommonOptions& common, const ServeCommand& cmd);
int run_interfaces(const CommonOptions& common);
int run_service_install(const CommonOptions& common, const ServiceCommand& cmd);
int run_service_remove(const CommonOptions& common, const ServiceCommand& cmd);
int run_service_start(const CommonOptions& common, const ServiceCommand& cmd);
int run_service_stop(const CommonOptions& common, const ServiceCommand& cmd);
int run_service_run(const CommonOptions& common, const ServiceCommand& cmd);
int run_devices(const CommonOptions& common, const DevicesCommand& cmd);
int run_explain(const CommonOptions& common, const ExplainCommand& cmd);
int run_annotate(const CommonOptions& common, const AnnotateCommand& cmd);
int run_ledger(const CommonOptions& common, const LedgerCommand& cmd);
int run_events(const CommonOptions& common, const EventsCommand& cmd);
int run_changes(const CommonOptions& common, const ChangesCommand& cmd);
int run_departments(const CommonOptions& common, const DepartmentsCommand& cmd);
int run_topology(const CommonOptions& common, const TopologyCommand& cmd);
int run_connections(const CommonOptions& common, const ConnectionsCommand& cmd);
int run_import_ledger(const CommonOptions& common, const ImportLedgerCommand& cmd);
int run_survey(const CommonOptions& common, const SurveyCommand& cmd);
int run_attest(const CommonOptions& common, const AttestCommand& cmd);
int run_import_training(const CommonOptions& common, const ImportTrainingCommand& cmd);
int run_evidence(const CommonOptions& common, const EvidenceCommand& cmd);
int run_prune(const CommonOptions& common, const PruneCommand& cmd);
// The whole network picture as SVG (topology_command.cpp), for the survey's HTML report.
[[nodiscard]] std::string network_svg(const CommonOptions& common, survey::Lang lang);

}  // namespace daicho::agent
