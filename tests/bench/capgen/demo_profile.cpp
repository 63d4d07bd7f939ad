// The "demo" profile: a small hospital LAN of 33 hosts in four VLANs, readable in Wireshark
// and small enough to commit (tests/demo/hospital-demo.pcap; tests/demo/README.md lists the
// hosts), with the medical protocols' own messages beside the IT traffic (demo_medical()).
// Identities are fixed here; only MAC suffixes and IPv6 interface ids come from the seed.

#include <string>
#include <utility>

#include "network.h"

namespace daicho::capgen {

namespace {

struct Spec {
    const char* label;
    Role role;
    const Oui* oui;  // nullptr: randomised MAC
    std::uint16_t vlan;
    std::uint8_t host_hi;
    std::uint8_t host_lo;
    const char* hostname;
    DhcpProfile dhcp;
    bool ipv6;
};

// VLAN 10 servers/network, 20 radiology, 30 wards, 40 outpatient + doctors.
const Spec kDemoHosts[] = {
    {"router / VPN gateway (YAMAHA RTX)", Role::router, &oui::kYamaha, 10, 0, 1, "", DhcpProfile::none, true},
    {"core switch (Cisco Catalyst)", Role::network, &oui::kCisco, 10, 0, 2, "", DhcpProfile::none, false},
    {"access switch 2F radiology", Role::network, &oui::kAlliedTelesis, 10, 0, 3, "", DhcpProfile::none, false},
    {"access switch 3F wards", Role::network, &oui::kAlliedTelesis, 10, 0, 4, "", DhcpProfile::none, false},
    {"access switch 1F outpatient", Role::network, &oui::kCisco2, 10, 0, 5, "", DhcpProfile::none, false},
    {"AD / DNS / DHCP / NTP server", Role::server, &oui::kHpe, 10, 1, 5, "", DhcpProfile::none, false},
    {"Windows file server", Role::server, &oui::kDell, 10, 1, 10, "", DhcpProfile::none, false},
    {"electronic medical record server", Role::server, &oui::kFujitsu, 10, 1, 11, "", DhcpProfile::none, false},
    {"PACS server", Role::server, &oui::kFujifilm, 10, 1, 12, "", DhcpProfile::none, false},
    {"HL7 interface engine", Role::server, &oui::kNec, 10, 1, 13, "", DhcpProfile::none, false},
    {"network monitoring / syslog server", Role::server, &oui::kLenovo, 10, 1, 20, "", DhcpProfile::none, false},
    {"CT scanner", Role::modality, &oui::kToshiba, 20, 1, 10, "", DhcpProfile::none, false},
    {"ultrasound", Role::modality, &oui::kPhilipsHealthcare, 20, 1, 11, "", DhcpProfile::none, false},
    {"MRI", Role::modality, &oui::kGeHealthcare, 20, 1, 12, "", DhcpProfile::none, false},
    {"digital radiography (DR)", Role::modality, &oui::kFujifilm, 20, 1, 13, "", DhcpProfile::none, false},
    {"radiology reading workstation", Role::pc, &oui::kDell2, 20, 2, 11, "RAD-WS01", DhcpProfile::windows, true},
    {"radiology reading workstation", Role::pc, &oui::kHp, 20, 2, 12, "RAD-WS02", DhcpProfile::windows, false},
    {"multifunction printer", Role::printer, &oui::kKonicaMinolta, 20, 2, 13, "KM5A3C21", DhcpProfile::printer, false},
    {"patient-monitor gateway", Role::monitor, &oui::kNihonKohden, 30, 1, 10, "", DhcpProfile::none, false},
    {"bedside monitor", Role::monitor, &oui::kFukudaDenshi, 30, 1, 11, "", DhcpProfile::none, false},
    {"nurse-station PC", Role::pc, &oui::kFujitsu2, 30, 2, 11, "NS-PC-3F-01", DhcpProfile::windows, true},
    {"nurse-station PC", Role::pc, &oui::kNec2, 30, 2, 12, "NS-PC-3F-02", DhcpProfile::windows, true},
    {"nurse-station PC", Role::pc, &oui::kFujitsu2, 30, 2, 13, "NS-PC-4F-01", DhcpProfile::windows, true},
    {"nurse-station PC", Role::pc, &oui::kDell, 30, 2, 14, "NS-PC-4F-02", DhcpProfile::windows, false},
    {"label printer", Role::printer, &oui::kBrother, 30, 2, 15, "BRN", DhcpProfile::printer, false},
    {"nurse smartphone", Role::phone, nullptr, 30, 2, 16, "NS-iPhone-07", DhcpProfile::ios, true},
    {"outpatient PC", Role::pc, &oui::kNec, 40, 2, 11, "OPD-PC01", DhcpProfile::windows, false},
    {"outpatient PC", Role::pc, &oui::kLenovo, 40, 2, 12, "OPD-PC02", DhcpProfile::windows, false},
    {"reception PC (hostile hostname)", Role::pc, &oui::kFujitsu, 40, 2, 13, "=cmd|' /C calc'!A0", DhcpProfile::windows, false},
    {"doctor's laptop", Role::laptop, nullptr, 40, 2, 14, "DR-NB-07", DhcpProfile::windows, true},
    {"printer", Role::printer, &oui::kCanon, 40, 2, 15, "CANON-OPD1", DhcpProfile::printer, false},
    {"doctor's smartphone", Role::phone, nullptr, 40, 2, 16, "Galaxy-S23", DhcpProfile::android, true},
    // Last, so the hosts before it keep their seeded MACs.
    {"patient monitor (Philips IntelliVue, Data Export)", Role::export_monitor, &oui::kPhilipsPatientMonitoring, 30, 1, 12, "", DhcpProfile::none, false},
};

// Host indices in kDemoHosts.
constexpr std::size_t kEmr = 7;
constexpr std::size_t kPacs = 8;
constexpr std::size_t kHl7Engine = 9;
constexpr std::size_t kCt = 11;
constexpr std::size_t kUltrasound = 12;
constexpr std::size_t kMri = 13;
constexpr std::size_t kDr = 14;
constexpr std::size_t kIntellivue = 32;

// What the medical devices say about themselves. Made up, in the formats the vendors use:
// each implementation class UID sits under its maker's root as ledger/data/dicom_uids.json
// lists it, each version name is one ledger/data/software_patterns.json reads as a version,
// and the model names are products ledger/data/medical_makers.json knows. Serial numbers are
// invented. Storage SOP classes: PS3.4 Annex B (CT, MR, US, DX for presentation).
MedicalTraffic demo_medical() {
    MedicalTraffic m;
    m.pacs = DicomAe{kPacs, "SYNAPSE_PACS", "1.2.392.200036.9125.4.1.5", "V5.7.0", 32768};
    m.modalities = {
        {DicomAe{kCt, "AQ_ONE_CT1", "1.2.392.200036.9116.2.6.1.48", "V10.6SP0304", 16384},
         "1.2.840.10008.5.1.4.1.1.2", "CT", "CANON_MEC", "RAD-CT01", "Aquilion ONE",
         "2GA1X2345"},
        {DicomAe{kMri, "SIGNA_MR1", "1.2.840.113619.6.374", "V29.1_R02", 16384},
         "1.2.840.10008.5.1.4.1.1.4", "MR", "GE MEDICAL SYSTEMS", "RAD-MR01", "SIGNA Pioneer",
         "00000MR1234"},
        {DicomAe{kDr, "FDR_DR1", "1.2.392.200036.9125.3.1.12", "V12.1", 16384},
         "1.2.840.10008.5.1.4.1.1.1.1", "DX", "FUJIFILM Corporation", "RAD-DR01",
         "FDR D-EVO III", "58B12345"},
        {DicomAe{kUltrasound, "EPIQ7_US1", "1.3.46.670589.14.1000.910", "V9.0.3", 16384},
         "1.2.840.10008.5.1.4.1.1.6.1", "US", "Philips Medical Systems", "RAD-US01",
         "EPIQ 7C", "US71234567"},
    };
    m.hl7 = true;
    m.hl7_sender = Hl7App{kEmr, "EMR", "DEMO_HOSP"};
    m.hl7_receiver = Hl7App{kHl7Engine, "HL7_ENGINE", "DEMO_HOSP"};
    m.export_monitors = {ExportMonitor{kIntellivue, "Philips", "M8004A", "DE71234567", "J.10.52"}};
    return m;
}

std::string brother_suffix(const Mac& m) {
    std::string s;
    for (auto o : m.b) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        s += kHex[o >> 4U];
        s += kHex[o & 0x0fU];
    }
    return s;
}

}  // namespace

Network build_demo(Rng& rng) {
    Network net;
    net.domain = "demo-hosp.local";
    net.pacs_port = 104;
    net.vlans = {{10, "サーバ・ネットワーク (servers/network)", ipv4(10, 10, 0, 1), false},
                 {20, "放射線科 (radiology)", ipv4(10, 20, 0, 1), false},
                 {30, "病棟 (wards)", ipv4(10, 30, 0, 1), true},
                 {40, "外来・医局 (outpatient/doctors)", ipv4(10, 40, 0, 1), true}};
    for (const auto& s : kDemoHosts) {
        Host h;
        h.label = s.label;
        h.role = s.role;
        h.vendor = s.oui != nullptr ? s.oui->owner : kRandomisedVendor;
        h.mac = s.oui != nullptr ? mac_from_oui(*s.oui, rng) : random_local_mac(rng);
        h.vlan = s.vlan;
        h.ip = ipv4(10, static_cast<std::uint8_t>(s.vlan), s.host_hi, s.host_lo);
        h.hostname = s.hostname;
        h.dhcp = s.dhcp;
        h.ipv6 = s.ipv6;
        if (h.hostname.rfind("BRN", 0) == 0) {  // Brother's default: "BRN" + MAC in hex
            h.hostname = "BRN" + brother_suffix(h.mac);
        }
        finish_host(h, rng);
        net.hosts.push_back(std::move(h));
    }
    net.router = 0;
    net.svc.dns = 5;
    net.svc.dhcp = 5;
    net.svc.ntp = 5;
    net.svc.fileserver = 6;
    net.svc.emr = kEmr;
    net.svc.pacs = kPacs;
    net.svc.hl7 = kHl7Engine;
    net.svc.lis = 9;
    net.svc.nms = 10;
    net.svc.syslog = 10;
    net.svc.web = {7, 8};  // EMR web UI, PACS web viewer
    net.medical = demo_medical();

    auto add_switch = [&](std::size_t host, const char* name, const char* descr,
                          const char* port, const char* port_descr, std::uint16_t caps) {
        Switch sw;
        sw.host = host;
        sw.sys_name = name;
        sw.sys_descr = descr;
        sw.port_id = port;
        sw.port_descr = port_descr;
        sw.capabilities = caps;
        sw.port_mac = net.hosts[host].mac;
        sw.port_mac.b[5] = static_cast<std::uint8_t>(sw.port_mac.b[5] + 0x18U);
        net.switches.push_back(std::move(sw));
    };
    add_switch(1, "core-sw1",
               "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_LITE_IOSXE), "
               "Version 17.9.4a, RELEASE SOFTWARE (fc3)",
               "Gi1/0/48", "SPAN to daicho sensor", 0x0014);
    add_switch(2, "sw-2f-rad", "AlliedWare Plus (TM) 5.5.2 x230-28GT", "port1.0.28",
               "uplink core-sw1 Gi1/0/2", 0x0004);
    add_switch(3, "sw-3f-ward", "AlliedWare Plus (TM) 5.5.2 x230-28GT", "port1.0.28",
               "uplink core-sw1 Gi1/0/3", 0x0004);
    add_switch(4, "sw-1f-opd",
               "Cisco IOS Software, C1000 Software (C1000-ENTSERVICESK9-M), Version 15.2(7)E8, "
               "RELEASE SOFTWARE (fc1)",
               "Gi1/0/24", "uplink core-sw1 Gi1/0/4", 0x0004);
    return net;
}

}  // namespace daicho::capgen
