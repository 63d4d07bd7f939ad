// The catalogue (daicho/answers/catalogue.h): Windows builds and appliance versions to releases
// and their end of support, the names facts carry to the rows' products, every row sourced and
// dated, a data directory's files. The ranges are in exploited_ranges_test.cpp, the version
// order in version_test.cpp.

#include "daicho/answers/catalogue.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalogue_lookup.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "temp_dir.h"

using namespace daicho;
using answers::Catalogue;
using test::cves_for;
using test::entry;

TEST_CASE("Windows builds map to releases and their end of support", "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    const auto support = [&](const char* product, const char* version, const char* edition) {
        const auto r = c.release_of(entry(product, version));
        REQUIRE(r);
        for (const auto* row : c.support(*r)) {
            if (row->edition == edition) {
                return row->name + " " + row->end;
            }
        }
        return std::string("none");
    };
    CHECK(support("Windows 10 22H2", "10.0.19045", "client") == "Windows 10 22H2 2025-10-14");
    CHECK(support("Windows 8.1 / Server 2012 R2", "6.3.9600", "server") ==
          "Windows Server 2012 R2 2023-10-10");
    CHECK(support("Windows 10 1809 / Server 2019", "10.0.17763", "ltsc") ==
          "Windows 10 Enterprise LTSC 2019 2029-01-09");
    CHECK(support("Windows 11 24H2 / Server 2025", "10.0.26100", "server") ==
          "Windows Server 2025 2034-10-10");
    // An NT version without a build ("Windows NT 6.1") names no release.
    CHECK_FALSE(c.release_of(entry("Windows", "6.1")));
    // FortiOS by release line.
    const auto forti = c.release_of(entry("FortiOS", "7.2.8"));
    REQUIRE(forti);
    REQUIRE(c.support(*forti).size() == 1);
    CHECK(c.support(*forti)[0]->end == "2026-09-30");
    // A product nothing lists is not judged.
    CHECK_FALSE(c.release_of(entry("YAMAHA RTX1210", "Rev.14.01.42")));
}

TEST_CASE("appliance versions map to release lines and their end of support",
          "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    struct Case {
        const char* product;  // as the fact names it
        const char* version;
        const char* expected;  // "<row name> <end>", or "none": no curated row
    };
    const Case cases[] = {
        {"FortiOS", "7.2.8", "FortiOS 7.2 2026-09-30"},
        {"FortiOS", "7.4.8", "FortiOS 7.4 2028-11-11"},  // Fortinet's 2026 extension
        {"FortiOS", "7.6.3", "FortiOS 7.6 2030-01-25"},
        {"FortiOS", "8.0.1", "FortiOS 8.0 2030-10-21"},
        {"Fortinet FortiOS", "6.0.18", "FortiOS 6.0 2022-09-29"},
        {"FortiGate", "6.4.15", "FortiOS 6.4 2024-09-30"},
        {"FortiOS", "5.6.14", "FortiOS 5.6 2021-09-30"},
        {"FortiOS", "4.3.19", "none"},  // not curated: a gap a person closes
        {"PAN-OS", "10.2.9-h1", "PAN-OS 10.2 2025-08-27"},
        {"PAN-OS", "9.1.17", "PAN-OS 9.1 2024-06-30"},
        {"Palo Alto Networks PAN-OS", "11.1.6-h1", "PAN-OS 11.1 2027-05-03"},
        {"PAN-OS", "12.1.2", "PAN-OS 12.1 2028-08-28"},
        {"PAN-OS", "8.1.24", "PAN-OS 8.1 2022-03-01"},
        {"PAN-OS", "10.20.1", "none"},
        {"Ivanti Connect Secure", "9.1R18.3", "Pulse Connect Secure 9.x 2024-12-31"},
        {"Pulse Connect Secure", "9.0R3.4", "Pulse Connect Secure 9.x 2024-12-31"},
        {"Ivanti Connect Secure", "22.7R2.5", "none"},
        {"Cisco IOS XE", "17.9.4", "Cisco IOS XE 17.9 2026-07-29"},
        {"Cisco IOS-XE", "17.12.3", "Cisco IOS XE 17.12 2027-07-28"},
        {"Cisco ASA", "9.18(4)22", "none"},
        {"Citrix NetScaler", "13.1-49.15", "NetScaler 13.1 2027-09-15"},
        {"NetScaler ADC", "14.1-66.59", "NetScaler 14.1 2030-08-08"},
        {"SonicOS", "7.0.1-5035", "none"},
        // macOS as the SMB decoder names it.
        {"Mac OS X", "10.13.6", "macOS 10.13 High Sierra 2020-12-01"},
        {"macOS", "13.6.1", "macOS 13 Ventura 2025-09-15"},
        {"macOS", "10.15.8", "macOS 10.15 Catalina 2022-09-12"},
        {"macOS", "14.5", "none"},  // still updated: Apple publishes no end
    };
    for (const auto& k : cases) {
        CAPTURE(k.product, k.version);
        const auto r = c.release_of(entry(k.product, k.version));
        REQUIRE(r);
        const auto rows = c.support(*r);
        CHECK(rows.size() <= 1);
        CHECK((rows.empty() ? std::string("none") : rows[0]->name + " " + rows[0]->end) ==
              k.expected);
    }
}

TEST_CASE("the names facts carry reach the rows' product and its version order",
          "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    struct Case {
        const char* fact;  // a decoder's, an import's or a vendor's name
        const char* product;
        answers::VersionScheme scheme;
    };
    using S = answers::VersionScheme;
    const Case cases[] = {
        // collectors/data/remote_access_products.tsv
        {"Cisco ASA", "Cisco ASA", S::standard},
        {"Citrix NetScaler", "Citrix NetScaler", S::netscaler},
        {"Ivanti Connect Secure", "Ivanti Connect Secure", S::standard},
        {"SonicWall", "SonicOS", S::sonicos},
        {"FortiGate", "FortiOS", S::standard},
        // The CVE records' product names.
        {"Cisco Adaptive Security Appliance (ASA) Software", "Cisco ASA", S::standard},
        {"NetScaler ADC", "Citrix NetScaler", S::netscaler},
        {"NetScaler Gateway", "Citrix NetScaler", S::netscaler},
        {"Connect Secure", "Ivanti Connect Secure", S::standard},
        {"PAN-OS", "PAN-OS", S::pan_os},
        // Other spellings, any case.
        {"pulse secure", "Ivanti Connect Secure", S::standard},
        {"CITRIX ADC", "Citrix NetScaler", S::netscaler},
        {"Palo Alto Networks PAN-OS", "PAN-OS", S::pan_os},
        {"SonicOS Enhanced", "SonicOS", S::sonicos},
    };
    for (const auto& k : cases) {
        CAPTURE(k.fact);
        const auto r = c.release_of(entry(k.fact, "1.0"));
        REQUIRE(r);
        CHECK(r->product == k.product);
        CHECK(r->scheme == k.scheme);
    }
    // The GlobalProtect client's version is not the firewall's: no alias.
    CHECK_FALSE(c.release_of(entry("Palo Alto GlobalProtect", "6.2.1")));
}

TEST_CASE("decoder statements reach the exploited ranges", "[answers][catalogue]") {
    // SNMP sysDescr as ledger/data/software_patterns.json reads it (samples from
    // rapid7/recog xml/snmp_sysdescr.xml and the FortiGate and YAMAHA decoders' own).
    const auto knowledge = ledger::Knowledge::builtin();
    const auto& c = *Catalogue::builtin();
    struct Case {
        const char* sysdescr;
        const char* product;
        const char* version;
        std::vector<std::string> cves;
    };
    const Case cases[] = {
        {"Cisco Adaptive Security Appliance Version 9.8(4)17",
         "Cisco ASA",
         "9.8(4)17",
         {"CVE-2020-3452", "CVE-2023-20269", "CVE-2025-20333"}},
        {"NetScaler NS13.0: Build 47.22.nc, Date: Jan 16 2020, 05:11:07",
         "Citrix NetScaler",
         "13.0-47.22",
         {"CVE-2019-19781", "CVE-2023-3519", "CVE-2023-4966"}},
        {"SonicWALL NSA 220 (SonicOS Enhanced 5.8.1.2-20o)",
         "SonicOS",
         "5.8.1.2-20o",
         {"CVE-2024-40766"}},
        {"SonicWALL TZ 670 (SonicOS 7.1.3-7015-R6965)", "SonicOS", "7.1.3-7015-R6965", {}},
        {"FortiGate-60F v6.4.11,build2030,221031 (GA.M)",
         "FortiOS",
         "6.4.11",
         {"CVE-2023-27997", "CVE-2024-21762"}},
    };
    for (const auto& k : cases) {
        CAPTURE(k.sysdescr);
        const auto s = knowledge->software().entry("system_description", k.sysdescr, "snmp");
        CHECK(s.product == k.product);
        CHECK(s.version == k.version);
        CHECK(cves_for(s.product, s.version) == k.cves);
    }
    const auto sonic = knowledge->software().entry(
        "system_description", "SonicWALL TZ 215 wireless-N (SonicOS Enhanced 5.8.1.2-6o)", "snmp");
    CHECK(sonic.model == "TZ 215 wireless-N");
    // YAMAHA routers: the decoder names the model; no row is curated yet, so no judgement.
    const auto rtx = knowledge->software().entry("system_description",
                                                 "RTX830 Rev.15.02.29 (Fri Mar 15 2024)", "snmp");
    CHECK(rtx.product == "YAMAHA RTX830");
    CHECK(rtx.version == "Rev.15.02.29");
    CHECK_FALSE(c.release_of(rtx));
}

TEST_CASE("every catalogue row has a source and a checked date", "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    CHECK(c.support_rows().size() > 30);
    for (const auto& r : c.support_rows()) {
        CAPTURE(r.name);
        CHECK_FALSE(r.source.empty());
        CHECK(r.checked.size() == 10);
        CHECK(r.end.size() == 10);
    }
    for (const auto& r : c.exploited_rows()) {
        CAPTURE(r.cve);
        CHECK_FALSE(r.sources.empty());
        CHECK(r.checked.size() == 10);
        CHECK_FALSE(r.ranges.empty());
    }
    for (const auto& h : c.update_hosts()) {
        CAPTURE(h.text);
        CHECK_FALSE(h.source.empty());
        CHECK(h.checked.size() == 10);
    }
    CHECK(c.products().size() >= 8);
    for (const auto& p : c.products()) {
        CAPTURE(p.name);
        CHECK_FALSE(p.source.empty());
        CHECK(p.checked.size() == 10);
    }
}

TEST_CASE("the data files parse and every source they cite says what it is",
          "[answers][catalogue]") {
    // The files as shipped, read from the source tree: each row's source ids resolve (the
    // loader checks that) to an entry that says what was taken from where.
    const std::filesystem::path data =
        std::filesystem::path(DAICHO_TESTS_DIR) / ".." / "survey-mapper" / "answers" / "data";
    for (const auto name : Catalogue::kFiles) {
        CAPTURE(name);
        std::ifstream in(data / std::string(name));
        REQUIRE(in);
        const auto doc = nlohmann::json::parse(in);
        REQUIRE(doc.at("source").is_array());
        for (const auto& src : doc.at("source")) {
            CAPTURE(src.dump());
            CHECK_FALSE(src.at("id").get<std::string>().empty());
            CHECK(src.at("what").get<std::string>().size() > 20);
            CHECK(src.contains("url"));
        }
    }
    CHECK_NOTHROW(Catalogue::load(data));
}

TEST_CASE("a row without a source or a date is refused at load", "[answers][catalogue]") {
    const std::string support =
        R"({"version":1,"about":"t","source":[{"id":"s"}],"releases":[)"
        R"({"product":"FortiOS","release":"7.2","name":"x","end":"2026-09-30","source":"s"}]})";
    const std::string exploited =
        R"({"version":1,"about":"t","source":[{"id":"s"}],"vulnerabilities":[]})";
    const std::string updates =
        R"({"version":1,"about":"t","source":[{"id":"s"}],"hosts":[],"user_agents":[],"wsus_ports":[]})";
    const std::array<std::string, 3> names{"a.json", "b.json", "c.json"};
    CHECK_THROWS_WITH(Catalogue::parse(support, exploited, updates, names),
                      Catch::Contains("a.json: /releases/0: \"checked\""));
    std::string unsourced = support;
    unsourced.replace(unsourced.find(R"("source":"s")"), 12, R"("checked":"2026-12-06")");
    CHECK_THROWS_WITH(Catalogue::parse(unsourced, exploited, updates, names),
                      Catch::Contains("needs a \"source\""));
}

TEST_CASE("a row naming an alias, an unknown scheme or a name twice is refused",
          "[answers][catalogue]") {
    const std::string head = R"({"version":1,"about":"t","source":[{"id":"s"}],)";
    const std::string product =
        R"({"name":"Ivanti Connect Secure","aliases":["Pulse Secure"],"source":"s",)"
        R"("checked":"2026-12-07"})";
    const std::string release =
        R"({"product":"Ivanti Connect Secure","release":"9","name":"x","end":"2024-12-31",)"
        R"("source":"s","checked":"2026-12-07"})";
    const std::string exploited = head + R"("vulnerabilities":[]})";
    const std::string updates = head + R"("hosts":[],"user_agents":[],"wsus_ports":[]})";
    const std::array<std::string, 3> names{"a.json", "b.json", "c.json"};
    const auto support = [&](const std::string& products, const std::string& releases) {
        return head + R"("products":[)" + products + R"(],"releases":[)" + releases + "]}";
    };
    CHECK_NOTHROW(Catalogue::parse(support(product, release), exploited, updates, names));
    std::string by_alias = release;
    by_alias.replace(by_alias.find("Ivanti Connect Secure"), 21, "Pulse Secure");
    CHECK_THROWS_WITH(Catalogue::parse(support(product, by_alias), exploited, updates, names),
                      Catch::Contains("a.json: /releases/0: \"Pulse Secure\" is an alias"));
    const std::string exploited_by_alias =
        head + R"("vulnerabilities":[{"cve":"CVE-2019-11510","product":"pulse secure",)" +
        R"("checked":"2026-12-07","source":"s","versions":[{"version":"9.0R1",)" +
        R"("lessThan":"9.0R3.4","status":"affected"}]}]})";
    CHECK_THROWS_WITH(
        Catalogue::parse(support(product, release), exploited_by_alias, updates, names),
        Catch::Contains("b.json: /vulnerabilities/0: \"pulse secure\" is an alias"));
    std::string bad_scheme = product;
    bad_scheme.insert(bad_scheme.size() - 1, R"(,"scheme":"ivanti")");
    CHECK_THROWS_WITH(Catalogue::parse(support(bad_scheme, release), exploited, updates, names),
                      Catch::Contains("/products/0: \"scheme\" must be"));
    const std::string twice = product +
                              R"(,{"name":"PAN-OS","aliases":["pulse secure"],"source":"s",)" +
                              R"("checked":"2026-12-07"})";
    CHECK_THROWS_WITH(Catalogue::parse(support(twice, release), exploited, updates, names),
                      Catch::Contains("/products/1: \"pulse secure\" already names a product"));
    // A range is checked under the product's scheme: under PAN-OS's, 10.2.9-h3 comes after
    // 10.2.9; read as a pre-release it would come before, and the range would be empty.
    const std::string pan = R"({"name":"PAN-OS","scheme":"pan-os","source":"s",)"
                            R"("checked":"2026-12-07"})";
    const std::string hotfix_range =
        head + R"("vulnerabilities":[{"cve":"CVE-0000-0002","product":"PAN-OS",)" +
        R"("checked":"2026-12-07","source":"s","versions":[{"version":"10.2.9",)" +
        R"("lessThanOrEqual":"10.2.9-h3","status":"affected"}]}]})";
    CHECK_NOTHROW(Catalogue::parse(support(pan, ""), hotfix_range, updates, names));
    CHECK_THROWS_WITH(Catalogue::parse(support("", ""), hotfix_range, updates, names),
                      Catch::Contains("the range ends before it starts"));
}

TEST_CASE("YAMAHA rows per model read Rev. versions", "[answers][catalogue]") {
    // No YAMAHA row is curated yet (a person adds them from YAMAHA's notices); a data
    // directory's rows are read as the built-in ones would be.
    test::TempDir dir;
    std::ofstream(dir.path() / "support_dates.json")
        << R"({"version":1,"about":"t","source":[{"id":"s"}],"releases":[)"
           R"({"product":"YAMAHA RTX1210","release":"14.01","name":"RTX1210 Rev.14.01",)"
           R"("end":"2030-03-31","source":"s","checked":"2026-12-07"},)"
           R"({"product":"YAMAHA RTX830","release":"15.02","name":"RTX830 Rev.15.02",)"
           R"("end":"2031-03-31","source":"s","checked":"2026-12-07"}]})";
    const auto c = Catalogue::load(dir.path());
    const auto end_of = [&](const char* product, const char* version) {
        const auto r = c->release_of(entry(product, version));
        REQUIRE(r);
        const auto rows = c->support(*r);
        return rows.empty() ? std::string("none") : rows.front()->end;
    };
    CHECK(end_of("YAMAHA RTX1210", "Rev.14.01.42") == "2030-03-31");
    CHECK(end_of("YAMAHA RTX830", "Rev.15.02.29") == "2031-03-31");
    CHECK(end_of("YAMAHA RTX830", "Rev.15.04.01") == "none");  // another firmware line
    CHECK(end_of("yamaha rtx1210", "14.1.9") == "2030-03-31");
    CHECK_FALSE(c->release_of(entry("YAMAHA RTX1220", "Rev.15.04.01")));
}

TEST_CASE("a data directory replaces catalogue files one by one", "[answers][catalogue]") {
    test::TempDir dir;
    std::ofstream(dir.path() / "exploited_versions.json")
        << R"({"version":1,"about":"t","source":[{"id":"s"}],"vulnerabilities":[)"
           R"({"cve":"CVE-0000-0001","product":"YAMAHA RTX1210","checked":"2026-12-06","source":"s",)"
           R"("versions":[{"version":"Rev.14.01.00","lessThan":"Rev.14.01.40","status":"affected"}]}]})";
    const auto c = Catalogue::load(dir.path());
    CHECK(c->support_rows().size() == Catalogue::builtin()->support_rows().size());
    const auto r = c->release_of(entry("YAMAHA RTX1210", "Rev.14.01.38"));
    REQUIRE(r);
    CHECK(c->exploited(*r).size() == 1);
    const auto fixed = c->release_of(entry("YAMAHA RTX1210", "Rev.14.01.40"));
    REQUIRE(fixed);
    CHECK(c->exploited(*fixed).empty());
}

TEST_CASE("update services match whole name labels", "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    CHECK(c.update_host("download.windowsupdate.com") != nullptr);
    CHECK(c.update_host("WINDOWSUPDATE.COM.") != nullptr);
    CHECK(c.update_host("notwindowsupdate.com") == nullptr);
    CHECK(c.update_host("windowsupdate.com.evil.example") == nullptr);
    CHECK(c.update_agent("Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50") != nullptr);
    CHECK(c.update_agent("Mozilla/5.0") == nullptr);
    struct Host {
        const char* name;
        const char* what;  // "" when not an update service
    };
    const Host hosts[] = {
        {"fe2cr.update.microsoft.com", "Windows Update"},
        {"windowsupdate.microsoft.com", "Windows Update (WSUS upstream)"},
        {"wustat.windows.com", "Windows Update (WSUS upstream)"},
        {"definitionupdates.microsoft.com", "Microsoft Defender security intelligence"},
        {"osce14-p.activeupdate.trendmicro.co.jp", "Trend Micro ActiveUpdate"},
        {"iaus.activeupdate.trendmicro.com", "Trend Micro ActiveUpdate"},
        {"ipv6-iaus.trendmicro.com", "Trend Micro ActiveUpdate"},
        {"d1.sophosupd.com", "Sophos update"},
        {"dci.sophosupd.net", "Sophos update"},
        {"s07.upd.kaspersky.com", "Kaspersky update"},
        {"downloads.upd.kaspersky.com", "Kaspersky update"},
        {"update.nai.com", "McAfee / Trellix update (McAfeeHttp)"},
        {"update.eset.com", "ESET update"},
        {"liveupdate.symantecliveupdate.com", "Symantec LiveUpdate"},
        {"www.trendmicro.co.jp", ""},
        {"kaspersky.com", ""},
        {"notsophosupd.com", ""},
        {"upd.kaspersky.com.example", ""},
    };
    for (const auto& h : hosts) {
        CAPTURE(h.name);
        const auto* e = c.update_host(h.name);
        CHECK((e != nullptr ? e->what : std::string()) == h.what);
    }
    CHECK(c.wsus_service("tcp/8530"));
    CHECK_FALSE(c.wsus_service("tcp/80"));
}
