#include "cli/error_text.h"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/messages.h"

namespace daicho::agent {

namespace {

using collectors::CaptureProblem;
using ledger::ErrorCode;
using ConfigCode = config::ErrorCode;

template <typename Code>
struct Said {
    Code code;
    Msg msg;
    // Which argument is a system's reason (strerror's English), said in the language; 0: none.
    std::size_t reason = 0;
};

constexpr Said<ErrorCode> kLedger[] = {
    {ErrorCode::no_ledger, Msg::err_no_ledger},
    {ErrorCode::empty_ledger, Msg::err_empty_ledger},
    {ErrorCode::not_a_ledger, Msg::err_not_a_ledger},
    {ErrorCode::newer_schema, Msg::err_newer_schema},
    {ErrorCode::older_schema, Msg::err_older_schema},
    {ErrorCode::ledger_directory, Msg::err_ledger_directory},
    {ErrorCode::no_parent, Msg::err_no_parent},
    {ErrorCode::cannot_open, Msg::err_cannot_open, 2},
    {ErrorCode::read_only, Msg::err_read_only},
    {ErrorCode::disk_full, Msg::err_disk_full},
    {ErrorCode::io_error, Msg::err_io_error},
    {ErrorCode::busy, Msg::err_busy},
    {ErrorCode::damaged, Msg::err_damaged},
    {ErrorCode::no_wal, Msg::err_no_wal},
    {ErrorCode::data_not_directory, Msg::err_data_not_directory},
    {ErrorCode::data_unreadable, Msg::err_data_unreadable, 2},
    {ErrorCode::data_syntax, Msg::err_data_syntax},
    {ErrorCode::data_invalid, Msg::err_data_invalid},
    {ErrorCode::table_unreadable, Msg::err_table_unreadable, 2},
    {ErrorCode::table_too_large, Msg::err_table_too_large},
    {ErrorCode::table_invalid, Msg::err_table_invalid},
    {ErrorCode::no_vendor_registry, Msg::err_no_vendor_registry},
    {ErrorCode::unknown_annotation_key, Msg::err_annotation_key},
    {ErrorCode::bad_status, Msg::err_annotation_status},
};

constexpr Said<CaptureProblem> kCapture[] = {
    {CaptureProblem::no_such_file, Msg::err_capture_missing},
    {CaptureProblem::is_directory, Msg::err_capture_directory},
    {CaptureProblem::empty_file, Msg::err_capture_empty},
    {CaptureProblem::not_a_capture, Msg::err_not_a_capture},
    {CaptureProblem::damaged_header, Msg::err_capture_header},
    {CaptureProblem::unsupported_link, Msg::err_link_type},
    {CaptureProblem::damaged, Msg::err_capture_damaged},
    {CaptureProblem::cannot_open, Msg::err_capture_open, 2},
    {CaptureProblem::interface_failed, Msg::err_interface_failed},
    {CaptureProblem::permission_denied, Msg::err_interface_permission},
    {CaptureProblem::bad_filter, Msg::err_bad_filter},
};

// Config problems follow a location line (file, JSON path); their arguments start at {3}.
constexpr Said<ConfigCode> kConfig[] = {
    {ConfigCode::missing_file, Msg::err_config_missing},
    {ConfigCode::unreadable, Msg::err_config_unreadable, 3},
    {ConfigCode::is_directory, Msg::err_config_directory},
    {ConfigCode::too_large, Msg::err_config_too_large},
    {ConfigCode::not_json, Msg::err_config_not_json},
    {ConfigCode::duplicate_key, Msg::err_config_duplicate_key},
    {ConfigCode::too_deep, Msg::err_config_too_deep},
    {ConfigCode::unknown_key, Msg::err_config_unknown_key},
    {ConfigCode::missing_key, Msg::err_config_missing_key},
    {ConfigCode::not_object, Msg::err_config_not_object},
    {ConfigCode::not_array, Msg::err_config_not_array},
    {ConfigCode::not_string, Msg::err_config_not_string},
    {ConfigCode::not_bool, Msg::err_config_not_bool},
    {ConfigCode::empty_value, Msg::err_config_empty},
    {ConfigCode::too_long, Msg::err_config_too_long},
    {ConfigCode::control_characters, Msg::err_config_control},
    {ConfigCode::outer_spaces, Msg::err_config_spaces},
    {ConfigCode::out_of_range, Msg::err_config_range},
    {ConfigCode::bad_cidr, Msg::err_config_bad_cidr},
    {ConfigCode::duplicate_subnet, Msg::err_config_dup_subnet},
    {ConfigCode::duplicate_vlan, Msg::err_config_dup_vlan},
    {ConfigCode::duplicate_domain, Msg::err_config_dup_domain},
    {ConfigCode::duplicate_name, Msg::err_config_dup_name},
    {ConfigCode::duplicate_interface, Msg::err_config_dup_interface},
    {ConfigCode::unknown_site, Msg::err_config_unknown_site},
    {ConfigCode::bad_time_zone, Msg::err_config_time_zone},
    {ConfigCode::unknown_filing_class, Msg::err_config_filing_class},
    {ConfigCode::bad_filing_ledger, Msg::err_config_filing_ledger},
    {ConfigCode::not_one_of, Msg::err_config_not_one_of},
    {ConfigCode::half_pair, Msg::err_config_half_pair},
};

template <typename Code, std::size_t N>
std::optional<Said<Code>> find(const Said<Code> (&table)[N], Code code) {
    for (const auto& s : table) {
        if (s.code == code) {
            return s;
        }
    }
    return std::nullopt;
}

// strerror's (and our own) English for the reasons a person meets most, in the language;
// any other is shown as the system gave it.
std::string reason(std::string_view text, survey::Lang lang) {
    static constexpr std::pair<std::string_view, Msg> kReasons[] = {
        {"No such file or directory", Msg::err_reason_no_file},
        {"no such file", Msg::err_reason_no_file},
        {"Permission denied", Msg::err_reason_permission},
        {"Read-only file system", Msg::err_reason_read_only_fs},
        {"No space left on device", Msg::err_reason_no_space},
        {"not a regular file", Msg::err_reason_not_regular},
    };
    for (const auto& [english, msg] : kReasons) {
        if (text == english) {
            return message(msg, lang);
        }
    }
    return std::string(text);
}

// ledger::parse_prefix's reason in the language: "needs a prefix length (X for one address)",
// "has host bits set (the prefix is X)", "is not an IPv4 or IPv6 prefix[ (the length is at
// most N)]". Another is shown as given.
std::string prefix_reason(std::string_view why, survey::Lang lang) {
    const auto between = [why](std::string_view open, std::string_view close) {
        const auto from = why.find(open);
        const auto to = why.rfind(close);
        return from == std::string_view::npos || to == std::string_view::npos ||
                       to < from + open.size()
                   ? std::string()
                   : std::string(why.substr(from + open.size(), to - from - open.size()));
    };
    if (why.starts_with("needs a prefix length (")) {
        return message(Msg::err_cidr_no_length, lang, {between("(", " for one address)")});
    }
    if (why.starts_with("has host bits set (")) {
        return message(Msg::err_cidr_host_bits, lang, {between("(the prefix is ", ")")});
    }
    if (why.starts_with("is not an IPv4 or IPv6 prefix (")) {
        return message(Msg::err_cidr_max_length, lang, {between("at most ", ")")});
    }
    if (why == "is not an IPv4 or IPv6 prefix") {
        return message(Msg::err_cidr_not_prefix, lang);
    }
    return std::string(why);
}

// The message `said` names with `args` as {1}, {2}, ... (templates use at most five).
template <typename Code>
std::string say(const Said<Code>& said, std::vector<std::string> args, survey::Lang lang) {
    if (said.reason != 0 && said.reason <= args.size()) {
        args[said.reason - 1] = reason(args[said.reason - 1], lang);
    }
    args.resize(5);
    return message(said.msg, lang, {args[0], args[1], args[2], args[3], args[4]});
}

}  // namespace

std::string error_text(const ledger::Error& e, survey::Lang lang) {
    const auto said = find(kLedger, e.code());
    return said ? say(*said, e.args(), lang) : e.what();
}

std::string error_text(const collectors::CaptureError& e, survey::Lang lang) {
    const auto said = find(kCapture, e.problem());
    return said ? say(*said, e.args(), lang) : e.what();
}

std::string error_text(const config::Error& e, survey::Lang lang) {
    const auto& args = e.args();
    auto said = find(kConfig, e.code());
    if (!said || args.empty()) {
        return e.what();
    }
    if (e.code() == ConfigCode::unknown_site && args.size() > 3 && args[3].empty()) {
        said->msg = Msg::err_config_no_sites;
    }
    std::vector<std::string> shown = args;
    if (e.code() == ConfigCode::bad_cidr && shown.size() > 3) {
        shown[3] = prefix_reason(shown[3], lang);
    }
    // A problem with the file as a whole has no path; one in the top-level object has an
    // empty path too, and says so.
    const bool whole_file = e.code() == ConfigCode::missing_file ||
                            e.code() == ConfigCode::unreadable ||
                            e.code() == ConfigCode::is_directory ||
                            e.code() == ConfigCode::too_large || e.code() == ConfigCode::not_json;
    const std::string at =
        whole_file || args.size() < 2
            ? message(Msg::err_config_file, lang, {args[0]})
            : message(Msg::err_config_at, lang,
                      {args[0], args[1].empty() ? message(Msg::err_config_top, lang) : args[1]});
    return at + say(*said, std::move(shown), lang);
}

}  // namespace daicho::agent
