// Q10 ネットワーク構成図を定期的に更新しており、各部門でいくつの外部接続点が存在するか把握
// できている (answer-logic.md §6.2): はい only when (a) every active device's subnet has a
// department, (b) every external connection point is confirmed by a person (owner, purpose)
// within 3 months, (c) a person confirms every WAN edge is mirrored, and (d) the diagram was
// updated and approved within 3 months. Connection points come from the connections model
// (issue 13); until the CLI can feed them (SurveyInput::connection_points), (b) is a gap
// naming that model, and the answer stays いいえ: the count per department is the question.

#include <algorithm>
#include <map>

#include "daicho/answers/attestation_keys.h"
#include "daicho/answers/survey.h"
#include "questions/common.h"

namespace daicho::answers {

using namespace detail;

namespace {

constexpr int kConfirmedWithinDays = 92;  // "3 months" (answer-logic.md §6.2 Q10 (b))
// A declared segment without traffic caps the confidence at 中 (answer-logic.md §6.1).
constexpr double kSilentSegmentCap = 0.79;

}  // namespace

Answer q10_network_map(const SurveyInput& in) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q10";

    const Placement places = placement(ctx);
    a.criteria.push_back(departments_mapped(places, ctx, a));
    note_nothing_observed(a, places.active);
    std::size_t silent = 0;
    for (const auto& dept : in.departments) {
        if (places.per_department.find(dept) == places.per_department.end()) {
            ++silent;
            a.gaps.push_back(
                {0, "", {"gap.silent_department", {dept}}, {"action.check_mirror", {dept}}});
        }
    }

    if (!in.connection_points) {
        Criterion c;
        c.id = "connection_points_confirmed";
        c.score = kUnknownScore;
        a.criteria.push_back(c);
        a.gaps.push_back(
            {0, "", {"gap.connections_model_missing", {}}, {"action.list_connection_points", {}}});
    } else {
        const std::string since = add_days(ctx.as_of, -kConfirmedWithinDays);
        std::size_t confirmed = 0;
        std::map<std::string, std::size_t> points_per_department;
        for (const auto& p : *in.connection_points) {
            ++points_per_department[p.department];
            const bool ok = !p.confirmed_on.empty() && p.confirmed_on >= since &&
                            p.confirmed_on <= ctx.as_of && !p.owner.empty() && !p.purpose.empty();
            if (ok) {
                ++confirmed;
            } else {
                a.gaps.push_back({p.devices.empty() ? 0 : p.devices.front(),
                                  p.id,
                                  {"gap.connection_point_unconfirmed", {p.kind}},
                                  {"action.confirm_connection_point", {p.id}}});
            }
        }
        const std::size_t n = in.connection_points->size();
        a.criteria.push_back(wire_criterion("connection_points_confirmed", confirmed == n,
                                            ratio(confirmed, n), ctx));
        std::string counts;
        for (const auto& [dept, count] : points_per_department) {
            counts += (counts.empty() ? "" : ", ") + (dept.empty() ? "?" : dept) + ": " +
                      std::to_string(count);
        }
        a.evidence.push_back({"connection_points_per_department", counts, {}});
    }
    a.criteria.push_back(attested_criterion("wan_mirrored", "wan_edges_mirrored", ctx, a));
    a.criteria.push_back(attested_criterion("diagram_current", "network_diagram_review", ctx, a));

    a.evidence.push_back(
        {"address_plan",
         in.address_plan_configured ? "w:value.plan_configured" : "w:value.plan_rfc1918",
         {}});
    std::string departments;
    for (const auto& [dept, count] : places.per_department) {
        departments += (departments.empty() ? "" : ", ") + dept + ": " + std::to_string(count);
    }
    a.evidence.push_back({"devices_per_department", departments, {}});
    a.evidence.push_back(places.unplaced_ids);
    EvidenceItem external{"external_endpoints", std::to_string(in.external.size()), {}};
    for (const auto& e : in.external) {
        external.devices.push_back(e.id);
    }
    a.evidence.push_back(std::move(external));
    a.confirmations.push_back({"confirm.unmirrored_lines", {}});
    a.confirmations.push_back({"confirm.closed_network", {}});
    note_window(a, ctx);
    decide(a, ctx, kYes, kNo);
    if (silent > 0) {
        a.confidence = std::min(a.confidence, kSilentSegmentCap);
    }
    return a;
}

}  // namespace daicho::answers
