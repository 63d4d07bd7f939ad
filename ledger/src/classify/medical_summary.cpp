// The device's DICOM and HL7 identity in one object (README "Device JSON": medical), and
// apply_classification(), which the device reader calls for every device. Only facts the
// device states about itself count (not facts about an address it holds, nor facts that crossed
// a router from a host behind its MAC). The decoders keep
// association-level fields only, so nothing here can carry patient data.

#include <algorithm>
#include <string>
#include <vector>

#include "classify/own_fact.h"
#include "daicho/ledger/classify.h"

namespace daicho::ledger {

using collectors::FactKind;

namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) {
        list.push_back(value);
    }
}

}  // namespace

std::optional<MedicalSummary> medical_summary(const DeviceRecord& device) {
    MedicalSummary m;
    bool any = false;
    for (const FactEntry& f : device.facts) {
        if (!f.about.empty() || !sent_by_device(f, device) ||
            (f.source != "dicom" && f.source != "hl7")) {
            continue;
        }
        any = true;
        if (f.source == "dicom") {
            if (f.kind == FactKind::ae_title) {
                add_unique(m.ae_titles, f.value);
            } else if (f.kind == FactKind::role) {
                add_unique(m.dicom_roles, f.value);
            } else if (f.kind == FactKind::implementation_class_uid &&
                       m.implementation_class_uid.empty()) {
                m.implementation_class_uid = f.value;
            } else if (f.kind == FactKind::implementation_version &&
                       m.implementation_version.empty()) {
                m.implementation_version = f.value;
            } else if (f.kind == FactKind::sop_class) {
                add_unique(m.sop_classes, f.value);
            } else if (f.kind == FactKind::modality) {
                add_unique(m.modality, f.value);
            }
            continue;
        }
        if (f.kind == FactKind::application) {
            add_unique(m.hl7_applications, f.value);
        } else if (f.kind == FactKind::facility) {
            add_unique(m.hl7_facilities, f.value);
        } else if (f.kind == FactKind::message_type) {
            add_unique(m.hl7_message_types, f.value);
        } else if (f.kind == FactKind::equipment_id) {
            add_unique(m.hl7_equipment_ids, f.value);
        }
    }
    if (!any) {
        return std::nullopt;
    }
    for (auto* list :
         {&m.ae_titles, &m.dicom_roles, &m.sop_classes, &m.modality, &m.hl7_applications,
          &m.hl7_facilities, &m.hl7_message_types, &m.hl7_equipment_ids}) {
        std::sort(list->begin(), list->end());
    }
    return m;
}

void apply_classification(DeviceRecord& device, const Classifier& classifier) {
    Classification c = classifier.classify(device);
    device.category = std::move(c.category);
    device.subtype = std::move(c.subtype);
    device.confidence = c.confidence;
    device.band = std::move(c.band);
    device.classification = std::move(c.fired);
    device.medical = medical_summary(device);
    // A person's classification always wins; the rules stay listed after it, for explain.
    std::string category;
    std::string subtype;
    std::string source;
    for (const auto& a : device.annotations) {
        if (a.key == "category") {
            category = a.value;
            source = a.source;
        } else if (a.key == "subtype") {
            subtype = a.value;
        }
    }
    if (!category.empty()) {
        FiredRule person;
        person.id = "annotation";
        person.category = category;
        person.subtype = subtype;
        person.weight = 100;
        RuleEvidence e;
        e.kind = "annotation";
        e.value = "category=" + category + (subtype.empty() ? "" : " subtype=" + subtype);
        e.source = source;
        person.evidence.push_back(e);
        device.category = category;
        device.subtype = subtype;
        device.confidence = 100;
        device.band = "high";
        device.classification.insert(device.classification.begin(), person);
    }
}

}  // namespace daicho::ledger
