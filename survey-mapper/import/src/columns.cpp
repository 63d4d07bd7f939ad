// Header recognition for `daicho import ledger`. daicho's own headers come from the code that
// writes them (survey_ledger.cpp, annotations.h), so an export always imports; the hospital
// synonyms are data (ledger/data/import_columns.json), each with its source.

#include "columns.h"

#include <algorithm>
#include <map>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/text.h"
#include "daicho/survey/survey_ledger.h"
#include "embedded_data.h"

namespace daicho::import::detail {

using namespace ledger;  // the core's device model, annotations and errors

namespace {

constexpr std::string_view kDataFile = "import_columns.json";

using Table = std::map<std::string, KnownHeader, std::less<>>;

bool in_keys(LedgerKind kind, std::string_view key) {
    const auto keys = survey_ledger_keys(kind);
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

void add(Table& table, std::string_view header, std::string_view key,
         std::optional<LedgerKind> kind) {
    // The first entry wins: daicho's own headers are added before the synonyms.
    table.emplace(normalise_header(header), KnownHeader{std::string(key), kind});
}

Table build() {
    Table table;
    for (const auto kind : {LedgerKind::it, LedgerKind::medical}) {
        const auto other = kind == LedgerKind::it ? LedgerKind::medical : LedgerKind::it;
        const auto keys = survey_ledger_keys(kind);
        // A header the other kind's export does not have says which kind this ledger is.
        const auto in_other = [&](std::string_view header) {
            const std::string norm = normalise_header(header);
            for (std::size_t j = 0; j < survey_ledger_keys(other).size(); ++j) {
                if (normalise_header(survey_ledger_header(other, j, Lang::ja)) == norm ||
                    normalise_header(survey_ledger_header(other, j, Lang::en)) == norm) {
                    return true;
                }
            }
            return false;
        };
        const auto hint = [&](bool shared) { return shared ? std::nullopt : std::optional(kind); };
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const auto ja = survey_ledger_header(kind, i, Lang::ja);
            const auto en = survey_ledger_header(kind, i, Lang::en);
            const bool shared_key = in_keys(other, keys[i]);
            add(table, keys[i], keys[i], hint(shared_key));
            add(table, ja, keys[i], hint(shared_key || in_other(ja)));
            add(table, en, keys[i], hint(shared_key || in_other(en)));
        }
    }
    for (const auto& k : kAnnotationKeys) {
        add(table, k.key, k.key, std::nullopt);
        add(table, k.ja, k.key, std::nullopt);
        add(table, k.en, k.key, std::nullopt);
    }
    for (std::string_view k : {"mac", "ip", "hostname"}) {
        add(table, k, k, std::nullopt);
    }

    using classify_data::fail;
    const auto doc = classify_data::parse(
        kDataFile, ledger::data::embedded_file(data::embedded_files(), kDataFile));
    const auto sources = classify_data::check_header(kDataFile, doc);
    if (!doc.contains("columns") || !doc.at("columns").is_array()) {
        fail(kDataFile, "needs a \"columns\" list");
    }
    std::size_t n = 0;
    for (const auto& entry : doc.at("columns")) {
        const std::string where = "columns[" + std::to_string(n++) + "]";
        const auto header = classify_data::string_at(kDataFile, entry, "header", where);
        const auto key = classify_data::string_at(kDataFile, entry, "key", where);
        if (use_of_key(key) == ColumnUse::unknown) {
            fail(kDataFile, where + ": unknown key '" + key + "'");
        }
        for (const auto& s : classify_data::strings_at(kDataFile, entry, "source", where)) {
            if (std::find(sources.begin(), sources.end(), s) == sources.end()) {
                fail(kDataFile, where + ": source '" + s + "' is not in the source list");
            }
        }
        std::optional<LedgerKind> kind;
        if (entry.contains("kind")) {
            const auto k = classify_data::string_at(kDataFile, entry, "kind", where);
            if (k != "medical" && k != "it") {
                fail(kDataFile, where + ": kind must be \"it\" or \"medical\"");
            }
            kind = k == "medical" ? LedgerKind::medical : LedgerKind::it;
        }
        add(table, header, key, kind);
    }
    return table;
}

const Table& known() {
    static const Table table = build();
    return table;
}

}  // namespace

std::string normalise_header(std::string_view header) {
    std::string out;
    std::size_t pos = 0;
    while (pos < header.size()) {
        const std::size_t len = text::decode_utf8(header, pos).len;
        if (len == 3) {
            const auto b = [&](std::size_t i) {
                return static_cast<char32_t>(static_cast<std::uint8_t>(header[pos + i]));
            };
            const char32_t cp = ((b(0) & 0x0FU) << 12U) | ((b(1) & 0x3FU) << 6U) | (b(2) & 0x3FU);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {  // full-width ASCII
                const auto c = static_cast<char>(cp - 0xFF01 + 0x21);
                out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
                pos += 3;
                continue;
            }
            if (cp == 0x3000) {  // ideographic space
                pos += 3;
                continue;
            }
        }
        if (len <= 1) {
            const char c = header[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            }
            ++pos;
            continue;
        }
        out.append(header.substr(pos, len));
        pos += len;
    }
    return out;
}

std::optional<KnownHeader> recognise_header(std::string_view header) {
    const std::string norm = normalise_header(header);
    if (norm.empty()) {
        return std::nullopt;
    }
    const Table& table = known();
    if (const auto it = table.find(norm); it != table.end()) {
        return it->second;
    }
    // "IPアドレス(固定)", "機器名（正式名称）": the note in brackets does not change the column.
    if (norm.back() == ')') {
        const auto open = norm.rfind('(');
        if (open != std::string::npos && open > 0) {
            if (const auto it = table.find(std::string_view(norm).substr(0, open));
                it != table.end()) {
                return it->second;
            }
        }
    }
    return std::nullopt;
}

ColumnUse use_of_key(std::string_view key) {
    if (key.empty()) {
        return ColumnUse::ignored;
    }
    if (key == "mac" || key == "ip" || key == "hostname") {
        return ColumnUse::match;
    }
    for (const auto& k : kAnnotationKeys) {
        if (k.key == key) {
            return ColumnUse::annotation;
        }
    }
    if (in_keys(LedgerKind::it, key) || in_keys(LedgerKind::medical, key)) {
        return ColumnUse::wire;
    }
    return ColumnUse::unknown;
}

}  // namespace daicho::import::detail
