// The `daicho` executable as a user meets it: exit statuses, one-line errors naming the file
// and the problem, an untouched ledger after bad input, idempotent re-ingest, output formats.

#include <sqlite3.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::hex;
using daicho::test::PcapRecord;

using daicho::test::q;
using daicho::test::Run;
using daicho::test::run_daicho;
using daicho::test::slurp;

namespace {

// Two ARP replies in VLAN 10 and one frame from a third host: three devices, two addresses.
std::vector<std::byte> small_capture() {
    const auto arp = [](const char* mac, const char* ip) {
        return hex(std::string("ffffffffffff") + mac +  // dst, src
                   "8100 000a 0806"                     // 802.1Q VID 10, ARP
                   "0001 0800 06 04 0002" +
                   mac + ip +                                // reply: sender
                   "000000000000 00000000"                   // target
                   "000000000000000000000000000000000000");  // padding to 60
    };
    std::vector<PcapRecord> recs;
    recs.push_back({arp("001873de57c1", "c0a87b02"), 1772438400, 0, 0});
    recs.push_back({arp("001906eab8c1", "c0a87b01"), 1772438401, 0, 0});
    recs.push_back({hex("001906eab8c1 000c29aabbcc 0800 4500001c000000004001 0000 c0a87b05 c0a87b01"
                        "0800f7ff00000000"),
                    1772438402, 0, 0});
    return daicho::test::pcap_bytes(recs);
}

std::string device_json(const daicho::test::TempDir& tmp, const fs::path& db) {
    auto r = run_daicho(tmp, "devices --db " + q(db) + " --format json");
    REQUIRE(r.status == 0);
    return r.out;
}

}  // namespace

TEST_CASE("ingest then devices: the slice end to end", "[agent][cli]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "small.pcap";
    daicho::test::write_file(cap, small_capture());
    const auto db = tmp.path() / "ledger.db";

    auto r = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap));
    INFO(r.err);
    REQUIRE(r.status == 0);
    // The summary in Japanese under the default locale, in English under an English one.
    CHECK(r.out.find("取り込み: キャプチャ 1 件中 1 件") != std::string::npos);
    CHECK(r.out.find("フレーム 3、") != std::string::npos);
    CHECK(r.out.find("機器 新規 3 / 更新 0") != std::string::npos);
    auto en = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap), "LANG=en_US.UTF-8");
    CHECK(en.out.find("ingested 0 of 1 capture (1 already in the ledger, 0 failed)") !=
          std::string::npos);
    CHECK(en.err.find("skipped ") != std::string::npos);
    CHECK(r.err.find('\r') == std::string::npos);  // no progress bar when not a terminal

    const auto devices = nlohmann::json::parse(device_json(tmp, db));
    REQUIRE(devices.size() == 3);
    bool found = false;
    for (const auto& d : devices) {
        for (const char* key : {"id", "mac", "ips", "vlans", "vendor", "mac_kind", "hostnames",
                                "category", "software", "first_seen", "last_seen"}) {
            INFO(key);
            CHECK(d.contains(key));
        }
        if (d["mac"] == "00:18:73:de:57:c1") {
            found = true;
            CHECK(d["ips"] == nlohmann::json::array({"192.168.123.2"}));
            CHECK(d["vlans"] == nlohmann::json::array({10}));
            CHECK(d["mac_kind"] == "global");
            CHECK(d["first_seen"] == "2026-03-02T08:00:00.000000Z");
        }
    }
    CHECK(found);

    SECTION("re-ingesting the same capture changes nothing") {
        const auto before = device_json(tmp, db);
        auto again = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap));
        CHECK(again.status == 0);
        CHECK(again.err.find("台帳に取り込み済みです") != std::string::npos);
        CHECK(device_json(tmp, db) == before);
    }
    SECTION("csv and table formats") {
        auto csv = run_daicho(tmp, "devices --db " + q(db) + " --format csv");
        REQUIRE(csv.status == 0);
        CHECK(csv.out.rfind("\xEF\xBB\xBF", 0) == 0);  // BOM for Excel
        CHECK(csv.out.find("\r\n") != std::string::npos);
        auto table = run_daicho(tmp, "devices --db " + q(db));
        REQUIRE(table.status == 0);
        CHECK(table.out.find("00:18:73:de:57:c1") != std::string::npos);
    }
    SECTION("DAICHO_DB names the ledger; a missing ledger is an error, not created") {
        auto viaenv = run_daicho(tmp, "devices --format json", "DAICHO_DB=" + q(db));
        CHECK(viaenv.status == 0);
        CHECK(viaenv.out == device_json(tmp, db));
        const auto absent = tmp.path() / "absent.db";
        auto missing = run_daicho(tmp, "devices --db " + q(absent));
        CHECK(missing.status == 1);
        CHECK(missing.err.find("absent.db") != std::string::npos);
        CHECK_FALSE(fs::exists(absent));
    }
}

TEST_CASE(
    "knowledge files: --data-dir and the config's data_dir replace them; a broken one "
    "stops the run",
    "[agent][cli][knowledge]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "small.pcap";
    daicho::test::write_file(cap, small_capture());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
    const auto printers = [&](const std::string& options) {
        auto r = run_daicho(tmp, "devices --db " + q(db) + " --format json " + options);
        REQUIRE(r.status == 0);
        int n = 0;
        for (const auto& d : nlohmann::json::parse(r.out)) {
            n += d.at("category") == "printer" ? 1 : 0;
        }
        return n;
    };
    const int vendors = [&] {
        int n = 0;
        for (const auto& d : nlohmann::json::parse(device_json(tmp, db))) {
            n += d.at("vendor").get<std::string>().empty() ? 0 : 1;
        }
        return n;
    }();
    REQUIRE(vendors > 0);
    CHECK(printers("") == 0);

    // Only the rules file: every device with a registry vendor is a printer.
    const auto data = tmp.path() / "data";
    fs::create_directory(data);
    auto rules =
        nlohmann::json::parse(daicho::ledger::data::embedded_file("classification_rules.json"));
    rules["rules"].push_back({{"id", "test-every-vendor-a-printer"},
                              {"category", "printer"},
                              {"weight", 99},
                              {"source", rules["source"][0]["id"]},
                              {"when", {{{"vendor", "."}}}}});
    daicho::test::write_file(data / "classification_rules.json",
                             daicho::test::bytes_of(rules.dump(2)));
    CHECK(printers("--data-dir " + q(data)) == vendors);
    CHECK(printers("") == 0);  // nothing of it stayed in the ledger
    const auto config = tmp.path() / "daicho.json";
    daicho::test::write_file(config, daicho::test::bytes_of(R"({"data_dir": "data"})"));
    CHECK(printers("--config " + q(config)) == vendors);

    // A broken file: its path, line and column, exit 1, the ledger as it was.
    const auto before = slurp(db);
    daicho::test::write_file(data / "medical_makers.json",
                             daicho::test::bytes_of("{\n  \"version\": 1,\n  oops\n}\n"));
    auto r = run_daicho(tmp, "ingest --data-dir " + q(data) + " --db " + q(db) + " " + q(cap));
    CHECK(r.status == 1);
    CHECK(r.err.find("知識ファイル " + (data / "medical_makers.json").string() +
                     " の 3 行 3 列目は JSON として正しくありません") != std::string::npos);
    CHECK(slurp(db) == before);
}

TEST_CASE("bad input: one clear line, non-zero exit, ledger untouched", "[agent][cli]") {
    daicho::test::TempDir tmp;
    const auto good = tmp.path() / "good.pcap";
    daicho::test::write_file(good, small_capture());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(good)).status == 0);
    const auto before = device_json(tmp, db);

    SECTION("missing file") {
        auto r = run_daicho(tmp, "ingest --db " + q(db) + " " + q(tmp.path() / "nope.pcap"));
        CHECK(r.status == 1);
        CHECK(r.err.find("nope.pcap がありません") != std::string::npos);
        CHECK(device_json(tmp, db) == before);
    }
    SECTION("not a capture") {
        const auto txt = tmp.path() / "README.md";
        daicho::test::write_file(txt, daicho::test::bytes_of("# not a capture\n"));
        auto r = run_daicho(tmp, "ingest --db " + q(db) + " " + q(txt));
        CHECK(r.status == 1);
        CHECK(r.err.find("README.md はキャプチャファイルではありません") != std::string::npos);
        CHECK(device_json(tmp, db) == before);
    }
    SECTION("a capture cut off in the middle of a record") {
        auto bytes = small_capture();
        bytes.resize(bytes.size() - 20);
        // A different first frame, so this is not "already ingested".
        bytes[40 + 6 + 5] = std::byte{0x77};
        const auto cut = tmp.path() / "cut.pcap";
        daicho::test::write_file(cut, bytes);
        auto r = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cut));
        CHECK(r.status == 1);
        CHECK(r.err.find("cut.pcap はフレーム 2 の後で壊れています") != std::string::npos);
        CHECK(r.err.find("daicho: error: ") != std::string::npos);
        CHECK(r.err.find("このファイルからは何も記録していません") != std::string::npos);
        CHECK(device_json(tmp, db) == before);

        auto keep = run_daicho(tmp, "ingest --accept-damaged --db " + q(db) + " " + q(cut));
        CHECK(keep.status == 0);
        CHECK(keep.err.find("daicho: warning: 破損箇所より前の 2 フレームを取り込みました") !=
              std::string::npos);
        CHECK(device_json(tmp, db) != before);
    }
    SECTION("a ledger from a newer daicho") {
        const auto newer = tmp.path() / "newer.db";
        {
            fs::copy_file(db, newer);
            sqlite3* h = nullptr;
            REQUIRE(sqlite3_open(newer.c_str(), &h) == SQLITE_OK);
            REQUIRE(sqlite3_exec(h, "PRAGMA user_version=999", nullptr, nullptr, nullptr) ==
                    SQLITE_OK);
            sqlite3_close(h);
        }
        const auto bytes_before = slurp(newer);
        auto r = run_daicho(tmp, "ingest --db " + q(newer) + " " + q(good));
        CHECK(r.status == 1);
        CHECK(r.err.find("newer.db") != std::string::npos);
        CHECK(r.err.find("newer") != std::string::npos);
        CHECK(slurp(newer) == bytes_before);
    }
    SECTION("the command line wins over DAICHO_DB and DAICHO_CONFIG") {
        const std::string env = "DAICHO_DB=" + q(tmp.path() / "elsewhere.db") +
                                " DAICHO_CONFIG=" + q(tmp.path() / "none.json");
        std::ofstream(tmp.path() / "empty.json") << "{}\n";
        auto r = run_daicho(tmp,
                            "devices --format json --db " + q(db) + " --config " +
                                q(tmp.path() / "empty.json"),
                            env);
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(r.out == device_json(tmp, db));
        // The environment alone still chooses.
        auto e = run_daicho(tmp, "devices --format json", "DAICHO_DB=" + q(db));
        CHECK(e.status == 0);
        CHECK(e.out == r.out);
    }
    SECTION("an unwritable ledger path") {
        auto r = run_daicho(
            tmp, "ingest --db " + q(tmp.path() / "no-such-dir" / "x.db") + " " + q(good));
        CHECK(r.status == 1);
        CHECK(r.err.find("no-such-dir") != std::string::npos);
    }
    SECTION("usage errors exit 2 and --help works on every subcommand") {
        CHECK(run_daicho(tmp, "").status == 2);
        CHECK(run_daicho(tmp, "ingest").status == 2);
        CHECK(run_daicho(tmp, "devices --format xml").status == 2);
        for (const char* sub : {"ingest --help", "devices --help", "--help"}) {
            auto h = run_daicho(tmp, sub);
            CHECK(h.status == 0);
            CHECK(h.out.find("使い方") != std::string::npos);
            CHECK(h.out.find("オプション") != std::string::npos);
            CHECK(h.out.find("Options") == std::string::npos);
            auto en = run_daicho(tmp, sub, "LANG=en_US.UTF-8");
            CHECK(en.out.find("Usage") != std::string::npos);
            CHECK(en.out.find("使い方") == std::string::npos);
        }
        CHECK(run_daicho(tmp, "ingest --help").out.find("キャプチャファイル（pcap または pcapng）") !=
              std::string::npos);
    }
    SECTION("every subcommand's help is Japanese under the default locale") {
        // Each "  name   description" line of the top-level help: the description has Japanese
        // in it, and the subcommand's own help has no English CLI11 heading either.
        const auto top = run_daicho(tmp, "--help");
        REQUIRE(top.status == 0);
        CHECK(top.out.find("Subcommands") == std::string::npos);
        std::istringstream lines(top.out.substr(top.out.find("サブコマンド:")));
        std::string line;
        std::getline(lines, line);
        int subcommands = 0;
        while (std::getline(lines, line) && line.rfind("  ", 0) == 0) {
            const auto name_end = line.find(' ', 2);
            const std::string name = line.substr(2, name_end - 2);
            const std::string description = line.substr(name_end);
            INFO(name << ":" << description);
            CHECK(std::any_of(description.begin(), description.end(),
                              [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
            const auto own = run_daicho(tmp, name + " --help");
            CHECK(own.status == 0);
            CHECK(own.out.find("Options") == std::string::npos);
            CHECK(own.out.find("Subcommands") == std::string::npos);
            ++subcommands;
        }
        CHECK(subcommands >= 18);  // ingest ... evidence: none is skipped by a parse slip
    }
}

namespace {

// small_capture() plus an LLDP frame from 00:18:73:de:57:c1 whose enabled capability is
// "router" (IEEE 802.1AB §8.5.8: system capabilities, bit 4) and a YAMAHA system description.
std::vector<std::byte> capture_with_lldp_router() {
    auto bytes = small_capture();
    const auto lldp =
        hex("0180c200000e 001873de57c1 88cc"
            "0207 04 001873de57c1"  // chassis id: MAC
            "0403 05 7031"          // port id: interface name "p1"
            "0602 0078"             // TTL 120
            "0e04 0014 0010"        // capabilities: bridge+router, router enabled
            // system description (§8.5.7), 38 bytes: "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)"
            "0c26 52545831323130 205265762e31342e30312e3432 2028467269204a616e2031352032303231 29"
            "0000"                                        // end
            "0000000000000000000000000000000000000000");  // pad to 60
    const std::vector<PcapRecord> records{{lldp, 1772438403, 0, 0}};
    const auto extra = daicho::test::pcap_bytes(records);
    bytes.insert(bytes.end(), extra.begin() + 24, extra.end());  // records after the header
    return bytes;
}

}  // namespace

TEST_CASE("explain: the category and the rules behind it, by id, MAC or IP", "[agent][cli]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "lldp.pcap";
    daicho::test::write_file(cap, capture_with_lldp_router());
    const auto db = tmp.path() / "ledger.db";
    auto ingest = run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap));
    INFO(ingest.err);
    REQUIRE(ingest.status == 0);

    const auto devices = nlohmann::json::parse(device_json(tmp, db));
    std::int64_t id = 0;
    for (const auto& d : devices) {
        for (const char* key : {"subtype", "confidence", "band", "classification"}) {
            INFO(key);
            CHECK(d.contains(key));
        }
        CHECK_FALSE(d.contains("medical"));  // no DICOM or HL7 facts here
        if (d["mac"] == "00:18:73:de:57:c1") {
            id = d["id"].get<std::int64_t>();
            CHECK(d["category"] == "network");
            CHECK(d["subtype"] == "router");
            CHECK(d["confidence"].get<int>() >= 70);
            bool lldp_rule = false;
            for (const auto& r : d["classification"]) {
                if (r["rule"] == "lldp-capability-router") {
                    lldp_rule = true;
                    CHECK(r["weight"] == 70);
                    CHECK(r["evidence"][0]["kind"] == "capability");
                    CHECK(r["evidence"][0]["evidence"]["frame"] == 4);
                }
            }
            CHECK(lldp_rule);
        }
    }
    REQUIRE(id != 0);

    for (const std::string& query :
         {std::to_string(id), std::string("00:18:73:DE:57:C1"), std::string("192.168.123.2")}) {
        INFO(query);
        auto r = run_daicho(tmp, "explain --lang en --db " + q(db) + " " + query);
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(r.out.find("device " + std::to_string(id) + "  00:18:73:de:57:c1") !=
              std::string::npos);
        CHECK(r.out.find("classification: network/router") != std::string::npos);
        CHECK(r.out.find("+70  lldp-capability-router") != std::string::npos);
        CHECK(r.out.find("capability = \"router\" [lldp]") != std::string::npos);
        CHECK(r.out.find("lldp.pcap frame 4") != std::string::npos);
        // The ledger it is filed in, and why.
        CHECK(r.out.find("ledger      Q8 it  (category network)") != std::string::npos);
        // Software with its parts named: "Rev." kept, the model apart.
        CHECK(r.out.find("YAMAHA RTX1210 Rev.14.01.42  model=RTX1210  (system_description, "
                         "lldp)") != std::string::npos);
    }

    // Japanese by default: labels and category words; rule ids and wire values as they are.
    auto ja = run_daicho(tmp, "explain --db " + q(db) + " " + std::to_string(id));
    CHECK(ja.status == 0);
    CHECK(ja.out.find("機器 " + std::to_string(id) + "  00:18:73:de:57:c1") != std::string::npos);
    CHECK(ja.out.find("分類: ネットワーク機器/router") != std::string::npos);
    CHECK(ja.out.find("+70  lldp-capability-router  -> ネットワーク機器/router") !=
          std::string::npos);
    CHECK(ja.out.find("  ベンダー    ") != std::string::npos);  // aligned by display width

    auto csv = run_daicho(tmp, "devices --db " + q(db) + " --format csv");
    CHECK(csv.out.find("category,subtype,confidence") != std::string::npos);

    auto none = run_daicho(tmp, "explain --db " + q(db) + " 10.9.9.9");
    CHECK(none.status == 1);
    CHECK(none.err.find("に一致する機器はありません") != std::string::npos);
    auto unknown_name = run_daicho(tmp, "explain --db " + q(db) + " not-a-device");
    CHECK(unknown_name.status == 1);  // a host name no device has
    CHECK(unknown_name.err.find("に一致する機器はありません") != std::string::npos);
    auto bad = run_daicho(tmp, "explain --db " + q(db) + " 'not a device'");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("機器ID・MACアドレス・IPアドレス・ホスト名のいずれでもありません") !=
          std::string::npos);
    CHECK(run_daicho(tmp, "explain --help").status == 0);
    CHECK(run_daicho(tmp, "explain --db " + q(db)).status == 2);
}

TEST_CASE("annotate: a person's location, user and category, by MAC; refusals change nothing",
          "[agent][cli]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "lldp.pcap";
    daicho::test::write_file(cap, capture_with_lldp_router());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);

    auto r = run_daicho(tmp, "annotate --db " + q(db) +
                                 " 00:18:73:de:57:c1 'location=本館 B1 サーバ室' "
                                 "user=情報システム課 category=network subtype=firewall");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("location = 本館 B1 サーバ室") != std::string::npos);

    const auto devices = nlohmann::json::parse(device_json(tmp, db));
    bool found = false;
    for (const auto& d : devices) {
        if (d["mac"] == "00:18:73:de:57:c1") {
            found = true;
            CHECK(d["annotations"]["location"] == "本館 B1 サーバ室");
            CHECK(d["annotations"]["user"] == "情報システム課");
            CHECK(d["category"] == "network");
            CHECK(d["subtype"] == "firewall");  // the person's word, not the LLDP rule's router
            CHECK(d["confidence"] == 100);
            CHECK(d["classification"][0]["rule"] == "annotation");
        } else {
            CHECK(d["annotations"].empty());
        }
    }
    CHECK(found);

    const auto before = device_json(tmp, db);
    r = run_daicho(tmp, "annotate --db " + q(db) + " 00:18:73:de:57:c1 locaton=typo");
    CHECK(r.status == 1);
    CHECK(r.err.find("注記の項目「locaton」はありません（使える項目: ") != std::string::npos);
    r = run_daicho(tmp, "annotate --db " + q(db) + " 00:18:73:de:57:c1 nonsense");
    CHECK(r.status == 2);  // not key=value: a usage error
    r = run_daicho(tmp, "annotate --db " + q(db) + " 02:00:00:00:00:99 note=x");
    CHECK(r.status == 1);
    CHECK(r.err.find("に一致する機器はありません") != std::string::npos);
    CHECK(device_json(tmp, db) == before);
}

TEST_CASE("ledger: the Q8 and Q9 ledgers in CSV, XLSX and JSON, Japanese or English",
          "[agent][cli]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "lldp.pcap";
    daicho::test::write_file(cap, capture_with_lldp_router());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
    REQUIRE(run_daicho(tmp, "annotate --db " + q(db) +
                                " 00:18:73:de:57:c1 'location=本館 B1 サーバ室' asset_tag=NW-0001")
                .status == 0);

    auto it = run_daicho(tmp, "ledger --db " + q(db) + " --kind it");
    INFO(it.err);
    REQUIRE(it.status == 0);
    CHECK(it.out.rfind("\xEF\xBB\xBF\"管理番号（資産番号）\",\"機器種別\"", 0) == 0);  // BOM
    CHECK(it.out.find("\r\n") != std::string::npos);
    CHECK(it.out.find("\"NW-0001\",\"ネットワーク機器 / ルータ\"") != std::string::npos);
    CHECK(it.out.find("\"本館 B1 サーバ室\"") != std::string::npos);
    CHECK(it.out.find("00:18:73:de:57:c1") != std::string::npos);

    // The router is not medical: the Q9 ledger has the header row only, until a person says so.
    auto medical = run_daicho(tmp, "ledger --db " + q(db) + " --kind medical --lang en");
    REQUIRE(medical.status == 0);
    CHECK(medical.out.find("\"MAC address\"") != std::string::npos);
    CHECK(medical.out.find("00:18:73:de:57:c1") == std::string::npos);
    REQUIRE(run_daicho(tmp, "annotate --db " + q(db) +
                                " 00:18:73:de:57:c1 category=medical subtype=monitor-gateway")
                .status == 0);
    medical = run_daicho(tmp, "ledger --db " + q(db) + " --kind medical --format json");
    REQUIRE(medical.status == 0);
    const auto rows = nlohmann::json::parse(medical.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["mac"] == "00:18:73:de:57:c1");
    CHECK(rows[0]["category"] == "医療機器 / セントラルモニタ・ゲートウェイ");
    CHECK(rows[0]["location"] == "本館 B1 サーバ室");

    const auto xlsx = tmp.path() / "q9.xlsx";
    auto x =
        run_daicho(tmp, "ledger --db " + q(db) + " --kind medical --format xlsx -o " + q(xlsx));
    INFO(x.err);
    REQUIRE(x.status == 0);
    CHECK(fs::file_size(xlsx) > 0);
    CHECK(slurp(xlsx).rfind("PK", 0) == 0);  // a zip, as every .xlsx is
    CHECK(run_daicho(tmp, "ledger --db " + q(db) + " --format xlsx").status == 2);  // needs -o
}

namespace {

// The small capture's router (00:18:73:de:57:c1) two days later, now at 192.168.123.9.
std::vector<std::byte> router_moved_capture() {
    std::vector<PcapRecord> recs;
    recs.push_back({hex("ffffffffffff 001873de57c1 8100 000a 0806 0001 0800 06 04 0002"
                        "001873de57c1 c0a87b09 000000000000 00000000"
                        "000000000000000000000000000000000000"),
                    1772438400 + 2 * 86400, 0, 0});
    return daicho::test::pcap_bytes(recs);
}

}  // namespace

TEST_CASE("events: the history as a table, JSON or CSV, filtered by time, device and kind",
          "[agent][cli][events]") {
    daicho::test::TempDir tmp;
    const auto cap1 = tmp.path() / "cap1.pcap";
    const auto cap2 = tmp.path() / "cap2.pcap";
    daicho::test::write_file(cap1, small_capture());
    daicho::test::write_file(cap2, router_moved_capture());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap1)).status == 0);
    auto second = run_daicho(tmp, "ingest --absent-days 7 --db " + q(db) + " " + q(cap2));
    INFO(second.err);
    REQUIRE(second.status == 0);
    CHECK(second.out.find("機器 新規 0 / 更新 1、イベント 1 件、") != std::string::npos);

    auto table = run_daicho(tmp, "events --db " + q(db));
    INFO(table.err);
    REQUIRE(table.status == 0);
    // The table reads in the hospital's zone (Asia/Tokyo without a config), JSON in UTC.
    CHECK(table.out.rfind("日時 (Asia/Tokyo)", 0) == 0);
    CHECK(table.out.find("新規機器") != std::string::npos);
    CHECK(table.out.find("2026/03/04 17:00:00") != std::string::npos);
    CHECK(table.out.find("192.168.123.2 → 192.168.123.9") != std::string::npos);
    CHECK(table.out.find("cap2.pcap:1") != std::string::npos);

    auto json = run_daicho(tmp, "events --db " + q(db) + " --format json");
    REQUIRE(json.status == 0);
    const auto all = nlohmann::json::parse(json.out);
    REQUIRE(all.size() == 4);
    CHECK(all[0]["kind"] == "device_new");
    CHECK(all[0]["at"] == "2026-03-02T08:00:00.000000Z");
    CHECK(all[0]["device"]["mac"] == "00:18:73:de:57:c1");
    CHECK(all[0]["evidence"]["capture"] == cap1.string());
    CHECK(all[0]["evidence"]["frame"] == 1);
    CHECK(all[3]["kind"] == "address_new");
    CHECK(all[3]["field"] == "ip_address");
    CHECK(all[3]["before"] == "192.168.123.2");
    CHECK(all[3]["after"] == "192.168.123.9");

    const auto count = [&](const std::string& args) {
        auto r = run_daicho(tmp, "events --db " + q(db) + " --format json " + args);
        INFO(args << ": " << r.err);
        REQUIRE(r.status == 0);
        return nlohmann::json::parse(r.out).size();
    };
    CHECK(count("--since 2026-03-03") == 1);
    // 17:00 in Tokyo is 08:00 UTC; "Z" says UTC.
    CHECK(count("--since 2026-03-02T17:00:01") == 3);  // the first device_new was at :00
    CHECK(count("--since 2026-03-02T08:00:01") == 4);
    CHECK(count("--since '2026-03-02 08:00:02Z'") == 2);
    CHECK(count("--since 2026-03-02T17:00") == 4);
    CHECK(count("--since 1d") == 1);   // back from the newest event
    CHECK(count("--since 48h") == 4);  // from 08:00:00, inclusive
    CHECK(count("--since 47h") == 1);
    CHECK(count("--kind device_new") == 3);
    CHECK(count("--kind device_new --kind address_new") == 4);
    CHECK(count("--kind absent") == 0);
    CHECK(count("--device 192.168.123.9") == 2);
    CHECK(count("--device 00:19:06:ea:b8:c1") == 1);

    auto csv = run_daicho(
        tmp, "events --db " + q(db) + " --format csv --lang en -o " + q(tmp.path() / "e.csv"));
    REQUIRE(csv.status == 0);
    const std::string file = slurp(tmp.path() / "e.csv");
    CHECK(file.rfind("\xEF\xBB\xBF\"Time (Asia/Tokyo)\",\"Device ID\"", 0) == 0);
    CHECK(file.find("\"2026/03/02 17:00:00\"") != std::string::npos);
    CHECK(file.find("\"New IP address\",\"address_new\"") != std::string::npos);

    SECTION("bad input is a usage error (2) or a clear failure (1)") {
        for (const char* bad : {"yesterday", "2026-02-30", "2026-13-01", "2026-03-01T25:00",
                                "2026-03-01T09", "0d", "7w", "-3d", "d", "2026-3-1"}) {
            auto r = run_daicho(tmp, "events --db " + q(db) + " --since '" + bad + "'");
            INFO(bad);
            CHECK(r.status == 2);
            CHECK(r.err.find("expected a date") != std::string::npos);
        }
        CHECK(run_daicho(tmp, "events --db " + q(db) + " --kind nonsense").status == 2);
        CHECK(run_daicho(tmp, "events --db " + q(db) + " --format xml").status == 2);
        CHECK(run_daicho(tmp, "events --db " + q(db) + " --lang fr").status == 2);
        CHECK(run_daicho(tmp, "events --db " + q(db) + " --device 'not a device'").status == 2);
        CHECK(run_daicho(tmp, "events --db " + q(db) + " --device not-a-device").status == 1);
        auto none = run_daicho(tmp, "events --db " + q(db) + " --device 10.9.9.9");
        CHECK(none.status == 1);
        CHECK(none.err.find("に一致する機器はありません") != std::string::npos);
        auto missing = run_daicho(tmp, "events --db " + q(tmp.path() / "absent.db"));
        CHECK(missing.status == 1);
        CHECK_FALSE(fs::exists(tmp.path() / "absent.db"));
        CHECK(run_daicho(tmp, "ingest --absent-days 0 --db " + q(db) + " " + q(cap1)).status == 2);
        CHECK(run_daicho(tmp, "events --help").status == 0);
    }
}

TEST_CASE("events: a hostile renamed host stays harmless in the table, JSON and CSV",
          "[agent][cli][events]") {
    using daicho::collectors::FactKind;
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    const std::string hostile = "=HYPERLINK(\"http://x\")\x1b]0;pwn\x07\xe2\x80\xae\xc3";
    {
        daicho::ledger::Ledger l(db, daicho::ledger::Ledger::Mode::read_write);
        daicho::ledger::VendorRegistry vendors;
        daicho::ledger::Writer w(l, vendors);
        const auto name_batch = [](std::uint32_t cap, std::string name, std::int64_t ts) {
            daicho::ledger::StoredObservation o;
            o.subject.mac = *daicho::collectors::MacAddress::parse("00:11:22:33:44:55");
            o.subject.has_mac = true;
            o.kind = FactKind::hostname;
            o.value = std::move(name);
            o.source = "dhcp";
            o.evidence = {cap, 1, ts};
            o.last_us = ts;
            daicho::ledger::Batch b;
            b.observations.push_back(o);
            return b;
        };
        auto cap = w.begin_capture({"a.pcap", 1, "sha256:a", 1});
        w.apply(name_batch(cap, "pump", 1'772'438'400'000'000));
        w.commit_capture(1, 0);
        cap = w.begin_capture({"b.pcap", 2, "sha256:b", 1});
        w.apply(name_batch(cap, hostile, 1'772'438'500'000'000));
        w.commit_capture(1, 0);
    }
    auto table = run_daicho(tmp, "events --db " + q(db) + " --kind name_change --lang en");
    REQUIRE(table.status == 0);
    CHECK(table.out.find("Name changed") != std::string::npos);
    CHECK(table.out.find('\x1b') == std::string::npos);
    CHECK(table.out.find('\x07') == std::string::npos);
    CHECK(table.out.find("\xe2\x80\xae") == std::string::npos);
    CHECK(table.out.find("pump → =HYPERLINK(\"http://x\")\\x1B]0;pwn\\x07") != std::string::npos);

    auto json = run_daicho(tmp, "events --db " + q(db) + " --kind name_change --format json");
    REQUIRE(json.status == 0);
    const auto parsed = nlohmann::json::parse(json.out);  // valid JSON despite the bad UTF-8
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0]["after"].get<std::string>().rfind("=HYPERLINK(\"http://x\")\x1b]0;pwn\x07",
                                                      0) == 0);

    auto csv = run_daicho(tmp, "events --db " + q(db) + " --kind name_change --format csv");
    REQUIRE(csv.status == 0);
    CHECK(csv.out.find("\"'=HYPERLINK(\"\"http://x\"\")\\x1B]0;pwn\\x07") != std::string::npos);
    CHECK(csv.out.find('\x1b') == std::string::npos);

    // The device named by its host name, in any case, as a person types it.
    auto by_name =
        run_daicho(tmp, "events --db " + q(db) + " --kind name_change --format json --device PUMP");
    INFO(by_name.err);
    REQUIRE(by_name.status == 0);
    CHECK(nlohmann::json::parse(by_name.out).size() == 1);
    auto explain = run_daicho(tmp, "explain --lang en --db " + q(db) + " Pump");
    REQUIRE(explain.status == 0);
    CHECK(explain.out.find("  00:11:22:33:44:55  (domain 0") != std::string::npos);
    auto annotate = run_daicho(tmp, "annotate --db " + q(db) + " pump");
    REQUIRE(annotate.status == 0);
    CHECK(annotate.out.find("機器 ") == 0);
    CHECK(annotate.out.find(" 00:11:22:33:44:55\n  （注記なし）") != std::string::npos);
    auto other = run_daicho(tmp, "events --db " + q(db) + " --device other-pc");
    CHECK(other.status == 1);
    CHECK(other.err.find("に一致する機器はありません") != std::string::npos);
}

TEST_CASE("ledger and devices: hostile wire and annotation strings in every format",
          "[agent][cli][hostile]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "demo.db";
    const fs::path demo = fs::path(DAICHO_TESTS_DIR) / "demo" / "hospital-demo.pcap";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(demo)).status == 0);
    // The demo's reception PC calls itself "=cmd|' /C calc'!A0". Its DHCP hostname may as well
    // have been an escape sequence with invalid UTF-8: decoders keep wire bytes verbatim, so
    // the ledger gets one as a capture would leave it.
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        const char* sql =
            "INSERT INTO device_facts (device_id, kind, value, source, first_seen, last_seen) "
            "SELECT id, 'hostname', char(27) || '[2J' || CAST(X'FF' AS TEXT) || 'pwn', 'dhcp', "
            "first_seen, last_seen FROM devices WHERE mac = '00:0b:5d:63:4e:13'";
        CHECK(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    // A person's words may start like formulas, but never carry control bytes or invalid
    // UTF-8: annotate refuses those (every export would escape them, so they could not
    // come back through an import) and changes nothing.
    CHECK(
        run_daicho(tmp, "annotate --db " + q(db) + " 00:0b:5d:63:4e:13 $'note=a\\x1b[2J'").status ==
        1);
    REQUIRE(run_daicho(tmp, "annotate --db " + q(db) +
                                " 00:0b:5d:63:4e:13 'note=@SUM(1) first' 'location=-1+1'")
                .status == 0);

    auto json = run_daicho(tmp, "ledger --db " + q(db) + " --kind it --format json");
    REQUIRE(json.status == 0);
    const auto rows = nlohmann::json::parse(json.out);  // valid JSON whatever the bytes
    bool found = false;
    for (const auto& row : rows) {
        if (row["mac"] == "00:0b:5d:63:4e:13") {
            found = true;
            CHECK(row["name"].get<std::string>().find("=cmd|' /C calc'!A0") != std::string::npos);
            CHECK(row["location"] == "-1+1");
            CHECK(row["note"] == "@SUM(1) first");
        }
    }
    CHECK(found);

    auto csv = run_daicho(tmp, "ledger --db " + q(db) + " --kind it --format csv");
    REQUIRE(csv.status == 0);
    CHECK(csv.out.find("\x1b") == std::string::npos);
    CHECK(csv.out.find("\xff") == std::string::npos);
    CHECK(csv.out.find("\\x1B[2J\\xFFpwn") != std::string::npos);
    CHECK(csv.out.find("=cmd|' /C calc'!A0") != std::string::npos);
    CHECK(csv.out.find(",\"=") == std::string::npos);   // no cell starts a formula,
    CHECK(csv.out.find("\n\"=") == std::string::npos);  // the first column included
    CHECK(csv.out.find("\"'-1+1\"") != std::string::npos);
    CHECK(csv.out.find("\"'@SUM(1) first\"") != std::string::npos);

    const auto xlsx = tmp.path() / "it.xlsx";
    REQUIRE(
        run_daicho(tmp, "ledger --db " + q(db) + " --kind it --format xlsx -o " + q(xlsx)).status ==
        0);
    CHECK(slurp(xlsx).rfind("PK", 0) == 0);

    for (const char* lang : {"ja", "en"}) {
        auto table = run_daicho(tmp, "devices --db " + q(db) + " --lang " + lang);
        REQUIRE(table.status == 0);
        CHECK(table.out.find("\x1b") == std::string::npos);
        CHECK(table.out.find("\xff") == std::string::npos);
    }
    auto explain = run_daicho(tmp, "explain --db " + q(db) + " 00:0b:5d:63:4e:13");
    REQUIRE(explain.status == 0);
    CHECK(explain.out.find("\x1b") == std::string::npos);
    CHECK(explain.out.find("\xff") == std::string::npos);
}

TEST_CASE("import ledger: annotations from a CSV or XLSX ledger; exit statuses; dry run",
          "[agent][cli][import]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "lldp.pcap";
    daicho::test::write_file(cap, capture_with_lldp_router());
    const auto db = tmp.path() / "ledger.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
    const auto before = device_json(tmp, db);

    const auto ledger_csv = tmp.path() / "hospital.csv";
    {
        std::ofstream(ledger_csv, std::ios::binary)
            << "\xEF\xBB\xBFMACアドレス,IPアドレス,設置場所,状態,購入日\r\n"
               "00-18-73-DE-57-C1,,本館 B1 サーバ室,稼働,2020/4/1\r\n"
               ",192.0.2.99,別館,,\r\n";
    }
    auto r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(ledger_csv) + " --dry-run");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("変更予定") != std::string::npos);
    CHECK(r.out.find("台帳にあるが通信で未検出: 1") != std::string::npos);
    CHECK(r.out.find("購入日") != std::string::npos);  // the unknown column is named
    CHECK(device_json(tmp, db) == before);             // a dry run writes nothing

    const auto report = tmp.path() / "report.json";
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(ledger_csv) + " --format json -o " +
                            q(report));
    INFO(r.err);
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(slurp(report));
    CHECK(j["counts"]["matched_by_mac"] == 1);
    CHECK(j["counts"]["annotations_set"] == 2);
    CHECK(j["unmatched_rows"].size() == 1);
    CHECK(j["unmatched_rows"][0]["row"] == 3);
    CHECK(j["unlisted_devices"].size() >= 1);  // 通信で検出されたが台帳にない
    CHECK(j["written"] == true);
    auto devices = nlohmann::json::parse(device_json(tmp, db));
    bool found = false;
    for (const auto& d : devices) {
        if (d["mac"] == "00:18:73:de:57:c1") {
            found = true;
            CHECK(d["annotations"]["location"] == "本館 B1 サーバ室");
            CHECK(d["annotations"]["status"] == "active");
        }
    }
    CHECK(found);

    // Export -> import through XLSX changes nothing.
    const auto xlsx = tmp.path() / "q8.xlsx";
    REQUIRE(run_daicho(tmp, "ledger --db " + q(db) + " --format xlsx -o " + q(xlsx)).status == 0);
    const auto annotated = device_json(tmp, db);
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(xlsx) + " --lang en --format csv");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"annotations_changed\",\"\",\"0\"") != std::string::npos);
    CHECK(r.out.find("\"annotations_set\",\"\",\"0\"") != std::string::npos);

    // Shift_JIS from Japanese Excel: read, and the report says so.
    const auto sjis = tmp.path() / "sjis.csv";
    {
        std::ofstream(sjis, std::ios::binary) << "MAC,\x90\xDD\x92u\x8F\xEA\x8F\x8A\r\n"
                                                 "00:18:73:de:57:c1,\x96{\x8A\xD9"
                                                 "B1\r\n";
    }
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(sjis) + " --dry-run --lang en");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("read as Shift_JIS (CP932)") != std::string::npos);
    CHECK(r.out.find("location: '本館 B1 サーバ室' -> '本館B1'") != std::string::npos);

    // An invalid cell: every problem reported, nothing written, exit 1.
    const auto bad = tmp.path() / "bad.csv";
    {
        std::ofstream(bad, std::ios::binary) << "MAC,状態,機器種別\r\n"
                                                "00:18:73:de:57:c1,maybe,toaster\r\n";
    }
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(bad));
    CHECK(r.status == 1);
    CHECK(r.err.find("不正なセルまたは列が 2 件") != std::string::npos);
    CHECK(r.out.find("行 2, 状態 (B): 'maybe' is not a status") != std::string::npos);
    CHECK(device_json(tmp, db) == annotated);

    // Usage errors exit 2; an unreadable file exits 1 naming it.
    CHECK(
        run_daicho(tmp, "import ledger --db " + q(db) + " " + q(bad) + " --map nonsense").status ==
        2);
    CHECK(
        run_daicho(tmp, "import ledger --db " + q(db) + " " + q(bad) + " --map 状態=stat").status ==
        2);
    CHECK(run_daicho(tmp, "import --db " + q(db)).status == 2);
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(tmp.path() / "missing.xlsx"));
    CHECK(r.status == 1);
    CHECK(r.err.find("missing.xlsx") != std::string::npos);
    const auto junk = tmp.path() / "junk.xlsx";
    daicho::test::write_file(
        junk, std::vector<std::byte>{std::byte{'P'}, std::byte{'K'}, std::byte{3}, std::byte{4}});
    r = run_daicho(tmp, "import ledger --db " + q(db) + " " + q(junk));
    CHECK(r.status == 1);
    CHECK(r.err.find("junk.xlsx を取り込めません: not an XLSX workbook") != std::string::npos);
    CHECK(device_json(tmp, db) == annotated);
}
