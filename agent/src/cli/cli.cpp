#include "cli/cli.h"

// GCC 12 reports a "potential null pointer dereference" inside CLI11's own string helpers
// (CLI::detail::split, inlined here) depending on how many options this file registers; it
// is in the library's std::vector<std::string> growth, not in our code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <CLI/CLI.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/suggest.h"
#include "cli/text.h"
#include "config/config.h"
#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

namespace {

void add_common(CLI::App& sub, CommonOptions& common) {
    sub.add_option("--db", common.db, "Ledger file (SQLite); default ./daicho.db")
        ->envname("DAICHO_DB");
    sub.add_option("--ieee-data", common.ieee_data,
                   "Directory of the IEEE OUI registries (oui.csv, mam.csv, oui36.csv)")
        ->envname("DAICHO_IEEE_DATA");
    sub.add_option("--config", common.config,
                   "Config file (JSON: departments and sites); default none")
        ->envname("DAICHO_CONFIG");
    sub.add_option("--data-dir", common.data_dir,
                   "Directory of knowledge files (classification_rules.json, medical_makers.json, "
                   "software_patterns.json, windows_builds.json, dicom_uids.json) replacing the "
                   "built-in ones, file by file")
        ->envname("DAICHO_DATA_DIR");
}

// What a person probably meant when parsing failed: for a word that names no subcommand where
// one is expected, the nearest subcommand; for an unknown --option, the nearest option of the
// command it was given to (or of the commands around it). "" when nothing is near enough.
std::string suggestion(const CLI::App& app, int argc, char** argv) {
    const CLI::App* cmd = &app;
    bool value_next = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg(argv[i]);
        if (value_next) {
            value_next = false;
            continue;
        }
        if (arg == "--") {
            break;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            const std::string name = arg.substr(0, arg.find('='));
            const CLI::Option* opt = nullptr;
            for (const CLI::App* c = cmd; c != nullptr && opt == nullptr; c = c->get_parent()) {
                opt = c->get_option_no_throw(name);
            }
            if (opt != nullptr) {
                value_next = opt->get_type_size_max() > 0 && arg.find('=') == std::string::npos;
                continue;
            }
            if (!name.starts_with("--")) {
                return {};  // -x: too short to guess from
            }
            std::vector<std::string> names;
            for (const CLI::App* c = cmd; c != nullptr; c = c->get_parent()) {
                for (const CLI::Option* o : c->get_options()) {
                    for (const auto& l : o->get_lnames()) {
                        names.push_back("--" + l);
                    }
                }
            }
            const auto near = nearest(name, names, 1, typo_distance(name));
            return near.empty() ? std::string() : near.front();
        }
        std::vector<std::string> subcommands;
        const CLI::App* next = nullptr;
        for (const CLI::App* sub : cmd->get_subcommands(
                 std::function<bool(const CLI::App*)>([](const CLI::App*) { return true; }))) {
            subcommands.push_back(sub->get_name());
            if (sub->get_name() == arg) {
                next = sub;
            }
        }
        if (next != nullptr) {
            cmd = next;
            continue;
        }
        const bool takes_words =
            !cmd->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
        if (!subcommands.empty() && !takes_words) {
            const auto near = nearest(arg, subcommands, 1, typo_distance(arg));
            return near.empty() ? std::string() : near.front();
        }
    }
    return {};
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app{
        "daicho (台帳): passive asset ledger for hospital LANs.\n"
        "Reads packet captures (or, later, a mirror port), keeps a SQLite ledger of every\n"
        "device seen, and exports it."};
    app.set_version_flag("--version", std::string("daicho ") + DAICHO_VERSION);
    app.require_subcommand(1);

    CommonOptions common;
    common.ieee_data = DAICHO_IEEE_DATA_DIR;
    common.lang = message_lang(argc, argv);
    // Every --lang defaults to the locale's language: Japanese unless it is English.
    const std::string locale = locale_lang() == survey::Lang::en ? "en" : "ja";
    // Global, before the subcommand too (`daicho --config FILE devices`).
    app.add_option("--config", common.config,
                   "Config file (JSON: departments and sites); default none")
        ->envname("DAICHO_CONFIG");
    app.add_option("--data-dir", common.data_dir,
                   "Directory of knowledge files replacing the built-in ones, file by file")
        ->envname("DAICHO_DATA_DIR");

    IngestCommand ingest;
    auto* ingest_cmd = app.add_subcommand(
        "ingest", "Read pcap/pcapng captures into the ledger (each file all-or-nothing)");
    add_common(*ingest_cmd, common);
    ingest_cmd->add_option("captures", ingest.captures, "Capture files (pcap or pcapng)")
        ->required();
    ingest_cmd->add_option("--disable", ingest.disabled_decoders,
                           "Switch a decoder off by name (repeatable)");
    ingest_cmd->add_flag("--accept-damaged", ingest.accept_damaged,
                         "Keep the frames before the damage in a capture that is cut off, "
                         "instead of refusing the file");
    ingest_cmd->add_flag("-q,--quiet", ingest.quiet, "No progress bar");
    ingest_cmd->add_flag("--counters", ingest.counters,
                         "Print the per-decoder counters after the summary");
    ingest.absent_days = ledger::kDefaultAbsentDays;
    ingest_cmd
        ->add_option("--absent-days", ingest.absent_days,
                     "A device unseen this many days is recorded as absent (default 30)")
        ->check(CLI::Range(1, 3650));

    DevicesCommand devices;
    devices.lang = locale;
    auto* devices_cmd = app.add_subcommand("devices", "List the devices in the ledger");
    add_common(*devices_cmd, common);
    devices_cmd
        ->add_option("--format", devices.format,
                     "table, json or csv (default: -o's extension, else table)")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    devices_cmd->add_option("--lang", devices.lang, "Table headers and categories: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    devices_cmd->add_option("-o,--output", devices.output, "Write to FILE instead of stdout");
    devices_cmd->add_flag("--external", devices.external,
                          "List the external endpoints instead: stations on a captured link "
                          "whose every address is outside the address plan (an ISP's router)");

    ExplainCommand explain;
    explain.lang = locale;
    auto* explain_cmd = app.add_subcommand(
        "explain", "Show why a device got its category: the rules that fired and their evidence");
    add_common(*explain_cmd, common);
    explain_cmd
        ->add_option("device", explain.device, "Device: ledger id, MAC, IP address or host name")
        ->required();
    explain_cmd->add_option("--lang", explain.lang, "Labels: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));

    AnnotateCommand annotate;
    auto* annotate_cmd = app.add_subcommand(
        "annotate",
        "Record what a person knows about a device (location, user, asset tag, category, ...)");
    add_common(*annotate_cmd, common);
    annotate_cmd
        ->add_option("device", annotate.device, "Device: ledger id, MAC, IP address or host name")
        ->required();
    annotate_cmd->add_option("values", annotate.values,
                             "key=value ... (key= removes). Keys: asset_tag name category "
                             "subtype role location department owner_dept user custodian model "
                             "serial maint_vendor maint_until remote_maint status note. "
                             "category and status in Japanese or English (医療機器 or medical)");
    annotate_cmd->add_option("--by", annotate.by,
                             "Who records this (kept in the history); default: the config's "
                             "operator, else the OS user");
    annotate_cmd->add_flag("--new-department", annotate.new_department,
                           "Accept a department (or owner_dept) the config does not name");

    LedgerCommand ledger_opts;
    ledger_opts.lang = locale;
    auto* ledger_cmd = app.add_subcommand(
        "ledger", "Write the survey ledger: Q8 IT devices (--kind it) or Q9 medical devices");
    add_common(*ledger_cmd, common);
    ledger_cmd->add_option("--kind", ledger_opts.kind, "it (Q8 情報機器台帳) or medical (Q9)")
        ->check(CLI::IsMember({"it", "medical"}));
    ledger_cmd
        ->add_option("--format", ledger_opts.format,
                     "csv, xlsx or json (default: -o's extension, else csv)")
        ->check(CLI::IsMember({"csv", "xlsx", "json"}));
    ledger_cmd->add_option("--lang", ledger_opts.lang, "Column headers: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    ledger_cmd->add_option("-o,--output", ledger_opts.output,
                           "Write to FILE instead of stdout (required for xlsx)");

    EventsCommand events;
    events.lang = locale;
    auto* events_cmd = app.add_subcommand(
        "events",
        "List the ledger's history: new devices, address, name, version and category "
        "changes, absent and returned devices");
    add_common(*events_cmd, common);
    events_cmd->add_option("--since", events.since,
                           "From WHEN: a UTC date or time (2026-03-01, 2026-03-01T09:00) or a "
                           "span back from the newest event (7d, 24h)");
    events_cmd->add_option("--device", events.device,
                           "Only this device: id, MAC, IP address or host name");
    std::vector<std::string> kind_ids;
    for (const auto& k : ledger::kEventKinds) {
        kind_ids.emplace_back(k);
    }
    events_cmd->add_option("--kind", events.kinds, "Only this kind (repeatable)")
        ->check(CLI::IsMember(kind_ids));
    events_cmd
        ->add_option("--format", events.format,
                     "table, json, csv or xlsx (default: -o's extension, else table)")
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
    events_cmd->add_option("--lang", events.lang, "Labels and headers: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    events_cmd->add_option("-o,--output", events.output, "Write to FILE instead of stdout");

    DepartmentsCommand departments;
    departments.lang = locale;
    auto* departments_cmd = app.add_subcommand(
        "departments",
        "Devices per site and department (--config), then the devices no mapping covers");
    add_common(*departments_cmd, common);
    departments_cmd
        ->add_option("--format", departments.format,
                     "table, json or csv (default: -o's extension, else table)")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    departments_cmd->add_option("--lang", departments.lang, "ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    departments_cmd->add_option("-o,--output", departments.output,
                                "Write to FILE instead of stdout");

    ConnectionsCommand connections;
    connections.lang = locale;
    auto* connections_cmd = app.add_subcommand(
        "connections",
        "External connection points per department (Q10): VPN, remote control, web ...; "
        "those opened from outside first, each with its evidence");
    add_common(*connections_cmd, common);
    connections_cmd
        ->add_option("--format", connections.format,
                     "table, json, csv or xlsx (default: -o's extension, else table)")
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
    connections_cmd->add_option("--lang", connections.lang, "Labels and headers: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    connections_cmd->add_option("-o,--output", connections.output,
                                "Write to FILE instead of stdout (required for xlsx)");

    ImportLedgerCommand import_ledger;
    import_ledger.lang = locale;
    auto* import_cmd = app.add_subcommand("import", "Bring a hospital's own records in");
    import_cmd->require_subcommand(1);
    auto* import_ledger_cmd = import_cmd->add_subcommand(
        "ledger",
        "Import a ledger (CSV or XLSX) as annotations: rows matched to devices by MAC, IP, host "
        "name; unmatched rows and unlisted devices reported");
    add_common(*import_ledger_cmd, common);
    import_ledger_cmd->add_option("file", import_ledger.file, "The ledger: FILE.csv or FILE.xlsx")
        ->required();
    import_ledger_cmd->add_option("--sheet", import_ledger.sheet,
                                  "XLSX worksheet to read (default: the first)");
    import_ledger_cmd->add_option("--map", import_ledger.map,
                                  "\"header=key\": read that column as key (annotation key, mac, "
                                  "ip or hostname); \"header=\" ignores it (repeatable)");
    import_ledger_cmd
        ->add_option("--header-row", import_ledger.header_row,
                     "Row number of the header (default: found in the first rows)")
        ->check(CLI::PositiveNumber);
    import_ledger_cmd
        ->add_option("--kind", import_ledger.kind,
                     "it or medical: which devices count as missing from the ledger "
                     "(default: from the headers, else it)")
        ->check(CLI::IsMember({"it", "medical"}));
    import_ledger_cmd->add_flag("--clear-empty", import_ledger.clear_empty,
                                "An empty cell removes the annotation (default: leaves it)");
    import_ledger_cmd->add_flag("--dry-run", import_ledger.dry_run,
                                "Show what would change; write nothing");
    import_ledger_cmd->add_option("--by", import_ledger.by,
                                  "Who records this (kept in the history); default: the "
                                  "config's operator, else the OS user");
    import_ledger_cmd
        ->add_option("--format", import_ledger.format,
                     "Report: table, json or csv (default: -o's extension, else "
                     "table)")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    import_ledger_cmd->add_option("--lang", import_ledger.lang, "Report language: ja or en")
        ->check(CLI::IsMember({"ja", "en"}));
    import_ledger_cmd->add_option("-o,--output", import_ledger.output,
                                  "Write the report to FILE instead of stdout");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help, --version
            return app.exit(e) == 0 ? kExitOk : kExitUsage;
        }
        // CLI11's own message, with the prefix every error has and what was probably meant.
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        if (const auto near = suggestion(app, argc, argv); !near.empty()) {
            std::cerr << "daicho: " << message(Msg::did_you_mean, common.lang, {near}) << '\n';
        }
        std::cerr << message(Msg::help_hint, common.lang) << '\n';
        return kExitUsage;
    }

    // The reporting boundary: every stage error becomes one line and a non-zero status.
    try {
        // Before any command touches the ledger: a bad config stops the run with the ledger as
        // it was.
        if (!common.config.empty()) {
            auto loaded = config::load(common.config);
            common.departments = std::move(loaded.departments);
            common.flood = loaded.flood;
            common.operator_name = std::move(loaded.operator_name);
            if (common.data_dir.empty()) {
                common.data_dir = loaded.data_dir;
            }
        }
        // A broken knowledge file stops the run before the ledger is opened.
        common.knowledge = common.data_dir.empty() ? ledger::Knowledge::builtin()
                                                   : ledger::Knowledge::load(common.data_dir);
        if (*ingest_cmd) {
            return run_ingest(common, ingest);
        }
        if (*devices_cmd) {
            return run_devices(common, devices);
        }
        if (*explain_cmd) {
            return run_explain(common, explain);
        }
        if (*annotate_cmd) {
            return run_annotate(common, annotate);
        }
        if (*ledger_cmd) {
            return run_ledger(common, ledger_opts);
        }
        if (*events_cmd) {
            return run_events(common, events);
        }
        if (*departments_cmd) {
            return run_departments(common, departments);
        }
        if (*connections_cmd) {
            return run_connections(common, connections);
        }
        if (*import_ledger_cmd) {
            return run_import_ledger(common, import_ledger);
        }
    } catch (const CliError& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        for (const auto& line : e.details()) {
            std::cerr << "  " << escape_control(line) << '\n';
        }
        return e.status();
    } catch (const config::Error& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    } catch (const ledger::Error& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    } catch (const collectors::CaptureError& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    } catch (const std::invalid_argument& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    }
    return kExitUsage;
}

}  // namespace daicho::agent
