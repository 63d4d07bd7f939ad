#pragma once
// Structured fact values as typed values. The decoders store some facts as short texts with
// a fixed shape ("dicom-scp <called AE> <IP>", "vtp-domain=<name>", "pvid=<n>"); the text stays
// the stable stored and JSON form, and a reader that needs the parts asks here instead of
// parsing it again. Each function returns nullopt for a fact of another kind or shape.

#include <cstdint>
#include <optional>
#include <string>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

// A `peer` fact from DICOM (collectors' A-ASSOCIATE-RQ): the SCP this device asked to
// associate with.
struct DicomPeer {
    std::string ae_title;  // the called AE title (may hold inner spaces)
    std::string address;   // its IP address; "" when the capture did not show it
};
[[nodiscard]] std::optional<DicomPeer> dicom_peer(const FactEntry& fact);

// A `vlan_announced` fact (LLDP 802.1 / LLDP-MED, CDP).
struct VlanAnnouncement {
    enum class What {
        port_vlan,     // LLDP "pvid=<n>", CDP "native-vlan=<n>": the port's untagged VLAN
        vlan_name,     // LLDP "vlan <n> name=<name>"
        voice_policy,  // LLDP-MED "med-policy app=<n> vlan=<vid>"
        vtp_domain,    // CDP "vtp-domain=<name>"
    };
    What what = What::port_vlan;
    int vlan = 0;         // the VLAN id; 0 for vtp_domain
    std::string name;     // vlan_name: the VLAN's name; vtp_domain: the domain
    int application = 0;  // voice_policy: the LLDP-MED application type
};
[[nodiscard]] std::optional<VlanAnnouncement> vlan_announcement(const FactEntry& fact);

}  // namespace daicho::ledger
