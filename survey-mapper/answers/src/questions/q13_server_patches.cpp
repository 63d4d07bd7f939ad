// Q13 サーバ、端末PCに対して、定期的にセキュリティパッチを適用している (answer-logic.md §6.2):
// the survey says すべて, so はい only when every active server and PC (a) states a known OS
// build, (b) runs a release still in support on the reference date (or a person attests ESU,
// or the LTSC edition where one shares the build), and (c) showed update activity within 35
// days before it (Windows Update, Delivery Optimization or WSUS clients, vendor update hosts:
// update_hosts.json), or a person attests offline patching by the vendor within 3 months.
// Anything short is いいえ with the list. Confidence stays 中 unless every host showed its own
// update traffic: a statement is not a patch the wire saw.

#include <algorithm>
#include <map>

#include "daicho/answers/survey.h"
#include "daicho/ledger/time.h"
#include "questions/common.h"
#include "questions/scope.h"
#include "daicho/answers/support_status.h"

namespace daicho::answers {

using namespace detail;

namespace {

// Why 35: a monthly Patch Tuesday cycle plus a few days for a machine that was off
// (answer-logic.md §6.1: "≥ 35 days for patch cadence").
constexpr int kUpdateDays = 35;
constexpr double kAttestedOnlyCap = 0.79;  // 中 at best (answer-logic.md §6.2 Q13)

// The newest update contact (a name looked up or asked for, a User-Agent) before `end_us`.
std::int64_t last_update_us(const ledger::DeviceRecord& d, const Catalogue& c,
                            std::int64_t end_us) {
    std::int64_t last = 0;
    for (const auto& f : d.facts) {
        using collectors::FactKind;
        const bool hit = ((f.kind == FactKind::dns_query || f.kind == FactKind::server_name) &&
                          c.update_host(f.value) != nullptr) ||
                         (f.kind == FactKind::user_agent && c.update_agent(f.value) != nullptr);
        if (hit && f.first_seen_us < end_us) {
            last = std::max(last, std::min(f.last_seen_us, end_us - 1));
        }
    }
    return last;
}

}  // namespace

Answer q13_server_patches(const SurveyInput& in, const Catalogue& catalogue) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q13";
    const std::int64_t update_since = ctx.end_us - std::int64_t{kUpdateDays} * 86'400'000'000;

    std::size_t hosts = 0;
    std::size_t os_known = 0;
    std::size_t supported = 0;
    std::size_t support_unknown = 0;
    std::size_t updated = 0;
    std::size_t updated_on_wire = 0;
    Criterion support = wire_criterion("in_support", false, "", ctx);
    Criterion updates = wire_criterion("update_seen_35d", false, "", ctx);
    std::map<std::string, std::size_t> releases;
    EvidenceItem wsus{"wsus_servers", "", {}};
    for (const auto& d : in.devices) {
        if (!server_or_pc(d) || !active(d, ctx)) {
            continue;
        }
        ++hosts;
        if (std::any_of(d.services.begin(), d.services.end(),
                        [&](const std::string& s) { return catalogue.wsus_service(s); })) {
            wsus.devices.push_back(d.id);
        }
        const SupportStatus st = support_status(d, catalogue, ctx.as_of);
        const bool known = st.release.has_value() || has_version(d);
        if (known) {
            ++os_known;
            ++releases[st.release ? st.name : std::string("other")];
        } else {
            a.gaps.push_back({d.id,
                              device_label(d),
                              {"gap.os_unknown", {}},
                              {"action.record_os", {std::to_string(d.id)}}});
        }
        using State = SupportStatus::State;
        if (st.state == State::in_support) {
            ++supported;
        } else if (st.state == State::unknown) {
            // A known OS the catalogue does not list is not failed: the criterion's score says
            // how little that proves. An unknown OS cannot be judged at all (its gap is above).
            if (known) {
                ++supported;
                ++support_unknown;
            }
        } else if (auto esu = device_attestation(ctx, "esu", d.id)) {
            ++supported;
            support.attested.push_back(std::move(*esu));
        } else if (auto ltsc = st.state == State::ended_unless_ltsc
                                   ? device_attestation(ctx, "ltsc", d.id)
                                   : std::nullopt) {
            ++supported;
            support.attested.push_back(std::move(*ltsc));
        } else {
            a.gaps.push_back(
                {d.id,
                 device_label(d),
                 {st.state == State::ended_unless_ltsc ? "gap.end_of_support_unless_ltsc"
                                                       : "gap.end_of_support",
                  {st.name, st.row->end}},
                 {st.state == State::ended_unless_ltsc ? "action.attest_ltsc_or_upgrade"
                                                       : "action.upgrade_or_esu",
                  {std::to_string(d.id)}}});
        }
        if (last_update_us(d, catalogue, ctx.end_us) >= update_since) {
            ++updated;
            ++updated_on_wire;
        } else if (auto off = device_attestation(ctx, "offline_patching", d.id)) {
            ++updated;
            updates.attested.push_back(std::move(*off));
        } else {
            a.gaps.push_back({d.id,
                              device_label(d),
                              {"gap.no_update_activity", {std::to_string(kUpdateDays)}},
                              {"action.check_updates", {std::to_string(d.id)}}});
        }
    }
    a.criteria.push_back(
        population_criterion("os_known", os_known == hosts, ratio(os_known, hosts), hosts, ctx));
    note_nothing_observed(a, hosts);
    support.pass = hosts > 0 && supported == hosts;
    support.value = ratio(supported, hosts);
    if (support_unknown > 0 || hosts == 0) {
        support.score = kUnknownScore;
    }
    a.criteria.push_back(std::move(support));
    updates.pass = hosts > 0 && updated == hosts;
    updates.value = ratio(updated, hosts);
    if (hosts == 0) {
        updates.score = kUnknownScore;
    } else if (ctx.window.days < kUpdateDays) {
        updates.score = kShortWindowScore;
    }
    a.criteria.push_back(std::move(updates));

    a.evidence.push_back({"servers_and_pcs", std::to_string(hosts), {}});
    std::string per_release;
    for (const auto& [name, count] : releases) {
        per_release += (per_release.empty() ? "" : ", ") + name + ": " + std::to_string(count);
    }
    a.evidence.push_back({"os_releases", per_release, {}});
    a.evidence.push_back({"update_seen_on_wire", ratio(updated_on_wire, hosts), {}});
    a.evidence.push_back({"support_unknown", std::to_string(support_unknown), {}});
    wsus.value = std::to_string(wsus.devices.size());
    a.evidence.push_back(std::move(wsus));
    a.confirmations.push_back({"confirm.esu_contracts", {}});
    a.confirmations.push_back({"confirm.vendor_patch_exceptions", {}});
    a.confirmations.push_back({"confirm.revision_level", {}});
    note_window(a, ctx);
    decide(a, ctx, kYes, kNo);
    if (a.option == kYes && updated_on_wire < hosts) {
        a.confidence = std::min(a.confidence, kAttestedOnlyCap);
    }
    return a;
}

}  // namespace daicho::answers
