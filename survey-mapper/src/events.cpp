// `daicho events` renderers. before/after hold names and versions exactly as the wire sent
// them: the JSON dump escapes them (invalid UTF-8 becomes U+FFFD), the table escapes control
// bytes and bidi overrides (export/text.h), and the sheet goes to write_sheet_csv, which
// neutralises formulas. Times are UTC, as in every other export.

#include <algorithm>
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "aligned_table.h"
#include "daicho/ledger/text.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kOverridden = "overridden_by_annotation:";

std::string note_text(const std::string& note, Lang lang) {
    if (note.rfind(kOverridden, 0) == 0) {
        const std::string category = note.substr(kOverridden.size());
        return (lang == Lang::ja ? "人の分類（注記）が優先: " : "a person's category wins: ") +
               category;
    }
    return note;
}


std::string change_text(const EventRecord& e, Lang lang) {
    std::string out;
    if (e.kind == "annotation_change") {
        // "location: 3F → 4F (山田, cli)": the key, both values, who and through what.
        const std::string removed = lang == Lang::ja ? "（削除）" : "(removed)";
        const std::string none = lang == Lang::ja ? "（なし）" : "(none)";
        out = e.field + ": " + (e.before.empty() ? none : e.before) + " → " +
              (e.after.empty() ? removed : e.after);
        std::string who = e.actor;
        if (!e.note.empty()) {
            who += (who.empty() ? "" : ", ") + e.note;
        }
        return who.empty() ? out : out + " (" + who + ")";
    }
    if (e.kind == "connection_new") {
        // "リモート操作・保守: 198.51.100.7 tcp/3389 rdp (外部から)": class, point, opener.
        return connection_class_word(e.field, lang) + ": " + e.after + " (" +
               opener_word(e.note, lang) + ")";
    }
    if (e.kind == "absent") {
        out = (lang == Lang::ja ? "最終検出 " : "last seen ") + e.before;
    } else if (!e.before.empty() && !e.after.empty()) {
        out = e.before + " → " + e.after;
    } else {
        out = e.before.empty() ? e.after : e.before;
    }
    if (!e.note.empty()) {
        out += " (" + note_text(e.note, lang) + ")";
    }
    return out;
}

std::string evidence_text(const EventRecord& e) {
    if (e.capture.empty()) {
        return "-";
    }
    std::string out = std::filesystem::path(e.capture).filename().string();
    if (e.frame != 0) {
        out += ":" + std::to_string(e.frame);
    }
    return out;
}

}  // namespace

void write_events_json(std::ostream& out, std::span<const EventRecord> events) {
    out << "[";
    bool first = true;
    for (const EventRecord& e : events) {
        Json evidence = nullptr;
        if (!e.capture.empty()) {
            evidence = Json{{"capture", e.capture}, {"frame", e.frame}};
        }
        const Json j{
            {"id", e.id},
            {"at", format_time_utc(e.at_us)},
            {"at_us", e.at_us},
            {"device", e.device_id == 0
                           ? Json(nullptr)  // about a link (station_flood)
                           : Json{{"id", e.device_id}, {"mac", e.mac}, {"name", e.device_name}}},
            {"kind", e.kind},
            {"field", e.field},
            {"before", e.before},
            {"after", e.after},
            {"note", e.note},
            {"actor", e.actor},
            {"evidence", std::move(evidence)},
            {"recorded_at", format_time_utc(e.recorded_at_us)}};
        out << (first ? "\n  " : ",\n  ")
            << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        first = false;
    }
    out << (first ? "]\n" : "\n]\n");
}

void write_events_table(std::ostream& out, std::span<const EventRecord> events, Lang lang,
                        const TimeZone& zone) {
    constexpr std::array<std::size_t, 5> kMaxWidth{20, 48, 24, 72, 40};
    std::vector<std::vector<std::string>> rows;
    rows.reserve(events.size() + 1);
    if (lang == Lang::ja) {
        rows.push_back({"日時 (" + zone.name() + ")", "機器", "変更内容", "変更前 → 変更後", "証跡"});
    } else {
        rows.push_back({"TIME (" + zone.name() + ")", "DEVICE", "EVENT", "BEFORE → AFTER", "EVIDENCE"});
    }
    for (const EventRecord& e : events) {
        std::string device = std::to_string(e.device_id) + " " + e.mac;
        if (e.device_id == 0) {
            device = lang == Lang::ja ? "(リンク全体)" : "(whole link)";
        }
        if (!e.device_name.empty()) {
            device += " " + e.device_name;
        }
        rows.push_back({zone.seconds(e.at_us), device, std::string(event_label(e.kind, lang)),
                        change_text(e, lang), evidence_text(e)});
    }
    write_aligned(out, std::move(rows), kMaxWidth);
}

Sheet events_sheet(std::span<const EventRecord> events, Lang lang, const TimeZone& zone) {
    Sheet s;
    const std::string time_header = (lang == Lang::ja ? "日時 (" : "Time (") + zone.name() + ")";
    if (lang == Lang::ja) {
        s.name = "変更履歴";
        s.headers = {time_header,      "機器ID",       "MACアドレス", "機器名", "変更内容",
                     "種別ID",         "項目",         "変更前",      "変更後", "備考",
                     "証跡キャプチャ", "証跡フレーム", "記録者"};
    } else {
        s.name = "Events";
        s.headers = {time_header,
                     "Device ID",
                     "MAC",
                     "Name",
                     "Event",
                     "Kind",
                     "Field",
                     "Before",
                     "After",
                     "Note",
                     "Evidence capture",
                     "Evidence frame",
                     "By"};
    }
    s.types = {CellType::datetime};
    for (const EventRecord& e : events) {
        s.rows.push_back({zone.seconds(e.at_us),
                          e.device_id == 0 ? std::string() : std::to_string(e.device_id), e.mac,
                          e.device_name, std::string(event_label(e.kind, lang)), e.kind, e.field,
                          e.before, e.after, note_text(e.note, lang), e.capture,
                          e.frame == 0 ? std::string() : std::to_string(e.frame), e.actor});
    }
    return s;
}

void write_annotation_history(std::ostream& out, std::span<const EventRecord> events, Lang lang,
                              const TimeZone& zone) {
    std::vector<const EventRecord*> shown;
    for (const EventRecord& e : events) {
        if (e.kind == "annotation_change") {
            shown.push_back(&e);
        }
    }
    if (shown.empty()) {
        return;
    }
    out << '\n' << (lang == Lang::ja ? "注記の履歴 (" : "Annotation history (") << zone.name() << "):\n";
    const std::size_t earlier =
        shown.size() > kAnnotationHistoryLines ? shown.size() - kAnnotationHistoryLines : 0;
    if (earlier != 0) {
        out << "  " << (lang == Lang::ja ? "（これより前に " : "(") << earlier
            << (lang == Lang::ja ? " 件: daicho events --device で全件）"
                                 : " earlier: daicho events --device lists all)")
            << '\n';
    }
    for (std::size_t i = earlier; i < shown.size(); ++i) {
        out << "  " << zone.seconds(shown[i]->at_us) << "  "
            << text::escape(change_text(*shown[i], lang)) << '\n';
    }
}

}  // namespace daicho::survey
