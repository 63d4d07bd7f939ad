// A live capture's connection rows stored at every merge (pipeline/connection_deltas.h): each
// merge hands the ledger only what is new, so the ledger's sums equal the table's totals.

#include <catch2/catch.hpp>
#include <vector>

#include "pipeline/connection_deltas.h"

using daicho::agent::ConnectionDeltas;
using daicho::collectors::Conversation;
using daicho::collectors::IpAddress;

namespace {

Conversation row(std::uint8_t last_octet, std::uint64_t packets, std::uint32_t sessions,
                 std::uint64_t out, std::uint64_t in) {
    Conversation c;
    c.inside = IpAddress::v4(0x0A4E0002);
    c.outside = IpAddress::v4(0xC6336400U | last_octet);
    c.sensor = 1;
    c.ip_proto = 6;
    c.server_port = 443;
    c.packets = packets;
    c.sessions = sessions;
    c.bytes_to_outside = out;
    c.bytes_to_inside = in;
    c.longest_us = static_cast<std::int64_t>(packets) * 1000;
    return c;
}

}  // namespace

TEST_CASE("connection deltas: each merge stores what is new; sums equal the table's totals",
          "[agent][connections]") {
    ConnectionDeltas deltas;
    auto first = deltas.take({row(80, 10, 1, 1000, 5000)});
    REQUIRE(first.size() == 1);
    CHECK(first[0].packets == 10);
    CHECK(first[0].sessions == 1);

    // The same conversation grew; another appeared; one did not move.
    auto second = deltas.take({row(80, 25, 2, 1600, 9000), row(90, 3, 1, 300, 0)});
    REQUIRE(second.size() == 2);
    CHECK(second[0].packets == 15);
    CHECK(second[0].sessions == 1);
    CHECK(second[0].bytes_to_outside == 600);
    CHECK(second[0].bytes_to_inside == 4000);
    // The longest session is a maximum, not a sum: it goes as the table has it.
    CHECK(second[0].longest_us == 25000);
    CHECK(second[1].packets == 3);

    CHECK(deltas.take({row(80, 25, 2, 1600, 9000), row(90, 3, 1, 300, 0)}).empty());

    // Evicted and made again: the table counts from zero, and so does the delta.
    auto again = deltas.take({row(80, 4, 1, 100, 100)});
    REQUIRE(again.size() == 1);
    CHECK(again[0].packets == 4);
    // A row gone from the table is forgotten: when it comes back, all of it is new.
    auto back = deltas.take({row(90, 5, 1, 500, 0)});
    REQUIRE(back.size() == 1);
    CHECK(back[0].packets == 5);
}
