// The network picture of a snapshot (cli/topology_input.h).

#include "cli/topology_input.h"
#include "daicho/ledger/time.h"


namespace daicho::agent {

survey::Topology topology_of(const ledger::Snapshot& snapshot,
                             const ledger::DepartmentMap& departments, const std::string& expand) {
    const auto list = snapshot.device_list();
    survey::TopologyOptions options;
    // The external connection points (daicho connections): each draws its gateway as an egress,
    // its remote end outside, and counts for its department.
    for (const auto& p : snapshot.connections().points) {
        std::string remote = p.remote_address;
        if (!p.names.empty()) {
            remote = p.names.front().name + " (" + p.remote_address + ")";
        }
        options.connections.push_back(survey::ConnectionPointInput{
            p.department, p.inside_device_id, p.gateway_device_id, std::move(remote),
            p.service_class, p.opener == "outside" ? "inbound" : "outbound"});
    }
    options.generated_us = ledger::now_us();
    options.expand = expand;
    return survey::build_topology(list.devices, list.external, departments, options);
}

}  // namespace daicho::agent
