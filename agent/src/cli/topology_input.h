#pragma once
// The network picture of a snapshot as `daicho topology` draws it: the devices, the external
// endpoints and the connection points (each gateway an egress, its remote end outside).
// Shared by the command and the dashboard's ネットワーク構成図 page.

#include <string>

#include "daicho/ledger/departments.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/topology.h"

namespace daicho::agent {

// `expand`: the department whose devices are listed one by one ("" none). Throws
// std::invalid_argument when `expand` names no department.
[[nodiscard]] survey::Topology topology_of(const ledger::Snapshot& snapshot,
                                           const ledger::DepartmentMap& departments,
                                           const std::string& expand);

}  // namespace daicho::agent
