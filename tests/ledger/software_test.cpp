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
    {"system_description", "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)", "YAMAHA RTX1210",
     "Rev.14.01.42"},
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

namespace {

// Every part of an entry, for the values the issue lists and the public sources quote.
struct Parts {
    std::string_view kind;
    std::string_view raw;
    std::string_view source;
    std::string_view product;
    std::string_view version;
    std::string_view build;
    std::string_view model;
    std::string_view serial;
    std::string_view os;
};

const std::vector<Parts> kParts{
    // FortiOS: the build beside the version (LLDP/SNMP sysDescr, entPhysicalSoftwareRev).
    {"system_description", "FortiGate-60F v7.2.8,build1639,240313 (GA.M)", "lldp", "FortiOS",
     "7.2.8", "build1639", "FortiGate-60F", "", ""},
    {"system_description", "FortiGate-50E v5.4.6,build1165b1165,171018 (GA)", "snmp", "FortiOS",
     "5.4.6", "build1165b1165", "FortiGate-50E", "", ""},
    {"system_description", "FortiOS v7.2.5,build1517", "snmp", "FortiOS", "7.2.5", "build1517", "",
     "", ""},
    // YAMAHA writes "Rev." in front of its firmware revisions.
    {"system_description", "RTX810 Rev.11.01.34 (Tue Nov 26 18:39:12 2019)", "snmp",
     "YAMAHA RTX810", "Rev.11.01.34", "", "RTX810", "", ""},
    {"system_description", "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)", "lldp", "YAMAHA RTX1210",
     "Rev.14.01.42", "", "RTX1210", "", ""},
    // NEC UNIVERGE IX: the whole sysDescr.
    {"system_description",
     "NEC Portable Internetwork Core Operating System Software, IX Series IX2105 (magellan-sec) "
     "Software, Version 8.8.22, RELEASE SOFTWARE, Compiled Jul 04-Wed-2012 14:18:46 JST #2, "
     "IX2105",
     "snmp", "NEC UNIVERGE IX", "8.8.22", "", "IX2105", "", ""},
    {"system_description",
     "NEC Portable Internetwork Core Operating System Software, IX Series IX2235 (magellan-sec) "
     "Software, Version 10.6.21, RELEASE SOFTWARE, Compiled Dec 15-Fri-2023 10:11:12 JST #2, "
     "IX2235",
     "lldp", "NEC UNIVERGE IX", "10.6.21", "", "IX2235", "", ""},
    // Allied Telesis AlliedWare Plus: SNMP sysDescr and the show-version / LLDP line.
    {"system_description", "Allied Telesis router/switch, AW+ v5.4.7-2.5", "snmp",
     "AlliedWare Plus", "5.4.7-2.5", "", "", "", ""},
    {"system_description", "AlliedWare Plus (TM) 5.5.2 x230-28GT", "lldp", "AlliedWare Plus",
     "5.5.2", "", "x230-28GT", "", ""},
    {"system_description", "AlliedWare Plus (TM) 5.4.2 09/25/13 12:57:26", "lldp",
     "AlliedWare Plus", "5.4.2", "", "", "", ""},
    // RICOH: model and firmware before the network-interface names.
    {"system_description",
     "RICOH Aficio MP C3000 1.70 / RICOH Network Printer C model / RICOH Network Scanner C "
     "model / RICOH Network Facsimile C model",
     "snmp", "RICOH Aficio MP C3000", "1.70", "", "Aficio MP C3000", "", ""},
    {"system_description",
     "RICOH IPSiO SP C301SF v1.26 / RICOH Network Printer C model /RICOH Network Scanner C "
     "model /RICOH Network Facsimile C model",
     "snmp", "RICOH IPSiO SP C301SF", "1.26", "", "IPSiO SP C301SF", "", ""},
    {"system_description", "RICOH Pro 907EX 1.02 / RICOH Network Printer C model", "snmp",
     "RICOH Pro 907EX", "1.02", "", "Pro 907EX", "", ""},
    // Brother print servers: the firmware of the network interface.
    {"system_description", "Brother NC-9700h, Firmware Ver.1.21  (23.10.16),MID 8CE-K73,FID 2",
     "snmp", "Brother NC-9700h", "1.21", "", "", "", ""},
    // A serial number inside a sysDescr.
    {"system_description", "SSG5-ISDN version 6.3.0r14.0 (SN: 0000000000000001, Firewall+VPN)",
     "snmp", "Juniper ScreenOS", "6.3.0r14.0", "", "SSG5-ISDN", "0000000000000001", ""},
    // HL7 SFT as the hl7 decoder joins it: "<SFT-3> <SFT-2>".
    {"software", "CNS-6201 HL7 Gateway 05-02", "hl7", "CNS-6201 HL7 Gateway", "05-02", "", "", "",
     ""},
    {"software", "DaichoLab Monitor Gateway 4.12.3", "hl7", "DaichoLab Monitor Gateway", "4.12.3",
     "", "", "", ""},
    // Bare versions: a DICOM implementation version name, an LLDP-MED firmware revision.
    {"implementation_version", "V8.30SP0010", "dicom", "", "V8.30SP0010", "", "", "", ""},
    {"firmware", "1.0.8.3", "lldp", "", "1.0.8.3", "", "", "", ""},
    // Decoder facts of other kinds: DHCP vendor classes, version.bind, CryptoAPI, certificates.
    {"vendor_class", "dhcpcd-9.4.1:Linux-5.10.103-v7l+:armv7l:BCM2711", "dhcp", "dhcpcd", "9.4.1",
     "", "", "", "Linux 5.10.103-v7l+"},
    {"vendor_class", "dhcpcd-6.11.5:Linux-4.14.78:armv7l:Freescale", "dhcp", "dhcpcd", "6.11.5", "",
     "", "", "Linux 4.14.78"},
    {"vendor_class", "dhcpcd-10.0.6", "dhcpv6", "dhcpcd", "10.0.6", "", "", "", ""},
    {"vendor_class", "udhcp 1.22.1", "dhcp", "BusyBox udhcpc", "1.22.1", "", "", "", ""},
    {"vendor_class", "MSFT 5.0", "dhcp", "Microsoft DHCP client", "5.0", "", "", "", "Windows"},
    {"software", "dnsmasq-2.89", "dns", "dnsmasq", "2.89", "", "", "", ""},
    {"software", "dnsmasq-2.63rc6", "dns", "dnsmasq", "2.63rc6", "", "", "", ""},
    {"software", "Microsoft-CryptoAPI/10.0", "http", "Microsoft CryptoAPI", "10.0", "", "", "",
     "Windows NT 10.0"},
    {"certificate",
     "subject=CN=FGT60FTK2109A001,OU=FortiGate,O=Fortinet,L=Sunnyvale,ST=California,C=US; "
     "issuer=CN=FGT60FTK2109A001,OU=FortiGate,O=Fortinet",
     "tls", "FortiGate", "", "", "", "FGT60FTK2109A001", ""},
    // Windows OS strings as decoders state them.
    {"os", "Windows 8.1 9600", "smb", "Windows 8.1 / Server 2012 R2", "6.3.9600", "", "", "", ""},
    {"os", "Windows NT 10.0", "http", "Windows", "10.0", "", "", "", ""},
};

}  // namespace

TEST_CASE("Software patterns: product, version, build, model, serial and OS apart",
          "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    for (const auto& c : kParts) {
        INFO(c.kind << " (" << c.source << "): " << c.raw);
        const auto e = matcher.entry(c.kind, c.raw, c.source);
        CHECK(e.product == c.product);
        CHECK(e.version == c.version);
        CHECK(e.build == c.build);
        CHECK(e.model == c.model);
        CHECK(e.serial == c.serial);
        CHECK(e.os == c.os);
        CHECK(e.source == c.source);
        CHECK(e.kind == c.kind);
        // The rule of issue 11: a value that holds a version never gives a product alone.
        CHECK((!e.product.empty() || !e.version.empty()));
    }
}

TEST_CASE("Software patterns: a pattern for one decoder's format reads only its values",
          "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    // The HL7 SFT split is for the hl7 decoder's "<SFT-3> <SFT-2>" only: an HTTP Server
    // header of the same shape stays whole.
    const auto http = matcher.entry("software", "Some Server 2.1", "http");
    CHECK(http.product == "Some Server 2.1");
    CHECK(http.version.empty());
    CHECK(matcher.entry("software", "Some Server 2.1", "hl7").version == "2.1");
}

TEST_CASE("Software patterns: vendor classes and certificates give software only on a match",
          "[ledger][software]") {
    const auto& matcher = Knowledge::builtin()->software();
    CHECK(SoftwareMatcher::applies_to("vendor_class"));
    CHECK(SoftwareMatcher::applies_to("certificate"));
    CHECK_FALSE(SoftwareMatcher::lists_unmatched("vendor_class"));
    CHECK_FALSE(SoftwareMatcher::lists_unmatched("certificate"));
    CHECK(SoftwareMatcher::lists_unmatched("system_description"));
    CHECK_FALSE(matcher.match("vendor_class", "android-dhcp-13", "dhcp").has_value());
    CHECK_FALSE(matcher.match("certificate", "subject=CN=pacs.hosp.local; issuer=CN=ca", "tls")
                    .has_value());
    // A certificate that only names Fortinet in its issuer is not a FortiGate's own.
    CHECK_FALSE(matcher
                    .match("certificate",
                           "subject=CN=www.example.org; issuer=CN=FGT60FTK2109A001,O=Fortinet",
                           "tls")
                    .has_value());
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
    fails_with(R"j({"id":"g","kinds":["os"],"regex":"(x)","product":"","model":1,"source":"s"})j",
               "an empty product needs a \"version\"");
    fails_with(R"j({"id":"h","kinds":["os"],"regex":"(x)","product":"X","source":"s"})j",
               "pattern 'h': needs a");
    fails_with(R"j({"id":"i","kinds":["os"],"regex":"(x)","product":"X","build":2,
                   "source":"s"})j",
               "pattern 'i'");
    fails_with(R"j({"id":"j","kinds":["os"],"regex":"(x)","product":"X","version":1,
                   "sources":[],"source":"s"})j",
               "\"sources\" must list");
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
    batch.observations.push_back(observation(m, FactKind::implementation_class_uid,
                                             "1.2.392.200036.9116.2.6.1.48", "dicom", capture, 7,
                                             kT0));
    batch.observations.push_back(
        observation(m, FactKind::implementation_version, "V8.30SP0010", "dicom", capture, 7, kT0));
    batch.observations.push_back(
        observation(m, FactKind::vendor_class, "MSFT 5.0", "dhcp", capture, 8, kT0));
    batch.observations.push_back(
        observation(m, FactKind::vendor_class, "android-dhcp-13", "dhcp", capture, 9, kT0));
    writer.apply(batch);
    writer.commit_capture(9, 0);

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
    CHECK(has("", "1.0.8.3", "lldp") == 1);  // a bare version, no product made up
    CHECK(has("nginx", "1.18.0", "http") == 1);
    // The DICOM implementation class UID's root names whose bare version it is.
    CHECK(has("Canon Medical Systems (Toshiba)", "V8.30SP0010", "dicom") == 1);
    // A vendor class that a pattern reads is software; one that no pattern reads is not.
    CHECK(has("Microsoft DHCP client", "5.0", "dhcp") == 1);
    // platform is not software; the two nginx values are one entry; android-dhcp-13 none.
    CHECK(sw.size() == 6);
    // The raw values stay as facts.
    CHECK(std::count_if(devices[0].facts.begin(), devices[0].facts.end(),
                        [](const auto& f) { return f.value == "nginx/1.18.0 "; }) == 1);
}
