// `daicho evidence` on the demo ledger (issue 14): the pack holds every file the inspector
// needs, each listed in the manifest with the SHA-256 sha256sum computes, and an existing pack
// is never overwritten.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "run_daicho.h"

using namespace daicho::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

}  // namespace

TEST_CASE("evidence: a complete pack, its manifest checked by sha256sum", "[agent][survey]") {
    TempDir tmp;
    const std::string args =
        "--db " + q(tmp.path() / "demo.db") + " --config " + q(kDemo / "daicho.json");
    REQUIRE(run_daicho(tmp, "ingest -q " + args + " " + q(kDemo / "hospital-demo.pcap")).status ==
            0);
    REQUIRE(run_daicho(tmp, "attest ledger_department 情報システム部 --by 佐藤 --date 2026-03-01 " +
                                args)
                .status == 0);
    const fs::path pack = tmp.path() / "pack";
    Run r = run_daicho(tmp, "evidence --out " + q(pack) + " " + args);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("証跡パック") != std::string::npos);

    const json manifest = json::parse(slurp(pack / "manifest.json"));
    std::set<std::string> names;
    for (const auto& f : manifest.at("files")) {
        names.insert(f.at("name").get<std::string>());
        CHECK(f.at("bytes").get<std::uintmax_t>() == fs::file_size(pack / f.at("name").get<std::string>()));
        CHECK(f.at("sha256").get<std::string>().size() == 64);
    }
    for (const char* want :
         {"Q8_it-ledger.xlsx", "Q8_it-ledger.csv", "Q9_medical-ledger.xlsx", "Q9_medical-ledger.csv",
          "Q10_network.svg", "Q10_network.drawio", "Q10_connections.xlsx", "Q10_connections.csv",
          "survey.html", "survey.json", "survey.xlsx", "attestations.csv", "training.csv",
          "README.txt"}) {
        CHECK(names.count(want) == 1);
        CHECK(fs::file_size(pack / want) > 0);
    }
    CHECK(manifest.at("missing").empty());
    CHECK(manifest.at("window").at("captures") == 1);
    CHECK(manifest.at("window").at("first").is_string());
    // The ledger copy the pack was made from is not part of it.
    CHECK_FALSE(fs::exists(pack / ".ledger-copy.db"));
    CHECK(slurp(pack / "attestations.csv").find("佐藤") != std::string::npos);
    // Times in the hospital's zone (Asia/Tokyo without a config time_zone), as every sheet.
    CHECK(slurp(pack / "attestations.csv").find("記録日時 (Asia/Tokyo)") != std::string::npos);
    CHECK(slurp(pack / "survey.html").find("Q13") != std::string::npos);

    // sha256sum agrees with every line of SHA256SUMS.
    r = run_clean(tmp, "sh -c \"cd " + q(pack) + " && sha256sum -c --quiet SHA256SUMS\"");
    CHECK(r.status == 0);
    CHECK(r.out.empty());

    // A pack handed in is never overwritten, and nothing half-made is left beside it.
    r = run_daicho(tmp, "evidence --out " + q(pack) + " " + args);
    CHECK(r.status == 2);
    CHECK(r.err.find("上書きしません") != std::string::npos);
    for (const auto& e : fs::directory_iterator(tmp.path())) {
        CHECK(e.path().filename().string().find(".partial-") == std::string::npos);
    }
}

TEST_CASE("evidence: no ledger, one clear error and no directory", "[agent][survey]") {
    TempDir tmp;
    const fs::path pack = tmp.path() / "pack";
    const Run r = run_daicho(tmp, "evidence --lang en --out " + q(pack) + " --db " +
                                      q(tmp.path() / "none.db"));
    CHECK(r.status == 2);
    CHECK(r.err.find("no ledger at") != std::string::npos);
    CHECK_FALSE(fs::exists(pack));
}
