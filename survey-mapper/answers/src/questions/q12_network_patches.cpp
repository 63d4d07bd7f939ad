// Q12 ネットワーク機器に対して定期的にセキュリティパッチを適用している (answer-logic.md §6.2):
// はい only when (a) >= 95% of active network gear, and every edge device (firewall, VPN
// gateway, router), states a firmware version, (b) none runs a release past its end of
// support, (c) none runs a version in a known-exploited range, and every device once in a
// range whose credentials leaked has its credential reset attested, and (d) patching is
// periodic: a person attests the review within 12 months, or the wire saw a firmware change
// within 12 months. The vendor checklist for vendor-managed gear is a confirmation.

#include <algorithm>

#include "daicho/answers/attestation_keys.h"
#include "daicho/answers/survey.h"
#include "daicho/ledger/time.h"
#include "questions/common.h"
#include "questions/scope.h"
#include "daicho/answers/support_status.h"

namespace daicho::answers {

using namespace detail;

namespace {

constexpr double kVersionShare = 0.95;
constexpr int kReviewWithinDays = 365;

bool firmware_known(const ledger::DeviceRecord& d, const SupportStatus& st) {
    return st.release.has_value() ||
           std::any_of(d.software.begin(), d.software.end(), [](const ledger::SoftwareEntry& s) {
               return !s.version.empty() &&
                      (s.kind == "os" || s.kind == "firmware" || s.kind == "system_description");
           });
}

}  // namespace

Answer q12_network_patches(const SurveyInput& in, const Catalogue& catalogue) {
    const Context ctx = context(in);
    Answer a;
    a.question_id = "Q12";

    std::size_t gear = 0;
    std::size_t known = 0;
    std::size_t edges = 0;
    std::size_t edges_known = 0;
    std::size_t ended = 0;
    std::size_t exploited = 0;
    std::size_t leaked = 0;
    std::size_t leaked_reset = 0;
    std::size_t unknown_support = 0;
    std::vector<std::int64_t> gear_ids;
    Criterion reset;
    reset.id = "credentials_reset";
    for (const auto& d : in.devices) {
        if (!network_gear(d) || !active(d, ctx)) {
            continue;
        }
        ++gear;
        gear_ids.push_back(d.id);
        const SupportStatus st = support_status(d, catalogue, ctx.as_of);
        const bool edge = edge_device(d);
        edges += edge ? 1 : 0;
        const bool versioned = firmware_known(d, st);
        if (versioned) {
            ++known;
            edges_known += edge ? 1 : 0;
        } else {
            a.gaps.push_back({d.id,
                              device_label(d),
                              {edge ? "gap.edge_firmware_unknown" : "gap.firmware_unknown", {}},
                              {"action.record_firmware", {std::to_string(d.id)}}});
        }
        if (st.state == SupportStatus::State::ended) {
            ++ended;
            a.gaps.push_back({d.id,
                              device_label(d),
                              {"gap.end_of_support", {st.name, st.row->end}},
                              {"action.replace_or_upgrade", {}}});
        } else if (versioned && st.state == SupportStatus::State::unknown) {
            // A version the catalogue has no support date for: a person asks the vendor.
            ++unknown_support;
        }
        for (const auto* cve : st.exploited) {
            ++exploited;
            a.gaps.push_back({d.id,
                              device_label(d),
                              {"gap.known_exploited", {st.name, cve->cve}},
                              {"action.update_firmware", {}}});
            if (cve->credentials_leaked) {
                ++leaked;
                if (auto at = device_attestation(ctx, "credentials_reset", d.id)) {
                    ++leaked_reset;
                    reset.attested.push_back(std::move(*at));
                } else {
                    a.gaps.push_back(
                        {d.id,
                         device_label(d),
                         {"gap.credentials_leaked", {cve->cve}},
                         {"action.attest_device", {"credentials_reset", std::to_string(d.id)}}});
                }
            }
        }
    }
    a.criteria.push_back(population_criterion(
        "firmware_known", at_least(known, gear, kVersionShare) && edges_known == edges,
        ratio(known, gear) + " / edge " + ratio(edges_known, edges), gear, ctx));
    a.criteria.push_back(
        population_criterion("none_end_of_support", ended == 0, std::to_string(ended), gear, ctx));
    a.criteria.push_back(population_criterion("none_known_exploited", exploited == 0,
                                              std::to_string(exploited), gear, ctx));
    note_nothing_observed(a, gear);
    if (leaked > 0) {
        reset.pass = leaked_reset == leaked;
        reset.value = ratio(leaked_reset, leaked);
        reset.score = reset.pass ? kAttestedScore : kWireScore;
        a.criteria.push_back(std::move(reset));
    }

    // Periodic: a person's statement, or a firmware change the wire saw within 12 months.
    const std::int64_t since_us =
        ledger::parse_time_utc(add_days(ctx.as_of, -kReviewWithinDays)).value_or(0);
    const ledger::EventRecord* change = nullptr;
    std::size_t changes = 0;
    for (const auto& e : in.software_changes) {
        if (e.at_us < since_us || e.at_us >= ctx.end_us ||
            std::find(gear_ids.begin(), gear_ids.end(), e.device_id) == gear_ids.end()) {
            continue;
        }
        ++changes;
        change = &e;  // events come in time order: the newest is kept
    }
    Criterion periodic = attested_criterion("periodic_review", "nw_patch_review", ctx, a);
    if (!periodic.pass && change != nullptr) {
        periodic.pass = true;
        periodic.score = ctx.short_window ? kShortWindowScore : kWireScore;
        periodic.value =
            "#" + std::to_string(change->device_id) + " " + change->before + " -> " + change->after;
        // No statement is owed when the wire shows the update.
        a.gaps.erase(std::remove_if(a.gaps.begin(), a.gaps.end(),
                                    [](const Gap& g) {
                                        return g.missing.key == "gap.attestation_missing" &&
                                               g.action.args ==
                                                   std::vector<std::string>{"nw_patch_review"};
                                    }),
                     a.gaps.end());
    }
    a.criteria.push_back(std::move(periodic));

    a.evidence.push_back({"network_gear", std::to_string(gear), gear_ids});
    a.evidence.push_back({"edge_devices", std::to_string(edges), {}});
    a.evidence.push_back({"support_unknown", std::to_string(unknown_support), {}});
    a.evidence.push_back({"firmware_changes_seen", std::to_string(changes), {}});
    a.confirmations.push_back({"confirm.vendor_checklist", {}});
    a.confirmations.push_back({"confirm.silent_firmware", {}});
    if (unknown_support > 0) {
        a.confirmations.push_back({"confirm.support_dates", {std::to_string(unknown_support)}});
    }
    note_window(a, ctx);
    decide(a, ctx, kYes, kNo);
    return a;
}

}  // namespace daicho::answers
