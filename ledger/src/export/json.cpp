// `daicho devices --format json`: one array of device objects (README "Device JSON").
// Wire strings may be any bytes: nlohmann escapes control characters and the dump replaces
// invalid UTF-8 with U+FFFD instead of throwing.

#include <nlohmann/json.hpp>

#include "daicho/ledger/export.h"

namespace daicho::ledger {

namespace {

using Json = nlohmann::ordered_json;

Json evidence_json(const EvidenceEntry& e) {
    if (e.capture.empty() && e.frame == 0) {
        return nullptr;  // live capture or unknown
    }
    return Json{{"capture", e.capture}, {"frame", e.frame}};
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
        Json fact{{"kind", f.kind},
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
    return Json{{"id", d.id},
                {"domain", d.domain},
                {"mac", d.mac},
                {"vendor", d.vendor},
                {"mac_kind", d.mac_kind},
                {"category", d.category},
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
                {"facts", std::move(facts)}};
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

}  // namespace daicho::ledger
