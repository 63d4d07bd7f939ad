// The README demo (tests/demo/): the capture's medical traffic fills the Q9 ledger from the
// protocols themselves, and run-demo.sh prints each part under its heading with counts that
// match daicho's own output, then what to do next.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "device_json.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

using daicho::test::by_mac;
using daicho::test::q;
using daicho::test::run_clean;
using daicho::test::Run;
using daicho::test::run_daicho;
using daicho::test::TempDir;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

bool has_fact(const nlohmann::json& device, const std::string& kind, const std::string& value,
              const std::string& source) {
    for (const auto& f : device["facts"]) {
        if (f["kind"] == kind && f["value"] == value && f["source"] == source) {
            return true;
        }
    }
    return false;
}

// The demo script as the README runs it, with this build's daicho and a ledger in `tmp`.
Run run_demo(const TempDir& tmp, const fs::path& db) {
    return run_clean(tmp, "bash " + q(kDemo / "run-demo.sh") + " " + q(db),
                     "DAICHO=" + q(DAICHO_BIN));
}

struct Expected {
    const char* mac;
    const char* name;  // "" where the protocol names no device
    const char* model;
    const char* serial;
    const char* version;
    const char* subtype;
};

}  // namespace

TEST_CASE("demo: the Q9 ledger is filled from DICOM and the IntelliVue Connect Indication",
          "[agent][demo]") {
    TempDir tmp;
    const auto db = tmp.path() / "demo.db";
    const std::string args = "--db " + q(db) + " --config " + q(kDemo / "daicho.json");
    REQUIRE(run_daicho(tmp, "ingest -q " + args + " " + q(kDemo / "hospital-demo.pcap")).status ==
            0);
    const auto q9 = run_daicho(tmp, "ledger --kind medical --format json " + args);
    REQUIRE(q9.status == 0);
    const auto rows = nlohmann::json::parse(q9.out);
    const auto devices_run = run_daicho(tmp, "devices --format json " + args);
    REQUIRE(devices_run.status == 0);
    const auto devices = nlohmann::json::parse(devices_run.out);

    // tests/demo/README.md: the DICOM table and the IntelliVue attributes.
    const Expected expected[] = {
        {"00:08:0d:e2:36:96", "RAD-CT01", "Aquilion ONE", "2GA1X2345", "V10.6SP0304",
         "modality-CT"},
        {"44:4b:5d:00:b8:98", "RAD-MR01", "SIGNA Pioneer", "00000MR1234", "V29.1_R02",
         "modality-MR"},
        {"88:b4:36:3f:fd:99", "RAD-DR01", "FDR D-EVO III", "58B12345", "V12.1", "modality-DX"},
        {"7c:94:b2:2b:62:32", "RAD-US01", "EPIQ 7C", "US71234567", "V9.0.3", "modality-US"},
        {"00:09:fb:29:95:a2", "", "M8004A", "DE71234567", "J.10.52", "patient-monitor"},
    };
    for (const auto& e : expected) {
        INFO(e.mac);
        const auto* row = by_mac(rows, e.mac);
        REQUIRE(row != nullptr);
        CHECK((*row)["name"] == e.name);
        CHECK((*row)["model"] == e.model);
        CHECK((*row)["serial"] == e.serial);
        CHECK((*row)["software"].get<std::string>().find(e.version) != std::string::npos);
        const auto* device = by_mac(devices, e.mac);
        REQUIRE(device != nullptr);
        CHECK((*device)["category"] == "medical");
        CHECK((*device)["subtype"] == e.subtype);
        CHECK((*device)["ledger"] == "medical");
    }
    // The modalities' AE titles and DICOM implementation come from their A-ASSOCIATE-RQ.
    const auto* ct = by_mac(rows, "00:08:0d:e2:36:96");
    REQUIRE(ct != nullptr);
    CHECK((*ct)["ae_titles"] == "AQ_ONE_CT1");
    CHECK((*ct)["dicom_implementation"] == "1.2.392.200036.9116.2.6.1.48 / V10.6SP0304");

    // HL7 between the EMR and the interface engine: MSH names both ends.
    const auto* emr = by_mac(devices, "00:0b:5d:ea:7b:5d");
    REQUIRE(emr != nullptr);
    CHECK(has_fact(*emr, "application", "EMR", "hl7"));
    CHECK(has_fact(*emr, "message_type", "ADT^A08^ADT_A01", "hl7"));
    const auto* engine = by_mac(devices, "6c:e4:da:c2:ef:86");
    REQUIRE(engine != nullptr);
    CHECK(has_fact(*engine, "application", "HL7_ENGINE", "hl7"));
    CHECK(has_fact(*engine, "other", "hl7-ack AA", "hl7"));
}

TEST_CASE("demo: run-demo.sh prints each part under its heading, counts that match, and what "
          "to do next",
          "[agent][demo]") {
    TempDir tmp;
    const auto db = tmp.path() / "demo.db";
    const Run r = run_demo(tmp, db);
    INFO(r.err);
    REQUIRE(r.status == 0);

    const std::string args = "--db " + q(db) + " --config " + q(kDemo / "daicho.json");
    const auto devices = run_daicho(tmp, "devices --format json " + args);
    const auto q8 = run_daicho(tmp, "ledger --kind it --format json " + args);
    const auto q9 = run_daicho(tmp, "ledger --kind medical --format json " + args);
    REQUIRE(devices.status == 0);
    REQUIRE(q8.status == 0);
    REQUIRE(q9.status == 0);
    const auto boxes = nlohmann::json::parse(devices.out).size();
    const auto q8_rows = nlohmann::json::parse(q8.out).size();
    const auto q9_rows = nlohmann::json::parse(q9.out);
    std::size_t with_model = 0;
    std::size_t with_software = 0;
    for (const auto& row : q9_rows) {
        with_model += row["model"] != "" ? 1 : 0;
        with_software += row["software"] != "" ? 1 : 0;
    }

    CHECK(r.out.find("■ 1/6 取り込み（daicho ingest）") != std::string::npos);
    CHECK(r.out.find("■ 2/6 機器一覧（daicho devices）: " + std::to_string(boxes) + " 台") !=
          std::string::npos);
    CHECK(r.out.find("確度（0〜100）") != std::string::npos);
    CHECK(r.out.find("■ 3/6 Q8 情報機器台帳（daicho ledger --kind it）: " +
                     std::to_string(q8_rows) + " 行") != std::string::npos);
    CHECK(r.out.find("■ 4/6 Q9 医療機器台帳（daicho ledger --kind medical）: " +
                     std::to_string(q9_rows.size()) + " 行") != std::string::npos);
    CHECK(r.out.find("型番・機種名は " + std::to_string(with_model) +
                     " 行、ソフトウェアのバージョンは " + std::to_string(with_software) + " 行") !=
          std::string::npos);
    CHECK(r.out.find("■ 5/6 部署別の機器数（daicho departments）") != std::string::npos);
    CHECK(r.out.find("部署未割当の機器") != std::string::npos);  // departments' own output
    CHECK(r.out.find("Aquilion ONE") != std::string::npos);       // the Q9 ledger's
    CHECK(r.out.find("■ 次にすること") != std::string::npos);
    CHECK(r.out.find(" annotate --db ") != std::string::npos);
    CHECK(r.out.find(" import ledger --db ") != std::string::npos);
    // The demo ends with the survey pre-fill (issue 14): its summary table, every question.
    CHECK(r.out.find("■ 6/6 調査票の回答案（daicho survey）: 設問 8〜13") != std::string::npos);
    for (const char* q : {"| Q8 ", "| Q9 ", "| Q10 ", "| Q11 ", "| Q12 ", "| Q13 "}) {
        CHECK(r.out.find(q) != std::string::npos);
    }
    CHECK(r.out.find(" survey --db ") != std::string::npos);

    // Again on the same ledger: ingest skips the capture it holds, the same parts follow.
    const Run again = run_demo(tmp, db);
    REQUIRE(again.status == 0);
    CHECK(again.out.find("■ 2/6 機器一覧（daicho devices）: " + std::to_string(boxes) + " 台") !=
          std::string::npos);
    CHECK(again.out.find("■ 次にすること") != std::string::npos);
}
