// The monthly report (ledger/changes.h): two captures 35 days apart with one device removed,
// one renamed and one re-flashed report exactly those three changes, without the writer's
// absent/returned events between the captures; a device on a segment nobody captured is not
// called gone; a gone device is reported once, not every month; a device a person marked 稼働
// that is not seen is flagged.

#include "daicho/ledger/changes.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/change_report.h"
#include "daicho/survey/export.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::ChangeReport;
using daicho::ledger::Ledger;
using daicho::ledger::Snapshot;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::survey::Lang;
using daicho::survey::TimeZone;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kDay = 86'400'000'000;
constexpr const char* kPump = "00:11:22:33:44:55";     // 10.20.1.10, unchanged
constexpr const char* kSwitch = "00:18:73:00:00:02";   // 10.20.1.2, IOS 12.2 -> 15.0
constexpr const char* kCt = "00:aa:bb:00:00:30";       // 10.20.1.30, removed
constexpr const char* kPrinter = "00:80:77:00:00:01";  // 10.20.1.40, office-1 -> office-2
constexpr const char* kLab = "00:cc:dd:00:00:50";      // 10.30.5.5: its segment not captured
constexpr const char* kIos12 =
    "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 12.2(44)SE, RELEASE SOFTWARE";
constexpr const char* kIos15 =
    "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 15.0(2)SE11, RELEASE SOFTWARE";

struct Seen {
    const char* mac;
    const char* ip;
    const char* name;  // "" none
    FactKind name_kind;
    const char* software;  // "" none
};

// One capture at kT0 + day: each device sends, answers ARP, and says its name and software.
Batch capture(std::uint32_t c, std::int64_t day, const std::vector<Seen>& seen) {
    const std::int64_t t = kT0 + day * kDay;
    Batch b;
    std::uint64_t frame = 1;
    for (const Seen& s : seen) {
        b.activity.push_back(activity(s.mac, 0, 4, 400, t + 10, t + 3'600'000'000, c, frame));
        b.observations.push_back(arp(s.mac, s.ip, c, frame, t + 10));
        if (*s.name != '\0') {
            b.observations.push_back(observation(
                s.mac, s.name_kind, s.name, s.name_kind == FactKind::hostname ? "dhcp" : "lldp", c,
                frame + 1, t + 20));
        }
        if (*s.software != '\0') {
            b.observations.push_back(observation(s.mac, FactKind::system_description, s.software,
                                                 "lldp", c, frame + 2, t + 30));
        }
        frame += 3;
    }
    return b;
}

void ingest(Writer& w, const std::string& name, std::int64_t day, const std::vector<Seen>& seen) {
    const std::uint32_t c =
        w.begin_capture(CaptureInfo{"/captures/" + name, name.size(), "sha256:" + name, 1});
    w.apply(capture(c, day, seen));
    w.commit_capture(10, 0);
}

const std::vector<Seen> kMarch{
    {kPump, "10.20.1.10", "pump-01", FactKind::hostname, ""},
    {kSwitch, "10.20.1.2", "SW-1", FactKind::system_name, kIos12},
    {kCt, "10.20.1.30", "CT-01", FactKind::hostname, ""},
    {kPrinter, "10.20.1.40", "office-1", FactKind::hostname, ""},
    {kLab, "10.30.5.5", "lab-01", FactKind::hostname, ""},
};
// 35 days later: the CT is gone, the printer renamed, the switch re-flashed; the lab's
// segment was not captured this time.
const std::vector<Seen> kApril{
    {kPump, "10.20.1.10", "pump-01", FactKind::hostname, ""},
    {kSwitch, "10.20.1.2", "SW-1", FactKind::system_name, kIos15},
    {kPrinter, "10.20.1.40", "office-2", FactKind::hostname, ""},
};

// The March capture, then the April one 35 days later.
void march_and_april(Ledger& ledger, const VendorRegistry& vendors) {
    Writer w(ledger, vendors);
    ingest(w, "march.pcap", 0, kMarch);
    ingest(w, "april.pcap", 35, kApril);
}

// "kind mac before->after" per change.
std::vector<std::string> lines(const ChangeReport& r) {
    std::vector<std::string> out;
    for (const auto& c : r.changes) {
        out.push_back(c.kind + " " + c.mac + " " + c.before + "->" + c.after +
                      (c.marked_active ? " active" : ""));
    }
    return out;
}

}  // namespace

TEST_CASE("changes: 35 days apart, exactly the removed, renamed and re-flashed devices",
          "[ledger][changes]") {
    TempDir tmp;
    Ledger ledger(tmp.path() / "l.db", Ledger::Mode::read_write);
    const VendorRegistry vendors;
    march_and_april(ledger, vendors);
    const std::vector<std::string> expected{
        "gone 00:aa:bb:00:00:30 ->",
        "renamed 00:80:77:00:00:01 office-1->office-2",
        "software 00:18:73:00:00:02 Cisco IOS 12.2(44)SE->Cisco IOS 15.0(2)SE11",
    };

    // The writer's own history holds the month's noise: every device absent, then returned.
    daicho::ledger::EventFilter noise;
    noise.kinds = {"absent", "returned"};
    CHECK(daicho::ledger::read_events(ledger, noise).size() >= 4);

    const Snapshot snapshot(ledger);
    const auto captures = snapshot.captures();
    REQUIRE(captures.size() == 2);
    CHECK(captures[0].first_frame_us == kT0 + 10);
    CHECK(captures[1].first_frame_us == kT0 + 35 * kDay + 10);
    CHECK(captures[1].last_frame_us == kT0 + 35 * kDay + 3'600'000'000);

    SECTION("since the capture before: the newest capture against the March one") {
        const auto period = daicho::ledger::period_of_newest_capture(captures);
        REQUIRE(period);
        CHECK(period->since_us == captures[1].first_frame_us);
        CHECK(period->previous_us == captures[0].last_frame_us);
        const auto report = read_changes(snapshot, *period);
        CHECK(lines(report) == expected);
        CHECK(report.not_judged == 1);  // the lab: its segment was not in April's capture
        CHECK(report.period.until_us == captures[1].last_frame_us);
        REQUIRE_FALSE(report.changes.empty());
        const auto& gone = report.changes.front();
        CHECK(gone.name == "CT-01");
        CHECK(gone.address == "10.20.1.30");
        CHECK(gone.last_seen_us == captures[0].last_frame_us);
    }
    SECTION("since a date between the captures: the same three") {
        const auto report = read_changes(snapshot, daicho::ledger::period_since(kT0 + 10 * kDay));
        CHECK(lines(report) == expected);
    }
    SECTION("since before March: every device is new, nothing else") {
        const auto report = read_changes(snapshot, daicho::ledger::period_since(kT0 - kDay));
        REQUIRE(report.changes.size() == 5);
        for (const auto& c : report.changes) {
            CHECK(c.kind == "new");
        }
    }
    SECTION("a longer window: the CT is not gone yet") {
        const auto report =
            read_changes(snapshot, *daicho::ledger::period_of_newest_capture(captures), 40);
        CHECK(lines(report) == std::vector<std::string>(expected.begin() + 1, expected.end()));
    }
    SECTION("the renderers: Japanese labels, the zone's clock, one sheet row per change") {
        const auto report =
            read_changes(snapshot, *daicho::ledger::period_of_newest_capture(captures));
        const auto tokyo = TimeZone::load("Asia/Tokyo");
        REQUIRE(tokyo);
        std::ostringstream table;
        daicho::survey::write_changes_table(table, report, Lang::ja, *tokyo);
        INFO(table.str());
        CHECK(table.str().find("撤去または長期未検出") != std::string::npos);
        CHECK(table.str().find("名前の変更") != std::string::npos);
        CHECK(table.str().find("ファームウェア・ソフトウェアの変更") != std::string::npos);
        CHECK(table.str().find("判定できない機器: 1 台") != std::string::npos);
        // kT0 is 2026-03-09T01:02:03Z: 10:02 in Tokyo.
        CHECK(table.str().find("最終検出 2026/03/09 11:02") != std::string::npos);
        const auto sheet = daicho::survey::changes_sheet(report, Lang::ja, *tokyo);
        CHECK(sheet.rows.size() == 3);
        CHECK(sheet.rows[1][9] == "office-1");
        CHECK(sheet.rows[1][10] == "office-2");
        std::ostringstream json;
        daicho::survey::write_changes_json(json, report);
        const auto j = nlohmann::json::parse(json.str());
        CHECK(j["changes"].size() == 3);
        CHECK(j["changes"][0]["kind"] == "gone");
        CHECK(j["not_judged"] == 1);
    }
}

TEST_CASE("changes: gone once, not every month; 稼働 but unseen is flagged every time",
          "[ledger][changes]") {
    TempDir tmp;
    Ledger ledger(tmp.path() / "l.db", Ledger::Mode::read_write);
    const VendorRegistry vendors;
    march_and_april(ledger, vendors);
    const auto device_of = [&](const char* mac) {
        const Snapshot s(ledger);
        const auto found = s.find(mac);
        REQUIRE(found.size() == 1);
        return found.front().id;
    };
    daicho::ledger::annotate(ledger, device_of(kCt), {{"status", "稼働"}}, "cli", "山田");
    daicho::ledger::annotate(ledger, device_of(kLab), {{"status", "active"}}, "cli", "山田");

    {
        const Snapshot s(ledger);
        const auto report =
            read_changes(s, *daicho::ledger::period_of_newest_capture(s.captures()));
        CHECK(lines(report) == std::vector<std::string>{
                                   "gone 00:aa:bb:00:00:30 -> active",
                                   "renamed 00:80:77:00:00:01 office-1->office-2",
                                   "software 00:18:73:00:00:02 Cisco IOS 12.2(44)SE->Cisco IOS "
                                   "15.0(2)SE11",
                                   "unseen_active 00:cc:dd:00:00:50 -> active",
                               });
    }
    // May: the same three devices as April. Nothing changed; the CT was reported in April and
    // is not again, but both 稼働 devices that are not seen stay flagged.
    {
        Writer w(ledger, vendors);
        ingest(w, "may.pcap", 70, kApril);
    }
    const Snapshot s(ledger);
    const auto report = read_changes(s, *daicho::ledger::period_of_newest_capture(s.captures()));
    CHECK(lines(report) == std::vector<std::string>{
                               "unseen_active 00:aa:bb:00:00:30 -> active",
                               "unseen_active 00:cc:dd:00:00:50 -> active",
                           });
}
