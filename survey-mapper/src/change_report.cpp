// `daicho changes` renderers (daicho/survey/change_report.h).

#include "daicho/survey/change_report.h"

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aligned_table.h"
#include "daicho/ledger/time.h"

namespace daicho::survey {

using ledger::ChangeReport;
using ledger::DeviceChange;

namespace {

using Json = nlohmann::ordered_json;

bool ja(Lang lang) { return lang == Lang::ja; }

// "pc/workstation" (what category_change events hold) in words.
std::string class_text(const std::string& value, Lang lang) {
    const auto slash = value.find('/');
    const std::string category = value.substr(0, slash);
    std::string out = category_word(category, lang);
    if (slash != std::string::npos) {
        out += " / " + subtype_word(value.substr(slash + 1), lang);
    }
    return out;
}

std::string what_changed(const DeviceChange& c, Lang lang, const TimeZone& zone) {
    if (c.kind == "new") {
        return (ja(lang) ? "初検出 " : "first seen ") + zone.minutes(c.at_us);
    }
    if (c.kind == "gone" || c.kind == "unseen_active") {
        std::string out = (ja(lang) ? "最終検出 " : "last seen ") + zone.minutes(c.last_seen_us);
        if (c.kind == "gone" && c.marked_active) {
            out += ja(lang) ? "（台帳では稼働: 要確認）" : " (marked active: to check)";
        }
        return out;
    }
    if (c.kind == "reclassified") {
        return class_text(c.before, lang) + " → " + class_text(c.after, lang);
    }
    return (c.before.empty() ? std::string("-") : c.before) + " → " + c.after;
}

std::string evidence_text(const DeviceChange& c) {
    if (c.capture.empty()) {
        return "-";
    }
    std::string out = std::filesystem::path(c.capture).filename().string();
    return c.frame != 0 ? out + ":" + std::to_string(c.frame) : out;
}

std::string device_text(const DeviceChange& c) {
    std::string out = std::to_string(c.device);
    for (const std::string* part : {&c.name, &c.address, &c.mac}) {
        if (!part->empty()) {
            out += " " + *part;
        }
    }
    return out;
}

}  // namespace

void write_changes_json(std::ostream& out, const ChangeReport& report) {
    Json changes = Json::array();
    for (const DeviceChange& c : report.changes) {
        Json evidence = nullptr;
        if (!c.capture.empty()) {
            evidence = Json{{"capture", c.capture}, {"frame", c.frame}};
        }
        changes.push_back(Json{{"kind", c.kind},
                               {"device",
                                {{"id", c.device},
                                 {"mac", c.mac},
                                 {"name", c.name},
                                 {"address", c.address},
                                 {"category", c.category},
                                 {"department", c.department}}},
                               {"field", c.field},
                               {"before", c.before},
                               {"after", c.after},
                               {"at", ledger::format_time_utc(c.at_us)},
                               {"last_seen", ledger::format_time_utc(c.last_seen_us)},
                               {"marked_active", c.marked_active},
                               {"evidence", std::move(evidence)}});
    }
    const auto& p = report.period;
    const Json j{{"period",
                  {{"since", ledger::format_time_utc(p.since_us)},
                   {"compared_with", ledger::format_time_utc(p.previous_us)},
                   {"until", ledger::format_time_utc(p.until_us)}}},
                 {"gone_days", report.gone_days},
                 {"not_judged", report.not_judged},
                 {"changes", std::move(changes)}};
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_changes_table(std::ostream& out, const ChangeReport& report, Lang lang,
                         const TimeZone& zone) {
    const auto& p = report.period;
    out << (ja(lang) ? "変更レポート: " : "Changes: ") << zone.minutes(p.since_us) << " – "
        << zone.minutes(p.until_us) << " (" << zone.name() << ")\n";
    out << (ja(lang) ? "比較の基準: " : "Compared with: ") << zone.minutes(p.previous_us)
        << (ja(lang) ? " 時点の台帳" : " (the ledger then)") << '\n';
    out << (ja(lang) ? "撤去の判定: " : "Gone after: ") << report.gone_days
        << (ja(lang) ? " 日間未検出（同じサブネットが観測されている機器のみ）"
                     : " days unseen (only where the subnet was observed)")
        << '\n';
    std::string counts;
    for (const auto kind : ledger::kChangeKinds) {
        std::size_t n = 0;
        for (const DeviceChange& c : report.changes) {
            n += c.kind == kind ? 1 : 0;
        }
        if (n != 0) {
            counts += (counts.empty() ? ""
                       : ja(lang)     ? "、"
                                      : ", ") +
                      std::string(change_label(kind, lang)) + " " + std::to_string(n);
        }
    }
    out << (ja(lang) ? "件数: " : "Count: ")
        << (counts.empty() ? (ja(lang) ? "変更なし" : "no changes") : counts) << "\n\n";
    if (!report.changes.empty()) {
        constexpr std::array<std::size_t, 6> kMaxWidth{34, 60, 20, 24, 72, 40};
        std::vector<std::vector<std::string>> rows;
        rows.reserve(report.changes.size() + 1);
        if (ja(lang)) {
            rows.push_back(
                {"区分", "機器（ID 名前 IP MAC）", "機器種別", "設置部署", "変更内容", "証跡"});
        } else {
            rows.push_back({"CHANGE", "DEVICE (ID NAME IP MAC)", "CATEGORY", "DEPARTMENT", "WHAT",
                            "EVIDENCE"});
        }
        for (const DeviceChange& c : report.changes) {
            rows.push_back({std::string(change_label(c.kind, lang)), device_text(c),
                            category_word(c.category, lang),
                            c.department.empty() ? "-" : c.department, what_changed(c, lang, zone),
                            evidence_text(c)});
        }
        write_aligned(out, std::move(rows), kMaxWidth);
    }
    if (report.not_judged != 0) {
        out << '\n'
            << (ja(lang) ? "判定できない機器: " : "Not judged: ") << report.not_judged
            << (ja(lang) ? " 台（期間中にそのサブネットのキャプチャがありません）"
                         : " devices (no capture of their subnet in the window)")
            << '\n';
    }
}

Sheet changes_sheet(const ChangeReport& report, Lang lang, const TimeZone& zone) {
    Sheet s;
    const std::string zone_note = " (" + zone.name() + ")";
    if (ja(lang)) {
        s.name = "変更レポート";
        s.headers = {"区分",
                     "種別ID",
                     "機器ID",
                     "機器名",
                     "IPアドレス",
                     "MACアドレス",
                     "機器種別",
                     "設置部署",
                     "項目",
                     "変更前",
                     "変更後",
                     "日時" + zone_note,
                     "最終検出" + zone_note,
                     "台帳上の状態",
                     "証跡キャプチャ",
                     "証跡フレーム"};
    } else {
        s.name = "Changes";
        s.headers = {"Change",
                     "Kind",
                     "Device ID",
                     "Name",
                     "IP address",
                     "MAC",
                     "Category",
                     "Department",
                     "Field",
                     "Before",
                     "After",
                     "When" + zone_note,
                     "Last seen" + zone_note,
                     "Ledger status",
                     "Evidence capture",
                     "Evidence frame"};
    }
    // The workbook: a title with the period, the device's columns kept in view, real dates.
    const auto& p = report.period;
    s.title = {(ja(lang) ? "変更レポート" : "Changes"),
               (ja(lang) ? "期間: " : "Period: ") + zone.minutes(p.since_us) + " – " +
                   zone.minutes(p.until_us) + zone_note +
                   (ja(lang) ? "　比較の基準: " : "   compared with: ") +
                   zone.minutes(p.previous_us) +
                   (ja(lang) ? "　撤去の判定: " : "   gone after: ") +
                   std::to_string(report.gone_days) + (ja(lang) ? " 日間未検出" : " days unseen")};
    s.freeze_columns = 4;
    s.types.assign(s.headers.size(), CellType::text);
    s.types[2] = CellType::number;
    s.types[11] = CellType::datetime;
    s.types[12] = CellType::datetime;
    for (const DeviceChange& c : report.changes) {
        std::string before = c.before;
        std::string after = c.after;
        if (c.kind == "reclassified") {
            before = class_text(c.before, lang);
            after = class_text(c.after, lang);
        }
        s.rows.push_back({std::string(change_label(c.kind, lang)), c.kind, std::to_string(c.device),
                          c.name, c.address, c.mac, category_word(c.category, lang), c.department,
                          c.field, before, after, zone.minutes(c.at_us),
                          zone.minutes(c.last_seen_us),
                          c.marked_active ? status_word("active", lang) : std::string(), c.capture,
                          c.frame == 0 ? std::string() : std::to_string(c.frame)});
    }
    return s;
}

}  // namespace daicho::survey
