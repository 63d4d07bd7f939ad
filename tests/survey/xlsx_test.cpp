// XLSX ledger exports: written with libxlsxwriter, read back from the zip with `unzip -p` and
// checked in the XML, because what matters is what Excel will load: text cells, never formulas.

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/survey/sheet.h"
#include "temp_dir.h"

using daicho::survey::Sheet;
using daicho::survey::write_xlsx;
using daicho::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string unzip(const fs::path& xlsx, const std::string& member) {
    const std::string cmd = "unzip -p '" + xlsx.string() + "' '" + member + "' 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
        throw std::runtime_error("popen failed: " + cmd);
    }
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) {
        out.append(buf, n);
    }
    const int status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("unzip failed: " + cmd);
    }
    return out;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// What Excel shows for a stored string: XML entities, then ST_Xstring "_xHHHH_" escapes,
// decoded left to right.
std::string excel_text(std::string_view xml) {
    std::string ents;
    for (std::size_t i = 0; i < xml.size(); ++i) {
        if (xml[i] != '&') {
            ents += xml[i];
            continue;
        }
        const std::size_t semi = xml.find(';', i);
        const std::string_view e = xml.substr(i + 1, semi - i - 1);
        if (e == "amp") {
            ents += '&';
        } else if (e == "lt") {
            ents += '<';
        } else if (e == "gt") {
            ents += '>';
        } else if (e == "quot") {
            ents += '"';
        } else if (e == "apos") {
            ents += '\'';
        } else if (e.size() > 1 && e[0] == '#') {
            append_utf8(ents, static_cast<unsigned>(std::stoul(std::string(e.substr(1)))));
        } else {
            throw std::runtime_error("unknown entity " + std::string(e));
        }
        i = semi;
    }
    std::string out;
    for (std::size_t i = 0; i < ents.size(); ++i) {
        if (ents[i] == '_' && i + 6 < ents.size() && ents[i + 1] == 'x' && ents[i + 6] == '_' &&
            ents.substr(i + 2, 4).find_first_not_of("0123456789abcdefABCDEF") ==
                std::string::npos) {
            append_utf8(out, static_cast<unsigned>(std::stoul(ents.substr(i + 2, 4), nullptr, 16)));
            i += 6;
            continue;
        }
        out += ents[i];
    }
    return out;
}

std::vector<std::string> shared_strings(const fs::path& xlsx) {
    const std::string xml = unzip(xlsx, "xl/sharedStrings.xml");
    std::vector<std::string> out;
    std::size_t pos = 0;
    while ((pos = xml.find("<si>", pos)) != std::string::npos) {
        const std::size_t end = xml.find("</si>", pos);
        const std::size_t open = xml.find('>', xml.find("<t", pos)) + 1;
        const std::size_t close = xml.find("</t>", open);
        REQUIRE(close < end);
        out.push_back(excel_text(std::string_view(xml).substr(open, close - open)));
        pos = end;
    }
    return out;
}

struct CellXml {
    std::string type;  // the t attribute
    std::string text;  // the shown string for t="s" and t="inlineStr"
};

std::string attr(std::string_view tag, std::string_view name) {
    const std::string key = " " + std::string(name) + "=\"";
    const std::size_t at = tag.find(key);
    if (at == std::string_view::npos) {
        return {};
    }
    const std::size_t start = at + key.size();
    return std::string(tag.substr(start, tag.find('"', start) - start));
}

std::map<std::string, CellXml> cells(const fs::path& xlsx, const std::string& sheet_xml) {
    // daicho writes in libxlsxwriter's constant-memory mode: strings inline, no shared table.
    std::vector<std::string> sst;
    if (sheet_xml.find("t=\"s\"") != std::string::npos) {
        sst = shared_strings(xlsx);
    }
    std::map<std::string, CellXml> out;
    std::size_t pos = 0;
    while ((pos = sheet_xml.find("<c ", pos)) != std::string::npos) {
        const std::size_t tag_end = sheet_xml.find('>', pos);
        const std::string_view tag = std::string_view(sheet_xml).substr(pos, tag_end - pos);
        CellXml c{attr(tag, "t"), {}};
        if (tag.back() != '/') {
            const std::size_t end = sheet_xml.find("</c>", tag_end);
            const std::string body = sheet_xml.substr(tag_end + 1, end - tag_end - 1);
            if (c.type == "s") {
                const std::size_t v = body.find("<v>");
                c.text = sst.at(std::stoul(body.substr(v + 3)));
            } else if (c.type == "inlineStr") {
                const std::size_t open = body.find('>', body.find("<t")) + 1;
                c.text =
                    excel_text(std::string_view(body).substr(open, body.find("</t>", open) - open));
            } else {
                c.text = body;
            }
        }
        out[attr(tag, "r")] = c;
        pos = tag_end;
    }
    return out;
}

std::size_t utf8_chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

const std::string kLong(40000, 'A');

// (raw cell, what Excel must show)
const std::vector<std::pair<std::string, std::string>>& hostile() {
    static const std::vector<std::pair<std::string, std::string>> k{
        {"=1+2", "=1+2"},
        {"+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0"},
        {"@SUM(A1)", "@SUM(A1)"},
        {"-2+3", "-2+3"},
        {"\t=1+2", "\\x09=1+2"},
        {"\r=1+2", "\\x0D=1+2"},
        {"\x1b[31m", "\\x1B[31m"},
        {"\xff\xfe", "\\xFF\\xFE"},
        {"_x003D_1+2", "_x003D_1+2"},  // Excel would show "=1+2" for an unprotected string
        {"_x0041_x0042_", "_x0041_x0042_"},
        {"<b>&amp;</b>", "<b>&amp;</b>"},
        {"\xef\xbc\x9d"
         "1+1",
         "\xef\xbc\x9d"
         "1+1"},  // full-width ＝
    };
    return k;
}

std::vector<Sheet> ledger_sheets() {
    Sheet it;
    it.name = "IT機器";
    it.headers = {"機器名（ホスト名）", "メーカー", "備考"};
    for (const auto& [raw, shown] : hostile()) {
        it.rows.push_back({raw, "", "x"});
    }
    it.rows.push_back({kLong, "日本光電", ""});
    Sheet med;
    med.name = "医療機器";
    med.headers = {"a", "b"};
    med.rows = {{"1", "2"}};
    med.widths = {25.5, 0};
    return {it, med};
}

}  // namespace

TEST_CASE("xlsx: headers in UTF-8, every cell a string, nothing a formula") {
    TempDir dir;
    const fs::path file = dir.path() / "ledger.xlsx";
    write_xlsx(file, ledger_sheets());

    const std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");
    CHECK(sheet.find("<f>") == std::string::npos);
    CHECK(sheet.find("<f ") == std::string::npos);
    CHECK(unzip(file, "xl/worksheets/sheet2.xml").find("<f") == std::string::npos);

    const auto c = cells(file, sheet);
    CHECK(c.at("A1").type == "inlineStr");  // a string, never a formula
    CHECK(c.at("A1").text == "機器名（ホスト名）");
    CHECK(c.at("B1").text == "メーカー");
    CHECK(c.at("C1").text == "備考");

    for (std::size_t i = 0; i < hostile().size(); ++i) {
        const std::string ref = "A" + std::to_string(i + 2);
        INFO(ref << " expected " << hostile()[i].second);
        REQUIRE(c.count(ref) == 1);
        CHECK(c.at(ref).type == "inlineStr");
        CHECK(c.at(ref).text == hostile()[i].second);
        // The empty middle column leaves no cell at all.
        CHECK(c.count("B" + std::to_string(i + 2)) == 0);
        CHECK(c.at("C" + std::to_string(i + 2)).text == "x");
    }

    // The raw XML carries no control bytes and no invalid UTF-8 from the cells.
    const std::string raw = unzip(file, "xl/worksheets/sheet1.xml");
    CHECK(raw.find('\x1b') == std::string::npos);
    CHECK(raw.find('\xff') == std::string::npos);
    CHECK(raw.find('\t') == std::string::npos);
}

TEST_CASE("xlsx: a 40,000-character value is capped to Excel's cell limit") {
    TempDir dir;
    const fs::path file = dir.path() / "long.xlsx";
    write_xlsx(file, ledger_sheets());
    const auto c = cells(file, unzip(file, "xl/worksheets/sheet1.xml"));
    const std::string ref = "A" + std::to_string(hostile().size() + 2);
    const std::string& v = c.at(ref).text;
    CHECK(utf8_chars(v) == 32767);
    CHECK(v.starts_with(std::string(1000, 'A')));
    CHECK(v.ends_with("\u2026"));
    CHECK(c.at("B" + std::to_string(hostile().size() + 2)).text == "日本光電");
}

TEST_CASE("xlsx: multi-byte text is capped on a character boundary") {
    TempDir dir;
    const fs::path file = dir.path() / "wide.xlsx";
    std::string wide;
    for (int i = 0; i < 33000; ++i) {
        wide += "機";
    }
    std::string astral;
    for (int i = 0; i < 17000; ++i) {
        astral += "\xf0\x9f\x98\x80";  // U+1F600, two UTF-16 units each
    }
    write_xlsx(file, {Sheet{"s", {"h"}, {{wide}, {astral}}, {}}});
    const auto c = cells(file, unzip(file, "xl/worksheets/sheet1.xml"));
    CHECK(utf8_chars(c.at("A2").text) == 32767);
    CHECK(c.at("A2").text.starts_with("機機機"));
    CHECK(c.at("A2").text.ends_with("機\u2026"));
    // 16,383 surrogate pairs and the mark: 32,767 UTF-16 units.
    CHECK(utf8_chars(c.at("A3").text) == 16384);
    CHECK(c.at("A3").text.ends_with("\xf0\x9f\x98\x80\u2026"));
}

TEST_CASE("xlsx: frozen bold header, autofilter, column widths") {
    TempDir dir;
    const fs::path file = dir.path() / "layout.xlsx";
    write_xlsx(file, ledger_sheets());
    const std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");

    const std::size_t pane = sheet.find("<pane ");
    REQUIRE(pane != std::string::npos);
    const std::string pane_tag = sheet.substr(pane, sheet.find('>', pane) - pane);
    CHECK(attr(pane_tag, "ySplit") == "1");
    CHECK(attr(pane_tag, "state") == "frozen");

    const std::size_t filter = sheet.find("<autoFilter ");
    REQUIRE(filter != std::string::npos);
    const std::string last_row = std::to_string(hostile().size() + 2);
    CHECK(attr(sheet.substr(filter, sheet.find('>', filter) - filter), "ref") == "A1:C" + last_row);
    // Excel needs the hidden _FilterDatabase name for the filter to work.
    CHECK(unzip(file, "xl/workbook.xml").find("_xlnm._FilterDatabase") != std::string::npos);

    // Widths: column A holds the 40,000-character value (clamped to 28, so that a printed
    // ledger fits an A4 page's width; it wraps), column B the widest
    // Japanese header (18 display columns plus the filter button), column C "備考" (4 + 4).
    std::map<std::string, double> widths;
    std::size_t pos = 0;
    while ((pos = sheet.find("<col ", pos)) != std::string::npos) {
        const std::string tag = sheet.substr(pos, sheet.find('>', pos) - pos);
        CHECK(attr(tag, "customWidth") == "1");
        widths[attr(tag, "min")] = std::stod(attr(tag, "width"));
        ++pos;
    }
    REQUIRE(widths.size() == 3);
    // Excel stores widths with the font's padding added (libxlsxwriter: +0.71 for Calibri 11).
    CHECK(widths.at("1") == Approx(28.71).margin(0.01));
    CHECK(widths.at("2") == Approx(12.71).margin(0.01));  // メーカー: 8 + 4
    CHECK(widths.at("3") == Approx(8.71).margin(0.01));

    // The header cells use a bold, filled, bordered style; long body cells wrap.
    const std::string styles = unzip(file, "xl/styles.xml");
    CHECK(styles.find("<b/>") != std::string::npos);
    CHECK(styles.find("patternType=\"solid\"") != std::string::npos);
    CHECK(styles.find("<left style=\"thin\">") != std::string::npos);
    CHECK(styles.find("wrapText=\"1\"") != std::string::npos);
    CHECK(sheet.find("<c r=\"A1\" s=\"") != std::string::npos);
    CHECK(sheet.find("<c r=\"A" + last_row + "\" s=\"") != std::string::npos);  // wrapped
    // Short cells do not wrap but align to the top beside the wrapped ones.
    const auto cell_tag = [&](const std::string& ref) {
        const std::size_t at = sheet.find("<c r=\"" + ref + "\"");
        REQUIRE(at != std::string::npos);
        return sheet.substr(at, sheet.find('>', at) - at);
    };
    CHECK_FALSE(attr(cell_tag("C2"), "s").empty());
    CHECK(attr(cell_tag("C2"), "s") != attr(cell_tag("A" + last_row), "s"));

    // Given widths are kept; a missing one is computed.
    const std::string sheet2 = unzip(file, "xl/worksheets/sheet2.xml");
    CHECK(sheet2.find("width=\"26.28") != std::string::npos);  // 25.5 in Excel's units
    CHECK(sheet2.find("<pane ") != std::string::npos);
}

TEST_CASE("xlsx: the widest Japanese header sets its column") {
    TempDir dir;
    const fs::path file = dir.path() / "ja.xlsx";
    write_xlsx(file, {Sheet{"s", {"機器名（ホスト名）", "x"}, {{"a", "b"}}, {}}});
    const std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");
    // 9 wide characters = 18 columns, plus the filter button: more than a header may take
    // (kMaxHeaderWidth 14); it wraps onto two lines instead.
    CHECK(sheet.find("<col min=\"1\" max=\"1\" width=\"14.71") != std::string::npos);
}

TEST_CASE("xlsx: sheet names are made acceptable to Excel") {
    TempDir dir;
    const fs::path file = dir.path() / "names.xlsx";
    std::vector<Sheet> sheets;
    for (const std::string name :
         {"IT機器/ネットワーク[1]", "a:b*c?d\\e", "'quoted'", "", "History",
          "0123456789012345678901234567890123456789", "dup", "DUP", "\x1b]0;x",
          "012345678901234567890123456789'x", "Sheet4"}) {
        sheets.push_back(Sheet{name, {"h"}, {}, {}});
    }
    write_xlsx(file, sheets);
    const std::string wb = unzip(file, "xl/workbook.xml");
    std::vector<std::string> names;
    std::size_t pos = 0;
    while ((pos = wb.find("<sheet ", pos)) != std::string::npos) {
        names.push_back(excel_text(attr(wb.substr(pos, wb.find('>', pos) - pos), "name")));
        ++pos;
    }
    CHECK(names == std::vector<std::string>{"IT機器_ネットワーク_1_", "a_b_c_d_e", "quoted",
                                            "Sheet4", "History_", "0123456789012345678901234567890",
                                            "dup", "DUP (2)", "_x1B_0;x",
                                            "012345678901234567890123456789", "Sheet4 (2)"});
}

TEST_CASE("xlsx: an empty export is still a workbook") {
    TempDir dir;
    const fs::path file = dir.path() / "empty.xlsx";
    write_xlsx(file, {});
    CHECK(unzip(file, "xl/workbook.xml").find("<sheet ") != std::string::npos);
    write_xlsx(file, {Sheet{"headers only", {"機器名"}, {}, {}}});
    CHECK(unzip(file, "xl/worksheets/sheet1.xml").find("<autoFilter ref=\"A1\"") !=
          std::string::npos);
}

TEST_CASE("xlsx: a missing directory fails with an Error naming the path") {
    TempDir dir;
    const fs::path file = dir.path() / "no-such-dir" / "ledger.xlsx";
    try {
        write_xlsx(file, ledger_sheets());
        FAIL("write_xlsx did not throw");
    } catch (const daicho::ledger::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains(file.string()));
        CHECK_THAT(e.what(), Catch::Contains("No such file or directory"));
    }
    CHECK(!fs::exists(file));
}

TEST_CASE("xlsx: a failed export leaves the existing file and no temporary behind") {
    TempDir dir;
    const fs::path file = dir.path() / "ledger.xlsx";
    { std::ofstream(file, std::ios::binary) << "previous export"; }
    Sheet too_wide{"wide", {}, {std::vector<std::string>(16385, "v")}, {}};
    try {
        write_xlsx(file, {ledger_sheets()[0], too_wide});
        FAIL("write_xlsx did not throw");
    } catch (const daicho::ledger::Error& e) {
        CHECK_THAT(e.what(), Catch::Contains(file.string()));
        CHECK_THAT(e.what(), Catch::Contains("16384"));
    }
    CHECK(read_file(file) == "previous export");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 1);
}

TEST_CASE("xlsx: a disk that fills while the zip is written leaves the existing file") {
    TempDir dir;
    const fs::path file = dir.path() / "ledger.xlsx";
    { std::ofstream(file, std::ios::binary) << "previous export"; }
    // A child process with a 4 KiB file size limit: libxlsxwriter's workbook_close then fails
    // with EFBIG part way through the zip, the way a full disk would.
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        // libxlsxwriter reports its own errors on stderr too; keep the test log clean.
        std::freopen("/dev/null", "w", stderr);
        const rlimit limit{4096, 4096};
        int code = 3;
        if (setrlimit(RLIMIT_FSIZE, &limit) == 0) {
            try {
                write_xlsx(file, ledger_sheets());
                code = 1;
            } catch (const daicho::ledger::Error& e) {
                const std::string_view what = e.what();
                code = what.starts_with(file.string()) &&
                               what.find("File too large") != std::string_view::npos
                           ? 0
                           : 2;
            }
        }
        _exit(code);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_file(file) == "previous export");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 1);
}

TEST_CASE("xlsx: a successful export replaces the file and keeps its mode") {
    TempDir dir;
    const fs::path file = dir.path() / "ledger.xlsx";
    { std::ofstream(file, std::ios::binary) << "previous export"; }
    REQUIRE(::chmod(file.c_str(), 0640) == 0);
    write_xlsx(file, ledger_sheets());
    CHECK(read_file(file).starts_with("PK"));
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 1);
}

TEST_CASE("xlsx: printed A4 landscape one page wide, title block, header repeated, real "
          "numbers and dates") {
    TempDir dir;
    const fs::path file = dir.path() / "print.xlsx";
    Sheet s{"台帳", {"管理番号", "機器名", "VLAN", "最終検出日時"}, {}, {}};
    s.rows = {{"A-1", "pc-1", "20", "2026/03/02 17:00"},
              {"A-2", "pc-2", "10 20", "not a date"},
              {"A-3", "pc-3", "=1+1", "2026/13/02 17:00"}};
    s.title = {"さくら病院　情報機器台帳", "基準日: 2026/03/02"};
    s.freeze_columns = 2;
    s.types = {daicho::survey::CellType::text, daicho::survey::CellType::text,
               daicho::survey::CellType::number, daicho::survey::CellType::datetime};
    write_xlsx(file, {s});
    const std::string sheet = unzip(file, "xl/worksheets/sheet1.xml");
    const auto tag = [&](const std::string& start) {
        const std::size_t at = sheet.find(start);
        REQUIRE(at != std::string::npos);
        return sheet.substr(at, sheet.find('>', at) - at);
    };
    const std::string setup = tag("<pageSetup ");
    CHECK(attr(setup, "paperSize") == "9");
    CHECK(attr(setup, "orientation") == "landscape");
    CHECK(attr(setup, "fitToHeight") == "0");  // one page wide, as many down as needed
    CHECK(attr(tag("<pageSetUpPr "), "fitToPage") == "1");
    // The title on rows 1-2, a blank row 3, the header on row 4: repeated on every page and
    // frozen with the first two columns.
    CHECK(sheet.find("<c r=\"A1\" ") != std::string::npos);
    CHECK(sheet.find("<c r=\"A4\" ") != std::string::npos);
    CHECK(unzip(file, "xl/workbook.xml").find("'台帳'!$4:$4") != std::string::npos);
    const std::string pane = tag("<pane ");
    CHECK(attr(pane, "xSplit") == "2");
    CHECK(attr(pane, "ySplit") == "4");
    CHECK(attr(tag("<autoFilter "), "ref") == "A4:D7");
    // VLAN 20 is a number; "10 20" and "=1+1" stay text. The date is a serial with a date
    // format; a non-date stays text.
    CHECK(tag("<c r=\"C5\"").find("t=\"inlineStr\"") == std::string::npos);
    CHECK(sheet.find("<v>20</v>") != std::string::npos);
    CHECK(tag("<c r=\"C6\"").find("t=\"inlineStr\"") != std::string::npos);
    CHECK(tag("<c r=\"C7\"").find("t=\"inlineStr\"") != std::string::npos);
    CHECK(sheet.find("<v>46083.70833") != std::string::npos);  // 2026-03-02 17:00
    CHECK(tag("<c r=\"D6\"").find("t=\"inlineStr\"") != std::string::npos);
    CHECK(tag("<c r=\"D7\"").find("t=\"inlineStr\"") != std::string::npos);
    CHECK(unzip(file, "xl/styles.xml").find("formatCode=\"yyyy/mm/dd hh:mm\"") !=
          std::string::npos);
}
