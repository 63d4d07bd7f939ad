// `daicho departments`: device counts per site and department (Q9 needs 設置部署 for every
// medical device, Q10 counts per department), then the gap list a person must close: devices no
// mapping covers (部署未割当の機器) and devices whose addresses fall in two departments (要確認).
// Department names come from the config or an annotation and device names from the wire: the
// table escapes control bytes, the CSV goes through write_sheet_csv, JSON escapes.

#include "daicho/survey/department_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "daicho/ledger/text.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

std::size_t category_index(std::string_view category) {
    const auto it = std::find(kReportCategories.begin(), kReportCategories.end(), category);
    return it == kReportCategories.end() ? kReportCategories.size() - 1  // "unknown"
                                         : static_cast<std::size_t>(it - kReportCategories.begin());
}

std::string joined(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : std::string(sep)) + item;
    }
    return out;
}

std::vector<std::string> ips_of(const DeviceRecord& d) {
    std::vector<std::string> out;
    for (const auto& a : d.addresses) {
        out.push_back(a.address);
    }
    return out;
}

std::vector<int> vlans_of(const DeviceRecord& d) {
    std::vector<int> out;
    for (int v : d.vlans) {
        if (v != 0) {  // 0: untagged
            out.push_back(v);
        }
    }
    return out;
}

std::string name_of(const DeviceRecord& d) {
    const Annotation* a = d.annotation("name");
    return a != nullptr && !a->value.empty() ? a->value : joined(d.hostnames, " / ");
}

std::string candidates_text(const DeviceRecord& d) {
    std::vector<std::string> out;
    for (const auto& c : d.department_conflict) {
        out.push_back(c.name + " (" + c.source + ")");
    }
    return joined(out, "; ");
}

struct Words {
    std::string_view counts_title;
    std::string_view site;
    std::string_view department;
    std::string_view total;
    std::string_view no_department;
    std::string_view not_configured;
    std::string_view unassigned_title;
    std::string_view conflicts_title;
    std::string_view none;
    std::string_view ip;
    std::string_view name;
    std::string_view category;
    std::string_view candidates;
};

constexpr Words kJa{"拠点・部署別の機器数",
                    "拠点",
                    "部署",
                    "計",
                    "（部署未割当・要確認）",
                    "※ 設定ファイルにない部署（注記でのみ指定）",
                    "部署未割当の機器",
                    "要確認: 複数の部署にまたがる機器",
                    "なし",
                    "IPアドレス",
                    "機器名",
                    "機器種別",
                    "候補"};
constexpr Words kEn{"Devices per site and department",
                    "Site",
                    "Department",
                    "Total",
                    "(no department / to check)",
                    "* not in the config file (named only by an annotation)",
                    "Devices with no department",
                    "To check: devices in more than one department",
                    "none",
                    "IP addresses",
                    "Name",
                    "Category",
                    "Candidates"};

const Words& words(Lang lang) { return lang == Lang::ja ? kJa : kEn; }

using Table = std::vector<std::vector<std::string>>;

std::vector<std::string> counts_header(Lang lang) {
    const Words& w = words(lang);
    std::vector<std::string> h{std::string(w.site), std::string(w.department)};
    for (auto c : kReportCategories) {
        h.push_back(category_word(c, lang));
    }
    h.emplace_back(w.total);
    return h;
}

Table counts_rows(const DepartmentReport& report, Lang lang) {
    const Words& w = words(lang);
    Table rows;
    DepartmentCount total;
    for (const auto& r : report.rows) {
        std::string dept = r.department.empty() ? std::string(w.no_department)
                           : r.configured       ? r.department
                                                : r.department + " ※";
        std::vector<std::string> row{r.site.empty() ? "-" : r.site, std::move(dept)};
        for (std::size_t i = 0; i < r.counts.size(); ++i) {
            row.push_back(std::to_string(r.counts.at(i)));
            total.counts.at(i) += r.counts.at(i);
        }
        row.push_back(std::to_string(r.total));
        total.total += r.total;
        rows.push_back(std::move(row));
    }
    std::vector<std::string> row{std::string(w.total), ""};
    for (auto n : total.counts) {
        row.push_back(std::to_string(n));
    }
    row.push_back(std::to_string(total.total));
    rows.push_back(std::move(row));
    return rows;
}

std::vector<std::string> devices_header(Lang lang, bool conflicts) {
    const Words& w = words(lang);
    return {"ID",
            "MAC",
            std::string(w.ip),
            std::string(w.name),
            std::string(w.category),
            "VLAN",
            std::string(conflicts ? w.candidates : w.site)};
}

Table device_rows(const std::vector<const DeviceRecord*>& devices, Lang lang, bool conflicts) {
    Table rows;
    for (const DeviceRecord* d : devices) {
        std::vector<std::string> vlans;
        for (int v : vlans_of(*d)) {
            vlans.push_back(std::to_string(v));
        }
        std::string category = category_word(d->category, lang);
        if (!d->subtype.empty()) {
            category += " / " + d->subtype;
        }
        rows.push_back({std::to_string(d->id), d->mac, joined(ips_of(*d), " "), name_of(*d),
                        std::move(category), joined(vlans, " "),
                        conflicts ? candidates_text(*d) : d->site});
    }
    return rows;
}

// Columns from `first_numeric` on hold counts and are right-aligned.
void print_table(std::ostream& out, const std::vector<std::string>& header, const Table& body,
                 std::size_t first_numeric) {
    Table rows;
    rows.push_back(header);
    rows.insert(rows.end(), body.begin(), body.end());
    constexpr std::size_t kMaxCell = 60;
    std::vector<std::size_t> width(header.size(), 0);
    for (auto& row : rows) {
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
            // The last column (site, candidates) is the one a person acts on: never cut.
            row[i] = i + 1 == row.size() ? text::escape(row[i])
                                         : text::truncate_to_width(text::escape(row[i]), kMaxCell);
            width[i] = std::max(width[i], text::display_width(row[i]));
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
            const std::size_t pad = width[i] - text::display_width(row[i]);
            if (i >= first_numeric) {
                line.append(pad, ' ');
                line += row[i];
            } else {
                line += row[i];
                if (i + 1 < row.size()) {
                    line.append(pad, ' ');
                }
            }
            if (i + 1 < row.size()) {
                line += "  ";
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << '\n';
    }
}

nlohmann::ordered_json device_json(const DeviceRecord& d) {
    nlohmann::ordered_json j{
        {"id", d.id},           {"mac", d.mac},           {"ips", ips_of(d)},
        {"name", name_of(d)},   {"category", d.category}, {"subtype", d.subtype},
        {"vlans", vlans_of(d)}, {"site", d.site},         {"site_source", d.site_source}};
    if (!d.department_conflict.empty()) {
        auto candidates = nlohmann::ordered_json::array();
        for (const auto& c : d.department_conflict) {
            candidates.push_back({{"department", c.name}, {"source", c.source}});
        }
        j["candidates"] = std::move(candidates);
    }
    return j;
}

}  // namespace

DepartmentReport department_report(std::span<const DeviceRecord> devices,
                                   const DepartmentMap& map) {
    DepartmentReport report;
    // Configured departments first, grouped by site in config order, so a department with no
    // device still shows (a zero is an answer too).
    for (const auto& site : map.sites) {
        for (const auto& rule : map.departments) {
            if (rule.site == site.name) {
                report.rows.push_back({rule.site, rule.name, true, {}, 0});
            }
        }
    }
    for (const auto& rule : map.departments) {
        if (rule.site.empty()) {
            report.rows.push_back({"", rule.name, true, {}, 0});
        }
    }
    const std::size_t configured = report.rows.size();
    std::vector<DepartmentCount> others;
    for (const DeviceRecord& d : devices) {
        if (!d.department_conflict.empty()) {
            report.conflicts.push_back(&d);
        } else if (d.department.empty()) {
            report.unassigned.push_back(&d);
        }
        // A configured department is one row whatever site its devices resolved to.
        auto row = std::find_if(report.rows.begin(), report.rows.begin() + configured,
                                [&](const auto& r) { return r.department == d.department; });
        DepartmentCount* target = nullptr;
        if (!d.department.empty() && row != report.rows.begin() + configured) {
            target = &*row;
        } else {
            auto other = std::find_if(others.begin(), others.end(), [&](const auto& r) {
                return r.department == d.department && r.site == d.site;
            });
            if (other == others.end()) {
                others.push_back({d.site, d.department, false, {}, 0});
                other = others.end() - 1;
            }
            target = &*other;
        }
        ++target->counts.at(category_index(d.category));
        ++target->total;
    }
    // Departments only an annotation names, then the unassigned, each by site then name.
    std::stable_sort(others.begin(), others.end(), [](const auto& a, const auto& b) {
        return std::tuple(a.department.empty(), a.site, a.department) <
               std::tuple(b.department.empty(), b.site, b.department);
    });
    report.rows.insert(report.rows.end(), others.begin(), others.end());
    return report;
}

void write_department_report_table(std::ostream& out, const DepartmentReport& report, Lang lang) {
    const Words& w = words(lang);
    out << w.counts_title << '\n';
    print_table(out, counts_header(lang), counts_rows(report, lang), 2);
    if (std::any_of(report.rows.begin(), report.rows.end(),
                    [](const auto& r) { return !r.configured && !r.department.empty(); })) {
        out << w.not_configured << '\n';
    }
    out << '\n';
    if (report.unassigned.empty()) {
        out << w.unassigned_title << ": " << w.none << '\n';
    } else {
        out << w.unassigned_title << " (" << report.unassigned.size() << ")\n";
        print_table(out, devices_header(lang, false), device_rows(report.unassigned, lang, false),
                    devices_header(lang, false).size());
    }
    out << '\n';
    if (report.conflicts.empty()) {
        out << w.conflicts_title << ": " << w.none << '\n';
    } else {
        out << w.conflicts_title << " (" << report.conflicts.size() << ")\n";
        print_table(out, devices_header(lang, true), device_rows(report.conflicts, lang, true),
                    devices_header(lang, true).size());
    }
}

void write_department_report_csv(std::ostream& out, const DepartmentReport& report, Lang lang) {
    const Words& w = words(lang);
    Sheet sheet;
    sheet.headers = counts_header(lang);
    sheet.rows = counts_rows(report, lang);
    for (const bool conflicts : {false, true}) {
        const auto& devices = conflicts ? report.conflicts : report.unassigned;
        sheet.rows.emplace_back();
        sheet.rows.push_back({std::string(conflicts ? w.conflicts_title : w.unassigned_title) +
                              " (" + std::to_string(devices.size()) + ")"});
        sheet.rows.push_back(devices_header(lang, conflicts));
        for (auto& row : device_rows(devices, lang, conflicts)) {
            sheet.rows.push_back(std::move(row));
        }
    }
    write_sheet_csv(out, sheet);
}

void write_department_report_json(std::ostream& out, const DepartmentReport& report) {
    using Json = nlohmann::ordered_json;
    Json rows = Json::array();
    for (const auto& r : report.rows) {
        Json counts = Json::object();
        for (std::size_t i = 0; i < kReportCategories.size(); ++i) {
            counts[std::string(kReportCategories.at(i))] = r.counts.at(i);
        }
        rows.push_back(Json{{"site", r.site},
                            {"department", r.department},
                            {"configured", r.configured},
                            {"counts", std::move(counts)},
                            {"total", r.total}});
    }
    Json unassigned = Json::array();
    for (const DeviceRecord* d : report.unassigned) {
        unassigned.push_back(device_json(*d));
    }
    Json conflicts = Json::array();
    for (const DeviceRecord* d : report.conflicts) {
        conflicts.push_back(device_json(*d));
    }
    const Json doc{{"departments", std::move(rows)},
                   {"unassigned", std::move(unassigned)},
                   {"conflicts", std::move(conflicts)}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace daicho::survey
