#include "read/address_facts.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>
#include <utility>

#include "db/statement.h"

namespace daicho::ledger {

namespace {

std::pair<std::string_view, long> service_key(std::string_view s) {
    const auto slash = s.find('/');
    if (slash == std::string_view::npos) {
        return {s, -1};
    }
    long port = -1;
    const auto digits = s.substr(slash + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), port);
    return {s.substr(0, slash), port};
}

// (domain, address) -> devices holding it; several devices may claim one address.
using Holders = std::map<std::pair<std::int64_t, std::string>, std::vector<std::size_t>>;

// Appends each row of `st` (the address_facts columns) to the devices holding its address.
void attach_rows(db::Statement& st, const Holders& holders, std::vector<DeviceRecord>& devices) {
    while (st.step()) {
        const auto it = holders.find({st.column_int64(0), st.column_text(1)});
        if (it == holders.end()) {
            continue;
        }
        FactEntry f;
        f.about = st.column_text(1);
        f.kind = stored_fact_kind(st.column_text(2));
        f.value = st.column_text(3);
        f.source = st.column_text(4);
        f.first_seen_us = st.column_int64(5);
        f.last_seen_us = st.column_int64(6);
        f.count = static_cast<std::uint64_t>(st.column_int64(7));
        f.evidence.capture = st.column_text(8);
        f.evidence.frame = static_cast<std::uint64_t>(st.column_int64(9));
        f.evidence.capture_id = st.column_int64(10);
        for (const std::size_t i : it->second) {
            DeviceRecord& d = devices[i];
            if (f.kind == collectors::FactKind::service) {
                d.services.push_back(f.value);
            }
            d.facts.push_back(f);
        }
    }
}

}  // namespace

void sort_services(std::vector<std::string>& services) {
    std::sort(services.begin(), services.end(), [](const std::string& a, const std::string& b) {
        const auto ka = service_key(a);
        const auto kb = service_key(b);
        return ka != kb ? ka < kb : a < b;
    });
    services.erase(std::unique(services.begin(), services.end()), services.end());
}

void attach_address_facts(sqlite3* db, std::vector<DeviceRecord>& devices, bool subset) {
    Holders holders;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        for (const auto& a : devices[i].addresses) {
            holders[{devices[i].domain, a.address}].push_back(i);
        }
    }
    if (holders.empty()) {
        return;
    }
    // A few devices (the writer's commit) look their addresses up; the whole list reads the
    // table once.
    const std::string columns =
        "SELECT f.domain, f.address, f.kind, f.value, f.source, f.first_seen, f.last_seen, "
        "f.count, c.path, f.frame, f.capture_id FROM address_facts f "
        "LEFT JOIN captures c ON c.id = f.capture_id ";
    if (subset) {
        db::Statement st(db, "device_address_facts",
                         columns +
                             "WHERE f.domain = ?1 AND f.address = ?2 "
                             "ORDER BY f.kind, f.value, f.source");
        for (const auto& [key, indices] : holders) {
            st.reset();
            st.bind(1, key.first).bind(2, key.second);
            attach_rows(st, holders, devices);
        }
        return;
    }
    db::Statement st(db, "devices_address_facts",
                     columns + "ORDER BY f.domain, f.address, f.kind, f.value, f.source");
    attach_rows(st, holders, devices);
}

}  // namespace daicho::ledger
