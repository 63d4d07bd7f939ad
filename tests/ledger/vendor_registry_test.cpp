// VendorRegistry: Debian ieee-data CSV parsing and longest-prefix lookup.

#include "daicho/ledger/vendor_registry.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "daicho/ledger/ledger.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using daicho::ledger::Error;
using daicho::ledger::VendorRegistry;
using daicho::test::mac;
using daicho::test::TempDir;
using daicho::test::write_bytes;

namespace {

constexpr const char* kHeader = "Registry,Assignment,Organization Name,Organization Address\n";

}  // namespace

TEST_CASE("the longest registered prefix names the vendor", "[ledger][vendors]") {
    TempDir dir;
    write_bytes(
        dir.path() / "oui.csv",
        std::string(kHeader) +
            "MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane Piscataway NJ US 08554 \n"
            "MA-L,00000C,\"Cisco Systems, Inc\",170 WEST TASMAN DRIVE SAN JOSE CA US \n"
            "MA-L,001122,  Padded Name  ,somewhere\r\n"
            "MA-L,a4b1c2,lower case hex,x\n"
            "MA-L,ZZZZZZ,not hex,x\n"
            "MA-L,0011223,wrong length for MA-L,x\n");
    write_bytes(dir.path() / "mam.csv",
                std::string(kHeader) + "MA-M,70B3D51,\"Medical \"\"Pumps\"\", Ltd\",\"a, b\"\n");
    write_bytes(dir.path() / "oui36.csv",
                std::string(kHeader) +
                    "MA-S,70B3D5123,Tiny Sensor Co,\"multi\nline address\"\n"
                    "MA-S,70B3D5124,Next Row After Multiline,x");  // no final newline
    const auto r = VendorRegistry::load(dir.path());
    CHECK(r.size() == 7);
    CHECK(r.lookup(mac("70:b3:d5:12:30:01")) == "Tiny Sensor Co");  // MA-S
    CHECK(r.lookup(mac("70:b3:d5:12:40:01")) == "Next Row After Multiline");
    CHECK(r.lookup(mac("70:b3:d5:1f:00:01")) == "Medical \"Pumps\", Ltd");       // MA-M
    CHECK(r.lookup(mac("70:b3:d5:20:00:01")) == "IEEE Registration Authority");  // MA-L
    CHECK(r.lookup(mac("00:00:0c:07:ac:01")) == "Cisco Systems, Inc");
    CHECK(r.lookup(mac("00:11:22:33:44:55")) == "Padded Name");
    CHECK(r.lookup(mac("a4:b1:c2:00:00:00")) == "lower case hex");
    CHECK(r.lookup(mac("00:50:56:00:00:01")).empty());
}

TEST_CASE("add() registers test and user assignments", "[ledger][vendors]") {
    VendorRegistry r;
    CHECK(r.size() == 0);
    r.add("0050C2", "Short");
    r.add("0050C21", "Middle");
    r.add(" 0050c2123 ", " Long ");
    CHECK(r.lookup(mac("00:50:c2:12:34:56")) == "Long");
    CHECK(r.lookup(mac("00:50:c2:1f:34:56")) == "Middle");
    CHECK(r.lookup(mac("00:50:c2:ff:34:56")) == "Short");
    r.add("0050C2", "Replaced");
    CHECK(r.lookup(mac("00:50:c2:ff:34:56")) == "Replaced");
    CHECK_THROWS_AS(r.add("0050C", "five digits"), Error);
    CHECK_THROWS_AS(r.add("0050CG", "not hex"), Error);
    CHECK_THROWS_AS(r.add("0050C3", "  "), Error);
}

TEST_CASE("a registry directory without registry files is an error", "[ledger][vendors]") {
    TempDir dir;
    const fs::path missing = dir.path() / "no-ieee-data";
    CHECK_THROWS_WITH(VendorRegistry::load(missing),
                      Contains(missing.string()) && Contains("oui.csv"));
    CHECK_THROWS_AS(VendorRegistry::load(dir.path()), Error);
    // One readable file is enough.
    write_bytes(dir.path() / "iab.csv",
                std::string(kHeader) + "IAB,0050C27D5,DEUTA-WERKE GmbH,x\n");
    CHECK(VendorRegistry::load(dir.path()).lookup(mac("00:50:c2:7d:50:00")) == "DEUTA-WERKE GmbH");
}

TEST_CASE("the installed IEEE registry loads", "[ledger][vendors]") {
    const fs::path ieee = DAICHO_IEEE_DATA_DIR;
    if (!fs::exists(ieee / "oui.csv")) {
        WARN("skipped: no IEEE registry at " << ieee.string() << " (install ieee-data)");
        return;
    }
    const auto r = VendorRegistry::load(ieee);
    CHECK(r.size() > 30000);
    CHECK(r.lookup(mac("00:00:0c:12:34:56")) == "Cisco Systems, Inc");
    // 70:B3:D5 is the IEEE's own MA-L, carved into MA-S blocks.
    CHECK(r.lookup(mac("70:b3:d5:f2:f0:00")) == "TELEPLATFORMS");
}
