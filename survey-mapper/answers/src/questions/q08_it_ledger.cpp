// Q8 サーバ、端末PC、ネットワーク機器（医療機器を除く）の台帳管理 (answer-logic.md §6.2):
// 「院内全体の台帳管理を行っている部門」 only when (a) a person names the department keeping
// the ledger, (b) >= 95% of active servers, PCs and network gear have 所在 and 利用者 (or
// 管理部署), (c) >= 90% have a software version, (d) <= 5% of the active devices filed in
// the ledger are unclassified, and (e) the ledger was reviewed within 12 months. The other
// options are not public (answer-logic.md §0.1), so anything short is 未確定.

#include "daicho/answers/survey.h"
#include "questions/common.h"
#include "questions/scope.h"

namespace daicho::answers {

using namespace detail;

namespace {

constexpr double kFilledShare = 0.95;
constexpr double kVersionShare = 0.90;
constexpr double kUnclassifiedShare = 0.05;

bool has_user(const ledger::DeviceRecord& d) {
    return d.annotation("user") != nullptr || d.annotation("owner_dept") != nullptr;
}

}  // namespace

Answer q08_it_ledger(const SurveyInput& in) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q8";
    a.criteria.push_back(attested_criterion("department_stated", "ledger_department", ctx, a));

    std::size_t scope = 0;
    std::size_t located = 0;
    std::size_t versioned = 0;
    std::size_t filed = 0;
    std::size_t unknown = 0;
    std::size_t untouched = 0;
    std::size_t stale = 0;
    EvidenceItem unknown_ids{"unclassified_devices", "", {}};
    EvidenceItem stale_ids{"inactive_devices", "", {}};
    for (const auto& d : in.devices) {
        if (!in_it_ledger(d) || d.first_seen_us >= ctx.end_us) {
            continue;
        }
        if (!active(d, ctx)) {
            ++stale;
            stale_ids.devices.push_back(d.id);
            continue;
        }
        ++filed;
        if (d.category == "unknown") {
            ++unknown;
            unknown_ids.devices.push_back(d.id);
            a.gaps.push_back({d.id,
                              device_label(d),
                              {"gap.unclassified", {}},
                              {"action.annotate_category", {std::to_string(d.id)}}});
        }
        if (!q8_kind(d)) {
            continue;
        }
        ++scope;
        if (d.annotations.empty()) {
            ++untouched;
        }
        const bool loc = d.annotation("location") != nullptr;
        const bool user = has_user(d);
        const bool ver = has_version(d);
        located += (loc && user) ? 1 : 0;
        versioned += ver ? 1 : 0;
        Phrase missing{"gap.missing_fields", {}};
        if (!loc) {
            missing.args.emplace_back("w:field.location");
        }
        if (!user) {
            missing.args.emplace_back("w:field.user");
        }
        if (!ver) {
            missing.args.emplace_back("w:field.version");
        }
        if (!missing.args.empty()) {
            a.gaps.push_back({d.id,
                              device_label(d),
                              std::move(missing),
                              {"action.annotate_fields", {std::to_string(d.id)}}});
        }
    }
    a.criteria.push_back(population_criterion("location_user",
                                              at_least(located, scope, kFilledShare),
                                              ratio(located, scope), scope, ctx));
    a.criteria.push_back(population_criterion("version_known",
                                              at_least(versioned, scope, kVersionShare),
                                              ratio(versioned, scope), scope, ctx));
    a.criteria.push_back(population_criterion(
        "unclassified",
        static_cast<double>(unknown) <= kUnclassifiedShare * static_cast<double>(filed),
        ratio(unknown, filed), filed, ctx));
    note_nothing_observed(a, scope);
    a.criteria.push_back(attested_criterion("review_date", "it_ledger_review", ctx, a));

    a.evidence.push_back({"devices_in_scope", std::to_string(scope), {}});
    a.evidence.push_back({"devices_filed", std::to_string(filed), {}});
    unknown_ids.value = std::to_string(unknown);
    a.evidence.push_back(std::move(unknown_ids));
    a.evidence.push_back({"never_confirmed", std::to_string(untouched), {}});
    stale_ids.value = std::to_string(stale);
    a.evidence.push_back(std::move(stale_ids));
    a.confirmations.push_back({"confirm.unmirrored_segments", {}});
    a.confirmations.push_back({"confirm.spares_powered_off", {}});
    note_window(a, ctx);
    decide(a, ctx, kLedgerDepartment, kUndecided);
    return a;
}

}  // namespace daicho::answers
