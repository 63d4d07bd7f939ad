// kill -9 in the middle of a capture: the capture is staged outside the ledger and merged in
// one transaction (write/staging.h), so the ledger reopens intact, with every committed
// capture and either all of the killed one (it died after its merge committed) or nothing.

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::numbered_devices;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

enum class Death { exit_9, sigkill };

constexpr int kRounds = 30;
constexpr int kPerRound = 100;

constexpr int kConnections = 100;  // external connection points of the killed capture

// One conversation per device numbered from 1000 (numbered_devices' addresses) to the outside.
std::vector<daicho::collectors::Conversation> killed_conversations(std::uint32_t cap) {
    std::vector<daicho::collectors::Conversation> rows;
    for (int i = 1000; i < 1000 + kConnections; ++i) {
        char m[18];
        char a[16];
        std::snprintf(m, sizeof m, "00:16:3e:%02x:%02x:01", (i >> 8) & 0xff, i & 0xff);
        std::snprintf(a, sizeof a, "10.1.%d.%d", (i >> 8) & 0xff, i & 0xff);
        rows.push_back(daicho::test::conversation(a, m, "203.0.113.7", "00:09:0f:00:00:01", 6, 443,
                                                  daicho::collectors::Opener::inside, kT0 + i,
                                                  kT0 + i + 5, cap, 7));
    }
    return rows;
}

// A whole multi-batch capture, committed: what the random kills interrupt.
void ingest_killed_capture(Ledger& l) {
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/killed.pcap", 2, "sha256:killed", 1});
    for (int round = 0; round < kRounds; ++round) {
        w.apply(numbered_devices(c, 1000 + round * kPerRound, kPerRound, true));
    }
    w.record_connections(killed_conversations(c), {kConnections, 0, true});
    w.commit_capture(kRounds * kPerRound, 0);
}

void make_base(const fs::path& file) {
    Ledger l(file, Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/ok.pcap", 1, "sha256:ok", 1});
    w.apply(numbered_devices(c, 0, 50, true));
    w.commit_capture(50, 0);
}

// In a child: begin a capture, write a lot, die without committing.
[[noreturn]] void die_mid_capture(const fs::path& file, Death how) {
    Ledger l(file, Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/killed.pcap", 2, "sha256:killed", 1});
    for (int round = 0; round < 20; ++round) {
        w.apply(numbered_devices(c, 1000 + round * 100, 100, true));
    }
    // Push pages into the WAL file as a long capture would (cache spill), then die.
    query(l, "PRAGMA cache_size = 10");
    w.apply(numbered_devices(c, 5000, 500, true));
    if (how == Death::exit_9) {
        _exit(9);
    }
    std::raise(SIGKILL);
    _exit(1);  // not reached
}

}  // namespace

TEST_CASE("a writer killed mid-capture leaves the ledger intact", "[ledger][crash]") {
    const Death how = GENERATE(Death::exit_9, Death::sigkill);
    TempDir dir;
    const fs::path file = dir.path() / "crash.ledger";
    {
        Ledger l(file, Ledger::Mode::read_write);
        VendorRegistry vendors;
        Writer w(l, vendors);
        const auto c = w.begin_capture(CaptureInfo{"/captures/ok.pcap", 1, "sha256:ok", 1});
        w.apply(numbered_devices(c, 0, 50, true));
        w.commit_capture(50, 0);
    }  // no SQLite handle may cross fork()

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        die_mid_capture(file, how);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    if (how == Death::exit_9) {
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 9);
    } else {
        REQUIRE(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGKILL);
    }

    Ledger l(file, Ledger::Mode::read_write);
    CHECK(query(l, "PRAGMA integrity_check") == "ok");
    CHECK(query(l, "PRAGMA foreign_key_check").empty());
    CHECK(l.find_capture(1, "sha256:ok"));
    CHECK_FALSE(l.find_capture(2, "sha256:killed"));
    CHECK(query(l, "SELECT count(*) FROM captures") == "1");
    CHECK(l.device_count() == 50);
    CHECK(query(l, "SELECT count(*) FROM device_addresses") == "50");
    CHECK(query(l, "SELECT count(*) FROM device_facts") == "50");
    // The killed capture wrote 2,500 device_new events before it died; none survive.
    CHECK(query(l, "SELECT count(*) FROM events") == "50");

    // And it takes the next capture as usual.
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/killed.pcap", 2, "sha256:killed", 1});
    w.apply(numbered_devices(c, 1000, 10, true));
    CHECK(w.commit_capture(10, 0).devices_new == 10);
    CHECK(query(l, "SELECT count(*) FROM events") == "60");
}

TEST_CASE("kill -9 at random points of a multi-batch ingest: all of it or nothing, once",
          "[ledger][crash]") {
    TempDir dir;
    const fs::path base = dir.path() / "base.ledger";
    make_base(base);  // closed: the file alone holds it, no -wal

    // How long a whole ingest takes here, so the kills land all over it (staging, merge, after).
    const fs::path timing = dir.path() / "timing.ledger";
    fs::copy_file(base, timing);
    const auto start = std::chrono::steady_clock::now();
    {
        Ledger l(timing, Ledger::Mode::read_write);
        ingest_killed_capture(l);
    }
    const auto whole = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);

    std::mt19937 rng(20261206);
    std::uniform_int_distribution<std::int64_t> at(0, whole.count() * 11 / 10);
    int absent = 0;
    int complete = 0;
    for (int i = 0; i < 12; ++i) {
        const fs::path file = dir.path() / ("crash" + std::to_string(i) + ".ledger");
        fs::copy_file(base, file);
        const auto delay = std::chrono::microseconds(at(rng));
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            Ledger l(file, Ledger::Mode::read_write);
            ingest_killed_capture(l);
            pause();  // done: wait for the kill like the others
            _exit(1);
        }
        std::this_thread::sleep_for(delay);
        kill(child, SIGKILL);
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFSIGNALED(status));

        INFO("kill " << i << " after " << delay.count() << " us of " << whole.count());
        Ledger l(file, Ledger::Mode::read_write);
        CHECK(query(l, "PRAGMA integrity_check") == "ok");
        CHECK(query(l, "PRAGMA foreign_key_check").empty());
        const auto ok = l.find_capture(1, "sha256:ok");
        REQUIRE(ok);
        CHECK(query(l, "SELECT count(*) FROM devices WHERE first_capture_id = " +
                           std::to_string(ok->id)) == "50");
        const auto killed = l.find_capture(2, "sha256:killed");
        const std::uint64_t all = 50 + kRounds * kPerRound;
        if (killed) {
            ++complete;
            CHECK(killed->frames == kRounds * kPerRound);
            CHECK(l.device_count() == all);
            CHECK(query(l, "SELECT count(*) FROM events") == std::to_string(all + kConnections));
            CHECK(query(l, "SELECT count(*) FROM connection_points") ==
                  std::to_string(kConnections));
        } else {
            ++absent;
            CHECK(l.device_count() == 50);
            CHECK(query(l, "SELECT count(*) FROM device_facts") == "50");
            CHECK(query(l, "SELECT count(*) FROM events") == "50");
            CHECK(query(l, "SELECT count(*) FROM connection_points") == "0");
            ingest_killed_capture(l);  // re-ingested as usual
        }
        // Either way it is now in the ledger exactly once, and the dead claim is gone.
        {
            VendorRegistry vendors;
            Writer w(l, vendors);
            CHECK_THROWS_WITH(
                w.begin_capture(CaptureInfo{"/captures/killed.pcap", 2, "sha256:killed", 1}),
                Catch::Matchers::Contains("already recorded"));
        }
        CHECK(query(l, "SELECT count(*) FROM captures") == "2");
        CHECK(query(l, "SELECT count(*) FROM capture_claims") == "0");
        CHECK(l.device_count() == all);
        CHECK(query(l, "SELECT sum(packets) FROM devices") == std::to_string(all * 3));
        CHECK(query(l, "SELECT count(*) FROM events") == std::to_string(all + kConnections));
        // Each point once, filed under its device, however the kill fell.
        CHECK(query(l,
                    "SELECT count(*) FROM connection_points WHERE inside_device_id IS NOT "
                    "NULL") == std::to_string(kConnections));
    }
    WARN("random kills: " << absent << " before the merge committed, " << complete
                          << " after (a whole ingest took " << whole.count() << " us)");
}
