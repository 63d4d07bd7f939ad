// Captures are recognised by their packets: the same frames in another file format, or a
// damaged prefix kept earlier and then the whole file, are counted once.

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "hex.h"
#include "pcap_bytes.h"
#include "pcapng_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::PcapRecord;
using daicho::test::q;
using daicho::test::run_daicho;

namespace {

// 60 frames: ARP replies from 12 hosts, one frame a second.
std::vector<PcapRecord> arp_frames() {
    std::vector<PcapRecord> out;
    for (std::uint32_t i = 0; i < 60; ++i) {
        char mac[13];
        char ip[9];
        std::snprintf(mac, sizeof mac, "001873de57%02x", 0x10 + i % 12);
        std::snprintf(ip, sizeof ip, "c0a87b%02x", 0x10 + i % 12);
        out.push_back({daicho::test::hex(std::string("ffffffffffff") + mac + "0806" +
                                         "0001 0800 06 04 0002" + mac + ip +
                                         "000000000000 00000000"
                                         "000000000000000000000000000000000000"),
                       1772438400 + i, 0, 0});
    }
    return out;
}

// One number from the ledger.
std::int64_t scalar(const fs::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

}  // namespace

TEST_CASE("a pcap and its pcapng re-save are one capture", "[agent][cli][identity]") {
    daicho::test::TempDir tmp;
    const auto frames = arp_frames();
    const auto pcap = tmp.path() / "ward.pcap";
    const auto pcapng = tmp.path() / "ward-resaved.pcapng";
    daicho::test::write_file(pcap, daicho::test::pcap_bytes(frames));
    daicho::test::write_file(pcapng, daicho::test::pcapng_bytes(frames));
    const auto db = tmp.path() / "ledger.db";

    SECTION("pcap first") {
        REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(pcap)).status == 0);
        const auto again = run_daicho(tmp, "ingest --db " + q(db) + " " + q(pcapng));
        INFO(again.err);
        CHECK(again.status == 0);
        CHECK(again.err.find("台帳に取り込み済みです（" + pcap.string() + " として）") != std::string::npos);
    }
    SECTION("pcapng first") {
        REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(pcapng)).status == 0);
        const auto again = run_daicho(tmp, "ingest --db " + q(db) + " " + q(pcap));
        CHECK(again.err.find("台帳に取り込み済みです（" + pcapng.string() + " として）") != std::string::npos);
    }
    CHECK(scalar(db, "SELECT count(*) FROM captures") == 1);
    CHECK(scalar(db, "SELECT sum(frames) FROM captures") == 60);
    CHECK(scalar(db, "SELECT sum(packets) FROM devices") == 60);
}

TEST_CASE("a damaged prefix kept, then the whole file: every frame counted once",
          "[agent][cli][identity]") {
    daicho::test::TempDir tmp;
    const auto frames = arp_frames();
    auto bytes = daicho::test::pcap_bytes(frames);
    const auto whole = tmp.path() / "whole.pcap";
    daicho::test::write_file(whole, bytes);
    // Cut inside record 37 (24-byte file header, then 16 + 60 bytes a record).
    bytes.resize(24 + 36 * 76 + 30);
    const auto cut = tmp.path() / "cut.pcap";
    daicho::test::write_file(cut, bytes);
    const auto db = tmp.path() / "ledger.db";

    const auto first = run_daicho(tmp, "ingest --accept-damaged --db " + q(db) + " " + q(cut));
    INFO(first.err);
    REQUIRE(first.status == 0);
    CHECK(scalar(db, "SELECT sum(packets) FROM devices") == 36);

    const auto second = run_daicho(tmp, "ingest --db " + q(db) + " " + q(whole));
    INFO(second.err);
    REQUIRE(second.status == 0);
    CHECK(second.err.find("先頭の 36 フレームは台帳に取り込み済みです") != std::string::npos);
    CHECK(second.out.find("フレーム 24、") != std::string::npos);
    CHECK(scalar(db, "SELECT count(*) FROM captures") == 2);
    CHECK(scalar(db, "SELECT sum(frames) FROM captures") == 60);
    CHECK(scalar(db, "SELECT sum(packets) FROM devices") == 60);
    CHECK(scalar(db, "SELECT prefix_frames FROM captures WHERE path LIKE '%whole.pcap'") == 36);

    SECTION("and the whole file again, in either format, adds nothing") {
        const auto pcapng = tmp.path() / "whole.pcapng";
        daicho::test::write_file(pcapng, daicho::test::pcapng_bytes(frames));
        for (const auto& p : {whole, pcapng}) {
            const auto again = run_daicho(tmp, "ingest --db " + q(db) + " " + q(p));
            CHECK(again.status == 0);
            CHECK(again.err.find("台帳に取り込み済みです") != std::string::npos);
        }
        CHECK(scalar(db, "SELECT count(*) FROM captures") == 2);
        CHECK(scalar(db, "SELECT sum(packets) FROM devices") == 60);
    }
}
