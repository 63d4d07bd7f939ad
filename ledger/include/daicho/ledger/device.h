#pragma once
// A device as the ledger reports it: the merge of observations for one endpoint.
// Field names here are the stable JSON vocabulary (README "Device JSON").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daicho/collectors/observation.h"
#include "daicho/ledger/annotations.h"

namespace daicho::ledger {

// One software statement taken apart by ledger/data/software_patterns.json. Each part is ""
// when the value does not carry it.
struct SoftwareEntry {
    std::string product;  // "FortiOS", "YAMAHA RTX1210"; "" when the value is a bare version
    std::string version;  // as the vendor writes it: "7.2.8", "Rev.14.01.42", "V8.30SP0010"
    std::string source;   // protocol it came from
    std::string kind;     // the fact kind it was parsed from ("os", "firmware", "software", ...)
    // The build of that version ("build1639"): apart, so that the version stays the release
    // number support-date and advisory lists compare ("7.2.0 through 7.2.8").
    std::string build{};
    std::string model{};   // the hardware model the value names ("FortiGate-60F", "IX2105")
    std::string serial{};  // a serial number the value carries ("SN: ...")
    std::string os{};      // the OS the value names beside its product ("Linux 5.10.103-v7l+")
};

struct EvidenceEntry {
    std::string capture;  // capture file path
    std::uint64_t frame = 0;
    std::int64_t capture_id = 0;  // its ledger row (paths may repeat); 0 when none
};

struct FactEntry {
    // What the fact says; its name (collectors::fact_kind_name) is the stored and JSON word.
    collectors::FactKind kind = collectors::FactKind::other;
    std::string value;
    std::string source;
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::uint64_t count = 0;
    EvidenceEntry evidence;  // first sighting
    // "" when the fact is about the device itself; otherwise the address of the device it
    // was stated about (facts kept per address: a DHCP server naming this gateway).
    std::string about;
    // The IP address the packet came from ("" when none, e.g. LLDP). When it is not one of the
    // device's own addresses the fact crossed a router and describes a host behind this MAC.
    std::string subject_ip;

    [[nodiscard]] std::string_view kind_name() const noexcept {
        return collectors::fact_kind_name(kind);
    }
};

// Facts in the order the ledger lists them: by kind name, value, source (the stored order).
[[nodiscard]] inline bool listed_before(const FactEntry& a, const FactEntry& b) noexcept {
    const auto ka = a.kind_name();
    const auto kb = b.kind_name();
    if (ka != kb) {
        return ka < kb;
    }
    return a.value != b.value ? a.value < b.value : a.source < b.source;
}

// A stored kind name as the enum; a name this build does not know reads as `other`.
[[nodiscard]] inline collectors::FactKind stored_fact_kind(std::string_view name) noexcept {
    return collectors::fact_kind_from_name(name).value_or(collectors::FactKind::other);
}

struct AddressEntry {
    std::string address;
    std::string source;  // "arp", "ndp"
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    EvidenceEntry evidence;
};

// One fact (or the MAC's registry organisation) that made a classification rule fire.
struct RuleEvidence {
    std::string kind;    // a fact kind, or "vendor" for OUI rules
    std::string value;   // the fact's value; for "vendor": "<organisation> (OUI <hex>[, <maker id>,
                         // <strength>])"
    std::string source;  // the decoder that saw it; "ieee-registry" for "vendor"
    std::string about;   // as FactEntry::about
    EvidenceEntry evidence;  // capture + frame of the fact's first sighting (empty for "vendor")
};

// A classification rule (ledger/data/classification_rules.json) that fired for the device.
struct FiredRule {
    std::string id;
    std::string category;
    std::string subtype;  // "" when the rule names none
    int weight = 0;
    std::vector<RuleEvidence> evidence;
};

// What the device says about itself in DICOM association and HL7 MSH/OBX-18 terms (README
// "Device JSON": medical). Association-level identities only: never patient data.
struct MedicalSummary {
    std::vector<std::string> ae_titles;
    std::vector<std::string> dicom_roles;  // "dicom-scu", "dicom-scp"
    std::string implementation_class_uid;
    std::string implementation_version;
    std::vector<std::string> sop_classes;
    std::vector<std::string> modality;  // from C-STORE datasets ("CT", "US")
    std::vector<std::string> hl7_applications;
    std::vector<std::string> hl7_facilities;
    std::vector<std::string> hl7_message_types;
    std::vector<std::string> hl7_equipment_ids;
};

// Another MAC linked into this device: the same machine seen before under a new (randomised,
// or replaced) MAC, or another interface of the same box seen at the same time (a switch's
// port MACs, a router's interface per VLAN). `reason` explains the evidence in one line.
struct LinkedDevice {
    std::int64_t id = 0;
    std::string mac;
    std::string mac_kind;
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::string reason;
};

// One department (or site) a device could belong to, and the mapping that says so.
struct PlacementCandidate {
    std::string name;
    std::string source;  // "subnet 10.20.0.0/16", "vlan 20"
};

struct DeviceRecord {
    std::int64_t id = 0;
    std::string mac;          // aa:bb:cc:dd:ee:ff; "" for a routed host
    std::int64_t domain = 0;  // broadcast domain (sensor) the MAC is unique in
    // A host seen only behind a router (another subnet): keyed by (domain, its one address),
    // with the router's MAC in routed_via. Never merged into the router.
    bool routed = false;
    std::string routed_via;
    // The host a loopback capture was taken on (its own 127.0.0.1 / ::1 conversation): keyed
    // like a routed host, by (loopback domain of that capture, 127.0.0.1), never merged with
    // another capture's; `capture_host` names the capture ("" for every other device).
    std::string capture_host;
    // Every address it holds is outside the hospital's address plan (ledger/address_plan.h):
    // an external endpoint such as the ISP's router or a vendor's VPN gateway on a WAN segment:
    // never an asset (Snapshot::device_list() keeps it apart), never in Q8/Q9.
    bool outside_plan = false;
    std::vector<AddressEntry> addresses;
    std::vector<int> vlans;
    std::string vendor;    // IEEE registry organisation, "" when unknown
    std::string mac_kind;  // "global" | "local" | "none" (routed)
    std::vector<std::string> hostnames;
    // Classification, computed from the facts when the device is read (ledger/classify.h).
    std::string category = "unknown";
    std::string subtype;       // "" when none
    int confidence = 0;        // 0..100
    std::string band = "low";  // "high" (>= 90), "medium" (>= 70), "low"
    std::vector<FiredRule> classification;
    std::vector<SoftwareEntry> software;
    std::vector<std::string> services;  // "tcp/22", "udp/161": what the device serves
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    EvidenceEntry first_evidence;
    std::vector<FactEntry> facts;
    // Present when the device has DICOM or HL7 facts.
    std::optional<MedicalSummary> medical;
    // Earlier MACs of the same machine (read/linked_devices.h), oldest first.
    std::vector<LinkedDevice> linked;
    // The box's other interfaces, merged into this record (read/box_interfaces.h), by id.
    std::vector<LinkedDevice> interfaces;
    // What a person said (ledger/annotations.h), by key in kAnnotationKeys order.
    std::vector<Annotation> annotations;
    // Department (設置部署) and site (拠点), filled by resolve_placement (ledger/departments.h)
    // from the `department` annotation or the config's map; "" when nothing maps the device.
    // *_source says which: "annotation", "subnet 10.20.0.0/16", "vlan 20", "domain 0",
    // "department 放射線科" (a site), "management address in subnet 10.81.10.0/24" (addresses in
    // several departments, one announced management address), or "conflict" when the
    // addresses fall in different departments: then the name stays "" and *_conflict lists
    // the candidates for a person.
    std::string department;
    std::string department_source;
    std::vector<PlacementCandidate> department_conflict;
    std::string site;
    std::string site_source;
    std::vector<PlacementCandidate> site_conflict;
    // The survey ledger it is filed in, "it" (Q8) or "medical" (Q9), and why: "category pc",
    // "class pacs (default)", "class pacs (config ledger_filing)" (ledger/filing.h). Filled with
    // the placement; "" until then (the sheets then go by the category).
    std::string ledger;
    std::string ledger_source;

    [[nodiscard]] const Annotation* annotation(std::string_view key) const noexcept {
        for (const auto& a : annotations) {
            if (a.key == key) {
                return &a;
            }
        }
        return nullptr;
    }
};

}  // namespace daicho::ledger
