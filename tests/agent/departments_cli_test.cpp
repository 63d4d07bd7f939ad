// `--config` and `daicho departments` as a user meets them, on the bundled demo capture and
// its department map (tests/demo/): counts, the gap list, conflicts, exit statuses, a bad
// config refused before the ledger is touched, and the department in devices / explain /
// ledger.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "device_json.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

using daicho::test::by_mac;
using daicho::test::q;
using daicho::test::Run;
using daicho::test::run_daicho;
using daicho::test::slurp;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

}  // namespace

TEST_CASE("departments: the demo capture and its map", "[agent][cli][departments]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(
        run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap")).status ==
        0);
    const std::string cfg = " --config " + q(kDemo / "daicho.json");

    SECTION("table, Japanese by default") {
        auto r = run_daicho(tmp, "departments --db " + q(db) + cfg);
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.rfind("拠点・部署別の機器数\n", 0) == 0);
        CHECK(r.out.find("本院  放射線科") != std::string::npos);
        CHECK(r.out.find("検査科") != std::string::npos);  // no device, still listed
        CHECK(r.out.find("部署未割当の機器 (") != std::string::npos);
        CHECK(r.out.find("OPD-PC02") != std::string::npos);  // 10.40.0.0/16 is left unmapped
        CHECK(r.out.find("要確認: 複数の部署にまたがる機器 (1)") != std::string::npos);
        CHECK(r.out.find("ac:44:f2:19:60:42") != std::string::npos);  // the router
    }
    SECTION("JSON counts, gaps and conflicts; the global --config position; DAICHO_CONFIG") {
        auto r = run_daicho(tmp, cfg + " departments --format json --db " + q(db));
        INFO(r.err);
        REQUIRE(r.status == 0);
        const auto doc = nlohmann::json::parse(r.out);
        const auto& rows = doc["departments"];
        REQUIRE(rows.size() >= 5);
        CHECK(rows[1]["department"] == "放射線科");
        CHECK(rows[1]["site"] == "本院");
        // CT, ultrasound, MRI, DR, two workstations, the MFP: 7 devices in 10.20.0.0/16.
        CHECK(rows[1]["total"] == 7);
        CHECK(rows[3]["department"] == "医事課");
        CHECK(rows[3]["total"] == 1);  // the reception PC's /32
        CHECK(rows[4]["department"] == "検査科");
        CHECK(rows[4]["total"] == 0);
        std::uint64_t sum = 0;
        for (const auto& row : rows) {
            sum += row["total"].get<std::uint64_t>();
        }
        CHECK(sum == 33);  // every device counted once: 33 boxes (37 MACs, 4 switches' ports)
        CHECK(by_mac(doc["unassigned"], "10:c5:95:be:78:6d") != nullptr);  // OPD-PC02
        REQUIRE(doc["conflicts"].size() == 1);
        CHECK(doc["conflicts"][0]["mac"] == "ac:44:f2:19:60:42");
        CHECK(doc["conflicts"][0]["candidates"].size() == 3);

        auto env = run_daicho(tmp, "departments --format json --db " + q(db),
                              "DAICHO_CONFIG=" + q(kDemo / "daicho.json"));
        REQUIRE(env.status == 0);
        CHECK(env.out == r.out);
    }
    SECTION("CSV and English to a file") {
        const auto out = tmp.path() / "departments.csv";
        auto r = run_daicho(
            tmp, "departments --db " + q(db) + cfg + " --format csv --lang en -o " + q(out));
        REQUIRE(r.status == 0);
        const auto csv = slurp(out);
        CHECK(csv.rfind("\xEF\xBB\xBF\"Site\",\"Department\",\"Server\"", 0) == 0);
        CHECK(csv.find("\"Devices with no department (") != std::string::npos);
        // The hostile reception PC is 医事課's, not a gap; the outpatient PCs are.
        CHECK(csv.find("00:0b:5d:63:4e:13") == std::string::npos);
        CHECK(csv.find("\"'=cmd") == std::string::npos);
        CHECK(csv.find("\"OPD-PC01\"") != std::string::npos);
    }
    SECTION("an annotation settles a conflict") {
        // A department the config names (annotate checks it against the map).
        REQUIRE(run_daicho(tmp, "annotate --db " + q(db) + cfg +
                                    " ac:44:f2:19:60:42 department=情報システム部")
                    .status == 0);
        auto r = run_daicho(tmp, "departments --format json --db " + q(db) + cfg);
        REQUIRE(r.status == 0);
        const auto doc = nlohmann::json::parse(r.out);
        CHECK(doc["conflicts"].empty());
        CHECK(doc["departments"][0]["total"] == 11);
    }
    SECTION("the department in devices, explain and the Q9 ledger") {
        auto devices = run_daicho(tmp, "devices --format json --db " + q(db) + cfg);
        REQUIRE(devices.status == 0);
        const auto list = nlohmann::json::parse(devices.out);
        const auto* mri = by_mac(list, "44:4b:5d:00:b8:98");
        REQUIRE(mri != nullptr);
        CHECK((*mri)["department"] == "放射線科");
        CHECK((*mri)["department_source"] == "subnet 10.20.0.0/16");
        CHECK((*mri)["site"] == "本院");
        CHECK((*mri)["site_source"] == "department 放射線科");
        CHECK((*mri)["department_conflict"].empty());
        const auto* router = by_mac(list, "ac:44:f2:19:60:42");
        REQUIRE(router != nullptr);
        CHECK((*router)["department"] == "");
        CHECK((*router)["department_source"] == "conflict");
        CHECK((*router)["department_conflict"][0]["name"] == "情報システム部");

        auto explain = run_daicho(tmp, "explain --lang en --db " + q(db) + cfg + " 10.20.1.12");
        REQUIRE(explain.status == 0);
        CHECK(explain.out.find("department  放射線科 (subnet 10.20.0.0/16)") != std::string::npos);
        CHECK(explain.out.find("site        本院 (department 放射線科)") != std::string::npos);

        auto q9 = run_daicho(tmp, "ledger --kind medical --format json --db " + q(db) + cfg);
        REQUIRE(q9.status == 0);
        const auto rows = nlohmann::json::parse(q9.out);
        bool found = false;
        for (const auto& row : rows) {
            if (row["mac"] == "44:4b:5d:00:b8:98") {
                found = true;
                CHECK(row["department"] == "放射線科");
                CHECK(row["provenance"].get<std::string>().find("部署: サブネット 10.20.0.0/16") !=
                      std::string::npos);
            }
        }
        CHECK(found);
    }
    SECTION("without a config: a note, every device unassigned, exit 0") {
        auto r = run_daicho(tmp, "departments --format json --db " + q(db));
        REQUIRE(r.status == 0);
        CHECK(r.err.find("部署の対応表がありません") != std::string::npos);
        const auto en = run_daicho(tmp, "departments --lang en --format json --db " + q(db));
        CHECK(en.err.find("no department map") != std::string::npos);
        const auto doc = nlohmann::json::parse(r.out);
        CHECK(doc["unassigned"].size() == 33);
    }
    SECTION("usage errors exit 2") {
        CHECK(run_daicho(tmp, "departments --format xml --db " + q(db)).status == 2);
        CHECK(run_daicho(tmp, "departments --lang fr --db " + q(db)).status == 2);
    }
}

TEST_CASE("a bad config: one line naming file and path, exit 1, the ledger untouched",
          "[agent][cli][departments]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    const auto bad = tmp.path() / "daicho.json";
    std::ofstream(bad) << R"({"departments": [{"name": "a"}, {"name": "b"},
                              {"name": "c", "subnets": ["10.1.300.0/24"]}]})";

    // Even ingest refuses, before it creates the ledger.
    auto r = run_daicho(tmp, "ingest -q --config " + q(bad) + " --db " + q(db) + " " +
                                 q(kDemo / "hospital-demo.pcap"));
    CHECK(r.status == 1);
    CHECK(r.err == "daicho: error: 設定ファイル " + bad.string() +
                       " の departments[2].subnets[0]: \"10.1.300.0/24\" はサブネット（例: "
                       "\"10.20.0.0/16\"）として正しくありません: IPv4・IPv6 のプレフィックスでは"
                       "ありません\n");
    r = run_daicho(tmp, "ingest -q --lang en --config " + q(bad) + " --db " + q(db) + " " +
                            q(kDemo / "hospital-demo.pcap"));
    CHECK(r.status == 1);
    CHECK(r.err == "daicho: error: " + bad.string() +
                       ": departments[2].subnets[0]: \"10.1.300.0/24\" is not an IPv4 or IPv6 "
                       "prefix\n");
    CHECK_FALSE(fs::exists(db));

    REQUIRE(
        run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap")).status ==
        0);
    const auto before = slurp(db);
    for (const char* command : {"departments", "devices", "explain 1", "ledger"}) {
        INFO(command);
        auto run =
            run_daicho(tmp, std::string(command) + " --db " + q(db), "DAICHO_CONFIG=" + q(bad));
        CHECK(run.status == 1);
        CHECK(run.out.empty());
        CHECK(run.err.find("departments[2].subnets[0]") != std::string::npos);
    }
    CHECK(run_daicho(tmp, "departments --db " + q(db) + " --config " + q(tmp.path() / "no.json"))
              .status == 1);
    CHECK(slurp(db) == before);
}

TEST_CASE("the address plan: a note when the config gives none, outside_plan in the JSON",
          "[agent][cli][departments]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(
        run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap")).status ==
        0);
    const std::string note = "daicho: note: 設定にアドレス計画";

    const auto without = run_daicho(tmp, "devices --format json --db " + q(db));
    REQUIRE(without.status == 0);
    CHECK(without.err.rfind(note, 0) == 0);
    const auto with = run_daicho(
        tmp, "devices --format json --db " + q(db) + " --config " + q(kDemo / "daicho.json"));
    INFO(with.err);
    REQUIRE(with.status == 0);
    CHECK(with.err.empty());
    const auto doc = nlohmann::json::parse(with.out);
    REQUIRE(!doc.empty());
    // The demo hospital is all inside its plan (10.0.0.0/8, 2001:db8::/32).
    for (const auto& d : doc) {
        CHECK(d.at("outside_plan") == false);
    }
    // A plan that leaves VLAN 40's subnet out makes its PCs outside: not in the IT ledger.
    const auto narrow = tmp.path() / "narrow.json";
    std::ofstream(narrow) << R"({"internal_ranges": ["10.10.0.0/16", "10.20.0.0/16",
                                 "10.30.0.0/16", "2001:db8::/32"]})";
    const auto it_all = run_daicho(tmp, "ledger --kind it --format json --db " + q(db) +
                                            " --config " + q(kDemo / "daicho.json"));
    const auto it_narrow = run_daicho(tmp, "ledger --kind it --format json --db " + q(db) +
                                               " --config " + q(narrow));
    INFO(it_narrow.err);
    REQUIRE(it_all.status == 0);
    REQUIRE(it_narrow.status == 0);
    CHECK(it_all.out.find("OPD-PC02") != std::string::npos);
    CHECK(it_narrow.out.find("OPD-PC02") == std::string::npos);

    // Nor a device at all: an external endpoint, counted by a note, listed by --external and
    // marked so by explain.
    const auto devices_narrow =
        run_daicho(tmp, "devices --format json --db " + q(db) + " --config " + q(narrow));
    REQUIRE(devices_narrow.status == 0);
    CHECK(devices_narrow.out.find("OPD-PC02") == std::string::npos);
    CHECK(devices_narrow.err.find("アドレス計画の外の局が") != std::string::npos);
    const auto devices_narrow_en = run_daicho(
        tmp, "devices --lang en --format json --db " + q(db) + " --config " + q(narrow));
    CHECK(devices_narrow_en.err.find("outside the address plan: external endpoints") !=
          std::string::npos);
    const auto external = run_daicho(tmp, "devices --external --format json --db " + q(db) +
                                              " --config " + q(narrow));
    REQUIRE(external.status == 0);
    const auto outside = nlohmann::json::parse(external.out);
    REQUIRE(!outside.empty());
    bool listed = false;
    for (const auto& d : outside) {
        CHECK(d.at("outside_plan") == true);
        listed = listed || d.dump().find("OPD-PC02") != std::string::npos;
    }
    CHECK(listed);
    CHECK(outside.size() + nlohmann::json::parse(devices_narrow.out).size() == doc.size());
    const auto why = run_daicho(tmp, "explain --lang en OPD-PC02 --db " + q(db) + " --config " +
                                         q(narrow));
    REQUIRE(why.status == 0);
    CHECK(why.out.find("external endpoint: every address is outside the address plan") !=
          std::string::npos);
}
