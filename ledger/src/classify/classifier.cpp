// Classifier: loads classification_rules.json against the FactKind vocabulary and the
// medical-maker catalogue, then scores a device. Format and scoring: the "about" text of
// classification_rules.json. Every problem in the files is found at load and named (file,
// rule, problem), so a bad user override fails at start and never per device.

#include <algorithm>
#include <bitset>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "classify/digest.h"
#include "classify/maker_catalogue.h"
#include "classify/own_fact.h"
#include "classify/regex.h"
#include "daicho/collectors/observation.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/data_file.h"

namespace daicho::ledger {

namespace {

// How classification_input() digests a device (classify/stored.cpp): part of the fingerprint,
// so rows stored under another way of digesting are all restored by the next write.
constexpr std::string_view kInputFormat = "classification input 2: capture ids, 8-byte digest";

using classify_data::fail;
using classify_data::json;
using classify_data::lower_ascii;

constexpr std::string_view kRulesFile = "classification_rules.json";
// Facts quoted per condition of a fired rule: enough to check it, not a dump of the device.
constexpr std::size_t kMaxEvidencePerCondition = 3;

enum class MatchKind { any, equals, prefix, contains, regex, maker_name, product };

struct Condition {
    enum class Type { fact, vendor, maker, negation };
    Type type = Type::fact;
    std::vector<std::string> kinds;
    // The same kinds as a set of FactKind values: evaluate() tests each fact against it
    // instead of comparing its kind's name with every listed name (string compares were two
    // thirds of evaluate() when a capture's 3,169 new devices were classified).
    std::bitset<256> kind_set;
    std::vector<std::string> sources;  // empty: any decoder
    MatchKind match = MatchKind::any;
    std::string text;         // lower-cased operand of equals / prefix / contains
    std::optional<Regex> re;  // regex
    std::size_t min = 1;
    std::size_t vendor = 0;        // vendor: its index in Impl::vendor_res
    std::string strength;          // maker: "strong" | "mixed" | "any"
    std::vector<Condition> inner;  // negation: exactly one
    std::string description;
};

struct Rule {
    std::string id;
    std::string category;
    std::string subtype;  // template: literal, "<prefix>{value}" or "{family}"
    int weight = 0;
    std::vector<Condition> when;
};

// The device as the rules read it: its vendor and fact values lower-cased once (the patterns
// are compiled for lower-case subjects, data_file.h), and which facts it sent itself.
struct Subject {
    // match_vendor(lower-cased vendor): which vendor conditions hold (Impl::vendor_hits).
    template <typename MatchVendor>
    Subject(const DeviceRecord& device, const MatchVendor& match_vendor)
        : d(device), vendor(lower_ascii(device.vendor)), vendor_hits(match_vendor(vendor)) {
        values.reserve(d.facts.size());
        own.reserve(d.facts.size());
        for (const FactEntry& f : d.facts) {
            values.push_back(lower_ascii(f.value));
            own.push_back(sent_by_device(f, d));
        }
    }
    const DeviceRecord& d;
    std::string vendor;
    std::vector<bool> vendor_hits;    // per vendor condition
    std::vector<std::string> values;  // per fact of d
    std::vector<bool> own;            // per fact of d
};

struct Outcome {
    bool held = false;
    std::vector<RuleEvidence> evidence;
    std::string first_value;           // value of the first matched fact
    std::optional<std::size_t> maker;  // catalogue maker the condition matched
};

RuleEvidence evidence_of(const FactEntry& f) {
    return RuleEvidence{std::string(f.kind_name()), f.value, f.source, f.about, f.evidence};
}

std::string quoted_list(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        out += (out.empty() ? "" : "|") + s;
    }
    return out;
}

}  // namespace

struct Classifier::Impl {
    MakerCatalogue catalogue;
    std::string fingerprint;
    std::vector<Rule> rules;
    std::vector<std::string> categories;                       // tie order
    std::map<std::string, std::vector<std::string>> subtypes;  // per category
    int floor = 40;
    int band_high = 90;
    int band_medium = 70;
    Regex::Compile compile_regexes = Regex::Compile::now;

    // Every vendor condition's regex, and per organisation (lower-cased) which of them match:
    // organisations come from the IEEE registry, not the wire, so a few hundred distinct ones
    // stand behind thousands of devices and each is matched once. Bounded all the same.
    static constexpr std::size_t kMaxVendorMemo = 65'536;
    std::vector<Regex> vendor_res;
    mutable std::mutex vendor_mutex;
    mutable std::unordered_map<std::string, std::vector<bool>> vendor_memo;
    [[nodiscard]] std::vector<bool> vendor_hits(const std::string& vendor) const;

    Condition parse_condition(const json& c, const std::string& where);
    void check_subtype(const Rule& r, const std::string& where) const;
    [[nodiscard]] bool subtype_declared(const std::string& category,
                                        const std::string& subtype) const;
    [[nodiscard]] Outcome evaluate(const Condition& c, const Subject& s) const;
    [[nodiscard]] std::string expand_subtype(const Rule& r, const std::vector<Outcome>& o) const;
    [[nodiscard]] std::string band(int confidence) const {
        return confidence >= band_high ? "high" : confidence >= band_medium ? "medium" : "low";
    }
};

std::vector<bool> Classifier::Impl::vendor_hits(const std::string& vendor) const {
    if (vendor.empty() || vendor_res.empty()) {
        return std::vector<bool>(vendor_res.size(), false);
    }
    {
        const std::lock_guard lock(vendor_mutex);
        if (const auto it = vendor_memo.find(vendor); it != vendor_memo.end()) {
            return it->second;
        }
    }
    std::vector<bool> hits;
    hits.reserve(vendor_res.size());
    for (const Regex& re : vendor_res) {
        hits.push_back(re.search(vendor));
    }
    const std::lock_guard lock(vendor_mutex);
    if (vendor_memo.size() >= kMaxVendorMemo) {
        vendor_memo.clear();
    }
    vendor_memo.emplace(vendor, hits);
    return hits;
}

Condition Classifier::Impl::parse_condition(const json& c, const std::string& where) {
    if (!c.is_object() || c.empty()) {
        fail(kRulesFile, where + ": a condition must be an object");
    }
    Condition out;
    if (c.contains("not")) {
        if (c.size() != 1) {
            fail(kRulesFile, where + ": \"not\" takes one condition and nothing beside it");
        }
        out.type = Condition::Type::negation;
        out.inner.push_back(parse_condition(c.at("not"), where));
        out.description = "not (" + out.inner.front().description + ")";
        return out;
    }
    if (c.contains("vendor")) {
        if (c.size() != 1 || !c.at("vendor").is_string()) {
            fail(kRulesFile, where + ": \"vendor\" takes one regex string");
        }
        out.type = Condition::Type::vendor;
        const auto pattern = c.at("vendor").get<std::string>();
        out.vendor = vendor_res.size();
        vendor_res.push_back(classify_data::compile(kRulesFile, where, pattern, compile_regexes));
        out.description = "vendor ~ /" + pattern + "/";
        return out;
    }
    if (c.contains("maker")) {
        if (c.size() != 1 || !c.at("maker").is_string()) {
            fail(kRulesFile, where + ": \"maker\" takes \"strong\", \"mixed\" or \"any\"");
        }
        out.type = Condition::Type::maker;
        out.strength = c.at("maker").get<std::string>();
        if (out.strength != "strong" && out.strength != "mixed" && out.strength != "any") {
            fail(kRulesFile, where + ": \"maker\" takes \"strong\", \"mixed\" or \"any\"");
        }
        out.description = "MAC prefix is a " + out.strength + " medical-maker OUI";
        return out;
    }
    if (!c.contains("fact")) {
        fail(kRulesFile, where + ": a condition needs \"fact\", \"vendor\", \"maker\" or \"not\"");
    }
    const auto& kinds = c.at("fact");
    if (kinds.is_string()) {
        out.kinds.push_back(kinds.get<std::string>());
    } else if (kinds.is_array() && !kinds.empty()) {
        for (const auto& k : kinds) {
            out.kinds.push_back(k.is_string() ? k.get<std::string>() : std::string("?"));
        }
    } else {
        fail(kRulesFile, where + ": \"fact\" must be a fact kind or a list of them");
    }
    for (const auto& k : out.kinds) {
        const auto kind = collectors::fact_kind_from_name(k);
        if (!kind) {
            fail(kRulesFile,
                 where + ": unknown fact kind '" + k + "' (not in collectors' FactKind names)");
        }
        out.kind_set.set(static_cast<std::size_t>(*kind));
    }
    int matchers = 0;
    for (const auto& [key, value] : c.items()) {
        if (key == "fact") {
            continue;
        }
        if (key == "source") {
            if (value.is_string()) {
                out.sources.push_back(value.get<std::string>());
            } else if (value.is_array()) {
                out.sources = classify_data::strings_at(kRulesFile, c, "source", where);
            } else {
                fail(kRulesFile, where + ": \"source\" must be a decoder name or a list of them");
            }
            continue;
        }
        if (key == "min") {
            if (!value.is_number_unsigned() || value.get<std::size_t>() == 0) {
                fail(kRulesFile, where + ": \"min\" must be a positive integer");
            }
            out.min = value.get<std::size_t>();
            continue;
        }
        if (!value.is_string() || value.get<std::string>().empty()) {
            fail(kRulesFile, where + ": \"" + key + "\" must be a non-empty string");
        }
        const auto operand = value.get<std::string>();
        ++matchers;
        if (key == "equals" || key == "prefix" || key == "contains") {
            out.match = key == "equals"   ? MatchKind::equals
                        : key == "prefix" ? MatchKind::prefix
                                          : MatchKind::contains;
            out.text = lower_ascii(operand);
        } else if (key == "regex") {
            out.match = MatchKind::regex;
            out.re = classify_data::compile(kRulesFile, where, operand, compile_regexes);
        } else if (key == "catalogue") {
            if (operand != "maker" && operand != "product") {
                fail(kRulesFile, where + ": \"catalogue\" takes \"maker\" or \"product\"");
            }
            out.match = operand == "maker" ? MatchKind::maker_name : MatchKind::product;
        } else {
            fail(kRulesFile, where + ": unknown condition key '" + key + "'");
        }
        out.description = quoted_list(out.kinds) + " " + key + " '" + operand + "'";
    }
    if (matchers > 1) {
        fail(kRulesFile, where +
                             ": a condition takes at most one of equals, prefix, contains, "
                             "regex, catalogue");
    }
    if (matchers == 0) {
        out.description = quoted_list(out.kinds) + " present";
    }
    if (!out.sources.empty()) {
        out.description += " [" + quoted_list(out.sources) + "]";
    }
    if (out.min > 1) {
        out.description += " (at least " + std::to_string(out.min) + ")";
    }
    return out;
}

bool Classifier::Impl::subtype_declared(const std::string& category,
                                        const std::string& subtype) const {
    const auto it = subtypes.find(category);
    if (it == subtypes.end()) {
        return false;
    }
    for (const auto& s : it->second) {
        if (s == subtype || (s.ends_with('*') &&
                             subtype.starts_with(std::string_view(s).substr(0, s.size() - 1)))) {
            return true;
        }
    }
    return false;
}

void Classifier::Impl::check_subtype(const Rule& r, const std::string& where) const {
    if (r.subtype.empty()) {
        return;
    }
    if (r.subtype == "{family}") {
        const bool has_maker = std::any_of(r.when.begin(), r.when.end(), [](const Condition& c) {
            return c.type == Condition::Type::maker || c.match == MatchKind::maker_name ||
                   c.match == MatchKind::product;
        });
        if (!has_maker) {
            fail(kRulesFile, where + ": subtype {family} needs a maker or catalogue condition");
        }
        return;
    }
    const auto at = r.subtype.find("{value}");
    if (at != std::string::npos) {
        if (at + 7 != r.subtype.size() || r.when.empty() ||
            r.when.front().type != Condition::Type::fact) {
            fail(kRulesFile, where +
                                 ": {value} must end the subtype and the first condition "
                                 "must be a fact condition");
        }
        if (!subtype_declared(r.category, r.subtype.substr(0, at) + "X")) {
            fail(kRulesFile,
                 where + ": subtype '" + r.subtype + "' is not declared for " + r.category);
        }
        return;
    }
    if (r.subtype.find('{') != std::string::npos) {
        fail(kRulesFile, where + ": unknown placeholder in subtype '" + r.subtype + "'");
    }
    if (!subtype_declared(r.category, r.subtype)) {
        fail(kRulesFile,
             where + ": subtype '" + r.subtype + "' is not declared for category " + r.category);
    }
}

Classifier::Classifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

Classifier Classifier::from_json(std::string_view rules_json, std::string_view makers_json,
                                 bool defer_regexes) {
    auto impl = std::make_unique<Impl>();
    impl->compile_regexes = defer_regexes ? Regex::Compile::on_first_search : Regex::Compile::now;
    impl->catalogue = MakerCatalogue::from_json(makers_json, impl->compile_regexes);
    impl->fingerprint = fingerprint_of(rules_json, makers_json);

    const json doc = classify_data::parse(kRulesFile, rules_json);
    const auto sources = classify_data::check_header(kRulesFile, doc);

    if (!doc.contains("scoring") || !doc.at("scoring").is_object()) {
        fail(kRulesFile, "needs a \"scoring\" object {floor, bands {high, medium}}");
    }
    const auto& scoring = doc.at("scoring");
    const auto number = [&](const json& j, const char* key) {
        if (!j.is_object() || !j.contains(key) || !j.at(key).is_number_integer() ||
            j.at(key).get<int>() < 0 || j.at(key).get<int>() > 100) {
            fail(kRulesFile, std::string("scoring: \"") + key + "\" must be an integer 0..100");
        }
        return j.at(key).get<int>();
    };
    impl->floor = number(scoring, "floor");
    if (!scoring.contains("bands")) {
        fail(kRulesFile, "scoring: needs \"bands\" {high, medium}");
    }
    impl->band_high = number(scoring.at("bands"), "high");
    impl->band_medium = number(scoring.at("bands"), "medium");
    if (impl->band_medium > impl->band_high) {
        fail(kRulesFile, "scoring: the medium band must start below the high band");
    }

    if (!doc.contains("categories") || !doc.at("categories").is_array() ||
        doc.at("categories").empty()) {
        fail(kRulesFile, "needs a \"categories\" list");
    }
    for (std::size_t index = 0; index < doc.at("categories").size(); ++index) {
        const json& c = doc.at("categories").at(index);
        const auto id =
            classify_data::string_at(kRulesFile, c, "id", "/categories/" + std::to_string(index));
        if (id == "unknown" || impl->subtypes.count(id) != 0) {
            fail(kRulesFile, "category '" + id + "': listed twice or reserved");
        }
        impl->categories.push_back(id);
        impl->subtypes[id] =
            classify_data::strings_at(kRulesFile, c, "subtypes", "category '" + id + "'");
    }

    // The catalogue's families are medical subtypes, so {family} always yields a declared one.
    for (const auto& m : impl->catalogue.makers()) {
        for (const auto& f : m.families) {
            if (!impl->subtype_declared("medical", f)) {
                fail(MakerCatalogue::kFile, "maker '" + m.id + "': family '" + f +
                                                "' is not a medical subtype of " +
                                                std::string(kRulesFile));
            }
        }
    }

    if (!doc.contains("rules") || !doc.at("rules").is_array() || doc.at("rules").empty()) {
        fail(kRulesFile, "needs a \"rules\" list");
    }
    std::set<std::string> ids;
    for (std::size_t index = 0; index < doc.at("rules").size(); ++index) {
        const json& j = doc.at("rules").at(index);
        const std::string pointer = "/rules/" + std::to_string(index);
        Rule r;
        r.id = classify_data::string_at(kRulesFile, j, "id", pointer);
        const std::string where = pointer + ": rule '" + r.id + "'";
        if (!ids.insert(r.id).second) {
            fail(kRulesFile, where + ": listed twice");
        }
        r.category = classify_data::string_at(kRulesFile, j, "category", where);
        if (impl->subtypes.count(r.category) == 0) {
            fail(kRulesFile, where + ": unknown category '" + r.category + "'");
        }
        if (!j.contains("weight")) {
            fail(kRulesFile, where + ": missing \"weight\"");
        }
        if (!j.at("weight").is_number_integer() || j.at("weight").get<int>() < 1 ||
            j.at("weight").get<int>() > 100) {
            fail(kRulesFile, where + ": \"weight\" must be an integer 1..100");
        }
        r.weight = j.at("weight").get<int>();
        const auto source = classify_data::string_at(kRulesFile, j, "source", where);
        if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
            fail(kRulesFile, where + ": source '" + source + "' is not in the source list");
        }
        if (!j.contains("when") || !j.at("when").is_array() || j.at("when").empty()) {
            fail(kRulesFile, where + ": \"when\" must list at least one condition");
        }
        for (const auto& c : j.at("when")) {
            r.when.push_back(impl->parse_condition(c, where));
        }
        if (std::all_of(r.when.begin(), r.when.end(),
                        [](const Condition& c) { return c.type == Condition::Type::negation; })) {
            fail(kRulesFile, where + ": needs at least one condition that is not a negation");
        }
        if (j.contains("subtype")) {
            r.subtype = classify_data::string_at(kRulesFile, j, "subtype", where);
        }
        impl->check_subtype(r, where);
        impl->rules.push_back(std::move(r));
    }
    return Classifier(std::move(impl));
}

Outcome Classifier::Impl::evaluate(const Condition& c, const Subject& s) const {
    const DeviceRecord& d = s.d;
    Outcome out;
    switch (c.type) {
        case Condition::Type::negation:
            out.held = !evaluate(c.inner.front(), s).held;
            return out;
        case Condition::Type::vendor:
            if (s.vendor_hits[c.vendor]) {
                out.held = true;
                out.evidence.push_back(RuleEvidence{
                    "vendor", d.vendor + " (MAC " + d.mac + ")", "ieee-registry", "", {}});
            }
            return out;
        case Condition::Type::maker: {
            const auto* oui = catalogue.find_oui(d.mac);
            if (oui != nullptr && (c.strength == "any" || c.strength == oui->strength)) {
                out.held = true;
                out.maker = oui->maker;
                out.evidence.push_back(RuleEvidence{"vendor",
                                                    oui->organisation + " (OUI " + oui->oui + ", " +
                                                        catalogue.makers()[oui->maker].id + ", " +
                                                        oui->strength + ")",
                                                    "ieee-registry",
                                                    "",
                                                    {}});
            }
            return out;
        }
        case Condition::Type::fact:
            break;
    }
    std::set<std::string> values;
    for (std::size_t i = 0; i < d.facts.size(); ++i) {
        const FactEntry& f = d.facts[i];
        if (!c.kind_set.test(static_cast<std::size_t>(f.kind)) || !s.own[i]) {
            continue;
        }
        const std::string& value = s.values[i];
        if (!c.sources.empty() &&
            std::find(c.sources.begin(), c.sources.end(), f.source) == c.sources.end()) {
            continue;
        }
        bool hit = false;
        std::optional<std::size_t> maker;
        switch (c.match) {
            case MatchKind::any:
                hit = true;
                break;
            case MatchKind::equals:
                hit = value == c.text;
                break;
            case MatchKind::prefix:
                hit = value.starts_with(c.text);
                break;
            case MatchKind::contains:
                hit = value.find(c.text) != std::string::npos;
                break;
            case MatchKind::regex:
                hit = c.re->search(value);
                break;
            case MatchKind::maker_name:
                maker = catalogue.match_name(value);
                hit = maker.has_value();
                break;
            case MatchKind::product:
                maker = catalogue.match_product(value);
                hit = maker.has_value();
                break;
        }
        if (!hit) {
            continue;
        }
        if (out.evidence.empty()) {
            out.first_value = f.value;
        }
        if (!out.maker) {
            out.maker = maker;
        }
        if (values.insert(f.value).second && out.evidence.size() < kMaxEvidencePerCondition) {
            out.evidence.push_back(evidence_of(f));
        }
    }
    out.held = values.size() >= c.min;
    return out;
}

std::string Classifier::Impl::expand_subtype(const Rule& r, const std::vector<Outcome>& o) const {
    if (r.subtype == "{family}") {
        for (const auto& outcome : o) {
            if (outcome.maker) {
                const auto& families = catalogue.makers()[*outcome.maker].families;
                return families.size() == 1 ? families.front() : std::string();
            }
        }
        return {};
    }
    const auto at = r.subtype.find("{value}");
    if (at == std::string::npos) {
        return r.subtype;
    }
    // A wire value becomes part of an identifier: keep it short and plain.
    std::string value;
    for (char c : o.front().first_value) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            value += c;
        }
    }
    if (value.empty() || value.size() > 16) {
        return {};
    }
    return r.subtype.substr(0, at) + value;
}

Classification Classifier::classify(const DeviceRecord& device) const {
    const Impl& im = *impl_;
    const Subject subject(device, [&im](const std::string& v) { return im.vendor_hits(v); });
    Classification out;
    // Per category: the product of (1 - w/100) over its fired rules.
    std::map<std::string, double> remaining;
    // One vector for every rule's outcomes: a device meets a few hundred rules, and most fail.
    std::vector<Outcome> outcomes;
    for (const Rule& r : im.rules) {
        outcomes.clear();
        bool all = true;
        bool some_positive = false;
        const std::string* missing = nullptr;
        for (const Condition& c : r.when) {
            outcomes.push_back(im.evaluate(c, subject));
            if (outcomes.back().held) {
                some_positive = some_positive || c.type != Condition::Type::negation;
            } else if (all) {
                all = false;
                missing = &c.description;
            }
            if (!all && some_positive) {
                break;  // a near miss, whatever the other conditions say
            }
        }
        if (!all) {
            if (some_positive && r.when.size() > 1) {
                out.near_misses.push_back(
                    NearMiss{r.id, r.category, r.subtype, r.weight, *missing});
            }
            continue;
        }
        FiredRule fired{r.id, r.category, im.expand_subtype(r, outcomes), r.weight, {}};
        for (auto& o : outcomes) {
            for (auto& e : o.evidence) {
                fired.evidence.push_back(std::move(e));
            }
        }
        auto [it, inserted] = remaining.emplace(r.category, 1.0);
        it->second *= 1.0 - r.weight / 100.0;
        out.fired.push_back(std::move(fired));
    }

    const auto to_confidence = [](double rest) {
        return static_cast<int>(std::lround(100.0 * (1.0 - rest)));
    };
    // Categories in file order, so a stable sort leaves ties in that order.
    for (const auto& category : im.categories) {
        if (const auto it = remaining.find(category); it != remaining.end()) {
            out.scores.push_back(CategoryScore{category, to_confidence(it->second)});
        }
    }
    std::stable_sort(out.scores.begin(), out.scores.end(),
                     [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
    if (out.scores.empty() || out.scores.front().confidence < im.floor) {
        out.band = im.band(0);
        return out;
    }
    out.category = out.scores.front().category;
    out.confidence = out.scores.front().confidence;
    out.band = im.band(out.confidence);

    // Subtype: the same combination among the winner's rules that name one.
    struct SubScore {
        double rest = 1.0;
        int heaviest = 0;
        std::size_t first = 0;
    };
    std::map<std::string, SubScore> subs;
    for (std::size_t i = 0; i < out.fired.size(); ++i) {
        const FiredRule& f = out.fired[i];
        if (f.category != out.category || f.subtype.empty()) {
            continue;
        }
        auto [it, inserted] = subs.emplace(f.subtype, SubScore{1.0, 0, i});
        it->second.rest *= 1.0 - f.weight / 100.0;
        it->second.heaviest = std::max(it->second.heaviest, f.weight);
    }
    const std::pair<const std::string, SubScore>* best = nullptr;
    for (const auto& entry : subs) {
        if (best == nullptr) {
            best = &entry;
            continue;
        }
        const auto& [bs, b] = *best;
        const auto& [es, e] = entry;
        const int ec = to_confidence(e.rest);
        const int bc = to_confidence(b.rest);
        if (ec > bc || (ec == bc && (e.heaviest > b.heaviest ||
                                     (e.heaviest == b.heaviest && e.first < b.first)))) {
            best = &entry;
        }
    }
    if (best != nullptr) {
        out.subtype = best->first;
    }
    return out;
}

std::optional<Classifier::MakerMatch> Classifier::maker_for_mac(std::string_view mac) const {
    const auto* oui = impl_->catalogue.find_oui(mac);
    if (oui == nullptr) {
        return std::nullopt;
    }
    return MakerMatch{&impl_->catalogue.makers()[oui->maker], oui->oui, oui->organisation,
                      oui->strength};
}

bool Classifier::declares(const std::string& category, const std::string& subtype) const {
    if (category == "unknown") {
        return subtype.empty();
    }
    if (impl_->subtypes.count(category) == 0) {
        return false;
    }
    return subtype.empty() || impl_->subtype_declared(category, subtype);
}

std::vector<std::string> Classifier::subtypes_of(const std::string& category) const {
    const auto it = impl_->subtypes.find(category);
    return it == impl_->subtypes.end() ? std::vector<std::string>() : it->second;
}

const std::string& Classifier::fingerprint() const noexcept { return impl_->fingerprint; }

std::string Classifier::fingerprint_of(std::string_view rules_json, std::string_view makers_json) {
    return Digest().add(kInputFormat).add(rules_json).add(makers_json).hex();
}

std::size_t Classifier::rule_count() const noexcept { return impl_->rules.size(); }
std::size_t Classifier::maker_count() const noexcept { return impl_->catalogue.makers().size(); }

}  // namespace daicho::ledger
