#include "questions/scope.h"

#include <algorithm>

namespace daicho::answers::detail {

bool in_it_ledger(const ledger::DeviceRecord& d) {
    return d.ledger.empty() ? d.category != "medical" : d.ledger == "it";
}

bool in_medical_ledger(const ledger::DeviceRecord& d) { return !in_it_ledger(d); }

bool q8_kind(const ledger::DeviceRecord& d) {
    return in_it_ledger(d) && (d.category == "server" || d.category == "pc" ||
                               d.category == "network" || d.category == "medical");
}

bool network_gear(const ledger::DeviceRecord& d) { return d.category == "network"; }

bool edge_device(const ledger::DeviceRecord& d) {
    return network_gear(d) &&
           (d.subtype == "firewall" || d.subtype == "vpn-gateway" || d.subtype == "router");
}

bool server_or_pc(const ledger::DeviceRecord& d) {
    return d.category == "server" || d.category == "pc" ||
           (d.category == "medical" && in_it_ledger(d));
}

bool has_version(const ledger::DeviceRecord& d) {
    return std::any_of(d.software.begin(), d.software.end(), [](const ledger::SoftwareEntry& s) {
        return !s.version.empty() &&
               (s.kind == "os" || s.kind == "firmware" || s.kind == "system_description" ||
                s.kind == "implementation_version" || (s.kind == "software" && !s.product.empty()));
    });
}

}  // namespace daicho::answers::detail
