// `daicho topology` as a user meets it, on the bundled demo capture and its department map
// (tests/demo/): the format follows -o's extension, every department drawn, the demo's gear
// found (the YAMAHA router as gateway and DHCP relay, core-sw1 as the core the access switches
// hang off), one department expanded, a mistyped department refused with a suggestion.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::slurp;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

const nlohmann::json* gear_named(const nlohmann::json& doc, const std::string& name) {
    for (const auto& g : doc["gear"]) {
        if (g["name"] == name) {
            return &g;
        }
    }
    return nullptr;
}

bool has_role(const nlohmann::json& g, const std::string& role) {
    for (const auto& r : g["roles"]) {
        if (r == role) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("topology: the demo capture's picture", "[agent][cli][topology]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(
        run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap")).status ==
        0);
    const std::string base = "topology --db " + q(db) + " --config " + q(kDemo / "daicho.json");

    SECTION("JSON from -o's extension: departments, gateway, core and access switches") {
        const auto file = tmp.path() / "picture.json";
        const auto r = run_daicho(tmp, base + " -o " + q(file));
        INFO(r.err);
        REQUIRE(r.status == 0);
        const auto doc = nlohmann::json::parse(slurp(file));
        std::vector<std::string> names;
        for (const auto& d : doc["departments"]) {
            names.push_back(d["name"]);
        }
        CHECK(names == std::vector<std::string>{"情報システム部", "放射線科", "看護部（病棟）",
                                                "医事課", "検査科", ""});
        const auto* router = gear_named(doc, "ac:44:f2:19:60:42");
        REQUIRE(router != nullptr);
        CHECK(has_role(*router, "gateway"));
        CHECK(has_role(*router, "dhcp_relay"));
        const auto* core = gear_named(doc, "core-sw1");
        REQUIRE(core != nullptr);
        CHECK(has_role(*core, "core_switch"));
        for (const char* access : {"sw-2f-rad", "sw-3f-ward", "sw-1f-opd"}) {
            const auto* sw = gear_named(doc, access);
            REQUIRE(sw != nullptr);
            CHECK(has_role(*sw, "access_switch"));
            CHECK(sw->at("uplinks") == nlohmann::json::array({core->at("id")}));
        }
        // Radiology: 7 devices in 10.20.0.0/16 behind the router's 10.20.0.1.
        const auto& rad = doc["departments"][1];
        CHECK(rad["devices"] == 7);
        CHECK(rad["subnets"][0]["gateways"] == nlohmann::json::array({router->at("id")}));
        CHECK(doc["window"]["first"] == "2026-03-02T08:00:00.465640Z");  // the demo's first frame
    }
    SECTION("SVG by default, DOT and draw.io by extension; English on request") {
        const auto svg = run_daicho(tmp, base);
        INFO(svg.err);
        REQUIRE(svg.status == 0);
        CHECK(svg.out.find("<svg") != std::string::npos);
        CHECK(svg.out.find("放射線科（端末等 7台）") != std::string::npos);
        CHECK(svg.out.find("ネットワーク構成図") != std::string::npos);
        const auto dot = tmp.path() / "picture.gv";
        REQUIRE(run_daicho(tmp, base + " -o " + q(dot)).status == 0);
        CHECK(slurp(dot).rfind("digraph topology {", 0) == 0);
        const auto drawio = tmp.path() / "picture.drawio";
        REQUIRE(run_daicho(tmp, base + " --lang en -o " + q(drawio)).status == 0);
        CHECK(slurp(drawio).find("<mxfile host=\"daicho\">") != std::string::npos);
        CHECK(slurp(drawio).find("Network diagram") != std::string::npos);
    }
    SECTION("one department expanded; a mistyped one and a contradicting format refused") {
        const auto r = run_daicho(tmp, base + " --department 放射線科 --format json");
        REQUIRE(r.status == 0);
        const auto doc = nlohmann::json::parse(r.out);
        CHECK(doc["expanded"] == "放射線科");
        CHECK(doc["departments"][1]["subnets"][0]["listed"].size() == 7);
        const auto typo = run_daicho(tmp, base + " --department 放射線部");
        CHECK(typo.status == 2);
        CHECK(typo.err.find("もしかして: 放射線科") != std::string::npos);
        const auto clash = run_daicho(tmp, base + " --format json -o " + q(tmp.path() / "x.svg"));
        CHECK(clash.status == 2);
    }
}
