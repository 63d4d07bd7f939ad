// Planning and applying `daicho import ledger` (ledger/ledger_import.h). Nothing is guessed: a
// row that names two devices, or a device that two rows name, is reported and left alone; any
// cell that cannot become an annotation is reported with its row and column and stops the whole
// import. A cell that shows exactly what the export shows for the device today (the wire's
// value, a rendered category or status, the CSV export's formula apostrophe) changes nothing,
// so export -> edit in Excel -> import writes only what a person edited.

#include "daicho/import/ledger_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "columns.h"
#include "daicho/ledger/annotations.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "matching.h"

namespace daicho::import {

using namespace ledger;  // the core's device model, annotations and errors

namespace {

using detail::ascii_lower;
using detail::Index;
using detail::match_row;
using detail::normalise_header;
using detail::RowMatch;
using detail::tokens;

std::string column_letters(std::size_t index) {
    std::string out;
    for (std::size_t col = index + 1; col > 0; col = (col - 1) / 26) {
        out.insert(out.begin(), static_cast<char>('A' + (col - 1) % 26));
    }
    return out;
}

// Nothing but spaces (ASCII or the ideographic U+3000) and line breaks.
bool blank(std::string_view s) {
    while (!s.empty()) {
        if (s.starts_with("\xE3\x80\x80")) {
            s.remove_prefix(3);
        } else if (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                   s.front() == '\n') {
            s.remove_prefix(1);
        } else {
            return false;
        }
    }
    return true;
}

std::string_view cell_at(const std::vector<std::string>& row, std::size_t i) {
    return i < row.size() ? std::string_view(row[i]) : std::string_view();
}

// The keys a CSV cell written by daicho's export takes, undone: "'=x" -> "=x".
std::string undo_formula_guard(std::string_view cell) {
    if (cell.starts_with('\'') && text::needs_formula_guard(cell.substr(1))) {
        return std::string(cell.substr(1));
    }
    return std::string(cell);
}

// Excel's Alt+Enter line breaks and pasted tabs: one line of text, as annotations are.
std::string flatten(std::string_view s, bool& changed) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\r' || c == '\n' || c == '\t') {
            if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
                ++i;
            }
            out += ' ';
            changed = true;
            continue;
        }
        out += c;
    }
    return out;
}

struct Planner {
    const Table& table;
    std::span<const DeviceRecord> devices;
    const ImportOptions& options;
    ImportPlan plan;
    std::vector<std::size_t> annotation_columns;

    const Classifier& classifier() const {
        return options.classifier != nullptr ? *options.classifier
                                             : Knowledge::builtin()->classifier();
    }

    std::string column_label(std::size_t c) const {
        const auto& col = plan.columns[c];
        return col.header.empty() ? col.letter : col.header + " (" + col.letter + ")";
    }

    void problem(std::size_t row, std::size_t column, std::string what) {
        plan.problems.push_back({row, column_label(column), std::move(what)});
    }

    std::size_t find_header_row() const {
        if (options.header_row != 0) {
            if (options.header_row > table.rows.size()) {
                throw std::invalid_argument("--header-row " + std::to_string(options.header_row) +
                                            ": the file has " + std::to_string(table.rows.size()) +
                                            " rows");
            }
            return options.header_row;
        }
        constexpr std::size_t kSearchRows = 10;
        for (std::size_t r = 0; r < table.rows.size() && r < kSearchRows; ++r) {
            for (const auto& cell : table.rows[r]) {
                const auto known = detail::recognise_header(cell);
                if (known &&
                    (detail::use_of_key(known->key) == ColumnUse::match || known->key == "name")) {
                    return r + 1;
                }
            }
        }
        return 1;
    }

    void map_columns() {
        plan.header_row = find_header_row();
        const auto& header =
            table.rows.empty() ? std::vector<std::string>() : table.rows[plan.header_row - 1];
        std::size_t width = header.size();
        for (std::size_t r = plan.header_row; r < table.rows.size(); ++r) {
            width = std::max(width, table.rows[r].size());
        }
        int medical = 0;
        int it = 0;
        for (std::size_t c = 0; c < width; ++c) {
            ImportColumn col;
            col.index = c;
            col.letter = column_letters(c);
            col.header = std::string(cell_at(header, c));
            if (const auto known = detail::recognise_header(col.header)) {
                col.key = known->key;
                col.use = detail::use_of_key(col.key);
                if (known->kind) {
                    (*known->kind == LedgerKind::medical ? medical : it) += 1;
                }
            }
            plan.columns.push_back(std::move(col));
        }
        for (const auto& [name, key] : options.map) {
            if (detail::use_of_key(key) == ColumnUse::unknown) {
                throw std::invalid_argument("--map " + name + "=" + key + ": unknown key '" + key +
                                            "'");
            }
            bool found = false;
            for (auto& col : plan.columns) {
                if (!col.header.empty() && normalise_header(col.header) == normalise_header(name)) {
                    col.key = key;
                    col.use = detail::use_of_key(key);
                    found = true;
                }
            }
            if (!found) {
                throw std::invalid_argument("--map " + name + "=" + key + ": no column '" + name +
                                            "' in header row " + std::to_string(plan.header_row));
            }
        }
        for (auto& col : plan.columns) {
            if (col.use == ColumnUse::unknown && blank(col.header)) {
                // A column without a header is only worth reporting when it holds something.
                bool used = false;
                for (std::size_t r = plan.header_row; r < table.rows.size() && !used; ++r) {
                    used = !blank(cell_at(table.rows[r], col.index));
                }
                col.use = used ? ColumnUse::unknown : ColumnUse::ignored;
            }
        }
        std::map<std::string, std::size_t> seen;
        for (std::size_t c = 0; c < plan.columns.size(); ++c) {
            if (plan.columns[c].use != ColumnUse::annotation) {
                continue;
            }
            const auto [it_seen, fresh] = seen.emplace(plan.columns[c].key, c);
            if (!fresh) {
                problem(0, c,
                        "names " + plan.columns[c].key + " like column " +
                            column_label(it_seen->second) +
                            "; choose one with --map \"<header>=\" for the other");
                continue;
            }
            annotation_columns.push_back(c);
        }
        plan.kind = options.kind.value_or(medical > it ? LedgerKind::medical : LedgerKind::it);
        plan.kind_inferred = !options.kind.has_value();
    }

    RowMatch identify(std::size_t r) const {
        RowMatch m;
        m.identity.row = r + 1;
        const auto& row = table.rows[r];
        bool has_hostname_column = false;
        for (const auto& col : plan.columns) {
            has_hostname_column |= col.key == "hostname" && col.use == ColumnUse::match;
        }
        const auto join = [](std::string& to, std::string_view v) {
            if (!blank(v)) {
                to += (to.empty() ? "" : " ") + std::string(v);
            }
        };
        for (const auto& col : plan.columns) {
            const std::string_view cell = cell_at(row, col.index);
            if (col.use == ColumnUse::match && col.key == "mac") {
                join(m.identity.mac, cell);
                bool any = false;
                for (const auto& t : tokens(cell)) {
                    if (auto mac = normalise_mac(t); !mac.empty()) {
                        m.macs.push_back(std::move(mac));
                        any = true;
                    }
                }
                if (!any) {
                    if (auto mac = normalise_mac(cell); !mac.empty()) {  // "aa bb cc dd ee ff"
                        m.macs.push_back(std::move(mac));
                    }
                }
            } else if (col.use == ColumnUse::match && col.key == "ip") {
                join(m.identity.ip, cell);
                for (const auto& t : tokens(cell)) {
                    if (auto ip = detail::normalise_ip(t); !ip.empty()) {
                        m.ips.push_back(std::move(ip));
                    }
                }
            } else if ((col.use == ColumnUse::match && col.key == "hostname") ||
                       (col.use == ColumnUse::annotation && col.key == "name")) {
                join(col.key == "name" ? m.identity.name : m.identity.hostname, cell);
                if (col.key == "name" && has_hostname_column) {
                    continue;
                }
                for (const auto& t : tokens(cell)) {
                    std::string h = ascii_lower(t);
                    while (!h.empty() && h.back() == '.') {
                        h.pop_back();
                    }
                    if (detail::hostname_like(h)) {
                        m.hosts.push_back(std::move(h));
                    }
                }
            } else if (col.use == ColumnUse::annotation && col.key == "asset_tag") {
                join(m.identity.asset_tag, cell);
            }
        }
        return m;
    }

    // What the device shows today in the column for `key`, as the exports render it.
    std::vector<std::string> shown(const DeviceRecord& d, const std::string& key) const {
        std::vector<std::string> out;
        if (const Annotation* a = d.annotation(key)) {
            out.push_back(a->value);
        }
        if (key != "subtype" && key != "maint_until") {
            out.push_back(survey_ledger_cell(d, key, Lang::ja));
            out.push_back(survey_ledger_cell(d, key, Lang::en));
        }
        return out;
    }

    // Validates the annotation cells of row `r`; with a device, also plans its changes.
    void annotations_of(std::size_t r, const DeviceRecord* d) {
        const auto& row = table.rows[r];
        const std::size_t row_no = r + 1;
        std::vector<std::pair<std::string, std::string>> wanted;  // key -> value ("" removes)
        for (const std::size_t c : annotation_columns) {
            const std::string& key = plan.columns[c].key;
            const std::string_view raw = cell_at(row, plan.columns[c].index);
            if (d != nullptr) {
                const auto now = shown(*d, key);
                const std::string esc = text::escape(raw);
                if (std::any_of(now.begin(), now.end(), [&](const std::string& v) {
                        return !v.empty() && (v == raw || text::escape(v) == esc ||
                                              (options.csv_apostrophes &&
                                               "'" + text::escape(v) == std::string(raw)));
                    })) {
                    ++plan.annotations_unchanged;
                    continue;
                }
            }
            std::string value =
                options.csv_apostrophes ? undo_formula_guard(raw) : std::string(raw);
            bool flattened = false;
            value = flatten(value, flattened);
            if (blank(value)) {
                if (options.clear_empty && d != nullptr && d->annotation(key) != nullptr) {
                    wanted.emplace_back(key, "");
                }
                continue;
            }
            plan.cells_flattened += flattened ? 1 : 0;
            if (const auto why = annotation_value_problem(value); !why.empty()) {
                problem(row_no, c, "'" + text::escape(value.substr(0, 64)) + "' " + why);
                continue;
            }
            if (key == "status") {
                const auto status = canonical_status(value);
                if (status.empty()) {
                    problem(row_no, c,
                            "'" + value +
                                "' is not a status (稼働, 予備, 廃棄 or active, spare, "
                                "retired)");
                    continue;
                }
                value = std::string(status);
            }
            if (key == "category") {
                category_cell(row_no, c, value, wanted);
                continue;
            }
            wanted.emplace_back(key, std::move(value));
        }
        check_category(row_no, d, wanted);
        if (d == nullptr) {
            return;
        }
        for (auto& [key, value] : wanted) {
            const Annotation* a = d->annotation(key);
            const std::string before = a != nullptr ? a->value : std::string();
            if (before == value) {
                ++plan.annotations_unchanged;
                continue;
            }
            (before.empty() ? plan.annotations_set : plan.annotations_changed) += 1;
            plan.changes.push_back({row_no, d->id, d->mac, key, before, std::move(value)});
        }
    }

    // "医療機器 / infusion-pump", "Server", "pc": the export's category cell, read back.
    void category_cell(std::size_t row_no, std::size_t c, const std::string& value,
                       std::vector<std::pair<std::string, std::string>>& wanted) {
        std::string word = value;
        std::string subtype;
        if (const auto slash = value.find('/'); slash != std::string::npos) {
            word = value.substr(0, slash);
            subtype = value.substr(slash + 1);
        }
        const auto trim = [](std::string& s) {
            s.erase(0, s.find_first_not_of(' '));
            s.erase(s.find_last_not_of(' ') + 1);
        };
        trim(word);
        trim(subtype);
        subtype = survey::subtype_from_word(subtype);  // the export writes it in words
        const std::string_view category = survey::category_from_word(word);
        if (category.empty()) {
            problem(row_no, c,
                    "'" + word +
                        "' is not a category (サーバ, 端末PC, ネットワーク機器, プリンタ, "
                        "電話, IoT機器, 医療機器, or server, pc, network, printer, phone, "
                        "iot, medical)");
            return;
        }
        wanted.emplace_back("category", std::string(category));
        wanted.emplace_back("subtype", subtype);
    }

    // The category and subtype in force after the row's changes must be declared by the rules.
    void check_category(std::size_t row_no, const DeviceRecord* d,
                        const std::vector<std::pair<std::string, std::string>>& wanted) {
        const auto given = [&](const char* key) -> std::optional<std::string> {
            for (const auto& [k, v] : wanted) {
                if (k == key) {
                    return v;
                }
            }
            return std::nullopt;
        };
        const auto current = [&](const char* key) {
            const Annotation* a = d != nullptr ? d->annotation(key) : nullptr;
            return a != nullptr ? a->value : std::string();
        };
        const auto cat = given("category");
        const auto sub = given("subtype");
        if (!cat && !sub) {
            return;
        }
        const std::string category = cat.value_or(current("category"));
        const std::string subtype = sub.value_or(current("subtype"));
        std::size_t column = 0;
        for (const std::size_t c : annotation_columns) {
            if (plan.columns[c].key == (cat ? "category" : "subtype")) {
                column = c;
            }
        }
        if (!subtype.empty() && category.empty()) {
            problem(row_no, column, "a subtype ('" + subtype + "') needs a category");
        } else if (!category.empty() && !classifier().declares(category, subtype)) {
            problem(row_no, column,
                    "'" + category + (subtype.empty() ? "" : " / " + subtype) +
                        "' is not a category/subtype the classification rules declare");
        }
    }

    void run() {
        map_columns();
        plan.encoding = table.encoding;
        plan.sheet = table.sheet;
        const Index index(devices);
        std::vector<RowMatch> matches;
        std::vector<std::size_t> row_of;  // table row index per match
        for (std::size_t r = plan.header_row; r < table.rows.size(); ++r) {
            const auto& row = table.rows[r];
            if (std::all_of(row.begin(), row.end(),
                            [](const std::string& c) { return blank(c); })) {
                continue;
            }
            ++plan.rows;
            RowMatch m = identify(r);
            match_row(m, index);
            matches.push_back(std::move(m));
            row_of.push_back(r);
        }
        // A device named by two rows: neither row is applied.
        std::map<std::size_t, std::vector<std::size_t>> rows_of_device;
        for (const auto& m : matches) {
            if (m.candidates.size() == 1) {
                rows_of_device[*m.candidates.begin()].push_back(m.identity.row);
            }
        }
        for (auto& m : matches) {
            if (m.candidates.size() != 1) {
                continue;
            }
            for (const std::size_t other : rows_of_device[*m.candidates.begin()]) {
                if (other != m.identity.row) {
                    m.duplicate_of_row = other;
                    break;
                }
            }
        }
        std::set<std::size_t> listed;
        for (std::size_t i = 0; i < matches.size(); ++i) {
            auto& m = matches[i];
            const DeviceRecord* device = nullptr;
            if (m.candidates.empty()) {
                plan.unmatched_rows.push_back(m.identity);
            } else if (m.candidates.size() > 1 || m.duplicate_of_row != 0) {
                AmbiguousRow a{m.identity, {}, m.duplicate_of_row};
                for (const auto c : m.candidates) {
                    a.device_ids.push_back(devices[c].id);
                    listed.insert(c);
                }
                plan.ambiguous.push_back(std::move(a));
            } else {
                const std::size_t c = *m.candidates.begin();
                listed.insert(c);
                device = &devices[c];
                switch (*m.by) {
                    case MatchedBy::mac:
                        ++plan.by_mac;
                        break;
                    case MatchedBy::ip:
                        ++plan.by_ip;
                        break;
                    case MatchedBy::hostname:
                        ++plan.by_hostname;
                        break;
                }
            }
            annotations_of(row_of[i], device);
        }
        for (std::size_t i = 0; i < devices.size(); ++i) {
            const auto& d = devices[i];
            if (listed.count(i) != 0 ||
                (d.category == "medical") != (plan.kind == LedgerKind::medical)) {
                continue;
            }
            UnlistedDevice u{d.id, d.mac, {}, {}, d.category};
            for (const auto& a : d.addresses) {
                u.ip += (u.ip.empty() ? "" : " ") + a.address;
            }
            for (const auto& h : d.hostnames) {
                u.hostname += (u.hostname.empty() ? "" : " ") + h;
            }
            plan.unlisted.push_back(std::move(u));
        }
    }
};

}  // namespace

ImportPlan plan_import(const Table& table, std::span<const DeviceRecord> devices,
                       const ImportOptions& options) {
    Planner p{table, devices, options, {}, {}};
    p.run();
    return std::move(p.plan);
}

void apply_import(Ledger& ledger, const ImportPlan& plan, std::string_view source,
                  std::string_view actor) {
    if (!plan.problems.empty()) {
        throw Error(ledger.path().string() + ": import refused: " +
                    std::to_string(plan.problems.size()) + " problems in the file");
    }
    std::vector<DeviceAnnotations> writes;
    for (const auto& c : plan.changes) {
        auto it = std::find_if(writes.begin(), writes.end(), [&](const DeviceAnnotations& w) {
            return w.device_id == c.device_id;
        });
        if (it == writes.end()) {
            writes.push_back({c.device_id, {}});
            it = writes.end() - 1;
        }
        it->values.emplace_back(c.key, c.after);
    }
    if (!writes.empty()) {
        annotate_devices(ledger, writes, source, actor);
    }
}

}  // namespace daicho::import
