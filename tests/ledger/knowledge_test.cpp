// Knowledge as data: a data directory replaces built-in files one by one, a broken file is
// refused with its path, line and column (or the JSON path of the bad entry), and a reload that
// fails keeps the knowledge in use.

#include "daicho/ledger/knowledge.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "daicho/ledger/batch.h"
#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using daicho::collectors::FactKind;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Error;
using daicho::ledger::FactEntry;
using daicho::ledger::Knowledge;
using daicho::ledger::KnowledgeSource;
using daicho::ledger::Ledger;
using daicho::test::TempDir;

namespace {

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// The built-in rules plus one that calls a host named "zz-..." a printer.
std::string rules_with_zz_printer() {
    auto doc =
        nlohmann::json::parse(daicho::ledger::data::embedded_file("classification_rules.json"));
    doc["rules"].push_back({{"id", "test-zz-printer"},
                            {"category", "printer"},
                            {"weight", 95},
                            {"source", doc["source"][0]["id"]},
                            {"when", {{{"fact", "hostname"}, {"prefix", "zz-"}}}}});
    return doc.dump(2);
}

DeviceRecord zz_device() {
    DeviceRecord d;
    d.id = 1;
    d.mac = "02:00:00:00:00:01";
    d.facts.push_back(
        FactEntry{daicho::collectors::FactKind::hostname, "ZZ-0042", "dhcp", 0, 0, 1, {}, "", ""});
    return d;
}

}  // namespace

TEST_CASE("knowledge: a data directory replaces only the files it holds", "[ledger][knowledge]") {
    TempDir dir;
    write(dir.path() / "classification_rules.json", rules_with_zz_printer());
    const auto k = Knowledge::load(dir.path());
    REQUIRE(k->replaced().size() == 1);
    CHECK(k->replaced().front() == dir.path() / "classification_rules.json");
    CHECK(k->classifier().classify(zz_device()).category == "printer");
    CHECK(Knowledge::builtin()->classifier().classify(zz_device()).category == "unknown");
    // The other files are the built-in ones.
    CHECK(k->classifier().maker_count() == Knowledge::builtin()->classifier().maker_count());
    CHECK(k->software().pattern_count() == Knowledge::builtin()->software().pattern_count());
    CHECK(k->classifier().fingerprint() != Knowledge::builtin()->classifier().fingerprint());
    // An empty directory is the built-in knowledge.
    TempDir empty;
    CHECK(Knowledge::load(empty.path()) == Knowledge::builtin());
}

TEST_CASE("knowledge: a ledger with other knowledge classifies its devices with it",
          "[ledger][knowledge][stored]") {
    TempDir dir;
    write(dir.path() / "classification_rules.json", rules_with_zz_printer());
    const fs::path file = dir.path() / "l.ledger";
    {
        Ledger l(file, Ledger::Mode::read_write);
        const daicho::ledger::VendorRegistry vendors;
        daicho::ledger::Writer w(l, vendors);
        w.begin_capture({"/captures/a.pcap", 1, "sha256:a", 1});
        daicho::ledger::Batch b;
        b.activity.push_back(daicho::test::activity("00:11:22:33:44:55", 0, 1, 60,
                                                    daicho::test::kT0, daicho::test::kT0, 0, 1));
        b.observations.push_back(daicho::test::observation(
            "00:11:22:33:44:55", FactKind::hostname, "zz-0042", "dhcp", 0, 1, daicho::test::kT0));
        w.apply(b);
        w.commit_capture(1, 0);
        REQUIRE(l.devices().size() == 1);
        CHECK(l.devices().front().category == "unknown");
    }
    // Stored under the built-in rules; read with the directory's, it is classified again.
    Ledger l(file, Ledger::Mode::read_only, Knowledge::load(dir.path()));
    CHECK(l.devices().front().category == "printer");
    l.set_knowledge(nullptr);
    CHECK(l.devices().front().category == "unknown");
}

TEST_CASE("knowledge: a broken file is refused with its path, line and column",
          "[ledger][knowledge]") {
    TempDir dir;
    const fs::path makers = dir.path() / "medical_makers.json";
    write(makers, "{\n  \"version\": 1,\n  oops\n}\n");
    try {
        static_cast<void>(Knowledge::load(dir.path()));
        FAIL("a broken file was accepted");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), StartsWith(makers.string() + ":3:3: not valid JSON"));
    }

    // An entry the checks refuse: the path and the entry's JSON path.
    auto doc =
        nlohmann::json::parse(daicho::ledger::data::embedded_file("classification_rules.json"));
    doc["rules"][3]["when"] = {{{"fact", "nonsense"}}};
    fs::remove(makers);
    write(dir.path() / "classification_rules.json", doc.dump(1));
    try {
        static_cast<void>(Knowledge::load(dir.path()));
        FAIL("a bad rule was accepted");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), StartsWith((dir.path() / "classification_rules.json").string() +
                                        ": /rules/3: rule '"));
        CHECK_THAT(e.what(), Contains("unknown fact kind 'nonsense'"));
    }
    CHECK_THROWS_WITH(Knowledge::load(dir.path() / "missing"), Contains("not a directory"));
}

TEST_CASE("knowledge: a reload swaps the new knowledge in, and keeps the old on failure",
          "[ledger][knowledge]") {
    TempDir dir;
    KnowledgeSource source(dir.path());
    const auto first = source.current();
    CHECK(first == Knowledge::builtin());

    write(dir.path() / "classification_rules.json", rules_with_zz_printer());
    source.reload();
    const auto second = source.current();
    CHECK(second != first);
    CHECK(second->classifier().classify(zz_device()).category == "printer");

    write(dir.path() / "classification_rules.json", "{ \"version\": ");
    CHECK_THROWS_WITH(source.reload(), Contains("classification_rules.json:1:"));
    CHECK(source.current() == second);
    CHECK(source.current()->classifier().classify(zz_device()).category == "printer");
}

TEST_CASE("knowledge: the built-in classifier compiles on first use, once, for every thread",
          "[ledger][knowledge]") {
    using daicho::ledger::Classifier;
    const auto rules = daicho::ledger::data::embedded_file("classification_rules.json");
    const auto makers = daicho::ledger::data::embedded_file("medical_makers.json");
    const Knowledge k(rules, makers,
                      daicho::ledger::SoftwareMatcher::from_json(
                          daicho::ledger::data::embedded_file("software_patterns.json"),
                          daicho::ledger::data::embedded_file("windows_builds.json")),
                      daicho::ledger::DicomUids::from_json(
                          daicho::ledger::data::embedded_file("dicom_uids.json")),
                      {});
    // Known before anything is compiled, and the same as the compiled classifier's.
    const std::string fingerprint = k.classifier_fingerprint();
    CHECK(fingerprint == Classifier::from_json(rules, makers).fingerprint());

    std::vector<const Classifier*> seen(8, nullptr);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        threads.emplace_back([&k, &seen, i] { seen[i] = &k.classifier(); });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const Classifier* c : seen) {
        CHECK(c == seen.front());
    }
    CHECK(seen.front()->fingerprint() == fingerprint);
    CHECK(seen.front()->rule_count() > 0);
    CHECK(Knowledge::builtin()->classifier_fingerprint() == fingerprint);

    // Nothing is compiled until asked: texts that do not parse make a Knowledge with a
    // fingerprint, and only classifier() says what is wrong with them.
    const Knowledge broken("{not json", makers,
                           daicho::ledger::SoftwareMatcher::from_json(
                               daicho::ledger::data::embedded_file("software_patterns.json"),
                               daicho::ledger::data::embedded_file("windows_builds.json")),
                           daicho::ledger::DicomUids::from_json(
                               daicho::ledger::data::embedded_file("dicom_uids.json")),
                           {});
    CHECK(broken.classifier_fingerprint() != fingerprint);
    CHECK_THROWS_AS(broken.classifier(), Error);
}
