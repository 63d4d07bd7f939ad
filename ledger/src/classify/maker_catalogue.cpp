// MakerCatalogue: loads medical_makers.json (format: its "about" text) and checks it whole:
// unique maker ids and OUIs, OUIs of 6, 7 or 9 hex digits with the registry organisation,
// strength "strong" or "mixed", source ids from the file's source list, compilable product
// regexes. Names are literal text; products are regexes; both match as whole words.

#include "classify/maker_catalogue.h"

#include <algorithm>
#include <array>

#include "daicho/ledger/data_file.h"

namespace daicho::ledger {

namespace {

using classify_data::fail;
using classify_data::json;

constexpr std::string_view kFile = MakerCatalogue::kFile;

bool is_hex_upper(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

std::optional<Regex> whole_words(const std::vector<std::string>& alternatives,
                                 const std::string& where, Regex::Compile when) {
    if (alternatives.empty()) {
        return std::nullopt;
    }
    return classify_data::compile(kFile, where, whole_words_pattern(alternatives), when);
}

// Every maker's alternatives joined, for the pre-check, or none: the pre-check only saves
// time, so a user's catalogue whose alternatives joined outgrow what PCRE2 compiles (64 KiB
// of compiled code with Debian's link size 2, a few thousand names) goes without it.
std::optional<Regex> shortcut(const std::vector<std::string>& alternatives,
                              Regex::Compile when) {
    if (alternatives.empty()) {
        return std::nullopt;
    }
    try {
        return Regex(classify_data::lower_pattern(whole_words_pattern(alternatives)), when);
    } catch (const Regex::CompileError&) {
        return std::nullopt;
    }
}

}  // namespace

std::string escape_regex(std::string_view literal) {
    constexpr std::string_view kSpecial = R"(\^$.|?*+()[]{}/)";
    std::string out;
    for (char c : literal) {
        if (kSpecial.find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string whole_words_pattern(const std::vector<std::string>& alternatives) {
    std::string pattern = "(?:^|[^A-Za-z0-9])(?:";
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        pattern += (i == 0 ? "" : "|") + alternatives[i];
    }
    pattern += ")(?=$|[^A-Za-z0-9])";
    return pattern;
}

MakerCatalogue MakerCatalogue::from_json(std::string_view text, Regex::Compile when) {
    const json doc = classify_data::parse(kFile, text);
    const auto sources = classify_data::check_header(kFile, doc);
    if (!doc.contains("makers") || !doc.at("makers").is_array() || doc.at("makers").empty()) {
        fail(kFile, "needs a non-empty \"makers\" list");
    }
    MakerCatalogue cat;
    std::vector<std::string> all_names;
    std::vector<std::string> all_products;
    for (std::size_t at = 0; at < doc.at("makers").size(); ++at) {
        const json& m = doc.at("makers").at(at);
        const std::string pointer = "/makers/" + std::to_string(at);
        MedicalMaker maker;
        maker.id = classify_data::string_at(kFile, m, "id", pointer);
        const std::string where = pointer + ": maker '" + maker.id + "'";
        for (const auto& other : cat.makers_) {
            if (other.id == maker.id) {
                fail(kFile, where + ": listed twice");
            }
        }
        maker.name = classify_data::string_at(kFile, m, "name", where);
        maker.name_ja = m.contains("name_ja") && m.at("name_ja").is_string()
                            ? m.at("name_ja").get<std::string>()
                            : std::string();
        if (!m.contains("mixed_it") || !m.at("mixed_it").is_boolean()) {
            fail(kFile, where + ": \"mixed_it\" must be true or false");
        }
        maker.mixed_it = m.at("mixed_it").get<bool>();
        maker.families = classify_data::strings_at(kFile, m, "families", where);
        for (const auto& s : classify_data::strings_at(kFile, m, "source", where)) {
            if (std::find(sources.begin(), sources.end(), s) == sources.end()) {
                fail(kFile, where + ": source '" + s + "' is not in the source list");
            }
        }
        if (!m.contains("source") || m.at("source").empty()) {
            fail(kFile, where + ": needs a \"source\" list");
        }
        std::vector<std::string> names;
        for (const auto& n : classify_data::strings_at(kFile, m, "names", where)) {
            names.push_back(escape_regex(n));
        }
        const auto products = classify_data::strings_at(kFile, m, "products", where);
        // One compile for all of them; alone only when that fails, to name the bad one.
        try {
            cat.products_.push_back(whole_words(products, where + ": products", when));
        } catch (const Error&) {
            for (const auto& p : products) {
                static_cast<void>(classify_data::compile(kFile, where + ": product", p));
            }
            throw;
        }
        if (!m.contains("ouis") || !m.at("ouis").is_array()) {
            fail(kFile, where + ": needs an \"ouis\" list (may be empty)");
        }
        const std::size_t index = cat.makers_.size();
        for (const auto& o : m.at("ouis")) {
            Oui entry;
            entry.maker = index;
            entry.oui = classify_data::string_at(kFile, o, "oui", where + ": OUI");
            const std::string owhere = where + ": OUI " + entry.oui;
            if ((entry.oui.size() != 6 && entry.oui.size() != 7 && entry.oui.size() != 9) ||
                !is_hex_upper(entry.oui)) {
                fail(kFile, owhere + ": must be 6, 7 or 9 upper-case hex digits");
            }
            entry.organisation = classify_data::string_at(kFile, o, "organisation", owhere);
            entry.strength = classify_data::string_at(kFile, o, "strength", owhere);
            if (entry.strength != "strong" && entry.strength != "mixed") {
                fail(kFile, owhere + ": strength must be \"strong\" or \"mixed\"");
            }
            const std::string key = entry.oui;
            if (!cat.ouis_.emplace(key, std::move(entry)).second) {
                fail(kFile, owhere + ": listed twice");
            }
        }
        cat.names_.push_back(whole_words(names, where + ": names", when));
        all_names.insert(all_names.end(), names.begin(), names.end());
        all_products.insert(all_products.end(), products.begin(), products.end());
        cat.makers_.push_back(std::move(maker));
    }
    // Each maker's alternatives are one (?:...) group, so all of them joined match exactly when
    // one maker's do; only a backreference (\1 ...) would change meaning, its group renumbered.
    for (const auto* list : {&all_names, &all_products}) {
        for (const auto& p : *list) {
            for (std::size_t i = 0; i + 1 < p.size(); ++i) {
                if (p[i] == '\\' && p[i + 1] >= '1' && p[i + 1] <= '9') {
                    return cat;  // no pre-check; each maker's regex alone still decides
                }
                i += p[i] == '\\' ? 1 : 0;
            }
        }
    }
    cat.any_name_ = shortcut(all_names, when);
    cat.any_product_ = shortcut(all_products, when);
    return cat;
}

const MakerCatalogue::Oui* MakerCatalogue::find_oui(std::string_view mac) const {
    std::string hex;
    for (char c : mac) {
        if (c == ':' || c == '-') {
            continue;
        }
        hex += (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    for (const std::size_t digits : std::array<std::size_t, 3>{9, 7, 6}) {
        if (hex.size() < digits) {
            continue;
        }
        if (const auto it = ouis_.find(hex.substr(0, digits)); it != ouis_.end()) {
            return &it->second;
        }
    }
    return nullptr;
}

namespace {

// `any` (every maker's alternatives in one regex) first: most values name no maker, and one
// failed search costs what a search per maker would.
std::optional<std::size_t> first_match(const std::optional<Regex>& any,
                                       const std::vector<std::optional<Regex>>& res,
                                       const std::string& text) {
    if (any && !any->search(text)) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < res.size(); ++i) {
        if (res[i] && res[i]->search(text)) {
            return i;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::size_t> MakerCatalogue::match_name(const std::string& text) const {
    return first_match(any_name_, names_, text);
}

std::optional<std::size_t> MakerCatalogue::match_product(const std::string& text) const {
    return first_match(any_product_, products_, text);
}

}  // namespace daicho::ledger
