// SoftwareMatcher: loads software_patterns.json and windows_builds.json (format: the "about"
// text at the top of each file), compiles every pattern once, and turns a fact value into
// {product, version, source}. First matching pattern (file order) wins; no match keeps the
// raw value as the product. Loading validates everything and throws ledger::Error with the
// file and entry named, so a bad user override fails at start, not per device.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "classify/regex.h"
#include "daicho/collectors/observation.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/software.h"

namespace daicho::ledger {
namespace {

using nlohmann::json;

constexpr std::string_view kPatternsFile = "software_patterns.json";
constexpr std::string_view kBuildsFile = "windows_builds.json";

// Fact kinds that name software (collectors' observation.h vocabulary): an unmatched value is
// listed whole.
constexpr std::array<std::string_view, 5> kSoftwareKinds{
    "software",
    "os",
    "firmware",
    "system_description",
    "implementation_version",  // DICOM user information (PS3.7 §D.3.3.2.3)
};
// Kinds that carry a software statement only sometimes (a DHCP vendor class "dhcpcd-9.4.1:...",
// a certificate name with a serial): listed only when a pattern matches.
constexpr std::array<std::string_view, 2> kMatchedOnlyKinds{"vendor_class", "certificate"};

// One part of an entry: a capture group, or a text in which $1..$9 stand for groups.
struct Part {
    std::size_t group = 0;  // 0 = none, or use tmpl
    std::string tmpl;
    [[nodiscard]] bool empty() const noexcept { return group == 0 && tmpl.empty(); }
};

struct Pattern {
    std::string id;
    std::vector<std::string> kinds;
    std::vector<std::string> sources;  // empty: any protocol
    std::optional<Regex> regex;
    std::string product;  // literal with $N; "" when the value names no product
    Part version;
    Part build;
    Part model;
    Part serial;
    Part os;
    std::size_t windows_build_group = 0;  // 0 = none
};

struct Build {
    std::string name;  // "Windows 10 1607 / Server 2016"
    std::string nt;    // "10.0"
};

using classify_data::fail;
using classify_data::parse;

// The top-level "version", "about" and "source" every data file carries.
void check_header(std::string_view file, const json& doc) {
    if (!doc.is_object() || !doc.contains("version") || !doc.at("version").is_number_integer() ||
        !doc.contains("about") || !doc.at("about").is_string() || !doc.contains("source") ||
        !doc.at("source").is_array() || doc.at("source").empty()) {
        fail(file,
             "needs an integer \"version\", an \"about\" text and a non-empty \"source\" list");
    }
}

std::string string_at(std::string_view file, const json& entry, const char* key,
                      const std::string& where) {
    if (!entry.contains(key) || !entry.at(key).is_string() ||
        entry.at(key).get<std::string>().empty()) {
        fail(file, where + ": \"" + key + "\" must be a non-empty string");
    }
    return entry.at(key).get<std::string>();
}

std::size_t group_at(std::string_view file, const json& entry, const char* key,
                     const std::string& where, std::size_t groups) {
    if (!entry.contains(key)) {
        return 0;
    }
    const auto& v = entry.at(key);
    if (!v.is_number_unsigned() || v.get<std::size_t>() == 0 || v.get<std::size_t>() > groups) {
        fail(file, where + ": \"" + key + "\" must name one of the regex's " +
                       std::to_string(groups) + " capture groups");
    }
    return v.get<std::size_t>();
}

bool names_only_groups(const std::string& tmpl, std::size_t groups);

// "version", "build", "model", "serial", "os": a group number, or a text with $N.
Part part_at(std::string_view file, const json& entry, const char* key, const std::string& where,
             std::size_t groups) {
    Part part;
    if (entry.contains(key) && entry.at(key).is_string()) {
        part.tmpl = string_at(file, entry, key, where);
        if (!names_only_groups(part.tmpl, groups)) {
            fail(file, where + ": " + key + " names a group the regex does not have");
        }
    } else {
        part.group = group_at(file, entry, key, where, groups);
    }
    return part;
}

// The product template with $1..$9 replaced by the groups' text.
std::string expand(const std::string& tmpl, const Regex::Match& m) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
            const auto group = static_cast<std::size_t>(tmpl[i + 1] - '0');
            out += m[group];
            ++i;
            continue;
        }
        out += tmpl[i];
    }
    return out;
}

// Whether every $N in a product/version template names one of the regex's groups.
bool names_only_groups(const std::string& tmpl, std::size_t groups) {
    for (std::size_t i = 0; i + 1 < tmpl.size(); ++i) {
        if (tmpl[i] == '$' && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9' &&
            static_cast<std::size_t>(tmpl[i + 1] - '0') > groups) {
            return false;
        }
    }
    return true;
}

// A part's text, without the spaces an optional group that took no part leaves behind.
std::string part_text(const Part& part, const Regex::Match& m) {
    std::string out = part.group != 0     ? std::string(m[part.group])
                      : part.tmpl.empty() ? std::string()
                                          : expand(part.tmpl, m);
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) {
        return {};
    }
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

bool listed(std::span<const std::string_view> kinds, std::string_view kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace

struct SoftwareMatcher::Impl {
    std::vector<Pattern> patterns;
    std::unordered_map<std::uint32_t, Build> builds;
};

SoftwareMatcher::SoftwareMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SoftwareMatcher::SoftwareMatcher(SoftwareMatcher&&) noexcept = default;
SoftwareMatcher& SoftwareMatcher::operator=(SoftwareMatcher&&) noexcept = default;
SoftwareMatcher::~SoftwareMatcher() = default;

SoftwareMatcher SoftwareMatcher::from_json(std::string_view patterns_json,
                                           std::string_view windows_builds_json) {
    auto impl = std::make_unique<Impl>();

    const json builds = parse(kBuildsFile, windows_builds_json);
    check_header(kBuildsFile, builds);
    if (!builds.contains("builds") || !builds.at("builds").is_array()) {
        fail(kBuildsFile, "needs a \"builds\" list");
    }
    for (const auto& b : builds.at("builds")) {
        const std::string where = "build " + (b.contains("build") ? b.at("build").dump() : "?");
        if (!b.contains("build") || !b.at("build").is_number_unsigned()) {
            fail(kBuildsFile, where + ": \"build\" must be a number");
        }
        const auto client = b.contains("client") && b.at("client").is_string()
                                ? b.at("client").get<std::string>()
                                : std::string();
        auto server = b.contains("server") && b.at("server").is_string()
                          ? b.at("server").get<std::string>()
                          : std::string();
        if (client.empty() && server.empty()) {
            fail(kBuildsFile, where + ": needs a \"client\" or \"server\" name");
        }
        Build entry;
        entry.nt = string_at(kBuildsFile, b, "nt", where);
        if (!client.empty() && !server.empty()) {
            constexpr std::string_view kWindows = "Windows ";
            if (server.rfind(kWindows, 0) == 0) {
                server.erase(0, kWindows.size());
            }
            entry.name = client + " / " + server;
        } else {
            entry.name = client.empty() ? server : client;
        }
        const auto number = b.at("build").get<std::uint32_t>();
        if (!impl->builds.emplace(number, std::move(entry)).second) {
            fail(kBuildsFile, where + ": listed twice");
        }
    }

    const json doc = parse(kPatternsFile, patterns_json);
    check_header(kPatternsFile, doc);
    std::vector<std::string> sources;
    for (const auto& s : doc.at("source")) {
        sources.push_back(string_at(kPatternsFile, s, "id", "source entry"));
    }
    if (!doc.contains("patterns") || !doc.at("patterns").is_array()) {
        fail(kPatternsFile, "needs a \"patterns\" list");
    }
    for (const auto& p : doc.at("patterns")) {
        Pattern pat;
        pat.id = string_at(kPatternsFile, p, "id", "pattern");
        const std::string where = "pattern '" + pat.id + "'";
        const auto source = string_at(kPatternsFile, p, "source", where);
        if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
            fail(kPatternsFile, where + ": source '" + source + "' is not in the source list");
        }
        if (!p.contains("kinds") || !p.at("kinds").is_array() || p.at("kinds").empty()) {
            fail(kPatternsFile, where + ": \"kinds\" must list fact kinds");
        }
        for (const auto& k : p.at("kinds")) {
            const auto kind = k.is_string() ? k.get<std::string>() : std::string();
            if (!applies_to(kind)) {
                fail(kPatternsFile, where + ": kind '" + kind +
                                        "' is not one of software, os, firmware, "
                                        "system_description, implementation_version, "
                                        "vendor_class, certificate");
            }
            pat.kinds.push_back(kind);
        }
        if (p.contains("sources")) {
            if (!p.at("sources").is_array() || p.at("sources").empty()) {
                fail(kPatternsFile, where + ": \"sources\" must list protocols");
            }
            for (const auto& src : p.at("sources")) {
                if (!src.is_string() || src.get<std::string>().empty()) {
                    fail(kPatternsFile, where + ": \"sources\" must list protocol names");
                }
                pat.sources.push_back(src.get<std::string>());
            }
        }
        const auto regex = string_at(kPatternsFile, p, "regex", where);
        try {
            pat.regex.emplace(regex);
        } catch (const Regex::CompileError& e) {
            fail(kPatternsFile,
                 where + ": bad regex: " + e.what() + " at offset " + std::to_string(e.offset()));
        }
        const std::size_t groups = pat.regex->group_count();
        // "product": "" says the value is a bare version; the device's other facts may name it.
        if (!p.contains("product") || !p.at("product").is_string()) {
            fail(kPatternsFile, where + ": \"product\" must be a string");
        }
        pat.product = p.at("product").get<std::string>();
        pat.version = part_at(kPatternsFile, p, "version", where, groups);
        pat.build = part_at(kPatternsFile, p, "build", where, groups);
        pat.model = part_at(kPatternsFile, p, "model", where, groups);
        pat.serial = part_at(kPatternsFile, p, "serial", where, groups);
        pat.os = part_at(kPatternsFile, p, "os", where, groups);
        pat.windows_build_group = group_at(kPatternsFile, p, "windows_build", where, groups);
        if (!names_only_groups(pat.product, groups)) {
            fail(kPatternsFile, where + ": product names a group the regex does not have");
        }
        if (pat.version.empty() && pat.windows_build_group == 0 && pat.model.empty() &&
            pat.serial.empty() && pat.os.empty()) {
            fail(kPatternsFile,
                 where +
                     ": needs a \"version\", \"windows_build\", \"model\", \"serial\" or "
                     "\"os\"");
        }
        if (pat.product.empty() && pat.version.empty()) {
            fail(kPatternsFile, where + ": an empty product needs a \"version\"");
        }
        impl->patterns.push_back(std::move(pat));
    }
    return SoftwareMatcher(std::move(impl));
}

bool SoftwareMatcher::applies_to(std::string_view kind) noexcept {
    return listed(kSoftwareKinds, kind) || listed(kMatchedOnlyKinds, kind);
}

bool SoftwareMatcher::lists_unmatched(std::string_view kind) noexcept {
    return listed(kSoftwareKinds, kind);
}

std::optional<SoftwareEntry> SoftwareMatcher::match(std::string_view kind, std::string_view raw,
                                                    std::string_view source) const {
    Regex::Match m;
    for (const auto& p : impl_->patterns) {
        if (std::find(p.kinds.begin(), p.kinds.end(), kind) == p.kinds.end()) {
            continue;
        }
        if (!p.sources.empty() &&
            std::find(p.sources.begin(), p.sources.end(), source) == p.sources.end()) {
            continue;
        }
        if (!p.regex->search(raw, m)) {
            continue;
        }
        SoftwareEntry e;
        e.product = expand(p.product, m);
        e.version = part_text(p.version, m);
        e.source = std::string(source);
        e.kind = std::string(kind);
        e.build = part_text(p.build, m);
        e.model = part_text(p.model, m);
        e.serial = part_text(p.serial, m);
        e.os = part_text(p.os, m);
        if (p.windows_build_group != 0) {
            const std::string digits(m[p.windows_build_group]);
            std::uint32_t build = 0;
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), build);
            const auto it = ec == std::errc{} ? impl_->builds.find(build) : impl_->builds.end();
            if (it != impl_->builds.end()) {
                e.product = it->second.name;
                if (p.version.empty()) {
                    e.version = it->second.nt + "." + digits;
                }
            } else if (p.version.empty()) {
                e.version = digits;
            }
        }
        return e;
    }
    return std::nullopt;
}

SoftwareEntry SoftwareMatcher::entry(std::string_view kind, std::string_view raw,
                                     std::string_view source) const {
    auto e = match(kind, raw, source);
    if (e) {
        return std::move(*e);
    }
    SoftwareEntry whole;
    whole.product = std::string(raw);
    whole.source = std::string(source);
    whole.kind = std::string(kind);
    return whole;
}

std::size_t SoftwareMatcher::pattern_count() const noexcept { return impl_->patterns.size(); }
std::size_t SoftwareMatcher::build_count() const noexcept { return impl_->builds.size(); }

}  // namespace daicho::ledger
