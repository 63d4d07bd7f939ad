// The dashboard's device list kept in memory (api/device_view.h).

#include "api/device_view.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>
#include <tuple>

#include "daicho/answers/catalogue.h"
#include "daicho/answers/support_status.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/time.h"
#include "daicho/survey/json_out.h"

namespace daicho::agent::api {

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff" and their beginnings: the hex
// digits alone, lower-case; "" when `text` holds anything but hex digits and separators or
// fewer than 4 digits (a word such as "face" is searched as text only).
std::string mac_digits(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (is_hex(c)) {
            out += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        } else if (c != ':' && c != '-' && c != '.') {
            return {};
        }
    }
    return out.size() >= 4 ? out : std::string{};
}

// IPv4 as 12 zero-padded digits so text order is numeric order; anything else after them.
std::string ip_sort_key(std::string_view ip) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    char tail = 0;
    const std::string s(ip);
    if (std::sscanf(s.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) == 4) {
        char key[16];
        std::snprintf(key, sizeof key, "%03u%03u%03u%03u", a, b, c, d);
        return key;
    }
    return s.empty() ? std::string("~") : "~" + s;  // IPv6 and none after every IPv4
}

std::string annotation_or(const ledger::DeviceRecord& d, std::string_view key,
                          const std::string& otherwise) {
    const auto* a = d.annotation(key);
    return a != nullptr && !a->value.empty() ? a->value : otherwise;
}

// Where the device's OS or firmware stands today, judged as Q12/Q13 judge it (the catalogue's
// release row, Windows by edition): its last day of updates, and "ended", "ended_unless_ltsc"
// or "in_support"; both "" when the catalogue has no row.
std::pair<std::string, std::string> support_of(const ledger::DeviceRecord& d,
                                               const answers::Catalogue* catalogue,
                                               std::string_view today) {
    if (catalogue == nullptr) {
        return {};
    }
    using State = answers::detail::SupportStatus::State;
    const auto st = answers::detail::support_status(d, *catalogue, today);
    if (st.row == nullptr) {
        return {};
    }
    const char* state = st.state == State::ended               ? "ended"
                        : st.state == State::ended_unless_ltsc ? "ended_unless_ltsc"
                                                               : "in_support";
    return {st.row->end, state};
}

struct Column {
    std::string_view key;
    std::string_view ja;
    std::string_view en;
};

constexpr std::array<Column, 14> kColumns{{
    {"id", "ID", "ID"},
    {"name", "機器名", "Name"},
    {"category", "機器種別", "Category"},
    {"subtype", "細分類", "Subtype"},
    {"department", "設置部署", "Department"},
    {"site", "拠点", "Site"},
    {"ip", "IPアドレス", "IP address"},
    {"mac", "MACアドレス", "MAC address"},
    {"maker", "メーカー", "Maker"},
    {"model", "型番", "Model"},
    {"os", "OS・ファームウェア", "OS / firmware"},
    {"support", "サポート終了日", "End of support"},
    {"last_seen", "最終観測", "Last seen"},
    {"confidence", "確度", "Confidence"},
}};

std::string cell(const DeviceRow& r, std::string_view key) {
    if (key == "id") return std::to_string(r.id);
    if (key == "name") return r.name;
    if (key == "category") return r.category;
    if (key == "subtype") return r.subtype;
    if (key == "department") return r.department;
    if (key == "site") return r.site;
    if (key == "ip") return r.ips;
    if (key == "mac") return r.mac;
    if (key == "maker") return r.maker;
    if (key == "model") return r.model;
    if (key == "os") return r.os;
    if (key == "support") return r.support_end;
    if (key == "last_seen")
        return r.last_seen_us > 0 ? ledger::format_time_utc(r.last_seen_us) : "";
    if (key == "confidence") return std::to_string(r.confidence);
    return {};
}

// Whether `a` sorts before `b` on `key` (ties: by id, so pages never overlap).
bool before(const DeviceRow& a, const DeviceRow& b, std::string_view key) {
    const auto by = [&](const auto& x, const auto& y) { return x != y ? x < y : a.id < b.id; };
    if (key == "name") return by(a.name_key, b.name_key);
    if (key == "category") {
        return a.category != b.category ? a.category < b.category : by(a.subtype, b.subtype);
    }
    if (key == "department") return by(a.department, b.department);
    if (key == "ip") return by(a.ip_key, b.ip_key);
    if (key == "mac") return by(a.mac, b.mac);
    if (key == "maker") return by(a.maker, b.maker);
    if (key == "model") return by(a.model, b.model);
    if (key == "os") return by(a.os, b.os);
    if (key == "support") return by(a.support_end, b.support_end);
    if (key == "last_seen") return by(a.last_seen_us, b.last_seen_us);
    if (key == "confidence") return by(a.confidence, b.confidence);
    return a.id < b.id;
}

}  // namespace

DeviceRow device_row(const ledger::DeviceRecord& d, const answers::Catalogue* catalogue,
                     std::string_view today) {
    DeviceRow r;
    r.id = d.id;
    for (const auto& h : d.hostnames) {
        r.hostnames += (r.hostnames.empty() ? "" : " ") + h;
    }
    r.name = annotation_or(d, "name", d.hostnames.empty() ? std::string{} : d.hostnames.front());
    r.category = d.category;
    r.subtype = d.subtype;
    r.department = d.department;
    r.site = d.site;
    for (const auto& a : d.addresses) {
        r.ips += (r.ips.empty() ? "" : " ") + a.address;
    }
    r.ip_key = ip_sort_key(d.addresses.empty() ? std::string_view{} : d.addresses.front().address);
    r.mac = d.mac;
    r.mac_plain = mac_digits(d.mac);
    r.maker = d.vendor;
    std::string wire_model;
    for (const auto& s : d.software) {
        if (wire_model.empty() && !s.model.empty()) {
            wire_model = s.model;
        }
        if (r.os.empty() && (!s.product.empty() || !s.version.empty())) {
            r.os = s.product.empty()   ? s.version
                   : s.version.empty() ? s.product
                                       : s.product + " " + s.version;
        }
    }
    r.model = annotation_or(d, "model", wire_model);
    std::tie(r.support_end, r.support_state) = support_of(d, catalogue, today);
    r.last_seen_us = d.last_seen_us;
    r.confidence = d.confidence;
    r.band = d.band;
    r.name_key = r.name.empty() ? std::string("\x7f") : lower_ascii(r.name);  // DEL: after any name
    r.search = lower_ascii(r.name + '\n' + r.hostnames + '\n' + r.ips + '\n' + r.mac);
    return r;
}

DeviceView::DeviceView(std::filesystem::path db, ledger::DepartmentMap departments,
                       std::shared_ptr<const ledger::Knowledge> knowledge,
                       std::shared_ptr<const answers::Catalogue> catalogue)
    : db_(std::move(db)),
      departments_(std::move(departments)),
      knowledge_(std::move(knowledge)),
      catalogue_(std::move(catalogue)) {}

std::string DeviceView::current_stamp() const {
    // std::filesystem rather than stat(2): struct stat has no st_mtim on Windows, and
    // last_write_time keeps the sub-second part on both (nanoseconds on Linux, 100 ns on NTFS).
    std::filesystem::path wal = db_;
    wal += "-wal";
    std::string stamp;
    for (const auto& file : {db_, wal}) {
        std::error_code size_error;
        std::error_code time_error;
        const auto size = std::filesystem::file_size(file, size_error);
        const auto written = std::filesystem::last_write_time(file, time_error);
        if (!size_error && !time_error) {
            stamp += std::to_string(size) + ':' +
                     std::to_string(written.time_since_epoch().count()) + ';';
        } else {
            stamp += "-;";
        }
    }
    return stamp;
}

void DeviceView::refresh() {
    const std::string stamp = current_stamp();
    if (!stamp_.empty() && stamp == stamp_) {
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<DeviceRow> rows;
    {
        const ledger::Ledger ledger(db_, ledger::Ledger::Mode::read_only, knowledge_);
        const auto list = ledger::Snapshot(ledger, departments_).devices();
        rows.reserve(list.size());
        const std::string today = ledger::format_time_utc(ledger::now_us()).substr(0, 10);
        for (const auto& d : list) {
            rows.push_back(device_row(d, catalogue_.get(), today));
        }
    }
    rows_ = std::move(rows);
    std::map<std::string, std::size_t> departments;
    std::map<std::string, std::size_t> categories;
    for (const auto& r : rows_) {
        ++departments[r.department];
        ++categories[r.category];
    }
    department_facet_.assign(departments.begin(), departments.end());
    category_facet_.assign(categories.begin(), categories.end());
    stamp_ = stamp;
    ++rebuilds_;
    rebuild_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::vector<const DeviceRow*> DeviceView::matching(const ViewQuery& query) const {
    return select_rows(rows_, query);
}

ViewPage DeviceView::page(const ViewQuery& query) const { return page_rows(rows_, query); }

std::vector<const DeviceRow*> select_rows(const std::vector<DeviceRow>& rows,
                                          const ViewQuery& query) {
    const std::string q = lower_ascii(query.q);
    const std::string q_mac = mac_digits(query.q);
    std::vector<const DeviceRow*> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        if (!query.department.empty() &&
            !(query.department == "-" ? r.department.empty() : r.department == query.department)) {
            continue;
        }
        if (!query.category.empty() && r.category != query.category) {
            continue;
        }
        if (!q.empty() && r.search.find(q) == std::string::npos &&
            (q_mac.empty() || r.mac_plain.find(q_mac) == std::string::npos)) {
            continue;
        }
        out.push_back(&r);
    }
    const std::string key = query.sort;
    if (query.descending) {
        std::sort(out.begin(), out.end(),
                  [&](const DeviceRow* a, const DeviceRow* b) { return before(*b, *a, key); });
    } else {
        std::sort(out.begin(), out.end(),
                  [&](const DeviceRow* a, const DeviceRow* b) { return before(*a, *b, key); });
    }
    return out;
}

ViewPage page_rows(const std::vector<DeviceRow>& rows, const ViewQuery& query) {
    auto all = select_rows(rows, query);
    ViewPage page;
    page.total = all.size();
    page.all = rows.size();
    const std::size_t limit = std::min(query.limit, ViewQuery::kMaxLimit);
    const std::size_t begin = std::min(query.offset, all.size());
    const std::size_t end = std::min(all.size(), begin + limit);
    page.rows.assign(all.begin() + static_cast<std::ptrdiff_t>(begin),
                     all.begin() + static_cast<std::ptrdiff_t>(end));
    return page;
}

std::string page_json(const ViewPage& page, const ViewQuery& query, const DeviceView& view) {
    std::string text;
    survey::JsonOut j(text);
    j.open_object()
        .field("total", static_cast<std::uint64_t>(page.total))
        .field("all", static_cast<std::uint64_t>(page.all))
        .field("offset", static_cast<std::uint64_t>(query.offset))
        .field("limit", static_cast<std::uint64_t>(std::min(query.limit, ViewQuery::kMaxLimit)))
        .field("rebuild_ms", static_cast<std::int64_t>(view.last_rebuild_ms()));
    for (const auto& [name, facet] : {std::pair{"departments", &view.departments()},
                                      std::pair{"categories", &view.categories()}}) {
        j.key(name).open_array();
        for (const auto& [value, count] : *facet) {
            j.open_object()
                .field("name", value)
                .field("count", static_cast<std::uint64_t>(count))
                .close_object();
        }
        j.close_array();
    }
    j.key("devices").open_array();
    for (const auto* r : page.rows) {
        j.open_object()
            .field("id", r->id)
            .field("name", r->name)
            .field("hostnames", r->hostnames)
            .field("category", r->category)
            .field("subtype", r->subtype)
            .field("department", r->department)
            .field("site", r->site)
            .field("ip", r->ips)
            .field("mac", r->mac)
            .field("maker", r->maker)
            .field("model", r->model)
            .field("os", r->os)
            .field("support_end", r->support_end)
            .field("support_state", r->support_state)
            .field("last_seen",
                   r->last_seen_us > 0 ? ledger::format_time_utc(r->last_seen_us) : std::string{})
            .field("confidence", r->confidence)
            .field("band", r->band)
            .close_object();
    }
    j.close_array().close_object();
    text += '\n';
    return text;
}

survey::Sheet rows_sheet(const std::vector<const DeviceRow*>& rows,
                         const std::vector<std::string>& columns, survey::Lang lang) {
    std::vector<const Column*> chosen;
    for (const auto& c : kColumns) {
        if (columns.empty() || std::find(columns.begin(), columns.end(), c.key) != columns.end()) {
            chosen.push_back(&c);
        }
    }
    survey::Sheet sheet;
    sheet.name = lang == survey::Lang::en ? "Devices" : "機器一覧";
    for (const auto* c : chosen) {
        sheet.headers.emplace_back(lang == survey::Lang::en ? c->en : c->ja);
        sheet.types.push_back(c->key == "id" || c->key == "confidence" ? survey::CellType::number
                                                                       : survey::CellType::text);
    }
    for (const auto* r : rows) {
        std::vector<std::string> cells;
        for (const auto* c : chosen) {
            cells.push_back(cell(*r, c->key));
        }
        sheet.rows.push_back(std::move(cells));
    }
    return sheet;
}

}  // namespace daicho::agent::api
