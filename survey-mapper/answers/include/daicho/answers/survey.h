#pragma once
// The survey pre-fill (issue 14, answer-logic.md §6): one pure function per question from what
// the ledger holds (a snapshot's devices, external endpoints and history), the config's map,
// the attestations and training records, and the reference date, to an Answer. Nothing here
// reads a file or the clock: the CLI gathers the input (daicho/answers/survey_input.h) and
// the renderers write the result.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daicho/answers/answer.h"
#include "daicho/answers/catalogue.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/events.h"

namespace daicho::answers {

// The survey's reference date: 「令和8年3月末時点の状況」 (回答要領).
inline constexpr const char* kDefaultAsOf = "2026-03-31";

// One external connection point (Q10) once the connections model (issue 13) provides them:
// the mapper counts them per department and checks each was confirmed by a person.
struct ConnectionPoint {
    std::string id;
    std::string department;  // "" when unmapped
    std::string kind;        // "internet", "site-vpn", "remote-access", "maintenance", ...
    std::vector<std::int64_t> devices;
    std::string confirmed_on;  // YYYY-MM-DD; "" never confirmed
    std::string confirmed_by;
    std::string owner;
    std::string purpose;
};

struct SurveyInput {
    std::span<const ledger::DeviceRecord> devices;          // Snapshot::device_list().devices
    std::span<const ledger::DeviceRecord> external;         // ... .external
    std::span<const ledger::EventRecord> software_changes;  // events of kind software_change
    std::span<const ledger::AttestationRecord> attestations;
    std::span<const ledger::TrainingRecord> training;
    bool departments_configured = false;  // the config maps subnets/VLANs to departments
    // The departments the config declares: one with no active device is a segment declared
    // but silent on the mirror (answer-logic.md §6.1, 未観測セグメント).
    std::span<const std::string> departments;
    bool address_plan_configured = false;
    // nullopt until the connections model exists: Q10 then lists the missing model as a gap.
    std::optional<std::span<const ConnectionPoint>> connection_points;
    std::string as_of = kDefaultAsOf;  // YYYY-MM-DD
};

[[nodiscard]] Answer q08_it_ledger(const SurveyInput& in);
[[nodiscard]] Answer q09_medical_ledger(const SurveyInput& in);
[[nodiscard]] Answer q10_network_map(const SurveyInput& in);
[[nodiscard]] Answer q11_training(const SurveyInput& in);
[[nodiscard]] Answer q12_network_patches(const SurveyInput& in, const Catalogue& catalogue);
[[nodiscard]] Answer q13_server_patches(const SurveyInput& in, const Catalogue& catalogue);
// Evidence for Q6, Q14-1, Q15 and Q17-2 where the wire shows some; never an answer.
[[nodiscard]] std::vector<Hint> hints(const SurveyInput& in);

// Every question and the hints.
[[nodiscard]] SurveyResult run_survey(const SurveyInput& in, const Catalogue& catalogue);

}  // namespace daicho::answers
