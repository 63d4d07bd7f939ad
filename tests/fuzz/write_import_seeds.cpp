// Writes corpus seeds for fuzz_csv and fuzz_xlsx into <dir>/csv and <dir>/xlsx: daicho's own
// ledger export and hospital-style ledgers, so the fuzzers start from real structure (for XLSX,
// a valid zip of SpreadsheetML parts) instead of having to discover it.
//   daicho_write_import_seeds <corpus dir>

#include <zip.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace {

std::vector<daicho::survey::Sheet> sheets() {
    daicho::survey::Sheet it;
    it.name = "情報機器台帳";
    it.headers = {
        "管理番号（資産番号）",     "機器種別", "機器名（ホスト名）", "IPアドレス", "MACアドレス",
        "状態（稼働／予備／廃棄）", "備考"};
    it.rows = {{"PC-0001", "端末PC", "pc-a.hosp.local", "10.0.0.1 10.0.0.2", "00:11:22:33:44:55",
                "稼働", "=1+1"},
               {"", "医療機器 / patient-monitor", "", "", "00-11-22-33-44-56", "spare", ""}};
    daicho::survey::Sheet me;
    me.name = "ME";
    me.headers = {"ME番号", "機器名", "型式", "設置場所", "MAC", "保守業者", "購入年月日"};
    me.rows = {{"ME-001", "生体情報モニタ", "BSM-6000", "本館4F", "0011.2233.4457", "日本光電",
                "2020/04/01"},
               {"ME-002", "輸液ポンプ", "TE-171", "5F\n東", "001122334458", "", ""}};
    return {it, me};
}

std::string member(zip_t* z, const char* name) {
    zip_file_t* f = zip_fopen(z, name, 0);
    std::string out;
    if (f == nullptr) {
        return out;
    }
    char buf[4096];
    zip_int64_t n = 0;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    zip_fclose(f);
    return out;
}

// fuzz_xlsx_parts input: worksheet NUL shared strings NUL styles, from a written workbook.
void write_parts_seed(const std::filesystem::path& xlsx, const std::filesystem::path& out) {
    int err = 0;
    zip_t* z = zip_open(xlsx.c_str(), ZIP_RDONLY, &err);
    if (z == nullptr) {
        throw std::runtime_error("cannot reopen " + xlsx.string());
    }
    const std::string seed = member(z, "xl/worksheets/sheet1.xml") + '\0' +
                             member(z, "xl/sharedStrings.xml") + '\0' + member(z, "xl/styles.xml");
    zip_discard(z);
    std::ofstream(out, std::ios::binary) << seed;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: daicho_write_import_seeds <corpus dir>\n";
        return 2;
    }
    const std::filesystem::path root = argv[1];
    std::filesystem::create_directories(root / "csv");
    std::filesystem::create_directories(root / "xlsx");
    std::filesystem::create_directories(root / "xlsx_parts");
    const auto all = sheets();
    for (std::size_t i = 0; i < all.size(); ++i) {
        std::ostringstream csv;
        daicho::survey::write_sheet_csv(csv, all[i]);
        std::ofstream(root / "csv" / ("seed" + std::to_string(i) + ".csv"), std::ios::binary)
            << csv.str();
        const auto xlsx = root / "xlsx" / ("seed" + std::to_string(i) + ".xlsx");
        daicho::survey::write_xlsx(xlsx, {all[i]});
        write_parts_seed(xlsx, root / "xlsx_parts" / ("seed" + std::to_string(i)));
    }
    daicho::survey::write_xlsx(root / "xlsx" / "both.xlsx", all);
    std::ofstream(root / "csv" / "plain.csv", std::ios::binary)
        << "MAC,IP,ホスト名\r\naa:bb:cc:dd:ee:ff,10.0.0.1,\"x,\"\"y\"\"\"\n";
    return 0;
}
