#pragma once
// `daicho connections` (Q10): the external connection points grouped per department, the
// points opened from outside first in every group, with counts per department and each
// point's evidence. Names, products and addresses come from the network: JSON escapes them,
// the table escapes control bytes, the sheet goes through write_sheet_csv / write_xlsx.

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "daicho/ledger/connections.h"
#include "daicho/ledger/departments.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::ConnectionPoint;

// The counts Q10 asks for, per department.
struct ConnectionCounts {
    std::uint64_t points = 0;
    std::uint64_t inbound = 0;        // opened from outside
    std::uint64_t remote_access = 0;  // vpn, ssl-vpn, remote-control, tunnel
    std::uint64_t always_on = 0;
};

struct DepartmentConnections {
    std::string department;  // "" : no department places the inside end
    ConnectionCounts counts;
    std::vector<ConnectionPoint> points;  // inbound first, then class, remote, port
};

struct ConnectionReport {
    // The config's departments in its order (those with points), then other names (from
    // annotations) by name, then the unplaced group.
    std::vector<DepartmentConnections> departments;
    ConnectionCounts total;
    bool plan_configured = false;
    std::uint64_t captures = 0;
    std::uint64_t captures_without_plan = 0;
    std::uint64_t evictions = 0;
};

// Whether a class is remote access (what Q10's ransomware cases came in through).
[[nodiscard]] bool remote_access_class(std::string_view service_class) noexcept;

[[nodiscard]] ConnectionReport connection_report(const ledger::ConnectionList& list,
                                                 const ledger::DepartmentMap& map);

void write_connections_json(std::ostream& out, const ConnectionReport& report);
void write_connections_table(std::ostream& out, const ConnectionReport& report, Lang lang);
// One row a point, the department first; the same columns for CSV and XLSX.
[[nodiscard]] Sheet connections_sheet(const ConnectionReport& report, Lang lang);

}  // namespace daicho::survey
