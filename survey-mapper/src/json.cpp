// `daicho devices --format json`: one array of device objects (README "Device JSON").
// Wire strings may be any bytes: nlohmann escapes control characters and the dump replaces
// invalid UTF-8 with U+FFFD instead of throwing.

#include <nlohmann/json.hpp>

#include "daicho/survey/export.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

using Json = nlohmann::ordered_json;

Json evidence_json(const EvidenceEntry& e) {
    if (e.capture.empty() && e.frame == 0) {
        return nullptr;  // live capture or unknown
    }
    return Json{{"capture", e.capture}, {"frame", e.frame}};
}

Json classification_json(const std::vector<FiredRule>& fired) {
    Json rules = Json::array();
    for (const FiredRule& r : fired) {
        Json evidence = Json::array();
        for (const RuleEvidence& e : r.evidence) {
            Json item{{"kind", e.kind}, {"value", e.value}, {"source", e.source}};
            if (!e.about.empty()) {
                item["about"] = e.about;
            }
            item["evidence"] = evidence_json(e.evidence);
            evidence.push_back(std::move(item));
        }
        rules.push_back(Json{{"rule", r.id},
                             {"category", r.category},
                             {"subtype", r.subtype},
                             {"weight", r.weight},
                             {"evidence", std::move(evidence)}});
    }
    return rules;
}

Json medical_json(const MedicalSummary& m) {
    return Json{{"ae_titles", m.ae_titles},
                {"dicom_roles", m.dicom_roles},
                {"implementation", Json{{"class_uid", m.implementation_class_uid},
                                        {"version", m.implementation_version}}},
                {"sop_classes", m.sop_classes},
                {"modality", m.modality},
                {"hl7", Json{{"applications", m.hl7_applications},
                             {"facilities", m.hl7_facilities},
                             {"message_types", m.hl7_message_types},
                             {"equipment_ids", m.hl7_equipment_ids}}}};
}

Json device_json(const DeviceRecord& d) {
    Json ips = Json::array();
    Json addresses = Json::array();
    for (const AddressEntry& a : d.addresses) {
        ips.push_back(a.address);
        addresses.push_back(Json{{"address", a.address},
                                 {"source", a.source},
                                 {"first_seen", format_time_utc(a.first_seen_us)},
                                 {"last_seen", format_time_utc(a.last_seen_us)},
                                 {"evidence", evidence_json(a.evidence)}});
    }
    Json software = Json::array();
    for (const SoftwareEntry& s : d.software) {
        software.push_back(
            Json{{"product", s.product}, {"version", s.version}, {"source", s.source}});
    }
    Json facts = Json::array();
    for (const FactEntry& f : d.facts) {
        Json fact{{"kind", f.kind_name()},
                  {"value", f.value},
                  {"source", f.source},
                  {"count", f.count},
                  {"first_seen", format_time_utc(f.first_seen_us)},
                  {"last_seen", format_time_utc(f.last_seen_us)},
                  {"evidence", evidence_json(f.evidence)}};
        if (!f.about.empty()) {
            fact["about"] = f.about;
        }
        facts.push_back(std::move(fact));
    }
    Json out{{"id", d.id},
             {"domain", d.domain},
             {"mac", d.mac},
             {"vendor", d.vendor},
             {"mac_kind", d.mac_kind},
             {"category", d.category},
             {"subtype", d.subtype},
             {"confidence", d.confidence},
             {"band", d.band},
             {"ips", std::move(ips)},
             {"vlans", d.vlans},
             {"hostnames", d.hostnames},
             {"software", std::move(software)},
             {"services", d.services},
             {"first_seen", format_time_utc(d.first_seen_us)},
             {"last_seen", format_time_utc(d.last_seen_us)},
             {"packets", d.packets},
             {"bytes", d.bytes},
             {"evidence", evidence_json(d.first_evidence)},
             {"addresses", std::move(addresses)},
             {"facts", std::move(facts)},
             {"classification", classification_json(d.classification)}};
    if (!d.linked.empty()) {
        Json linked = Json::array();
        for (const auto& l : d.linked) {
            linked.push_back(Json{{"id", l.id},
                                  {"mac", l.mac},
                                  {"mac_kind", l.mac_kind},
                                  {"first_seen", format_time_utc(l.first_seen_us)},
                                  {"last_seen", format_time_utc(l.last_seen_us)},
                                  {"reason", l.reason}});
        }
        out["linked"] = std::move(linked);
    }
    if (d.routed) {
        out["routed_via"] = d.routed_via;  // the router's MAC; "mac" is "" for a routed host
    }
    if (d.medical) {
        out["medical"] = medical_json(*d.medical);
    }
    // Department and site (ledger/departments.h): "" when nothing maps the device.
    const auto candidates = [](const std::vector<PlacementCandidate>& list) {
        Json items = Json::array();
        for (const auto& c : list) {
            items.push_back(Json{{"name", c.name}, {"source", c.source}});
        }
        return items;
    };
    out["department"] = d.department;
    out["department_source"] = d.department_source;
    out["department_conflict"] = candidates(d.department_conflict);
    out["site"] = d.site;
    out["site_source"] = d.site_source;
    out["site_conflict"] = candidates(d.site_conflict);
    // Always present, so a script can tell "nobody said" ({}) from an older export.
    nlohmann::ordered_json notes = nlohmann::ordered_json::object();
    for (const auto& a : d.annotations) {
        notes[a.key] = a.value;
    }
    out["annotations"] = std::move(notes);
    return out;
}

}  // namespace

void write_devices_json(std::ostream& out, std::span<const DeviceRecord> devices) {
    // One device at a time, so a large ledger never sits in memory twice.
    out << "[";
    bool first = true;
    for (const DeviceRecord& d : devices) {
        out << (first ? "\n  " : ",\n  ");
        first = false;
        const std::string text =
            device_json(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out << text;
    }
    out << (first ? "]\n" : "\n]\n");
}

void write_survey_ledger_json(std::ostream& out, const Sheet& sheet, LedgerKind kind) {
    const auto keys = survey_ledger_keys(kind);
    Json rows = Json::array();
    for (const auto& r : sheet.rows) {
        Json row = Json::object();
        for (std::size_t i = 0; i < r.size() && i < keys.size(); ++i) {
            row[std::string(keys[i])] = r[i];
        }
        rows.push_back(std::move(row));
    }
    out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace daicho::survey
