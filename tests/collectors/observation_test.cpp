// MacAddress and IpAddress text forms (RFC 5952 for IPv6 output).

#include <catch2/catch.hpp>

#ifdef _WIN32
#include <ws2tcpip.h>  // inet_ntop (the Windows build under Wine)
#else
#include <arpa/inet.h>
#endif

#include <array>
#include <string>

#include "daicho/collectors/observation.h"

using daicho::collectors::IpAddress;
using daicho::collectors::MacAddress;

TEST_CASE("MacAddress prints lower case and parses both separators",
          "[collectors][observation]") {
    const MacAddress m{{0x00, 0x1A, 0x2b, 0xFF, 0x04, 0x5e}};
    CHECK(m.to_string() == "00:1a:2b:ff:04:5e");
    CHECK(MacAddress::parse("00:1A:2B:FF:04:5E") == m);
    CHECK(MacAddress::parse("00-1a-2b-ff-04-5e") == m);
    CHECK_FALSE(MacAddress::parse("00:1a:2b:ff:04"));
    CHECK_FALSE(MacAddress::parse("00:1a:2b:ff:04:5g"));
    CHECK_FALSE(MacAddress::parse("00:1a-2b:ff:04:5e"));
    CHECK_FALSE(MacAddress::parse("00:1a:2b:ff:04:5e:"));
    CHECK_FALSE(MacAddress::parse(""));
    CHECK(m.as_u64() == 0x001a2bff045eULL);
}

TEST_CASE("IPv4 text round-trips and rejects ambiguity", "[collectors][observation]") {
    CHECK(IpAddress::v4(0xC0A8010AU).to_string() == "192.168.1.10");
    CHECK(IpAddress::parse("192.168.1.10") == IpAddress::v4(0xC0A8010AU));
    CHECK(IpAddress::parse("0.0.0.0")->is_unspecified());
    CHECK(IpAddress::parse("255.255.255.255") == IpAddress::v4(0xFFFFFFFFU));
    for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..3.4", "1.2.3.4 ",
                            "", "a.b.c.d", "1.2.3.-4"}) {
        INFO(bad);
        CHECK_FALSE(IpAddress::parse(bad));
    }
    CHECK(IpAddress{}.to_string().empty());
}

TEST_CASE("IPv6 prints in RFC 5952 form", "[collectors][observation]") {
    const auto check = [](const char* in, const char* want) {
        INFO(in);
        auto a = IpAddress::parse(in);
        REQUIRE(a);
        CHECK(a->family == IpAddress::Family::v6);
        CHECK(a->to_string() == want);
    };
    check("::", "::");
    check("::1", "::1");
    check("fe80:0:0:0:0211:22ff:fe33:4455", "fe80::211:22ff:fe33:4455");
    check("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1");       // §4.2.3 first of equal runs
    check("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");    // §4.2.2 one zero group stays
    check("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");             // §4.2.3 the longest run
    check("1::", "1::");
    check("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0");
    check("::ffff:192.0.2.1", "::ffff:192.0.2.1");            // §5 IPv4-mapped
    check("64:ff9b::192.0.2.33", "64:ff9b::c000:221");
    check("ff02::1:ff00:1", "ff02::1:ff00:1");
}

TEST_CASE("IPv6 output agrees with inet_ntop", "[collectors][observation]") {
    std::array<std::uint8_t, 16> o{};
    std::uint32_t seed = 12345;
    for (int i = 0; i < 2000; ++i) {
        for (auto& b : o) {
            seed = seed * 1103515245U + 12345U;
            const auto r = (seed >> 16U) & 0xFFU;
            b = (r & 1U) != 0 ? 0 : static_cast<std::uint8_t>(r);  // plenty of zero runs
        }
        if (o[0] == 0 && o[1] == 0 && o[2] == 0 && o[3] == 0 && o[4] == 0 && o[5] == 0 &&
            o[6] == 0 && o[7] == 0 && o[8] == 0 && o[9] == 0) {
            continue;  // glibc prints deprecated ::a.b.c.d forms there; RFC 5952 does not
        }
        std::array<char, 64> buf{};
        REQUIRE(inet_ntop(AF_INET6, o.data(), buf.data(), buf.size()) != nullptr);
        const auto a = IpAddress::v6(o);
        CHECK(a.to_string() == std::string(buf.data()));
        CHECK(IpAddress::parse(a.to_string()) == a);
    }
}

TEST_CASE("IPv6 parse rejects malformed text", "[collectors][observation]") {
    for (const char* bad : {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                            "12345::", "g::1", "1:", ":1", "1::2:", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4",
                            "fe80::1%eth0", "1:2:3:4:5:6:7:8::"}) {
        INFO(bad);
        CHECK_FALSE(IpAddress::parse(bad));
    }
    CHECK(IpAddress::parse("1:2:3:4:5:6:1.2.3.4"));
    CHECK(IpAddress::parse("::1.2.3.4"));
}
