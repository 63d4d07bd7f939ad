// History: which inserted rows are changes, and the commit-time checks (category, absent,
// returned). What counts as a change (README "Events"):
// - name_change: a new hostname / system_name from the same protocol while the device already
//   had a different one (ASCII case aside: NetBIOS upper-cases what DHCP sent in lower case);
//   a device's first name is no change.
// - software_change: a new software/os/firmware/system_description/implementation_version
//   value naming the same product (ledger/data/software_patterns.json) at another version.
// - address_new: a new IPv4 address of a device known before the capture. IPv6 temporary
//   addresses (RFC 8981) change daily by design and would bury every other event.
// Facts sent from an address the device does not hold crossed a router and describe a host
// behind it (FactEntry::subject_ip), so they are never compared: a router's MAC carries the
// names and versions of a whole subnet.

#include "write/history.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <vector>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/software.h"
#include "daicho/ledger/time.h"
#include "write/reclassify.h"

namespace daicho::ledger {

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

constexpr const char* kInsertEvent =
    "INSERT INTO events (device_id, at_us, kind, field, before, after, note, capture_id, frame, "
    "recorded_at_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
// The IPv4 address the device held most recently before this one appeared.
constexpr const char* kPreviousAddress =
    "SELECT address FROM device_addresses WHERE device_id = ?1 AND family = 4 AND id <> ?2 "
    "AND first_seen <= ?3 ORDER BY last_seen DESC, id DESC LIMIT 1";
constexpr const char* kHoldsAddress =
    "SELECT 1 FROM device_addresses WHERE device_id = ?1 AND address = ?2";
// Both end in the condition that the fact is one the device said about itself: no sender
// address (LLDP, DHCP before it has one), or one it holds.
// Both walk an index of 008_short_transactions back from the new row's first_seen, so one
// device with N names or versions costs N lookups, not N scans of its facts; the kind IN
// terms repeat the partial indexes' own WHERE, which lets SQLite use them. Lists of three or
// more values are spelled as ORs: SQLite builds an ephemeral table for such an IN list each
// time the statement runs (018_checks_without_in_lists).
constexpr const char* kPreviousName =
    "SELECT value FROM device_facts WHERE device_id = ?1 AND kind = ?2 "
    "AND kind IN ('hostname', 'system_name') AND source = ?5 AND id <> ?3 AND first_seen <= ?4 "
    "AND (subject_ip = '' OR subject_ip = '0.0.0.0' OR subject_ip = '::' OR subject_ip IN "
    "(SELECT address FROM device_addresses WHERE device_id = ?1)) "
    "ORDER BY first_seen DESC, id DESC LIMIT 1";
constexpr const char* kEarlierSoftware =
    "SELECT kind, value, source FROM device_facts WHERE device_id = ?1 AND id <> ?2 "
    "AND (kind = 'software' OR kind = 'os' OR kind = 'firmware' OR kind = 'system_description' "
    "OR kind = 'implementation_version') "
    "AND first_seen <= ?3 AND (subject_ip = '' OR subject_ip = '0.0.0.0' OR subject_ip = '::' "
    "OR subject_ip IN "
    "(SELECT address FROM device_addresses WHERE device_id = ?1)) "
    "ORDER BY first_seen DESC, id DESC";
// CROSS JOIN keeps SQLite from starting at devices (its (domain, mac, address) key matches
// the domain, i.e. every device): the address index finds the few holders directly.
constexpr const char* kHolders =
    "SELECT a.device_id FROM device_addresses a CROSS JOIN devices d ON d.id = a.device_id "
    "WHERE a.address = ?2 AND d.domain = ?1";
constexpr const char* kStoredCategory =
    "SELECT id, category, subtype FROM devices WHERE id IN (SELECT value FROM json_each(?1))";
constexpr const char* kStoreCategory =
    "UPDATE devices SET category = ?2, subtype = ?3 WHERE id = ?1";
// Whether the device already has an absent event since it was last seen.
constexpr const char* kAbsentSince =
    "SELECT 1 FROM events WHERE device_id = ?1 AND kind = 'absent' AND at_us > ?2 LIMIT 1";
constexpr const char* kNewestFrame = "SELECT max(last_seen) FROM devices";
constexpr const char* kAbsentCandidates =
    "SELECT d.id, d.last_seen FROM devices d WHERE d.last_seen < ?1 AND NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.device_id = d.id AND e.kind = 'absent' "
    "AND e.at_us > d.last_seen) ORDER BY d.last_seen, d.id";

bool same_ignoring_ascii_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string product_version(const SoftwareEntry& s) { return s.product + " " + s.version; }

std::string category_text(const std::string& category, const std::string& subtype) {
    return subtype.empty() ? category : category + "/" + subtype;
}

// The sighting in `d` that made its winning category: the newest first sighting among the
// facts behind the winning rules; nullopt when no fact stands behind it.
std::optional<History::Evidence> category_evidence(const DeviceRecord& d,
                                                   const std::vector<FiredRule>& fired,
                                                   const std::string& category) {
    std::optional<History::Evidence> best;
    for (const FiredRule& r : fired) {
        if (r.category != category) {
            continue;
        }
        for (const RuleEvidence& e : r.evidence) {
            for (const FactEntry& f : d.facts) {
                if (f.kind_name() != e.kind || f.value != e.value || f.source != e.source ||
                    f.about != e.about) {
                    continue;
                }
                if (!best || f.first_seen_us > best->at_us) {
                    best =
                        History::Evidence{f.first_seen_us, f.evidence.capture_id, f.evidence.frame};
                }
            }
        }
    }
    return best;
}

}  // namespace

History::History(const Ledger& ledger, const WriterOptions& options)
    : db_(ledger.handle()),
      ledger_(ledger),
      absent_us_(std::int64_t{std::max(options.absent_days, 1)} * kMicrosPerDay),
      insert_event_(db_, "insert_event", kInsertEvent),
      previous_address_(db_, "previous_address", kPreviousAddress),
      holds_address_(db_, "holds_address", kHoldsAddress),
      previous_name_(db_, "previous_name", kPreviousName),
      earlier_software_(db_, "earlier_software", kEarlierSoftware),
      holders_(db_, "holders", kHolders),
      stored_category_(db_, "stored_category", kStoredCategory),
      store_category_(db_, "store_category", kStoreCategory),
      absent_since_(db_, "absent_since", kAbsentSince),
      newest_frame_(db_, "newest_frame", kNewestFrame),
      absent_candidates_(db_, "absent_candidates", kAbsentCandidates) {}

void History::begin(std::int64_t capture_id, std::int64_t now_us) {
    capture_id_ = capture_id;
    now_us_ = now_us;
    recorded_ = 0;
}

void History::record(std::int64_t device, std::string_view kind, std::string_view field,
                     std::string_view before, std::string_view after, std::string_view note,
                     const Evidence& e) {
    insert_event_.reset();
    insert_event_.bind_id_or_null(1, device)
        .bind(2, e.at_us)
        .bind(3, kind)
        .bind(4, field)
        .bind(5, before)
        .bind(6, after)
        .bind(7, note)
        .bind_id_or_null(8, e.capture_id)
        .bind(9, static_cast<std::int64_t>(e.frame))
        .bind(10, now_us_);
    insert_event_.run();
    ++recorded_;
}

void History::link_event(std::string_view kind, std::string_view field, std::string_view before,
                         std::string_view after, std::string_view note, const Evidence& e) {
    record(0, kind, field, before, after, note, e);
}

void History::connection_inserted(std::int64_t device, std::string_view service_class,
                                  std::string_view point, std::string_view opener,
                                  const Evidence& e) {
    record(device, "connection_new", service_class, "", point, opener, e);
}

void History::device_inserted(std::int64_t device, std::string_view key_field, std::string_view key,
                              const Evidence& e) {
    record(device, "device_new", key_field, "", key, "", e);
}

void History::address_inserted(std::int64_t device, std::int64_t row, bool v4,
                               std::string_view address, bool device_is_new, const Evidence& e) {
    // A new device's addresses are part of it being new (a router shows one per VLAN in its
    // first minutes); a self-assigned 169.254/16 address (RFC 3927) is no configured one.
    if (!v4 || device_is_new || address.rfind("169.254.", 0) == 0) {
        return;
    }
    previous_address_.reset();
    previous_address_.bind(1, device).bind(2, row).bind(3, e.at_us);
    std::string before;
    if (previous_address_.step()) {
        before = previous_address_.column_text(0);
        previous_address_.reset();
    }
    record(device, "address_new", "ip_address", before, address, "", e);
}

bool History::own_fact(std::int64_t device, std::string_view subject_ip) {
    if (subject_ip.empty() || subject_ip == "0.0.0.0" || subject_ip == "::") {
        return true;
    }
    holds_address_.reset();
    holds_address_.bind(1, device).bind(2, subject_ip);
    const bool held = holds_address_.step();
    holds_address_.reset();
    return held;
}

void History::fact_inserted(std::int64_t device, std::int64_t row, std::string_view kind,
                            std::string_view value, std::string_view source,
                            std::string_view subject_ip, const Evidence& e) {
    const bool name = kind == "hostname" || kind == "system_name";
    if (!name && !SoftwareMatcher::applies_to(kind)) {
        return;
    }
    if (name) {
        if (!own_fact(device, subject_ip)) {
            return;
        }
        previous_name_.reset();
        previous_name_.bind(1, device).bind(2, kind).bind(3, row).bind(4, e.at_us).bind(5, source);
        if (!previous_name_.step()) {
            return;
        }
        const std::string before = previous_name_.column_text(0);
        previous_name_.reset();
        if (!same_ignoring_ascii_case(before, value)) {
            record(device, "name_change", kind, before, value, "", e);
        }
        return;
    }
    const SoftwareMatcher& software = ledger_.knowledge().software();
    // Only a parsed version can differ; most software rows name no version and stop here.
    // With the source: a pattern may read one decoder's format only (HL7 SFT).
    const SoftwareEntry now = software.entry(kind, value, source);
    if (now.version.empty() || !own_fact(device, subject_ip)) {
        return;
    }
    earlier_software_.reset();
    earlier_software_.bind(1, device).bind(2, row).bind(3, e.at_us);
    std::string before;
    while (earlier_software_.step()) {
        const SoftwareEntry then =
            software.entry(earlier_software_.column_text(0), earlier_software_.column_text(1),
                           earlier_software_.column_text(2));
        if (then.product == now.product && !then.version.empty()) {
            if (then.version != now.version) {
                before = product_version(then);
            }
            break;  // the newest earlier sighting of the product decides
        }
    }
    earlier_software_.reset();
    if (!before.empty()) {
        record(device, "software_change", kind, before, product_version(now), "", e);
    }
}

void History::finish(std::span<const Sighting> touched, std::span<const Sighting> changed) {
    returned(touched);
    categories(changed);
    // Devices the capture did not touch but whose stored classification is missing (an
    // upgraded ledger) or from other knowledge: stored now, silently (the event of a rules
    // change belongs to the capture that next shows the device). Looked for once per writer
    // and knowledge, not per commit: it reads every device row. Should this capture roll back,
    // reads still classify those devices themselves until a later writer stores them.
    const std::string& knowledge = ledger_.knowledge().classifier_fingerprint();
    if (knowledge != stale_checked_) {
        reclassify(db_, ledger_.knowledge(), ledger_.address_plan(),
                   unclassified_devices(db_, ledger_.knowledge()));
        stale_checked_ = knowledge;
    }
    absent();
}

std::vector<std::int64_t> History::holders(std::uint16_t domain, std::string_view address) {
    std::vector<std::int64_t> out;
    holders_.reset();
    holders_.bind(1, std::int64_t{domain}).bind(2, address);
    while (holders_.step()) {
        out.push_back(holders_.column_int64(0));
    }
    return out;
}

void History::returned(std::span<const Sighting> touched) {
    for (const Sighting& s : touched) {
        if (s.inserted || s.first.at_us - s.previous_last_us <= absent_us_) {
            continue;
        }
        const std::string last = format_time_utc(s.previous_last_us);
        // Nothing later in the ledger had shown the gap yet: the absence is recorded now, so
        // every `returned` follows an `absent`.
        absent_since_.reset();
        absent_since_.bind(1, s.device).bind(2, s.previous_last_us);
        const bool known = absent_since_.step();
        absent_since_.reset();
        if (!known) {
            record(s.device, "absent", "last_seen", last, "", "",
                   Evidence{s.previous_last_us + absent_us_, capture_id_, 0});
        }
        record(s.device, "returned", "last_seen", last, format_time_utc(s.first.at_us), "",
               s.first);
    }
}

void History::categories(std::span<const Sighting> touched) {
    if (touched.empty()) {
        return;
    }
    std::vector<std::int64_t> ids;
    ids.reserve(touched.size());
    std::string json = "[";
    for (const Sighting& s : touched) {
        ids.push_back(s.device);
        json += (json.size() > 1 ? "," : "") + std::to_string(s.device);
    }
    json += ']';
    std::unordered_map<std::int64_t, std::string> stored;
    stored_category_.reset();
    stored_category_.bind(1, json);
    while (stored_category_.step()) {
        const std::string category = stored_category_.column_text(1);
        stored.emplace(stored_category_.column_int64(0),
                       category.empty() ? std::string()
                                        : category_text(category, stored_category_.column_text(2)));
    }
    std::unordered_map<std::int64_t, const Sighting*> by_id;
    for (const Sighting& s : touched) {
        by_id.emplace(s.device, &s);
    }

    const Knowledge& knowledge = ledger_.knowledge();
    reclassify(db_, knowledge, ledger_.address_plan(), ids, [&](const DeviceRecord& d) {
        const Annotation* person = d.annotation("category");
        // reclassify() put a person's category over the rules; the event is about the rules,
        // so only then are they asked again.
        Classification c;
        if (person != nullptr) {
            c = knowledge.classifier().classify(d);
        } else {
            c.category = d.category;
            c.subtype = d.subtype;
        }
        const std::vector<FiredRule>& fired = person != nullptr ? c.fired : d.classification;
        const std::string now = category_text(c.category, c.subtype);
        const std::string& before = stored[d.id];
        if (before == now) {
            return;
        }
        store_category_.reset();
        store_category_.bind(1, d.id).bind(2, c.category).bind(3, c.subtype);
        store_category_.run();
        if (before.empty()) {
            return;  // the writer's first classification of the device
        }
        std::string note;
        if (person != nullptr) {
            note = "overridden_by_annotation:" + category_text(d.category, d.subtype);
        }
        const Sighting& s = *by_id.at(d.id);
        record(d.id, "category_change", "category", before, now, note,
               category_evidence(d, fired, c.category).value_or(s.first));
    });
}

void History::absent() {
    newest_frame_.reset();
    if (!newest_frame_.step() || newest_frame_.column_is_null(0)) {
        newest_frame_.reset();
        return;
    }
    const std::int64_t newest = newest_frame_.column_int64(0);
    newest_frame_.reset();
    struct Gone {
        std::int64_t device;
        std::int64_t last_us;
    };
    std::vector<Gone> gone;
    absent_candidates_.reset();
    absent_candidates_.bind(1, newest - absent_us_);
    while (absent_candidates_.step()) {
        gone.push_back({absent_candidates_.column_int64(0), absent_candidates_.column_int64(1)});
    }
    for (const Gone& g : gone) {
        // The capture whose frames moved the ledger's clock past the gap is the evidence.
        record(g.device, "absent", "last_seen", format_time_utc(g.last_us), "", "",
               Evidence{g.last_us + absent_us_, capture_id_, 0});
    }
}

}  // namespace daicho::ledger
