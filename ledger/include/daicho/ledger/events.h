#pragma once
// The ledger's history (README "Events"): every change of a fact is an event with the value
// before and after and the frame that showed it. The Writer records them inside each
// capture's transaction; `daicho events` reads and renders them.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace daicho::ledger {

class Ledger;

// Every kind the writer records, in the order a device's life goes: stable ids (the DB value,
// the JSON value, --kind). Their JA/EN labels are survey-mapper's (daicho/survey/words.h).
// station_flood is about a link, not one device (device_id NULL): more new source MACs or
// addresses than the pipeline's budget (agent config "flood"); after = the stations counted
// and not stored, note = the time span, the stations seen and the budget.
// annotation_change is a person's word, not the wire's: field = the annotation key, before ->
// after ("" after: removed), note = the source ("cli", "import:FILE"), actor = who; at_us is
// when it was written, and spans back from the newest event (7d) ignore it.
// connection_new is a new external connection point (ledger/connections.h): device = its
// inside device (0 when none is known), field = its service class, after = "remote proto/port
// protocol product", note = who opened it ("outside": inbound).
inline constexpr std::array<std::string_view, 10> kEventKinds{
    "device_new", "address_new", "name_change",   "software_change",   "category_change",
    "absent",     "returned",    "station_flood", "annotation_change", "connection_new"};

struct EventRecord {
    std::int64_t id = 0;
    std::int64_t device_id = 0;  // 0: about a link (station_flood), not one device
    std::string mac;
    std::string device_name;  // a person's `name` annotation, else the newest hostname; "" none
    std::int64_t at_us = 0;   // when the wire showed it
    std::string kind;         // kEventKinds id
    std::string field;        // fact kind that changed ("hostname", "ip_address", ...); "" none
    std::string before;
    std::string after;
    std::string note;
    std::string actor;    // annotation_change: who wrote it; "" for the wire's events
    std::string capture;  // evidence capture path; "" when none
    std::uint64_t frame = 0;
    std::int64_t recorded_at_us = 0;
};

struct EventFilter {
    std::optional<std::int64_t> since_us;  // at_us >= since
    std::vector<std::int64_t> devices;     // empty: all
    std::vector<std::string> kinds;        // empty: all
};

// Where a history starts (`events --since`): an instant, or a span back from the newest event,
// so "the last week of captures" works on captures from any date.
struct EventSince {
    std::optional<std::int64_t> at_us;
    std::int64_t back_us = 0;
};

// A UTC date or date and time (ledger/time.h parse_time_utc), or "7d", "24h"; nullopt when it
// is neither.
[[nodiscard]] std::optional<EventSince> parse_event_since(std::string_view text);
// The EventFilter::since_us it means in this ledger (nullopt: a span and no events yet).
[[nodiscard]] std::optional<std::int64_t> since_us(const Ledger& ledger, const EventSince& since);

// Events in (at_us, id) order, from one read snapshot.
[[nodiscard]] std::vector<EventRecord> read_events(const Ledger& ledger, const EventFilter& filter);
// The newest at_us of any event the wire showed (annotation_change left out); nullopt when the
// ledger has none.
[[nodiscard]] std::optional<std::int64_t> newest_event_us(const Ledger& ledger);

}  // namespace daicho::ledger
