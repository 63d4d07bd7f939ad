// `daicho devices` (default): aligned columns for a terminal. Wire strings are escaped
// (\xNN) so a hostname cannot move the cursor or recolour the screen, and long values are
// cut to a column width.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "daicho/ledger/text.h"
#include "daicho/survey/export.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

struct Column {
    const char* en;
    const char* ja;
    std::size_t max_width;
};

constexpr std::array<Column, 9> kColumns{{{"ID", "ID", 10},
                                          {"MAC", "MAC", 17},
                                          {"VENDOR", "メーカー", 28},
                                          {"CATEGORY", "機器種別", 28},
                                          {"CONF", "確度", 4},
                                          {"IPS", "IPアドレス", 48},
                                          {"VLANS", "VLAN", 20},
                                          {"HOSTNAMES", "ホスト名", 40},
                                          {"LAST SEEN", "最終検出", 20}}};

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) {
            out += sep;
        }
        out += p;
    }
    return out.empty() ? std::string("-") : out;
}

}  // namespace

void write_devices_table(std::ostream& out, std::span<const DeviceRecord> devices, Lang lang) {
    std::vector<std::array<std::string, kColumns.size()>> rows;
    rows.reserve(devices.size() + 1);
    std::array<std::string, kColumns.size()> header;
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        header[i] = lang == Lang::ja ? kColumns[i].ja : kColumns[i].en;
    }
    rows.push_back(header);
    for (const DeviceRecord& d : devices) {
        std::vector<std::string> ips;
        for (const auto& a : d.addresses) {
            ips.push_back(a.address);
        }
        std::vector<std::string> vlans;
        for (int v : d.vlans) {
            vlans.push_back(std::to_string(v));
        }
        std::string last = format_time_utc(d.last_seen_us);
        last = last.substr(0, 19) + "Z";  // seconds are enough on a terminal
        std::array<std::string, kColumns.size()> row{
            std::to_string(d.id),
            !d.capture_host.empty() ? (lang == Lang::ja ? "（取得端末）" : "(capture host)")
            : d.routed              ? (lang == Lang::ja ? "（ルータ越し）" : "(routed)")
                                    : d.mac,
            d.vendor.empty() ? "-" : d.vendor,
            d.subtype.empty() ? category_word(d.category, lang)
                              : category_word(d.category, lang) + "/" + d.subtype,
            std::to_string(d.confidence),
            joined(ips, " "),
            joined(vlans, ","),
            joined(d.hostnames, ","),
            last};
        for (std::size_t i = 0; i < row.size(); ++i) {
            row[i] = text::truncate_to_width(text::escape(row[i]), kColumns[i].max_width);
        }
        rows.push_back(std::move(row));
    }

    std::array<std::size_t, kColumns.size()> width{};
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            width[i] = std::max(width[i], text::display_width(row[i]));
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) {
                line.append(width[i] - text::display_width(row[i]) + 2, ' ');
            }
        }
        out << line << '\n';
    }
}

}  // namespace daicho::survey
