// Q9 ネットワークに接続される医療機器の一元的な台帳管理 (answer-logic.md §6.2):
// 「院内全体の台帳管理を行っている部門」 only when (a) a person names the department keeping
// the ledger, (b) the config maps every active device to a department (one ledger covering all
// departments), (c) >= 95% of active medical devices have 設置部署, MAC and software version,
// (d) the ledger was reconciled with the ME (clinical engineering) ledger and (e) reviewed,
// both within 12 months. Anything short is 未確定.

#include "daicho/answers/survey.h"
#include "questions/common.h"
#include "questions/scope.h"

namespace daicho::answers {

using namespace detail;

namespace {

constexpr double kFilledShare = 0.95;

}  // namespace

Answer q09_medical_ledger(const SurveyInput& in) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q9";
    a.criteria.push_back(attested_criterion("department_stated", "ledger_department", ctx, a));

    const Placement places = placement(ctx);
    std::size_t medical = 0;
    std::size_t filled = 0;
    EvidenceItem medical_ids{"medical_devices", "", {}};
    for (const auto& d : in.devices) {
        if (!active(d, ctx) || !in_medical_ledger(d)) {
            continue;
        }
        ++medical;
        medical_ids.devices.push_back(d.id);
        Phrase missing{"gap.missing_fields", {}};
        if (d.department.empty()) {
            missing.args.emplace_back("w:field.department");
        }
        // A MAC the ledger knows: the device sits on a mirrored link, not behind a router.
        if (d.mac.empty() || d.routed) {
            missing.args.emplace_back("w:field.mac");
        }
        if (!has_version(d)) {
            missing.args.emplace_back("w:field.version");
        }
        if (missing.args.empty()) {
            ++filled;
        } else {
            a.gaps.push_back({d.id,
                              device_label(d),
                              std::move(missing),
                              {"action.annotate_medical_fields", {std::to_string(d.id)}}});
        }
    }
    a.criteria.push_back(departments_mapped(places, ctx, a));
    a.criteria.push_back(population_criterion("fields_filled",
                                              at_least(filled, medical, kFilledShare),
                                              ratio(filled, medical), medical, ctx));
    note_nothing_observed(a, medical);
    a.criteria.push_back(attested_criterion("me_reconciled", "me_ledger_reconciled", ctx, a));
    a.criteria.push_back(attested_criterion("review_date", "medical_ledger_review", ctx, a));

    medical_ids.value = std::to_string(medical);
    a.evidence.push_back(std::move(medical_ids));
    a.evidence.push_back(places.unplaced_ids);
    a.confirmations.push_back({"confirm.standalone_medical", {}});
    a.confirmations.push_back({"confirm.routed_modalities", {}});
    note_window(a, ctx);
    decide(a, ctx, kLedgerDepartment, kUndecided);
    return a;
}

}  // namespace daicho::answers
