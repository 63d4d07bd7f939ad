#pragma once
// What the question mappers share (answer-logic.md §6.1): the observation window and the
// active population, criteria from the wire and from attestations with their scores, and the
// rule that turns criteria into the recommended option and its confidence.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "daicho/answers/answer.h"
#include "daicho/answers/survey.h"

namespace daicho::answers::detail {

// Why 30 days: answer-logic.md §6.1, "active population = devices seen within the last 30 days
// of the window"; a shorter window cannot show a monthly rhythm either.
inline constexpr int kActiveDays = 30;
inline constexpr int kMinWindowDays = 30;
inline constexpr double kWireScore = 0.9;          // from the wire alone
inline constexpr double kShortWindowScore = 0.75;  // the same from a window under 30 days
inline constexpr double kAttestedScore = 1.0;
inline constexpr double kUnknownScore = 0.5;  // a person has not said

struct Context {
    const SurveyInput& in;
    std::string as_of;
    std::int64_t end_us = 0;  // the end of the reference day (exclusive)
    Window window;
    std::int64_t window_end_us = 0;
    bool short_window = false;
};

[[nodiscard]] Context context(const SurveyInput& in);

// Seen within kActiveDays before the window's end (and before the reference date's end).
[[nodiscard]] bool active(const ledger::DeviceRecord& d, const Context& ctx);

// "#12 pc-rad-01 10.20.1.5": the id, the first name and the first address a person can find.
[[nodiscard]] std::string device_label(const ledger::DeviceRecord& d);

// "412/415 (99.3%)"; "0/0" when n is 0.
[[nodiscard]] std::string ratio(std::size_t k, std::size_t n);
// k >= share * n (true when n is 0: nothing to fail).
[[nodiscard]] bool at_least(std::size_t k, std::size_t n, double share);

[[nodiscard]] Criterion wire_criterion(std::string id, bool pass, std::string value,
                                       const Context& ctx);

// A criterion over a population of `n` devices. An empty population proves nothing: the
// criterion fails as unknown (score kUnknownScore), never passes on no evidence.
[[nodiscard]] Criterion population_criterion(std::string id, bool pass, std::string value,
                                             std::size_t n, const Context& ctx);

// Where the active devices sit: Q9 and Q10 both ask that every one has a department.
struct Placement {
    std::size_t active = 0;
    std::size_t unplaced = 0;
    EvidenceItem unplaced_ids{"unplaced_devices", "", {}};
    std::map<std::string, std::size_t> per_department;
};
[[nodiscard]] Placement placement(const Context& ctx);
// The criterion "departments_mapped" over it (with its gap when the config maps nothing).
[[nodiscard]] Criterion departments_mapped(const Placement& p, const Context& ctx, Answer& a);

// The gap for a question whose devices were never seen before the reference date.
void note_nothing_observed(Answer& a, std::size_t n);

// A criterion a person's statement decides: met while the attestation of `key` (the whole
// hospital's) is in force; a gap (with the command that records it) when it is missing or
// expired.
[[nodiscard]] Criterion attested_criterion(std::string id, std::string_view key, const Context& ctx,
                                           Answer& answer);

// The statement in force for one device (or the hospital-wide one), as Attested, when valid.
[[nodiscard]] std::optional<Attested> device_attestation(const Context& ctx, std::string_view key,
                                                         std::int64_t device_id);

// Sets option and confidence: every criterion met -> `met_option` with the lowest score;
// otherwise `unmet_option` with the score of the surest failed criterion (one sure failure
// is enough to say no). Also sets as_of and window.
void decide(Answer& a, const Context& ctx, const char* met_option, const char* unmet_option);

// Adds the observation-window gap when the window is short.
void note_window(Answer& a, const Context& ctx);

}  // namespace daicho::answers::detail
