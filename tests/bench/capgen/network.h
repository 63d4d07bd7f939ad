#pragma once
// The simulated hospital LAN a profile describes: VLANs with a router interface each, hosts
// with stable identities, the switches that send LLDP, and the servers traffic goes to.
// Profiles build a Network; the Simulator turns it into frames.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frame_builder.h"
#include "rng.h"

namespace daicho::capgen {

enum class Role : std::uint8_t {
    pc,            // Windows desktop / workstation
    laptop,        // Windows laptop (may use a randomised MAC)
    phone,         // smartphone / tablet, randomised MAC
    printer,
    modality,      // DICOM modality (CT, MR, US, CR ...)
    monitor,       // patient monitor / monitor gateway (HL7 sender)
    export_monitor,  // patient monitor announcing its Data Export interface (no HL7 of its own)
    lab_analyzer,  // laboratory analyser (HL7 sender)
    server,
    network,       // switch management address
    router,        // VLAN gateway
};

// What DHCP options a client sends (option 60 / 55 differ per OS family).
enum class DhcpProfile : std::uint8_t { none, windows, android, ios, printer, linux_embedded };

// One IEEE MA-L assignment, with the owner as registered (for the README table).
struct Oui {
    std::uint8_t a, b, c;
    std::string_view owner;
};

struct Host {
    std::string label;      // role for people: "CT modality", "nurse-station PC"
    Role role = Role::pc;
    std::string_view vendor;  // OUI owner, or "(randomised)"
    Mac mac;
    Ipv4 ip = 0;
    std::uint16_t vlan = 0;
    std::string hostname;   // sent in DHCP option 12 (empty: static address or none sent)
    DhcpProfile dhcp = DhcpProfile::none;
    bool ipv6 = false;      // sends NDP from a link-local address
    Ipv6 ll;
    std::uint8_t initial_ttl = 64;
};

struct Vlan {
    std::uint16_t id = 0;
    std::string name;
    Ipv4 gateway = 0;  // 10.<id>.0.1
    bool ipv6_ra = false;
};

struct Switch {
    std::size_t host = 0;  // its management address
    std::string sys_name;
    std::string sys_descr;
    std::string port_id;   // the port the LLDP frame leaves (toward the tapped core)
    std::string port_descr;
    Mac port_mac;
    std::uint16_t capabilities = 0x0004;  // bridge
};

// What a DICOM application entity says about itself in its association PDUs.
struct DicomAe {
    std::size_t host = 0;
    std::string ae_title;
    std::string implementation_class_uid;  // a root dicom_uids.json names
    std::string implementation_version;
    std::uint32_t max_pdu_length = 16384;
};

// A modality that stores one image to the PACS: its AE, the storage SOP class it proposes and
// the General Equipment attributes of its dataset (nothing else goes in the dataset).
struct DicomModality {
    DicomAe ae;
    std::string sop_class;
    std::string modality;
    std::string manufacturer;
    std::string station_name;
    std::string model;
    std::string serial;
};

// An HL7 v2 application: MSH-3/MSH-4 (sending) or MSH-5/MSH-6 (receiving).
struct Hl7App {
    std::size_t host = 0;
    std::string application;
    std::string facility;
};

// A monitor's Data Export Connect Indication (Philips IntelliVue).
struct ExportMonitor {
    std::size_t host = 0;
    std::string manufacturer;
    std::string model;
    std::string serial;
    std::string software_revision;
};

// The medical protocols' own bytes (DICOM associations, HL7 over MLLP, Connect Indications),
// as scripted exchanges beside the bulk sessions. Empty lists: none of them.
struct MedicalTraffic {
    DicomAe pacs;                          // the storage SCP every modality associates with
    std::vector<DicomModality> modalities;
    bool hl7 = false;
    Hl7App hl7_sender;    // opens the MLLP connection, sends ADT^A08 as MSH + EVN only
    Hl7App hl7_receiver;  // answers each with ACK (MSH + MSA)
    std::vector<ExportMonitor> export_monitors;
};

// Which hosts provide the services traffic goes to.
struct Services {
    std::size_t dns = 0, dhcp = 0, ntp = 0, syslog = 0, nms = 0;
    std::size_t pacs = 0, emr = 0, fileserver = 0, hl7 = 0, lis = 0;
    std::vector<std::size_t> web;  // other HTTPS servers (groupware, PACS viewer, WSUS)
};

struct Network {
    std::vector<Vlan> vlans;
    std::vector<Host> hosts;
    std::vector<Switch> switches;
    Services svc;
    std::size_t router = 0;  // host index of the gateway (its MAC serves every VLAN)
    std::string domain;      // DHCP option 15 / DNS suffix
    std::uint16_t pacs_port = 104;
    MedicalTraffic medical;

    [[nodiscard]] const Vlan* vlan(std::uint16_t id) const noexcept {
        for (const auto& v : vlans) {
            if (v.id == id) {
                return &v;
            }
        }
        return nullptr;
    }
};

// OUIs as listed in the IEEE registry (/usr/share/ieee-data/oui.txt).
namespace oui {
inline constexpr Oui kDell{0xc8, 0xf7, 0x50, "Dell Inc."};
inline constexpr Oui kDell2{0x98, 0xe7, 0x43, "Dell Inc."};
inline constexpr Oui kHp{0x5c, 0x60, 0xba, "HP Inc."};
inline constexpr Oui kHp2{0xf8, 0x0d, 0xac, "HP Inc."};
inline constexpr Oui kHpe{0x4c, 0xae, 0xa3, "Hewlett Packard Enterprise"};
inline constexpr Oui kLenovo{0x10, 0xc5, 0x95, "Lenovo"};
inline constexpr Oui kFujitsu{0x00, 0x0b, 0x5d, "FUJITSU LIMITED"};
inline constexpr Oui kFujitsu2{0xb0, 0x99, 0x28, "FUJITSU LIMITED"};
inline constexpr Oui kNec{0x6c, 0xe4, 0xda, "NEC Platforms, Ltd."};
inline constexpr Oui kNec2{0x08, 0x10, 0x86, "NEC Platforms, Ltd."};
inline constexpr Oui kCisco{0xf4, 0xbd, 0x9e, "Cisco Systems, Inc"};
inline constexpr Oui kCisco2{0x30, 0x8b, 0xb2, "Cisco Systems, Inc"};
inline constexpr Oui kAlliedTelesis{0x00, 0x0d, 0xda, "ALLIED TELESIS K.K."};
inline constexpr Oui kYamaha{0xac, 0x44, 0xf2, "YAMAHA CORPORATION"};
inline constexpr Oui kBrother{0x30, 0x05, 0x5c, "Brother industries, LTD."};
inline constexpr Oui kCanon{0x74, 0x38, 0xb7, "CANON INC."};
inline constexpr Oui kKonicaMinolta{0x00, 0x20, 0x6b, "KONICA MINOLTA HOLDINGS, INC."};
inline constexpr Oui kGeHealthcare{0x44, 0x4b, 0x5d, "GE Healthcare"};
inline constexpr Oui kPhilipsMedical{0x00, 0x09, 0x5c,
                                     "Philips Medical Systems - Cardiac and Monitoring Systems"};
inline constexpr Oui kPhilipsPatientMonitoring{0x00, 0x09, 0xfb, "Philips Patient Monitoring"};
inline constexpr Oui kPhilipsHealthcare{0x7c, 0x94, 0xb2, "Philips Healthcare PCCI"};
inline constexpr Oui kSiemens{0x00, 0x0e, 0x8c, "Siemens AG"};
inline constexpr Oui kSiemensDiagnostics{0x00, 0x18, 0x65,
                                         "Siemens Healthcare Diagnostics Manufacturing Ltd"};
inline constexpr Oui kFujifilm{0x88, 0xb4, 0x36, "FUJIFILM Corporation"};
inline constexpr Oui kNihonKohden{0x00, 0xa0, 0x9a, "NIHON KOHDEN AMERICA"};
inline constexpr Oui kFukudaDenshi{0x00, 0x40, 0xd1, "FUKUDA DENSHI CO., LTD."};
inline constexpr Oui kToshiba{0x00, 0x08, 0x0d, "Toshiba"};
inline constexpr Oui kSysmex{0x00, 0x06, 0x6b, "Sysmex Corporation"};
}  // namespace oui

inline constexpr std::string_view kRandomisedVendor = "(randomised, locally administered)";

// A MAC under the OUI with three random octets.
[[nodiscard]] Mac mac_from_oui(const Oui& o, Rng& rng) noexcept;
// A locally administered unicast MAC (as phones and Windows "random hardware addresses" use).
[[nodiscard]] Mac random_local_mac(Rng& rng) noexcept;
[[nodiscard]] std::string mac_text(const Mac& m);
[[nodiscard]] std::string ipv4_text(Ipv4 a);

// Fills Host::ll (EUI-64 for wired devices, random IID for phones and Windows) and TTL.
void finish_host(Host& h, Rng& rng) noexcept;

// Profiles. `hosts` scales the hospital profile; the demo is fixed.
[[nodiscard]] Network build_hospital(std::size_t hosts, Rng& rng);
[[nodiscard]] Network build_demo(Rng& rng);

}  // namespace daicho::capgen
