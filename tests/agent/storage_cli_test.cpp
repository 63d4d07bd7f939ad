// The ledger as the commands share it: a long ingest holds no lock the others wait for
// (annotate, import, a second ingest, devices), and the reading commands work on a
// read-only copy without writing a byte, also when its -wal still holds commits.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
namespace collectors = daicho::collectors;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::slurp;

namespace {

constexpr const char* kRouter = "00:18:73:de:57:c1";
constexpr std::int64_t kT0 = 1'772'438'400'000'000;

collectors::MacAddress mac_n(int i) {
    collectors::MacAddress m;
    m.octets = {0x00,
                0x16,
                0x3e,
                static_cast<std::uint8_t>(i >> 16),
                static_cast<std::uint8_t>(i >> 8),
                static_cast<std::uint8_t>(i)};
    return m;
}

Batch batch_of(std::uint32_t cap, int first, int n) {
    Batch b;
    for (int i = first; i < first + n; ++i) {
        daicho::ledger::DeviceActivity a;
        a.mac = mac_n(i);
        a.packets = 1;
        a.bytes = 60;
        a.first_us = a.last_us = kT0 + i;
        a.first_evidence = {cap, static_cast<std::uint64_t>(i + 1), kT0 + i};
        b.activity.push_back(a);
    }
    return b;
}

// A ledger holding the router, committed and closed.
void make_ledger(const fs::path& db) {
    Ledger l(db, Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/base.pcap", 1, "sha256:base", 1});
    Batch b;
    daicho::ledger::DeviceActivity a;
    a.mac = *collectors::MacAddress::parse(kRouter);
    a.packets = 1;
    a.first_us = a.last_us = kT0;
    a.first_evidence = {c, 1, kT0};
    b.activity.push_back(a);
    w.apply(b);
    w.commit_capture(1, 0);
}

// One ARP reply from 00:19:06:ea:b8:c1 (192.168.123.1).
std::vector<std::byte> one_arp_capture() {
    const std::vector<daicho::test::PcapRecord> recs{
        {daicho::test::hex("ffffffffffff 001906eab8c1 0806 0001 0800 06 04 0002"
                           "001906eab8c1 c0a87b01 000000000000 00000000"
                           "000000000000000000000000000000000000"),
         1772438401, 0, 0}};
    return daicho::test::pcap_bytes(recs);
}

// The router's MAC in any case and with ':' or '-' (the ledger sheets write it their way).
bool shows_router(std::string text) {
    for (char& c : text) {
        c = c == '-' ? ':' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text.find(kRouter) != std::string::npos;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("while a long ingest runs, annotate, import, ingest and devices go on",
          "[agent][cli][storage]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    make_ledger(db);

    // The long ingest: a writer that keeps a capture open, a batch every 20 ms, until told.
    std::atomic<int> batches{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> committed{false};
    std::thread ingest([&] {
        Ledger l(db, Ledger::Mode::read_write);
        VendorRegistry vendors;
        Writer w(l, vendors);
        const auto c = w.begin_capture(CaptureInfo{"/captures/long.pcap", 2, "sha256:long", 1});
        for (int i = 0; !stop; ++i) {
            w.apply(batch_of(c, i * 500, 500));
            ++batches;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        w.commit_capture(static_cast<std::uint64_t>(batches.load()) * 500, 0);
        committed = true;
    });
    while (batches < 3) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    auto t = std::chrono::steady_clock::now();
    auto r = run_daicho(tmp, "annotate --db " + q(db) + " " + kRouter + " user=情報システム課");
    const double annotate_s = seconds_since(t);
    INFO(r.err);
    CHECK(r.status == 0);

    const auto csv = tmp.path() / "hospital.csv";
    std::ofstream(csv, std::ios::binary) << "\xEF\xBB\xBFMACアドレス,設置場所\r\n"
                                            "00-18-73-DE-57-C1,本館 B1 サーバ室\r\n";
    t = std::chrono::steady_clock::now();
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(csv));
    const double import_s = seconds_since(t);
    INFO(r.err);
    CHECK(r.status == 0);

    const auto cap = tmp.path() / "arp.pcap";
    daicho::test::write_file(cap, one_arp_capture());
    t = std::chrono::steady_clock::now();
    r = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap));
    const double ingest_s = seconds_since(t);
    INFO(r.err);
    CHECK(r.status == 0);

    t = std::chrono::steady_clock::now();
    r = run_daicho(tmp, "devices --db " + q(db) + " --format json");
    const double devices_s = seconds_since(t);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("本館 B1 サーバ室") != std::string::npos);
    CHECK(r.out.find("00:19:06:ea:b8:c1") != std::string::npos);
    CHECK(r.out.find("00:16:3e:") == std::string::npos);  // the open capture is not shown

    // All of it happened while the long capture was still open.
    CHECK_FALSE(committed);
    const int during = batches;
    stop = true;
    ingest.join();
    CHECK(committed);
    WARN("with a capture open (" << during << " batches staged): annotate " << annotate_s
                                 << " s, import " << import_s << " s, ingest " << ingest_s
                                 << " s, devices " << devices_s << " s");

    r = run_daicho(tmp, "devices --db " + q(db) + " --format json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("00:16:3e:") != std::string::npos);
    CHECK(r.out.find("情報システム課") != std::string::npos);
}

TEST_CASE("devices and ledger read a read-only copy and write nothing", "[agent][cli][storage]") {
    daicho::test::TempDir tmp;
    const auto ro = tmp.path() / "ro";
    fs::create_directory(ro);
    const auto db = ro / "ledger.db";

    SECTION("a closed ledger") { make_ledger(db); }
    SECTION("a ledger whose -wal still holds commits (its writer was killed)") {
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // A writer that commits and dies without closing: the commit lives in the -wal only.
            auto* l = new Ledger(db, Ledger::Mode::read_write);  // never closed, by design
            VendorRegistry vendors;
            Writer w(*l, vendors);
            const auto c = w.begin_capture(CaptureInfo{"/captures/w.pcap", 1, "sha256:w", 1});
            Batch b = batch_of(c, 0, 1);
            b.activity[0].mac = *collectors::MacAddress::parse(kRouter);
            w.apply(b);
            w.commit_capture(1, 0);
            _exit(0);
        }
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        REQUIRE(fs::exists(db.string() + "-wal"));
        REQUIRE(fs::file_size(db.string() + "-wal") > 0);
    }

    std::vector<std::pair<fs::path, std::string>> before;
    for (const auto& e : fs::directory_iterator(ro)) {
        before.emplace_back(e.path(), slurp(e.path()));
    }
    const bool root = geteuid() == 0;
    if (!root) {  // root writes through permissions; then "nothing written" is the check
        for (const auto& [path, bytes] : before) {
            fs::permissions(path, fs::perms::owner_read);
        }
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    }

    auto r = run_daicho(tmp, "devices --db " + q(db));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(shows_router(r.out));
    r = run_daicho(tmp, "ledger --db " + q(db) + " --kind it");
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(shows_router(r.out));

    if (!root) {
        fs::permissions(ro, fs::perms::owner_all);
    }
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(ro)) {
        ++files;
        INFO(e.path().string());
        // The -shm is the WAL's shared-memory index, not ledger content: a reader that may
        // (root) updates it like any reader of a live ledger; it must not create one.
        const bool index = e.path().string().ends_with("-shm");
        bool same = false;
        for (const auto& [path, bytes] : before) {
            same = same || (path == e.path() && (index || bytes == slurp(e.path())));
        }
        CHECK(same);  // no new file (-wal, -shm) and no byte of the ledger changed
    }
    CHECK(files == before.size());
}
