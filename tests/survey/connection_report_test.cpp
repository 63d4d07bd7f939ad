// `daicho connections`' model and renderers (survey/connection_report.h) over synthetic points:
// grouping per department in the config's order (unplaced last), inbound first, counts per
// department, and hostile names kept harmless in the table, the CSV and the JSON.

#include "daicho/survey/connection_report.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "daicho/survey/export.h"

using daicho::ledger::ConnectionList;
using daicho::ledger::ConnectionPoint;
using daicho::ledger::DepartmentMap;
using daicho::ledger::DepartmentRule;
using daicho::survey::connection_report;
using daicho::survey::Lang;

namespace {

ConnectionPoint point(std::int64_t id, std::string department, std::string opener,
                      std::string service_class, std::string remote, int port = 443) {
    ConnectionPoint p;
    p.id = id;
    p.department = std::move(department);
    p.opener = std::move(opener);
    p.service_class = std::move(service_class);
    p.remote_address = std::move(remote);
    p.inside_address = "10.20.0." + std::to_string(id);
    p.ip_proto = 6;
    p.server_port = port;
    p.sessions = 1;
    p.evidence.capture = "/captures/day1.pcap";
    p.evidence.frame = static_cast<std::uint64_t>(id) * 10;
    return p;
}

DepartmentMap map() {
    DepartmentMap m;
    m.departments.push_back(DepartmentRule{"放射線科", "", {}, {}});
    m.departments.push_back(DepartmentRule{"看護部", "", {}, {}});
    return m;
}

}  // namespace

TEST_CASE("connection report: departments in the config's order, inbound first, counts",
          "[survey][connections]") {
    ConnectionList list;
    list.plan_configured = true;
    list.evictions = 4;
    list.points.push_back(point(1, "看護部", "inside", "web", "203.0.113.80"));
    list.points.push_back(point(2, "", "inside", "dns", "192.0.2.53", 53));
    list.points.push_back(point(3, "放射線科", "inside", "web", "203.0.113.1"));
    list.points.push_back(point(4, "放射線科", "outside", "remote-control", "10.99.0.7", 3389));
    list.points.push_back(point(5, "放射線科", "unknown", "vpn", "198.51.100.1", 500));
    list.points.push_back(point(6, "薬剤部", "inside", "ntp", "192.0.2.123", 123));  // annotation
    list.points.push_back(point(7, "放射線科", "outside", "web", "198.51.100.9"));
    list.points[0].always_on = true;

    const auto r = connection_report(list, map());
    REQUIRE(r.departments.size() == 4);
    CHECK(r.departments[0].department == "放射線科");
    CHECK(r.departments[1].department == "看護部");
    CHECK(r.departments[2].department == "薬剤部");  // named by annotations, after the config's
    CHECK(r.departments[3].department.empty());      // unplaced last
    std::vector<std::int64_t> order;
    for (const auto& p : r.departments[0].points) {
        order.push_back(p.id);
    }
    // Inbound first (remote control before web), then unknown, then outbound.
    CHECK(order == std::vector<std::int64_t>{4, 7, 5, 3});
    CHECK(r.departments[0].counts.points == 4);
    CHECK(r.departments[0].counts.inbound == 2);
    CHECK(r.departments[0].counts.remote_access == 2);  // the RDP and the VPN
    CHECK(r.departments[1].counts.always_on == 1);
    CHECK(r.total.points == 7);
    CHECK(r.total.inbound == 2);
    CHECK(r.evictions == 4);
    CHECK(r.plan_configured);
}

TEST_CASE("connection report: hostile names stay harmless in every format",
          "[survey][connections]") {
    ConnectionList list;
    auto p = point(1, "放射線科", "outside", "ssl-vpn", "198.51.100.1");
    p.names.push_back({"certificate", "=cmd|' /C calc'!A0"});
    p.names.push_back({"sni", "esc\x1b[2J\x1b]0;pwned\x07"});
    p.product = std::string("bad\xff\xfeutf8");
    list.points.push_back(p);
    const auto r = connection_report(list, map());

    std::ostringstream table;
    daicho::survey::write_connections_table(table, r, Lang::en);
    CHECK(table.str().find('\x1b') == std::string::npos);
    CHECK(table.str().find('\x07') == std::string::npos);
    CHECK(table.str().find("inbound") != std::string::npos);

    std::ostringstream csv;
    daicho::survey::write_sheet_csv(csv, daicho::survey::connections_sheet(r, Lang::ja));
    CHECK(csv.str().find("'=cmd") != std::string::npos);  // neutralised formula
    CHECK(csv.str().find("\",\"=cmd") == std::string::npos);
    CHECK(csv.str().find('\x1b') == std::string::npos);
    CHECK(csv.str().find("部署") != std::string::npos);

    std::ostringstream json;
    daicho::survey::write_connections_json(json, r);
    const auto j = nlohmann::json::parse(json.str());  // valid UTF-8 JSON
    const auto& names = j["departments"][0]["points"][0]["remote"]["names"];
    CHECK(names[0]["name"] == "=cmd|' /C calc'!A0");  // JSON keeps the value; it is no sheet
    CHECK(names[1]["name"] == "esc\x1b[2J\x1b]0;pwned\x07");
}

TEST_CASE("connection report: no points says so", "[survey][connections]") {
    const auto r = connection_report(ConnectionList{}, map());
    std::ostringstream ja;
    daicho::survey::write_connections_table(ja, r, Lang::ja);
    CHECK(ja.str() == "外部接続点はありません\n");
    CHECK(daicho::survey::connections_sheet(r, Lang::en).rows.empty());
}
