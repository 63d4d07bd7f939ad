// read_events(): the events table joined with what a person reading it needs to recognise the
// device (MAC, and its name: a person's `name` annotation, else the newest name it sent) and
// the evidence capture's path. Filters are bound parameters, never spliced text. The name is
// looked up once per device, not per event: a device with thousands of name changes has
// thousands of events and as many names.

#include "daicho/ledger/events.h"

#include <string>
#include <unordered_map>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "db/statement.h"

namespace daicho::ledger {

namespace {

std::string json_array(const std::vector<std::string>& words) {
    std::string out = "[";
    for (const std::string& w : words) {
        out += out.size() > 1 ? ",\"" : "\"";
        for (const char c : w) {  // kinds are checked ids, but never trust a caller with quotes
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out + "]";
}

}  // namespace

std::optional<EventSince> parse_event_since(std::string_view text) {
    EventSince since;
    if (const auto span = parse_span_us(text)) {
        since.back_us = *span;
    } else if (const auto at = parse_time_utc(text)) {
        since.at_us = at;
    } else {
        return std::nullopt;
    }
    return since;
}

std::optional<std::int64_t> since_us(const Ledger& ledger, const EventSince& since) {
    if (since.at_us) {
        return since.at_us;
    }
    if (const auto newest = newest_event_us(ledger)) {
        return *newest - since.back_us;
    }
    return std::nullopt;
}

// The events of given devices go through events_by_device: "?2 IS NULL OR device_id IN ..."
// hid the index from SQLite's planner, so one device's history read every event.
constexpr std::string_view kEventColumns =
    "SELECT e.id, coalesce(e.device_id, 0), coalesce(d.mac, ''), e.at_us, e.kind, e.field, "
    "e.before, e.after, e.note, coalesce(c.path, ''), e.frame, e.recorded_at_us, e.actor "
    "FROM events e LEFT JOIN devices d ON d.id = e.device_id "
    "LEFT JOIN captures c ON c.id = e.capture_id ";
constexpr std::string_view kEventFilters =
    "(?1 IS NULL OR e.at_us >= ?1) "
    "AND (?3 IS NULL OR e.kind IN (SELECT value FROM json_each(?3))) "
    "ORDER BY e.at_us, e.id";

std::vector<EventRecord> read_events(const Ledger& ledger, const EventFilter& filter) {
    const bool by_device = !filter.devices.empty();
    db::Statement st(
        ledger.handle(), by_device ? "read_device_events" : "read_events",
        std::string(kEventColumns) +
            (by_device ? "WHERE e.device_id IN (SELECT value FROM json_each(?2)) AND "
                       : "WHERE ") +
            std::string(kEventFilters));
    db::Statement name(ledger.handle(), "event_device_name",
                       "SELECT coalesce("
                       "(SELECT value FROM annotations WHERE device_id = ?1 AND key = 'name'), "
                       "(SELECT value FROM device_facts WHERE device_id = ?1 "
                       "AND kind IN ('hostname', 'system_name') "
                       "ORDER BY last_seen DESC, id DESC LIMIT 1), '')");
    std::unordered_map<std::int64_t, std::string> names;
    const auto device_name = [&](std::int64_t device) -> const std::string& {
        auto it = names.find(device);
        if (it == names.end()) {
            name.reset();
            name.bind(1, device);
            std::string text;
            if (name.step()) {
                text = name.column_text(0);
                name.reset();
            }
            it = names.emplace(device, std::move(text)).first;
        }
        return it->second;
    };
    if (filter.since_us) {
        st.bind(1, *filter.since_us);
    }
    if (!filter.devices.empty()) {
        st.bind(2, db::id_list(filter.devices));
    }
    if (!filter.kinds.empty()) {
        st.bind(3, json_array(filter.kinds));
    }
    std::vector<EventRecord> out;
    while (st.step()) {
        EventRecord r;
        r.id = st.column_int64(0);
        r.device_id = st.column_int64(1);
        r.mac = st.column_text(2);
        r.at_us = st.column_int64(3);
        r.kind = st.column_text(4);
        r.field = st.column_text(5);
        r.before = st.column_text(6);
        r.after = st.column_text(7);
        r.note = st.column_text(8);
        r.capture = st.column_text(9);
        r.frame = static_cast<std::uint64_t>(st.column_int64(10));
        r.recorded_at_us = st.column_int64(11);
        r.actor = st.column_text(12);
        if (r.device_id != 0) {  // 0: an event about the whole link (station_flood)
            r.device_name = device_name(r.device_id);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<std::int64_t> newest_event_us(const Ledger& ledger) {
    db::Statement st(ledger.handle(), "newest_event",
                     "SELECT max(at_us) FROM events WHERE kind <> 'annotation_change'");
    std::optional<std::int64_t> out;
    if (st.step()) {
        if (!st.column_is_null(0)) {
            out = st.column_int64(0);
        }
        st.reset();
    }
    return out;
}

}  // namespace daicho::ledger
