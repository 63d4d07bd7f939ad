// SSDP (UPnP Device Architecture 2.0 §1.2-1.3) through the whole frame path.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/ssdp.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using daicho::collectors::LinkType;
using namespace daicho::test;

namespace {

constexpr std::size_t kMaxHeaders = 32;       // proto/ssdp/ssdp.h
constexpr std::size_t kMaxLineBytes = 1024;

std::vector<std::byte> ssdp(const std::string& text, std::uint16_t sport = 54321,
                            std::uint16_t dport = 1900) {
    std::vector<std::byte> f = hex("01 00 5e 7f ff fa f0 2f 4b 09 93 bc 08 00 45 00");
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    put16(static_cast<unsigned>(28 + text.size()));
    append(f, hex("00 01 00 00 ff 11 00 00 c0 a8 f2 32 ef ff ff fa"));
    put16(sport);
    put16(dport);
    put16(static_cast<unsigned>(8 + text.size()));
    put16(0);
    append(f, bytes_of(text));
    return f;
}

std::vector<std::string> values(const Decoded& d, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

const std::string kSearchHead = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n";

}  // namespace

TEST_CASE("SSDP NOTIFY: server, location, device type, USN", "[collectors][ssdp]") {
    const auto d = decode_hex(fixtures::kSsdpNotify);
    CHECK(d.counter("ssdp").decoded == 1);
    for (const auto& f : d.facts) {
        CHECK(f.source == "ssdp");
        CHECK(f.subject.ip == ip("192.168.5.49"));
        CHECK(f.subject.mac == mac("00:21:cc:6c:1f:05"));
    }
    CHECK(values(d, FactKind::url) ==
          std::vector<std::string>{"http://192.168.5.49:2869/upnphost/udhisapi.dll?content=uuid:"
                                   "5b2e5bb8-4d0f-4b5e-9a6e-2d4c1f9a0c11"});
    CHECK(values(d, FactKind::device_type) ==
          std::vector<std::string>{"urn:schemas-upnp-org:device:MediaRenderer:1"});
    CHECK(values(d, FactKind::software) ==
          std::vector<std::string>{"Microsoft-Windows/10.0 UPnP/1.0 UPnP-Device-Host/1.0"});
    CHECK(values(d, FactKind::other) ==
          std::vector<std::string>{"ssdp-usn=uuid:5b2e5bb8-4d0f-4b5e-9a6e-2d4c1f9a0c11::urn:"
                                   "schemas-upnp-org:device:MediaRenderer:1"});
    // Windows' UPnP device host names its NT version: an os fact of the announcing host.
    CHECK(values(d, FactKind::os) == std::vector<std::string>{"Windows 10.0"});
    CHECK(d.facts.size() == 5);
}

TEST_CASE("SSDP M-SEARCH: user agent; ST is what it looks for", "[collectors][ssdp]") {
    const auto d = decode_hex(fixtures::kSsdpMsearch);
    CHECK(d.counter("ssdp").decoded == 1);
    CHECK(values(d, FactKind::user_agent) ==
          std::vector<std::string>{"Google Chrome/99.0.4844.74 Mac OS X"});
    CHECK(values(d, FactKind::device_type).empty());
    CHECK(values(d, FactKind::other) ==
          std::vector<std::string>{"ssdp-search=urn:dial-multiscreen-org:service:dial:1"});
    CHECK(values(d, FactKind::os).empty());  // "Mac OS X" names no version here
}

TEST_CASE("SSDP USER-AGENT of Windows: the NT version as os", "[collectors][ssdp]") {
    const auto d = decode_bytes(ssdp(kSearchHead +
                                     "USER-AGENT: Microsoft-Windows-NT/5.1 UPnP/1.0\r\n\r\n"));
    CHECK(values(d, FactKind::os) == std::vector<std::string>{"Windows 5.1"});
    // Edge's M-SEARCH names only the family: no os fact (the user_agent keeps the text).
    const auto edge = decode_bytes(
        ssdp(kSearchHead + "USER-AGENT: Microsoft Edge/99.0.1150.30 Windows\r\n\r\n"));
    CHECK(values(edge, FactKind::os).empty());
    CHECK(values(edge, FactKind::user_agent).size() == 1);
}

TEST_CASE("SSDP search response: case-insensitive headers, service", "[collectors][ssdp]") {
    const auto d = decode_hex(fixtures::kSsdpResponse);
    CHECK(d.counter("ssdp").decoded == 1);
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/1900"});
    CHECK(values(d, FactKind::software) ==
          std::vector<std::string>{"Linux UPnP/1.0 Sonos/57.3-79060 (ZPS1)"});
    CHECK(values(d, FactKind::device_type) ==
          std::vector<std::string>{"urn:schemas-upnp-org:device:ZonePlayer:1"});
    CHECK(values(d, FactKind::url) ==
          std::vector<std::string>{"http://192.168.1.69:1400/xml/device_description.xml"});
    CHECK(values(d, FactKind::other).size() == 1);
}

TEST_CASE("SSDP start lines and line ends", "[collectors][ssdp]") {
    SECTION("not HTTPU: not mine") {
        CHECK(decode_bytes(ssdp("GET / HTTP/1.1\r\n\r\n")).counter("ssdp").not_mine == 1);
        CHECK(decode_bytes(ssdp("\x01\x02\x03")).counter("ssdp").not_mine == 1);
    }
    SECTION("an error status is not read") {
        const auto d = decode_bytes(ssdp("HTTP/1.1 404 Not Found\r\nSERVER: x\r\n\r\n", 1900));
        CHECK(d.counter("ssdp").unsupported == 1);
        CHECK(d.facts.empty());
    }
    SECTION("NT that is not a urn: type is no device type") {
        const auto d = decode_bytes(ssdp("NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n\r\n"));
        CHECK(values(d, FactKind::device_type).empty());
    }
    SECTION("bare LF line ends and no empty line are accepted") {
        const auto d = decode_bytes(ssdp(kSearchHead + "User-Agent:  UA/1.0 \n"));
        CHECK(d.counter("ssdp").decoded == 1);
        CHECK(values(d, FactKind::user_agent) == std::vector<std::string>{"UA/1.0"});
    }
    SECTION("a last line without its end: malformed, truncated when cut, no fact") {
        const auto b = ssdp(kSearchHead + "USER-AGENT: Google Chrome");
        const auto d = decode_bytes(b);
        CHECK(d.counter("ssdp").malformed == 1);
        CHECK(values(d, FactKind::user_agent).empty());
        const auto cut = decode_bytes(b, LinkType::ethernet,
                                      static_cast<std::uint32_t>(b.size() + 30));
        CHECK(cut.counter("ssdp").truncated == 1);
        CHECK(cut.facts.empty());
    }
    SECTION("a start line cut short is truncated") {
        const auto b = ssdp("M-SEA");
        CHECK(decode_bytes(b, LinkType::ethernet, static_cast<std::uint32_t>(b.size() + 30))
                  .counter("ssdp")
                  .truncated == 1);
    }
    SECTION("folded continuation lines are skipped") {
        const auto d = decode_bytes(ssdp(kSearchHead + "X-Long: a\r\n SERVER: folded\r\n\r\n"));
        CHECK(values(d, FactKind::software).empty());
    }
}

TEST_CASE("SSDP named limits and hostile values", "[collectors][ssdp]") {
    SECTION("more than kMaxHeaders header lines") {
        std::string text = kSearchHead;
        for (std::size_t i = 0; i < kMaxHeaders + 5; ++i) {
            text += "X-" + std::to_string(i) + ": y\r\n";
        }
        text += "USER-AGENT: late\r\n\r\n";
        const auto d = decode_bytes(ssdp(text));
        CHECK(d.counter("ssdp").limited == 1);
        CHECK(values(d, FactKind::user_agent).empty());
    }
    SECTION("a line longer than kMaxLineBytes") {
        const auto d = decode_bytes(ssdp("USER-AGENT: a\r\n" + kSearchHead + "SERVER: " +
                                         std::string(kMaxLineBytes + 10, 'S') + "\r\n\r\n"));
        CHECK(d.counter("ssdp").not_mine == 1);  // the start line must come first
        const auto long_line = decode_bytes(ssdp(kSearchHead + "SERVER: " +
                                                 std::string(kMaxLineBytes + 10, 'S') +
                                                 "\r\nUSER-AGENT: ua\r\n\r\n"));
        CHECK(long_line.counter("ssdp").limited == 1);
        CHECK(long_line.facts.empty());
    }
    SECTION("values over kMaxValueBytes are capped by the sink") {
        const auto d =
            decode_bytes(ssdp(kSearchHead + "USER-AGENT: " + std::string(700, 'U') + "\r\n\r\n"));
        CHECK(d.counter("ssdp").decoded == 1);
        CHECK(values(d, FactKind::user_agent) ==
              std::vector<std::string>{std::string(daicho::collectors::kMaxValueBytes, 'U')});
    }
    SECTION("control bytes, formula prefixes and invalid UTF-8 are kept verbatim") {
        const std::string hostile = "=cmd|' /C calc'!A0 \x01\x1b[31m \xc3\x28 \xff";
        const auto d = decode_bytes(ssdp(kSearchHead + "USER-AGENT: " + hostile + "\r\n\r\n"));
        CHECK(values(d, FactKind::user_agent) == std::vector<std::string>{hostile});
    }
}
