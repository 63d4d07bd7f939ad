// ReadAhead must hand out exactly what CaptureFile does, in order, across block boundaries,
// and deliver a damaged file's error only after every frame before the damage.

#include "source/read_ahead.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "../support/pcap_bytes.h"
#include "../support/temp_dir.h"
#include "daicho/collectors/source.h"

using daicho::collectors::CaptureError;
using daicho::collectors::CaptureFile;
using daicho::collectors::Frame;
using daicho::collectors::ReadAhead;
using daicho::collectors::ReadAheadConfig;

namespace {

// Frame i: `size` bytes, every byte (i + j) mod 251, so a frame handed out with the wrong
// bytes, in the wrong order or cut short does not compare equal.
std::vector<daicho::test::PcapRecord> patterned(std::size_t count, std::size_t size) {
    std::vector<daicho::test::PcapRecord> records(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto& r = records[i];
        r.bytes.resize(size + i % 7);
        for (std::size_t j = 0; j < r.bytes.size(); ++j) {
            r.bytes[j] = static_cast<std::byte>((i + j) % 251);
        }
        r.ts_sec = 1772438400 + static_cast<std::uint32_t>(i / 1000);
        r.ts_usec = static_cast<std::uint32_t>(i % 1000);
        r.wire_len = static_cast<std::uint32_t>(r.bytes.size() + (i % 3 == 0 ? 100 : 0));
    }
    return records;
}

bool same(const Frame& f, const daicho::test::PcapRecord& r, std::uint64_t frame_no) {
    const std::int64_t ts = std::int64_t{r.ts_sec} * 1'000'000 + r.ts_usec;
    return f.ts_us == ts && f.evidence.ts_us == ts && f.evidence.frame_no == frame_no &&
           f.wire_len == r.wire_len && f.bytes.size() == r.bytes.size() &&
           std::equal(f.bytes.begin(), f.bytes.end(), r.bytes.begin());
}

}  // namespace

TEST_CASE("read-ahead hands out every frame of a multi-block capture, in order",
          "[collectors][source]") {
    daicho::test::TempDir dir;
    // ~2.2 MB with 256 KiB blocks: nine block boundaries, each cutting between frames.
    const auto records = patterned(1500, 1500);
    const auto path = dir.path() / "many.pcap";
    daicho::test::write_file(path, daicho::test::pcap_bytes(records));

    CaptureFile file(path);
    ReadAheadConfig config;
    config.block_bytes = 262144;
    config.blocks = 2;
    ReadAhead reader(file, config);
    Frame f;
    std::size_t n = 0;
    std::size_t mismatches = 0;
    while (reader.next(f)) {
        REQUIRE(n < records.size());
        if (!same(f, records[n], n + 1)) {
            ++mismatches;
        }
        ++n;
    }
    CHECK(n == records.size());
    CHECK(mismatches == 0);
    CHECK(reader.progress().frames == records.size());
    CHECK(reader.progress().bytes_read == reader.progress().bytes_total);
    CHECK_FALSE(reader.next(f));  // stays at the end
}

TEST_CASE("read-ahead delivers a damaged capture's frames, then its error",
          "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto records = patterned(400, 1200);
    auto bytes = daicho::test::pcap_bytes(records);
    bytes.resize(bytes.size() - 500);  // the last record is cut mid-frame
    const auto path = dir.path() / "cut.pcap";
    daicho::test::write_file(path, bytes);

    CaptureFile file(path);
    ReadAheadConfig config;
    config.block_bytes = 262144;
    ReadAhead reader(file, config);
    Frame f;
    std::size_t n = 0;
    std::string error;
    try {
        while (reader.next(f)) {
            ++n;
        }
    } catch (const CaptureError& e) {
        error = e.what();
    }
    CHECK(n == records.size() - 1);
    CHECK(error.find("cut.pcap") != std::string::npos);
    CHECK(error.find("damaged after frame 399") != std::string::npos);
    CHECK_FALSE(reader.next(f));  // the error is reported once
}

TEST_CASE("read-ahead can be abandoned mid-file", "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto path = dir.path() / "many.pcap";
    daicho::test::write_file(path, daicho::test::pcap_bytes(patterned(3000, 1400)));
    CaptureFile file(path);
    ReadAheadConfig config;
    config.block_bytes = 262144;
    config.blocks = 2;
    {
        ReadAhead reader(file, config);
        Frame f;
        REQUIRE(reader.next(f));
        CHECK(f.evidence.frame_no == 1);
    }  // the reader is blocked on a full ring here; destruction must stop and join it (a hang
       // here fails the test by ctest's timeout)
}

TEST_CASE("read-ahead refuses a config it cannot honour", "[collectors][source]") {
    daicho::test::TempDir dir;
    const auto path = dir.path() / "one.pcap";
    daicho::test::write_file(path, daicho::test::pcap_bytes(patterned(1, 60)));
    CaptureFile file(path);
    ReadAheadConfig small;
    small.block_bytes = 4096;  // could not hold a maximum-snaplen frame
    CHECK_THROWS_AS(ReadAhead(file, small), std::invalid_argument);
    ReadAheadConfig one;
    one.blocks = 1;  // no overlap with one block
    CHECK_THROWS_AS(ReadAhead(file, one), std::invalid_argument);
}
