// ledger/data/medical_makers.json as data: its structure, no OUI listed twice, and every OUI
// present in the installed IEEE registry (Debian ieee-data) under exactly the organisation
// string the file gives, so a registry update that renames or drops one is caught here.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "daicho/collectors/observation.h"
#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/vendor_registry.h"

namespace fs = std::filesystem;

namespace {

nlohmann::json catalogue() {
    return nlohmann::json::parse(daicho::ledger::data::embedded_file("medical_makers.json"));
}

// The first MAC of an assignment: "8411C23" -> 84:11:c2:30:00:00.
daicho::collectors::MacAddress first_mac(const std::string& oui) {
    std::string hex = oui + std::string(12 - oui.size(), '0');
    std::string text;
    for (std::size_t i = 0; i < 12; i += 2) {
        text += (i == 0 ? "" : ":") + hex.substr(i, 2);
    }
    return *daicho::collectors::MacAddress::parse(text);
}

}  // namespace

TEST_CASE("medical_makers.json: structure and unique OUIs", "[ledger][classify][makers]") {
    const auto doc = catalogue();
    REQUIRE(doc.at("version").is_number_integer());
    REQUIRE(doc.at("about").is_string());
    std::set<std::string> sources;
    for (const auto& s : doc.at("source")) {
        CHECK(s.at("url").is_string());
        CHECK(s.at("what").is_string());
        sources.insert(s.at("id").get<std::string>());
    }
    std::set<std::string> ids;
    std::set<std::string> ouis;
    std::size_t strong = 0;
    for (const auto& m : doc.at("makers")) {
        const auto id = m.at("id").get<std::string>();
        INFO(id);
        CHECK(ids.insert(id).second);
        CHECK_FALSE(m.at("name").get<std::string>().empty());
        CHECK(m.at("name_ja").is_string());
        CHECK(m.at("mixed_it").is_boolean());
        for (const auto& s : m.at("source")) {
            CHECK(sources.count(s.get<std::string>()) == 1);
        }
        for (const auto& o : m.at("ouis")) {
            const auto oui = o.at("oui").get<std::string>();
            INFO(oui);
            CHECK(ouis.insert(oui).second);
            CHECK(o.at("organisation").is_string());
            const auto strength = o.at("strength").get<std::string>();
            CHECK((strength == "strong" || strength == "mixed"));
            strong += strength == "strong" ? 1 : 0;
        }
    }
    CHECK(ids.size() >= 30);
    CHECK(strong >= 50);
    // The makers the survey's hospitals meet most must be there.
    for (const char* must :
         {"nihon-kohden", "fukuda-denshi", "canon-medical", "fujifilm-healthcare", "shimadzu",
          "olympus", "terumo", "omron-healthcare", "ge-healthcare", "philips-healthcare",
          "siemens-healthineers", "draeger", "mindray"}) {
        CHECK(ids.count(must) == 1);
    }
}

TEST_CASE("medical_makers.json: every OUI is in the installed IEEE registry as listed",
          "[ledger][classify][makers]") {
    const fs::path ieee = DAICHO_IEEE_DATA_DIR;
    if (!fs::exists(ieee / "oui.csv")) {
        WARN("skipped: no IEEE registry at " << ieee.string() << " (install ieee-data)");
        return;
    }
    const auto registry = daicho::ledger::VendorRegistry::load(ieee);
    const auto doc = catalogue();  // named: a range-for over a temporary's member would dangle
    for (const auto& m : doc.at("makers")) {
        for (const auto& o : m.at("ouis")) {
            const auto oui = o.at("oui").get<std::string>();
            INFO(m.at("id").get<std::string>() << " " << oui);
            CHECK(registry.lookup(first_mac(oui)) == o.at("organisation").get<std::string>());
        }
    }
}
