// `daicho changes` as a person runs it each month: two captures 35 days apart, one device
// gone; the period from --since-capture or --since; table, JSON, CSV and XLSX; usage errors in
// Japanese.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::hex;
using daicho::test::PcapRecord;
using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::slurp;

namespace {

// ARP replies from each (MAC, IPv4 hex) at `ts`.
std::vector<std::byte> arp_capture(std::uint32_t ts,
                                   const std::vector<std::pair<std::string, std::string>>& hosts) {
    std::vector<PcapRecord> recs;
    for (const auto& [mac, ip] : hosts) {
        recs.push_back({hex("ffffffffffff" + mac + "0806 0001 0800 06 04 0002" + mac + ip +
                            "000000000000 00000000 000000000000000000000000000000000000"),
                        ts, 0, 0});
    }
    return daicho::test::pcap_bytes(recs);
}

constexpr std::uint32_t kMarch = 1772438400;           // 2026-03-02T08:00:00Z
constexpr std::uint32_t kApril = kMarch + 35 * 86400;  // 2026-04-06T08:00:00Z

}  // namespace

TEST_CASE("changes: the monthly report from two captures 35 days apart", "[agent][cli][changes]") {
    daicho::test::TempDir tmp;
    const auto march = tmp.path() / "march.pcap";
    const auto april = tmp.path() / "april.pcap";
    daicho::test::write_file(
        march, arp_capture(kMarch, {{"001873de57c1", "0a010102"}, {"001906eab8c1", "0a010103"}}));
    daicho::test::write_file(april, arp_capture(kApril, {{"001873de57c1", "0a010102"}}));
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(march)).status == 0);
    REQUIRE(run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(april)).status == 0);

    auto table = run_daicho(tmp, "changes --since-capture --db " + q(db));
    INFO(table.err);
    REQUIRE(table.status == 0);
    // The period in Japan's clock: 08:00Z is 17:00 JST.
    CHECK(table.out.rfind("変更レポート: 2026/04/06 17:00", 0) == 0);
    CHECK(table.out.find("件数: 撤去または長期未検出 1\n") != std::string::npos);
    CHECK(table.out.find("10.1.1.3 00:19:06:ea:b8:c1") != std::string::npos);
    CHECK(table.out.find("最終検出 2026/03/02 17:00") != std::string::npos);

    auto json = run_daicho(tmp, "changes --since 2026-03-10 --db " + q(db) + " --format json");
    REQUIRE(json.status == 0);
    const auto j = nlohmann::json::parse(json.out);
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["kind"] == "gone");
    CHECK(j["changes"][0]["device"]["mac"] == "00:19:06:ea:b8:c1");
    CHECK(j["period"]["since"] == "2026-03-09T15:00:00.000000Z");  // 00:00 JST

    // A 40-day window: nothing is gone yet; the config's absent_days says the same.
    auto longer = run_daicho(
        tmp, "changes --since-capture --absent-days 40 --db " + q(db) + " --format json");
    REQUIRE(longer.status == 0);
    CHECK(nlohmann::json::parse(longer.out)["changes"].empty());
    const auto config = tmp.path() / "daicho.json";
    std::ofstream(config) << R"({"absent_days": 40, "time_zone": "UTC"})";
    auto configured =
        run_daicho(tmp, "changes --since-capture --config " + q(config) + " --db " + q(db));
    REQUIRE(configured.status == 0);
    CHECK(configured.out.rfind("変更レポート: 2026/04/06 08:00", 0) == 0);
    CHECK(configured.out.find("件数: 変更なし") != std::string::npos);

    auto csv = run_daicho(
        tmp, "changes --since-capture --lang en --db " + q(db) + " -o " + q(tmp.path() / "c.csv"));
    REQUIRE(csv.status == 0);
    CHECK(slurp(tmp.path() / "c.csv").find("\"Gone\",\"gone\"") != std::string::npos);
    auto xlsx = run_daicho(
        tmp, "changes --since-capture --db " + q(db) + " -o " + q(tmp.path() / "c.xlsx"));
    REQUIRE(xlsx.status == 0);
    CHECK(slurp(tmp.path() / "c.xlsx").rfind("PK", 0) == 0);

    auto none = run_daicho(tmp, "changes --db " + q(db));
    CHECK(none.status == 2);
    CHECK(none.err.find("--since-capture") != std::string::npos);
    auto bad = run_daicho(tmp, "changes --since yesterday --db " + q(db));
    CHECK(bad.status == 2);
    CHECK(bad.err.find("日付") != std::string::npos);
    CHECK(run_daicho(tmp, "changes --since 2026-03-01 --since-capture --db " + q(db)).status == 2);
}
