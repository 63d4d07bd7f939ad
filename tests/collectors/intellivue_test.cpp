// Philips IntelliVue Connect Indication (collectors/src/proto/intellivue/intellivue.cpp): the
// fixture's identity, messages that are not Connect Indications, lengths that lie, hostile
// labels and the attribute limit. Offsets below are into the fixture frame (payload at 42).

#include "fixtures/intellivue.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "proto/intellivue/intellivue.h"

using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

constexpr std::size_t kRoType = 46;
constexpr std::size_t kEventType = 66;
constexpr std::size_t kProdSpecLength = 106;
constexpr std::size_t kModelBytes = 180;  // the 8 bytes of the model number label

std::vector<std::byte> fixture() { return hex(fixtures::kIntellivueConnectIndication); }

void put16(std::vector<std::byte>& b, std::size_t at, std::uint16_t v) {
    b.at(at) = static_cast<std::byte>(v >> 8U);
    b.at(at + 1) = static_cast<std::byte>(v & 0xFFU);
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

}  // namespace

TEST_CASE("intellivue: a Connect Indication names the monitor", "[collectors][intellivue]") {
    const auto d = decode_hex(fixtures::kIntellivueConnectIndication);
    CHECK(d.counter("intellivue").decoded == 1);
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"intellivue-monitor"});
    CHECK(values(d, FactKind::service) == std::vector<std::string>{"udp/24105"});
    CHECK(values(d, FactKind::manufacturer) == std::vector<std::string>{"Philips"});
    CHECK(values(d, FactKind::model) == std::vector<std::string>{"M8007A"});
    CHECK(values(d, FactKind::serial_number) == std::vector<std::string>{"DA12345678"});
    // The application software's revision, trailing pad removed.
    CHECK(values(d, FactKind::software) == std::vector<std::string>{"IntelliVue M8007A H.15.41"});
    // The firmware entry belongs to another component (0x0078), not the product.
    CHECK(values(d, FactKind::firmware).empty());
    for (const auto& f : d.facts) {
        CHECK(f.source == "intellivue");
        CHECK(f.subject.mac == mac("00:09:fb:12:34:56"));
        CHECK(f.subject.ip == ip("10.20.30.41"));
    }
}

TEST_CASE("intellivue: other messages on port 24005 yield nothing", "[collectors][intellivue]") {
    SECTION("not a Data Export nomenclature") {
        auto b = fixture();
        b.at(44) = std::byte{2};  // major version 2
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").not_mine == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a result, not an invocation") {
        auto b = fixture();
        put16(b, kRoType, 2);  // RORS_APDU
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").unsupported == 1);
        CHECK(d.facts.empty());
    }
    SECTION("another event (MDS create)") {
        auto b = fixture();
        put16(b, kEventType, 0x0D06);
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").unsupported == 1);
        CHECK(d.facts.empty());
    }
}

TEST_CASE("intellivue: a length that lies makes the message malformed, with no facts",
          "[collectors][intellivue]") {
    SECTION("production spec longer than its attribute") {
        auto b = fixture();
        put16(b, kProdSpecLength, 0x0100);
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("more attributes counted than the list holds") {
        auto b = fixture();
        put16(b, 70, 9);
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("ROapdus length past the datagram") {
        auto b = fixture();
        put16(b, 48, 0x0400);
        const auto d = decode_bytes(b);
        CHECK(d.counter("intellivue").malformed == 1);
    }
}

TEST_CASE("intellivue: hostile labels are kept verbatim and capped", "[collectors][intellivue]") {
    auto b = fixture();
    const std::string evil = "\x1b[2J=1+";  // 7 bytes: terminal escape and a formula
    for (std::size_t i = 0; i < evil.size(); ++i) {
        b.at(kModelBytes + i) = static_cast<std::byte>(evil[i]);
    }
    const auto d = decode_bytes(b);
    CHECK(values(d, FactKind::model) == std::vector<std::string>{evil});
    CHECK(values(d, FactKind::software) ==
          std::vector<std::string>{"IntelliVue " + evil + " H.15.41"});
}

TEST_CASE("intellivue: attribute limit", "[collectors][intellivue]") {
    // A list of kMaxAttributes + 1 empty attributes.
    const std::size_t n = daicho::collectors::intellivue::kMaxAttributes + 1;
    auto b = fixture();
    b.resize(74);
    for (std::size_t i = 0; i < n; ++i) {
        b.push_back(std::byte{0x09});
        b.push_back(std::byte{0x99});
        b.push_back(std::byte{0});
        b.push_back(std::byte{0});
    }
    const auto list = static_cast<std::uint16_t>(4 * n);
    put16(b, 70, static_cast<std::uint16_t>(n));
    put16(b, 72, list);
    put16(b, 68, static_cast<std::uint16_t>(list + 4));       // event info
    put16(b, 54, static_cast<std::uint16_t>(list + 4 + 14));  // ROIV command length
    put16(b, 48, static_cast<std::uint16_t>(list + 4 + 20));  // ROapdus length
    put16(b, 38, static_cast<std::uint16_t>(list + 4 + 36));  // UDP length
    put16(b, 16, static_cast<std::uint16_t>(list + 4 + 56));  // IPv4 total length
    const auto d = decode_bytes(b);
    CHECK(d.counter("intellivue").limited == 1);
    CHECK(values(d, FactKind::role) == std::vector<std::string>{"intellivue-monitor"});
}
