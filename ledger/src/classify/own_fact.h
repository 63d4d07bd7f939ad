#pragma once
// Whether a fact describes the device itself. A fact sent from an IP address the device does
// not hold may have crossed a router: it describes a host behind this MAC (the SYN-ACK of a
// server in another VLAN), not the device. Facts from link-local or unspecified sources never
// crossed one, and an address of a family the device shows none of says nothing either way
// (identity/routing.h); devices with no known address keep every fact.

#include <algorithm>

#include "daicho/ledger/device.h"
#include "identity/routing.h"

namespace daicho::ledger {

[[nodiscard]] inline bool sent_by_device(const FactEntry& f, const DeviceRecord& d) {
    if (f.subject_ip.empty() || d.addresses.empty() || !routable_source(f.subject_ip)) {
        return true;
    }
    const bool v6 = f.subject_ip.find(':') != std::string::npos;
    bool family_known = false;
    for (const AddressEntry& a : d.addresses) {
        if (a.address == f.subject_ip) {
            return true;
        }
        family_known = family_known || (a.address.find(':') != std::string::npos) == v6;
    }
    return !family_known;
}

}  // namespace daicho::ledger
