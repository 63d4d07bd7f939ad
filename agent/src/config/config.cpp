// The config file loader (config.h). It lives in agent because loading and validating
// configuration is the executable's job (ARCHITECTURE.md); what the values mean (prefixes,
// resolution) belongs to the ledger (daicho/ledger/departments.h).
// Messages name the file and the JSON path of the offending value, e.g.
//   daicho.json: departments[2].subnets[0]: "10.1.300.0/24" is not an IPv4 or IPv6 prefix

#include "config/config.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "daicho/ledger/data_file.h"
#include "daicho/service/tls.h"

namespace daicho::agent::config {

namespace {

using Json = nlohmann::json;

// A config file is a few kilobytes; anything this large is the wrong file (a capture, a DB).
constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t{4} * 1024 * 1024;
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::int64_t kMaxVlan = 4094;  // IEEE 802.1Q §9.6: 0 and 4095 are reserved
constexpr std::int64_t kMaxDomain = 0x7FFFFFFF;
constexpr std::size_t kMaxShownValue = 80;
// A budget past ten million stations is no budget: the gate's table would not be bounded.
constexpr std::int64_t kMaxStationBudget = 10'000'000;
// The format is three levels deep; a deeper file is a mistake, and a bound keeps the
// recursive parts of nlohmann (dump) off deep input.
constexpr int kMaxDepth = 16;

// The value as the file spells it, cut for a one-line message.
std::string shown(const Json& v) {
    std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > kMaxShownValue) {
        s.resize(kMaxShownValue);
        s += "…";
    }
    return s;
}

// nlohmann's message without its "[json.exception.parse_error.101] " id.
std::string without_id(const std::string& what) {
    const auto id_end = what.find("] ");
    return id_end == std::string::npos ? what : what.substr(id_end + 2);
}

std::string at_index(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

std::string at_key(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Where each prefix / VLAN / domain was first given, to refuse the same one given twice.
template <typename Value>
struct Seen {
    Value value;
    std::string path;
    std::size_t owner;  // index of the site or department
};

class Loader {
   public:
    explicit Loader(std::string name) : name_(std::move(name)) {}

    Config load(const Json& root) {
        if (!root.is_object()) {
            fail("", ErrorCode::not_object, {shown(root)},
                 std::string("the top level must be an object, not ") +
                     (root.is_array() ? "an array" : std::string("a ") + root.type_name()));
        }
        check_keys(root, "",
                   {"sites", "departments", "internal_ranges", "data_dir", "flood", "ledger_filing",
                    "operator", "hospital", "time_zone", "absent_days", "capture", "api",
                    "retention", "export"});
        Config config;
        // Knowledge files replacing the built-in ones (ledger/knowledge.h); read when loaded.
        config.data_dir = name_at(root, "data_dir", "", false);
        // Who writes annotations with this config (the history's "who"), unless --by says.
        config.operator_name = name_at(root, "operator", "", false);
        // The title block of the workbooks and the reports.
        config.hospital = name_at(root, "hospital", "", false);
        // The clock a person reads the reports in.
        if (root.contains("time_zone")) {
            const std::string zone = name_at(root, "time_zone", "", true);
            auto loaded = survey::TimeZone::load(zone);
            if (!loaded) {
                fail("time_zone", ErrorCode::bad_time_zone, {zone},
                     "\"" + zone +
                         "\" is no time zone this machine knows (an IANA name such "
                         "as \"Asia/Tokyo\")");
            }
            config.time_zone = std::move(*loaded);
        }
        if (root.contains("absent_days")) {
            config.absent_days = static_cast<int>(
                integer(root.at("absent_days"), "absent_days", 1, 3650, "a number of days"));
        }
        if (root.contains("sites")) {
            const Json& sites = array_at(root, "sites", "");
            for (std::size_t i = 0; i < sites.size(); ++i) {
                config.departments.sites.push_back(site(sites[i], at_index("sites", i), i));
            }
        }
        if (root.contains("departments")) {
            const Json& depts = array_at(root, "departments", "");
            for (std::size_t i = 0; i < depts.size(); ++i) {
                config.departments.departments.push_back(
                    department(depts[i], at_index("departments", i), i, config.departments));
            }
        }
        if (root.contains("internal_ranges")) {
            config.departments.internal_ranges = internal_ranges(root);
        }
        if (root.contains("flood")) {
            config.flood = flood(root.at("flood"), "flood");
        }
        if (root.contains("capture")) {
            config.capture = capture(root.at("capture"), "capture");
        }
        if (root.contains("api")) {
            const Json& api = root.at("api");
            if (!api.is_object()) {
                fail("api", ErrorCode::not_object, {shown(api)},
                     "must be an object, not " + shown(api));
            }
            check_keys(api, "api", {"listen", "token_file", "tls_certificate", "tls_key"});
            config.api.listen = name_at(api, "listen", "api", true);
            config.api.token_file = name_at(api, "token_file", "api", true);
            // A certificate without its key (or the reverse) is half a TLS setup: refused,
            // never quietly served as plain HTTP.
            if (api.contains("tls_certificate") != api.contains("tls_key")) {
                const bool key = api.contains("tls_key");
                fail("api", ErrorCode::half_pair,
                     {key ? "tls_key" : "tls_certificate", key ? "tls_certificate" : "tls_key"},
                     std::string(key ? "\"tls_key\"" : "\"tls_certificate\"") +
                         " is given without " + (key ? "\"tls_certificate\"" : "\"tls_key\"") +
                         "; give both or neither");
            }
            config.api.tls_certificate = name_at(api, "tls_certificate", "api", false);
            config.api.tls_key = name_at(api, "tls_key", "api", false);
        }
        if (root.contains("retention")) {
            config.retention = retention(root.at("retention"), "retention");
        }
        if (root.contains("export")) {
            config.exports = exports(root.at("export"), "export");
        }
        if (root.contains("ledger_filing")) {
            config.departments.filing = filing(root.at("ledger_filing"), "ledger_filing");
        }
        return config;
    }

   private:
    // Which survey ledger each class hospitals file differently goes to (ledger/filing.h).
    ledger::LedgerFiling filing(const Json& obj, const std::string& path) const {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)}, "must be an object, not " + shown(obj));
        }
        ledger::LedgerFiling out;
        std::string classes;
        for (const auto& c : ledger::kFilingClasses) {
            classes += std::string(classes.empty() ? "" : ", ") + std::string(c.name);
        }
        for (const auto& [key, value] : obj.items()) {
            if (key == "_comment") {
                continue;  // checked by check_keys below
            }
            std::size_t i = 0;
            while (i < ledger::kFilingClasses.size() && ledger::kFilingClasses.at(i).name != key) {
                ++i;
            }
            if (i == ledger::kFilingClasses.size()) {
                fail(path, ErrorCode::unknown_filing_class, {key, classes},
                     "unknown class " + shown(Json(key)) + " (known: " + classes + ", _comment)");
            }
            const std::string p = at_key(path, key);
            if (!value.is_string() || !ledger::is_ledger_name(value.get<std::string>())) {
                fail(p, ErrorCode::bad_filing_ledger, {shown(value)},
                     "must be \"it\" (Q8 情報機器台帳) or \"medical\" (Q9 医療機器台帳), not " +
                         shown(value));
            }
            // Literals, so the view outlives the parsed document.
            out.ledger.at(i) = value.get<std::string>() == "it" ? std::string_view("it")
                                                                : std::string_view("medical");
        }
        check_keys(obj, path, {"pacs", "ris", "hl7-interface", "modality-workstation"});
        return out;
    }

    // How long events and evidence stay (ledger/retention.h says why the default and the floor).
    ledger::Retention retention(const Json& obj, const std::string& path) const {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)}, "must be an object, not " + shown(obj));
        }
        check_keys(obj, path, {"events_days", "evidence_days"});
        ledger::Retention out;
        for (auto [key, days] : {std::pair{"events_days", &out.events_days},
                                 std::pair{"evidence_days", &out.evidence_days}}) {
            if (obj.contains(key)) {
                *days = static_cast<int>(integer(obj.at(key), at_key(path, key),
                                                 ledger::kMinRetentionDays,
                                                 ledger::kMaxRetentionDays, "days kept"));
            }
        }
        return out;
    }

    // Where and how often the daemon files the evidence pack (schedule/export_schedule.h).
    ExportSettings exports(const Json& obj, const std::string& path) const {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)}, "must be an object, not " + shown(obj));
        }
        check_keys(obj, path, {"dir", "schedule", "keep"});
        ExportSettings out;
        out.dir = name_at(obj, "dir", path, true);
        if (obj.contains("schedule")) {
            const std::string name = name_at(obj, "schedule", path, true);
            const auto period = parse_export_period(name);
            if (!period) {
                fail(at_key(path, "schedule"), ErrorCode::not_one_of,
                     {shown(Json(name)), "\"monthly\", \"weekly\", \"daily\""},
                     shown(Json(name)) + " must be \"monthly\", \"weekly\" or \"daily\"");
            }
            out.period = *period;
        }
        if (obj.contains("keep")) {
            out.keep = static_cast<int>(integer(obj.at("keep"), at_key(path, "keep"), 0, 10000,
                                                "packs kept; 0 keeps every pack"));
        }
        return out;
    }

    // The budget for new stations (agent/src/pipeline/station_gate.h says why the defaults).
    FloodLimits flood(const Json& obj, const std::string& path) const {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)}, "must be an object, not " + shown(obj));
        }
        check_keys(obj, path, {"new_stations_burst", "new_stations_per_minute"});
        FloodLimits limits;
        if (obj.contains("new_stations_burst")) {
            limits.new_stations_burst = static_cast<std::uint32_t>(
                integer(obj.at("new_stations_burst"), at_key(path, "new_stations_burst"), 1,
                        kMaxStationBudget, "a number of stations"));
        }
        if (obj.contains("new_stations_per_minute")) {
            limits.new_stations_per_minute = static_cast<std::uint32_t>(
                integer(obj.at("new_stations_per_minute"), at_key(path, "new_stations_per_minute"),
                        0, kMaxStationBudget, "a number of stations"));
        }
        return limits;
    }

    // "capture": {"interfaces": [{"name", "filter", "snaplen", "buffer_mib", "promiscuous"}],
    // "merge_seconds", "stats_seconds"}.
    CaptureSettings capture(const Json& obj, const std::string& path) const {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)}, "must be an object, not " + shown(obj));
        }
        check_keys(obj, path, {"interfaces", "merge_seconds", "stats_seconds"});
        CaptureSettings out;
        if (obj.contains("interfaces")) {
            const Json& list = array_at(obj, "interfaces", path);
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string p = at_key(path, "interfaces") + "[" + std::to_string(i) + "]";
                const Json& item = list[i];
                if (!item.is_object()) {
                    fail(p, ErrorCode::not_object, {shown(item)},
                         "must be an object, not " + shown(item));
                }
                check_keys(item, p, {"name", "filter", "snaplen", "buffer_mib", "promiscuous"});
                collectors::LiveInterface iface;
                iface.name = name_at(item, "name", p, true);
                for (const auto& other : out.interfaces) {
                    if (other.name == iface.name) {
                        fail(at_key(p, "name"), ErrorCode::duplicate_interface, {iface.name},
                             "interface \"" + iface.name + "\" is listed twice");
                    }
                }
                if (item.contains("filter")) {
                    const Json& f = item.at("filter");
                    if (!f.is_string()) {
                        fail(at_key(p, "filter"), ErrorCode::not_string, {shown(f)},
                             "must be a string (a pcap-filter(7) expression), not " + shown(f));
                    }
                    iface.filter = f.get<std::string>();
                }
                if (item.contains("snaplen")) {
                    iface.snaplen = static_cast<int>(integer(item.at("snaplen"), at_key(p, "snaplen"),
                                                             64, 262144, "bytes kept per frame"));
                }
                if (item.contains("buffer_mib")) {
                    iface.buffer_mib =
                        static_cast<int>(integer(item.at("buffer_mib"), at_key(p, "buffer_mib"), 1,
                                                 2048, "the kernel's capture buffer in MiB"));
                }
                if (item.contains("promiscuous")) {
                    const Json& b = item.at("promiscuous");
                    if (!b.is_boolean()) {
                        fail(at_key(p, "promiscuous"), ErrorCode::not_bool, {shown(b)},
                             "must be true or false, not " + shown(b));
                    }
                    iface.promiscuous = b.get<bool>();
                }
                out.interfaces.push_back(std::move(iface));
            }
        }
        if (obj.contains("merge_seconds")) {
            out.merge_seconds = static_cast<int>(integer(obj.at("merge_seconds"),
                                                         at_key(path, "merge_seconds"), 1, 3600,
                                                         "seconds between ledger writes"));
        }
        if (obj.contains("stats_seconds")) {
            out.stats_seconds = static_cast<int>(integer(obj.at("stats_seconds"),
                                                         at_key(path, "stats_seconds"), 10, 86400,
                                                         "seconds between capture statistics"));
        }
        return out;
    }

    [[noreturn]] void fail(const std::string& path, const std::string& what) const {
        fail(path, ErrorCode::other, {}, what);
    }
    // `args` are those after the file and the path (config.h lists them per code).
    [[noreturn]] void fail(const std::string& path, ErrorCode code, std::vector<std::string> args,
                           const std::string& what) const {
        std::vector<std::string> all{name_, path};
        std::move(args.begin(), args.end(), std::back_inserter(all));
        throw Error(code, std::move(all), name_ + ": " + (path.empty() ? "" : path + ": ") + what);
    }

    void check_keys(const Json& obj, const std::string& path,
                    std::initializer_list<std::string_view> known) const {
        for (const auto& [key, value] : obj.items()) {
            if (key == "_comment") {
                const bool text =
                    value.is_string() ||
                    (value.is_array() && std::all_of(value.begin(), value.end(),
                                                     [](const Json& v) { return v.is_string(); }));
                if (!text) {
                    fail(at_key(path, key), "must be a string or an array of strings");
                }
                continue;
            }
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                std::string list;
                for (auto k : known) {
                    list += std::string(list.empty() ? "" : ", ") + std::string(k);
                }
                fail(path, ErrorCode::unknown_key, {key, list + ", _comment"},
                     "unknown key " + shown(Json(key)) + " (known: " + list + ", _comment)");
            }
        }
    }

    const Json& array_at(const Json& obj, std::string_view key, const std::string& path) const {
        const Json& v = obj.at(std::string(key));
        if (!v.is_array()) {
            fail(at_key(path, key), ErrorCode::not_array, {shown(v)},
                 "must be an array, not " + shown(v));
        }
        return v;
    }

    std::string name_at(const Json& obj, std::string_view key, const std::string& path,
                        bool required) const {
        const std::string p = at_key(path, key);
        if (!obj.contains(std::string(key))) {
            if (required) {
                fail(path, ErrorCode::missing_key, {std::string(key)},
                     "\"" + std::string(key) + "\" is missing");
            }
            return {};
        }
        const Json& v = obj.at(std::string(key));
        if (!v.is_string()) {
            fail(p, ErrorCode::not_string, {shown(v)}, "must be a string, not " + shown(v));
        }
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty()) {
            fail(p, ErrorCode::empty_value, {}, "must not be empty");
        }
        if (s.size() > kMaxNameBytes) {
            fail(p, ErrorCode::too_long, {shown(v), std::to_string(kMaxNameBytes)},
                 shown(v) + " is longer than " + std::to_string(kMaxNameBytes) + " bytes");
        }
        if (std::any_of(s.begin(), s.end(), [](char c) {
                const auto u = static_cast<unsigned char>(c);
                return u < 0x20 || u == 0x7F;
            })) {
            fail(p, ErrorCode::control_characters, {shown(v)},
                 shown(v) + " holds control characters");
        }
        if (s.front() == ' ' || s.back() == ' ') {
            fail(p, ErrorCode::outer_spaces, {shown(v)},
                 shown(v) + " has leading or trailing spaces");
        }
        return s;
    }

    std::int64_t integer(const Json& v, const std::string& path, std::int64_t min, std::int64_t max,
                         std::string_view what) const {
        const std::string range = " must be an integer from " + std::to_string(min) + " to " +
                                  std::to_string(max) + " (" + std::string(what) + ")";
        if (!v.is_number_integer()) {
            fail(path, ErrorCode::out_of_range,
                 {shown(v), std::to_string(min), std::to_string(max)}, shown(v) + range);
        }
        // nlohmann reads every non-negative literal as unsigned, which may not fit int64.
        const bool fits = v.is_number_unsigned()
                              ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max) &&
                                    static_cast<std::int64_t>(v.get<std::uint64_t>()) >= min
                              : v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max;
        if (!fits) {
            fail(path, ErrorCode::out_of_range,
                 {shown(v), std::to_string(min), std::to_string(max)}, shown(v) + range);
        }
        return v.get<std::int64_t>();
    }

    std::vector<ledger::Prefix> subnets(const Json& obj, const std::string& path, std::size_t owner,
                                        std::vector<Seen<ledger::Prefix>>& seen,
                                        const std::vector<std::string>& owner_names,
                                        const std::string& owner_list,
                                        const std::function<bool(std::size_t)>& overlaps,
                                        std::string_view key = "subnets") const {
        std::vector<ledger::Prefix> out;
        if (!obj.contains(std::string(key))) {
            return out;
        }
        const Json& list = array_at(obj, key, path);
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string p = at_index(at_key(path, key), i);
            const Json& v = list[i];
            if (!v.is_string()) {
                fail(p, ErrorCode::not_string, {shown(v)},
                     shown(v) + " must be a string such as \"10.20.0.0/16\"");
            }
            std::string why;
            const auto prefix = ledger::parse_prefix(v.get_ref<const std::string&>(), &why);
            if (!prefix) {
                fail(p, ErrorCode::bad_cidr, {shown(v), why}, shown(v) + " " + why);
            }
            for (const auto& s : seen) {
                if (s.value == *prefix && (s.owner == owner || overlaps(s.owner))) {
                    fail(p, ErrorCode::duplicate_subnet, {prefix->text(), s.path},
                         prefix->text() + " is already " + s.path +
                             (s.owner == owner ? "" : " (" + owner_names.at(s.owner) + ")") +
                             "; a subnet belongs to one " + owner_list);
                }
            }
            seen.push_back({*prefix, p, owner});
            out.push_back(*prefix);
        }
        return out;
    }

    // "internal_ranges": prefixes inside the hospital besides the sites' and departments'
    // (ledger/address_plan.h), validated like theirs; one listed twice is refused.
    std::vector<ledger::Prefix> internal_ranges(const Json& root) const {
        std::vector<Seen<ledger::Prefix>> seen;
        const std::vector<std::string> owners{"internal_ranges"};
        return subnets(
            root, "", 0, seen, owners, "entry of internal_ranges",
            [](std::size_t) { return true; }, "internal_ranges");
    }

    ledger::SiteRule site(const Json& obj, const std::string& path, std::size_t index) {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)},
                 "must be an object with \"name\", not " + shown(obj));
        }
        check_keys(obj, path, {"name", "subnets", "domains"});
        ledger::SiteRule rule;
        rule.name = name_at(obj, "name", path, true);
        for (std::size_t i = 0; i < site_names_.size(); ++i) {
            if (site_names_[i] == rule.name) {
                fail(at_key(path, "name"), ErrorCode::duplicate_name,
                     {rule.name, at_index("sites", i) + ".name"},
                     shown(Json(rule.name)) + " is already " + at_index("sites", i) + ".name");
            }
        }
        site_names_.push_back(rule.name);
        rule.subnets = subnets(obj, path, index, site_subnets_, site_names_, "site",
                               [](std::size_t) { return true; });
        if (obj.contains("domains")) {
            const Json& list = array_at(obj, "domains", path);
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string p = at_index(at_key(path, "domains"), i);
                const auto domain =
                    integer(list[i], p, 0, kMaxDomain, "a broadcast domain / sensor id");
                for (const auto& s : site_domains_) {
                    if (s.value == domain) {
                        fail(p, ErrorCode::duplicate_domain, {std::to_string(domain), s.path},
                             "domain " + std::to_string(domain) + " is already " + s.path +
                                 (s.owner == index ? "" : " (" + site_names_.at(s.owner) + ")") +
                                 "; a domain belongs to one site");
                    }
                }
                site_domains_.push_back({domain, p, index});
                rule.domains.push_back(domain);
            }
        }
        return rule;
    }

    ledger::DepartmentRule department(const Json& obj, const std::string& path, std::size_t index,
                                      const ledger::DepartmentMap& map) {
        if (!obj.is_object()) {
            fail(path, ErrorCode::not_object, {shown(obj)},
                 "must be an object with \"name\", not " + shown(obj));
        }
        check_keys(obj, path, {"name", "site", "subnets", "vlans"});
        ledger::DepartmentRule rule;
        rule.name = name_at(obj, "name", path, true);
        for (std::size_t i = 0; i < dept_names_.size(); ++i) {
            if (dept_names_[i] == rule.name) {
                fail(
                    at_key(path, "name"), ErrorCode::duplicate_name,
                    {rule.name, at_index("departments", i) + ".name"},
                    shown(Json(rule.name)) + " is already " + at_index("departments", i) + ".name");
            }
        }
        dept_names_.push_back(rule.name);
        rule.site = name_at(obj, "site", path, false);
        const ledger::SiteRule* site = nullptr;
        if (!rule.site.empty()) {
            for (const auto& s : map.sites) {
                if (s.name == rule.site) {
                    site = &s;
                }
            }
            if (site == nullptr) {
                fail(at_key(path, "site"), ErrorCode::unknown_site, {rule.site, site_list(map)},
                     shown(Json(rule.site)) +
                         (map.sites.empty() ? " is not a site: \"sites\" lists none"
                                            : " is not one of the sites (" + site_list(map) + ")"));
            }
        }
        dept_domains_.push_back(site != nullptr ? site->domains : std::vector<std::int64_t>{});
        // Two departments may share a prefix or VLAN only at sites told apart by their domains.
        const auto overlaps = [this, index](std::size_t other) {
            const auto& a = dept_domains_.at(index);
            const auto& b = dept_domains_.at(other);
            return a.empty() || b.empty() || std::any_of(a.begin(), a.end(), [&](auto d) {
                       return std::find(b.begin(), b.end(), d) != b.end();
                   });
        };
        rule.subnets =
            subnets(obj, path, index, dept_subnets_, dept_names_, "department", overlaps);
        if (obj.contains("vlans")) {
            const Json& list = array_at(obj, "vlans", path);
            for (std::size_t i = 0; i < list.size(); ++i) {
                const std::string p = at_index(at_key(path, "vlans"), i);
                const auto vlan = static_cast<int>(integer(list[i], p, 1, kMaxVlan, "a VLAN id"));
                for (const auto& s : dept_vlans_) {
                    if (s.value == vlan && (s.owner == index || overlaps(s.owner))) {
                        fail(p, ErrorCode::duplicate_vlan, {std::to_string(vlan), s.path},
                             "VLAN " + std::to_string(vlan) + " is already " + s.path +
                                 (s.owner == index ? "" : " (" + dept_names_.at(s.owner) + ")") +
                                 "; a VLAN belongs to one department");
                    }
                }
                dept_vlans_.push_back({vlan, p, index});
                rule.vlans.push_back(vlan);
            }
        }
        return rule;
    }

    static std::string site_list(const ledger::DepartmentMap& map) {
        std::string out;
        for (const auto& s : map.sites) {
            out += (out.empty() ? "" : ", ") + s.name;
        }
        return out;
    }

    std::string name_;
    std::vector<std::string> site_names_;
    std::vector<std::string> dept_names_;
    std::vector<std::vector<std::int64_t>> dept_domains_;
    std::vector<Seen<ledger::Prefix>> site_subnets_;
    std::vector<Seen<ledger::Prefix>> dept_subnets_;
    std::vector<Seen<std::int64_t>> site_domains_;
    std::vector<Seen<int>> dept_vlans_;
};

// nlohmann keeps the last of two equal keys without a word; a typo'd copy-paste would then
// silently drop a department's subnets. The parser callback sees every key and knows where.
// It also bounds the nesting depth.
struct DuplicateKeys {
    struct Frame {
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
        std::string path;
    };
    std::vector<Frame> stack;
    std::string error;  // empty: none
    ErrorCode code = ErrorCode::other;
    std::string error_path;
    std::string error_arg;  // the key, or the depth

    std::string child_path() const {
        if (stack.empty()) {
            return {};
        }
        const Frame& f = stack.back();
        return f.array ? at_index(f.path, f.index) : at_key(f.path, f.key);
    }

    bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
            case Json::parse_event_t::array_start:
                if (depth >= kMaxDepth) {
                    if (error.empty()) {
                        error = child_path() + (stack.empty() ? "" : ": ") + "nested deeper than " +
                                std::to_string(kMaxDepth) + " levels";
                        code = ErrorCode::too_deep;
                        error_path = child_path();
                        error_arg = std::to_string(kMaxDepth);
                    }
                    return false;  // discard it: nothing deeper is built
                }
                stack.push_back(
                    {event == Json::parse_event_t::array_start, 0, {}, {}, child_path()});
                break;
            case Json::parse_event_t::key: {
                Frame& f = stack.back();
                auto key = parsed.get<std::string>();
                if (!f.keys.insert(key).second && error.empty()) {
                    error = (f.path.empty() ? "" : f.path + ": ") + "key " + shown(Json(key)) +
                            " appears twice";
                    code = ErrorCode::duplicate_key;
                    error_path = f.path;
                    error_arg = key;
                }
                f.key = std::move(key);
                break;
            }
            case Json::parse_event_t::object_end:
            case Json::parse_event_t::array_end:
                stack.pop_back();
                if (!stack.empty() && stack.back().array) {
                    ++stack.back().index;
                }
                break;
            case Json::parse_event_t::value:
                if (!stack.empty() && stack.back().array) {
                    ++stack.back().index;
                }
                break;
        }
        return true;
    }
};

}  // namespace

Config parse(std::string_view text, const std::string& name) {
    DuplicateKeys keys;
    Json root;
    try {
        root = Json::parse(text.begin(), text.end(), std::ref(keys));
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without the id.
        const std::string what = without_id(e.what());
        const auto at = ledger::classify_data::line_column_of(text, e.byte);
        // The parser's words after its own "parse error at line L, column C: ".
        const auto words_at = what.find(": ");
        throw Error(ErrorCode::not_json,
                    {name, "", std::to_string(at.line), std::to_string(at.column),
                     words_at == std::string::npos ? what : what.substr(words_at + 2)},
                    name + ": not valid JSON: " + what);
    } catch (const Json::exception& e) {
        // out_of_range for a number too large for a double (fuzz_config).
        throw Error(name + ": not valid JSON: " + without_id(e.what()));
    }
    if (!keys.error.empty()) {
        throw Error(keys.code, {name, keys.error_path, keys.error_arg}, name + ": " + keys.error);
    }
    Config config = Loader(name).load(root);
    return config;
}

Config load(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxConfigBytes) {
        const std::string mib = std::to_string(kMaxConfigBytes / 1024 / 1024);
        throw Error(
            ErrorCode::too_large, {name, "", mib},
            name + ": the config file is larger than " + mib + " MiB; is it the right file?");
    }
    if (std::filesystem::is_directory(file, ec)) {
        throw Error(ErrorCode::is_directory, {name}, name + ": is a directory, not a config file");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int err = errno;
        const std::string why = std::strerror(err);
        const std::string what = name + ": cannot read the config file (" + why + ")";
        if (err == ENOENT) {
            throw Error(ErrorCode::missing_file, {name}, what);
        }
        throw Error(ErrorCode::unreadable, {name, "", why}, what);
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw Error(name + ": cannot read the config file");
    }
    Config config = parse(text.str(), name);
    config.path = file;
    for (auto* path : {&config.data_dir, &config.api.token_file, &config.api.tls_certificate,
                       &config.api.tls_key, &config.exports.dir}) {
        if (!path->empty() && path->is_relative()) {
            *path = file.parent_path() / *path;
        }
    }
    return config;
}

void check_api_files(const Config& config) {
    if (config.api.tls_certificate.empty()) {
        return;
    }
    if (const auto problem =
            service::check_tls_files({config.api.tls_certificate, config.api.tls_key})) {
        const bool key = problem->file == service::TlsProblem::File::key;
        throw Error(config.path.string() + ": api." + (key ? "tls_key" : "tls_certificate") +
                    ": " + problem->what);
    }
}

}  // namespace daicho::agent::config
