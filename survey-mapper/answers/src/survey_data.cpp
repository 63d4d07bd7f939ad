#include "daicho/answers/survey_data.h"

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/snapshot.h"

namespace daicho::answers {

SurveyInput SurveyData::input(const std::string& as_of) const {
    SurveyInput in;
    in.devices = devices;
    in.external = external;
    in.software_changes = software_changes;
    in.attestations = attestations;
    in.training = training;
    in.departments_configured = departments_configured;
    in.departments = departments;
    in.address_plan_configured = address_plan_configured;
    in.as_of = as_of;
    return in;
}

SurveyData read_survey_data(const ledger::Ledger& ledger,
                            const ledger::DepartmentMap& departments) {
    SurveyData data;
    {
        const ledger::Snapshot snapshot(ledger, departments);
        auto list = snapshot.device_list();
        data.devices = std::move(list.devices);
        data.external = std::move(list.external);
        ledger::EventFilter filter;
        filter.kinds = {"software_change"};
        data.software_changes = snapshot.events(filter);
    }
    data.attestations = ledger::read_attestations(ledger);
    data.training = ledger::read_training(ledger);
    data.departments_configured = !departments.departments.empty();
    for (const auto& d : departments.departments) {
        data.departments.push_back(d.name);
    }
    data.address_plan_configured =
        ledger::AddressPlan(departments).configured() || ledger.address_plan().configured();
    return data;
}

}  // namespace daicho::answers
