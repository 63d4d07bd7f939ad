#include "render/report_rows.h"

#include <cstdio>

namespace daicho::answers::render {

std::string id_list(const std::vector<std::int64_t>& ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < kMaxIdsShown; ++i) {
        s += (i == 0 ? "#" : ", #") + std::to_string(ids[i]);
    }
    if (ids.size() > kMaxIdsShown) {
        s += " … (+" + std::to_string(ids.size() - kMaxIdsShown) + ")";
    }
    return s;
}

std::string window_text(const Window& w, const SurveyText& t, Lang lang) {
    if (w.from.empty()) {
        return "-";
    }
    return w.from + " .. " + w.to + " (" + std::to_string(w.days) + " " +
           t.word("label.days", lang) + ")";
}

std::string evidence_value(const EvidenceItem& e, const SurveyText& t, Lang lang) {
    return e.value.rfind("w:", 0) == 0 ? t.word(std::string_view(e.value).substr(2), lang)
                                       : e.value;
}

Rows rows(const Answer& a, const SurveyText& t, Lang lang) {
    Rows r;
    r.id = a.question_id;
    r.question = a.question_id + " " + t.question_text(a.question_id, lang);
    r.option = t.option(a.option, lang);
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.2f", a.confidence);
    r.confidence = std::string(conf) + " (" +
                   t.word(std::string("label.band.") + confidence_band(a.confidence), lang) + ")";
    if (const auto* q = t.question(a.question_id); q != nullptr) {
        for (const auto& c : q->checklist) {
            r.checklist += (r.checklist.empty() ? "" : ", ") + c;
        }
        for (const auto& ref : q->refs) {
            r.refs += (r.refs.empty() ? "" : "; ") + ref;
        }
    }
    r.window = window_text(a.window, t, lang);
    for (const auto& c : a.criteria) {
        std::string attested;
        for (const auto& at : c.attested) {
            attested += (attested.empty() ? "" : "; ") + at.by + " " + at.date;
            if (!at.valid_until.empty()) {
                attested += " (" + t.word("label.valid_until", lang) + " " + at.valid_until + ")";
            }
        }
        r.criteria.push_back({t.word("criterion." + a.question_id + "." + c.id, lang),
                              t.word(c.pass ? "label.pass" : "label.fail", lang), c.value,
                              attested});
    }
    for (const auto& e : a.evidence) {
        r.evidence.push_back(
            {t.word("evidence." + e.key, lang), evidence_value(e, t, lang), id_list(e.devices)});
    }
    for (const auto& g : a.gaps) {
        r.gaps.push_back({g.device, t.phrase(g.missing, lang), t.phrase(g.action, lang)});
    }
    for (const auto& c : a.confirmations) {
        r.confirmations.push_back(t.phrase(c, lang));
    }
    return r;
}

Report report(const SurveyResult& r, const SurveyText& t, Lang lang) {
    Report out;
    out.summary_headers = {t.word("label.question", lang), t.word("label.recommended", lang),
                           t.word("label.confidence", lang), t.word("label.gaps", lang),
                           t.word("label.checklist", lang)};
    for (const auto& a : r.answers) {
        out.answers.push_back(rows(a, t, lang));
        const auto& x = out.answers.back();
        out.summary.push_back(
            {x.question, x.option, x.confidence, std::to_string(a.gaps.size()), x.checklist});
    }
    return out;
}

}  // namespace daicho::answers::render
