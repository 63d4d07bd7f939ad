// Ledger file readers (ledger/table_reader.h): CSV byte vectors (quoting, BOM, line endings,
// Shift_JIS) and XLSX packages built part by part (shared and inline strings, furigana, numbers,
// dates, booleans, column letters past Z), and the hostile cases: DTDs, zip bombs, limits.

#include "daicho/import/table_reader.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/survey/sheet.h"
#include "temp_dir.h"
#include "xlsx_package.h"

using Catch::Matchers::Contains;
using daicho::import::read_csv;
using daicho::import::read_xlsx;
using daicho::import::ReadLimits;
using daicho::ledger::Error;
using daicho::test::workbook_parts;
using daicho::test::worksheet;
using daicho::test::zip_bytes;
using Rows = std::vector<std::vector<std::string>>;

namespace {

std::string to_cp932(const std::string& utf8) {
    iconv_t cd = iconv_open("CP932", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(utf8.size() * 2 + 4, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<std::size_t>(-1));
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string xlsx_of(const std::string& sheet_data, const std::string& shared = "",
                    const std::string& styles = "") {
    return zip_bytes(workbook_parts({{"Sheet1", worksheet(sheet_data)}}, shared, styles));
}

}  // namespace

TEST_CASE("csv: RFC 4180 quoting, BOM, CRLF and LF", "[ledger][import][csv]") {
    const auto t = read_csv(
        "\xEF\xBB\xBF"
        "MAC,\"機器名\",備考\r\n"
        "00:11:22:33:44:55,\"CT, 1号機\",\"He said \"\"hi\"\"\r\nline 2\"\r\n"
        "\n"
        "aa-bb-cc-dd-ee-ff,x\"y,\n",
        "t.csv");
    CHECK(t.encoding == "UTF-8 (BOM)");
    CHECK(t.rows == Rows{{"MAC", "機器名", "備考"},
                         {"00:11:22:33:44:55", "CT, 1号機", "He said \"hi\"\r\nline 2"},
                         {},
                         {"aa-bb-cc-dd-ee-ff", "x\"y", ""}});
    CHECK(read_csv("a,b", "t.csv").rows == Rows{{"a", "b"}});  // no final line break
    CHECK(read_csv("a\rb\r", "t.csv").rows == Rows{{"a"}, {"b"}});
    CHECK(read_csv("", "t.csv").rows.empty());
    CHECK(read_csv("a,b\n", "t.csv").encoding == "UTF-8");
}

TEST_CASE("csv: Shift_JIS (CP932) from Japanese Excel is converted", "[ledger][import][csv]") {
    const std::string text = "機器名,設置場所,備考\r\nＣＴ装置,本館２階 放射線科,①～⑩ ㈱\r\n";
    const auto t = read_csv(to_cp932(text), "sjis.csv");
    CHECK(t.encoding == "Shift_JIS (CP932)");
    CHECK(t.rows ==
          Rows{{"機器名", "設置場所", "備考"}, {"ＣＴ装置", "本館２階 放射線科", "①～⑩ ㈱"}});
    // A lead byte without a valid trail byte is neither encoding.
    CHECK_THROWS_WITH(read_csv("a,\x81\x20\n", "bad.csv"),
                      Contains("bad.csv: neither UTF-8 nor Shift_JIS"));
    // With a BOM the file is UTF-8: a bad byte stays in its cell for the caller to report.
    CHECK(read_csv("\xEF\xBB\xBFok,\xFF\n", "b.csv").rows == Rows{{"ok", "\xFF"}});
}

TEST_CASE("csv: refusals name the file and the problem", "[ledger][import][csv]") {
    CHECK_THROWS_WITH(read_csv(std::string("\xFF\xFE"
                                           "a",
                                           3),
                               "u16.csv"),
                      Contains("u16.csv: UTF-16"));
    CHECK_THROWS_WITH(read_csv("a,\"open\n", "q.csv"), Contains("q.csv: row 1: a quoted field"));
    ReadLimits small;
    small.max_rows = 2;
    small.max_columns = 3;
    small.max_cell_bytes = 8;
    small.max_file_bytes = 64;
    CHECK_NOTHROW(read_csv("a\nb\n", "r.csv", small));
    CHECK_THROWS_WITH(read_csv("a\nb\nc\n", "r.csv", small), Contains("more than 2 rows"));
    CHECK_THROWS_WITH(read_csv("a,b,c,d\n", "c.csv", small), Contains("more than 3 columns"));
    CHECK_THROWS_WITH(read_csv("\"123456789\"\n", "l.csv", small), Contains("longer than 8 bytes"));
    CHECK_THROWS_WITH(read_csv(std::string(65, 'a'), "f.csv", small),
                      Contains("f.csv: larger than 64 bytes"));
    small.max_cells = 3;
    CHECK_THROWS_WITH(read_csv("a,b\nc,d\n", "n.csv", small), Contains("more than 3 cells"));
}

TEST_CASE("xlsx: shared and inline strings, furigana skipped, numbers, booleans, dates",
          "[ledger][import][xlsx]") {
    const std::string shared = std::string("<sst xmlns=\"") + daicho::test::kMainNs +
                               "\"><si><t>機器名</t><rPh sb=\"0\" eb=\"3\"><t>キキメイ</t></rPh>"
                               "<phoneticPr fontId=\"1\"/></si>"
                               "<si><r><t>CT</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> "
                               "1号機</t></r></si>"
                               "<si><t>a_x000D__x000A_b_xD83D__xDE00_</t></si></sst>";
    const std::string styles = std::string("<styleSheet xmlns=\"") + daicho::test::kMainNs +
                               "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
                               "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
                               "</numFmts><cellXfs count=\"3\"><xf numFmtId=\"0\"/>"
                               "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
    const auto t = read_xlsx(
        xlsx_of("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                "<c r=\"AA1\" t=\"inlineStr\"><is><t>inline</t></is></c></row>"
                "<row r=\"3\"><c r=\"A3\"><v>12345</v></c><c r=\"B3\"><v>1.0E+3</v></c>"
                "<c r=\"C3\"><v>0.30000000000000004</v></c><c r=\"D3\" t=\"b\"><v>1</v></c>"
                "<c r=\"E3\" t=\"e\"><v>#N/A</v></c><c r=\"F3\" t=\"str\"><f>A1&amp;B1</f>"
                "<v>=x</v></c><c r=\"G3\" s=\"1\"><v>46477</v></c><c r=\"H3\" s=\"2\">"
                "<v>46477.5</v></c><c r=\"I3\" t=\"s\"><v>2</v></c><c r=\"J3\"><v>123456789012</v>"
                "</c></row><row><c><v>-7</v></c><c t=\"b\"><v>0</v></c></row>",
                shared, styles),
        "t.xlsx");
    CHECK(t.encoding == "XLSX");
    CHECK(t.sheet == "Sheet1");
    REQUIRE(t.rows.size() == 4);
    REQUIRE(t.rows[0].size() == 27);  // AA is column 27
    CHECK(t.rows[0][0] == "機器名");  // without the furigana
    CHECK(t.rows[0][1] == "CT 1号機");
    CHECK(t.rows[0][26] == "inline");
    CHECK(t.rows[1].empty());  // row 2 is absent
    CHECK(t.rows[2] == std::vector<std::string>{"12345", "1000", "0.3", "TRUE", "#N/A", "=x",
                                                "2027-03-31", "2027-03-31 12:00:00",
                                                "a\r\nb\xF0\x9F\x98\x80", "123456789012"});
    CHECK(t.rows[3] == std::vector<std::string>{"-7", "FALSE"});  // no r: next row, next column
}

TEST_CASE("xlsx: prefixed namespaces, --sheet, and the 1904 date system",
          "[ledger][import][xlsx]") {
    const std::string prefixed =
        std::string("<x:worksheet xmlns:x=\"") + daicho::test::kMainNs +
        "\"><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>p</x:t></x:is>"
        "</x:c></x:row></x:sheetData></x:worksheet>";
    const auto bytes = zip_bytes(workbook_parts(
        {{"一覧", worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")}, {"ME", prefixed}}));
    CHECK(read_xlsx(bytes, "w.xlsx").rows == Rows{{"1"}});
    const auto me = read_xlsx(bytes, "w.xlsx", "ME");
    CHECK(me.sheet == "ME");
    CHECK(me.rows == Rows{{"", "p"}});
    CHECK_THROWS_WITH(
        read_xlsx(bytes, "w.xlsx", "nope"),
        Contains("w.xlsx: no worksheet named 'nope' (the workbook has '一覧', 'ME')"));

    const std::string styles = std::string("<styleSheet xmlns=\"") + daicho::test::kMainNs +
                               "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
                               "</styleSheet>";
    const auto d1904 =
        zip_bytes(workbook_parts({{"S", worksheet("<row><c s=\"1\"><v>0</v></c></row>")}}, "",
                                 styles, "<workbookPr date1904=\"1\"/>"));
    CHECK(read_xlsx(d1904, "d.xlsx").rows == Rows{{"1904-01-01"}});
}

TEST_CASE("xlsx: what daicho's own writer makes reads back as Excel shows it",
          "[ledger][import][xlsx]") {
    daicho::test::TempDir dir;
    daicho::survey::Sheet sheet;
    sheet.name = "台帳";
    sheet.headers = {"MACアドレス", "備考"};
    sheet.rows = {{"00:11:22:33:44:55", "=cmd|' /C calc'!A0"},
                  {"", "_x0041_ 本館"},
                  {"x", std::string(40000, 'z')}};
    const auto file = dir.path() / "w.xlsx";
    daicho::survey::write_xlsx(file, {sheet});
    const auto t = daicho::import::read_table_file(file);
    CHECK(t.sheet == "台帳");
    REQUIRE(t.rows.size() == 4);
    CHECK(t.rows[0] == std::vector<std::string>{"MACアドレス", "備考"});
    CHECK(t.rows[1][1] == "=cmd|' /C calc'!A0");  // a text cell, read as text
    CHECK(t.rows[2] == std::vector<std::string>{"", "_x0041_ 本館"});
    CHECK(t.rows[3][1].size() == 32766 + 3);  // cut to Excel's limit, with "…"
}

TEST_CASE("xlsx: hostile packages are refused with the file and the part named",
          "[ledger][import][xlsx]") {
    // Billion laughs: the DOCTYPE is refused before any entity is expanded.
    const std::string laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
        "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet><sheetData><row><c "
        "t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>";
    CHECK_THROWS_WITH(read_xlsx(zip_bytes(workbook_parts({{"S", laughs}})), "lol.xlsx"),
                      Contains("lol.xlsx: xl/worksheets/sheet1.xml: line 1: has a DOCTYPE"));

    // A zip bomb: 2 MiB of blanks inflate past a 1 MiB part limit.
    ReadLimits limits;
    limits.max_part_bytes = 1 << 20;
    const std::string bomb = worksheet(std::string(2 << 20, ' '));
    CHECK_THROWS_WITH(read_xlsx(zip_bytes(workbook_parts({{"S", bomb}})), "bomb.xlsx", "", limits),
                      Contains("bomb.xlsx: xl/worksheets/sheet1.xml: larger than 1048576 bytes"));

    CHECK_THROWS_WITH(read_xlsx("MAC,IP\n", "x.xlsx"), Contains("x.xlsx: not an XLSX workbook"));
    const auto good = xlsx_of("<row><c><v>1</v></c></row>");
    CHECK_THROWS_WITH(read_xlsx(good.substr(0, good.size() / 2), "cut.xlsx"),
                      Contains("cut.xlsx: not an XLSX workbook (damaged zip"));
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row><c><v>1</v></row>"), "bad.xlsx"),
                      Contains("bad.xlsx: xl/worksheets/sheet1.xml: line 1: not well-formed"));
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row><c t=\"s\"><v>7</v></c></row>"), "s.xlsx"),
                      Contains("cell A1 names shared string '7', which is not there"));
    CHECK_THROWS_WITH(
        read_xlsx(xlsx_of("<row><c t=\"inlineStr\"><is><t>\xFF</t></is></c></row>"), "u.xlsx"),
        Contains("u.xlsx: xl/worksheets/sheet1.xml: line 1: not well-formed"));

    limits = ReadLimits{};
    limits.max_columns = 26;
    limits.max_rows = 10;
    limits.max_cell_bytes = 4;
    CHECK_NOTHROW(
        read_xlsx(xlsx_of("<row r=\"10\"><c r=\"Z10\"><v>1</v></c></row>"), "ok.xlsx", "", limits));
    CHECK_THROWS_WITH(
        read_xlsx(xlsx_of("<row r=\"1\"><c r=\"AA1\"><v>1</v></c></row>"), "c.xlsx", "", limits),
        Contains("cell AA1: more than 26 columns"));
    CHECK_THROWS_WITH(
        read_xlsx(xlsx_of("<row r=\"11\"><c><v>1</v></c></row>"), "r.xlsx", "", limits),
        Contains("row 11: more than 10 rows"));
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row r=\"99999999999999999999\"/>"), "r.xlsx", "", limits),
                      Contains("is not a number"));
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row><c><v>12345</v></c></row>"), "l.xlsx", "", limits),
                      Contains("cell A1 is longer than 4 bytes"));
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row><c r=\"123\"><v>1</v></c></row>"), "x.xlsx"),
                      Contains("cell reference '123' is not valid"));
    // One shared string in many cells is counted cell by cell.
    limits = ReadLimits{};
    limits.max_table_bytes = 10;
    const std::string shared =
        std::string("<sst xmlns=\"") + daicho::test::kMainNs + "\"><si><t>123456</t></si></sst>";
    CHECK_THROWS_WITH(read_xlsx(xlsx_of("<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>0</v></c>"
                                        "</row>",
                                        shared),
                                "m.xlsx", "", limits),
                      Contains("more than 10 bytes of text"));
    // A relationship that climbs out of the package is not followed.
    auto parts = workbook_parts({{"S", worksheet("")}});
    for (auto& [name, data] : parts) {
        if (name == "xl/_rels/workbook.xml.rels") {
            data.replace(data.find("worksheets/sheet1.xml"), 21, "../../../etc/passwd");
        }
    }
    CHECK_THROWS_WITH(read_xlsx(zip_bytes(parts), "up.xlsx"), Contains("is not a worksheet"));
}
