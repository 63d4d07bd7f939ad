#pragma once
// What the survey pre-fill reads from a ledger, gathered once (one snapshot for the devices,
// the external endpoints and the firmware history; then the attestations and training
// records), for the CLI and later the HTTP API: the mappers stay pure functions over it.

#include <string>
#include <vector>

#include "daicho/answers/survey.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/ledger.h"

namespace daicho::answers {

struct SurveyData {
    std::vector<ledger::DeviceRecord> devices;
    std::vector<ledger::DeviceRecord> external;
    std::vector<ledger::EventRecord> software_changes;
    std::vector<ledger::AttestationRecord> attestations;
    std::vector<ledger::TrainingRecord> training;
    // The external connection points (daicho connections); recorded only when a capture was
    // ingested with the connections model, else Q10 says the model has no data yet.
    std::vector<ConnectionPoint> connection_points;
    bool connections_recorded = false;
    std::vector<std::string> departments;
    bool departments_configured = false;
    bool address_plan_configured = false;

    // The mappers' input over this data (which must outlive it) on reference date `as_of`.
    [[nodiscard]] SurveyInput input(const std::string& as_of) const;
};

[[nodiscard]] SurveyData read_survey_data(const ledger::Ledger& ledger,
                                          const ledger::DepartmentMap& departments);

}  // namespace daicho::answers
