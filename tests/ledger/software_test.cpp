// Version extraction (ledger/data/software_patterns.json + windows_builds.json through
// SoftwareMatcher): table-driven raw value -> {product, version}, the unmatched fallback, the
// load-time validation of the data files, and the device software array from facts.

#include "daicho/ledger/software.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::ledger::Knowledge;
using daicho::ledger::SoftwareEntry;
using daicho::ledger::SoftwareMatcher;

namespace {

struct Case {
    std::string_view kind;
    std::string_view raw;
    std::string_view product;
    std::string_view version;
};

// raw -> (product, version), as the issue lists them plus the shared captures' values.
const std::vector<Case> kCases{
    {"system_description",
     "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(44)SE, "
     "RELEASE SOFTWARE (fc1)",
     "Cisco IOS", "12.2(44)SE"},
    {"software", "IOS (tm) 1600 Software (C1600-NY-L), Version 11.2(12)P, RELEASE SOFTWARE (fc1)",
     "Cisco IOS", "11.2(12)P"},
    {"system_description",
     "Cisco IOS Software [Bengaluru], Catalyst L3 Switch Software (CAT9K_IOSXE), Version "
     "17.6.4, RELEASE SOFTWARE (fc1)",
     "Cisco IOS", "17.6.4"},
    {"system_description", "Cisco IOS XE Software, Version 16.09.04", "Cisco IOS XE", "16.09.04"},
    {"software", "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u3", "OpenSSH", "7.4p1"},
    {"software", "SSH-2.0-OpenSSH_7.8", "OpenSSH", "7.8"},
    {"software", "SSH-1.99-Cisco-1.25", "Cisco SSH", "1.25"},
    {"software", "SSH-2.0-dropbear_2019.78", "Dropbear SSH", "2019.78"},
    {"software", "Apache/2.4.41 (Ubuntu)", "Apache httpd", "2.4.41"},
    {"software", "nginx/1.18.0", "nginx", "1.18.0"},
    {"software", "Microsoft-IIS/10.0", "Microsoft IIS", "10.0"},
    {"system_description", "FortiOS v7.2.5,build1517", "FortiOS", "7.2.5"},
    {"system_description", "FortiGate-60F v7.2.5", "FortiOS", "7.2.5"},
    {"system_description", "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)", "YAMAHA RTX1210", "14.01.42"},
    {"os", "Windows 10.0.19045", "Windows 10 22H2", "10.0.19045"},
    {"os", "Windows 10.0.14393", "Windows 10 1607 / Server 2016", "10.0.14393"},
    {"os", "Windows 10.0.18362", "Windows 10 1903", "10.0.18362"},
    {"os", "Windows 10.0.20348", "Windows Server 2022", "10.0.20348"},
    {"os", "Windows 10.0.26100", "Windows 11 24H2 / Server 2025", "10.0.26100"},
    {"os", "Windows 6.1.7601", "Windows 7 SP1 / Server 2008 R2 SP1", "6.1.7601"},
    {"os", "Windows 6.1.7600", "Windows 7 / Server 2008 R2", "6.1.7600"},
    {"os", "Windows 5.1.2600", "Windows XP", "5.1.2600"},
    {"os", "Windows 10.0.99999", "Windows", "10.0.99999"},  // a build not in the table yet
    {"os", "Windows 7 Ultimate 7601 Service Pack 1", "Windows 7 SP1 / Server 2008 R2 SP1",
     "6.1.7601"},
    {"os", "Windows 2000 2195", "Windows 2000", "5.0.2195"},
    {"os", "Windows Server 2003 3790 Service Pack 2", "Windows XP x64 / Server 2003", "5.2.3790"},
    {"os", "Windows 5.1", "Windows", "5.1"},
    {"os", "Mac OS X 10.10", "Mac OS X", "10.10"},
    {"software", "SMBFS 3.0.0", "SMBFS", "3.0.0"},
    {"software", "Samba 4.9.5-Debian", "Samba", "4.9.5-Debian"},
    {"system_description",
     "Linux ubuntu-512mb-sfo2-01 4.4.0-31-generic #50~14.04.1-Ubuntu SMP Wed Jul 13 01:07:32 "
     "UTC 2016 x86_64",
     "Linux", "4.4.0-31-generic"},
    {"system_description", "SMCGS8P-Smart - SMCGS8P-Smart v3.20", "SMCGS8P-Smart", "3.20"},
    {"software", "IntelliVue M8007A H.15.41", "Philips IntelliVue M8007A", "H.15.41"},
    // DICOM implementation version names (A-ASSOCIATE user information).
    {"implementation_version", "OFFIS_DCMTK_367", "DCMTK", "3.6.7"},
    {"implementation_version", "OFFIS_DCMTK_3610", "DCMTK", "3.6.10"},
    {"implementation_version", "dcm4che-5.29.2", "dcm4che", "5.29.2"},
    {"implementation_version", "fo-dicom 5.1.2", "fo-dicom", "5.1.2"},
    {"implementation_version", "PYNETDICOM_200", "pynetdicom", "2.0.0"},
    {"implementation_version", "PYDICOM 2.4.4", "pydicom", "2.4.4"},
    {"implementation_version", "GODICOM_1_1", "go-netdicom", "1.1"},
};

}  // namespace

TEST_CASE("Software patterns: raw value -> product and version", "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    for (const auto& c : kCases) {
        INFO(c.kind << ": " << c.raw);
        const auto e = matcher.entry(c.kind, c.raw, "test");
        CHECK(e.product == c.product);
        CHECK(e.version == c.version);
        CHECK(e.source == "test");
    }
}

TEST_CASE("Software patterns: unmatched values stay whole", "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    for (const auto& [kind, raw] : std::vector<std::pair<std::string_view, std::string_view>>{
             {"firmware", "1.0.8.3"},  // LLDP-MED firmware revision: no product to name
             {"software", "Windows 7 Ultimate 6.1"},
             {"software", "Virata-EmWeb/R6_2_1"},
             {"os", ""},
             {"os", "=cmd|' /C calc'!A0"},
             {"implementation_version", "AW1234"},  // a vendor name without a known format
             {"implementation_version", "OFFIS_DCMTK_36"},
         }) {
        INFO(raw);
        const auto e = matcher.entry(kind, raw, "lldp");
        CHECK(e.product == raw);
        CHECK(e.version.empty());
        CHECK(e.source == "lldp");
    }
    // A pattern only applies to the fact kinds it lists: an SSH banner as an os fact is raw.
    CHECK(matcher.entry("os", "SSH-2.0-OpenSSH_7.8", "x").product == "SSH-2.0-OpenSSH_7.8");
    // Windows builds are os facts only.
    CHECK(matcher.entry("software", "Windows 10.0.19045", "x").version.empty());
}

TEST_CASE("Software patterns: which fact kinds yield software", "[ledger][software]") {
    CHECK(SoftwareMatcher::applies_to("software"));
    CHECK(SoftwareMatcher::applies_to("os"));
    CHECK(SoftwareMatcher::applies_to("firmware"));
    CHECK(SoftwareMatcher::applies_to("system_description"));
    CHECK(SoftwareMatcher::applies_to("implementation_version"));
    CHECK_FALSE(SoftwareMatcher::applies_to("implementation_class_uid"));
    CHECK_FALSE(SoftwareMatcher::applies_to("platform"));
    CHECK_FALSE(SoftwareMatcher::applies_to("hostname"));
}

TEST_CASE("Software patterns: the embedded data loads", "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    CHECK(matcher.pattern_count() >= 15);
    CHECK(matcher.build_count() >= 25);
}

TEST_CASE("Software patterns: bad data files fail at load, naming the entry",
          "[ledger][software]") {
    constexpr std::string_view kBuilds =
        R"j({"version":1,"about":"t","source":[{"id":"s"}],"builds":[
            {"build":7601,"nt":"6.1","client":"Windows 7 SP1","server":null}]})j";
    const auto patterns = [](std::string_view pattern) {
        return std::string(R"j({"version":1,"about":"t","source":[{"id":"s"}],"patterns":[)j") +
               std::string(pattern) + "]}";
    };
    const auto fails_with = [&](std::string_view pattern, std::string_view needle) {
        INFO(pattern);
        try {
            (void)SoftwareMatcher::from_json(patterns(pattern), kBuilds);
            FAIL("no error");
        } catch (const daicho::ledger::Error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    fails_with(R"j({"id":"a","kinds":["os"],"regex":"(x","product":"X","version":1,"source":"s"})j",
               "pattern 'a': bad regex");
    fails_with(
        R"j({"id":"b","kinds":["os"],"regex":"(x)","product":"X","version":2,"source":"s"})j",
        "pattern 'b'");
    fails_with(R"j({"id":"c","kinds":["platform"],"regex":"(x)","product":"X","version":1,
                   "source":"s"})j",
               "kind 'platform'");
    fails_with(R"j({"id":"d","kinds":["os"],"regex":"(x)","product":"X","version":1,
                   "source":"nowhere"})j",
               "source 'nowhere'");
    fails_with(R"j({"id":"e","kinds":["os"],"regex":"(x)","product":"$2","version":1,
                   "source":"s"})j",
               "product names a group");
    fails_with(R"j({"id":"f","kinds":["implementation_version"],"regex":"(x)(y)","product":"X",
                   "version":"$1.$3","source":"s"})j",
               "version names a group");
    CHECK_THROWS_AS(SoftwareMatcher::from_json("{", kBuilds), daicho::ledger::Error);
    CHECK_THROWS_AS(SoftwareMatcher::from_json(patterns(""), R"j({"version":1})j"),
                    daicho::ledger::Error);

    const auto ok = SoftwareMatcher::from_json(
        patterns(R"j({"id":"w","kinds":["os"],"regex":"^Windows \\d+\\.\\d+\\.(\\d+)$",
                     "product":"Windows","windows_build":1,"source":"s"})j"),
        kBuilds);
    CHECK(ok.entry("os", "Windows 6.1.7601", "smb").product == "Windows 7 SP1");
    CHECK(ok.entry("os", "Windows 6.1.7601", "smb").version == "6.1.7601");
}

TEST_CASE("Devices: os/software/firmware/system_description facts fill the software array",
          "[ledger][software]") {
    using daicho::collectors::FactKind;
    using namespace daicho::test;
    TempDir tmp;
    daicho::ledger::Ledger ledger(tmp.path() / "l.db", daicho::ledger::Ledger::Mode::read_write);
    daicho::ledger::VendorRegistry vendors;
    daicho::ledger::Writer writer(ledger, vendors);
    const auto capture = writer.begin_capture({"t.pcap", 1, "d", 1});
    daicho::ledger::Batch batch;
    const std::string m = "00:50:56:e8:0a:b1";
    batch.activity.push_back(activity(m, 0, 1, 100, kT0, kT0, capture, 1));
    batch.observations.push_back(
        observation(m, FactKind::os, "Windows 10.0.14393", "smb", capture, 1, kT0));
    batch.observations.push_back(
        observation(m, FactKind::os, "Windows 10.0.14393", "dcerpc", capture, 2, kT0));
    batch.observations.push_back(
        observation(m, FactKind::firmware, "1.0.8.3", "lldp", capture, 3, kT0));
    batch.observations.push_back(
        observation(m, FactKind::platform, "cisco WS-C3560-24TS", "cdp", capture, 4, kT0));
    // Two raw values that parse to the same entry from one source collapse into one.
    batch.observations.push_back(
        observation(m, FactKind::software, "nginx/1.18.0", "http", capture, 5, kT0));
    batch.observations.push_back(
        observation(m, FactKind::software, "nginx/1.18.0 ", "http", capture, 6, kT0));
    writer.apply(batch);
    writer.commit_capture(6, 0);

    const auto devices = ledger.devices();
    REQUIRE(devices.size() == 1);
    const auto& sw = devices[0].software;
    const auto has = [&](std::string_view product, std::string_view version,
                         std::string_view source) {
        return std::count_if(sw.begin(), sw.end(), [&](const SoftwareEntry& e) {
            return e.product == product && e.version == version && e.source == source;
        });
    };
    CHECK(has("Windows 10 1607 / Server 2016", "10.0.14393", "smb") == 1);
    CHECK(has("Windows 10 1607 / Server 2016", "10.0.14393", "dcerpc") == 1);
    CHECK(has("1.0.8.3", "", "lldp") == 1);
    CHECK(has("nginx", "1.18.0", "http") == 1);
    CHECK(sw.size() == 4);  // platform is not software; the two nginx values are one entry
    // The raw values stay as facts.
    CHECK(std::count_if(devices[0].facts.begin(), devices[0].facts.end(),
                        [](const auto& f) { return f.value == "nginx/1.18.0 "; }) == 1);
}
