// Version comparison (daicho/answers/version.h): the forms vendors write, each scheme's rule,
// release lines and CVE JSON 5 ranges. Each row states an order a vendor's documents give.

#include "daicho/answers/version.h"

#include <catch2/catch.hpp>
#include <string>

using daicho::answers::compare_versions;
using daicho::answers::in_range;
using daicho::answers::in_release;
using daicho::answers::version_scheme;
using daicho::answers::VersionScheme;

namespace {

int sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

struct Order {
    const char* a;
    const char* b;
    VersionScheme scheme;
    int expected;  // -1: a before b, 0: the same, 1: a after b
};

}  // namespace

TEST_CASE("versions compare part by part, numbers as numbers", "[answers][version]") {
    CHECK(compare_versions("7.2.10", "7.2.9") > 0);
    CHECK(compare_versions("7.2", "7.2.0") == 0);
    CHECK(compare_versions("v6.4.11", "6.4.11") == 0);
    CHECK(compare_versions("6.0.0beta", "6.0.0") < 0);
    CHECK(compare_versions("15.2(4)M7", "15.2(4)M10") < 0);
    CHECK(compare_versions("", "1") < 0);
    CHECK(compare_versions("", "") == 0);
}

TEST_CASE("each vendor's versions order as the vendor's advisories read them",
          "[answers][version]") {
    using S = VersionScheme;
    const Order cases[] = {
        // YAMAHA: "Rev." prefix, zero-padded parts.
        {"Rev.14.01.42", "Rev.14.01.9", S::standard, 1},
        {"Rev.14.01.09", "14.1.9", S::standard, 0},
        {"Rev.11.01.34", "Rev.14.01.16", S::standard, -1},
        {"Rev.15.02.29", "Rev.15.02.30", S::standard, -1},
        // Cisco ASA: 9.18(4)22 is interim 22 of maintenance release 9.18(4); the CVE records
        // write it 9.18.4.22.
        {"9.18(4)", "9.18(4)22", S::standard, -1},
        {"9.18(4)22", "9.18.4.22", S::standard, 0},
        {"9.18(4)22", "9.18(10)", S::standard, -1},
        {"9.8(4)48", "9.12(1)", S::standard, -1},
        // Ivanti / Pulse: release R, then the patch after a dot.
        {"22.7R2", "22.7R2.5", S::standard, -1},
        {"22.7R2.4", "22.7R2.5", S::standard, -1},
        {"22.7R2.10", "22.7R2.5", S::standard, 1},
        {"9.1R18", "22.1R6", S::standard, -1},
        {"9.1R9", "9.1R18", S::standard, -1},
        // PAN-OS: a hotfix comes after its release and before the next.
        {"10.2.9", "10.2.9-h1", S::pan_os, -1},
        {"10.2.9-h1", "10.2.9-h10", S::pan_os, -1},
        {"10.2.9-h12", "10.2.10", S::pan_os, -1},
        {"11.1.2-h3", "11.1.2-h3", S::pan_os, 0},
        // Without the PAN-OS rule "-h1" would read as a pre-release: the rule matters.
        {"10.2.9-h1", "10.2.9", S::standard, -1},
        // NetScaler: release-build, and the SNMP form of the same.
        {"13.1-49.13", "13.1-49.15", S::netscaler, -1},
        {"13.1-49.15", "NS13.1: Build 49.15.nc", S::netscaler, 0},
        {"13.0-92.19", "13.1-4.44", S::netscaler, -1},
        {"13.1-9.60", "13.1-37.164", S::netscaler, -1},
        // SonicOS: the platform letter and Gen7's revision do not order.
        {"6.5.4.14-109n", "6.5.4.14-109", S::sonicos, 0},
        {"6.5.4.14-109n", "6.5.4.15-116n", S::sonicos, -1},
        {"5.9.2.14-12o", "5.9.2.14-13o", S::sonicos, -1},
        {"7.0.1-5035-R1234", "7.0.1-5035", S::sonicos, 0},
        {"7.0.1-5035", "7.1.1-7040", S::sonicos, -1},
        {"SonicOS Enhanced 6.2.7.1-23n", "6.2.7.1-23n", S::sonicos, 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.a, c.b, static_cast<int>(c.scheme));
        CHECK(sign(compare_versions(c.a, c.b, c.scheme)) == c.expected);
        CHECK(sign(compare_versions(c.b, c.a, c.scheme)) == -c.expected);
    }
}

TEST_CASE("schemes are named in the data files", "[answers][version]") {
    CHECK(version_scheme("standard") == VersionScheme::standard);
    CHECK(version_scheme("pan-os") == VersionScheme::pan_os);
    CHECK(version_scheme("netscaler") == VersionScheme::netscaler);
    CHECK(version_scheme("sonicos") == VersionScheme::sonicos);
    CHECK_FALSE(version_scheme("PAN-OS").has_value());
    CHECK_FALSE(version_scheme("").has_value());
}

TEST_CASE("release lines are whole parts", "[answers][version]") {
    CHECK(in_release("7.2.8", "7.2"));
    CHECK_FALSE(in_release("7.20.1", "7.2"));
    CHECK_FALSE(in_release("7", "7.2"));
    CHECK_FALSE(in_release("7.2.8", ""));
    CHECK(in_release("Rev.14.01.42", "14.01"));
    CHECK_FALSE(in_release("Rev.15.02.01", "14.01"));
    CHECK(in_release("9.1R18.3", "9"));
    CHECK_FALSE(in_release("22.7R2.5", "9"));
    CHECK(in_release("10.2.9-h1", "10.2", VersionScheme::pan_os));
    CHECK(in_release("NS13.1: Build 49.15.nc", "13.1", VersionScheme::netscaler));
    CHECK_FALSE(in_release("13.0-92.19", "13.1", VersionScheme::netscaler));
    CHECK(in_release("9.18(4)22", "9.18"));
    CHECK_FALSE(in_release("9.1(7)", "9.18"));
}

TEST_CASE("CVE JSON 5 ranges: lessThan excludes, lessThanOrEqual includes", "[answers][version]") {
    CHECK(in_range("5.9.9", {"5.0.0", "6.0.0", ""}));
    CHECK_FALSE(in_range("6.0.0", {"5.0.0", "6.0.0", ""}));
    CHECK(in_range("6.0.4", {"6.0.0", "", "6.0.4"}));
    CHECK_FALSE(in_range("6.0.5", {"6.0.0", "", "6.0.4"}));
    CHECK_FALSE(in_range("5.9.9", {"6.0.0", "", "6.0.4"}));
    CHECK(in_range("1.2.3", {"1.2.3", "", ""}));  // a single version
    CHECK_FALSE(in_range("1.2.4", {"1.2.3", "", ""}));
    // A range in Rev. form, as a YAMAHA advisory would give it.
    CHECK(in_range("Rev.14.01.20", {"Rev.14.01.00", "", "Rev.14.01.38"}));
    CHECK_FALSE(in_range("Rev.14.01.39", {"Rev.14.01.00", "", "Rev.14.01.38"}));
    // The scheme reaches the bounds: the PAN-OS hotfix that fixes is outside.
    CHECK(in_range("10.2.9", {"10.2.0", "10.2.9-h1", ""}, VersionScheme::pan_os));
    CHECK_FALSE(in_range("10.2.9-h1", {"10.2.0", "10.2.9-h1", ""}, VersionScheme::pan_os));
    CHECK(in_range("NS13.1: Build 49.13.nc", {"13.1", "13.1-49.15", ""}, VersionScheme::netscaler));
}
