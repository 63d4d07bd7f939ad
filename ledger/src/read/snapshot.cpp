// Snapshot (ledger/snapshot.h): one read transaction held for the object's life, over which
// the whole device list, lookups, events and captures are read.

#include "daicho/ledger/snapshot.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <stdexcept>

#include "daicho/collectors/observation.h"
#include "db/statement.h"
#include "read/captures.h"
#include "read/device_lookup.h"
#include "read/devices.h"
#include "read/read_transaction.h"

namespace daicho::ledger {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// RFC 1123 labels, plus '_' (Windows and DHCP names carry it); at most 253 characters.
bool hostname_text(std::string_view s) {
    constexpr std::size_t kMaxName = 253;
    return !s.empty() && s.size() <= kMaxName &&
           s.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
               std::string_view::npos;
}

}  // namespace

std::optional<DeviceQuery> DeviceQuery::parse(std::string_view text) {
    DeviceQuery q;
    if (all_digits(text)) {
        q.by = By::id;
        std::int64_t id = 0;
        if (std::from_chars(text.data(), text.data() + text.size(), id).ec == std::errc{}) {
            q.id = id;  // else more digits than any ledger id: names no device (id 0)
        }
        return q;
    }
    if (const auto mac = collectors::MacAddress::parse(text)) {
        q.by = By::mac;
        q.text = mac->to_string();
        return q;
    }
    if (const auto ip = collectors::IpAddress::parse(text)) {
        q.by = By::ip;
        q.text = ip->to_string();
        return q;
    }
    if (hostname_text(text)) {
        q.by = By::hostname;
        q.text = std::string(text);
        return q;
    }
    return std::nullopt;
}

Snapshot::Snapshot(const Ledger& ledger, DepartmentMap departments)
    : ledger_(ledger),
      departments_(std::move(departments)),
      plan_(departments_),
      transaction_(std::make_unique<ReadTransaction>(ledger.handle())) {}

Snapshot::~Snapshot() = default;

const AddressPlan& Snapshot::plan() const noexcept {
    return plan_.configured() ? plan_ : ledger_.address_plan();
}

Snapshot::DeviceList Snapshot::device_list() const {
    DeviceList list;
    auto all = read_all_devices(ledger_.handle(), ledger_.knowledge(), plan());
    resolve_placements(all, departments_);
    const auto external = std::stable_partition(
        all.begin(), all.end(), [](const DeviceRecord& d) { return !d.outside_plan; });
    list.external.assign(std::make_move_iterator(external), std::make_move_iterator(all.end()));
    all.erase(external, all.end());
    list.devices = std::move(all);
    return list;
}

std::vector<DeviceRecord> Snapshot::devices() const { return std::move(device_list().devices); }

std::vector<DeviceRecord> Snapshot::find(const DeviceQuery& query) const {
    auto out = lookup_devices(ledger_.handle(), query, ledger_.knowledge(), plan());
    resolve_placements(out, departments_);
    return out;
}

std::vector<DeviceRecord> Snapshot::find(std::string_view text) const {
    const auto query = DeviceQuery::parse(text);
    if (!query) {
        throw std::invalid_argument("'" + std::string(text) +
                                    "' is not a device id, a MAC address, an IP address or a "
                                    "host name");
    }
    return find(*query);
}

std::optional<DeviceRecord> Snapshot::device(std::int64_t id) const {
    DeviceQuery q;
    q.id = id;
    auto found = find(q);
    if (found.empty()) {
        return std::nullopt;
    }
    return std::move(found.front());
}

std::vector<EventRecord> Snapshot::events(const EventFilter& filter) const {
    return read_events(ledger_, filter);
}

std::optional<std::int64_t> Snapshot::since_us(const EventSince& since) const {
    return ledger::since_us(ledger_, since);
}

std::vector<CaptureRecord> Snapshot::captures() const { return read_captures(ledger_.handle()); }

}  // namespace daicho::ledger
