#pragma once
// Whether a fact describes the device itself. A fact sent from an IP address the device does
// not hold crossed a router: it describes a host behind this MAC (the SYN-ACK of a server in
// another VLAN), not the device. Devices with no known address keep every fact, since nothing
// says which of them are their own.

#include <algorithm>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

[[nodiscard]] inline bool sent_by_device(const FactEntry& f, const DeviceRecord& d) {
    if (f.subject_ip.empty() || d.addresses.empty()) {
        return true;
    }
    return std::any_of(d.addresses.begin(), d.addresses.end(),
                       [&](const AddressEntry& a) { return a.address == f.subject_ip; });
}

}  // namespace daicho::ledger
