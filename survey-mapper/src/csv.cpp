// `daicho devices --format csv`: for Excel first. UTF-8 with BOM (so Excel does not guess
// Shift_JIS), CRLF, every text cell quoted (RFC 4180 §2), and cells that a spreadsheet
// would evaluate (= + - @ TAB CR, and their full-width forms) prefixed with an apostrophe
// (OWASP "CSV injection"). Control bytes and invalid UTF-8 are escaped as \xNN.

#include <string>
#include <string_view>

#include "daicho/ledger/text.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"
#include "software_text.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

// Excel's cell limit is 32,767 characters; longer cells break the row on import.
constexpr std::size_t kMaxCellBytes = 32000;

void write_text_cell(std::ostream& out, std::string_view raw) {
    std::string safe = text::escape(raw);
    if (text::needs_formula_guard(raw) || text::starts_formula(safe)) {
        safe.insert(safe.begin(), '\'');
    }
    const std::string_view cell = text::truncate_bytes(safe, kMaxCellBytes);
    out << '"';
    for (char c : cell) {
        if (c == '"') {
            out << '"';
        }
        out << c;
    }
    out << '"';
}

template <typename Range, typename Fn>
std::string join(const Range& items, std::string_view sep, Fn&& to_text) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += sep;
        }
        out += to_text(item);
    }
    return out;
}

}  // namespace

void write_sheet_csv(std::ostream& out, const Sheet& sheet) {
    out << "\xEF\xBB\xBF";
    const auto row = [&out](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i != 0) {
                out << ',';
            }
            write_text_cell(out, cells[i]);
        }
        out << "\r\n";
    };
    row(sheet.headers);
    for (const auto& r : sheet.rows) {
        row(r);
    }
}

void write_devices_csv(std::ostream& out, std::span<const DeviceRecord> devices) {
    out << "\xEF\xBB\xBF"
        << "id,mac,vendor,mac_kind,ips,vlans,hostnames,category,subtype,confidence,software,"
           "first_seen,last_seen,"
           "packets,bytes\r\n";
    for (const DeviceRecord& d : devices) {
        out << d.id << ',';
        write_text_cell(out, d.mac);
        out << ',';
        write_text_cell(out, d.vendor);
        out << ',';
        write_text_cell(out, d.mac_kind);
        out << ',';
        write_text_cell(out,
                        join(d.addresses, " ", [](const AddressEntry& a) { return a.address; }));
        out << ',';
        write_text_cell(out, join(d.vlans, " ", [](int v) { return std::to_string(v); }));
        out << ',';
        write_text_cell(out, join(d.hostnames, " ", [](const std::string& h) { return h; }));
        out << ',';
        write_text_cell(out, d.category);
        out << ',';
        write_text_cell(out, d.subtype);
        out << ',' << d.confidence << ',';
        // Products may contain spaces, so software entries are separated by " | ".
        write_text_cell(
            out, join(d.software, " | ", [](const SoftwareEntry& s) { return software_text(s); }));
        out << ',';
        write_text_cell(out, format_time_utc(d.first_seen_us));
        out << ',';
        write_text_cell(out, format_time_utc(d.last_seen_us));
        out << ',' << d.packets << ',' << d.bytes << "\r\n";
    }
}

}  // namespace daicho::survey
