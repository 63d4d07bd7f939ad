// The pipeline's bounded per-batch tables: they count, fold and report "full" at their limit;
// and a capture file's conversations evicted from a full table are still stored.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../collectors/ip_frames.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "pcap_bytes.h"
#include "pipeline/activity_table.h"
#include "pipeline/fact_folder.h"
#include "pipeline/ingest.h"
#include "tcp_frame_bytes.h"
#include "temp_dir.h"

using daicho::agent::ActivityTable;
using daicho::agent::FactFolder;
using daicho::collectors::FactKind;
using daicho::collectors::MacAddress;
using daicho::collectors::Observation;
using daicho::collectors::PacketContext;

namespace {

PacketContext from(std::uint8_t last_octet, std::uint16_t vlan, std::int64_t ts) {
    PacketContext ctx;
    ctx.has_l2 = true;
    ctx.src_mac = MacAddress{{0x00, 0x18, 0x73, 0x00, 0x00, last_octet}};
    ctx.vlan = vlan;
    ctx.evidence.ts_us = ts;
    ctx.evidence.frame_no = static_cast<std::uint64_t>(ts);
    return ctx;
}

}  // namespace

TEST_CASE("activity table sums per MAC and VLAN", "[agent][pipeline]") {
    ActivityTable t(16);
    REQUIRE(t.add(from(1, 10, 5), 100));
    REQUIRE(t.add(from(1, 10, 3), 60));
    REQUIRE(t.add(from(1, 20, 7), 60));
    REQUIRE(t.add(from(2, 10, 9), 1514));
    std::vector<daicho::ledger::DeviceActivity> out;
    t.drain_into(out);
    REQUIRE(out.size() == 3);
    CHECK(t.empty());
    for (const auto& a : out) {
        if (a.mac.octets[5] == 1 && a.vlan == 10) {
            CHECK(a.packets == 2);
            CHECK(a.bytes == 160);
            CHECK(a.first_us == 3);
            CHECK(a.last_us == 5);
            CHECK(a.first_evidence.frame_no == 5);  // the first frame read, not the earliest stamp
        }
    }
}

TEST_CASE("activity table reports full at half its capacity, then works after a drain",
          "[agent][pipeline]") {
    ActivityTable t(16);
    for (std::uint8_t i = 0; i < 8; ++i) {
        REQUIRE(t.add(from(i, 1, i), 60));
    }
    CHECK_FALSE(t.add(from(100, 1, 1), 60));
    CHECK(t.add(from(3, 1, 9), 60));  // known senders still count when full
    std::vector<daicho::ledger::DeviceActivity> out;
    t.drain_into(out);
    CHECK(out.size() == 8);
    CHECK(t.add(from(100, 1, 1), 60));
}

TEST_CASE("fact folder folds repeats and keeps distinct facts apart", "[agent][pipeline]") {
    FactFolder f(16);
    std::vector<daicho::ledger::StoredObservation> batch;
    Observation o;
    o.subject.has_mac = true;
    o.subject.mac = MacAddress{{0, 1, 2, 3, 4, 5}};
    o.kind = FactKind::hostname;
    o.value = "RAD-WS01";
    o.source = "dhcp";
    o.evidence.ts_us = 10;
    REQUIRE(f.add(o, batch));
    o.evidence.ts_us = 20;
    REQUIRE(f.add(o, batch));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].count == 2);
    CHECK(batch[0].evidence.ts_us == 10);
    CHECK(batch[0].last_us == 20);

    o.value = "RAD-WS02";
    REQUIRE(f.add(o, batch));
    o.source = "nbns";
    REQUIRE(f.add(o, batch));
    o.subject.vlan = 7;
    REQUIRE(f.add(o, batch));
    CHECK(batch.size() == 4);

    const std::vector<std::string> more{"a", "b", "c", "d"};
    for (const auto& v : more) {
        o.value = v;
        REQUIRE(f.add(o, batch));
    }
    o.value = "one too many";
    CHECK_FALSE(f.add(o, batch));
    f.clear();
    batch.clear();
    CHECK(f.add(o, batch));
}

namespace {

// A capture of `n` UDP conversations from one inside host (RFC 1918) to `n` outside
// addresses, one datagram each, a second apart.
std::filesystem::path conversations_capture(const daicho::test::TempDir& dir, int n) {
    std::vector<daicho::test::PcapRecord> records;
    for (int i = 0; i < n; ++i) {
        daicho::test::TcpEnds e;
        e.src_ip = {10, 20, 0, 5};
        e.dst_ip = {198, 51, 100, static_cast<std::uint8_t>(10 + i)};
        e.src_port = 40000;
        e.dst_port = 4500;
        daicho::test::PcapRecord r;
        r.bytes = daicho::test::udp_frame(e, "ping");
        r.ts_sec += static_cast<std::uint32_t>(i);
        records.push_back(std::move(r));
    }
    const auto path = dir.path() / "conversations.pcap";
    const auto bytes = daicho::test::pcap_bytes(records);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT
               static_cast<std::streamsize>(bytes.size()));
    return path;
}

}  // namespace

TEST_CASE("a capture file keeps the conversations a full table evicted", "[agent][pipeline]") {
    // A file's conversation rows are stored once, at its end: rows evicted before then are
    // kept (as many as the table holds, by default) and stored with the rest.
    daicho::test::TempDir dir;
    const auto capture = conversations_capture(dir, 20);
    const daicho::ledger::VendorRegistry vendors;

    SECTION("kept: every conversation becomes a point") {
        daicho::ledger::Ledger l(dir.path() / "kept.ledger",
                                 daicho::ledger::Ledger::Mode::read_write);
        daicho::agent::IngestOptions options;
        options.decoders.conversations.entries = 8;  // one set of eight ways
        options.decoders.conversations.keep_evicted = 16;
        daicho::agent::IngestPipeline pipeline(l, vendors, options);
        const auto r = pipeline.ingest(capture, nullptr);
        REQUIRE(r.status == daicho::agent::FileResult::Status::ingested);
        CHECK(r.connections.evictions == 0);
        CHECK(r.connections.rows == 20);
        const auto list = daicho::ledger::Snapshot(l).connections();
        CHECK(list.points.size() == 20);
        // The first conversation, evicted first, is among them with its own time.
        CHECK(std::any_of(list.points.begin(), list.points.end(), [](const auto& p) {
            return p.remote_address == "198.51.100.10" &&
                   p.first_seen_us == std::int64_t{daicho::test::PcapRecord{}.ts_sec} * 1'000'000;
        }));
    }
    SECTION("the default keeps as many as the table holds; the rest are counted as lost") {
        daicho::ledger::Ledger l(dir.path() / "default.ledger",
                                 daicho::ledger::Ledger::Mode::read_write);
        daicho::agent::IngestOptions options;
        options.decoders.conversations.entries = 8;
        daicho::agent::IngestPipeline pipeline(l, vendors, options);
        const auto r = pipeline.ingest(capture, nullptr);
        REQUIRE(r.status == daicho::agent::FileResult::Status::ingested);
        CHECK(r.connections.evictions == 4);  // 12 evicted, 8 kept
        const auto list = daicho::ledger::Snapshot(l).connections();
        CHECK(list.points.size() == 16);
        CHECK(list.evictions == 4);  // as the capture recorded it
    }
}

TEST_CASE("a device new in a capture is created with its first frame, whichever table filled",
          "[agent][pipeline]") {
    // Frame 1: host D sends a datagram (traffic only). Frame 2: D answers a SYN (a fact about
    // D). Frames 3-4: host X answers two SYNs. The fact table holds two facts, so frame 4
    // flushes. When a flush left the traffic totals behind, D was created by its fact at frame
    // 2, and its device_new event cited frame 2 while the device's first frame was 1.
    daicho::test::TempDir dir;
    daicho::test::TcpEnds d;
    d.src_mac = {0x00, 0x11, 0x22, 0x00, 0x00, 0x0d};
    d.src_ip = {10, 20, 0, 5};
    daicho::test::TcpEnds x = d;
    x.src_mac = {0x00, 0x11, 0x22, 0x00, 0x00, 0x0e};
    x.src_ip = {10, 20, 0, 6};
    constexpr std::uint8_t kSynAck = daicho::test::kSyn | daicho::test::kAck;
    const std::span<const std::byte> none;
    std::vector<daicho::test::PcapRecord> records(4);
    records[0].bytes = daicho::test::udp_frame(d, "hello");
    d.src_port = 22;
    records[1].bytes = daicho::test::tcp_frame(d, kSynAck, 1, none);
    x.src_port = 80;
    records[2].bytes = daicho::test::tcp_frame(x, kSynAck, 1, none);
    x.src_port = 443;
    records[3].bytes = daicho::test::tcp_frame(x, kSynAck, 1, none);
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].ts_sec += static_cast<std::uint32_t>(i);
    }
    const auto path = dir.path() / "order.pcap";
    const auto bytes = daicho::test::pcap_bytes(records);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT
               static_cast<std::streamsize>(bytes.size()));

    daicho::ledger::Ledger l(dir.path() / "order.ledger", daicho::ledger::Ledger::Mode::read_write);
    const daicho::ledger::VendorRegistry vendors;
    daicho::agent::IngestOptions options;
    options.fact_slots = 4;  // two facts a batch
    daicho::agent::IngestPipeline pipeline(l, vendors, options);
    REQUIRE(pipeline.ingest(path, nullptr).status == daicho::agent::FileResult::Status::ingested);

    const auto devices = daicho::ledger::Snapshot(l).devices();
    const auto it = std::find_if(devices.begin(), devices.end(),
                                 [](const auto& dev) { return dev.mac == "00:11:22:00:00:0d"; });
    REQUIRE(it != devices.end());
    CHECK(it->first_evidence.frame == 1);
    CHECK(std::find(it->services.begin(), it->services.end(), "tcp/22") != it->services.end());
    const auto events = daicho::ledger::read_events(l, {});
    const auto created = std::find_if(events.begin(), events.end(), [](const auto& e) {
        return e.kind == "device_new" && e.mac == "00:11:22:00:00:0d";
    });
    REQUIRE(created != events.end());
    CHECK(created->frame == 1);
}
