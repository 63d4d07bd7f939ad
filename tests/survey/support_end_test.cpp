// End of support at its edges: for each curated appliance line, a version of the line is in
// support on the row's last day and has ended the day after; versions of other lines never
// reach the row. The statements come as the decoders write them (software_patterns.json), so a
// real device's sysDescr reaches the same row. Lines without a source on file (Cisco ASA per
// train, YAMAHA per model) are checked through a data directory's rows: the version forms
// ("9.18(4)22", "Rev.14.01.42") must pick the right line once a person adds them.

#include <catch2/catch.hpp>
#include <fstream>

#include "answers_fixtures.h"
#include "catalogue_lookup.h"
#include "daicho/answers/support_status.h"
#include "daicho/ledger/knowledge.h"
#include "temp_dir.h"

using namespace daicho;
using answers::Catalogue;
using State = answers::detail::SupportStatus::State;

namespace {

ledger::DeviceRecord appliance(const char* product, const char* version) {
    auto d = test::device(1, "network", "firewall");
    test::software(d, "system_description", product, version);
    return d;
}

// "<row name> in support" / "<row name> ended" / "unknown" on `as_of`.
std::string status(const Catalogue& c, const ledger::DeviceRecord& d, const char* as_of) {
    const auto st = answers::detail::support_status(d, c, as_of);
    switch (st.state) {
        case State::in_support:
            return st.name + " in support";
        case State::ended:
            return st.name + " ended";
        case State::ended_unless_ltsc:
            return st.name + " ended unless LTSC";
        case State::unknown:
            break;
    }
    return "unknown";
}

}  // namespace

TEST_CASE("curated appliance lines: in support on the last day, ended the day after",
          "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    struct Case {
        const char* product;  // as a fact names it
        const char* version;
        const char* row;
        const char* last_day;
        const char* day_after;
    };
    const Case cases[] = {
        // FortiOS 5.x: Fortinet's End of Support (EOS).
        {"FortiOS", "5.6.14", "FortiOS 5.6", "2021-09-30", "2021-10-01"},
        {"FortiGate", "5.4.13", "FortiOS 5.4", "2020-06-21", "2020-06-22"},
        {"Fortinet FortiOS", "5.2.15", "FortiOS 5.2", "2018-12-13", "2018-12-14"},
        {"FortiOS", "5.0.14", "FortiOS 5.0", "2017-05-01", "2017-05-02"},
        // NetScaler per release: Citrix's End of Life; ADC and Gateway are one firmware.
        {"NetScaler ADC", "14.1-66.59", "NetScaler 14.1", "2030-08-08", "2030-08-09"},
        {"Citrix NetScaler", "13.1-49.15", "NetScaler 13.1", "2027-09-15", "2027-09-16"},
        {"Citrix ADC", "13.0-92.21", "NetScaler 13.0", "2024-07-15", "2024-07-16"},
        {"NetScaler Gateway", "12.1-65.39", "NetScaler 12.1", "2023-05-30", "2023-05-31"},
        // A FIPS build of 12.1 reads as 12.1 (its own track ended 2025-12-31).
        {"Citrix NetScaler", "12.1-55.333", "NetScaler 12.1", "2023-05-30", "2023-05-31"},
    };
    for (const auto& k : cases) {
        CAPTURE(k.product, k.version);
        const auto d = appliance(k.product, k.version);
        CHECK(status(c, d, k.last_day) == std::string(k.row) + " in support");
        CHECK(status(c, d, k.day_after) == std::string(k.row) + " ended");
    }
}

TEST_CASE("versions outside a curated line reach another row or none", "[answers][catalogue]") {
    const auto& c = *Catalogue::builtin();
    struct Case {
        const char* product;
        const char* version;
        const char* expected;  // on 2026-12-07
    };
    const Case cases[] = {
        {"FortiOS", "4.3.19", "unknown"},  // before 5.0: no source on file
        {"FortiOS", "6.0.18", "FortiOS 6.0 ended"},
        {"FortiOS", "5.60.1", "unknown"},  // not 5.6: parts compare whole
        {"Citrix NetScaler", "11.1-65.23", "unknown"},
        {"Citrix NetScaler", "13.10-1.1", "unknown"},
        {"Citrix NetScaler", "13.1-4.44", "NetScaler 13.1 in support"},
        {"Citrix NetScaler", "14.1-66.59", "NetScaler 14.1 in support"},
        // Lines with no source on file stay unknown, never "in support".
        {"Cisco ASA", "9.18(4)22", "unknown"},
        {"SonicOS", "6.5.4.14-109n", "unknown"},
        {"Ivanti Connect Secure", "22.7R2.5", "unknown"},
    };
    for (const auto& k : cases) {
        CAPTURE(k.product, k.version);
        CHECK(status(c, appliance(k.product, k.version), "2026-12-07") == k.expected);
    }
}

TEST_CASE("a device's sysDescr reaches the curated row", "[answers][catalogue]") {
    // Statements as the decoder tests quote them (tests/ledger/software_test.cpp, and
    // catalogue_test.cpp's NetScaler sysDescr in recog's form).
    const auto knowledge = ledger::Knowledge::builtin();
    const auto& c = *Catalogue::builtin();
    const auto from = [&](const char* sysdescr) {
        auto d = test::device(1, "network", "firewall");
        d.software.push_back(knowledge->software().entry("system_description", sysdescr, "snmp"));
        return d;
    };
    const auto fgt = from("FortiGate-50E v5.4.6,build1165b1165,171018 (GA)");
    CHECK(status(c, fgt, "2020-06-21") == "FortiOS 5.4 in support");
    CHECK(status(c, fgt, "2020-06-22") == "FortiOS 5.4 ended");
    const auto ns = from("NetScaler NS13.0: Build 47.22.nc, Date: Jan 16 2020, 05:11:07");
    CHECK(status(c, ns, "2024-07-15") == "NetScaler 13.0 in support");
    CHECK(status(c, ns, "2024-07-16") == "NetScaler 13.0 ended");
}

TEST_CASE("ASA trains and YAMAHA Rev. forms pick their own line", "[answers][catalogue]") {
    // Test rows, not facts: no per-train ASA or per-model YAMAHA date has a source on file yet.
    // A data directory's rows are read as built-in ones would be.
    test::TempDir dir;
    std::ofstream(dir.path() / "support_dates.json")
        << R"({"version":1,"about":"t","source":[{"id":"s"}],"products":[)"
           R"({"name":"Cisco ASA","aliases":["Cisco Adaptive Security Appliance"],"source":"s",)"
           R"("checked":"2026-12-07"}],"releases":[)"
           R"({"product":"Cisco ASA","release":"9.1","name":"ASA 9.1","end":"2020-01-01",)"
           R"("source":"s","checked":"2026-12-07"},)"
           R"({"product":"Cisco ASA","release":"9.18","name":"ASA 9.18","end":"2030-01-01",)"
           R"("source":"s","checked":"2026-12-07"},)"
           R"({"product":"YAMAHA RTX1210","release":"14.01","name":"RTX1210","end":"2030-03-31",)"
           R"("source":"s","checked":"2026-12-07"},)"
           R"({"product":"YAMAHA RTX810","release":"11.01","name":"RTX810","end":"2022-03-31",)"
           R"("source":"s","checked":"2026-12-07"}]})";
    const auto c = Catalogue::load(dir.path());
    struct Case {
        const char* product;
        const char* version;
        const char* as_of;
        const char* expected;
    };
    const Case cases[] = {
        {"Cisco ASA", "9.18(4)22", "2030-01-01", "ASA 9.18 in support"},
        {"Cisco ASA", "9.18(4)22", "2030-01-02", "ASA 9.18 ended"},
        {"Cisco ASA", "9.1(7)32", "2020-01-02", "ASA 9.1 ended"},
        {"Cisco ASA", "9.12(4)65", "2026-12-07", "unknown"},  // 9.12 is not 9.1
        {"YAMAHA RTX1210", "Rev.14.01.42", "2030-03-31", "RTX1210 in support"},
        {"YAMAHA RTX1210", "Rev.14.01.42", "2030-04-01", "RTX1210 ended"},
        {"YAMAHA RTX810", "Rev.11.01.34", "2022-04-01", "RTX810 ended"},
        {"YAMAHA RTX810", "Rev.14.01.42", "2026-12-07", "unknown"},  // another model's line
    };
    for (const auto& k : cases) {
        CAPTURE(k.product, k.version, k.as_of);
        CHECK(status(*c, appliance(k.product, k.version), k.as_of) == k.expected);
    }
    // The decoders' statements reach those rows: ASA's sysDescr, YAMAHA's.
    const auto knowledge = ledger::Knowledge::builtin();
    auto asa = test::device(2, "network", "firewall");
    asa.software.push_back(knowledge->software().entry(
        "system_description", "Cisco Adaptive Security Appliance Version 9.18(4)22", "snmp"));
    CHECK(status(*c, asa, "2026-12-07") == "ASA 9.18 in support");
    auto rtx = test::device(3, "network", "router");
    rtx.software.push_back(knowledge->software().entry(
        "system_description", "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)", "snmp"));
    CHECK(status(*c, rtx, "2026-12-07") == "RTX1210 in support");
}
