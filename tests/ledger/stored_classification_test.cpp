// Classification stored, not recomputed: the writer stores each changed device's result, a
// read restores it (and only it), a device whose inputs no longer match is classified afresh,
// an annotation rewrites it, an upgraded ledger is classified by its next write.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/batch.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "classify/class_cbor.h"
#include "db/schema.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Knowledge;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::RawDb;
using daicho::test::TempDir;

namespace {

constexpr const char* kPc = "00:11:22:33:44:55";
constexpr const char* kPrinter = "00:11:22:33:44:66";

// A Windows PC by its NTLM build and a printer by its DHCP name.
void ingest(Ledger& l, const std::string& name) {
    const VendorRegistry vendors;
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/" + name, 100, "sha256:" + name, 1});
    Batch b;
    b.activity.push_back(activity(kPc, 10, 5, 500, kT0, kT0 + 90, 0, 1));
    b.activity.push_back(activity(kPrinter, 10, 5, 500, kT0, kT0 + 90, 0, 2));
    b.observations.push_back(
        observation(kPc, FactKind::os, "Windows 10.0.19045", "smb", 0, 3, kT0 + 1));
    b.observations.push_back(
        observation(kPrinter, FactKind::hostname, "BRN001122334466", "dhcp", 0, 4, kT0 + 2));
    w.apply(b);
    w.commit_capture(4, 0);
}

const DeviceRecord& by_mac(const std::vector<DeviceRecord>& ds, const std::string& mac) {
    for (const auto& d : ds) {
        if (d.mac == mac) {
            return d;
        }
    }
    FAIL("no device " << mac);
    throw;
}

std::string stored_category(const Ledger& l, const std::string& mac) {
    return query(l,
                 "SELECT c.category || '/' || c.subtype FROM device_classes c JOIN devices d ON "
                 "d.id = c.device_id WHERE d.mac = '" +
                     mac + "'");
}

}  // namespace

TEST_CASE("stored classification: the writer stores it, a read restores it",
          "[ledger][classify][stored]") {
    TempDir dir;
    Ledger l(dir.path() / "l.ledger", Ledger::Mode::read_write);
    ingest(l, "a.pcap");
    CHECK(query(l, "SELECT count(*) FROM device_classes") == "2");
    const auto before = l.devices();
    CHECK(by_mac(before, kPc).category == "pc");
    CHECK(stored_category(l, kPc) ==
          by_mac(before, kPc).category + "/" + by_mac(before, kPc).subtype);
    REQUIRE(!by_mac(before, kPc).classification.empty());

    // What a read shows is the stored row, not a fresh run of the rules: a row changed behind
    // the ledger's back (same inputs) shows as changed.
    RawDb(dir.path() / "l.ledger")
        .exec(
            "UPDATE device_classes SET category = 'phone', confidence = 42 WHERE device_id = "
            "(SELECT id FROM devices WHERE mac = '" +
            std::string(kPc) + "')");
    const auto tampered = l.devices();
    CHECK(by_mac(tampered, kPc).category == "phone");
    CHECK(by_mac(tampered, kPc).confidence == 42);
    // The fired rules and their evidence come back whole.
    const auto& fired = by_mac(tampered, kPc).classification;
    const auto& live = by_mac(before, kPc).classification;
    REQUIRE(fired.size() == live.size());
    for (std::size_t i = 0; i < fired.size(); ++i) {
        CHECK(fired[i].id == live[i].id);
        CHECK(fired[i].weight == live[i].weight);
        REQUIRE(fired[i].evidence.size() == live[i].evidence.size());
        for (std::size_t k = 0; k < fired[i].evidence.size(); ++k) {
            CHECK(fired[i].evidence[k].value == live[i].evidence[k].value);
            CHECK(fired[i].evidence[k].evidence.capture == live[i].evidence[k].evidence.capture);
            CHECK(fired[i].evidence[k].evidence.frame == live[i].evidence[k].evidence.frame);
        }
    }

    // A row made from other inputs is not trusted: the device is classified afresh.
    RawDb(dir.path() / "l.ledger").exec("UPDATE device_classes SET input = 'stale'");
    CHECK(by_mac(l.devices(), kPc).category == "pc");
}

TEST_CASE("stored classification: a new fact reclassifies at commit; an annotation rewrites it",
          "[ledger][classify][stored]") {
    TempDir dir;
    Ledger l(dir.path() / "l.ledger", Ledger::Mode::read_write);
    ingest(l, "a.pcap");
    const std::string pc_before = stored_category(l, kPc);
    CHECK(pc_before.starts_with("pc/"));
    const std::string printer =
        query(l, "SELECT id FROM devices WHERE mac = '" + std::string(kPrinter) + "'");

    daicho::ledger::annotate(l, std::stoll(printer), {{"category", "medical"}}, "cli");
    CHECK(stored_category(l, kPrinter) == "medical/");
    CHECK(by_mac(l.devices(), kPrinter).category == "medical");
    daicho::ledger::annotate(l, std::stoll(printer), {{"category", ""}}, "cli");
    CHECK(stored_category(l, kPrinter) ==
          by_mac(l.devices(), kPrinter).category + "/" + by_mac(l.devices(), kPrinter).subtype);
    CHECK(stored_category(l, kPrinter) != "medical/");

    // A new fact: the device's row is rewritten by the commit that brought it.
    const VendorRegistry vendors;
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/b.pcap", 101, "sha256:b", 1});
    Batch b;
    b.activity.push_back(activity(kPc, 10, 5, 500, kT0 + 100, kT0 + 190, 0, 1));
    b.observations.push_back(observation(kPc, FactKind::os, "Windows Server 2019 Standard 17763",
                                         "smb", 0, 2, kT0 + 101));
    w.apply(b);
    w.commit_capture(2, 0);
    const auto d = by_mac(l.devices(), kPc);
    CHECK(stored_category(l, kPc) == d.category + "/" + d.subtype);
    CHECK(stored_category(l, kPc) != pc_before);
}

TEST_CASE("stored classification: an upgraded ledger reads right and its next write stores it",
          "[ledger][classify][stored][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "v6.ledger";
    {
        Ledger fresh(dir.path() / "ref.ledger", Ledger::Mode::read_write);
        ingest(fresh, "a.pcap");
    }
    {
        // The same devices in a ledger of schema 6, before classifications were stored.
        RawDb raw(file);
        raw.exec("PRAGMA journal_mode=WAL; PRAGMA application_id=1147234627;");
        for (const auto& m : daicho::ledger::db::migrations()) {
            if (m.version > 6) {
                break;
            }
            raw.exec("BEGIN; " + std::string(m.sql) +
                     "; PRAGMA user_version=" + std::to_string(m.version) + "; COMMIT;");
        }
        raw.exec(
            "ATTACH '" + (dir.path() / "ref.ledger").string() +
            "' AS ref; "
            "INSERT INTO captures SELECT id, path, size, digest, link_type, frames, decode_errors, "
            "ingested_at FROM ref.captures; "
            "INSERT INTO devices SELECT * FROM ref.devices; "
            "INSERT INTO device_facts SELECT * FROM ref.device_facts; DETACH ref;");
    }
    Ledger l(file, Ledger::Mode::read_write);
    CHECK(query(l, "SELECT count(*) FROM device_classes") == "0");
    CHECK(by_mac(l.devices(), kPc).category == "pc");

    // Any write stores every device, touched or not.
    const VendorRegistry vendors;
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/c.pcap", 102, "sha256:c", 1});
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:77", 10, 5, 500, kT0 + 200, kT0 + 290, 0, 1));
    w.apply(b);
    w.commit_capture(1, 0);
    CHECK(query(l, "SELECT count(*) FROM device_classes") == "3");
    CHECK(stored_category(l, kPc) ==
          by_mac(l.devices(), kPc).category + "/" + by_mac(l.devices(), kPc).subtype);
}

TEST_CASE("stored classification: evidence that is not UTF-8 comes back byte for byte",
          "[ledger][classify][stored]") {
    TempDir dir;
    Ledger l(dir.path() / "l.ledger", Ledger::Mode::read_write);
    const std::string name = "iPhone-\xff\xfe";  // wire bytes, not UTF-8
    {
        const VendorRegistry vendors;
        Writer w(l, vendors);
        w.begin_capture(CaptureInfo{"/captures/a.pcap", 100, "sha256:a", 1});
        Batch b;
        b.activity.push_back(activity(kPc, 10, 5, 500, kT0, kT0 + 90, 0, 1));
        b.observations.push_back(observation(kPc, FactKind::hostname, name, "dhcp", 0, 2, kT0));
        w.apply(b);
        w.commit_capture(2, 0);
    }
    // Marked, so the read below shows the stored row only if it decoded.
    RawDb(dir.path() / "l.ledger").exec("UPDATE device_classes SET confidence = 7");
    const auto d = by_mac(l.devices(), kPc);
    CHECK(d.confidence == 7);
    bool quoted = false;
    for (const auto& r : d.classification) {
        for (const auto& e : r.evidence) {
            quoted = quoted || e.value == name;
        }
    }
    CHECK(quoted);
}

TEST_CASE("stored classification: the CBOR blobs round-trip, and a wrong shape is refused",
          "[ledger][classify][stored]") {
    using daicho::ledger::FiredRule;
    using daicho::ledger::MedicalSummary;
    using daicho::ledger::RuleEvidence;
    FiredRule rule{"pc-ntlm", "pc", "windows", -3, {}};
    RuleEvidence e;
    e.kind = "os";
    e.value = std::string("Win\xff\x00 10", 8);  // bytes from the wire, not UTF-8
    e.source = "smb";
    e.about = "10.0.0.9";
    e.evidence.capture = "/captures/a.pcap";
    e.evidence.frame = 18'446'744'073'709'551'615ULL;
    e.evidence.capture_id = 7;
    rule.evidence = {e, e};
    rule.evidence[1].evidence.capture_id = 0;
    const std::vector<FiredRule> fired{rule, FiredRule{"oui", "network", "", 40, {}}};

    const auto bytes = daicho::ledger::fired_to_cbor(fired);
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const auto back = daicho::ledger::fired_from_cbor(text);
    REQUIRE(back);
    REQUIRE(back->size() == 2);
    CHECK((*back)[0].id == "pc-ntlm");
    CHECK((*back)[0].weight == -3);
    CHECK((*back)[1].weight == 40);
    CHECK((*back)[1].evidence.empty());
    REQUIRE((*back)[0].evidence.size() == 2);
    CHECK((*back)[0].evidence[0].value == e.value);
    CHECK((*back)[0].evidence[0].about == "10.0.0.9");
    CHECK((*back)[0].evidence[0].evidence.frame == e.evidence.frame);
    CHECK((*back)[0].evidence[0].evidence.capture_id == 7);
    CHECK((*back)[0].evidence[1].evidence.capture_id == 0);

    MedicalSummary m;
    m.ae_titles = {"CT01", "CT02"};
    m.implementation_class_uid = "1.2.3";
    m.modality = {"CT"};
    const auto mbytes = daicho::ledger::medical_to_cbor(m);
    const auto mback = daicho::ledger::medical_from_cbor(
        std::string_view(reinterpret_cast<const char*>(mbytes.data()), mbytes.size()));
    REQUIRE(mback);
    CHECK(mback->ae_titles == m.ae_titles);
    CHECK(mback->implementation_class_uid == "1.2.3");
    CHECK(mback->modality == m.modality);
    CHECK(mback->hl7_facilities.empty());

    // Any other shape is refused, and the caller classifies afresh.
    const auto refused = [](const nlohmann::json& j) {
        const auto b = nlohmann::json::to_cbor(j);
        return !daicho::ledger::fired_from_cbor(
            std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    };
    CHECK(refused(nlohmann::json::object()));
    CHECK(refused(nlohmann::json::array({nlohmann::json{{"id", "x"}}})));  // keys missing
    CHECK(refused(nlohmann::json::array(
        {nlohmann::json{{"id", 1}, {"category", "pc"}, {"subtype", ""}, {"weight", 1},
                        {"evidence", nlohmann::json::array()}}})));  // id not a string
    CHECK(refused(nlohmann::json::array(
        {nlohmann::json{{"id", "x"}, {"category", "pc"}, {"subtype", ""}, {"weight", 1},
                        {"evidence", nlohmann::json::array()}, {"extra", 1}}})));
    CHECK(!daicho::ledger::fired_from_cbor(text.substr(0, text.size() - 3)));  // cut short
    CHECK(!daicho::ledger::medical_from_cbor(text));  // the other blob
}
