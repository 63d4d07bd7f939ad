#include "daicho/answers/survey_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "daicho/answers/attestation_keys.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/time.h"
#include "embedded_data.h"

namespace daicho::answers {

namespace {

using nlohmann::json;
namespace cd = ledger::classify_data;

std::pair<std::string, std::string> ja_en(std::string_view file, const json& e,
                                          const std::string& where) {
    return {cd::string_at(file, e, "ja", where), cd::string_at(file, e, "en", where)};
}

const std::string& pick(const std::pair<std::string, std::string>& p, Lang lang) {
    return lang == Lang::ja ? p.first : p.second;
}

}  // namespace

SurveyText SurveyText::parse(std::string_view text, std::string_view file) {
    const json doc = cd::parse(file, text);
    const auto sources = cd::check_header(file, doc);
    SurveyText t;
    if (!doc.contains("survey") || !doc.contains("options") || !doc.contains("questions") ||
        !doc.contains("words") || !doc.at("words").is_object() || !doc.at("options").is_object() ||
        !doc.at("questions").is_array()) {
        cd::fail(file, R"(needs "survey", "options", "questions" and "words")");
    }
    const json& survey = doc.at("survey");
    if (!survey.contains("name")) {
        cd::fail(file, "/survey: needs a \"name\"");
    }
    t.name_ = ja_en(file, survey.at("name"), "/survey/name");
    t.reference_date_ = cd::string_at(file, survey, "reference_date", "/survey");
    if (t.reference_date_.size() != 10 || !ledger::parse_time_utc(t.reference_date_)) {
        cd::fail(file, "/survey: \"reference_date\" must be a date YYYY-MM-DD");
    }
    for (const auto& [id, e] : doc.at("options").items()) {
        t.options_.emplace(id, ja_en(file, e, "/options/" + id));
    }
    std::size_t i = 0;
    for (const auto& q : doc.at("questions")) {
        const std::string where = "/questions/" + std::to_string(i++);
        QuestionText qt;
        qt.id = cd::string_at(file, q, "id", where);
        if (!q.contains("text")) {
            cd::fail(file, where + ": needs a \"text\"");
        }
        std::tie(qt.ja, qt.en) = ja_en(file, q.at("text"), where + "/text");
        qt.options = cd::strings_at(file, q, "options", where);
        for (const auto& o : qt.options) {
            if (t.options_.find(o) == t.options_.end()) {
                std::string what = where;
                what.append(": option '").append(o).append(R"(' is not in "options")");
                cd::fail(file, what);
            }
        }
        qt.refs = cd::strings_at(file, q, "refs", where);
        qt.checklist = cd::strings_at(file, q, "checklist", where);
        const auto source = cd::string_at(file, q, "source", where);
        if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
            std::string what = where;
            what.append(": source '").append(source).append(R"(' is not in the "source" list)");
            cd::fail(file, what);
        }
        t.questions_.push_back(std::move(qt));
    }
    for (const auto& [key, e] : doc.at("words").items()) {
        t.words_.emplace(key, ja_en(file, e, "/words/" + key));
    }
    return t;
}

std::shared_ptr<const SurveyText> SurveyText::load(const std::filesystem::path& dir) {
    std::string label;
    const std::string text = data::file_text(dir, kFile, label);
    return std::make_shared<const SurveyText>(parse(text, label));
}

std::shared_ptr<const SurveyText> SurveyText::builtin() {
    static const std::shared_ptr<const SurveyText> t = load({});
    return t;
}

const QuestionText* SurveyText::question(std::string_view id) const {
    for (const auto& q : questions_) {
        if (q.id == id) {
            return &q;
        }
    }
    return nullptr;
}

std::string SurveyText::question_text(std::string_view id, Lang lang) const {
    const auto* q = question(id);
    return q == nullptr ? std::string(id) : (lang == Lang::ja ? q->ja : q->en);
}

std::string SurveyText::option(std::string_view id, Lang lang) const {
    const auto it = options_.find(id);
    return it == options_.end() ? std::string(id) : pick(it->second, lang);
}

std::string SurveyText::survey_name(Lang lang) const { return pick(name_, lang); }

bool SurveyText::has_word(std::string_view key) const { return words_.find(key) != words_.end(); }

std::string SurveyText::word(std::string_view key, Lang lang) const {
    const auto it = words_.find(key);
    return it == words_.end() ? std::string(key) : pick(it->second, lang);
}

std::string SurveyText::phrase(const Phrase& p, Lang lang) const {
    std::vector<std::string> values;
    for (const auto& a : p.args) {
        if (a.rfind("w:", 0) == 0) {
            values.push_back(word(std::string_view(a).substr(2), lang));
        } else if (a.rfind("attest:", 0) == 0) {
            const auto* k = attestation_key(std::string_view(a).substr(7));
            values.push_back(k == nullptr ? a.substr(7)
                                          : std::string(lang == Lang::ja ? k->ja : k->en));
        } else {
            values.push_back(a);
        }
    }
    const std::string pattern = word(p.key, lang);
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{') {
            const auto close = pattern.find('}', i);
            if (close != std::string::npos) {
                const std::string_view inner(pattern.data() + i + 1, close - i - 1);
                if (inner == "*") {
                    for (std::size_t v = 0; v < values.size(); ++v) {
                        out += (v == 0 ? "" : (lang == Lang::ja ? "、" : ", ")) + values[v];
                    }
                    i = close;
                    continue;
                }
                if (inner.size() == 1 && inner[0] >= '0' && inner[0] <= '9') {
                    const auto n = static_cast<std::size_t>(inner[0] - '0');
                    out += n < values.size() ? values[n] : std::string();
                    i = close;
                    continue;
                }
            }
        }
        out += pattern[i];
    }
    return out;
}

}  // namespace daicho::answers
