#include "write/routed_hosts.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "db/statement.h"
#include "identity/routing.h"

namespace daicho::ledger {

namespace {

struct Sender {
    std::string ip;
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
};

struct LinkDevice {
    std::int64_t domain = 0;
    std::vector<std::string> own;
    std::vector<Sender> senders;
    bool announces = false;
};

std::string held_key(std::int64_t domain, const std::string& address) {
    return std::to_string(domain) + '|' + address;
}

}  // namespace

// Three grouped reads over the whole ledger (tens of thousands of rows take milliseconds, once
// per capture), so the decision is redone as addresses are learnt.
std::vector<RoutedHost> record_routed_hosts(sqlite3* db, const AddressPlan& plan) {
    std::map<std::int64_t, LinkDevice> link;  // ordered: routed hosts get ids in a stable order
    std::unordered_set<std::string> held;
    db::Statement own(db, "routed_own_addresses",
                      "SELECT d.id, d.domain, a.address FROM devices d "
                      "JOIN device_addresses a ON a.device_id = d.id WHERE d.address = ''");
    while (own.step()) {
        LinkDevice& d = link[own.column_int64(0)];
        d.domain = own.column_int64(1);
        d.own.push_back(own.column_text(2));
        held.insert(held_key(d.domain, d.own.back()));
    }
    std::vector<RoutedHost> created;
    if (link.empty()) {
        return created;
    }
    db::Statement senders(db, "routed_senders",
                          "SELECT device_id, subject_ip, min(first_seen), max(last_seen) "
                          "FROM device_facts WHERE subject_ip <> '' "
                          "GROUP BY device_id, subject_ip");
    while (senders.step()) {
        if (auto it = link.find(senders.column_int64(0)); it != link.end()) {
            it->second.senders.push_back(
                {senders.column_text(1), senders.column_int64(2), senders.column_int64(3)});
        }
    }
    db::Statement roles(db, "routed_roles",
                        "SELECT DISTINCT device_id, kind, value FROM device_facts "
                        "WHERE kind IN ('role', 'capability')");
    while (roles.step()) {
        if (auto it = link.find(roles.column_int64(0)); it != link.end()) {
            it->second.announces = it->second.announces ||
                                   announces_routing(roles.column_text(1), roles.column_text(2));
        }
    }

    db::Statement exists(db, "routed_exists",
                         "SELECT 1 FROM devices WHERE domain = ?1 AND mac = '' AND address = ?2");
    db::Statement upsert(db, "routed_upsert",
                         "INSERT INTO devices (domain, mac, address, mac_kind, first_seen, "
                         "last_seen, routed_via) VALUES (?1, '', ?2, 'none', ?3, ?4, ?5) "
                         "ON CONFLICT (domain, mac, address) DO UPDATE SET "
                         "first_seen = min(first_seen, excluded.first_seen), "
                         "last_seen = max(last_seen, excluded.last_seen) RETURNING id");
    for (const auto& [id, d] : link) {
        std::vector<std::string> ips;
        ips.reserve(d.senders.size());
        for (const Sender& s : d.senders) {
            ips.push_back(s.ip);
        }
        const auto behind = hosts_behind(d.own, ips, d.announces, plan);
        for (const Sender& s : d.senders) {
            if (!std::binary_search(behind.begin(), behind.end(), s.ip) ||
                held.contains(held_key(d.domain, s.ip))) {
                continue;
            }
            exists.reset();
            exists.bind(1, d.domain).bind(2, s.ip);
            const bool known = exists.step();
            exists.reset();
            upsert.reset();
            upsert.bind(1, d.domain)
                .bind(2, s.ip)
                .bind(3, s.first_us)
                .bind(4, s.last_us)
                .bind(5, id);
            if (upsert.step() && !known) {
                created.push_back({upsert.column_int64(0), s.ip, s.first_us});
            }
            upsert.reset();
        }
    }
    return created;
}

}  // namespace daicho::ledger
