// Every question in order, and the hints (daicho/answers/survey.h).

#include "daicho/answers/survey.h"

namespace daicho::answers {

SurveyResult run_survey(const SurveyInput& in, const Catalogue& catalogue) {
    SurveyResult r;
    r.as_of = in.as_of;
    r.answers.push_back(q08_it_ledger(in));
    r.answers.push_back(q09_medical_ledger(in));
    r.answers.push_back(q10_network_map(in));
    r.answers.push_back(q11_training(in));
    r.answers.push_back(q12_network_patches(in, catalogue));
    r.answers.push_back(q13_server_patches(in, catalogue));
    r.window = r.answers.front().window;
    r.hints = hints(in);
    return r;
}

const char* confidence_band(double confidence) noexcept {
    return confidence >= 0.8 ? "high" : (confidence >= 0.5 ? "medium" : "low");
}

}  // namespace daicho::answers
