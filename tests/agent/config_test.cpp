// The config file loader (agent/src/config): a valid file, and every way a file is refused,
// each with the file name and the JSON path of the offending value.

#include "config/config.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "daicho/ledger/address_plan.h"
#include "temp_dir.h"

namespace config = daicho::agent::config;

namespace {

// The message of the Error parsing `text` throws ("" when it parses).
std::string refusal(const std::string& text) {
    try {
        (void)config::parse(text, "daicho.json");
    } catch (const config::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("config: a valid file", "[agent][config]") {
    const auto c = config::parse(R"({
        "_comment": ["部署と拠点", "departments and sites"],
        "sites": [{"name": "本院", "subnets": ["10.0.0.0/8"], "domains": [0]},
                  {"name": "分院", "domains": [1], "_comment": "branch"}],
        "departments": [
          {"name": "放射線科", "site": "本院", "subnets": ["10.20.0.0/16", "fd00:20::/64"],
           "vlans": [20]},
          {"name": "読影室", "site": "本院", "subnets": ["10.20.8.0/24"]},
          {"name": "分院 放射線", "site": "分院", "subnets": ["10.20.0.0/16"], "vlans": [20]},
          {"name": "検査科"}
        ]})",
                                 "daicho.json");
    const auto& map = c.departments;
    REQUIRE(map.sites.size() == 2);
    CHECK(map.sites[0].name == "本院");
    CHECK(map.sites[0].subnets.at(0).text() == "10.0.0.0/8");
    CHECK(map.sites[1].domains == std::vector<std::int64_t>{1});
    REQUIRE(map.departments.size() == 4);
    CHECK(map.departments[0].subnets.at(1).text() == "fd00:20::/64");
    CHECK(map.departments[0].vlans == std::vector<int>{20});
    CHECK(map.departments[2].site == "分院");  // same prefix and VLAN: told apart by domain
    CHECK(map.departments[3].subnets.empty());

    CHECK(config::parse("{}", "empty.json").departments.empty());
    const auto flood = config::parse(
        R"({"flood": {"new_stations_burst": 20000, "new_stations_per_minute": 0}})", "f.json");
    CHECK(flood.flood.new_stations_burst == 20000);
    CHECK(flood.flood.new_stations_per_minute == 0);
    CHECK(config::parse("{}", "empty.json").flood.new_stations_burst ==
          daicho::agent::FloodLimits::kDefaultBurst);
    CHECK(config::parse(R"({"sites": [], "departments": []})", "x.json").departments.empty());
    // Who annotates with this config (the annotation history's "who").
    CHECK(config::parse(R"({"operator": "情報システム部 山田"})", "o.json").operator_name ==
          "情報システム部 山田");
    CHECK(config::parse("{}", "o.json").operator_name.empty());
    CHECK(refusal(R"({"operator": 7})") == "daicho.json: operator: must be a string, not 7");
    // The workbooks' title, the reports' clock and the window after which a device is gone.
    const auto h = config::parse(
        R"({"hospital": "さくら総合病院", "time_zone": "UTC", "absent_days": 45})", "h.json");
    CHECK(h.hospital == "さくら総合病院");
    CHECK(h.time_zone.name() == "UTC");
    CHECK(h.absent_days == 45);
    const auto defaults = config::parse("{}", "h.json");
    CHECK(defaults.time_zone.name() == "Asia/Tokyo");
    CHECK(defaults.time_zone.offset_s(0) == 9 * 3600);
    CHECK(defaults.absent_days == 30);
    CHECK(refusal(R"({"time_zone": "Mars/Olympus"})") ==
          R"(daicho.json: time_zone: "Mars/Olympus" is no time zone this machine knows (an IANA name such as "Asia/Tokyo"))");
    CHECK(refusal(R"({"time_zone": "../../etc/passwd"})").find("no time zone") !=
          std::string::npos);
    CHECK(refusal(R"({"absent_days": 0})").rfind("daicho.json: absent_days: ", 0) == 0);
}

TEST_CASE("config: every refusal names the file, the JSON path and the problem",
          "[agent][config]") {
    // Not JSON at all.
    CHECK(refusal("{\"sites\": [}")
              .rfind("daicho.json: not valid JSON: parse error at line 1, "
                     "column 12",
                     0) == 0);
    CHECK(refusal("").rfind("daicho.json: not valid JSON:", 0) == 0);
    CHECK(refusal("{\"sites\": []} trailing").rfind("daicho.json: not valid JSON:", 0) == 0);
    CHECK(refusal("{\"_comment\": \"\xff\"}").rfind("daicho.json: not valid JSON:", 0) == 0);
    CHECK(refusal("{\"_comment\": " + std::string(40, '[') + std::string(40, ']') + "}") ==
          "daicho.json: _comment[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper "
          "than 16 levels");
    // fuzz_config: a number too large for a double is nlohmann's out_of_range, not a parse error.
    CHECK(refusal("{\"_comment\": [777777777777777777777777777777e7777]}") ==
          "daicho.json: not valid JSON: number overflow parsing "
          "'777777777777777777777777777777e7777'");
    CHECK(refusal("[]") == "daicho.json: the top level must be an object, not an array");
    CHECK(refusal("3") == "daicho.json: the top level must be an object, not a number");

    // Bad prefixes.
    CHECK(
        refusal(R"({"departments": [{"name": "a"}, {"name": "b"},
                      {"name": "c", "subnets": ["10.1.300.0/24"]}]})") ==
        R"(daicho.json: departments[2].subnets[0]: "10.1.300.0/24" is not an IPv4 or IPv6 prefix)");
    CHECK(
        refusal(R"({"departments": [{"name": "a", "subnets": ["10.20.1.0/16"]}]})") ==
        R"(daicho.json: departments[0].subnets[0]: "10.20.1.0/16" has host bits set (the prefix is 10.20.0.0/16))");
    CHECK(
        refusal(R"({"sites": [{"name": "a", "subnets": ["10.1.2.3"]}]})") ==
        R"(daicho.json: sites[0].subnets[0]: "10.1.2.3" needs a prefix length (10.1.2.3/32 for one address))");
    CHECK(
        refusal(R"({"departments": [{"name": "a", "subnets": ["fd00::/129"]}]})") ==
        R"(daicho.json: departments[0].subnets[0]: "fd00::/129" is not an IPv4 or IPv6 prefix (the length is at most 128))");

    // Unknown keys: a typo is never silently ignored.
    CHECK(
        refusal(R"({"department": []})") ==
        R"(daicho.json: unknown key "department" (known: sites, departments, internal_ranges, data_dir, flood, ledger_filing, operator, hospital, time_zone, absent_days, capture, api, retention, export, _comment))");
    CHECK(refusal(R"({"data_dir": 3})") == "daicho.json: data_dir: must be a string, not 3");
    CHECK(refusal(R"({"data_dir": ""})") == "daicho.json: data_dir: must not be empty");
    CHECK(
        refusal(R"({"flood": {"new_stations_burst": 0}})") ==
        R"(daicho.json: flood.new_stations_burst: 0 must be an integer from 1 to 10000000 (a number of stations))");
    CHECK(
        refusal(R"({"flood": {"burst": 5}})") ==
        R"(daicho.json: flood: unknown key "burst" (known: new_stations_burst, new_stations_per_minute, _comment))");
    CHECK(
        refusal(R"({"departments": [{"name": "a", "vlan": [20]}]})") ==
        R"(daicho.json: departments[0]: unknown key "vlan" (known: name, site, subnets, vlans, _comment))");
    CHECK(
        refusal(R"({"sites": [{"name": "a", "subnet": []}]})") ==
        R"(daicho.json: sites[0]: unknown key "subnet" (known: name, subnets, domains, _comment))");

    // Wrong types.
    CHECK(refusal(R"({"departments": {}})") ==
          "daicho.json: departments: must be an array, not {}");
    CHECK(refusal(R"({"departments": ["放射線科"]})") ==
          R"(daicho.json: departments[0]: must be an object with "name", not "放射線科")");
    CHECK(refusal(R"({"departments": [{"subnets": []}]})") ==
          R"(daicho.json: departments[0]: "name" is missing)");
    CHECK(refusal(R"({"departments": [{"name": 5}]})") ==
          "daicho.json: departments[0].name: must be a string, not 5");
    CHECK(refusal(R"({"departments": [{"name": ""}]})") ==
          "daicho.json: departments[0].name: must not be empty");
    CHECK(refusal(R"({"departments": [{"name": "放射線科 "}]})") ==
          R"(daicho.json: departments[0].name: "放射線科 " has leading or trailing spaces)");
    CHECK(refusal(R"({"departments": [{"name": "a\u001b[31m"}]})") ==
          R"(daicho.json: departments[0].name: "a\u001b[31m" holds control characters)");
    CHECK(refusal(R"({"departments": [{"name": "a", "subnets": "10.0.0.0/8"}]})") ==
          R"(daicho.json: departments[0].subnets: must be an array, not "10.0.0.0/8")");
    CHECK(refusal(R"({"departments": [{"name": "a", "subnets": [10]}]})") ==
          R"(daicho.json: departments[0].subnets[0]: 10 must be a string such as "10.20.0.0/16")");
    CHECK(
        refusal(R"({"departments": [{"name": "a", "vlans": [20, "30"]}]})") ==
        R"(daicho.json: departments[0].vlans[1]: "30" must be an integer from 1 to 4094 (a VLAN id))");
    for (const char* vlan : {"0", "4095", "-1", "20.5", "true", "null", "99999999999999999999"}) {
        INFO(vlan);
        CHECK(refusal(std::string(R"({"departments": [{"name": "a", "vlans": [)") + vlan + "]}]}")
                  .find("vlans[0]: ") != std::string::npos);
    }
    CHECK(refusal(R"({"sites": [{"name": "a", "domains": [-1]}]})") ==
          "daicho.json: sites[0].domains[0]: -1 must be an integer from 0 to 2147483647 (a "
          "broadcast domain / sensor id)");
    CHECK(refusal(R"({"_comment": 1})") ==
          "daicho.json: _comment: must be a string or an array of strings");
    CHECK(refusal(R"({"departments": [{"name": "a", "site": "本院"}]})") ==
          R"(daicho.json: departments[0].site: "本院" is not a site: "sites" lists none)");
    CHECK(refusal(
              R"({"sites": [{"name": "本院"}], "departments": [{"name": "a", "site": "分院"}]})") ==
          R"(daicho.json: departments[0].site: "分院" is not one of the sites (本院))");

    // Duplicates.
    CHECK(
        refusal(R"({"departments": [{"name": "a", "subnets": ["10.0.0.0/8"], "subnets": []}]})") ==
        R"(daicho.json: departments[0]: key "subnets" appears twice)");
    CHECK(refusal(R"({"sites": [], "sites": []})") == R"(daicho.json: key "sites" appears twice)");
    CHECK(refusal(R"({"departments": [{"name": "a"}, {"name": "b"}, {"name": "a"}]})") ==
          R"(daicho.json: departments[2].name: "a" is already departments[0].name)");
    CHECK(refusal(R"({"sites": [{"name": "a"}, {"name": "a"}]})") ==
          R"(daicho.json: sites[1].name: "a" is already sites[0].name)");
    CHECK(refusal(R"({"departments": [{"name": "放射線科", "subnets": ["10.20.0.0/16"]},
                      {"name": "b", "subnets": ["10.21.0.0/16", "10.20.0.0/16"]}]})") ==
          "daicho.json: departments[1].subnets[1]: 10.20.0.0/16 is already "
          "departments[0].subnets[0] (放射線科); a subnet belongs to one department");
    CHECK(refusal(R"({"departments": [{"name": "a", "subnets": ["fd00::/64", "FD00::/64"]}]})") ==
          "daicho.json: departments[0].subnets[1]: fd00::/64 is already "
          "departments[0].subnets[0]; a subnet belongs to one department");
    CHECK(refusal(
              R"({"departments": [{"name": "a", "vlans": [20]}, {"name": "b", "vlans": [20]}]})") ==
          "daicho.json: departments[1].vlans[0]: VLAN 20 is already departments[0].vlans[0] (a); "
          "a VLAN belongs to one department");
    CHECK(refusal(R"({"sites": [{"name": "a", "domains": [0]}, {"name": "b", "domains": [0]}]})") ==
          "daicho.json: sites[1].domains[0]: domain 0 is already sites[0].domains[0] (a); a "
          "domain belongs to one site");
    CHECK(refusal(R"({"sites": [{"name": "a", "subnets": ["10.0.0.0/8"]},
                                {"name": "b", "subnets": ["10.0.0.0/8"]}]})")
              .find("sites[1].subnets[0]: 10.0.0.0/8 is already sites[0].subnets[0] (a)") !=
          std::string::npos);
    // A site without domains reaches every domain, so its department's VLAN clashes.
    CHECK(refusal(R"({"sites": [{"name": "s1", "domains": [1]}, {"name": "s2"}],
                      "departments": [{"name": "a", "site": "s1", "vlans": [20]},
                                      {"name": "b", "site": "s2", "vlans": [20]}]})")
              .find("departments[1].vlans[0]: VLAN 20 is already") != std::string::npos);
    // Nested (not identical) prefixes are what longest-prefix matching is for.
    CHECK(refusal(R"({"departments": [{"name": "a", "subnets": ["10.20.0.0/16"]},
                      {"name": "b", "subnets": ["10.20.8.0/24"]}]})")
              .empty());
}

TEST_CASE("config: files", "[agent][config]") {
    daicho::test::TempDir tmp;
    const auto missing = tmp.path() / "none.json";
    CHECK_THROWS_WITH(
        config::load(missing),
        missing.string() + ": cannot read the config file (No such file or directory)");
    CHECK_THROWS_WITH(config::load(tmp.path()),
                      tmp.path().string() + ": is a directory, not a config file");
    const auto file = tmp.path() / "daicho.json";
    std::ofstream(file) << R"({"sites": [{"name": "本院", "domains": [0]}]})";
    const auto c = config::load(file);
    CHECK(c.path == file);
    CHECK(c.departments.sites.at(0).name == "本院");
    CHECK(c.data_dir.empty());

    // data_dir is relative to the config file, wherever daicho runs.
    std::ofstream(file) << R"({"data_dir": "knowledge"})";
    CHECK(config::load(file).data_dir == tmp.path() / "knowledge");
    std::ofstream(file) << R"({"data_dir": "/srv/daicho/data"})";
    CHECK(config::load(file).data_dir == "/srv/daicho/data");

    // The shipped example and the demo's map are valid.
    for (const char* shipped : {"/../deploy/config/daicho.example.json", "/demo/daicho.json"}) {
        INFO(shipped);
        const auto loaded = config::load(std::string(DAICHO_TESTS_DIR) + shipped);
        CHECK_FALSE(loaded.departments.departments.empty());
    }
    // The service's config (installed as /etc/daicho/daicho.json) too, retention and export.
    const auto service =
        config::load(std::string(DAICHO_TESTS_DIR) + "/../deploy/config/daicho.service.json");
    CHECK(service.retention.events_days == 400);
    CHECK(service.exports.dir == "/var/lib/daicho/evidence");
}

TEST_CASE("config: ledger_filing, per class, checked", "[agent][config]") {
    const auto c = config::parse(
        R"({"ledger_filing": {"_comment": "PACS with the ME devices", "pacs": "medical",
                              "modality-workstation": "it"}})",
        "daicho.json");
    CHECK(c.departments.filing.ledger.at(0) == "medical");
    CHECK(c.departments.filing.ledger.at(1).empty());  // ris: the default
    CHECK(c.departments.filing.ledger.at(3) == "it");
    CHECK(config::parse("{}", "daicho.json").departments.filing.ledger.at(0).empty());
    CHECK(refusal(R"({"ledger_filing": {"pacs": "Q8"}})") ==
          "daicho.json: ledger_filing.pacs: must be \"it\" (Q8 情報機器台帳) or \"medical\" (Q9 "
          "医療機器台帳), not \"Q8\"");
    CHECK(refusal(R"({"ledger_filing": {"ct": "it"}})") ==
          "daicho.json: ledger_filing: unknown class \"ct\" (known: pacs, ris, hl7-interface, "
          "modality-workstation, _comment)");
    CHECK(refusal(R"({"ledger_filing": ["pacs"]})") ==
          "daicho.json: ledger_filing: must be an object, not [\"pacs\"]");
    CHECK(refusal(R"({"ledger_filing": {"_comment": 3}})") ==
          "daicho.json: ledger_filing._comment: must be a string or an array of strings");
}

TEST_CASE("config: internal_ranges join the address plan and are checked like subnets",
          "[agent][config]") {
    const auto c = config::parse(R"({
        "sites": [{"name": "本院", "subnets": ["133.10.0.0/16"]}],
        "internal_ranges": ["192.0.2.0/24", "2001:db8:100::/48"]})",
                                 "daicho.json");
    REQUIRE(c.departments.internal_ranges.size() == 2);
    CHECK(c.departments.internal_ranges[1].text() == "2001:db8:100::/48");
    const daicho::ledger::AddressPlan plan(c.departments);
    CHECK(plan.configured());
    CHECK(plan.inside("133.10.4.5"));   // the site's subnet
    CHECK(plan.inside("192.0.2.77"));   // an internal range
    CHECK(plan.inside("2001:db8:100::9"));
    CHECK_FALSE(plan.inside("10.1.2.3"));  // RFC 1918, but not in this hospital's plan
    CHECK_FALSE(plan.inside("198.51.100.7"));

    CHECK(refusal(R"({"internal_ranges": "10.0.0.0/8"})") ==
          "daicho.json: internal_ranges: must be an array, not \"10.0.0.0/8\"");
    CHECK(refusal(R"({"internal_ranges": ["10.1.0.0/8"]})") ==
          "daicho.json: internal_ranges[0]: \"10.1.0.0/8\" has host bits set (the prefix is "
          "10.0.0.0/8)");
    CHECK(refusal(R"({"internal_ranges": [7]})") ==
          "daicho.json: internal_ranges[0]: 7 must be a string such as \"10.20.0.0/16\"");
    CHECK(refusal(R"({"internal_ranges": ["10.0.0.0/8", "10.0.0.0/8"]})") ==
          "daicho.json: internal_ranges[1]: 10.0.0.0/8 is already internal_ranges[0]; a subnet "
          "belongs to one entry of internal_ranges");
}

TEST_CASE("config: no plan falls back to RFC 1918 and ULA", "[agent][config]") {
    const auto c = config::parse(R"({"departments": [{"name": "検査科", "vlans": [30]}]})",
                                 "daicho.json");
    const daicho::ledger::AddressPlan plan(c.departments);
    CHECK_FALSE(plan.configured());
    CHECK(plan.inside("10.1.2.3"));
    CHECK(plan.inside("172.31.0.1"));
    CHECK_FALSE(plan.inside("172.32.0.1"));
    CHECK(plan.inside("192.168.0.1"));
    CHECK(plan.inside("fd12::1"));
    CHECK_FALSE(plan.inside("2001:db8::1"));
    CHECK_FALSE(plan.inside("203.0.113.5"));
    CHECK_FALSE(plan.inside("not an address"));
}

TEST_CASE("config: capture, the interfaces and intervals of daicho run", "[agent][config]") {
    const auto c = config::parse(R"({"capture": {
        "interfaces": [{"name": "eth1", "filter": "not port 22", "snaplen": 2048,
                        "buffer_mib": 64, "promiscuous": false},
                       {"name": "eth2"}],
        "merge_seconds": 10, "stats_seconds": 300}})",
                                 "daicho.json");
    REQUIRE(c.capture.interfaces.size() == 2);
    CHECK(c.capture.interfaces[0].name == "eth1");
    CHECK(c.capture.interfaces[0].filter == "not port 22");
    CHECK(c.capture.interfaces[0].snaplen == 2048);
    CHECK(c.capture.interfaces[0].buffer_mib == 64);
    CHECK_FALSE(c.capture.interfaces[0].promiscuous);
    CHECK(c.capture.interfaces[1].snaplen == 65535);  // whole frames by default
    CHECK(c.capture.interfaces[1].promiscuous);
    CHECK(c.capture.merge_seconds == 10);
    CHECK(c.capture.stats_seconds == 300);
    const auto none = config::parse("{}", "daicho.json");
    CHECK(none.capture.interfaces.empty());
    CHECK(none.capture.merge_seconds == 5);

    CHECK(refusal(R"({"capture": {"interfaces": [{"filter": "arp"}]}})") ==
          "daicho.json: capture.interfaces[0]: \"name\" is missing");
    CHECK(refusal(R"({"capture": {"interfaces": [{"name": "eth1"}, {"name": "eth1"}]}})") ==
          "daicho.json: capture.interfaces[1].name: interface \"eth1\" is listed twice");
    CHECK(refusal(R"({"capture": {"interfaces": [{"name": "eth1", "snaplen": 10}]}})")
              .rfind("daicho.json: capture.interfaces[0].snaplen: ", 0) == 0);
    CHECK(refusal(R"({"capture": {"interfaces": [{"name": "eth1", "promiscuous": "yes"}]}})") ==
          "daicho.json: capture.interfaces[0].promiscuous: must be true or false, not \"yes\"");
    CHECK(refusal(R"({"capture": {"interfaces": [{"name": "eth1", "filter": 5}]}})")
              .rfind("daicho.json: capture.interfaces[0].filter: must be a string", 0) == 0);
    CHECK(refusal(R"({"capture": {"merge_seconds": 0}})")
              .rfind("daicho.json: capture.merge_seconds: ", 0) == 0);
    CHECK(refusal(R"({"capture": {"intervals": 5}})")
              .rfind("daicho.json: capture: unknown key \"intervals\"", 0) == 0);
}

TEST_CASE("config: retention and the export schedule of daicho run", "[agent][config]") {
    const auto c = config::parse(R"({"retention": {"events_days": 800, "evidence_days": 90},
        "export": {"dir": "/var/lib/daicho/packs", "schedule": "weekly", "keep": 24}})",
                                 "daicho.json");
    CHECK(c.retention.events_days == 800);
    CHECK(c.retention.evidence_days == 90);
    CHECK(c.exports.dir == "/var/lib/daicho/packs");
    CHECK(c.exports.period == daicho::agent::ExportPeriod::weekly);
    CHECK(c.exports.keep == 24);
    const auto defaults = config::parse(R"({"export": {"dir": "packs"}})", "daicho.json");
    CHECK(defaults.retention.events_days == 400);
    CHECK(defaults.retention.evidence_days == 400);
    CHECK(defaults.exports.period == daicho::agent::ExportPeriod::monthly);
    CHECK(defaults.exports.keep == 0);
    CHECK(config::parse("{}", "daicho.json").exports.dir.empty());

    CHECK(refusal(R"({"retention": {"events_days": 30}})") ==
          "daicho.json: retention.events_days: 30 must be an integer from 62 to 36500 (days kept)");
    CHECK(refusal(R"({"retention": {"evidence_days": "1y"}})")
              .rfind("daicho.json: retention.evidence_days: \"1y\" must be an integer", 0) == 0);
    CHECK(refusal(R"({"retention": {"days": 400}})")
              .rfind("daicho.json: retention: unknown key \"days\"", 0) == 0);
    CHECK(refusal(R"({"retention": 400})") == "daicho.json: retention: must be an object, not 400");
    CHECK(refusal(R"({"export": {"schedule": "monthly"}})") ==
          "daicho.json: export: \"dir\" is missing");
    CHECK(refusal(R"({"export": {"dir": "packs", "schedule": "yearly"}})") ==
          "daicho.json: export.schedule: \"yearly\" must be \"monthly\", \"weekly\" or \"daily\"");
    CHECK(refusal(R"({"export": {"dir": "packs", "keep": -1}})")
              .rfind("daicho.json: export.keep: -1 must be an integer from 0", 0) == 0);
    CHECK(refusal(R"({"export": {"dir": "packs", "every": "month"}})")
              .rfind("daicho.json: export: unknown key \"every\"", 0) == 0);
}

TEST_CASE("config: a relative export folder is the config file's neighbour", "[agent][config]") {
    const daicho::test::TempDir tmp;
    const auto file = tmp.path() / "daicho.json";
    std::ofstream(file) << R"({"export": {"dir": "packs"}})";
    CHECK(config::load(file).exports.dir == tmp.path() / "packs");
}
