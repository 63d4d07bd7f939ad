// Departments and sites (daicho/ledger/departments.h): prefix parsing, the resolution of a
// device's department and site, the report, and the survey ledgers' department columns.

#include "daicho/ledger/departments.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/survey/department_report.h"
#include "daicho/survey/survey_ledger.h"

using daicho::ledger::DepartmentMap;
using daicho::ledger::DepartmentRule;
using daicho::ledger::DeviceRecord;
using daicho::ledger::parse_prefix;
using daicho::ledger::FactEntry;
using daicho::ledger::Prefix;
using daicho::ledger::SiteRule;
using daicho::survey::department_report;
using daicho::survey::Lang;
using daicho::survey::LedgerKind;
using daicho::survey::write_department_report_csv;
using daicho::survey::write_department_report_json;
using daicho::survey::write_department_report_table;

namespace {

Prefix prefix(const char* text) {
    auto p = parse_prefix(text);
    REQUIRE(p);
    return *p;
}

DeviceRecord device(std::int64_t id, std::vector<std::string> ips, std::vector<int> vlans = {},
                    std::string category = "unknown") {
    DeviceRecord d;
    d.id = id;
    d.mac = "00:00:5e:00:53:" + std::string(id < 10 ? "0" : "") + std::to_string(id);
    for (auto& ip : ips) {
        d.addresses.push_back({std::move(ip), "arp", 0, 0, {}});
    }
    d.vlans = std::move(vlans);
    d.category = std::move(category);
    return d;
}

void annotate(DeviceRecord& d, const std::string& key, const std::string& value) {
    d.annotations.push_back({key, value, 0, "test"});
}

// 本院: 放射線科 10.20.0.0/16 + fd00:20::/64 + VLAN 20, its reading room 10.20.8.0/24,
// 看護部 10.30.0.0/16 + VLAN 30, 医事課 VLAN 40 only; 分院 (domain 1) reuses VLAN 20.
DepartmentMap hospital() {
    DepartmentMap map;
    map.sites.push_back(SiteRule{"本院", {prefix("10.0.0.0/9")}, {0}});
    map.sites.push_back(SiteRule{"分院", {prefix("10.128.0.0/9")}, {1}});
    map.departments.push_back(
        DepartmentRule{"放射線科", "本院", {prefix("10.20.0.0/16"), prefix("fd00:20::/64")}, {20}});
    map.departments.push_back(DepartmentRule{"読影室", "本院", {prefix("10.20.8.0/24")}, {}});
    map.departments.push_back(DepartmentRule{"看護部", "本院", {prefix("10.30.0.0/16")}, {30}});
    map.departments.push_back(DepartmentRule{"医事課", "", {}, {40}});
    map.departments.push_back(DepartmentRule{"分院 放射線", "分院", {}, {20}});
    return map;
}

}  // namespace

TEST_CASE("prefixes: IPv4 and IPv6, host bits, lengths, garbage", "[ledger][departments]") {
    CHECK(prefix("10.20.0.0/16").text() == "10.20.0.0/16");
    CHECK(prefix("FD00:20::/64").text() == "fd00:20::/64");  // canonical form
    CHECK(prefix("0.0.0.0/0").contains("192.0.2.1"));
    CHECK(prefix("::/0").contains("2001:db8::1"));
    CHECK(prefix("10.20.1.7/32").contains("10.20.1.7"));
    CHECK_FALSE(prefix("10.20.1.7/32").contains("10.20.1.8"));
    CHECK(prefix("10.20.0.0/15").contains("10.21.255.255"));
    CHECK_FALSE(prefix("10.20.0.0/15").contains("10.22.0.0"));
    CHECK(prefix("fd00:20::/61").contains("fd00:20:0:7::1"));
    CHECK_FALSE(prefix("fd00:20::/61").contains("fd00:20:0:8::1"));
    CHECK_FALSE(prefix("10.0.0.0/8").contains("::ffff:10.0.0.1"));  // families never mix
    CHECK_FALSE(prefix("10.0.0.0/8").contains("not an address"));

    std::string why;
    CHECK_FALSE(parse_prefix("10.1.300.0/24", &why));
    CHECK(why == "is not an IPv4 or IPv6 prefix");
    CHECK_FALSE(parse_prefix("10.20.1.0/16", &why));
    CHECK(why == "has host bits set (the prefix is 10.20.0.0/16)");
    CHECK_FALSE(parse_prefix("10.1.2.3", &why));
    CHECK(why == "needs a prefix length (10.1.2.3/32 for one address)");
    CHECK_FALSE(parse_prefix("fd00::1", &why));
    CHECK(why == "needs a prefix length (fd00::1/128 for one address)");
    CHECK_FALSE(parse_prefix("10.0.0.0/33", &why));
    CHECK(why == "is not an IPv4 or IPv6 prefix (the length is at most 32)");
    CHECK_FALSE(parse_prefix("fd00::/129", &why));
    for (const char* bad :
         {"", "/", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0.0/8 ", "10.0.0/8",
          "010.0.0.0/8", "10.0.0.0/8/8", "fd00::%eth0/64", "10.0.0.0/0008", "放射線科/8"}) {
        INFO(bad);
        CHECK_FALSE(parse_prefix(bad));
    }
}

TEST_CASE("resolution: longest prefix, IPv6, VLAN fallback, annotation, conflict, unmapped",
          "[ledger][departments]") {
    const auto map = hospital();

    SECTION("the longest prefix wins") {
        auto d = device(1, {"10.20.1.10"});
        resolve_placement(d, map);
        CHECK(d.department == "放射線科");
        CHECK(d.department_source == "subnet 10.20.0.0/16");
        CHECK(d.site == "本院");
        CHECK(d.site_source == "department 放射線科");
        auto room = device(2, {"10.20.8.3"});
        resolve_placement(room, map);
        CHECK(room.department == "読影室");
        CHECK(room.department_source == "subnet 10.20.8.0/24");
        CHECK(room.department_conflict.empty());
    }
    SECTION("IPv6 addresses match IPv6 prefixes; both families in one department agree") {
        auto d = device(3, {"fd00:20::abcd"});
        resolve_placement(d, map);
        CHECK(d.department == "放射線科");
        CHECK(d.department_source == "subnet fd00:20::/64");
        auto both = device(4, {"10.20.1.11", "fe80::1", "fd00:20::11"});
        resolve_placement(both, map);
        CHECK(both.department == "放射線科");
        CHECK(both.department_source == "subnet 10.20.0.0/16, fd00:20::/64");
    }
    SECTION("no address in any subnet: the VLAN decides") {
        auto d = device(5, {"fe80::5"}, {0, 40});
        resolve_placement(d, map);
        CHECK(d.department == "医事課");
        CHECK(d.department_source == "vlan 40");
        // 医事課 names no site and fe80:: is in no site's subnets: the domain decides.
        CHECK(d.site == "本院");
        CHECK(d.site_source == "domain 0");
        d.domain = 7;
        resolve_placement(d, map);
        CHECK(d.site.empty());
        CHECK(d.department == "医事課");  // 医事課 has no site, so no domain scope
        // A subnet match is not overridden by the VLAN.
        auto e = device(6, {"10.30.2.11"}, {40});
        resolve_placement(e, map);
        CHECK(e.department == "看護部");
    }
    SECTION("a site's domains scope its departments: VLAN 20 means different rooms") {
        auto main_site = device(7, {}, {20});
        resolve_placement(main_site, map);
        CHECK(main_site.department == "放射線科");
        auto branch = device(8, {}, {20});
        branch.domain = 1;
        resolve_placement(branch, map);
        CHECK(branch.department == "分院 放射線");
        CHECK(branch.site == "分院");
        CHECK(branch.department_conflict.empty());
    }
    SECTION("a person's annotation wins over subnets and VLANs") {
        auto d = device(9, {"10.20.1.12"}, {20});
        annotate(d, "department", "看護部");
        resolve_placement(d, map);
        CHECK(d.department == "看護部");
        CHECK(d.department_source == "annotation");
        CHECK(d.site == "本院");  // the annotated department's site
        auto other = device(10, {"10.30.1.1"});
        annotate(other, "department", "臨床工学部");  // not in the config: kept as said
        resolve_placement(other, map);
        CHECK(other.department == "臨床工学部");
        CHECK(other.site == "本院");
        CHECK(other.site_source == "subnet 10.0.0.0/9");
    }
    SECTION("addresses in two departments: a conflict, never a guess") {
        auto router = device(11, {"10.20.0.1", "10.30.0.1", "10.99.0.1"}, {20, 30});
        resolve_placement(router, map);
        CHECK(router.department.empty());
        CHECK(router.department_source == "conflict");
        REQUIRE(router.department_conflict.size() == 2);
        CHECK(router.department_conflict[0].name == "放射線科");
        CHECK(router.department_conflict[0].source == "subnet 10.20.0.0/16");
        CHECK(router.department_conflict[1].name == "看護部");
        CHECK(router.site == "本院");  // every address is in 本院's subnet
        CHECK(router.site_source == "subnet 10.0.0.0/9");
        // It announces a management address it holds: that address's department. An announced
        // address it does not hold, or two in different departments, settle nothing.
        const auto announce = [](DeviceRecord& d, const char* address) {
            FactEntry f;
            f.kind = daicho::collectors::FactKind::management_address;
            f.value = address;
            f.source = "lldp";
            d.facts.push_back(f);
        };
        auto managed = router;
        announce(managed, "10.30.0.1");
        resolve_placement(managed, map);
        CHECK(managed.department == "看護部");
        CHECK(managed.department_source == "management address in subnet 10.30.0.0/16");
        CHECK(managed.department_conflict.empty());
        auto elsewhere = router;
        announce(elsewhere, "10.30.9.9");
        resolve_placement(elsewhere, map);
        CHECK(elsewhere.department_source == "conflict");
        announce(managed, "10.20.0.1");
        resolve_placement(managed, map);
        CHECK(managed.department_source == "conflict");
        // VLANs of two departments are a conflict too.
        auto trunk = device(12, {}, {30, 40});
        resolve_placement(trunk, map);
        CHECK(trunk.department.empty());
        REQUIRE(trunk.department_conflict.size() == 2);
        CHECK(trunk.department_conflict[1].source == "vlan 40");
        // Sites conflict the same way.
        auto both_sites = device(13, {"10.99.0.1", "10.200.0.1"});
        resolve_placement(both_sites, map);
        CHECK(both_sites.site.empty());
        CHECK(both_sites.site_conflict.size() == 2);
    }
    SECTION("outside every mapping") {
        auto d = device(14, {"192.168.1.5"}, {0});
        d.domain = 9;
        resolve_placement(d, map);
        CHECK(d.department.empty());
        CHECK(d.department_source.empty());
        CHECK(d.site.empty());
        CHECK(d.department_conflict.empty());
    }
    SECTION("no map: only annotations, and resolving twice changes nothing") {
        auto d = device(15, {"10.20.1.10"});
        resolve_placement(d, DepartmentMap{});
        CHECK(d.department.empty());
        annotate(d, "department", "放射線科");
        resolve_placement(d, map);
        resolve_placement(d, map);
        CHECK(d.department == "放射線科");
        CHECK(d.department_conflict.empty());
    }
}

TEST_CASE("the departments report: counts per site and department, gaps, conflicts",
          "[ledger][departments]") {
    const auto map = hospital();
    std::vector<DeviceRecord> devices{
        device(1, {"10.20.1.10"}, {20}, "medical"),
        device(2, {"10.20.2.11"}, {20}, "pc"),
        device(3, {"10.30.2.11"}, {30}, "pc"),
        device(4, {"10.20.0.1", "10.30.0.1"}, {20, 30}, "network"),  // conflict
        device(5, {"192.168.9.9"}, {}, "printer"),                   // unmapped
        device(6, {"10.30.2.12"}, {30}, "no-such-category"),
    };
    devices[4].domain = 5;
    devices[4].hostnames = {"=cmd|' /C calc'!A0"};
    annotate(devices[5], "department", "臨床工学部");
    resolve_placements(devices, map);
    const auto report = department_report(devices, map);

    // Every configured department is listed, even with no device; then the annotation-only
    // department, then the devices with no department.
    REQUIRE(report.rows.size() == 8);
    CHECK(report.rows[0].department == "放射線科");
    CHECK(report.rows[0].total == 2);
    CHECK(report.rows[0].counts[3] == 1);  // medical
    CHECK(report.rows[0].counts[1] == 1);  // pc
    CHECK(report.rows[1].department == "読影室");
    CHECK(report.rows[1].total == 0);
    CHECK(report.rows[2].department == "看護部");
    CHECK(report.rows[2].total == 1);
    CHECK(report.rows[3].department == "分院 放射線");
    CHECK(report.rows[3].site == "分院");
    CHECK(report.rows[4].department == "医事課");
    CHECK(report.rows[4].site.empty());
    CHECK(report.rows[5].department == "臨床工学部");
    CHECK_FALSE(report.rows[5].configured);
    CHECK(report.rows[5].counts[7] == 1);  // an unknown category counts as unknown
    CHECK(report.rows[6].department.empty());
    CHECK(report.rows[6].site.empty());    // device 5
    CHECK(report.rows[7].site == "本院");  // device 4
    REQUIRE(report.unassigned.size() == 1);
    CHECK(report.unassigned[0]->id == 5);
    REQUIRE(report.conflicts.size() == 1);
    CHECK(report.conflicts[0]->id == 4);

    std::ostringstream table;
    write_department_report_table(table, report, Lang::ja);
    CHECK(table.str().find("拠点・部署別の機器数") != std::string::npos);
    CHECK(table.str().find("部署未割当の機器 (1)") != std::string::npos);
    CHECK(table.str().find("要確認: 複数の部署にまたがる機器 (1)") != std::string::npos);
    CHECK(table.str().find("放射線科 (subnet 10.20.0.0/16); 看護部 (subnet 10.30.0.0/16)") !=
          std::string::npos);
    CHECK(table.str().find("臨床工学部 ※") != std::string::npos);

    std::ostringstream en;
    write_department_report_table(en, report, Lang::en);
    CHECK(en.str().find("Devices with no department (1)") != std::string::npos);

    std::ostringstream csv;
    write_department_report_csv(csv, report, Lang::ja);
    CHECK(csv.str().rfind("\xEF\xBB\xBF\"拠点\",\"部署\"", 0) == 0);
    CHECK(csv.str().find("\"'=cmd|' /C calc'!A0\"") != std::string::npos);  // neutralised

    std::ostringstream json;
    write_department_report_json(json, report);
    const auto doc = nlohmann::json::parse(json.str());
    CHECK(doc["departments"].size() == 8);
    CHECK(doc["departments"][0]["counts"]["medical"] == 1);
    CHECK(doc["unassigned"][0]["ips"] == nlohmann::json::array({"192.168.9.9"}));
    CHECK(doc["conflicts"][0]["candidates"][1]["department"] == "看護部");
}

TEST_CASE("survey ledgers: 設置部署 / 管理部署 filled from the map, provenance shown",
          "[ledger][departments]") {
    const auto map = hospital();
    std::vector<DeviceRecord> devices{device(1, {"10.20.1.10"}, {20}, "medical"),
                                      device(2, {"10.30.2.11"}, {30}, "pc"),
                                      device(3, {"10.20.1.11"}, {20}, "medical"),
                                      device(4, {"10.20.0.1", "10.30.0.1"}, {}, "medical")};
    annotate(devices[2], "department", "臨床工学部");
    resolve_placements(devices, map);

    const auto column = [](LedgerKind kind, std::string_view key) {
        const auto keys = daicho::survey::survey_ledger_keys(kind);
        return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
    };
    const auto medical = survey_ledger(devices, LedgerKind::medical, Lang::ja);
    REQUIRE(medical.rows.size() == 3);
    const auto dept = column(LedgerKind::medical, "department");
    const auto source = column(LedgerKind::medical, "provenance");
    CHECK(medical.headers.at(dept) == "設置部署");
    CHECK(medical.rows[0].at(dept) == "放射線科");
    CHECK(medical.rows[0].at(source).find("部署: サブネット 10.20.0.0/16") != std::string::npos);
    CHECK(medical.rows[1].at(dept) == "臨床工学部");  // the annotation, its own column
    CHECK(medical.rows[1].at(source).find("部署") == std::string::npos);
    CHECK(medical.rows[2].at(dept).empty());  // a conflict is never guessed
    CHECK(medical.rows[2].at(source).find(
              "部署: 要確認（放射線科 (サブネット 10.20.0.0/16) / 看護部") != std::string::npos);

    const auto it = survey_ledger(devices, LedgerKind::it, Lang::en);
    REQUIRE(it.rows.size() == 1);
    const auto owner = column(LedgerKind::it, "owner_dept");
    CHECK(it.rows[0].at(owner) == "看護部");
    CHECK(it.rows[0].at(column(LedgerKind::it, "provenance")) == "department: subnet 10.30.0.0/16");
    // A person's owner_dept wins in Q8 and hides the map's provenance.
    annotate(devices[1], "owner_dept", "情報システム部");
    const auto it2 = survey_ledger(devices, LedgerKind::it, Lang::en);
    CHECK(it2.rows[0].at(owner) == "情報システム部");
    CHECK(it2.rows[0].at(column(LedgerKind::it, "provenance")).empty());
}

TEST_CASE("ledger filing: PACS, RIS and HL7 interfaces in Q8 by default, each class configurable",
          "[ledger][departments][filing]") {
    const auto device = [](std::int64_t id, std::string category, std::string subtype) {
        DeviceRecord d;
        d.id = id;
        d.mac = "00:00:00:00:00:0" + std::to_string(id);
        d.category = std::move(category);
        d.subtype = std::move(subtype);
        return d;
    };
    std::vector<DeviceRecord> devices{device(1, "medical", "pacs"),
                                      device(2, "medical", "worklist"),
                                      device(3, "server", "his-interface"),
                                      device(4, "medical", "viewer"),
                                      device(5, "medical", "modality-CT"),
                                      device(6, "medical", "monitor-gateway"),
                                      device(7, "medical", "patient-monitor"),
                                      device(8, "pc", "")};
    const auto ledger_of = [&](std::int64_t id) {
        for (const auto& d : devices) {
            if (d.id == id) {
                return d.ledger;
            }
        }
        return std::string("?");
    };
    const auto rows = [&](LedgerKind kind) {
        std::vector<std::string> macs;
        const auto sheet = daicho::survey::survey_ledger(devices, kind, Lang::en);
        const auto keys = daicho::survey::survey_ledger_keys(kind);
        const auto mac_col =
            static_cast<std::size_t>(std::find(keys.begin(), keys.end(), "mac") - keys.begin());
        for (const auto& r : sheet.rows) {
            macs.push_back(r.at(mac_col).substr(r.at(mac_col).size() - 1));
        }
        return macs;
    };

    SECTION("defaults: department systems are Q8 servers with their medical subtype") {
        daicho::ledger::resolve_placements(devices, DepartmentMap{});
        CHECK(ledger_of(1) == "it");
        CHECK(devices[0].ledger_source == "class pacs (default)");
        CHECK(devices[0].subtype == "pacs");  // the medical subtype is kept
        CHECK(devices[0].category == "medical");
        CHECK(ledger_of(2) == "it");
        CHECK(ledger_of(3) == "it");
        CHECK(ledger_of(4) == "medical");  // modality workstations stay Q9
        CHECK(ledger_of(5) == "medical");  // modalities,
        CHECK(ledger_of(6) == "medical");  // bedside gateways
        CHECK(ledger_of(7) == "medical");  // and monitors are no class: always Q9
        CHECK(devices[6].ledger_source == "category medical");
        CHECK(ledger_of(8) == "it");
        CHECK(rows(LedgerKind::it) == std::vector<std::string>{"1", "2", "3", "8"});
        CHECK(rows(LedgerKind::medical) == std::vector<std::string>{"4", "5", "6", "7"});
        // The Q8 row says which setting filed the PACS there.
        const auto sheet = daicho::survey::survey_ledger(devices, LedgerKind::it, Lang::en);
        const auto keys = daicho::survey::survey_ledger_keys(LedgerKind::it);
        const auto col = static_cast<std::size_t>(
            std::find(keys.begin(), keys.end(), "provenance") - keys.begin());
        CHECK(sheet.rows[0].at(col).find("filed by: class pacs (default)") != std::string::npos);
    }
    SECTION("a hospital that keeps PACS in Q9 and workstations in Q8") {
        DepartmentMap map;
        map.filing.ledger.at(0) = "medical";  // pacs
        map.filing.ledger.at(3) = "it";       // modality-workstation
        daicho::ledger::resolve_placements(devices, map);
        CHECK(ledger_of(1) == "medical");
        CHECK(devices[0].ledger_source == "class pacs (config ledger_filing)");
        CHECK(ledger_of(2) == "it");  // unconfigured classes keep their default
        CHECK(ledger_of(4) == "it");
        CHECK(devices[3].ledger_source == "class modality-workstation (config ledger_filing)");
        CHECK(rows(LedgerKind::it) == std::vector<std::string>{"2", "3", "4", "8"});
        CHECK(rows(LedgerKind::medical) == std::vector<std::string>{"1", "5", "6", "7"});
    }
}
