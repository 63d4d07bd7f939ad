// The CLI as a hospital's IT person uses it month after month (issue 12): -o's extension picks
// the format and a contradicting --format is refused; an untouched export imports as 0 changes
// and one edited cell as exactly 1, departments from the subnet map staying the map's; every
// annotation keeps who, when and before -> after; devices named by host name, ambiguity listed;
// "did you mean" and the error: prefix; annotate's Japanese or English values and departments.

#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/suggest.h"
#include "daicho/import/table_reader.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"
#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

using daicho::test::q;
using daicho::test::Run;
using daicho::test::run_daicho;
using daicho::test::slurp;
using daicho::test::TempDir;

namespace {

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";

// The demo capture ingested with its department map; returns "--db DB --config CONFIG".
std::string demo_ledger(const TempDir& tmp) {
    const std::string args =
        "--db " + q(tmp.path() / "demo.db") + " --config " + q(kDemo / "daicho.json");
    const Run r = run_daicho(tmp, "ingest -q " + args + " " + q(kDemo / "hospital-demo.pcap"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    return args;
}

std::int64_t count(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

bool is_workbook(const fs::path& file) {
    const std::string bytes = slurp(file);
    return bytes.rfind("PK\x03\x04", 0) == 0 &&
           bytes.find("xl/worksheets/sheet1.xml") != std::string::npos;
}

// The dry-run report of importing `file`, as JSON.
nlohmann::json dry_run(const TempDir& tmp, const std::string& args, const fs::path& file) {
    const Run r =
        run_daicho(tmp, "import ledger " + args + " " + q(file) + " --dry-run --format json");
    INFO(r.err);
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

// In the row whose MAC column is `mac`, the cell under `header` set to `value`, as a person
// does in Excel: the XLSX read and written again as text cells; the CSV edited as text, every
// other byte kept (the export's formula apostrophes included, which Excel shows and saves).
void edit_cell(const fs::path& file, const std::string& mac, const std::string& header,
               const std::string& value) {
    const auto table = daicho::import::read_table_file(file);
    // The workbook's title block comes first; the header is the row that holds `header`.
    std::size_t header_row = 0;
    while (header_row < table.rows.size() &&
           std::find(table.rows[header_row].begin(), table.rows[header_row].end(), header) ==
               table.rows[header_row].end()) {
        ++header_row;
    }
    REQUIRE(header_row < table.rows.size());
    const auto& headers = table.rows[header_row];
    const auto col = static_cast<std::size_t>(std::find(headers.begin(), headers.end(), header) -
                                              headers.begin());
    REQUIRE(col < headers.size());
    if (file.extension() == ".csv") {
        std::string text = slurp(file);
        const auto at = text.find("\"" + mac + "\"");
        REQUIRE(at != std::string::npos);
        std::size_t cell = text.rfind('\n', at) + 1;  // the row's first quote
        for (std::size_t c = 0; c < col; ++c) {
            cell = text.find("\",\"", cell) + 2;  // the export quotes every cell
        }
        const auto end = text.find('"', cell + 1);
        text.replace(cell + 1, end - cell - 1, value);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
        return;
    }
    daicho::survey::Sheet sheet;
    sheet.name = "edited";
    sheet.headers = headers;
    for (std::size_t r = 0; r + 1 < header_row; ++r) {  // the title, as Excel keeps it
        sheet.title.push_back(table.rows[r].empty() ? std::string() : table.rows[r].front());
    }
    const auto mac_col = static_cast<std::size_t>(
        std::find(headers.begin(), headers.end(), "MACアドレス") - headers.begin());
    REQUIRE(mac_col < headers.size());
    bool edited = false;
    for (std::size_t r = header_row + 1; r < table.rows.size(); ++r) {
        auto row = table.rows[r];
        row.resize(headers.size());
        if (row[mac_col] == mac) {
            row[col] = value;
            edited = true;
        }
        sheet.rows.push_back(std::move(row));
    }
    REQUIRE(edited);
    daicho::survey::write_xlsx(file, {sheet});
}

// Two hosts answering ARP for one address, and one more: an IP that names two devices.
std::vector<std::byte> shared_address_capture() {
    const auto arp = [](const char* mac, const char* ip) {
        return daicho::test::hex(std::string("ffffffffffff") + mac + "0806 0001 0800 06 04 0002" +
                                 mac + ip +
                                 "000000000000 00000000"
                                 "000000000000000000000000000000000000");
    };
    std::vector<daicho::test::PcapRecord> recs;
    recs.push_back({arp("001873de57c1", "c0a87b02"), 1772438400, 0, 0});
    recs.push_back({arp("001906eab8c1", "c0a87b02"), 1772438401, 0, 0});
    recs.push_back({arp("001906eab8c2", "c0a87b03"), 1772438402, 0, 0});
    return daicho::test::pcap_bytes(recs);
}

}  // namespace

TEST_CASE("-o's extension picks the format; a contradicting --format is refused",
          "[agent][cli][habits]") {
    TempDir tmp;
    const std::string args = demo_ledger(tmp);

    const auto q8 = tmp.path() / "q8.xlsx";
    Run r = run_daicho(tmp, "ledger " + args + " -o " + q(q8));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(is_workbook(q8));
    const auto table = daicho::import::read_table_file(q8);
    REQUIRE(table.rows.size() > 5);
    // The title block (情報機器台帳, 基準日 and 観測期間, 作成日時), a blank row, the header.
    CHECK(table.rows.front().front() == "情報機器台帳");
    CHECK(table.rows.at(1).front().rfind("基準日: 2026/03/02　観測期間: 2026/03/02 17:00", 0) == 0);
    CHECK(table.rows.at(4).at(1) == "機器種別");

    const auto upper = tmp.path() / "Q9.XLSX";
    REQUIRE(run_daicho(tmp, "ledger " + args + " --kind medical -o " + q(upper)).status == 0);
    CHECK(is_workbook(upper));
    const auto json = tmp.path() / "q8.json";
    REQUIRE(run_daicho(tmp, "ledger " + args + " -o " + q(json)).status == 0);
    CHECK_NOTHROW(nlohmann::json::parse(slurp(json)));
    const auto events = tmp.path() / "events.xlsx";
    REQUIRE(run_daicho(tmp, "events " + args + " -o " + q(events)).status == 0);
    CHECK(is_workbook(events));
    const auto devices = tmp.path() / "devices.json";
    REQUIRE(run_daicho(tmp, "devices " + args + " -o " + q(devices)).status == 0);
    r = run_daicho(tmp, "devices " + args + " --format json");
    CHECK(nlohmann::json::parse(slurp(devices)) == nlohmann::json::parse(r.out));
    const auto listing = tmp.path() / "devices.txt";
    REQUIRE(run_daicho(tmp, "devices " + args + " -o " + q(listing)).status == 0);
    CHECK(slurp(listing).find("MAC") != std::string::npos);

    // Contradictions: exit 2, the error: prefix, nothing written.
    const auto wrong = tmp.path() / "wrong.xlsx";
    r = run_daicho(tmp, "ledger " + args + " --format csv -o " + q(wrong));
    CHECK(r.status == 2);
    CHECK(r.err.rfind("daicho: error: --format csv", 0) == 0);
    CHECK(r.err.find("wrong.xlsx") != std::string::npos);
    CHECK_FALSE(fs::exists(wrong));
    r = run_daicho(tmp, "devices " + args + " -o " + q(tmp.path() / "d.xlsx"));
    CHECK(r.status == 2);
    CHECK(r.err.find("table, json, csv") != std::string::npos);
    r = run_daicho(tmp, "ledger " + args + " --format xlsx --lang en");
    CHECK(r.status == 2);
    CHECK(r.err.find("daicho: error: XLSX is written with -o") == 0);
    // An extension that names no format leaves --format in charge.
    const auto out = tmp.path() / "q8.out";
    REQUIRE(run_daicho(tmp, "ledger " + args + " --format json -o " + q(out)).status == 0);
    CHECK_NOTHROW(nlohmann::json::parse(slurp(out)));
}

TEST_CASE(
    "an untouched export imports as 0 changes, one edited cell as 1; departments follow "
    "the map",
    "[agent][cli][habits][import]") {
    TempDir tmp;
    const std::string args = demo_ledger(tmp);
    const fs::path db = tmp.path() / "demo.db";
    const std::string server = "c8:f7:50:0f:41:23";  // the file server, 情報システム部 by subnet

    for (const char* kind : {"it", "medical"}) {
        for (const char* ext : {".xlsx", ".csv"}) {
            const auto file = tmp.path() / (std::string(kind) + ext);
            INFO(file.filename());
            REQUIRE(
                run_daicho(tmp, "ledger " + args + " --kind " + kind + " -o " + q(file)).status ==
                0);
            const auto j = dry_run(tmp, args, file);
            CHECK(j["counts"]["rows"].get<int>() > 0);
            CHECK(j["changes"].empty());
            CHECK(j["counts"]["annotations_set"] == 0);
            CHECK(j["counts"]["annotations_changed"] == 0);
        }
    }

    for (const char* ext : {".xlsx", ".csv"}) {
        const auto file = tmp.path() / (std::string("edited") + ext);
        INFO(file.filename());
        REQUIRE(run_daicho(tmp, "ledger " + args + " -o " + q(file)).status == 0);
        edit_cell(file, server, "所在（設置場所）", std::string("本館B1 サーバ室") + ext);
        const auto j = dry_run(tmp, args, file);
        INFO(j["changes"].dump());
        REQUIRE(j["changes"].size() == 1);
        CHECK(j["changes"][0]["mac"] == server);
        CHECK(j["changes"][0]["key"] == "location");
    }
    // Written: one annotation, no department copied from the map, which a renamed department
    // in the config would then no longer reach.
    const Run r =
        run_daicho(tmp, "import ledger " + args + " --by 山田 " + q(tmp.path() / "edited.csv"));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(count(db, "SELECT count(*) FROM annotations") == 1);
    CHECK(count(db, "SELECT count(*) FROM annotations WHERE key IN ('department', 'owner_dept')") ==
          0);
    CHECK(count(db,
                "SELECT count(*) FROM events WHERE kind = 'annotation_change' AND actor = "
                "'山田' AND field = 'location' AND before = '' AND after = '本館B1 サーバ室.csv' "
                "AND note = 'import:edited.csv'") == 1);
}

TEST_CASE("annotation history: who, when, before -> after, in explain and events",
          "[agent][cli][habits][history]") {
    TempDir tmp;
    const std::string args = demo_ledger(tmp);
    const fs::path db = tmp.path() / "demo.db";

    Run r = run_daicho(tmp, "annotate " + args + " RAD-WS01 location=2F 読影室 --by 佐藤");
    CHECK(r.status == 2);  // "読影室" is not key=value: nothing written
    CHECK(count(db, "SELECT count(*) FROM events WHERE kind = 'annotation_change'") == 0);
    r = run_daicho(tmp, "annotate " + args + " RAD-WS01 location=2F --by 佐藤");
    INFO(r.err);
    REQUIRE(r.status == 0);
    // No --by: the OS user (the config names no operator).
    r = run_daicho(tmp, "annotate " + args + " rad-ws01 location=3F");
    REQUIRE(r.status == 0);
    // A refused value writes neither the annotation nor its history.
    r = run_daicho(tmp, "annotate " + args + " rad-ws01 category=toaster");
    CHECK(r.status == 2);
    CHECK(count(db, "SELECT count(*) FROM events WHERE kind = 'annotation_change'") == 2);

    r = run_daicho(tmp, "explain " + args + " RAD-WS01");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("注記の履歴") != std::string::npos);
    CHECK(r.out.find("location: （なし） → 2F (佐藤, cli)") != std::string::npos);
    CHECK(r.out.find("location: 2F → 3F (") != std::string::npos);

    r = run_daicho(tmp, "events " + args +
                            " --device RAD-WS01 --kind annotation_change "
                            "--format json");
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["actor"] == "佐藤");
    CHECK(j[0]["field"] == "location");
    CHECK(j[0]["before"] == "");
    CHECK(j[0]["after"] == "2F");
    CHECK(j[1]["before"] == "2F");
    CHECK(j[1]["after"] == "3F");
    CHECK(j[1]["actor"] != "");
    r = run_daicho(tmp, "events " + args + " --device RAD-WS01 --lang en");
    CHECK(r.out.find("Annotation changed") != std::string::npos);

    // The config's operator, when --by is not given.
    const auto config = tmp.path() / "operator.json";
    {
        auto text = slurp(kDemo / "daicho.json");
        text.insert(text.find('{') + 1, "\n  \"operator\": \"情報システム部 鈴木\",");
        std::ofstream(config, std::ios::binary) << text;
    }
    r = run_daicho(tmp,
                   "annotate --db " + q(db) + " --config " + q(config) + " rad-ws01 location=");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(count(db,
                "SELECT count(*) FROM events WHERE kind = 'annotation_change' AND actor = "
                "'情報システム部 鈴木' AND before = '3F' AND after = ''") == 1);
    // Spans back from the newest event still count from the wire's events.
    r = run_daicho(tmp, "events " + args + " --since 1h --kind device_new --format json");
    REQUIRE(r.status == 0);
    CHECK(nlohmann::json::parse(r.out).size() == 37);
}

TEST_CASE("devices by id, MAC, IP or host name; ambiguity lists the candidates",
          "[agent][cli][habits]") {
    TempDir tmp;
    const std::string args = demo_ledger(tmp);
    for (const char* name :
         {"RAD-WS01", "rad-ws01", "rad-ws01.hosp.local", "98-E7-43-8D-10-9C", "10.20.2.11"}) {
        INFO(name);
        const Run r = run_daicho(tmp, "explain " + args + " " + name + " --lang en");
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK(r.out.find("98:e7:43:8d:10:9c") != std::string::npos);
    }
    Run r = run_daicho(tmp, "explain " + args + " 99999");
    CHECK(r.status == 1);
    CHECK(r.err.rfind("daicho: error: ", 0) == 0);
    CHECK(r.err.find("「99999」に一致する機器はありません") != std::string::npos);
    r = run_daicho(tmp, "explain " + args + " 99999", "LANG=en_US.UTF-8");
    CHECK(r.err.find("daicho: error: no device in ") == 0);
    CHECK(r.err.find("matches 99999") != std::string::npos);
    r = run_daicho(tmp, "events " + args + " --device 'no such;name'");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("daicho: error: ", 0) == 0);

    const auto cap = tmp.path() / "shared.pcap";
    daicho::test::write_file(cap, shared_address_capture());
    const auto db = tmp.path() / "shared.db";
    REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
    for (const char* cmd : {"explain", "annotate", "events --device"}) {
        INFO(cmd);
        r = run_daicho(tmp, std::string(cmd) + " 192.168.123.2",
                       "DAICHO_DB=" + q(db) + " LANG=en_US.UTF-8");
        CHECK(r.status == 2);
        CHECK(r.err.find("192.168.123.2 names 2 devices") != std::string::npos);
        CHECK(r.err.find("00:18:73:de:57:c1  192.168.123.2") != std::string::npos);
        CHECK(r.err.find("00:19:06:ea:b8:c1  192.168.123.2") != std::string::npos);
    }
}

TEST_CASE("did you mean: mistyped subcommands and options, with the error: prefix",
          "[agent][cli][habits]") {
    TempDir tmp;
    Run r = run_daicho(tmp, "devcies");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("daicho: error: ", 0) == 0);
    CHECK(r.err.find("もしかして: devices") != std::string::npos);
    r = run_daicho(tmp, "devices --formt json --lang en");
    CHECK(r.status == 2);
    CHECK(r.err.find("did you mean: --format") != std::string::npos);
    r = run_daicho(tmp, "import ledgr x.csv", "LANG=en_GB.UTF-8");
    CHECK(r.status == 2);
    CHECK(r.err.find("did you mean: ledger") != std::string::npos);
    r = run_daicho(tmp, "--config x.json explian 1", "LC_ALL=en_US.UTF-8");
    CHECK(r.err.find("did you mean: explain") != std::string::npos);
    r = run_daicho(tmp, "zzzzzzzz");
    CHECK(r.status == 2);
    CHECK(r.err.find("もしかして") == std::string::npos);  // nothing near: no guess

    using daicho::agent::edit_distance;
    CHECK(edit_distance("devcies", "devices") == 2);
    CHECK(edit_distance("放射線部", "放射線科") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(daicho::agent::nearest("放射線部", {"看護部", "放射線科", "医事課"}, 2, 9) ==
          std::vector<std::string>{"放射線科", "看護部"});
}

TEST_CASE("annotate: Japanese or English values; the valid ones listed; unknown departments",
          "[agent][cli][habits][annotate]") {
    TempDir tmp;
    const std::string args = demo_ledger(tmp);
    const fs::path db = tmp.path() / "demo.db";
    const auto value = [&](const std::string& key) {
        return count(db,
                     "SELECT count(*) FROM annotations a JOIN devices d ON d.id = a.device_id "
                     "WHERE d.mac = '00:08:0d:e2:36:96' AND a.key = '" +
                         key + "'");
    };
    Run r = run_daicho(tmp, "annotate " + args + " 10.20.1.10 category=医療機器 status=稼働");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("category = medical") != std::string::npos);
    CHECK(r.out.find("status = active") != std::string::npos);
    REQUIRE(run_daicho(tmp, "annotate " + args + " 10.20.1.10 category=Server").status == 0);
    CHECK(value("category") == 1);

    r = run_daicho(tmp, "annotate " + args + " 10.20.1.10 category=医療危機");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("daicho: error: category に「医療危機」は使えません", 0) == 0);
    CHECK(r.err.find("医療機器 (medical)") != std::string::npos);
    CHECK(r.err.find(".json") == std::string::npos);  // no source-tree path
    r = run_daicho(tmp, "annotate " + args + " 10.20.1.10 status=broken", "LANG=en_US.UTF-8");
    CHECK(r.status == 2);
    CHECK(r.err.find("valid values: active, spare, retired") != std::string::npos);

    r = run_daicho(tmp, "annotate " + args + " 10.20.1.10 department=放射線部");
    CHECK(r.status == 2);
    CHECK(r.err.find("近い名前: 放射線科") != std::string::npos);
    CHECK(r.err.find("--new-department") != std::string::npos);
    CHECK(value("department") == 0);
    REQUIRE(run_daicho(tmp, "annotate " + args + " 10.20.1.10 owner_dept=放射線科").status == 0);
    r = run_daicho(tmp, "annotate " + args + " 10.20.1.10 department=放射線部 --new-department");
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(value("department") == 1);
    // Without a config, no department name is known: refused unless new on purpose.
    r = run_daicho(tmp, "annotate --db " + q(db) + " 10.20.1.10 department=ICU");
    CHECK(r.status == 2);
}

TEST_CASE("config check: what a config holds, or its one-line refusal; run needs an interface",
          "[agent][cli][config]") {
    TempDir tmp;
    const auto good = tmp.path() / "daicho.json";
    std::ofstream(good) << R"({"capture": {"interfaces": [{"name": "eth1"}, {"name": "eth2"}]},
        "departments": [{"name": "放射線科", "subnets": ["10.20.0.0/16"]}]})";
    auto r = run_daicho(tmp, "config check " + q(good));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find(": ok: 0 sites, 1 departments, 0 internal ranges, 2 capture interfaces "
                     "(eth1, eth2)") != std::string::npos);
    const auto bad = tmp.path() / "bad.json";
    std::ofstream(bad) << R"({"capture": {"interfaces": [{"nam": "eth1"}]}})";
    r = run_daicho(tmp, "config check " + q(bad));
    CHECK(r.status == 1);
    CHECK(r.err.find("capture.interfaces[0]: 未知のキー「nam」") != std::string::npos);
    // No interface anywhere: a usage error before any ledger exists.
    r = run_daicho(tmp, "run --lang en --db " + q(tmp.path() / "ledger.db"));
    CHECK(r.status == 2);
    CHECK(r.err.find("no interface to capture on") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path() / "ledger.db"));
    // An interface that does not exist: named, exit 1, no ledger made.
    r = run_daicho(tmp, "run -i daicho-no-such-if0 --db " + q(tmp.path() / "ledger.db"));
    CHECK(r.status == 1);
    CHECK(r.err.find("インタフェース daicho-no-such-if0 でキャプチャできません") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp.path() / "ledger.db"));
}
