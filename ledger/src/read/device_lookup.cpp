#include "read/device_lookup.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "db/statement.h"
#include "read/box_interfaces.h"
#include "read/devices.h"
#include "read/linked_devices.h"
#include "read/routed_facts.h"

namespace daicho::ledger {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        };
        return lower(x) == lower(y);
    });
}

// A host name as a person types it names a device whose name is the same, ASCII case ignored,
// with or without the domain: "RAD-WS01" finds "rad-ws01.hosp.local", and
// "rad-ws01.hosp.local" finds "RAD-WS01" (a NetBIOS or DHCP name has no domain).
bool name_matches(std::string_view name, std::string_view typed) {
    if (iequals(name, typed)) {
        return true;
    }
    const auto first_label = [](std::string_view s) { return s.substr(0, s.find('.')); };
    if (name.size() > typed.size() && name[typed.size()] == '.' &&
        typed.find('.') == std::string_view::npos) {
        return iequals(name.substr(0, typed.size()), typed);
    }
    return name.find('.') == std::string_view::npos && iequals(name, first_label(typed));
}

bool is_hostname_kind(collectors::FactKind kind) {
    return kind == collectors::FactKind::hostname || kind == collectors::FactKind::system_name;
}

// The indexed queries one lookup needs; prepared once per lookup.
class Queries {
   public:
    explicit Queries(sqlite3* db)
        : by_mac_(db, "lookup_by_mac", "SELECT id FROM devices WHERE mac = ?1 AND mac <> ''"),
          by_address_(db, "lookup_by_address",
                      "SELECT device_id FROM device_addresses WHERE address = ?1"),
          routed_by_address_(db, "lookup_routed_by_address",
                             "SELECT id FROM devices WHERE address = ?1 AND address <> ''"),
          by_name_(db, "lookup_by_name",
                   "SELECT f.device_id, d.domain, f.subject_ip FROM device_facts f "
                   "JOIN devices d ON d.id = f.device_id "
                   "WHERE f.kind IN ('hostname', 'system_name') AND f.value = ?1 COLLATE NOCASE"),
          // Names that start with "typed." (typed has no domain): a range on the same index.
          by_name_in_domain_(db, "lookup_by_name_in_domain",
                             "SELECT f.device_id, d.domain, f.subject_ip FROM device_facts f "
                             "JOIN devices d ON d.id = f.device_id "
                             "WHERE f.kind IN ('hostname', 'system_name') "
                             "AND f.value >= ?1 COLLATE NOCASE AND f.value < ?2 COLLATE NOCASE"),
          dhcp_by_name_(db, "lookup_dhcp_by_name",
                        "SELECT f.device_id, f.subject_ip FROM device_facts f "
                        "JOIN devices d ON d.id = f.device_id "
                        "WHERE f.kind IN ('hostname', 'system_name') AND f.value = ?2 COLLATE "
                        "NOCASE AND f.kind = 'hostname' AND f.source IN ('dhcp', 'dhcpv6') "
                        "AND d.domain = ?1"),
          senders_(db, "lookup_senders",
                   "SELECT DISTINCT f.device_id FROM device_facts f "
                   "JOIN devices r ON r.id = f.device_id WHERE f.subject_ip = ?2 "
                   "AND f.subject_ip <> '' AND r.domain = ?1 AND r.address = ''"),
          holder_on_link_(db, "lookup_holder_on_link",
                          // CROSS JOIN: from the address index; the planner would rather walk
                          // the whole domain in MAC order to spare the sort of a row or two.
                          "SELECT d.id FROM device_addresses a CROSS JOIN devices d "
                          "ON d.id = a.device_id WHERE a.address = ?2 AND d.domain = ?1 "
                          "AND d.address = '' ORDER BY d.mac LIMIT 1"),
          holder_routed_(db, "lookup_holder_routed",
                         "SELECT id FROM devices WHERE domain = ?1 AND mac = '' AND address = ?2"),
          chassis_(db, "lookup_chassis",
                   "SELECT device_id FROM device_facts WHERE kind = 'chassis_id' AND value = ?1"),
          management_(db, "lookup_management",
                      "SELECT device_id FROM device_facts "
                      "WHERE kind = 'management_address' AND value = ?1"),
          same_box_(db, "lookup_same_box",
                    "SELECT device_id FROM annotations WHERE key = 'same_box' AND value = ?1"),
          // Through the partial indexes of migration 013.
          interface_mac_(db, "lookup_interface_mac",
                         "SELECT device_id FROM device_facts "
                         "WHERE kind = 'interface_mac' AND value = ?1"),
          interface_address_(db, "lookup_interface_address",
                             "SELECT device_id FROM device_facts "
                             "WHERE kind = 'interface_address' AND value = ?1"),
          mac_range_(db, "lookup_mac_range",
                     "SELECT id FROM devices WHERE mac BETWEEN ?1 AND ?2 AND mac <> ''"),
          chassis_range_(db, "lookup_chassis_range",
                         "SELECT device_id FROM device_facts "
                         "WHERE kind = 'chassis_id' AND value BETWEEN ?1 AND ?2") {
    }

    // The rows that may be other interfaces of d's box (read/box_interfaces.h). Each key is
    // looked up once per lookup.
    void box_rows(const DeviceRecord& d, std::set<std::int64_t>& out) {
        const BoxReferences refs = box_references(d);
        const auto once = [this](char what, const std::string& key) {
            return !key.empty() && box_keys_read_.insert(what + key).second;
        };
        for (const std::string& c : refs.chassis_ids) {
            if (once('c', c)) {
                collect(chassis_.bind(1, c), out);
                collect(by_mac_.bind(1, c), out);
            }
        }
        if (once('c', d.mac)) {
            collect(chassis_.bind(1, d.mac), out);
        }
        for (const auto& [source, m] : refs.management_addresses) {
            if (const auto host = holder(d.domain, m)) {
                out.insert(*host);
            }
        }
        for (const AddressEntry& a : d.addresses) {
            if (once('m', a.address)) {
                collect(management_.bind(1, a.address), out);
            }
        }
        for (const std::string& name : refs.names) {
            if (once('n', name)) {
                by_name_.bind(1, name);
                while (by_name_.step()) {
                    out.insert(by_name_.column_int64(0));
                }
            }
        }
        if (const auto target = DeviceQuery::parse(refs.same_box);
            target && once('s', refs.same_box)) {
            if (target->by == DeviceQuery::By::id) {
                out.insert(target->id);
            } else if (target->by == DeviceQuery::By::mac) {
                collect(by_mac_.bind(1, target->text), out);
            }
        }
        for (const std::string& me : {std::to_string(d.id), d.mac}) {
            if (once('a', me)) {
                collect(same_box_.bind(1, me), out);
            }
        }
        // SNMP interface tables: the rows d's agent lists, and the agents that list d.
        for (const std::string& m : refs.interface_macs) {
            if (once('c', m)) {
                collect(by_mac_.bind(1, m), out);
            }
        }
        for (const std::string& a : refs.interface_addresses) {
            if (const auto host = holder(d.domain, a)) {
                out.insert(*host);
            }
        }
        if (once('i', d.mac)) {
            collect(interface_mac_.bind(1, d.mac), out);
        }
        for (const AddressEntry& a : d.addresses) {
            if (once('j', a.address)) {
                collect(interface_address_.bind(1, a.address), out);
            }
        }
        // A port-MAC block: the rows around d's anchors, and the anchors around d's MAC.
        for (const std::string& anchor : refs.block_anchors) {
            if (const auto block = port_block(anchor); block && once('b', anchor)) {
                collect(mac_range_.bind(1, block->first).bind(2, block->second), out);
            }
        }
        if (!refs.own_identity) {
            if (const auto block = port_block(d.mac); block && once('p', d.mac)) {
                collect(chassis_range_.bind(1, block->first).bind(2, block->second), out);
                collect(mac_range_.bind(1, block->first).bind(2, block->second), out);
            }
        }
    }

    // The raw rows a record matching `query` may be made of.
    std::set<std::int64_t> seeds(const DeviceQuery& query) {
        std::set<std::int64_t> out;
        switch (query.by) {
            case DeviceQuery::By::id:
                out.insert(query.id);
                break;
            case DeviceQuery::By::mac:
                collect(by_mac_.bind(1, query.text), out);
                break;
            case DeviceQuery::By::ip:
                collect(by_address_.bind(1, query.text), out);
                collect(routed_by_address_.bind(1, query.text), out);
                break;
            case DeviceQuery::By::hostname: {
                // The row carrying the name, and the host a router carried it for; the name as
                // typed, its short form when typed with a domain, or with any domain after it.
                const auto named = [&](db::Statement& st) {
                    while (st.step()) {
                        out.insert(st.column_int64(0));
                        if (const auto host = holder(st.column_int64(1), st.column_text(2))) {
                            out.insert(*host);
                        }
                    }
                };
                named(by_name_.bind(1, query.text));
                if (const auto dot = query.text.find('.'); dot != std::string::npos) {
                    if (dot != 0) {
                        named(by_name_.bind(1, query.text.substr(0, dot)));
                    }
                } else {
                    named(by_name_in_domain_.bind(1, query.text + ".").bind(2, query.text + "/"));
                }
                break;
            }
        }
        return out;
    }

    // Routers (and any device) carrying facts sent from `address` in `domain`.
    void senders(std::int64_t domain, const std::string& address, std::set<std::int64_t>& out) {
        collect(senders_.bind(1, domain).bind(2, address), out);
    }

    // Devices in `domain` that sent `name` (any case) in a DHCP request, and the hosts a router
    // carried such a request for.
    void dhcp_named(std::int64_t domain, const std::string& name, std::set<std::int64_t>& out) {
        std::vector<std::pair<std::int64_t, std::string>> rows;
        dhcp_by_name_.bind(1, domain).bind(2, name);
        while (dhcp_by_name_.step()) {
            rows.emplace_back(dhcp_by_name_.column_int64(0), dhcp_by_name_.column_text(1));
        }
        for (const auto& [id, sender] : rows) {
            out.insert(id);
            if (const auto host = holder(domain, sender)) {
                out.insert(*host);
            }
        }
    }

    // read/routed_facts.h HostResolver over the whole ledger.
    std::optional<std::int64_t> holder(std::int64_t domain, const std::string& address) {
        if (address.empty()) {
            return std::nullopt;
        }
        const auto key = std::make_pair(domain, address);
        if (const auto it = holders_.find(key); it != holders_.end()) {
            return it->second;
        }
        std::optional<std::int64_t> found;
        for (db::Statement* st : {&holder_on_link_, &holder_routed_}) {
            st->bind(1, domain).bind(2, address);
            if (st->step()) {
                found = st->column_int64(0);
                st->reset();
                break;
            }
        }
        holders_.emplace(key, found);
        return found;
    }

   private:
    static void collect(db::Statement& st, std::set<std::int64_t>& out) {
        while (st.step()) {
            out.insert(st.column_int64(0));
        }
    }

    db::Statement by_mac_;
    db::Statement by_address_;
    db::Statement routed_by_address_;
    db::Statement by_name_;
    db::Statement by_name_in_domain_;
    db::Statement dhcp_by_name_;
    db::Statement senders_;
    db::Statement holder_on_link_;
    db::Statement holder_routed_;
    db::Statement chassis_;
    db::Statement management_;
    db::Statement same_box_;
    db::Statement interface_mac_;
    db::Statement interface_address_;
    db::Statement mac_range_;
    db::Statement chassis_range_;
    std::map<std::pair<std::int64_t, std::string>, std::optional<std::int64_t>> holders_;
    std::set<std::string> box_keys_read_;
};

// Whether one of the rows d absorbed (earlier MACs, other interfaces) satisfies `pred`.
template <typename Pred>
bool absorbed(const DeviceRecord& d, Pred pred) {
    return std::any_of(d.linked.begin(), d.linked.end(), pred) ||
           std::any_of(d.interfaces.begin(), d.interfaces.end(), pred);
}

bool matches(const DeviceRecord& d, const DeviceQuery& q) {
    switch (q.by) {
        case DeviceQuery::By::id:
            return d.id == q.id || absorbed(d, [&](const LinkedDevice& l) { return l.id == q.id; });
        case DeviceQuery::By::mac:
            return d.mac == q.text ||
                   absorbed(d, [&](const LinkedDevice& l) { return l.mac == q.text; });
        case DeviceQuery::By::ip:
            return std::any_of(d.addresses.begin(), d.addresses.end(),
                               [&](const auto& a) { return a.address == q.text; });
        case DeviceQuery::By::hostname:
            // The names finish_devices derives: the hostname kinds among the device's facts.
            return std::any_of(d.facts.begin(), d.facts.end(), [&](const FactEntry& f) {
                return is_hostname_kind(f.kind) && name_matches(f.value, q.text);
            });
    }
    return false;
}

}  // namespace

std::vector<DeviceRecord> lookup_devices(sqlite3* db, const DeviceQuery& query,
                                         const Knowledge& knowledge, const AddressPlan& plan) {
    Queries q(db);
    std::set<std::int64_t> part = q.seeds(query);
    if (part.empty()) {
        return {};
    }
    const HostResolver resolve = [&q](std::int64_t domain, const std::string& address) {
        return q.holder(domain, address);
    };
    // Grow the part until it holds everything its records depend on: every device that carries
    // facts from one of its addresses, and every device one of its DHCP names could link it to.
    // Rows are read again each round: a round adds few devices, and the rows are indexed.
    std::set<std::string> names_read;
    std::vector<DeviceRecord> rows;
    for (;;) {
        const std::vector<std::int64_t> ids(part.begin(), part.end());
        rows = load_device_rows(db, ids);
        std::set<std::int64_t> more;
        for (const DeviceRecord& d : rows) {
            for (const AddressEntry& a : d.addresses) {
                q.senders(d.domain, a.address, more);
            }
        }
        if (std::includes(part.begin(), part.end(), more.begin(), more.end())) {
            for (const DeviceRecord& d : rows) {
                q.box_rows(d, more);
            }
        }
        if (std::includes(part.begin(), part.end(), more.begin(), more.end())) {
            hand_over_routed_facts(rows, resolve, plan);
            for (const DeviceRecord& d : rows) {
                if (d.routed) {
                    continue;
                }
                for (const std::string& name : link_names(d)) {
                    if (names_read.insert(std::to_string(d.domain) + '|' + name).second) {
                        q.dhcp_named(d.domain, name, more);
                    }
                }
            }
        }
        const std::size_t before = part.size();
        part.insert(more.begin(), more.end());
        if (part.size() == before) {
            break;
        }
    }
    link_churned_devices(rows);
    merge_box_interfaces(rows);
    mark_outside_plan(rows, plan);
    std::erase_if(rows, [&](const DeviceRecord& d) { return !matches(d, query); });
    finish_devices(db, rows, false, Part::shown, knowledge);
    return rows;
}

}  // namespace daicho::ledger
