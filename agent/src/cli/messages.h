#pragma once
// The CLI's own messages, in Japanese (the product's default language) and English: one table
// (messages.cpp), each message a template with {1}, {2} ... for its arguments. The language is
// chosen once per run: --lang en on the command line, else the locale (LC_ALL, LC_MESSAGES,
// LANG in POSIX order) when it is English, else Japanese. Report tables keep their own word
// table (survey/words.h); this one holds what the CLI itself says.

#include <initializer_list>
#include <string>
#include <string_view>

#include "daicho/survey/words.h"

namespace daicho::agent {

enum class Msg {
    no_device,            // {1} db, {2} what was typed
    ambiguous_device,     // {1} what was typed, {2} how many
    not_a_device,         // {1} what was typed
    did_you_mean,         // {1} the suggestion
    help_hint,            //
    format_mismatch,      // {1} --format value, {2} the -o file
    format_not_here,      // {1} the -o file, {2} the formats this command writes
    xlsx_needs_output,    //
    bad_value,            // {1} key, {2} value, {3} valid values
    unknown_department,   // {1} department, {2} nearest names
    no_departments,       // {1} department
    history_recorded,     // {1} who
    annotate_device,      // {1} ledger id, {2} MAC
    annotate_none,        //
    annotate_value,       // {1} key, {2} value, {3} where it came from
    changes_needs_since,  //
    bad_since,            // {1} what was typed
    no_capture_times,     //
    // ingest
    vendors_unavailable,   // {1} why
    nothing_ingested,      //
    known_prefix,          // {1} file, {2} frames known, {3} known as, {4} frames added
    station_flood,         // {1} file, {2} from, {3} to, {4} stations, {5} burst, {6} a minute
    damaged_kept,          // {1} frames kept, {2} the damage
    capture_skipped,       // {1} file, {2} why
    already_ingested,      // {1} file, {2} the capture it is known as
    capture_not_recorded,  // {1} the failure
    skipped_more,          // {1} how many
    ingest_summary,        // {1} ingested, {2} captures given, {3} already, {4} failed, {5} frames,
                           // {6} devices new, {7} updated, {8} events, {9} decode errors
    ingest_seconds,        // {1} seconds
    ingest_floods,         // {1} floods, {2} stations not stored
    connections_without_plan,  // {1} captures whose inside was decided by RFC 1918/ULA
    connections_evicted,       // {1} conversations evicted
    connections_none,          //
    ingest_connections,        // {1} new external connection points
    capture_connections_evicted,  // {1} file, {2} conversations evicted
    // notes of the reading commands
    no_department_map,         //
    no_address_plan,           //
    external_stations,         // {1} stations outside the address plan
    survey_no_diagram,         // {1} why
    import_invalid,            // {1} file, {2} invalid cells or columns
    // retention (`daicho prune`): {1} events, {2} events_days, {3} superseded facts,
    // {4} superseded addresses, {5} address facts, {6} connection points, {7} evidence_days,
    // {8} seconds
    prune_done,
    prune_dry_run,
    // live capture and the service (issue 17)
    capture_library_missing,   // {1} library (Npcap, libpcap), {2} where to get it, {3} why
    interfaces_none,           //
    service_installed,         // {1} name, {2} command line's config, {3} ledger
    service_removed,           // {1} name
    service_started,           // {1} name
    service_stopped,           // {1} name
    // daicho run and daicho serve (the daemon's log: journalctl -u daicho)
    run_no_interface,          //
    run_capturing,             // {1} interfaces, {2} ledger, {3} seconds between writes
    run_capture_stats,         // {1} interface, {2} frames, {3} kernel drops, {4} interface drops
    run_interface_failed,      // {1} why
    run_retrying,              // {1} why
    run_waiting_status,        // (systemctl status)
    run_capturing_again,       // {1} interfaces
    run_reloaded,              //
    run_reload_refused,        // {1} why
    run_status_not_stored,     // {1} why
    run_summary,               // {1} frames, {2} interfaces, {3} devices new, {4} updated,
                               // {5} events
    // the daemon's upkeep thread (schedule/upkeep.h)
    upkeep_pruned,             // {1} events, {2} events_days, {3} evidence rows, {4} evidence_days,
                               // {5} milliseconds
    upkeep_prune_failed,       // {1} why
    upkeep_pack_filed,         // {1} the pack's folder
    upkeep_export_failed,      // {1} export.dir, {2} why
    upkeep_packs_go,           // {1} export.dir, {2} monthly | weekly | daily
    api_listening,             // {1} URL
    serve_listening,           // {1} URL, {2} ledger

    // Errors the libraries raise, said from their codes and arguments (cli/error_text.cpp).
    // The ledger file ({1} file)
    err_no_ledger,         //
    err_empty_ledger,      //
    err_not_a_ledger,      //
    err_newer_schema,      // {2} its schema version, {3} this daicho's
    err_older_schema,      // {2} its schema version, {3} this daicho's
    err_ledger_directory,  //
    err_no_parent,         // {2} the missing directory
    err_cannot_open,       // {2} the system's reason
    err_read_only,         //
    err_disk_full,         //
    err_io_error,          // {2} SQLite's reason
    err_busy,              //
    err_damaged,           // {2} SQLite's reason
    err_no_wal,            // {2} journal mode
    // knowledge data files ({1} file or directory)
    err_data_not_directory,  //
    err_data_unreadable,     // {2} the system's reason
    err_data_syntax,         // {2} line, {3} column, {4} the parser's words
    err_data_invalid,        // {2} where and the problem
    // tables read in ({1} file)
    err_table_unreadable,  // {2} the reason
    err_table_too_large,   // {2} bytes
    err_table_invalid,     // {2} the problem
    // captures ({1} file or interface)
    err_capture_missing,       //
    err_capture_directory,     //
    err_capture_empty,         //
    err_not_a_capture,         //
    err_capture_header,        // {2} libpcap's words
    err_link_type,             // {2} link type
    err_capture_damaged,       // {2} frames before, {3} near byte, {4} size, {5} libpcap's words
    err_capture_open,          // {2} the system's reason
    err_interface_failed,      // {2} libpcap's reason
    err_interface_permission,  // {2} libpcap's reason
    err_bad_filter,            // {2} filter, {3} libpcap's reason
    // the config file: a location line, then the problem ({1} file, {2} JSON path)
    err_config_at,             // {1} file, {2} path
    err_config_file,           // {1} file (the problem is with the file as a whole)
    err_config_top,            // what stands for an empty path: the top level
    err_config_missing,        //
    err_config_unreadable,     // {3} the system's reason
    err_config_directory,      //
    err_config_too_large,      // {3} MiB
    err_config_not_json,       // {3} line, {4} column, {5} the parser's words
    err_config_duplicate_key,  // {3} key
    err_config_too_deep,       // {3} levels
    err_config_unknown_key,    // {3} key, {4} known keys
    err_config_missing_key,    // {3} key
    err_config_not_object,     // {3} value
    err_config_not_array,      // {3} value
    err_config_not_string,     // {3} value
    err_config_not_bool,       // {3} value
    err_config_empty,          //
    err_config_too_long,       // {3} value, {4} bytes
    err_config_control,        // {3} value
    err_config_spaces,         // {3} value
    err_config_range,          // {3} value, {4} min, {5} max
    err_config_bad_cidr,       // {3} value, {4} the reason
    err_config_dup_subnet,     // {3} prefix, {4} where it is already
    err_config_dup_vlan,       // {3} VLAN, {4} where it is already
    err_config_dup_domain,     // {3} domain, {4} where it is already
    err_config_dup_name,       // {3} name, {4} where it is already
    err_config_dup_interface,  // {3} interface
    err_config_unknown_site,   // {3} site, {4} the sites
    err_config_no_sites,       // {3} site
    err_config_time_zone,      // {3} zone
    err_config_filing_class,   // {3} class, {4} known classes
    err_config_filing_ledger,  // {3} value
    // the system's reasons that a person meets most (strerror's English, said in the language)
    err_reason_no_file,       //
    err_reason_permission,    //
    err_reason_read_only_fs,  //
    err_reason_no_space,      //
    err_reason_not_regular,   //
    // why a config value is no subnet (ledger::parse_prefix's reasons)
    err_cidr_not_prefix,     //
    err_cidr_max_length,     // {1} the longest length
    err_cidr_no_length,      // {1} the prefix for one address
    err_cidr_host_bits,      // {1} the prefix meant
    err_no_vendor_registry,  // {1} directory
    err_annotation_key,      // {1} ledger, {2} key, {3} the keys
    err_annotation_status,   // {1} ledger, {2} value
    err_config_not_one_of,   // {3} value, {4} the values it may be
    err_config_half_pair,    // {3} key given, {4} key missing
};

// Language of the CLI's messages for this run (see above); `argv` is scanned, not parsed.
[[nodiscard]] survey::Lang message_lang(int argc, char** argv);
// The --lang option's default when it is not given: English under an English locale.
[[nodiscard]] survey::Lang locale_lang();

// The message in `lang` with {N} replaced by args[N-1].
[[nodiscard]] std::string message(Msg id, survey::Lang lang,
                                  std::initializer_list<std::string_view> args = {});

}  // namespace daicho::agent
