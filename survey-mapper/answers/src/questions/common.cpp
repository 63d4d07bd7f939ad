#include "questions/common.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "daicho/answers/attestation_keys.h"
#include "daicho/ledger/time.h"

namespace daicho::answers::detail {

namespace {

constexpr std::int64_t kDayUs = 86'400'000'000;

std::string day_of(std::int64_t us) { return ledger::format_time_utc(us).substr(0, 10); }

}  // namespace

Context context(const SurveyInput& in) {
    Context ctx{in, in.as_of, 0, {}, 0, false};
    ctx.end_us = ledger::parse_time_utc(in.as_of).value_or(0) + kDayUs;
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = 0;
    for (const auto& d : in.devices) {
        if (d.first_seen_us < ctx.end_us) {
            first = std::min(first, d.first_seen_us);
            last = std::max(last, std::min(d.last_seen_us, ctx.end_us - 1));
        }
    }
    if (last == 0) {
        ctx.short_window = true;
        ctx.window_end_us = ctx.end_us;
        return ctx;
    }
    ctx.window_end_us = last;
    ctx.window.from = day_of(first);
    ctx.window.to = day_of(last);
    ctx.window.days = static_cast<int>((last - first) / kDayUs) + 1;
    ctx.short_window = ctx.window.days < kMinWindowDays;
    return ctx;
}

bool active(const ledger::DeviceRecord& d, const Context& ctx) {
    return d.first_seen_us < ctx.end_us &&
           d.last_seen_us >= ctx.window_end_us - kActiveDays * kDayUs;
}

std::string device_label(const ledger::DeviceRecord& d) {
    std::string s = "#" + std::to_string(d.id);
    if (const auto* name = d.annotation("name"); name != nullptr) {
        s += " " + name->value;
    } else if (!d.hostnames.empty()) {
        s += " " + d.hostnames.front();
    }
    if (!d.addresses.empty()) {
        s += " " + d.addresses.front().address;
    } else if (!d.mac.empty()) {
        s += " " + d.mac;
    }
    return s;
}

std::string ratio(std::size_t k, std::size_t n) {
    if (n == 0) {
        return "0/0";
    }
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.1f", 100.0 * static_cast<double>(k) / static_cast<double>(n));
    return std::to_string(k) + "/" + std::to_string(n) + " (" + pct + "%)";
}

bool at_least(std::size_t k, std::size_t n, double share) {
    return static_cast<double>(k) >= share * static_cast<double>(n);
}

Criterion wire_criterion(std::string id, bool pass, std::string value, const Context& ctx) {
    Criterion c;
    c.id = std::move(id);
    c.pass = pass;
    c.value = std::move(value);
    c.score = ctx.short_window ? kShortWindowScore : kWireScore;
    return c;
}

Criterion population_criterion(std::string id, bool pass, std::string value, std::size_t n,
                               const Context& ctx) {
    Criterion c = wire_criterion(std::move(id), pass && n > 0, std::move(value), ctx);
    if (n == 0) {
        c.score = kUnknownScore;
    }
    return c;
}

Placement placement(const Context& ctx) {
    Placement p;
    for (const auto& d : ctx.in.devices) {
        if (!active(d, ctx)) {
            continue;
        }
        ++p.active;
        if (d.department.empty()) {
            ++p.unplaced;
            p.unplaced_ids.devices.push_back(d.id);
        } else {
            ++p.per_department[d.department];
        }
    }
    p.unplaced_ids.value = std::to_string(p.unplaced);
    return p;
}

Criterion departments_mapped(const Placement& p, const Context& ctx, Answer& a) {
    if (!ctx.in.departments_configured) {
        a.gaps.push_back(
            {0, "", {"gap.no_department_map", {}}, {"action.configure_departments", {}}});
    } else if (p.unplaced > 0) {
        a.gaps.push_back({0,
                          "",
                          {"gap.unplaced_devices", {std::to_string(p.unplaced)}},
                          {"action.configure_departments", {}}});
    }
    return population_criterion("departments_mapped",
                                ctx.in.departments_configured && p.unplaced == 0,
                                ratio(p.active - p.unplaced, p.active), p.active, ctx);
}

void note_nothing_observed(Answer& a, std::size_t n) {
    if (n == 0) {
        a.gaps.push_back({0, "", {"gap.nothing_observed", {}}, {"action.observe_longer", {}}});
    }
}

std::optional<Attested> device_attestation(const Context& ctx, std::string_view key,
                                           std::int64_t device_id) {
    const auto f = attestation_in_force(ctx.in.attestations, key, device_id, ctx.as_of);
    if (!f || f->expired) {
        return std::nullopt;
    }
    return Attested{std::string(key), f->record->value, f->record->by, f->record->date,
                    f->valid_until};
}

Criterion attested_criterion(std::string id, std::string_view key, const Context& ctx,
                             Answer& answer) {
    Criterion c;
    c.id = std::move(id);
    const auto f = attestation_in_force(ctx.in.attestations, key, 0, ctx.as_of);
    const std::string attest_key = "attest:" + std::string(key);
    if (!f) {
        c.pass = false;
        c.score = kUnknownScore;
        answer.gaps.push_back({0,
                               "",
                               {"gap.attestation_missing", {attest_key}},
                               {"action.attest", {std::string(key)}}});
        return c;
    }
    c.attested.push_back(
        {std::string(key), f->record->value, f->record->by, f->record->date, f->valid_until});
    c.value = f->record->value.empty() ? f->record->date : f->record->value;
    if (f->expired) {
        c.pass = false;
        c.score = kWireScore;  // the date says so; a person may have a newer record
        answer.gaps.push_back({0,
                               "",
                               {"gap.attestation_expired", {attest_key, f->valid_until}},
                               {"action.attest", {std::string(key)}}});
        return c;
    }
    c.pass = true;
    c.score = kAttestedScore;
    return c;
}

void decide(Answer& a, const Context& ctx, const char* met_option, const char* unmet_option) {
    a.as_of = ctx.as_of;
    a.window = ctx.window;
    const bool met = std::all_of(a.criteria.begin(), a.criteria.end(),
                                 [](const Criterion& c) { return c.pass; });
    double confidence = met ? 1.0 : 0.0;
    for (const auto& c : a.criteria) {
        confidence = met ? std::min(confidence, c.score)
                         : (c.pass ? confidence : std::max(confidence, c.score));
    }
    a.option = met ? met_option : unmet_option;
    a.confidence = a.criteria.empty() ? 0.0 : confidence;
}

void note_window(Answer& a, const Context& ctx) {
    if (ctx.short_window) {
        a.gaps.push_back({0,
                          "",
                          {"gap.short_window",
                           {std::to_string(ctx.window.days), std::to_string(kMinWindowDays)}},
                          {"action.observe_longer", {}}});
    }
}

}  // namespace daicho::answers::detail
