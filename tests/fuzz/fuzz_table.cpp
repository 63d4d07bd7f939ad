// libFuzzer target: a ledger file for `daicho import ledger`, read as CSV (fuzz_csv) or XLSX
// (fuzz_xlsx), then planned against no devices so the header and cell code runs too. Limits are
// small so a run explores structure, not size; any Error is an ordinary refusal.
// fuzz_xlsx_parts reaches the XML handlers past the zip layer (whose CRC check stops almost
// every mutation of a compressed part): the input is the worksheet, shared strings and styles
// XML separated by NUL bytes, stored uncompressed in a fixed package around them.

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/import/ledger_import.h"
#include "daicho/import/table_reader.h"
#include "daicho/ledger/ledger.h"

#ifndef DAICHO_FUZZ_TARGET
#error "DAICHO_FUZZ_TARGET must name the reader (csv or xlsx)"
#endif

namespace {

constexpr std::string_view kRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
constexpr std::string_view kWorkbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
constexpr std::string_view kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

// The package around the parts, stored without compression, as bytes.
std::string package(std::string_view input) {
    std::vector<std::string_view> parts;
    while (parts.size() < 2) {
        const auto nul = input.find('\0');
        if (nul == std::string_view::npos) {
            break;
        }
        parts.push_back(input.substr(0, nul));
        input.remove_prefix(nul + 1);
    }
    parts.push_back(input);
    parts.resize(3);
    const std::pair<const char*, std::string_view> files[] = {
        {"_rels/.rels", kRels},
        {"xl/workbook.xml", kWorkbook},
        {"xl/_rels/workbook.xml.rels", kWorkbookRels},
        {"xl/worksheets/sheet1.xml", parts[0]},
        {"xl/sharedStrings.xml", parts[1]},
        {"xl/styles.xml", parts[2]}};
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
    zip_t* za = src != nullptr ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : nullptr;
    if (za == nullptr) {
        __builtin_trap();
    }
    zip_source_keep(src);
    for (const auto& [name, data] : files) {
        zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
        const zip_int64_t at = zip_file_add(za, name, s, 0);
        if (at < 0 ||
            zip_set_file_compression(za, static_cast<zip_uint64_t>(at), ZIP_CM_STORE, 0) != 0) {
            __builtin_trap();
        }
    }
    if (zip_close(za) != 0 || zip_source_open(src) != 0) {
        __builtin_trap();
    }
    std::string out;
    char buf[65536];
    zip_int64_t n = 0;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::ledger;
    using namespace daicho::import;
    static const ReadLimits limits = [] {
        ReadLimits l;
        l.max_file_bytes = 1 << 20;
        l.max_part_bytes = 1 << 20;
        l.max_rows = 1000;
        l.max_columns = 64;
        l.max_cell_bytes = 4096;
        l.max_cells = 10000;
        l.max_table_bytes = 1 << 20;
        l.max_shared_strings = 10000;
        return l;
    }();
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    constexpr std::string_view kTarget = DAICHO_FUZZ_TARGET;
    try {
        const Table t = kTarget == "csv"    ? read_csv(bytes, "fuzz.csv", limits)
                        : kTarget == "xlsx" ? read_xlsx(bytes, "fuzz.xlsx", {}, limits)
                                            : read_xlsx(package(bytes), "fuzz.xlsx", {}, limits);
        if (t.rows.size() > limits.max_rows) {
            __builtin_trap();
        }
        for (const auto& row : t.rows) {
            if (row.size() > limits.max_columns) {
                __builtin_trap();
            }
            for (const auto& cell : row) {
                if (cell.size() > limits.max_cell_bytes) {
                    __builtin_trap();
                }
            }
        }
        ImportOptions options;
        options.csv_apostrophes = kTarget == "csv";
        // One device the seeds name (by MAC and IP), so matching and the change path run too.
        DeviceRecord device;
        device.id = 7;
        device.mac = "00:11:22:33:44:55";
        device.mac_kind = "global";
        device.addresses.push_back(AddressEntry{"192.0.2.10", "arp", 0, 0, {}});
        device.hostnames = {"ward-pc"};
        const std::vector<DeviceRecord> devices{device};
        const auto plan = plan_import(t, devices, options);
        for (const auto& change : plan.changes) {
            if (change.device_id != device.id) {
                __builtin_trap();  // a change for a device nobody has
            }
        }
    } catch (const Error&) {
        // A refused file: the ordinary outcome for most inputs.
    } catch (const std::invalid_argument&) {
        // Only --map / --header-row problems throw this, and no option is given.
        __builtin_trap();
    }
    return 0;
}
