// The catalogue (daicho/answers/catalogue.h) and version comparison: curated ranges inside and
// outside, Rev. forms, Windows builds to releases, every row sourced and dated.

#include "daicho/answers/catalogue.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "daicho/answers/version.h"
#include "daicho/ledger/ledger.h"
#include "temp_dir.h"

using namespace daicho;
using answers::Catalogue;
using answers::compare_versions;
using answers::in_range;
using answers::in_release;

namespace {

ledger::SoftwareEntry entry(std::string product, std::string version) {
    ledger::SoftwareEntry s;
    s.product = std::move(product);
    s.version = std::move(version);
    s.kind = "system_description";
    return s;
}

std::vector<std::string> cves_for(const std::string& product, const std::string& version) {
    const auto& c = *Catalogue::builtin();
    const auto r = c.release_of(entry(product, version));
    std::vector<std::string> out;
    if (r) {
        for (const auto* row : c.exploited(*r)) {
            out.push_back(row->cve);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("versions compare part by part, numbers as numbers", "[answers][catalogue]") {
    CHECK(compare_versions("7.2.10", "7.2.9") > 0);
    CHECK(compare_versions("7.2", "7.2.0") == 0);
    CHECK(compare_versions("v6.4.11", "6.4.11") == 0);
    CHECK(compare_versions("6.0.0beta", "6.0.0") < 0);
    CHECK(compare_versions("15.2(4)M7", "15.2(4)M10") < 0);
    CHECK(compare_versions("", "1") < 0);
    CHECK(compare_versions("", "") == 0);
}

TEST_CASE("YAMAHA Rev. forms compare with and without the prefix", "[answers][catalogue]") {
    CHECK(compare_versions("Rev.14.01.42", "Rev.14.01.9") > 0);
    CHECK(compare_versions("Rev.14.01.09", "14.1.9") == 0);
    CHECK(compare_versions("Rev.11.01.34", "Rev.14.01.16") < 0);
    CHECK(in_release("Rev.14.01.42", "14.01"));
    CHECK_FALSE(in_release("Rev.15.02.01", "14.01"));
    // A range in Rev. form, as a YAMAHA advisory would give it.
    CHECK(in_range("Rev.14.01.20", {"Rev.14.01.00", "", "Rev.14.01.38"}));
    CHECK_FALSE(in_range("Rev.14.01.39", {"Rev.14.01.00", "", "Rev.14.01.38"}));
}

TEST_CASE("release lines are whole parts", "[answers][catalogue]") {
    CHECK(in_release("7.2.8", "7.2"));
    CHECK_FALSE(in_release("7.20.1", "7.2"));
    CHECK_FALSE(in_release("7", "7.2"));
    CHECK_FALSE(in_release("7.2.8", ""));
}

TEST_CASE("CVE JSON 5 ranges: lessThan excludes, lessThanOrEqual includes",
          "[answers][catalogue]") {
    CHECK(in_range("5.9.9", {"5.0.0", "6.0.0", ""}));
    CHECK_FALSE(in_range("6.0.0", {"5.0.0", "6.0.0", ""}));
    CHECK(in_range("6.0.4", {"6.0.0", "", "6.0.4"}));
    CHECK_FALSE(in_range("6.0.5", {"6.0.0", "", "6.0.4"}));
    CHECK_FALSE(in_range("5.9.9", {"6.0.0", "", "6.0.4"}));
    CHECK(in_range("1.2.3", {"1.2.3", "", ""}));  // a single version
    CHECK_FALSE(in_range("1.2.4", {"1.2.3", "", ""}));
}

TEST_CASE("FortiOS CVE-2018-13379 and CVE-2022-42475 ranges from the advisories",
          "[answers][catalogue]") {
    using V = std::vector<std::string>;
    // CVE-2018-13379: 6.0.0-6.0.4, 5.6.3-5.6.7, 5.4.6-5.4.12; CVE-2022-42475 also covers 6.0.x
    // to 6.0.15 and all of 5.x.
    CHECK(cves_for("FortiOS", "6.0.4") == V{"CVE-2018-13379", "CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "6.0.5") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "6.0.16") == V{});
    CHECK(cves_for("FortiOS", "5.6.2") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "5.6.3") == V{"CVE-2018-13379", "CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "5.4.12") == V{"CVE-2018-13379", "CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "5.4.13") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "7.2.2") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "7.2.3") == V{});
    CHECK(cves_for("FortiOS", "7.0.8") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "7.0.9") == V{});
    CHECK(cves_for("FortiOS", "6.4.10") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "6.4.11") == V{});
    CHECK(cves_for("FortiOS", "6.2.11") == V{"CVE-2022-42475"});
    CHECK(cves_for("FortiOS", "6.2.12") == V{});
    CHECK(cves_for("Cisco IOS XE", "6.0.4") == V{});  // another product
    const auto& c = *Catalogue::builtin();
    const auto r = c.release_of(entry("FortiOS", "6.0.4"));
    REQUIRE(r);
    const auto rows = c.exploited(*r);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]->credentials_leaked);
    CHECK_FALSE(rows[1]->credentials_leaked);
}

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
    CHECK(c.wsus_service("tcp/8530"));
    CHECK_FALSE(c.wsus_service("tcp/80"));
}
