#pragma once
// The ledger's history (README "Events"): every change of a fact is an event with the value
// before and after and the frame that showed it. The Writer records them inside each
// capture's transaction; `daicho events` reads and renders them.

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/sheet.h"
#include "daicho/ledger/survey_ledger.h"

namespace daicho::ledger {

class Ledger;

struct EventKindName {
    std::string_view id;  // stable: the DB value, the JSON value, --kind
    std::string_view ja;
    std::string_view en;
};

// Every kind the writer records, in the order a device's life goes.
inline constexpr std::array<EventKindName, 8> kEventKinds{{
    {"device_new", "新規機器", "New device"},
    {"address_new", "IPアドレス追加・変更", "New IP address"},
    {"name_change", "名前の変更", "Name changed"},
    {"software_change", "バージョンの変更", "Version changed"},
    {"category_change", "機器種別の変更", "Category changed"},
    {"absent", "長期間未検出", "Not seen"},
    {"returned", "再検出", "Seen again"},
    // About a link, not one device (device_id NULL): more new source MACs or addresses than
    // the pipeline's budget (agent config "flood"); after = the stations counted and not
    // stored, note = the time span, the stations seen and the budget.
    {"station_flood", "MACアドレス大量発生", "Station flood"},
}};

// The display label of a kind; the id itself when unknown.
[[nodiscard]] std::string_view event_label(std::string_view kind, Lang lang) noexcept;

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
    std::string capture;  // evidence capture path; "" when none
    std::uint64_t frame = 0;
    std::int64_t recorded_at_us = 0;
};

struct EventFilter {
    std::optional<std::int64_t> since_us;  // at_us >= since
    std::vector<std::int64_t> devices;     // empty: all
    std::vector<std::string> kinds;        // empty: all
};

// Events in (at_us, id) order, from one read snapshot.
[[nodiscard]] std::vector<EventRecord> read_events(const Ledger& ledger, const EventFilter& filter);
// The newest at_us of any event; nullopt when the ledger has none.
[[nodiscard]] std::optional<std::int64_t> newest_event_us(const Ledger& ledger);

// Renderers. Every before/after value may come from the network: JSON escapes it, the table
// escapes control bytes, the sheet goes through write_sheet_csv / write_xlsx.
void write_events_json(std::ostream& out, std::span<const EventRecord> events);
void write_events_table(std::ostream& out, std::span<const EventRecord> events, Lang lang);
[[nodiscard]] Sheet events_sheet(std::span<const EventRecord> events, Lang lang);

}  // namespace daicho::ledger
