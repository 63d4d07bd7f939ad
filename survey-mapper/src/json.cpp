// `daicho devices --format json`: one array of device objects (README "Device JSON"),
// streamed through JsonOut (daicho/survey/json_out.h); wire strings may be any bytes.

#include <algorithm>
#include <future>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "daicho/survey/export.h"
#include "daicho/survey/json_out.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

using Json = nlohmann::ordered_json;

void time_field(JsonOut& j, std::string_view name, std::int64_t us) {
    j.key(name).value(time_text_utc(us).view());
}

void evidence_field(JsonOut& j, const EvidenceEntry& e) {
    j.key("evidence");
    if (e.capture.empty() && e.frame == 0) {
        j.null();  // live capture or unknown
        return;
    }
    j.open_object().field("capture", e.capture).field("frame", e.frame).close_object();
}

void strings(JsonOut& j, std::string_view name, const std::vector<std::string>& list) {
    j.key(name).open_array();
    for (const auto& s : list) {
        j.value(s);
    }
    j.close_array();
}

void classification_field(JsonOut& j, const std::vector<FiredRule>& fired) {
    j.key("classification").open_array();
    for (const FiredRule& r : fired) {
        j.open_object()
            .field("rule", r.id)
            .field("category", r.category)
            .field("subtype", r.subtype)
            .field("weight", r.weight);
        j.key("evidence").open_array();
        for (const RuleEvidence& e : r.evidence) {
            j.open_object().field("kind", e.kind).field("value", e.value).field("source", e.source);
            if (!e.about.empty()) {
                j.field("about", e.about);
            }
            evidence_field(j, e.evidence);
            j.close_object();
        }
        j.close_array().close_object();
    }
    j.close_array();
}

void medical_field(JsonOut& j, const MedicalSummary& m) {
    j.key("medical").open_object();
    strings(j, "ae_titles", m.ae_titles);
    strings(j, "dicom_roles", m.dicom_roles);
    j.key("implementation")
        .open_object()
        .field("class_uid", m.implementation_class_uid)
        .field("version", m.implementation_version)
        .close_object();
    strings(j, "sop_classes", m.sop_classes);
    strings(j, "modality", m.modality);
    j.key("hl7").open_object();
    strings(j, "applications", m.hl7_applications);
    strings(j, "facilities", m.hl7_facilities);
    strings(j, "message_types", m.hl7_message_types);
    strings(j, "equipment_ids", m.hl7_equipment_ids);
    j.close_object();
    j.close_object();
}

void candidates_field(JsonOut& j, std::string_view name,
                      const std::vector<PlacementCandidate>& list) {
    j.key(name).open_array();
    for (const auto& c : list) {
        j.open_object().field("name", c.name).field("source", c.source).close_object();
    }
    j.close_array();
}

// Always present, so a script can tell "nobody said" ({}) from an older export. A key given
// twice is written once, where it first came, with the value given last.
void annotations_field(JsonOut& j, const std::vector<Annotation>& notes) {
    j.key("annotations").open_object();
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const auto same = [&](const Annotation& a) { return a.key == notes[i].key; };
        if (std::any_of(notes.begin(), notes.begin() + static_cast<std::ptrdiff_t>(i), same)) {
            continue;
        }
        const auto last = std::find_if(notes.rbegin(), notes.rend(), same);
        j.field(notes[i].key, last->value);
    }
    j.close_object();
}

// One device as README "Device JSON" lists it, keys in that order.
void device_json(JsonOut& j, const DeviceRecord& d) {
    j.open_object()
        .field("id", d.id)
        .field("domain", d.domain)
        .field("mac", d.mac)
        .field("vendor", d.vendor)
        .field("mac_kind", d.mac_kind)
        .field("category", d.category)
        .field("subtype", d.subtype)
        .field("confidence", d.confidence)
        .field("band", d.band)
        .field("ledger", d.ledger)
        .field("ledger_source", d.ledger_source);
    j.key("ips").open_array();
    for (const AddressEntry& a : d.addresses) {
        j.value(a.address);
    }
    j.close_array();
    j.key("vlans").open_array();
    for (const int v : d.vlans) {
        j.value(v);
    }
    j.close_array();
    strings(j, "hostnames", d.hostnames);
    j.key("software").open_array();
    for (const SoftwareEntry& s : d.software) {
        j.open_object()
            .field("product", s.product)
            .field("version", s.version)
            .field("build", s.build)
            .field("model", s.model)
            .field("serial", s.serial)
            .field("os", s.os)
            .field("source", s.source)
            .close_object();
    }
    j.close_array();
    strings(j, "services", d.services);
    time_field(j, "first_seen", d.first_seen_us);
    time_field(j, "last_seen", d.last_seen_us);
    j.field("packets", d.packets).field("bytes", d.bytes);
    evidence_field(j, d.first_evidence);
    j.key("addresses").open_array();
    for (const AddressEntry& a : d.addresses) {
        j.open_object().field("address", a.address).field("source", a.source);
        time_field(j, "first_seen", a.first_seen_us);
        time_field(j, "last_seen", a.last_seen_us);
        evidence_field(j, a.evidence);
        j.close_object();
    }
    j.close_array();
    j.key("facts").open_array();
    for (const FactEntry& f : d.facts) {
        j.open_object()
            .field("kind", f.kind_name())
            .field("value", f.value)
            .field("source", f.source)
            .field("count", f.count);
        time_field(j, "first_seen", f.first_seen_us);
        time_field(j, "last_seen", f.last_seen_us);
        evidence_field(j, f.evidence);
        if (!f.about.empty()) {
            j.field("about", f.about);
        }
        j.close_object();
    }
    j.close_array();
    classification_field(j, d.classification);
    // Earlier MACs of one machine, then the box's other interfaces (ledger/device.h).
    for (const auto& [name, rows] :
         {std::pair{"linked", &d.linked}, std::pair{"interfaces", &d.interfaces}}) {
        if (rows->empty()) {
            continue;
        }
        j.key(name).open_array();
        for (const auto& l : *rows) {
            j.open_object().field("id", l.id).field("mac", l.mac).field("mac_kind", l.mac_kind);
            time_field(j, "first_seen", l.first_seen_us);
            time_field(j, "last_seen", l.last_seen_us);
            j.field("reason", l.reason).close_object();
        }
        j.close_array();
    }
    if (!d.capture_host.empty()) {
        j.field("capture_host", d.capture_host);  // the loopback capture it was taken on
    } else if (d.routed) {
        j.field("routed_via", d.routed_via);  // the router's MAC; "mac" is "" for a routed host
    }
    j.field("outside_plan", d.outside_plan);  // an external endpoint, never in Q8/Q9
    if (d.medical) {
        medical_field(j, *d.medical);
    }
    // Department and site (ledger/departments.h): "" when nothing maps the device.
    j.field("department", d.department).field("department_source", d.department_source);
    candidates_field(j, "department_conflict", d.department_conflict);
    j.field("site", d.site).field("site_source", d.site_source);
    candidates_field(j, "site_conflict", d.site_conflict);
    annotations_field(j, d.annotations);
    j.close_object();
}

}  // namespace

namespace {

// Devices per chunk: large enough that handing a chunk to the other thread costs nothing
// against formatting it (~0.1 ms), small enough that two chunks of text stay a few MiB.
constexpr std::size_t kChunk = 512;

// One chunk's devices, each after its separator, appended to `text`.
void format_chunk(std::string& text, std::span<const DeviceRecord> chunk, bool first_of_all) {
    text.clear();
    for (const DeviceRecord& d : chunk) {
        text += first_of_all ? "\n  " : ",\n  ";
        first_of_all = false;
        JsonOut j(text);
        device_json(j, d);
    }
}

}  // namespace

void write_devices_json(std::ostream& out, std::span<const DeviceRecord> devices) {
    // Formatting is two thirds of a whole-ledger export once the ledger is read: chunks go
    // to two threads by turns, and are written in order as each pair is done. Only two
    // chunks of text are ever in memory, and a buffer costs no allocation once grown.
    out << "[";
    std::string mine;
    std::string theirs;
    for (std::size_t at = 0; at < devices.size(); at += 2 * kChunk) {
        const auto first = devices.subspan(at, std::min(kChunk, devices.size() - at));
        const std::size_t second_at = at + first.size();
        std::future<void> other;
        if (second_at < devices.size()) {
            const auto second =
                devices.subspan(second_at, std::min(kChunk, devices.size() - second_at));
            other = std::async(std::launch::async,
                               [&theirs, second] { format_chunk(theirs, second, false); });
        }
        format_chunk(mine, first, at == 0);
        out.write(mine.data(), static_cast<std::streamsize>(mine.size()));
        if (other.valid()) {
            other.get();  // rethrows what the other thread threw
            out.write(theirs.data(), static_cast<std::streamsize>(theirs.size()));
        }
    }
    out << (devices.empty() ? "]\n" : "\n]\n");
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
