#include "cli/annotate_values.h"

#include <string_view>

#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/suggest.h"
#include "daicho/ledger/annotations.h"
#include "daicho/survey/words.h"

namespace daicho::agent {

namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

// "医療機器 (medical)": the word a person reads and the key the ledger stores, when they differ.
std::string both(std::string_view word, std::string_view key) {
    return word == key ? std::string(key) : std::string(word) + " (" + std::string(key) + ")";
}

void check_category(std::string& value, const ledger::Classifier& classifier, survey::Lang lang) {
    std::string_view key = survey::category_from_word(value);
    if (key.empty()) {
        key = survey::category_from_word(ascii_lower(value));  // "Medical", "PC"
    }
    if (!key.empty() && classifier.declares(std::string(key), "")) {
        value = std::string(key);
        return;
    }
    std::string valid;
    for (const auto k : survey::category_keys()) {
        if (classifier.declares(std::string(k), "")) {
            valid += (valid.empty() ? "" : ", ") + both(survey::category_word(k, lang), k);
        }
    }
    throw CliError(kExitUsage, message(Msg::bad_value, lang, {"category", value, valid}));
}

void check_status(std::string& value, survey::Lang lang) {
    const auto status = ledger::canonical_status(ascii_lower(value));
    if (!status.empty()) {
        value = std::string(status);
        return;
    }
    std::string valid;
    for (const auto& [key, ja] : ledger::kStatusValues) {
        valid += (valid.empty() ? "" : ", ") + both(survey::status_word(key, lang), key);
    }
    throw CliError(kExitUsage, message(Msg::bad_value, lang, {"status", value, valid}));
}

void check_department(const std::string& value, const CommonOptions& common) {
    std::vector<std::string> names;
    for (const auto& d : common.departments.departments) {
        if (d.name == value) {
            return;
        }
        names.push_back(d.name);
    }
    if (names.empty()) {
        throw CliError(kExitUsage, message(Msg::no_departments, common.lang, {value}));
    }
    // The three nearest, however far: a person who typed a name wants to see the real ones.
    constexpr std::size_t kOffered = 3;
    std::string offered;
    for (const auto& n : nearest(value, names, kOffered, std::string::npos)) {
        offered += (offered.empty() ? "" : common.lang == survey::Lang::ja ? "、" : ", ") + n;
    }
    throw CliError(kExitUsage, message(Msg::unknown_department, common.lang, {value, offered}));
}

}  // namespace

void check_annotation_values(std::vector<std::pair<std::string, std::string>>& values,
                             const CommonOptions& common, const ledger::Classifier& classifier,
                             bool new_department) {
    for (auto& [key, value] : values) {
        if (value.empty()) {
            continue;  // key= removes
        }
        if (key == "category") {
            check_category(value, classifier, common.lang);
        } else if (key == "status") {
            check_status(value, common.lang);
        } else if ((key == "department" || key == "owner_dept") && !new_department) {
            check_department(value, common);
        }
    }
}

}  // namespace daicho::agent
