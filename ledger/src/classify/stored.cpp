// Stored classifications: the digest of a device's classification inputs, and the fired rules
// and medical summary as CBOR (keys as README "Device JSON" names them). CBOR, not JSON text:
// fact values are bytes from the wire, need not be UTF-8, and must come back unchanged.

#include "classify/stored.h"

#include <nlohmann/json.hpp>

#include "classify/digest.h"

namespace daicho::ledger {

namespace {

using nlohmann::json;

void add_evidence(Digest& h, const EvidenceEntry& e) {
    h.add(e.capture).add_u64(e.frame).add_u64(static_cast<std::uint64_t>(e.capture_id));
}

json evidence_json(const RuleEvidence& e) {
    return json{{"kind", e.kind},
                {"value", e.value},
                {"source", e.source},
                {"about", e.about},
                {"capture", e.evidence.capture},
                {"frame", e.evidence.frame},
                {"capture_id", e.evidence.capture_id}};
}

std::vector<std::uint8_t> fired_cbor(const std::vector<FiredRule>& fired) {
    json out = json::array();
    for (const FiredRule& r : fired) {
        json evidence = json::array();
        for (const RuleEvidence& e : r.evidence) {
            evidence.push_back(evidence_json(e));
        }
        out.push_back(json{{"id", r.id},
                           {"category", r.category},
                           {"subtype", r.subtype},
                           {"weight", r.weight},
                           {"evidence", std::move(evidence)}});
    }
    return json::to_cbor(out);
}

std::vector<std::uint8_t> medical_cbor(const std::optional<MedicalSummary>& m) {
    if (!m) {
        return {};
    }
    const json out{{"ae_titles", m->ae_titles},
                   {"dicom_roles", m->dicom_roles},
                   {"implementation_class_uid", m->implementation_class_uid},
                   {"implementation_version", m->implementation_version},
                   {"sop_classes", m->sop_classes},
                   {"modality", m->modality},
                   {"hl7_applications", m->hl7_applications},
                   {"hl7_facilities", m->hl7_facilities},
                   {"hl7_message_types", m->hl7_message_types},
                   {"hl7_equipment_ids", m->hl7_equipment_ids}};
    return json::to_cbor(out);
}

}  // namespace

std::string classification_input(const DeviceRecord& d, std::string_view knowledge) {
    Digest h;
    h.add(knowledge).add(d.mac).add(d.vendor);
    h.add_u64(d.addresses.size());
    for (const AddressEntry& a : d.addresses) {
        h.add(a.address);
    }
    h.add_u64(d.facts.size());
    for (const FactEntry& f : d.facts) {
        h.add(f.kind_name()).add(f.value).add(f.source).add(f.about).add(f.subject_ip);
        add_evidence(h, f.evidence);
    }
    h.add_u64(d.annotations.size());
    for (const Annotation& a : d.annotations) {
        h.add(a.key).add(a.value).add(a.source);
    }
    return h.hex();
}

std::unordered_map<std::int64_t, StoredClass> load_stored_classes(sqlite3* db,
                                                                  const std::string& ids_json) {
    std::string sql =
        "SELECT device_id, input, category, subtype, confidence, band, fired, medical "
        "FROM device_classes";
    if (!ids_json.empty()) {
        sql += " WHERE device_id IN (SELECT value FROM json_each(?1))";
    }
    db::Statement st(db, "stored_classes", sql);
    if (!ids_json.empty()) {
        st.bind(1, ids_json);
    }
    std::unordered_map<std::int64_t, StoredClass> out;
    while (st.step()) {
        out.emplace(st.column_int64(0),
                    StoredClass{st.column_text(1), st.column_text(2), st.column_text(3),
                                static_cast<int>(st.column_int64(4)), st.column_text(5),
                                st.column_text(6), st.column_text(7)});
    }
    return out;
}

bool restore_classification(DeviceRecord& d, const StoredClass& row) {
    std::vector<FiredRule> fired;
    std::optional<MedicalSummary> medical;
    try {
        for (const json& r : json::from_cbor(row.fired)) {
            FiredRule f;
            f.id = r.at("id").get<std::string>();
            f.category = r.at("category").get<std::string>();
            f.subtype = r.at("subtype").get<std::string>();
            f.weight = r.at("weight").get<int>();
            for (const json& e : r.at("evidence")) {
                RuleEvidence ev;
                ev.kind = e.at("kind").get<std::string>();
                ev.value = e.at("value").get<std::string>();
                ev.source = e.at("source").get<std::string>();
                ev.about = e.at("about").get<std::string>();
                ev.evidence.capture = e.at("capture").get<std::string>();
                ev.evidence.frame = e.at("frame").get<std::uint64_t>();
                ev.evidence.capture_id = e.at("capture_id").get<std::int64_t>();
                f.evidence.push_back(std::move(ev));
            }
            fired.push_back(std::move(f));
        }
        if (!row.medical.empty()) {
            const json m = json::from_cbor(row.medical);
            MedicalSummary s;
            m.at("ae_titles").get_to(s.ae_titles);
            m.at("dicom_roles").get_to(s.dicom_roles);
            m.at("implementation_class_uid").get_to(s.implementation_class_uid);
            m.at("implementation_version").get_to(s.implementation_version);
            m.at("sop_classes").get_to(s.sop_classes);
            m.at("modality").get_to(s.modality);
            m.at("hl7_applications").get_to(s.hl7_applications);
            m.at("hl7_facilities").get_to(s.hl7_facilities);
            m.at("hl7_message_types").get_to(s.hl7_message_types);
            m.at("hl7_equipment_ids").get_to(s.hl7_equipment_ids);
            medical = std::move(s);
        }
    } catch (const json::exception&) {
        return false;
    }
    d.category = row.category;
    d.subtype = row.subtype;
    d.confidence = row.confidence;
    d.band = row.band;
    d.classification = std::move(fired);
    d.medical = std::move(medical);
    return true;
}

ClassStore::ClassStore(sqlite3* db)
    : upsert_(db, "store_class",
              "INSERT INTO device_classes (device_id, input, knowledge, category, subtype, "
              "confidence, band, fired, medical) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
              "ON CONFLICT (device_id) DO UPDATE SET input = excluded.input, "
              "knowledge = excluded.knowledge, category = excluded.category, "
              "subtype = excluded.subtype, confidence = excluded.confidence, "
              "band = excluded.band, fired = excluded.fired, medical = excluded.medical") {}

void ClassStore::store(const DeviceRecord& d, std::string_view input, std::string_view knowledge) {
    upsert_.reset();
    upsert_.bind(1, d.id)
        .bind(2, input)
        .bind(3, knowledge)
        .bind(4, d.category)
        .bind(5, d.subtype)
        .bind(6, std::int64_t{d.confidence})
        .bind(7, d.band)
        .bind_blob(8, fired_cbor(d.classification))
        .bind_blob(9, medical_cbor(d.medical));
    upsert_.run();
}

}  // namespace daicho::ledger
