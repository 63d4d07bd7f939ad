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
    if (connections_recorded) {
        in.connection_points = std::span<const ConnectionPoint>(connection_points);
    }
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
        const auto connections = snapshot.connections();
        data.connections_recorded = connections.captures > 0;
        for (const auto& p : connections.points) {
            ConnectionPoint point;
            point.id = std::to_string(p.id);
            point.department = p.department;
            point.kind = p.service_class;
            if (p.inside_device_id != 0) {
                point.devices.push_back(p.inside_device_id);
            }
            // Who confirmed it, its owner and purpose: a person's statement, not yet recorded
            // per point, so every point is a gap to confirm.
            data.connection_points.push_back(std::move(point));
        }
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
