// Reading devices (read/devices.h): the rows in five queries (devices, VLANs, addresses,
// facts, annotations), each ordered by device so the rows are stitched on in one pass, all
// inside one read transaction so they describe the same snapshot. Facts that crossed a router then
// move to the host that sent them (read/routed_facts.h), one machine's rotated MACs are linked
// (read/linked_devices.h) and one box's interfaces merged (read/box_interfaces.h). Each device
// then gets its stored classification back when it was made from the inputs the device shows
// now (classify/stored.h), else is classified afresh
// (ledger/classify.h): new knowledge, an upgraded ledger, a fact a router handed over.

#include "read/devices.h"

#include <sqlite3.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "classify/stored.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/software.h"
#include "db/statement.h"
#include "read/address_facts.h"
#include "read/box_interfaces.h"
#include "read/captures.h"
#include "read/linked_devices.h"
#include "read/read_transaction.h"
#include "read/routed_facts.h"

namespace daicho::ledger {

namespace {

// Fact kinds whose values are names the device calls itself.
bool is_hostname_kind(collectors::FactKind kind) {
    return kind == collectors::FactKind::hostname || kind == collectors::FactKind::system_name;
}

// The maker a DICOM implementation class UID names (dicom_uids.json), "" when none does.
std::string dicom_implementation_name(const DeviceRecord& d, const DicomUids& uids) {
    for (const FactEntry& f : d.facts) {
        if (f.kind == collectors::FactKind::implementation_class_uid) {
            if (const DicomImplementation* impl = uids.implementation(f.value)) {
                return impl->name;
            }
        }
    }
    return {};
}

// Names, services and software versions, from the facts the device itself sent.
void derive_from_facts(DeviceRecord& d, const Knowledge& knowledge) {
    const SoftwareMatcher& software = knowledge.software();
    // (product, version, source) already listed: a device that announced 100,000 versions
    // must not compare each one with all before it.
    std::set<std::tuple<std::string, std::string, std::string>> listed;
    for (const FactEntry& f : d.facts) {
        if (is_hostname_kind(f.kind)) {
            d.hostnames.push_back(f.value);
        }
        if (f.kind == collectors::FactKind::service) {
            d.services.push_back(f.value);
        }
        const std::string_view kind = f.kind_name();
        if (!SoftwareMatcher::applies_to(kind)) {
            continue;
        }
        // Parsed parts (ledger/data/software_patterns.json), or the raw value.
        auto entry = SoftwareMatcher::lists_unmatched(kind)
                         ? std::optional<SoftwareEntry>(software.entry(kind, f.value, f.source))
                         : software.match(kind, f.value, f.source);
        if (!entry) {
            continue;
        }
        if (entry->product.empty() && f.kind == collectors::FactKind::implementation_version) {
            // A bare version ("V8.30SP0010"): the implementation class UID says whose.
            entry->product = dicom_implementation_name(d, knowledge.dicom_uids());
        }
        if (listed.emplace(entry->product, entry->version, entry->source).second) {
            d.software.push_back(std::move(*entry));
        }
    }
}

// The per-device assembly every read ends with: lists sorted (then classified by
// finish_devices).
void sort_lists(DeviceRecord& d) {
    std::sort(d.annotations.begin(), d.annotations.end(), [](const auto& a, const auto& b) {
        const auto rank = [](const std::string& key) {
            for (std::size_t i = 0; i < kAnnotationKeys.size(); ++i) {
                if (kAnnotationKeys.at(i).key == key) {
                    return i;
                }
            }
            return kAnnotationKeys.size();
        };
        return rank(a.key) < rank(b.key);
    });
    sort_services(d.services);
    std::sort(d.hostnames.begin(), d.hostnames.end());
    d.hostnames.erase(std::unique(d.hostnames.begin(), d.hostnames.end()), d.hostnames.end());
}

// Columns frame_col and frame_col + 1: frame, capture id.
EvidenceEntry evidence_at(const CapturePaths& paths, const db::Statement& st, int frame_col) {
    return paths.evidence(st.column_int64(frame_col + 1),
                          static_cast<std::uint64_t>(st.column_int64(frame_col)));
}

// Device row id -> its record. The whole ledger: a flat table by id (ids are rowids, dense),
// looked up once per stored row; a few devices: a hash map.
class DeviceIndex {
   public:
    void expect(std::int64_t count, std::int64_t max_id) {
        if (max_id >= 0 && max_id <= 4 * count + 1024) {  // not when ids are sparse
            flat_.assign(static_cast<std::size_t>(max_id) + 1, kNone);
        }
    }
    void add(std::int64_t id, std::size_t at) {
        if (id >= 0 && static_cast<std::uint64_t>(id) < flat_.size()) {
            flat_[static_cast<std::size_t>(id)] = at;
        } else {
            sparse_.emplace(id, at);
        }
    }
    [[nodiscard]] DeviceRecord* find(std::vector<DeviceRecord>& out, std::int64_t id) const {
        if (id >= 0 && static_cast<std::uint64_t>(id) < flat_.size()) {
            const std::size_t at = flat_[static_cast<std::size_t>(id)];
            return at == kNone ? nullptr : &out[at];
        }
        const auto it = sparse_.find(id);
        return it == sparse_.end() ? nullptr : &out[it->second];
    }

   private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<std::size_t> flat_;
    std::unordered_map<std::int64_t, std::size_t> sparse_;
};

// `sql` with " WHERE <column> IN (the ids)" before its ORDER BY when filtering.
db::Statement filtered(sqlite3* db, std::string_view name, std::string sql, std::string_view column,
                       const std::string& ids) {
    if (!ids.empty()) {
        const auto order = sql.rfind(" ORDER BY");
        const std::string where =
            " WHERE " + std::string(column) + " IN (SELECT value FROM json_each(?1))";
        sql.insert(order == std::string::npos ? sql.size() : order, where);
    }
    db::Statement st(db, name, sql);
    if (!ids.empty()) {
        st.bind(1, ids);
    }
    return st;
}

}  // namespace

std::vector<DeviceRecord> load_device_rows(sqlite3* db_, std::span<const std::int64_t> only) {
    std::vector<DeviceRecord> out;
    DeviceIndex index;
    const std::string ids = db::id_list(only);
    const bool whole = only.empty();
    const CapturePaths paths(db_);
    // Records are large: growing the vector would move every one of them several times.
    if (whole) {
        db::Statement count(db_, "devices_count", "SELECT count(*), max(id) FROM devices");
        if (count.step()) {
            out.reserve(static_cast<std::size_t>(count.column_int64(0)));
            index.expect(count.column_int64(0), count.column_int64(1));
            count.reset();
        }
    } else {
        out.reserve(only.size());
    }
    db::Statement dev =
        filtered(db_, "devices_list",
                 "SELECT d.id, d.domain, d.mac, d.vendor, d.mac_kind, d.category, "
                 "d.first_seen, d.last_seen, d.packets, d.bytes, d.first_frame, "
                 "d.first_capture_id, d.address, coalesce(r.mac, '') "
                 "FROM devices d LEFT JOIN devices r ON r.id = d.routed_via "
                 // The unique index's order: each domain's routed hosts ('' MAC) first, by
                 // address, then the devices on the link by MAC. The routed hosts go after the
                 // link below: ordering by "d.mac = ''" here sorted every row in a temporary
                 // b-tree, half of this query's cost on the whole ledger.
                 "ORDER BY d.domain, d.mac, d.address",
                 "d.id", ids);
    while (dev.step()) {
        DeviceRecord& r = out.emplace_back();  // in place: a record is large to move
        r.id = dev.column_int64(0);
        r.domain = dev.column_int64(1);
        r.mac = dev.column_text(2);
        r.vendor = dev.column_text(3);
        r.mac_kind = dev.column_text(4);
        r.category = dev.column_text(5);
        r.first_seen_us = dev.column_int64(6);
        r.last_seen_us = dev.column_int64(7);
        r.packets = static_cast<std::uint64_t>(dev.column_int64(8));
        r.bytes = static_cast<std::uint64_t>(dev.column_int64(9));
        r.first_evidence = evidence_at(paths, dev, 10);
        if (std::string address = dev.column_text(12); !address.empty()) {
            r.routed = true;
            r.routed_via = dev.column_text(13);
            if (r.domain < 0) {  // write/capture_host.h: the loopback of one capture's host
                r.capture_host = r.first_evidence.capture.empty()
                                     ? "capture " + std::to_string(-r.domain)
                                     : r.first_evidence.capture;
            }
            r.addresses.push_back(
                AddressEntry{std::move(address), "routed", r.first_seen_us, r.last_seen_us, {}});
        }
    }
    // Devices on the link by MAC, then each domain's routed hosts by address.
    for (auto first = out.begin(); first != out.end();) {
        const auto last = std::find_if(
            first, out.end(), [&](const DeviceRecord& d) { return d.domain != first->domain; });
        const auto link =
            std::find_if(first, last, [](const DeviceRecord& d) { return !d.routed; });
        std::rotate(first, link, last);
        first = last;
    }
    for (std::size_t at = 0; at < out.size(); ++at) {
        index.add(out[at].id, at);
    }

    db::Statement vlans = filtered(db_, "devices_vlans",
                                   "SELECT DISTINCT device_id, vlan FROM device_vlans "
                                   "ORDER BY device_id, vlan",
                                   "device_id", ids);
    while (vlans.step()) {
        if (DeviceRecord* d = index.find(out, vlans.column_int64(0))) {
            d->vlans.push_back(static_cast<int>(vlans.column_int64(1)));
        }
    }

    // Each device's addresses: family 4 before 6, octets numerically within a family. Read in
    // table order and sorted here: no index holds that order, and SQLite sorting every row in a
    // temporary b-tree cost twice the scan (17,214 addresses, measured).
    struct AddressRow {
        DeviceRecord* device = nullptr;
        std::int64_t family = 0;
        std::string octets;
        AddressEntry entry;
    };
    std::vector<AddressRow> address_rows;
    db::Statement addrs =
        filtered(db_, "devices_addresses",
                 "SELECT a.device_id, a.address, a.source, a.first_seen, a.last_seen, "
                 "a.frame, a.capture_id, a.family, a.octets FROM device_addresses a",
                 "a.device_id", ids);
    while (addrs.step()) {
        if (DeviceRecord* d = index.find(out, addrs.column_int64(0))) {
            AddressRow& row = address_rows.emplace_back();
            row.device = d;
            row.family = addrs.column_int64(7);
            const auto octets = addrs.column_blob(8);  // 4 or 16 bytes, compared as bytes
            row.octets.assign(octets.begin(), octets.end());
            AddressEntry& a = row.entry;
            a.address = addrs.column_text(1);
            a.source = addrs.column_text(2);
            a.first_seen_us = addrs.column_int64(3);
            a.last_seen_us = addrs.column_int64(4);
            a.evidence = evidence_at(paths, addrs, 5);
        }
    }
    std::sort(
        address_rows.begin(), address_rows.end(), [](const AddressRow& a, const AddressRow& b) {
            return std::tie(a.device, a.family, a.octets) < std::tie(b.device, b.family, b.octets);
        });
    for (AddressRow& row : address_rows) {
        row.device->addresses.push_back(std::move(row.entry));
    }

    // The whole ledger reads the facts in table order and sorts each device's in memory:
    // walking the unique index instead fetches every row by a b-tree search of its own, in
    // an order unrelated to the pages (two thirds of a whole read, measured).
    const std::string fact_columns =
        "SELECT f.device_id, f.kind, f.value, f.source, f.first_seen, "
        "f.last_seen, f.count, f.frame, f.capture_id, f.subject_ip FROM device_facts f";
    db::Statement facts = filtered(
        db_, whole ? "devices_facts_scan" : "devices_facts",
        whole ? fact_columns : fact_columns + " ORDER BY f.device_id, f.kind, f.value, f.source",
        "f.device_id", ids);
    while (facts.step()) {
        DeviceRecord* d = index.find(out, facts.column_int64(0));
        if (d == nullptr) {
            continue;
        }
        FactEntry& f = d->facts.emplace_back();
        f.kind = stored_fact_kind(facts.column_text_view(1));
        f.value = facts.column_text(2);
        f.source = facts.column_text(3);
        f.first_seen_us = facts.column_int64(4);
        f.last_seen_us = facts.column_int64(5);
        f.count = static_cast<std::uint64_t>(facts.column_int64(6));
        f.evidence = evidence_at(paths, facts, 7);
        f.subject_ip = facts.column_text(9);
    }
    if (whole) {
        for (DeviceRecord& d : out) {
            std::sort(d.facts.begin(), d.facts.end(), listed_before);  // the index's order
        }
    }

    db::Statement notes =
        filtered(db_, "devices_annotations",
                 "SELECT device_id, key, value, set_at, source FROM annotations", "device_id", ids);
    while (notes.step()) {
        if (DeviceRecord* d = index.find(out, notes.column_int64(0))) {
            d->annotations.push_back(Annotation{notes.column_text(1), notes.column_text(2),
                                                notes.column_int64(3), notes.column_text(4)});
        }
    }
    return out;
}

namespace {

// A fact the device stated from two of its addresses is stored once per sender address (the
// routed-facts hand-over needs the sender), and a linked MAC or another interface of the box
// brings its own copy (read/linked_devices.h absorb_device); once those are done it is one
// fact of the device: counts add up and the earliest sighting keeps its evidence. Facts are
// in listed_before order, so repeats are neighbours.
void merge_repeated_facts(DeviceRecord& d) {
    auto& facts = d.facts;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < facts.size(); ++i) {
        if (kept > 0) {
            FactEntry& last = facts[kept - 1];
            FactEntry& f = facts[i];
            if (last.kind == f.kind && last.value == f.value && last.source == f.source &&
                last.about == f.about) {
                last.count += f.count;
                last.last_seen_us = std::max(last.last_seen_us, f.last_seen_us);
                // The earliest sighting; on a tie the first frame, so the record never
                // depends on the order the rows were read in (a lookup and the whole list).
                if (std::tie(f.first_seen_us, f.evidence.capture_id, f.evidence.frame,
                             f.subject_ip) < std::tie(last.first_seen_us, last.evidence.capture_id,
                                                      last.evidence.frame, last.subject_ip)) {
                    last.first_seen_us = f.first_seen_us;
                    last.evidence = std::move(f.evidence);
                    last.subject_ip = std::move(f.subject_ip);
                }
                continue;
            }
        }
        if (kept != i) {
            facts[kept] = std::move(facts[i]);
        }
        ++kept;
    }
    facts.resize(kept);
}

}  // namespace

void finish_devices(sqlite3* db, std::vector<DeviceRecord>& devices, bool whole, Part part,
                    const Knowledge& knowledge, std::vector<FreshClass>* fresh) {
    for (DeviceRecord& d : devices) {
        merge_repeated_facts(d);
        derive_from_facts(d, knowledge);
    }
    attach_address_facts(db, devices, !whole);
    // A routed host shows only while it has facts (a device on the link now holding its
    // address took them) or a person's annotation.
    if (part == Part::shown) {
        std::erase_if(devices, [](const DeviceRecord& d) {
            return d.routed && d.facts.empty() && d.annotations.empty();
        });
    }
    std::vector<std::int64_t> ids;
    if (!whole) {
        ids.reserve(devices.size());
        for (const DeviceRecord& d : devices) {
            ids.push_back(d.id);
        }
    }
    // The classifier itself only for a device whose stored classification is missing or
    // stale: compiling it is most of what a one-device command would otherwise pay.
    std::vector<std::string> inputs(devices.size());
    for (std::size_t i = 0; i < devices.size(); ++i) {
        sort_lists(devices[i]);
        inputs[i] = classification_input(devices[i], knowledge.classifier_fingerprint());
    }
    // The stored rows come in device id order: walk the devices in that order beside them.
    std::vector<std::size_t> by_id(devices.size());
    std::iota(by_id.begin(), by_id.end(), std::size_t{0});
    std::sort(by_id.begin(), by_id.end(),
              [&](std::size_t a, std::size_t b) { return devices[a].id < devices[b].id; });
    std::vector<bool> restored(devices.size(), false);
    std::size_t next = 0;
    for_each_stored_class(db, db::id_list(ids), [&](std::int64_t id, const StoredClass& row) {
        while (next < by_id.size() && devices[by_id[next]].id < id) {
            ++next;
        }
        if (next < by_id.size() && devices[by_id[next]].id == id) {
            const std::size_t i = by_id[next];
            restored[i] = row.input == inputs[i] && restore_classification(devices[i], row);
        }
    });
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (restored[i]) {
            continue;
        }
        apply_classification(devices[i], knowledge.classifier());
        if (fresh != nullptr) {
            fresh->push_back(FreshClass{i, std::move(inputs[i])});
        }
    }
}

std::vector<DeviceRecord> read_all_devices(sqlite3* db, const Knowledge& knowledge,
                                           const AddressPlan& plan) {
    auto out = load_device_rows(db, {});
    hand_over_routed_facts(out, plan);
    // One machine once, before names, services and versions are derived, so a linked
    // machine's are derived from all its facts.
    link_churned_devices(out);
    merge_box_interfaces(out);
    // Of the whole box: a firewall's WAN interface alone is outside the plan, the box is not.
    mark_outside_plan(out, plan);
    finish_devices(db, out, true, Part::shown, knowledge);
    return out;
}

std::vector<DeviceRecord> Ledger::devices() const {
    ReadTransaction snapshot(db_);
    return read_all_devices(db_, *knowledge_, plan_);
}

}  // namespace daicho::ledger
