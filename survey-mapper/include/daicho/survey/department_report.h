#pragma once
// `daicho departments`: devices per site and department and category, then the devices no
// mapping covers and the ones whose addresses fall in two departments.

#include <array>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/departments.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::DepartmentMap;
using ledger::DeviceRecord;

// The report's category columns, in order.
inline constexpr std::array<std::string_view, 8> kReportCategories{
    "server", "pc", "network", "medical", "printer", "phone", "iot", "unknown"};

struct DepartmentCount {
    std::string site;         // "" when none
    std::string department;   // "" for the devices with no department (unassigned or conflict)
    bool configured = false;  // named in the config (else only an annotation names it)
    std::array<std::uint64_t, kReportCategories.size()> counts{};
    std::uint64_t total = 0;
};

struct DepartmentReport {
    std::vector<DepartmentCount> rows;  // configured departments in config order, then others
    std::vector<const DeviceRecord*> unassigned;  // no department and no conflict
    std::vector<const DeviceRecord*> conflicts;   // department_conflict not empty
};

// Counts devices whose placement resolve_placement has filled. The report points into
// `devices`, which must outlive it.
[[nodiscard]] DepartmentReport department_report(std::span<const DeviceRecord> devices,
                                                 const DepartmentMap& map);

// Aligned text for a terminal; Japanese headings unless Lang::en.
void write_department_report_table(std::ostream& out, const DepartmentReport& report, Lang lang);
// One Excel-ready CSV (UTF-8 BOM, CRLF, formulas neutralised): the counts, a blank row, the
// unassigned devices, a blank row, the conflicts, each section under its own title row.
void write_department_report_csv(std::ostream& out, const DepartmentReport& report, Lang lang);
// {"departments": [...], "unassigned": [...], "conflicts": [...]} with English keys.
void write_department_report_json(std::ostream& out, const DepartmentReport& report);

}  // namespace daicho::survey
