// The import report writers (daicho/import/plan_report.h).

#include "daicho/import/plan_report.h"

#include <nlohmann/json.hpp>
#include <string>

#include "daicho/ledger/text.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace daicho::import {

namespace {

struct Words {
    bool ja = true;
    [[nodiscard]] const char* operator()(const char* j, const char* e) const { return ja ? j : e; }
};

const char* use_name(ColumnUse use, const Words& w) {
    switch (use) {
        case ColumnUse::annotation:
            return w("注釈", "annotation");
        case ColumnUse::match:
            return w("照合", "matching");
        case ColumnUse::wire:
            return w("通信から取得（取り込まない）", "from the wire (not imported)");
        case ColumnUse::ignored:
            return w("無視", "ignored");
        case ColumnUse::unknown:
            break;
    }
    return w("不明な列（取り込まない）", "unknown column (not imported)");
}

const char* use_key(ColumnUse use) {
    switch (use) {
        case ColumnUse::annotation:
            return "annotation";
        case ColumnUse::match:
            return "match";
        case ColumnUse::wire:
            return "wire";
        case ColumnUse::ignored:
            return "ignored";
        case ColumnUse::unknown:
            break;
    }
    return "unknown";
}

std::string kind_name(survey::LedgerKind kind) {
    return kind == survey::LedgerKind::medical ? "medical" : "it";
}

std::string identity_text(const RowIdentity& id, const Words& w) {
    std::string out;
    const auto add = [&](const char* label, const std::string& v) {
        if (!v.empty()) {
            out += std::string("  ") + label + " " + ledger::text::escape(v);
        }
    };
    add("MAC", id.mac);
    add("IP", id.ip);
    add(w("ホスト名", "host"), id.hostname);
    add(w("機器名", "name"), id.name);
    add(w("管理番号", "asset tag"), id.asset_tag);
    return out.empty() ? std::string("  ") + w("（MAC・IP・ホスト名なし）", "(no MAC, IP or host)")
                       : out;
}

void table(std::ostream& out, const ImportPlan& p, const std::string& file, bool dry_run,
           const Words& w) {
    out << "daicho import ledger: " << ledger::text::escape(file) << " ("
        << ledger::text::escape(p.encoding);
    if (!p.sheet.empty()) {
        out << w(", シート '", ", sheet '") << ledger::text::escape(p.sheet) << "'";
    }
    out << w(", 見出し行 ", ", header row ") << p.header_row << w(", 台帳: ", ", ledger: ")
        << kind_name(p.kind)
        << (p.kind_inferred ? w("（見出しから推定）", " (from the headers)") : "") << ")\n";
    if (p.encoding.starts_with("Shift_JIS")) {
        out << w("文字コード: UTF-8 ではないため Shift_JIS (CP932) として読み込みました\n",
                 "encoding: not UTF-8, read as Shift_JIS (CP932)\n");
    }
    out << w("列:\n", "columns:\n");
    for (const auto& c : p.columns) {
        if (c.use == ColumnUse::ignored && c.header.empty()) {
            continue;
        }
        out << "  " << c.letter << "  " << ledger::text::escape(c.header);
        if (!c.key.empty()) {
            out << " -> " << c.key;
        }
        out << "  [" << use_name(c.use, w) << "]\n";
    }
    out << w("行数: ", "rows: ") << p.rows << w("  一致: MAC ", "  matched: MAC ") << p.by_mac
        << " / IP " << p.by_ip << w(" / ホスト名 ", " / host name ") << p.by_hostname << '\n';
    out << w("注釈: 新規 ", "annotations: set ") << p.annotations_set << w(", 変更 ", ", changed ")
        << p.annotations_changed << w(", 変更なし ", ", unchanged ") << p.annotations_unchanged
        << '\n';
    if (p.cells_flattened != 0) {
        out << w("セル内の改行・タブを空白にしたセル: ",
                 "cells whose line breaks/tabs became spaces: ")
            << p.cells_flattened << '\n';
    }
    if (!p.problems.empty()) {
        out << w("\n問題（何も書き込んでいません）: ", "\nproblems (nothing was written): ")
            << p.problems.size() << '\n';
        for (const auto& pr : p.problems) {
            out << "  ";
            if (pr.row != 0) {
                out << w("行 ", "row ") << pr.row;
            } else {
                out << w("見出し", "header");
            }
            if (!pr.column.empty()) {
                out << ", " << ledger::text::escape(pr.column);
            }
            out << ": " << ledger::text::escape(pr.what) << '\n';
        }
    }
    if (!p.changes.empty()) {
        out << '\n'
            << (dry_run ? w("変更予定（--dry-run: 書き込んでいません）: ",
                            "would change (--dry-run: nothing written): ")
                : !p.problems.empty() ? w("変更予定（問題があるため書き込んでいません）: ",
                                          "would change (not written: the file has problems): ")
                                      : w("変更: ", "changed: "))
            << p.changes.size() << '\n';
        for (const auto& c : p.changes) {
            out << "  " << w("行 ", "row ") << c.row << "  device " << c.device_id << " (" << c.mac
                << ")  " << c.key << ": '" << ledger::text::escape(c.before) << "' -> '"
                << ledger::text::escape(c.after) << "'\n";
        }
    }
    out << '\n'
        << w("台帳にあるが通信で未検出: ", "in the ledger, not on the wire: ")
        << p.unmatched_rows.size() << '\n';
    for (const auto& r : p.unmatched_rows) {
        out << "  " << w("行 ", "row ") << r.row << identity_text(r, w) << '\n';
    }
    out << w("通信で検出されたが台帳にない: ", "on the wire, not in the ledger: ")
        << p.unlisted.size() << '\n';
    for (const auto& d : p.unlisted) {
        out << "  device " << d.id << "  " << d.mac << "  " << ledger::text::escape(d.ip) << "  "
            << ledger::text::escape(d.hostname) << "  [" << d.category << "]\n";
    }
    out << w("判定できない行（書き込んでいません）: ", "ambiguous rows (not applied): ")
        << p.ambiguous.size() << '\n';
    for (const auto& a : p.ambiguous) {
        out << "  " << w("行 ", "row ") << a.identity.row << identity_text(a.identity, w) << "  ";
        if (a.same_device_as_row != 0) {
            out << w("行 ", "names the same device as row ") << a.same_device_as_row
                << w(" と同じ機器を指しています", "");
        } else {
            out << a.device_ids.size() << w(" 台の機器に一致", " devices match");
        }
        out << " (ids";
        for (const auto id : a.device_ids) {
            out << ' ' << id;
        }
        out << ")\n";
    }
}

nlohmann::ordered_json identity_json(const RowIdentity& r) {
    return {{"row", r.row},           {"mac", r.mac},   {"ip", r.ip},
            {"hostname", r.hostname}, {"name", r.name}, {"asset_tag", r.asset_tag}};
}

void json(std::ostream& out, const ImportPlan& p, const std::string& file, bool dry_run,
          bool written) {
    nlohmann::ordered_json j;
    j["file"] = file;
    j["encoding"] = p.encoding;
    j["sheet"] = p.sheet;
    j["header_row"] = p.header_row;
    j["kind"] = kind_name(p.kind);
    j["kind_inferred"] = p.kind_inferred;
    j["dry_run"] = dry_run;
    j["written"] = written;
    auto& cols = j["columns"] = nlohmann::ordered_json::array();
    for (const auto& c : p.columns) {
        cols.push_back(
            {{"column", c.letter}, {"header", c.header}, {"key", c.key}, {"use", use_key(c.use)}});
    }
    j["counts"] = {{"rows", p.rows},
                   {"matched_by_mac", p.by_mac},
                   {"matched_by_ip", p.by_ip},
                   {"matched_by_hostname", p.by_hostname},
                   {"annotations_set", p.annotations_set},
                   {"annotations_changed", p.annotations_changed},
                   {"annotations_unchanged", p.annotations_unchanged},
                   {"cells_flattened", p.cells_flattened}};
    auto& changes = j["changes"] = nlohmann::ordered_json::array();
    for (const auto& c : p.changes) {
        changes.push_back({{"row", c.row},
                           {"device_id", c.device_id},
                           {"mac", c.mac},
                           {"key", c.key},
                           {"before", c.before},
                           {"after", c.after}});
    }
    auto& unmatched = j["unmatched_rows"] = nlohmann::ordered_json::array();
    for (const auto& r : p.unmatched_rows) {
        unmatched.push_back(identity_json(r));
    }
    auto& unlisted = j["unlisted_devices"] = nlohmann::ordered_json::array();
    for (const auto& d : p.unlisted) {
        unlisted.push_back({{"device_id", d.id},
                            {"mac", d.mac},
                            {"ip", d.ip},
                            {"hostname", d.hostname},
                            {"category", d.category}});
    }
    auto& ambiguous = j["ambiguous_rows"] = nlohmann::ordered_json::array();
    for (const auto& a : p.ambiguous) {
        auto row = identity_json(a.identity);
        row["device_ids"] = a.device_ids;
        row["same_device_as_row"] = a.same_device_as_row;
        ambiguous.push_back(std::move(row));
    }
    auto& problems = j["problems"] = nlohmann::ordered_json::array();
    for (const auto& pr : p.problems) {
        problems.push_back({{"row", pr.row}, {"column", pr.column}, {"problem", pr.what}});
    }
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void csv(std::ostream& out, const ImportPlan& p, const Words& w) {
    survey::Sheet sheet;
    sheet.headers = {w("区分", "section"),
                     w("行", "row"),
                     "device_id",
                     "MAC",
                     "IP",
                     w("ホスト名", "hostname"),
                     w("機器名", "name"),
                     w("管理番号", "asset_tag"),
                     w("項目", "key"),
                     w("変更前", "before"),
                     w("変更後", "after"),
                     w("詳細", "detail")};
    const auto num = [](std::size_t n) { return n == 0 ? std::string() : std::to_string(n); };
    const auto count = [&](const char* what, std::size_t n) {
        sheet.rows.push_back(
            {"count", "", "", "", "", "", "", "", what, "", std::to_string(n), ""});
    };
    count("rows", p.rows);
    count("matched_by_mac", p.by_mac);
    count("matched_by_ip", p.by_ip);
    count("matched_by_hostname", p.by_hostname);
    count("annotations_set", p.annotations_set);
    count("annotations_changed", p.annotations_changed);
    count("annotations_unchanged", p.annotations_unchanged);
    for (const auto& c : p.columns) {
        if (c.use == ColumnUse::unknown) {
            sheet.rows.push_back(
                {"unknown_column", "", "", "", "", "", "", "", c.letter, "", c.header, ""});
        }
    }
    for (const auto& c : p.changes) {
        sheet.rows.push_back({"change", num(c.row), std::to_string(c.device_id), c.mac, "", "", "",
                              "", c.key, c.before, c.after, ""});
    }
    for (const auto& r : p.unmatched_rows) {
        sheet.rows.push_back({"unmatched_row", num(r.row), "", r.mac, r.ip, r.hostname, r.name,
                              r.asset_tag, "", "", "",
                              w("台帳にあるが通信で未検出", "in the ledger, not on the wire")});
    }
    for (const auto& d : p.unlisted) {
        sheet.rows.push_back({"unlisted_device", "", std::to_string(d.id), d.mac, d.ip, d.hostname,
                              "", "", "", "", "",
                              w("通信で検出されたが台帳にない", "on the wire, not in the ledger")});
    }
    for (const auto& a : p.ambiguous) {
        std::string ids;
        for (const auto id : a.device_ids) {
            ids += (ids.empty() ? "" : " ") + std::to_string(id);
        }
        const std::string detail =
            a.same_device_as_row != 0
                ? std::string(w("同じ機器を指す行: ", "same device as row ")) +
                      std::to_string(a.same_device_as_row)
                : std::string(w("複数の機器に一致", "matches several devices"));
        const auto& r = a.identity;
        sheet.rows.push_back({"ambiguous_row", num(r.row), ids, r.mac, r.ip, r.hostname, r.name,
                              r.asset_tag, "", "", "", detail});
    }
    for (const auto& pr : p.problems) {
        sheet.rows.push_back(
            {"problem", num(pr.row), "", "", "", "", "", "", pr.column, "", "", pr.what});
    }
    survey::write_sheet_csv(out, sheet);
}

}  // namespace

void write_plan_table(std::ostream& out, const ImportPlan& plan, const PlanReport& report,
                      survey::Lang lang) {
    table(out, plan, report.file, report.dry_run, Words{lang != survey::Lang::en});
}

void write_plan_json(std::ostream& out, const ImportPlan& plan, const PlanReport& report) {
    json(out, plan, report.file, report.dry_run, report.written);
}

void write_plan_csv(std::ostream& out, const ImportPlan& plan, survey::Lang lang) {
    csv(out, plan, Words{lang != survey::Lang::en});
}

}  // namespace daicho::import
