// `daicho prune [--dry-run]` on the demo ledger: the dry run says what it would delete in
// Japanese and leaves the file byte for byte as it was; the prune itself keeps every device;
// the config's retention is checked before the ledger is touched.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "run_daicho.h"

using namespace daicho::test;
namespace fs = std::filesystem;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

}  // namespace

TEST_CASE("prune: a dry run deletes nothing, a prune keeps the devices", "[agent][retention]") {
    TempDir tmp;
    const fs::path db = tmp.path() / "demo.db";
    const std::string args = "--db " + q(db) + " --config " + q(kDemo / "daicho.json");
    REQUIRE(run_daicho(tmp, "ingest -q " + args + " " + q(kDemo / "hospital-demo.pcap")).status ==
            0);
    const std::string devices = run_daicho(tmp, "devices --format csv " + args).out;
    REQUIRE_FALSE(devices.empty());
    const std::string before = slurp(db);

    Run r = run_daicho(tmp, "prune --dry-run " + args);
    CHECK(r.status == 0);
    CHECK(r.out.find("削除の対象（--dry-run: 何も削除していません）: イベント ") == 0);
    CHECK(r.out.find("400 日より前") != std::string::npos);
    CHECK(slurp(db) == before);
    CHECK_FALSE(fs::exists(db.string() + "-wal"));

    r = run_daicho(tmp, "prune --lang en " + args);
    CHECK(r.status == 0);
    CHECK(r.out.find("pruned: ") == 0);
    CHECK(run_daicho(tmp, "devices --format csv " + args).out == devices);

    // A config whose retention is out of range stops before the ledger is opened.
    std::ofstream(tmp.path() / "short.json") << R"({"retention": {"events_days": 7}})";
    r = run_daicho(tmp, "prune --db " + q(db) + " --config " + q(tmp.path() / "short.json"));
    CHECK(r.status == 1);
    CHECK(r.err.find("retention.events_days: 7 は 62 から") != std::string::npos);

    r = run_daicho(tmp, "prune --db " + q(tmp.path() / "none.db"));
    CHECK(r.status == 2);
    CHECK(r.err.find("台帳がありません") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() / "none.db"));
}
