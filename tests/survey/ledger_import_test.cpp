// `daicho import ledger` below the CLI: export -> edit -> import round trips through CSV and
// XLSX without loss, an ME-room ledger with Japanese headers and mixed MAC notations, rows and
// devices unmatched both ways, ambiguity never guessed, invalid cells refused as a whole.

#include "daicho/import/ledger_import.h"

#include <xlsxwriter.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/annotations.h"
#include "daicho/ledger/batch.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/survey_ledger.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::import::ImportOptions;
using daicho::import::ImportPlan;
using daicho::import::Table;
using daicho::ledger::Ledger;
using daicho::survey::Lang;
using daicho::survey::LedgerKind;
using daicho::survey::Sheet;
using daicho::test::kT0;
using daicho::test::TempDir;
namespace fs = std::filesystem;

namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

struct Dev {
    const char* mac;
    const char* ip;
    const char* host;
};

// pc and pacs have names; mon becomes medical by annotation; x1/x2 share an address;
// lone and idle are listed by nobody at first.
const std::vector<Dev> kDevices{
    {"02:00:00:00:00:01", "10.0.0.1", "pc-a.hosp.local"},
    {"02:00:00:00:00:02", "10.0.0.2", "PACS01"},
    {"02:00:00:00:00:03", "10.0.0.3", ""},
    {"02:00:00:00:00:04", "10.0.0.9", ""},
    {"02:00:00:00:00:05", "10.0.0.9", ""},
    {"02:00:00:00:00:06", "10.0.0.6", "lonely"},
    {"02:00:00:00:00:07", "10.0.0.7", ""},
};

void ingest(Ledger& l) {
    const daicho::ledger::VendorRegistry vendors;
    daicho::ledger::Writer w(l, vendors);
    w.begin_capture({"/captures/a.pcap", 100, "sha256:a", 1});
    daicho::ledger::Batch b;
    std::uint64_t frame = 1;
    for (const auto& d : kDevices) {
        b.activity.push_back(daicho::test::activity(d.mac, 0, 2, 120, kT0, kT0 + 5, 0, frame));
        b.observations.push_back(daicho::test::arp(d.mac, d.ip, 0, frame++, kT0));
        if (*d.host != '\0') {
            b.observations.push_back(daicho::test::observation(d.mac, FactKind::hostname, d.host,
                                                               "dhcp", 0, frame++, kT0 + 1));
        }
    }
    w.apply(b);
    w.commit_capture(frame, 0);
}

std::int64_t id_of(const Ledger& l, std::string_view mac) {
    for (const auto& d : l.devices()) {
        if (d.mac == mac) {
            return d.id;
        }
    }
    FAIL("no device " << mac);
    return 0;
}

// MAC -> key -> value, the sources left out (they differ by design).
std::map<std::string, std::map<std::string, std::string>> annotations(const Ledger& l) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& d : l.devices()) {
        for (const auto& a : d.annotations) {
            out[d.mac][a.key] = a.value;
        }
    }
    return out;
}

const std::string kLongJa = [] {
    std::string s;
    for (int i = 0; i < 341; ++i) {
        s += "保";
    }
    return s + "x";  // 1024 bytes, the limit
}();

void annotate_source(Ledger& l) {
    daicho::ledger::annotate(l, id_of(l, "02:00:00:00:00:01"),
                             Values{{"asset_tag", "=cmd|' /C calc'!A0"},
                                    {"category", "pc"},
                                    {"name", "+1 受付PC"},
                                    {"role", "@SUM(1)"},
                                    {"location", "-本館 3F"},
                                    {"owner_dept", "'=x"},
                                    {"user", "＝全角"},
                                    {"custodian", "_x0041_ \\x01"},
                                    {"model", "OptiPlex 7090"},
                                    {"serial", "'90s"},
                                    {"maint_vendor", kLongJa},
                                    {"remote_maint", "VPN (\"vendor\"), 常時"},
                                    {"status", "予備"},
                                    {"note", "a,b \"c\"\\r\\n"}},
                             "cli");
    daicho::ledger::annotate(l, id_of(l, "02:00:00:00:00:03"),
                             Values{{"category", "medical"},
                                    {"subtype", "patient-monitor"},
                                    {"department", "ICU"},
                                    {"location", "本館4F ICU"},
                                    {"name", "ベッドサイドモニタ 1"},
                                    {"status", "active"},
                                    {"user", "看護部"},
                                    {"asset_tag", "ME-0003"},
                                    {"note", "=1+1"}},
                             "cli");
}

std::string csv_text(const Sheet& s) {
    std::ostringstream out;
    daicho::survey::write_sheet_csv(out, s);
    return out.str();
}

ImportPlan plan(const Ledger& l, const Table& t, ImportOptions o = {}) {
    o.csv_apostrophes = t.encoding != "XLSX";
    const auto devices = l.devices();
    return daicho::import::plan_import(t, devices, o);
}

// Imports `t` into `l`; the plan must be clean.
ImportPlan import(Ledger& l, const Table& t, ImportOptions o = {}) {
    auto p = plan(l, t, std::move(o));
    INFO((p.problems.empty() ? "" : p.problems.front().column + ": " + p.problems.front().what));
    REQUIRE(p.problems.empty());
    daicho::import::apply_import(l, p, "import:test");
    return p;
}

Table read_back(const fs::path& file) { return daicho::import::read_table_file(file); }

}  // namespace

TEST_CASE("import: export -> import round-trips every annotation through CSV and XLSX",
          "[ledger][import]") {
    TempDir dir;
    Ledger source(dir.path() / "source.db", Ledger::Mode::read_write);
    ingest(source);
    annotate_source(source);
    const auto expected = annotations(source);
    REQUIRE(expected.size() == 2);

    for (const Lang lang : {Lang::ja, Lang::en}) {
        for (const bool xlsx : {false, true}) {
            INFO((lang == Lang::ja ? "ja " : "en ") << (xlsx ? "xlsx" : "csv"));
            std::vector<fs::path> files;
            for (const auto kind : {LedgerKind::it, LedgerKind::medical}) {
                const auto sheet = daicho::survey::survey_ledger(source.devices(), kind, lang);
                const auto file = dir.path() / ((kind == LedgerKind::it ? "it" : "me") +
                                                std::string(xlsx ? ".xlsx" : ".csv"));
                if (xlsx) {
                    daicho::survey::write_xlsx(file, {sheet});
                } else {
                    daicho::test::write_bytes(file, csv_text(sheet));
                }
                files.push_back(file);
            }
            // Into the same ledger: nothing changes.
            for (const auto& f : files) {
                const auto p = plan(source, read_back(f));
                CHECK(p.problems.empty());
                CHECK(p.changes.empty());
                CHECK(p.unmatched_rows.empty());
            }
            // Into a fresh ledger with the same devices: the same annotations.
            const auto fresh_path =
                dir.path() / (std::string("fresh-") + (lang == Lang::ja ? "ja" : "en") +
                              (xlsx ? "-x" : "-c") + ".db");
            Ledger fresh(fresh_path, Ledger::Mode::read_write);
            ingest(fresh);
            const auto it = import(fresh, read_back(files[0]));
            CHECK(it.kind == LedgerKind::it);
            CHECK(it.by_mac == 6);  // every device but the medical one
            CHECK(it.annotations_set == 14);
            const auto me = import(fresh, read_back(files[1]));
            CHECK(me.kind == LedgerKind::medical);
            CHECK(me.by_mac == 1);
            CHECK(annotations(fresh) == expected);
            // Again: idempotent.
            for (const auto& f : files) {
                CHECK(plan(fresh, read_back(f)).changes.empty());
            }
            // The pacs row shows its wire name; that never became an annotation.
            CHECK(annotations(fresh).count("02:00:00:00:00:02") == 0);
        }
    }
}

TEST_CASE("import: cells edited in Excel, hostile ones refused with row and column",
          "[ledger][import]") {
    TempDir dir;
    Ledger source(dir.path() / "source.db", Ledger::Mode::read_write);
    ingest(source);
    auto sheet = daicho::survey::survey_ledger(source.devices(), LedgerKind::it, Lang::ja);
    const auto col = [&](std::string_view key) {
        const auto keys = daicho::survey::survey_ledger_keys(LedgerKind::it);
        return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
    };
    std::size_t pc_row = 0;
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        if (sheet.rows[r][col("mac")] == "02:00:00:00:00:01") {
            pc_row = r;
        }
    }
    auto& pc = sheet.rows[pc_row];
    const std::size_t file_row = pc_row + 2;  // header on row 1
    pc[col("note")] = "=HYPERLINK(\"http://evil/\",\"click\")";
    pc[col("asset_tag")] = "-1";
    pc[col("location")] = "本館\t3F\r\n東";
    pc[col("role")] = "@SUM(A1)";
    pc[col("user")] = "看護\x01部";              // control byte
    pc[col("model")] = std::string(32000, 'm');  // 32 KB, within Excel's cell limit
    pc[col("custodian")] = "\xFF\xFE";           // not UTF-8

    // CSV as Excel's "CSV UTF-8" saves it: the raw bytes, no daicho escaping.
    const auto raw_csv = [&] {
        std::string csv = "\xEF\xBB\xBF";
        for (const auto* row : {&sheet.headers, &pc}) {
            for (std::size_t c = 0; c < row->size(); ++c) {
                std::string cell = (*row)[c];
                for (std::size_t at = cell.find('"'); at != std::string::npos;
                     at = cell.find('"', at + 2)) {
                    cell.insert(at, 1, '"');
                }
                csv += (c == 0 ? "\"" : ",\"") + cell + "\"";
            }
            csv += "\r\n";
        }
        return csv;
    };
    const auto csv_file = dir.path() / "edited.csv";
    daicho::test::write_bytes(csv_file, raw_csv());
    const std::string before = daicho::test::query(source, "SELECT count(*) FROM annotations");

    auto p = plan(source, read_back(csv_file));
    REQUIRE(p.problems.size() == 3);
    std::map<std::string, std::string> by_column;
    for (const auto& pr : p.problems) {
        CHECK(pr.row == 2);
        by_column[pr.column] = pr.what;
    }
    CHECK_THAT(by_column["利用者 (H)"], Contains("control characters"));
    CHECK_THAT(by_column["型番・機種名 (L)"], Contains("longer than 1024 bytes"));
    CHECK_THAT(by_column["管理責任者 (I)"], Contains("not valid UTF-8"));
    CHECK_THROWS_WITH(daicho::import::apply_import(source, p, "import:edited.csv"),
                      Contains("import refused: 3 problems"));
    CHECK(daicho::test::query(source, "SELECT count(*) FROM annotations") == before);

    // The same edits through XLSX written with libxlsxwriter directly (what Excel would save).
    const auto xlsx_file = dir.path() / "edited.xlsx";
    {
        lxw_workbook* wb = workbook_new(xlsx_file.c_str());
        lxw_worksheet* ws = workbook_add_worksheet(wb, "情報機器台帳");
        for (std::size_t c = 0; c < sheet.headers.size(); ++c) {
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(),
                                   nullptr);
            if (c != col("custodian") && !pc[c].empty()) {  // raw bytes would break the XML
                worksheet_write_string(ws, static_cast<lxw_row_t>(file_row - 1),
                                       static_cast<lxw_col_t>(c), pc[c].c_str(), nullptr);
            }
        }
        REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    }
    p = plan(source, read_back(xlsx_file));
    REQUIRE(p.problems.size() == 2);  // the control byte and the 32 KB cell
    CHECK(p.problems[0].row == file_row);

    // Without the bad cells, the rest goes in as typed; line breaks and tabs become spaces.
    pc[col("user")] = "看護部";
    pc[col("model")] = "";
    pc[col("custodian")] = "";
    daicho::test::write_bytes(csv_file, raw_csv());
    const auto done = import(source, read_back(csv_file));
    CHECK(done.cells_flattened == 1);
    const auto a = annotations(source).at("02:00:00:00:00:01");
    CHECK(a.at("note") == "=HYPERLINK(\"http://evil/\",\"click\")");
    CHECK(a.at("asset_tag") == "-1");
    CHECK(a.at("role") == "@SUM(A1)");
    CHECK(a.at("location") == "本館 3F 東");
    CHECK(a.at("user") == "看護部");
    CHECK(a.count("model") == 0);
    for (const auto& d : source.devices()) {
        for (const auto& ann : d.annotations) {
            CHECK(ann.source == "import:test");
        }
    }
}

TEST_CASE("import: an ME-room ledger with Japanese headers and mixed MAC notations",
          "[ledger][import]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest(l);
    const std::string csv =
        "医療機器管理台帳 2026年度,,,,,,,,,,\r\n"
        "ME番号,機器名,型式,製造番号,設置部署,設置場所,ＭＡＣアドレス,IPアドレス（固定）,保守業者,"
        "備考,購入年月日\r\n"
        "ME-001,生体情報モニタ,BSM-6000,12345,ICU,本館4F,0200.0000.0003,,日本光電,,2020/04/01\r\n"
        "ME-002,輸液ポンプ,TE-171,A1,5階病棟,本館5F,02:00:00:00:00:99,10.0.0.77,テルモ,,\r\n"
        "ME-003,検査装置,X,,,,,10.0.0.9,,,\r\n"
        "ME-004,PACS01.hosp.local,,,,,,,,,\r\n"
        ",,,,,,,,,,\r\n"
        "ME-005,受付,,,,,０２：００：００：００：００：０１,,,\r\n"
        "ME-006,端末A,,,,,020000000006,,,,\r\n"
        "ME-007,端末B,,,,,02-00-00-00-00-06,,,,\r\n";
    const auto file = dir.path() / "me.csv";
    daicho::test::write_bytes(file, csv);
    auto p = plan(l, read_back(file));
    CHECK(p.problems.empty());
    CHECK(p.header_row == 2);              // the title row is skipped
    CHECK(p.kind == LedgerKind::medical);  // ME番号, 型式, 製造番号
    CHECK(p.kind_inferred);
    CHECK(p.rows == 7);
    CHECK(p.by_mac == 2);       // 0200.0000.0003 and the full-width one
    CHECK(p.by_ip == 0);        // 10.0.0.9 is two devices
    CHECK(p.by_hostname == 1);  // PACS01.hosp.local -> PACS01
    REQUIRE(p.columns.size() == 11);
    CHECK(p.columns[10].use == daicho::import::ColumnUse::unknown);  // 購入年月日 is reported
    CHECK(p.columns[10].header == "購入年月日");
    CHECK(p.columns[6].key == "mac");
    CHECK(p.columns[7].key == "ip");
    CHECK(p.columns[2].key == "model");

    REQUIRE(p.unmatched_rows.size() == 1);  // 台帳にあるが通信で未検出
    CHECK(p.unmatched_rows[0].row == 4);
    CHECK(p.unmatched_rows[0].mac == "02:00:00:00:00:99");
    CHECK(p.unmatched_rows[0].asset_tag == "ME-002");
    REQUIRE(p.ambiguous.size() == 3);
    CHECK(p.ambiguous[0].identity.row == 5);
    CHECK(p.ambiguous[0].device_ids.size() == 2);  // the shared address: never guessed
    CHECK(p.ambiguous[1].identity.row == 9);
    CHECK(p.ambiguous[1].same_device_as_row == 10);
    CHECK(p.ambiguous[2].same_device_as_row == 9);
    CHECK(p.unlisted.empty());  // no device is medical yet

    daicho::import::apply_import(l, p, "import:me.csv");
    const auto a = annotations(l);
    CHECK(a.at("02:00:00:00:00:03") ==
          std::map<std::string, std::string>{{"asset_tag", "ME-001"},
                                             {"name", "生体情報モニタ"},
                                             {"model", "BSM-6000"},
                                             {"serial", "12345"},
                                             {"department", "ICU"},
                                             {"location", "本館4F"},
                                             {"maint_vendor", "日本光電"}});
    CHECK(a.at("02:00:00:00:00:02").at("name") == "PACS01.hosp.local");
    CHECK(a.at("02:00:00:00:00:01").at("asset_tag") == "ME-005");
    CHECK(a.count("02:00:00:00:00:06") == 0);  // named by two rows: left alone
    CHECK(a.count("02:00:00:00:00:04") == 0);

    // As an IT ledger, the devices nobody listed are reported (通信で検出されたが台帳にない).
    ImportOptions it;
    it.kind = LedgerKind::it;
    p = plan(l, read_back(file), it);
    REQUIRE(p.unlisted.size() == 1);
    CHECK(p.unlisted[0].mac == "02:00:00:00:00:07");
    CHECK(p.unlisted[0].ip == "10.0.0.7");
}

TEST_CASE("import: host names match short vs FQDN and case-insensitively; IP after MAC",
          "[ledger][import]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest(l);
    const Table t{{{"ホスト名", "IP", "MAC", "利用者"},
                   {"PC-A", "", "", "u1"},
                   {"pacs01.hosp.local", "", "", "u2"},
                   {"lonely.other.example", "", "", "u3"},
                   {"nobody", "10.0.0.7", "", "u4"},
                   {"", "10.0.0.250 10.0.0.6/24", "zz", "u5"}},
                  "UTF-8",
                  ""};
    const auto p = plan(l, t);
    CHECK(p.by_hostname == 2);         // PC-A, pacs01.hosp.local
    CHECK(p.by_ip == 1);               // 10.0.0.7 before the host name
    REQUIRE(p.ambiguous.size() == 2);  // lonely.other.example and 10.0.0.6: the same device
    CHECK(p.ambiguous[0].identity.row == 4);
    CHECK(p.ambiguous[1].identity.row == 6);
    CHECK(p.unmatched_rows.empty());
}

TEST_CASE("import: invalid cells are all reported and nothing is written", "[ledger][import]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest(l);
    daicho::ledger::annotate(l, id_of(l, "02:00:00:00:00:01"), Values{{"note", "keep"}}, "cli");
    const Table t{{{"MAC", "状態", "機器種別", "備考", "利用者"},
                   {"02:00:00:00:00:01", "maybe", "toaster", std::string(2000, 'x'), "ok"},
                   {"02:00:00:00:00:02", "稼働", "ネットワーク機器 / pacs", "", ""},
                   {"02:00:00:00:00:99", "廃棄", "", "", ""}},
                  "UTF-8",
                  ""};
    const auto p = plan(l, t);
    REQUIRE(p.problems.size() == 4);
    CHECK(p.problems[0].row == 2);
    CHECK(p.problems[0].column == "状態 (B)");
    CHECK_THAT(p.problems[0].what, Contains("'maybe' is not a status"));
    CHECK_THAT(p.problems[1].what, Contains("'toaster' is not a category"));
    CHECK_THAT(p.problems[2].what, Contains("longer than 1024 bytes"));
    CHECK(p.problems[3].row == 3);
    CHECK_THAT(p.problems[3].what, Contains("'network / pacs' is not a category/subtype"));
    CHECK_THROWS(daicho::import::apply_import(l, p, "import:x"));
    CHECK(annotations(l).at("02:00:00:00:00:01") ==
          std::map<std::string, std::string>{{"note", "keep"}});
}

TEST_CASE("import: empty cells, --clear-empty, --map and unknown columns", "[ledger][import]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    ingest(l);
    daicho::ledger::annotate(l, id_of(l, "02:00:00:00:00:01"),
                             Values{{"note", "keep"}, {"user", "a"}}, "cli");
    const Table t{{{"MAC", "備考", "利用者", "設置場所メモ", ""},
                   {"02:00:00:00:00:01", "", "a", "3F 奥", ""}},
                  "UTF-8",
                  ""};
    auto p = plan(l, t);
    CHECK(p.changes.empty());  // an empty cell leaves the note alone; the user is the same
    CHECK(p.annotations_unchanged == 1);
    CHECK(p.columns[3].use == daicho::import::ColumnUse::unknown);
    CHECK(p.columns[4].use == daicho::import::ColumnUse::ignored);  // no header, no data

    ImportOptions o;
    o.clear_empty = true;
    o.map = {{"設置場所メモ", "location"}, {"利用者", ""}};
    p = import(l, t, o);
    CHECK(p.columns[2].use == daicho::import::ColumnUse::ignored);
    CHECK(annotations(l).at("02:00:00:00:00:01") ==
          std::map<std::string, std::string>{{"user", "a"}, {"location", "3F 奥"}});

    o.map = {{"設置場所メモ", "locaton"}};
    CHECK_THROWS_AS(plan(l, t, o), std::invalid_argument);
    o.map = {{"nothing", "location"}};
    CHECK_THROWS_AS(plan(l, t, o), std::invalid_argument);
    o = {};
    o.header_row = 5;
    CHECK_THROWS_AS(plan(l, t, o), std::invalid_argument);

    const Table twice{{{"MAC", "部署", "設置部署"}, {"02:00:00:00:00:01", "a", "b"}}, "UTF-8", ""};
    p = plan(l, twice);
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0].row == 0);
    CHECK_THAT(p.problems[0].what, Contains("names department like column 部署 (B)"));
}

TEST_CASE("import: MAC notations", "[ledger][import]") {
    using daicho::import::normalise_mac;
    CHECK(normalise_mac("AA:BB:CC:DD:EE:FF") == "aa:bb:cc:dd:ee:ff");
    CHECK(normalise_mac("aa-bb-cc-dd-ee-ff") == "aa:bb:cc:dd:ee:ff");
    CHECK(normalise_mac("aabb.ccdd.eeff") == "aa:bb:cc:dd:ee:ff");
    CHECK(normalise_mac("AABBCCDDEEFF") == "aa:bb:cc:dd:ee:ff");
    CHECK(normalise_mac("０２：００：００：ＡＢ：００：０１") == "02:00:00:ab:00:01");
    CHECK(normalise_mac("aa:bb:cc:dd:ee").empty());
    CHECK(normalise_mac("aa:bb:cc:dd:ee:ff:00").empty());
    CHECK(normalise_mac("gg:bb:cc:dd:ee:ff").empty());
    CHECK(normalise_mac("").empty());
    CHECK(normalise_mac("機器").empty());
}
