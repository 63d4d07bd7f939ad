// Q11 少なくとも年1回程度、職員を対象として、情報セキュリティに関する研修を行っている
// (answer-logic.md §6.2): nothing on the wire. はい only with a session for all staff (MIST
// e-learning counts, 回答要領 Q11) dated within 12 months before the reference date, from the
// training records a person imported. No records at all: 未確定 (a person decides); records
// without such a session: いいえ.

#include <algorithm>
#include <array>
#include <string_view>

#include "daicho/answers/attestation_keys.h"
#include "daicho/answers/survey.h"
#include "daicho/ledger/data_file.h"
#include "questions/common.h"

namespace daicho::answers {

using namespace detail;

namespace {

constexpr int kWithinDays = 365;  // 「少なくとも年1回程度」

// Audiences that mean every staff member. The survey asks for staff (職員) as a whole; a
// session for new hires or for system administrators alone does not answer it.
constexpr std::array<std::string_view, 8> kStaffWide{
    "全職員", "職員", "職員全体", "全職員対象", "全員", "all staff", "staff", "everyone"};

bool staff_wide(std::string_view audience) {
    const std::string a = ledger::classify_data::lower_ascii(audience);
    return std::find(kStaffWide.begin(), kStaffWide.end(), a) != kStaffWide.end();
}

}  // namespace

Answer q11_training(const SurveyInput& in) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q11";
    const std::string since = add_days(ctx.as_of, -kWithinDays);

    const ledger::TrainingRecord* latest = nullptr;
    std::size_t mist = 0;
    for (const auto& r : in.training) {
        if (r.course.find("MIST") != std::string::npos) {
            ++mist;
        }
        if (staff_wide(r.audience) && r.date <= ctx.as_of &&
            (latest == nullptr || r.date > latest->date)) {
            latest = &r;
        }
    }
    Criterion recorded;
    recorded.id = "records_imported";
    recorded.pass = !in.training.empty();
    recorded.value = std::to_string(in.training.size());
    recorded.score = recorded.pass ? kAttestedScore : kUnknownScore;
    a.criteria.push_back(recorded);

    Criterion recent;
    recent.id = "staff_session_12_months";
    recent.pass = latest != nullptr && latest->date > since;
    recent.value = latest == nullptr ? "" : latest->date + " " + latest->course;
    recent.score = in.training.empty() ? kUnknownScore : kAttestedScore;
    a.criteria.push_back(recent);

    if (in.training.empty()) {
        a.gaps.push_back({0, "", {"gap.no_training_records", {}}, {"action.import_training", {}}});
    } else if (!recent.pass) {
        a.gaps.push_back({0,
                          "",
                          {"gap.no_recent_staff_session", {latest ? latest->date : "-"}},
                          {"action.hold_training", {}}});
    }
    a.evidence.push_back({"training_sessions", std::to_string(in.training.size()), {}});
    a.evidence.push_back({"mist_sessions", std::to_string(mist), {}});
    decide(a, ctx, kYes, in.training.empty() ? kUndecided : kNo);
    return a;
}

}  // namespace daicho::answers
