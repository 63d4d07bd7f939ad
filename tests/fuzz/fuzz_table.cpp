// libFuzzer target: a ledger file for `daicho import ledger`, read as CSV (fuzz_csv) or XLSX
// (fuzz_xlsx), then planned against no devices so the header and cell code runs too. Limits are
// small so a run explores structure, not size; any Error is an ordinary refusal.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/ledger_import.h"
#include "daicho/ledger/table_reader.h"

#ifndef DAICHO_FUZZ_TARGET
#error "DAICHO_FUZZ_TARGET must name the reader (csv or xlsx)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::ledger;
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
        const Table t = kTarget == "xlsx" ? read_xlsx(bytes, "fuzz.xlsx", {}, limits)
                                          : read_csv(bytes, "fuzz.csv", limits);
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
        const auto plan = plan_import(t, {}, options);
        if (!plan.changes.empty()) {
            __builtin_trap();  // no device, nothing to change
        }
    } catch (const Error&) {
        // A refused file: the ordinary outcome for most inputs.
    } catch (const std::invalid_argument&) {
        // Only --map / --header-row problems throw this, and no option is given.
        __builtin_trap();
    }
    return 0;
}
