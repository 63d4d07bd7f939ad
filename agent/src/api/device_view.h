#pragma once
// The dashboard's device list (機器一覧): one row per device, kept in memory between requests
// and rebuilt only when the ledger changed, then filtered, sorted and cut into pages there, so
// a 12,000-device ledger is read once per change instead of once per request (a page change
// or a search never touches SQLite).
//
// "Changed" is the ledger file's and its -wal's size and modification time: every commit
// writes one of them. Not PRAGMA data_version on a kept connection: a read-only Ledger opened
// while no writer has the file open is immutable (ledger.h Mode::read_only) and would never
// see a later commit.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/departments.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/words.h"

namespace daicho::answers {
class Catalogue;
}

namespace daicho::agent::api {

// One device as the list shows it; every string may come from the network.
struct DeviceRow {
    std::int64_t id = 0;
    std::string name;  // the `name` annotation, else the first host name
    std::string hostnames;
    std::string category;
    std::string subtype;
    std::string department;
    std::string site;
    std::string ips;  // space-separated
    std::string mac;
    std::string maker;          // the IEEE registry organisation
    std::string model;          // the `model` annotation, else a model the software names
    std::string os;             // the first OS/firmware statement: product and version
    std::string support_end;    // YYYY-MM-DD from the catalogue; "" when it has no row
    std::string support_state;  // "ended", "ended_unless_ltsc", "in_support"; "" no row
    std::int64_t last_seen_us = 0;
    int confidence = 0;
    std::string band;
    std::string search;     // lower-case name, host names, IPs and MAC, for q=
    std::string mac_plain;  // the MAC's 12 hex digits, for a MAC typed in any notation
    std::string ip_key;     // the first IP in an order that sorts numerically
    std::string name_key;   // the name lower-case; unnamed rows after every named one
};

struct ViewQuery {
    std::size_t offset = 0;
    std::size_t limit = 50;  // capped at kMaxLimit
    std::string q;           // free text: name, host name, MAC (any notation) or IP
    std::string department;  // exact; "-" for the devices no mapping places
    std::string category;    // exact category key
    std::string sort = "id";
    bool descending = false;

    static constexpr std::size_t kMaxLimit = 500;
};

struct ViewPage {
    std::size_t total = 0;               // rows matching the query
    std::size_t all = 0;                 // rows in the snapshot
    std::vector<const DeviceRow*> rows;  // the page; valid until the next rebuild
};

class DeviceView {
   public:
    DeviceView(std::filesystem::path db, ledger::DepartmentMap departments,
               std::shared_ptr<const ledger::Knowledge> knowledge,
               std::shared_ptr<const answers::Catalogue> catalogue);

    // Rebuilds the snapshot when the ledger changed since the last build (or after
    // invalidate()). Throws ledger::Error when the ledger cannot be read.
    void refresh();
    // The next refresh() rebuilds (the API wrote an annotation itself).
    void invalidate() noexcept { stamp_.clear(); }

    // Every matching row in order (an export), or one page of them. Sort keys: id, name,
    // category, department, ip, mac, maker, model, os, support, last_seen, confidence; an
    // unknown key sorts by id. Rows without a name sort after those with one.
    [[nodiscard]] std::vector<const DeviceRow*> matching(const ViewQuery& query) const;
    [[nodiscard]] ViewPage page(const ViewQuery& query) const;

    [[nodiscard]] const std::vector<DeviceRow>& rows() const noexcept { return rows_; }
    // The filters' choices: each department ("" for none) and category with its row count.
    using Facet = std::vector<std::pair<std::string, std::size_t>>;
    [[nodiscard]] const Facet& departments() const noexcept { return department_facet_; }
    [[nodiscard]] const Facet& categories() const noexcept { return category_facet_; }
    [[nodiscard]] double last_rebuild_ms() const noexcept { return rebuild_ms_; }
    [[nodiscard]] std::uint64_t rebuilds() const noexcept { return rebuilds_; }

   private:
    [[nodiscard]] std::string current_stamp() const;

    std::filesystem::path db_;
    ledger::DepartmentMap departments_;
    std::shared_ptr<const ledger::Knowledge> knowledge_;
    std::shared_ptr<const answers::Catalogue> catalogue_;
    std::string stamp_;
    std::vector<DeviceRow> rows_;
    Facet department_facet_;
    Facet category_facet_;
    double rebuild_ms_ = 0;
    std::uint64_t rebuilds_ = 0;
};

// The rows that match `query`, in its order (the sort keys as DeviceView::matching), and one
// page of them.
[[nodiscard]] std::vector<const DeviceRow*> select_rows(const std::vector<DeviceRow>& rows,
                                                        const ViewQuery& query);
[[nodiscard]] ViewPage page_rows(const std::vector<DeviceRow>& rows, const ViewQuery& query);

// The list's row for one device: the end of support from `catalogue` (may be nullptr) as of
// `today` (YYYY-MM-DD), as Q12/Q13 judge it.
[[nodiscard]] DeviceRow device_row(const ledger::DeviceRecord& d,
                                   const answers::Catalogue* catalogue, std::string_view today);

// {"total", "all", "offset", "limit", "rebuild_ms", "departments": [{"name", "count"}],
//  "categories": [...], "devices": [...]}.
[[nodiscard]] std::string page_json(const ViewPage& page, const ViewQuery& query,
                                    const DeviceView& view);

// The rows as a sheet for CSV/XLSX (survey/export.h write_sheet_csv, sheet.h write_xlsx):
// the `columns` named (row keys; empty: all) in the list's order, headers in `lang`.
[[nodiscard]] survey::Sheet rows_sheet(const std::vector<const DeviceRow*>& rows,
                                       const std::vector<std::string>& columns, survey::Lang lang);

}  // namespace daicho::agent::api
