// Stored classifications: the digest of a device's classification inputs, and the fired rules
// and medical summary as CBOR (classify/class_cbor.h).

#include "classify/stored.h"

#include "classify/class_cbor.h"
#include "classify/digest.h"

namespace daicho::ledger {

namespace {

// The capture by its row id: its path never changes, and digesting it per fact was most of
// the digest's work.
void add_evidence(Digest& h, const EvidenceEntry& e) {
    h.add_u64(e.frame).add_u64(static_cast<std::uint64_t>(e.capture_id));
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

void for_each_stored_class(sqlite3* db, const std::string& ids_json,
                           const std::function<void(std::int64_t, const StoredClass&)>& f) {
    std::string sql =
        "SELECT device_id, input, category, subtype, confidence, band, fired, medical "
        "FROM device_classes";
    if (!ids_json.empty()) {
        sql += " WHERE device_id IN (SELECT value FROM json_each(?1))";
    }
    sql += " ORDER BY device_id";  // the table's own order: no sort
    db::Statement st(db, "stored_classes", sql);
    if (!ids_json.empty()) {
        st.bind(1, ids_json);
    }
    const auto blob = [&st](int column) {
        const auto bytes = st.column_blob(column);
        return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    };
    while (st.step()) {
        f(st.column_int64(0),
          StoredClass{st.column_text_view(1), st.column_text_view(2), st.column_text_view(3),
                      static_cast<int>(st.column_int64(4)), st.column_text_view(5), blob(6),
                      blob(7)});
    }
}

bool restore_classification(DeviceRecord& d, const StoredClass& row) {
    auto fired = fired_from_cbor(row.fired);
    if (!fired) {
        return false;
    }
    std::optional<MedicalSummary> medical;
    if (!row.medical.empty()) {
        medical = medical_from_cbor(row.medical);
        if (!medical) {
            return false;
        }
    }
    d.category.assign(row.category);
    d.subtype.assign(row.subtype);
    d.confidence = row.confidence;
    d.band.assign(row.band);
    d.classification = std::move(*fired);
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
        .bind_blob(8, fired_to_cbor(d.classification))
        .bind_blob(9, medical_to_cbor(d.medical));
    upsert_.run();
}

}  // namespace daicho::ledger
