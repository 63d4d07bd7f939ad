// Annotations: a person's statements survive rediscovery, a category annotation wins over the
// rules, removal and validation, and nothing is written when any value is refused.

#include "daicho/ledger/annotations.h"

// kill -9 in a child needs fork(); the Windows build runs the other cases.
#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "daicho/ledger/batch.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Error;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

// A Windows PC by its NTLM build: the rules say pc.
void ingest_pc(Ledger& l, const std::string& name) {
    const VendorRegistry vendors;
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/" + name, 100, "sha256:" + name, 1});
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:55", 10, 5, 500, kT0, kT0 + 90, 0, 1));
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::os, "Windows 10.0.19045", "smb", 0, 2, kT0 + 1));
    w.apply(b);
    w.commit_capture(2, 0);
}

DeviceRecord only(const Ledger& l) {
    const auto ds = l.devices();
    REQUIRE(ds.size() == 1);
    return ds.front();
}

}  // namespace

TEST_CASE("annotations: set, read back in column order, survive rediscovery, remove",
          "[ledger][annotations]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest_pc(l, "a");
    const auto id = only(l).id;
    daicho::ledger::annotate(l, id,
                             Values{{"user", "看護部 3F"},
                                    {"location", "本館3F ナースステーション"},
                                    {"asset_tag", "PC-0042"},
                                    {"status", "稼働"}},
                             "cli");
    auto d = only(l);
    REQUIRE(d.annotations.size() == 4);
    CHECK(d.annotations[0].key == "asset_tag");  // kAnnotationKeys order
    CHECK(d.annotations[1].key == "location");
    CHECK(d.annotations[2].key == "user");
    CHECK(d.annotations[3].key == "status");
    CHECK(d.annotation("status")->value == "active");  // canonical form of 稼働
    CHECK(d.annotation("location")->value == "本館3F ナースステーション");
    CHECK(d.annotation("user")->source == "cli");

    ingest_pc(l, "b");  // the device is seen again: a person's word stays
    d = only(l);
    CHECK(d.annotations.size() == 4);

    daicho::ledger::annotate(l, id, Values{{"user", ""}}, "cli");  // key= removes
    d = only(l);
    CHECK(d.annotation("user") == nullptr);
    CHECK(d.annotations.size() == 3);
}

TEST_CASE("annotations: a person's category wins over the rules", "[ledger][annotations]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest_pc(l, "a");
    auto d = only(l);
    CHECK(d.category == "pc");
    daicho::ledger::annotate(l, d.id, Values{{"category", "medical"}, {"subtype", "workstation"}},
                             "cli");
    d = only(l);
    CHECK(d.category == "medical");
    CHECK(d.subtype == "workstation");
    CHECK(d.confidence == 100);
    CHECK(d.band == "high");
    REQUIRE_FALSE(d.classification.empty());
    CHECK(d.classification.front().id == "annotation");
    CHECK(d.classification.front().evidence.front().value ==
          "category=medical subtype=workstation");
    // The rules are still listed after it, for explain.
    CHECK(d.classification.size() > 1);

    ingest_pc(l, "b");  // rediscovery does not change it
    CHECK(only(l).category == "medical");
}

TEST_CASE("annotations: bad input is refused and nothing is written", "[ledger][annotations]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest_pc(l, "a");
    const auto id = only(l).id;
    const auto refused = [&](const Values& v, const std::string& why) {
        INFO(why);
        CHECK_THROWS_WITH(daicho::ledger::annotate(l, id, v, "cli"), Contains(why));
        CHECK(only(l).annotations.empty());
    };
    refused(Values{{"location", "B1"}, {"locaton", "typo"}}, "unknown annotation key 'locaton'");
    refused(Values{{"status", "maybe"}}, "status must be active/稼働");
    refused(Values{{"category", "toaster"}}, "'toaster' is not a category");
    refused(Values{{"category", "network"}, {"subtype", "pacs"}}, "'network/pacs' is not");
    // The valid subtypes are listed; no source-tree path is.
    CHECK_THROWS_WITH(daicho::ledger::annotate(
                          l, id, Values{{"category", "network"}, {"subtype", "pacs"}}, "cli"),
                      Contains("(subtypes of network: ") && !Contains(".json"));
    refused(Values{{"subtype", "pacs"}}, "needs a category annotation");
    refused(Values{{"note", std::string(2000, 'x')}}, "longer than 1024 bytes");
    CHECK_THROWS_WITH(daicho::ledger::annotate(l, id + 99, Values{{"note", "x"}}, "cli"),
                      Contains("no device with id"));
}

TEST_CASE("annotations: every change leaves its history, who and before -> after, or nothing",
          "[ledger][annotations][history]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest_pc(l, "a");
    const auto id = only(l).id;
    const auto history = [&] {
        daicho::ledger::EventFilter f;
        f.kinds = {"annotation_change"};
        return daicho::ledger::read_events(l, f);
    };
    daicho::ledger::annotate(l, id, Values{{"location", "3F"}, {"status", "稼働"}}, "cli", "山田");
    daicho::ledger::annotate(l, id, Values{{"location", "3F"}}, "cli", "山田");  // no change
    daicho::ledger::annotate(l, id, Values{{"location", "4F"}}, "import:q8.xlsx", "鈴木");
    daicho::ledger::annotate(l, id, Values{{"status", ""}}, "cli");  // removed, nobody named
    CHECK_THROWS(daicho::ledger::annotate(l, id, Values{{"location", "5F"}, {"category", "x"}},
                                          "cli", "佐藤"));  // refused: neither is written
    const auto h = history();
    REQUIRE(h.size() == 4);
    CHECK(h[0].field == "location");
    CHECK(h[0].before.empty());
    CHECK(h[0].after == "3F");
    CHECK(h[0].actor == "山田");
    CHECK(h[0].note == "cli");
    CHECK(h[0].device_id == id);
    CHECK(h[1].field == "status");
    CHECK(h[1].after == "active");  // as stored
    CHECK(h[2].before == "3F");
    CHECK(h[2].after == "4F");
    CHECK(h[2].actor == "鈴木");
    CHECK(h[2].note == "import:q8.xlsx");
    CHECK(h[3].before == "active");
    CHECK(h[3].after.empty());
    CHECK(h[3].actor.empty());
    CHECK(h[0].at_us <= h[3].at_us);
    CHECK(only(l).annotation("location")->value == "4F");
    // A person's word is not the wire's: spans back from the newest event ignore it.
    CHECK(daicho::ledger::newest_event_us(l) < h[0].at_us);
}

#ifndef _WIN32
TEST_CASE("annotations: kill -9 while annotating leaves each value with its history",
          "[ledger][annotations][history][crash]") {
    TempDir dir;
    const auto file = dir.path() / "l.db";
    std::int64_t id = 0;
    {
        Ledger l(file, Ledger::Mode::read_write);
        ingest_pc(l, "a");
        id = only(l).id;
    }
    std::mt19937 random(12);
    for (int round = 0; round < 4; ++round) {
        // The child says when its first value is committed, so the kill always lands among
        // writes: on a slow machine (a sanitizer build under load) 20 ms can pass before the
        // child has opened the ledger, and a run with no value would test nothing.
        int ready[2];
        REQUIRE(pipe(ready) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            close(ready[0]);
            Ledger l(file, Ledger::Mode::read_write);
            for (int k = 0;; ++k) {
                daicho::ledger::annotate(
                    l, id, Values{{"note", std::to_string(round) + "-" + std::to_string(k)}}, "cli",
                    "child");
                if (k == 0) {
                    const char one = 1;
                    static_cast<void>(write(ready[1], &one, 1));
                    close(ready[1]);
                }
            }
        }
        close(ready[1]);
        char got = 0;
        REQUIRE(read(ready[0], &got, 1) == 1);
        close(ready[0]);
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 200)(random)));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
    }
    Ledger l(file, Ledger::Mode::read_write);
    const DeviceRecord d = only(l);
    const auto* note = d.annotation("note");
    REQUIRE(note != nullptr);
    // The newest history entry says what the annotation holds; each one continues the last.
    daicho::ledger::EventFilter f;
    f.kinds = {"annotation_change"};
    const auto h = daicho::ledger::read_events(l, f);
    REQUIRE(!h.empty());
    CHECK(h.back().after == note->value);
    for (std::size_t i = 1; i < h.size(); ++i) {
        CHECK(h[i].before == h[i - 1].after);
    }
}
#endif
