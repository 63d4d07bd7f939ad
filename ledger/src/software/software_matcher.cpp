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

// Fact kinds that name software (collectors' observation.h vocabulary).
constexpr std::array<std::string_view, 5> kSoftwareKinds{
    "software",
    "os",
    "firmware",
    "system_description",
    "implementation_version",  // DICOM user information (PS3.7 §D.3.3.2.3)
};

struct Pattern {
    std::string id;
    std::vector<std::string> kinds;
    std::optional<Regex> regex;
    std::string product;                  // literal with $N
    std::size_t version_group = 0;        // 0 = none
    std::string version_template;         // literal with $N, when "version" is text
    std::size_t windows_build_group = 0;  // 0 = none
};

struct Build {
    std::string name;  // "Windows 10 1607 / Server 2016"
    std::string nt;    // "10.0"
};

[[noreturn]] void fail(std::string_view file, const std::string& what) {
    throw Error(std::string(file) + ": " + what);
}

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
                                        "system_description, implementation_version");
            }
            pat.kinds.push_back(kind);
        }
        const auto regex = string_at(kPatternsFile, p, "regex", where);
        try {
            pat.regex.emplace(regex);
        } catch (const Regex::CompileError& e) {
            fail(kPatternsFile,
                 where + ": bad regex: " + e.what() + " at offset " + std::to_string(e.offset()));
        }
        const std::size_t groups = pat.regex->group_count();
        pat.product = string_at(kPatternsFile, p, "product", where);
        if (p.contains("version") && p.at("version").is_string()) {
            // A template such as "$1.$2.$3" for versions sent without separators.
            pat.version_template = string_at(kPatternsFile, p, "version", where);
            if (!names_only_groups(pat.version_template, groups)) {
                fail(kPatternsFile, where + ": version names a group the regex does not have");
            }
        } else {
            pat.version_group = group_at(kPatternsFile, p, "version", where, groups);
        }
        pat.windows_build_group = group_at(kPatternsFile, p, "windows_build", where, groups);
        if (!names_only_groups(pat.product, groups)) {
            fail(kPatternsFile, where + ": product names a group the regex does not have");
        }
        if (pat.version_group == 0 && pat.version_template.empty() &&
            pat.windows_build_group == 0) {
            fail(kPatternsFile, where + ": needs a \"version\" or \"windows_build\" group");
        }
        impl->patterns.push_back(std::move(pat));
    }
    return SoftwareMatcher(std::move(impl));
}

bool SoftwareMatcher::applies_to(std::string_view kind) noexcept {
    return std::find(kSoftwareKinds.begin(), kSoftwareKinds.end(), kind) != kSoftwareKinds.end();
}

SoftwareEntry SoftwareMatcher::entry(std::string_view kind, std::string_view raw,
                                     std::string_view source) const {
    Regex::Match m;
    for (const auto& p : impl_->patterns) {
        if (std::find(p.kinds.begin(), p.kinds.end(), kind) == p.kinds.end()) {
            continue;
        }
        if (!p.regex->search(raw, m)) {
            continue;
        }
        SoftwareEntry e{expand(p.product, m),
                        !p.version_template.empty() ? expand(p.version_template, m)
                        : p.version_group != 0      ? std::string(m[p.version_group])
                                                    : "",
                        std::string(source), std::string(kind)};
        if (p.windows_build_group != 0) {
            const std::string digits(m[p.windows_build_group]);
            std::uint32_t build = 0;
            const auto [end, ec] =
                std::from_chars(digits.data(), digits.data() + digits.size(), build);
            const auto it = ec == std::errc{} ? impl_->builds.find(build) : impl_->builds.end();
            if (it != impl_->builds.end()) {
                e.product = it->second.name;
                if (p.version_group == 0) {
                    e.version = it->second.nt + "." + digits;
                }
            } else if (p.version_group == 0) {
                e.version = digits;
            }
        }
        return e;
    }
    return SoftwareEntry{std::string(raw), "", std::string(source), std::string(kind)};
}

std::size_t SoftwareMatcher::pattern_count() const noexcept { return impl_->patterns.size(); }
std::size_t SoftwareMatcher::build_count() const noexcept { return impl_->builds.size(); }

}  // namespace daicho::ledger
