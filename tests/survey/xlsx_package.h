#pragma once
// Hand-made XLSX packages for reader tests: any set of parts, zipped with libzip, so tests can
// say exactly which XML the reader meets (inline strings, furigana runs, a DOCTYPE, a bomb).

#include <zip.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ledger_test_util.h"
#include "temp_dir.h"

namespace daicho::test {

using Parts = std::vector<std::pair<std::string, std::string>>;

inline std::string zip_bytes(const Parts& parts) {
    const TempDir dir;
    const auto path = dir.path() / "p.zip";
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == nullptr) {
        throw std::runtime_error("zip_open failed");
    }
    for (const auto& [name, data] : parts) {
        zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
        if (src == nullptr || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(src);
            zip_discard(z);
            throw std::runtime_error("zip_file_add failed: " + name);
        }
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        throw std::runtime_error("zip_close failed");
    }
    return read_bytes(path);
}

inline constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook with the given sheets (name, worksheet XML), shared strings and styles (optional).
inline Parts workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                            const std::string& shared = "", const std::string& styles = "",
                            const std::string& workbook_pr = "") {
    Parts parts;
    parts.emplace_back("_rels/.rels",
                       std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
                                   "openxmlformats.org/package/2006/relationships\"><Relationship "
                                   "Id=\"rId1\" Type=\"") +
                           kRelNs +
                           "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    std::string wb = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs +
                     "\" xmlns:r=\"" + kRelNs + "\">" + workbook_pr + "<sheets>";
    std::string rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
        "2006/relationships\">";
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        wb +=
            "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRelNs +
                "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
        parts.emplace_back("xl/worksheets/sheet" + n + ".xml", sheets[i].second);
    }
    wb += "</sheets></workbook>";
    if (!shared.empty()) {
        rels += std::string("<Relationship Id=\"rS\" Type=\"") + kRelNs +
                "/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>";
        parts.emplace_back("xl/sharedStrings.xml", shared);
    }
    if (!styles.empty()) {
        rels += std::string("<Relationship Id=\"rT\" Type=\"") + kRelNs +
                "/styles\" Target=\"styles.xml\"/>";
        parts.emplace_back("xl/styles.xml", styles);
    }
    rels += "</Relationships>";
    parts.emplace_back("xl/workbook.xml", wb);
    parts.emplace_back("xl/_rels/workbook.xml.rels", rels);
    return parts;
}

inline std::string worksheet(const std::string& sheet_data) {
    return std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kMainNs + "\"><sheetData>" +
           sheet_data + "</sheetData></worksheet>";
}

}  // namespace daicho::test
