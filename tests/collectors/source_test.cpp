// The PacketSource a capture file is read through, and the packet digest that tells captures
// apart by their frames rather than their files' bytes.

#include "daicho/collectors/source.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/pcap_bytes.h"
#include "../support/pcapng_bytes.h"
#include "../support/temp_dir.h"
#include "daicho/collectors/packet_digest.h"

using daicho::collectors::CaptureError;
using daicho::collectors::CaptureFile;
using daicho::collectors::Frame;
using daicho::collectors::LinkType;
using daicho::collectors::PacketDigest;
using daicho::collectors::PacketSource;
using daicho::test::PcapRecord;

namespace {

std::vector<PcapRecord> records(std::size_t count) {
    std::vector<PcapRecord> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        out[i].bytes.resize(60 + i % 5);
        for (std::size_t j = 0; j < out[i].bytes.size(); ++j) {
            out[i].bytes[j] = static_cast<std::byte>((i * 7 + j) % 256);
        }
        out[i].ts_sec = 1772438400 + static_cast<std::uint32_t>(i);
        out[i].ts_usec = static_cast<std::uint32_t>(i * 13 % 1000000);
        out[i].wire_len = i % 4 == 0 ? 1514 : 0;
    }
    return out;
}

// The digest after each frame of `source`, in order.
std::vector<std::string> digests(PacketSource& source) {
    std::vector<std::string> out;
    PacketDigest d;
    Frame f;
    while (source.next(f)) {
        d.add(f);
        out.push_back(d.hex());
    }
    return out;
}

}  // namespace

TEST_CASE("a capture file source: name, link, stats, frames in order, stop",
          "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto recs = records(50);
    const auto path = dir.path() / "fifty.pcap";
    daicho::test::write_file(path, daicho::test::pcap_bytes(recs));

    auto source = daicho::collectors::open_capture_file(path);
    CHECK(source->name() == path.string());
    CHECK(source->finite());
    CHECK(source->interface_count() == 1);
    CHECK(source->link_type() == LinkType::ethernet);
    Frame f;
    for (std::size_t i = 0; i < 20; ++i) {
        REQUIRE(source->next(f));
        CHECK(f.evidence.frame_no == i + 1);
        CHECK(f.bytes.size() == recs[i].bytes.size());
        CHECK(f.interface_id == 0);
    }
    CHECK(source->stats().received == 20);
    CaptureFile direct(path);
    PacketDigest mine;
    for (std::size_t i = 0; i < 20; ++i) {
        REQUIRE(direct.next(f));
        mine.add(f);
    }
    REQUIRE(source->digest().has_value());
    CHECK(source->digest()->hex() == mine.hex());  // after the frames handed out, not read
    CHECK_FALSE(source->stats().dropped.has_value());  // a file cannot lose frames
    source->stop();
    CHECK_FALSE(source->next(f));
}

TEST_CASE("a capture file source keeps CaptureFile's damage contract", "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto recs = records(30);
    auto bytes = daicho::test::pcap_bytes(recs);
    bytes.resize(bytes.size() - 10);  // the last record cut mid-frame
    const auto path = dir.path() / "cut.pcap";
    daicho::test::write_file(path, bytes);

    auto source = daicho::collectors::open_capture_file(path);
    Frame f;
    std::size_t n = 0;
    std::string error;
    try {
        while (source->next(f)) {
            ++n;
        }
    } catch (const CaptureError& e) {
        error = e.what();
    }
    CHECK(n == 29);
    CHECK(error.find("damaged after frame 29") != std::string::npos);
    CaptureFile direct(path);
    CHECK_FALSE(direct.digest().has_value());  // the caller digests a plain CaptureFile
    std::size_t direct_n = 0;
    PacketDigest mine;
    CHECK_THROWS_AS(
        [&] {
            while (direct.next(f)) {
                ++direct_n;
                mine.add(f);
            }
        }(),
        CaptureError);
    CHECK(direct_n == n);
    // The file source digests on its reader thread: the frames before the damage, no more.
    REQUIRE(source->digest().has_value());
    CHECK(source->digest()->frames() == 29);
    CHECK(source->digest()->hex() == mine.hex());
}

TEST_CASE("packet digest: one capture as pcap and pcapng is one digest; it names prefixes",
          "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto recs = records(40);
    const auto pcap = dir.path() / "a.pcap";
    const auto pcapng = dir.path() / "a.pcapng";
    daicho::test::write_file(pcap, daicho::test::pcap_bytes(recs));
    daicho::test::write_file(pcapng, daicho::test::pcapng_bytes(recs));
    CaptureFile a(pcap);
    CaptureFile b(pcapng);
    const auto da = digests(a);
    const auto db = digests(b);
    REQUIRE(da.size() == 40);
    CHECK(da == db);

    SECTION("the first frames of a longer capture have the shorter capture's digest") {
        const std::vector<PcapRecord> first(recs.begin(), recs.begin() + 25);
        const auto part = dir.path() / "part.pcap";
        daicho::test::write_file(part, daicho::test::pcap_bytes(first));
        CaptureFile p(part);
        const auto dp = digests(p);
        REQUIRE(dp.size() == 25);
        CHECK(dp.back() == da[24]);
        CHECK(dp.back() != da.back());
    }
    SECTION("a changed timestamp, length or byte is another digest") {
        auto changed = recs;
        SECTION("timestamp") { changed[10].ts_usec += 1; }
        SECTION("original length") { changed[10].wire_len = 9000; }
        SECTION("a byte") { changed[10].bytes[33] ^= std::byte{1}; }
        const auto other = dir.path() / "other.pcap";
        daicho::test::write_file(other, daicho::test::pcap_bytes(changed));
        CaptureFile o(other);
        const auto dox = digests(o);
        CHECK(dox[9] == da[9]);
        CHECK(dox[10] != da[10]);
        CHECK(dox.back() != da.back());
    }
}
