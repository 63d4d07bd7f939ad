// ConnectionStore (write/connection_store.h): the conversation table's rows become connection
// points (schema 014) in the merge transaction.
// Inside device of a point, in order: a device holding the inside address on the link (the
// one whose MAC carried the packet first), a routed host keyed by that address, else the
// link device whose MAC carried it when that device holds no address at all (a host whose
// ARP was not captured). A router's MAC holds its own addresses, so the hosts behind it are
// never filed under the router: with none of these the point has no device and is placed by
// its inside address (read/connections.cpp).
// Repeats across captures: sessions, packets and bytes add up, first/last seen widen, the
// longest session is the maximum; a class read from the bytes replaces one guessed from the
// port; the opener, once known, stays. always_on is recomputed from the merged figures.

#include "write/connection_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger {

namespace {

using collectors::Conversation;
using collectors::MacAddress;

constexpr const char* kUpsertPoint =
    "INSERT INTO connection_points (domain, inside_address, remote_address, ip_proto, "
    "server_port, inside_device_id, inside_mac, gateway_mac, gateway_device_id, vlan, "
    "service_class, class_source, protocol, product, version, opener, first_seen, last_seen, "
    "sessions, packets, bytes_out, bytes_in, longest_us, capture_id, frame) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
    "?23, ?24, ?25) "
    "ON CONFLICT (domain, inside_address, remote_address, ip_proto, server_port) DO UPDATE SET "
    "inside_device_id = coalesce(excluded.inside_device_id, inside_device_id), "
    "inside_mac = CASE WHEN excluded.inside_mac <> '' THEN excluded.inside_mac ELSE inside_mac "
    "END, "
    "gateway_mac = CASE WHEN excluded.gateway_mac <> '' THEN excluded.gateway_mac ELSE "
    "gateway_mac END, "
    "gateway_device_id = coalesce(excluded.gateway_device_id, gateway_device_id), "
    "vlan = excluded.vlan, "
    "service_class = CASE WHEN class_source = 'port' AND excluded.class_source = 'bytes' THEN "
    "excluded.service_class ELSE service_class END, "
    "protocol = CASE WHEN class_source = 'port' AND excluded.class_source = 'bytes' THEN "
    "excluded.protocol ELSE protocol END, "
    "class_source = CASE WHEN excluded.class_source = 'bytes' THEN 'bytes' ELSE class_source END, "
    "product = CASE WHEN product = '' THEN excluded.product ELSE product END, "
    "version = CASE WHEN excluded.version <> '' AND (product = '' OR product = excluded.product) "
    "THEN excluded.version ELSE version END, "
    "opener = CASE WHEN opener = 'unknown' THEN excluded.opener ELSE opener END, "
    "capture_id = CASE WHEN excluded.first_seen < first_seen THEN excluded.capture_id "
    "ELSE capture_id END, "
    "frame = CASE WHEN excluded.first_seen < first_seen THEN excluded.frame ELSE frame END, "
    "first_seen = min(first_seen, excluded.first_seen), "
    "last_seen = max(last_seen, excluded.last_seen), "
    "sessions = sessions + excluded.sessions, packets = packets + excluded.packets, "
    "bytes_out = bytes_out + excluded.bytes_out, bytes_in = bytes_in + excluded.bytes_in, "
    "longest_us = max(longest_us, excluded.longest_us) "
    "RETURNING id, packets, first_seen, last_seen, sessions, longest_us, always_on";
// A point new to the ledger, by plain insert: the upsert with RETURNING fills a temporary table
// per row, and on a fresh ledger nearly every point is new. Same parameters, plus always_on.
constexpr const char* kInsertPoint =
    "INSERT INTO connection_points (domain, inside_address, remote_address, ip_proto, "
    "server_port, inside_device_id, inside_mac, gateway_mac, gateway_device_id, vlan, "
    "service_class, class_source, protocol, product, version, opener, first_seen, last_seen, "
    "sessions, packets, bytes_out, bytes_in, longest_us, capture_id, frame, always_on) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, ?24, ?25, ?26) ON CONFLICT DO NOTHING";
constexpr const char* kSetAlwaysOn = "UPDATE connection_points SET always_on = ?2 WHERE id = ?1";
constexpr const char* kInsertName =
    "INSERT INTO connection_names (point_id, source, name, first_seen) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (point_id, source, name) DO UPDATE SET "
    "first_seen = min(first_seen, excluded.first_seen)";
// The names DNS answers bound to the remote address in the same domain (address_facts), the
// earliest first; a handful is enough to tell a reader what the address is.
constexpr const char* kDnsNames =
    "SELECT value, min(first_seen) FROM address_facts WHERE domain = ?1 AND address = ?2 "
    "AND kind = 'dns_answer' GROUP BY value ORDER BY min(first_seen), value LIMIT 8";
constexpr const char* kHolders =
    "SELECT a.device_id FROM device_addresses a CROSS JOIN devices d ON d.id = a.device_id "
    "WHERE a.address = ?2 AND d.domain = ?1 ORDER BY d.mac = ?3 DESC, a.first_seen, a.id "
    "LIMIT 1";
constexpr const char* kRoutedHost =
    "SELECT id FROM devices WHERE domain = ?1 AND mac = '' AND address = ?2";
constexpr const char* kLinkDevice =
    "SELECT id FROM devices WHERE domain = ?1 AND mac = ?2 AND address = ''";
constexpr const char* kHoldsAny = "SELECT 1 FROM device_addresses WHERE device_id = ?1 LIMIT 1";
constexpr const char* kRecordCapture =
    "UPDATE captures SET connection_rows = ?2, connection_evictions = ?3, inside_plan = ?4 "
    "WHERE id = ?1";

std::int64_t as_i64(std::uint64_t v) {
    return static_cast<std::int64_t>(std::min<std::uint64_t>(
        v, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));
}

bool names_a_device(const MacAddress& mac) { return !mac.is_group() && !mac.is_zero(); }

// "203.0.113.5 tcp/3389 rdp": what the event's `after` says of a new point.
std::string point_text(const Conversation& c, std::string_view protocol) {
    std::string out = c.outside.to_string();
    switch (c.ip_proto) {
        case 6:
            out += " tcp/" + std::to_string(c.server_port);
            break;
        case 17:
            out += " udp/" + std::to_string(c.server_port);
            break;
        default:
            out += " ip/" + std::to_string(c.ip_proto);
            break;
    }
    if (!protocol.empty()) {
        out += ' ';
        out += protocol;
    }
    if (!c.product_name().empty()) {
        out += ' ';
        out += c.product_name();
        if (!c.version_text().empty()) {
            out += ' ';
            out += c.version_text();
        }
    }
    return out;
}

}  // namespace

ConnectionStore::ConnectionStore(sqlite3* db)
    : db_(db),
      insert_point_(db, "insert_connection_point", kInsertPoint),
      upsert_point_(db, "upsert_connection_point", kUpsertPoint),
      set_always_on_(db, "set_connection_always_on", kSetAlwaysOn),
      insert_name_(db, "insert_connection_name", kInsertName),
      dns_names_(db, "connection_dns_names", kDnsNames),
      holders_(db, "connection_inside_holders", kHolders),
      routed_host_(db, "connection_routed_host", kRoutedHost),
      link_device_(db, "connection_link_device", kLinkDevice),
      holds_any_(db, "connection_device_holds_any", kHoldsAny),
      record_capture_(db, "record_capture_connections", kRecordCapture) {}

void ConnectionStore::keep(std::vector<Conversation> rows, const ConnectionTableSummary& s) {
    rows_ = std::move(rows);
    summary_ = s;
}

void ConnectionStore::clear() noexcept {
    rows_.clear();
    rows_.shrink_to_fit();  // up to the table's capacity: not kept between captures
    summary_.reset();
    inside_cache_.clear();
    link_cache_.clear();
    dns_cache_.clear();
}

std::int64_t ConnectionStore::link_device(std::int64_t domain, const MacAddress& mac) {
    if (!names_a_device(mac)) {
        return 0;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(domain) << 48U) | mac.as_u64();
    if (const auto it = link_cache_.find(key); it != link_cache_.end()) {
        return it->second;
    }
    std::int64_t id = 0;
    link_device_.reset();
    link_device_.bind(1, domain).bind(2, mac.to_string());
    if (link_device_.step()) {
        id = link_device_.column_int64(0);
    }
    link_device_.reset();
    link_cache_.emplace(key, id);
    return id;
}

std::int64_t ConnectionStore::inside_device(std::int64_t domain, const std::string& address,
                                            const MacAddress& mac, bool has_l2) {
    const std::string key = std::to_string(domain) + '|' + address;
    if (const auto it = inside_cache_.find(key); it != inside_cache_.end()) {
        return it->second;
    }
    std::int64_t id = 0;
    holders_.reset();
    holders_.bind(1, domain).bind(2, address).bind(3, has_l2 ? mac.to_string() : std::string());
    if (holders_.step()) {
        id = holders_.column_int64(0);
    }
    holders_.reset();
    if (id == 0) {
        routed_host_.reset();
        routed_host_.bind(1, domain).bind(2, address);
        if (routed_host_.step()) {
            id = routed_host_.column_int64(0);
        }
        routed_host_.reset();
    }
    if (id == 0 && has_l2) {
        const std::int64_t carrier = link_device(domain, mac);
        if (carrier != 0) {
            holds_any_.reset();
            holds_any_.bind(1, carrier);
            const bool holds = holds_any_.step();
            holds_any_.reset();
            id = holds ? 0 : carrier;
        }
    }
    inside_cache_.emplace(key, id);
    return id;
}

const std::vector<std::pair<std::string, std::int64_t>>& ConnectionStore::dns_names(
    std::int64_t domain, const std::string& remote) {
    const std::string key = std::to_string(domain) + '|' + remote;
    if (const auto it = dns_cache_.find(key); it != dns_cache_.end()) {
        return it->second;
    }
    std::vector<std::pair<std::string, std::int64_t>> names;
    dns_names_.reset();
    dns_names_.bind(1, domain).bind(2, remote);
    while (dns_names_.step()) {
        names.emplace_back(dns_names_.column_text(0), dns_names_.column_int64(1));
    }
    dns_names_.reset();
    return dns_cache_.emplace(key, std::move(names)).first->second;
}

void ConnectionStore::add_name(std::int64_t point, std::string_view source, std::string_view name,
                               std::int64_t at_us) {
    if (name.empty()) {
        return;
    }
    insert_name_.reset();
    insert_name_.bind(1, point).bind(2, source).bind(3, name).bind(4, at_us);
    insert_name_.run();
}

std::uint64_t ConnectionStore::merge(std::int64_t capture_id, History& history) {
    if (!summary_) {
        return 0;
    }
    std::uint64_t fresh = 0;
    // In first-seen order, so the capture's events come in the order its packets showed them.
    std::sort(rows_.begin(), rows_.end(), [](const Conversation& a, const Conversation& b) {
        return a.first_us != b.first_us ? a.first_us < b.first_us
                                        : a.first_evidence.frame_no < b.first_evidence.frame_no;
    });
    for (const Conversation& c : rows_) {
        const std::int64_t domain = c.sensor;
        const std::string inside = c.inside.to_string();
        const std::string remote = c.outside.to_string();
        const std::int64_t device = inside_device(domain, inside, c.inside_mac, c.has_l2);
        const std::int64_t gateway = c.has_l2 ? link_device(domain, c.outside_mac) : 0;
        PortService service{collectors::service_class_name(c.service_class), c.protocol};
        std::string_view class_source = "bytes";
        if (c.service_class == collectors::ServiceClass::none) {
            service = service_by_port(c.ip_proto, c.server_port, c.opener);
            class_source = "port";
        }
        const std::int64_t evidence_capture = c.first_evidence.capture_id != 0
                                                  ? std::int64_t{c.first_evidence.capture_id}
                                                  : capture_id;
        const auto packets = as_i64(c.packets);
        const std::int64_t last_us = std::max(c.first_us, c.last_us);
        // insert_point_ and upsert_point_ take the same first 25 parameters.
        const auto bind = [&](db::Statement& st) -> db::Statement& {
            st.reset();
            return st.bind(1, domain)
                .bind(2, inside)
                .bind(3, remote)
                .bind(4, std::int64_t{c.ip_proto})
                .bind(5, std::int64_t{c.server_port})
                .bind_id_or_null(6, device)
                .bind(7, c.has_l2 ? c.inside_mac.to_string() : std::string())
                .bind(8, c.has_l2 ? c.outside_mac.to_string() : std::string())
                .bind_id_or_null(9, gateway)
                .bind(10, std::int64_t{c.vlan})
                .bind(11, service.service_class)
                .bind(12, class_source)
                .bind(13, service.protocol)
                .bind(14, c.product_name())
                .bind(15, c.version_text())
                .bind(16, collectors::opener_name(c.opener))
                .bind(17, c.first_us)
                .bind(18, last_us)
                .bind(19, std::int64_t{c.sessions})
                .bind(20, packets)
                .bind(21, as_i64(c.bytes_to_outside))
                .bind(22, as_i64(c.bytes_to_inside))
                .bind(23, c.longest_us)
                .bind_id_or_null(24, evidence_capture)
                .bind(25, as_i64(c.first_evidence.frame_no));
        };
        // Tried by plain insert first; a point the ledger holds already (an earlier capture or
        // merge, a row evicted and seen again) conflicts and goes to the upsert.
        const bool row_on = always_on(c.first_us, last_us, c.sessions, c.longest_us);
        bind(insert_point_).bind(26, std::int64_t{row_on ? 1 : 0}).run();
        bool inserted = insert_point_.changes() == 1;
        std::int64_t id = inserted ? insert_point_.last_insert_rowid() : 0;
        if (!inserted) {
            if (!bind(upsert_point_).step()) {
                throw Error(db::db_file_name(db_) +
                            ": statement upsert_connection_point returned no row");
            }
            id = upsert_point_.column_int64(0);
            inserted = upsert_point_.column_int64(1) == packets;
            const bool on = always_on(upsert_point_.column_int64(2), upsert_point_.column_int64(3),
                                      static_cast<std::uint64_t>(upsert_point_.column_int64(4)),
                                      upsert_point_.column_int64(5));
            const bool was_on = upsert_point_.column_int64(6) != 0;
            upsert_point_.reset();
            if (on != was_on) {
                set_always_on_.reset();
                set_always_on_.bind(1, id).bind(2, std::int64_t{on ? 1 : 0});
                set_always_on_.run();
            }
        }
        add_name(id, "sni", c.server_name_text(), c.first_us);
        add_name(id, "certificate", c.certificate_text(), c.first_us);
        for (const auto& [name, at] : dns_names(domain, remote)) {
            add_name(id, "dns", name, at);
        }
        if (inserted) {
            ++fresh;
            history.connection_inserted(
                device, service.service_class, point_text(c, service.protocol),
                collectors::opener_name(c.opener),
                History::Evidence{c.first_us, evidence_capture, c.first_evidence.frame_no});
        }
    }
    record_capture_.reset();
    record_capture_.bind(1, capture_id)
        .bind(2, as_i64(summary_->rows))
        .bind(3, as_i64(summary_->evictions))
        .bind(4, std::int64_t{summary_->plan_configured ? 1 : 0});
    record_capture_.run();
    return fresh;
}

}  // namespace daicho::ledger
