// Snapshot::connections (ledger/connections.h): the stored connection points with their names,
// evidence and department. The department is the inside device's placement, read through the
// one-device lookup (indexes; once per distinct device), so a point follows a person's
// `department` annotation and linked MACs like the device does; a point with no device is
// placed by its inside address and VLAN against the same map.

#include "daicho/ledger/connections.h"

#include <sqlite3.h>

#include <unordered_map>

#include "daicho/ledger/snapshot.h"
#include "db/statement.h"

namespace daicho::ledger {

namespace {

constexpr const char* kPoints =
    "SELECT p.id, p.domain, p.inside_address, coalesce(p.inside_device_id, 0), p.inside_mac, "
    "p.gateway_mac, coalesce(p.gateway_device_id, 0), coalesce(g.vendor, ''), p.remote_address, "
    "p.ip_proto, p.server_port, p.vlan, p.service_class, p.class_source, p.protocol, p.product, "
    "p.version, p.opener, p.first_seen, p.last_seen, p.sessions, p.packets, p.bytes_out, "
    "p.bytes_in, p.longest_us, p.always_on, coalesce(p.capture_id, 0), coalesce(c.path, ''), "
    "p.frame FROM connection_points p LEFT JOIN devices g ON g.id = p.gateway_device_id "
    "LEFT JOIN captures c ON c.id = p.capture_id ORDER BY p.id";
constexpr const char* kNames =
    "SELECT point_id, source, name FROM connection_names "
    "ORDER BY point_id, source, first_seen, name";
constexpr const char* kTables =
    "SELECT count(*), coalesce(sum(inside_plan = 0), 0), coalesce(sum(connection_evictions), 0) "
    "FROM captures WHERE inside_plan IS NOT NULL";

std::uint64_t as_u64(std::int64_t v) { return v < 0 ? 0 : static_cast<std::uint64_t>(v); }

ConnectionPoint read_point(const db::Statement& st) {
    ConnectionPoint p;
    p.id = st.column_int64(0);
    p.domain = st.column_int64(1);
    p.inside_address = st.column_text(2);
    p.inside_device_id = st.column_int64(3);
    p.inside_mac = st.column_text(4);
    p.gateway_mac = st.column_text(5);
    p.gateway_device_id = st.column_int64(6);
    p.gateway_vendor = st.column_text(7);
    p.remote_address = st.column_text(8);
    p.ip_proto = static_cast<int>(st.column_int64(9));
    p.server_port = static_cast<int>(st.column_int64(10));
    p.vlan = static_cast<int>(st.column_int64(11));
    p.service_class = st.column_text(12);
    p.class_source = st.column_text(13);
    p.protocol = st.column_text(14);
    p.product = st.column_text(15);
    p.version = st.column_text(16);
    p.opener = st.column_text(17);
    p.first_seen_us = st.column_int64(18);
    p.last_seen_us = st.column_int64(19);
    p.sessions = as_u64(st.column_int64(20));
    p.packets = as_u64(st.column_int64(21));
    p.bytes_out = as_u64(st.column_int64(22));
    p.bytes_in = as_u64(st.column_int64(23));
    p.longest_us = st.column_int64(24);
    p.always_on = st.column_int64(25) != 0;
    p.evidence.capture_id = st.column_int64(26);
    p.evidence.capture = st.column_text(27);
    p.evidence.frame = as_u64(st.column_int64(28));
    return p;
}

struct Placement {
    std::string name;
    std::string department;
    std::string department_source;
    std::string site;
};

Placement placement_of(const DeviceRecord& d) {
    Placement p{"", d.department, d.department_source, d.site};
    if (const Annotation* a = d.annotation("name"); a != nullptr && !a->value.empty()) {
        p.name = a->value;
    } else if (!d.hostnames.empty()) {
        p.name = d.hostnames.front();
    }
    return p;
}

}  // namespace

ConnectionList Snapshot::connections() const {
    ConnectionList list;
    list.plan_configured = plan().configured();
    sqlite3* db = ledger_.handle();
    {
        db::Statement st(db, "read_connection_points", kPoints);
        while (st.step()) {
            list.points.push_back(read_point(st));
        }
    }
    {
        std::unordered_map<std::int64_t, std::size_t> at;
        for (std::size_t i = 0; i < list.points.size(); ++i) {
            at.emplace(list.points[i].id, i);
        }
        db::Statement st(db, "read_connection_names", kNames);
        while (st.step()) {
            const auto it = at.find(st.column_int64(0));
            if (it != at.end()) {
                list.points[it->second].names.push_back({st.column_text(1), st.column_text(2)});
            }
        }
    }
    {
        db::Statement st(db, "read_connection_tables", kTables);
        if (st.step()) {
            list.captures = as_u64(st.column_int64(0));
            list.captures_without_plan = as_u64(st.column_int64(1));
            list.evictions = as_u64(st.column_int64(2));
        }
    }
    std::unordered_map<std::int64_t, Placement> devices;
    for (ConnectionPoint& p : list.points) {
        Placement placed;
        if (p.inside_device_id != 0) {
            auto it = devices.find(p.inside_device_id);
            if (it == devices.end()) {
                const auto d = device(p.inside_device_id);
                it = devices.emplace(p.inside_device_id, d ? placement_of(*d) : Placement{}).first;
            }
            placed = it->second;
        }
        if (p.inside_device_id == 0 || placed.department_source.empty()) {
            DeviceRecord where;
            where.domain = p.domain;
            where.addresses.push_back(AddressEntry{p.inside_address, "", 0, 0, {}});
            if (p.vlan != 0) {
                where.vlans.push_back(p.vlan);
            }
            resolve_placement(where, departments_);
            placed.department = where.department;
            placed.department_source = where.department_source;
            placed.site = where.site;
        }
        p.inside_name = std::move(placed.name);
        p.department = std::move(placed.department);
        p.department_source = std::move(placed.department_source);
        p.site = std::move(placed.site);
    }
    return list;
}

}  // namespace daicho::ledger
