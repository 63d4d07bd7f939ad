// `daicho survey --format json`: stable keys (question_id, option, criteria[].id, gaps[].missing
// .key ...) for programs, with the texts in the chosen language beside them for people. Device
// strings are escaped as JSON; invalid UTF-8 is replaced (nlohmann error_handler_t::replace).

#include <cmath>
#include <nlohmann/json.hpp>

#include "daicho/answers/report.h"
#include "render/report_rows.h"

namespace daicho::answers {

namespace {

using nlohmann::ordered_json;

ordered_json phrase_json(const Phrase& p, const SurveyText& t, Lang lang) {
    return {{"key", p.key}, {"args", p.args}, {"text", t.phrase(p, lang)}};
}

ordered_json window_json(const Window& w) {
    return {{"from", w.from}, {"to", w.to}, {"days", w.days}};
}

// Two decimals: the JSON stays byte-stable across platforms' float printing.
double rounded(double v) { return std::round(v * 100.0) / 100.0; }

ordered_json answer_json(const Answer& a, const SurveyText& t, Lang lang) {
    ordered_json j;
    j["question_id"] = a.question_id;
    j["question"] = t.question_text(a.question_id, lang);
    j["option"] = a.option;
    j["option_text"] = t.option(a.option, lang);
    j["confidence"] = rounded(a.confidence);
    j["band"] = confidence_band(a.confidence);
    j["as_of"] = a.as_of;
    j["window"] = window_json(a.window);
    if (const auto* q = t.question(a.question_id); q != nullptr) {
        j["checklist"] = q->checklist;
        j["refs"] = q->refs;
    }
    ordered_json criteria = ordered_json::array();
    for (const auto& c : a.criteria) {
        ordered_json attested = ordered_json::array();
        for (const auto& at : c.attested) {
            attested.push_back({{"key", at.key},
                                {"value", at.value},
                                {"by", at.by},
                                {"date", at.date},
                                {"valid_until", at.valid_until}});
        }
        criteria.push_back({{"id", c.id},
                            {"text", t.word("criterion." + a.question_id + "." + c.id, lang)},
                            {"pass", c.pass},
                            {"value", c.value},
                            {"score", rounded(c.score)},
                            {"attested", attested}});
    }
    j["criteria"] = criteria;
    ordered_json evidence = ordered_json::array();
    for (const auto& e : a.evidence) {
        evidence.push_back({{"key", e.key},
                            {"text", t.word("evidence." + e.key, lang)},
                            {"value", e.value},
                            {"value_text", render::evidence_value(e, t, lang)},
                            {"devices", e.devices}});
    }
    j["evidence"] = evidence;
    ordered_json gaps = ordered_json::array();
    for (const auto& g : a.gaps) {
        gaps.push_back({{"device_id", g.device_id},
                        {"device", g.device},
                        {"missing", phrase_json(g.missing, t, lang)},
                        {"action", phrase_json(g.action, t, lang)}});
    }
    j["gaps"] = gaps;
    ordered_json confirmations = ordered_json::array();
    for (const auto& c : a.confirmations) {
        confirmations.push_back(phrase_json(c, t, lang));
    }
    j["confirmations"] = confirmations;
    return j;
}

}  // namespace

void write_survey_json(std::ostream& out, const SurveyResult& r, const SurveyText& t, Lang lang,
                       const ReportInfo& info) {
    ordered_json j;
    j["survey"] = t.survey_name(lang);
    j["as_of"] = r.as_of;
    j["window"] = window_json(r.window);
    j["generated_at"] = info.generated_at;
    j["ledger"] = info.ledger;
    j["lang"] = lang == Lang::ja ? "ja" : "en";
    ordered_json answers = ordered_json::array();
    for (const auto& a : r.answers) {
        answers.push_back(answer_json(a, t, lang));
    }
    j["answers"] = answers;
    ordered_json hints = ordered_json::array();
    for (const auto& h : r.hints) {
        hints.push_back({{"question_id", h.question_id},
                         {"text", phrase_json(h.text, t, lang)},
                         {"devices", h.devices}});
    }
    j["hints"] = hints;
    out << j.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace daicho::answers
