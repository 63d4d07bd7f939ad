// Matching ledger rows to devices (ledger/ledger_import.h): MAC in any notation, then any
// address the device holds, then host name (case-insensitive, a short name against an FQDN).

#include "matching.h"

#include "daicho/collectors/observation.h"
#include "daicho/import/ledger_import.h"
#include "daicho/ledger/text.h"

namespace daicho::import {

using namespace ledger;  // the core's device model, annotations and errors

namespace detail {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// Splits a cell that may list several values ("10.0.0.1 10.0.0.2", "pc1 / PC1.local").
std::vector<std::string> tokens(std::string_view cell) {
    std::string s(cell);
    for (std::string_view wide : {"\xE3\x80\x81", "\xEF\xBC\x8C", "\xE3\x80\x80"}) {  // 、，U+3000
        for (auto at = s.find(wide); at != std::string::npos; at = s.find(wide)) {
            s.replace(at, wide.size(), " ");
        }
    }
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto start = s.find_first_not_of(" \t\r\n,;|/", pos);
        if (start == std::string::npos) {
            break;
        }
        const auto end = s.find_first_of(" \t\r\n,;|/", start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        pos = end == std::string::npos ? s.size() : end;
    }
    return out;
}

std::string normalise_ip(std::string_view token) {
    const auto ip = collectors::IpAddress::parse(token);
    return ip ? ip->to_string() : std::string();
}

bool hostname_like(std::string_view t) {
    return !t.empty() && t.size() <= 253 &&
           t.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
               std::string_view::npos &&
           t.find_first_not_of("0123456789.") != std::string_view::npos;  // not an address
}

namespace {

std::string first_label(std::string_view h) { return std::string(h.substr(0, h.find('.'))); }

void add_all(std::set<std::size_t>& to,
             const std::map<std::string, std::set<std::size_t>, std::less<>>& from,
             std::string_view key) {
    if (const auto it = from.find(key); it != from.end()) {
        to.insert(it->second.begin(), it->second.end());
    }
}

}  // namespace

Index::Index(std::span<const DeviceRecord> devices) {
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const auto& d = devices[i];
        mac[d.mac].insert(i);
        for (const auto& a : d.addresses) {
            ip[a.address].insert(i);
        }
        for (const auto& h : d.hostnames) {
            const std::string lower = ascii_lower(h);
            host[lower].insert(i);
            if (lower.find('.') != std::string::npos) {
                host_short[first_label(lower)].insert(i);
            }
        }
    }
}

void match_row(RowMatch& m, const Index& index) {
    std::set<std::size_t> found;
    for (const auto& mac : m.macs) {
        add_all(found, index.mac, mac);
    }
    if (!found.empty()) {
        m.candidates = std::move(found);
        m.by = MatchedBy::mac;
        return;
    }
    for (const auto& ip : m.ips) {
        add_all(found, index.ip, ip);
    }
    if (!found.empty()) {
        m.candidates = std::move(found);
        m.by = MatchedBy::ip;
        return;
    }
    for (const auto& h : m.hosts) {
        add_all(found, index.host, h);
        if (h.find('.') == std::string::npos) {
            add_all(found, index.host_short, h);  // "pacs01" names "pacs01.hosp.local"
        } else {
            add_all(found, index.host, first_label(h));  // and the other way round
        }
    }
    if (!found.empty()) {
        m.candidates = std::move(found);
        m.by = MatchedBy::hostname;
    }
}
}  // namespace detail

std::string normalise_mac(std::string_view text) {
    std::string hex;
    std::size_t pos = 0;
    while (pos < text.size()) {
        char c = text[pos];
        const std::size_t len = ledger::text::decode_utf8(text, pos).len;
        if (len == 3 && text.substr(pos, 2) == "\xEF\xBC") {  // U+FF00-FF3F: full-width
            const auto low = static_cast<std::uint8_t>(text[pos + 2]);
            c = static_cast<char>(low - 0x90 + '0');  // FF10 '０' is EF BC 90
            if (low >= 0xA1 && low <= 0xA6) {         // Ａ-Ｆ
                c = static_cast<char>('a' + (low - 0xA1));
            } else if (low == 0x9A) {  // ：
                c = ':';
            } else if (low == 0x8D) {  // －
                c = '-';
            } else if (low == 0x8E) {  // ．
                c = '.';
            } else if (low < 0x90 || low > 0x99) {
                return {};
            }
            pos += 3;
        } else {
            ++pos;
        }
        if (c == ':' || c == '-' || c == '.' || c == ' ') {
            continue;
        }
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return {};
        }
        hex += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
        if (hex.size() > 12) {
            return {};
        }
    }
    if (hex.size() != 12) {
        return {};
    }
    std::string out;
    for (std::size_t i = 0; i < 12; i += 2) {
        out += (i == 0 ? "" : ":") + hex.substr(i, 2);
    }
    return out;
}

}  // namespace daicho::import
