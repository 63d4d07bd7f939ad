#include "daicho/survey/words.h"

#include <array>
#include <span>

namespace daicho::survey {

namespace {

struct Words {
    std::string_view key;
    std::string_view ja;
    std::string_view en;
};

// Japanese as answer-logic.md §5.1 words the ledger's 機器種別 column.
constexpr std::array<Words, 8> kCategories{{
    {"server", "サーバ", "Server"},
    {"pc", "端末PC", "PC"},
    {"network", "ネットワーク機器", "Network device"},
    {"printer", "プリンタ", "Printer"},
    {"phone", "電話", "Phone"},
    {"iot", "IoT機器", "IoT device"},
    {"medical", "医療機器", "Medical device"},
    {"unknown", "不明（要確認）", "Unknown (to check)"},
}};
constexpr std::array<Words, 3> kBands{
    {{"high", "高", "high"}, {"medium", "中", "medium"}, {"low", "低", "low"}}};
constexpr std::array<Words, 3> kStatus{
    {{"active", "稼働", "active"}, {"spare", "予備", "spare"}, {"retired", "廃棄", "retired"}}};

// ledger::kEventKinds, labelled.
constexpr std::array<Words, 10> kEvents{{
    {"device_new", "新規機器", "New device"},
    {"address_new", "IPアドレス追加・変更", "New IP address"},
    {"name_change", "名前の変更", "Name changed"},
    {"software_change", "バージョンの変更", "Version changed"},
    {"category_change", "機器種別の変更", "Category changed"},
    {"absent", "長期間未検出", "Not seen"},
    {"returned", "再検出", "Seen again"},
    {"station_flood", "MACアドレス大量発生", "Station flood"},
    {"annotation_change", "注記の変更", "Annotation changed"},
    {"connection_new", "新規の外部接続点", "New external connection point"},
}};

// ledger::kServiceClasses, labelled.
constexpr std::array<Words, 9> kConnectionClasses{{
    {"remote-control", "リモート操作・保守", "Remote control"},
    {"vpn", "VPN", "VPN"},
    {"ssl-vpn", "SSL-VPN", "SSL-VPN"},
    {"tunnel", "トンネル", "Tunnel"},
    {"web", "Web", "Web"},
    {"dns", "DNS", "DNS"},
    {"ntp", "時刻同期 (NTP)", "NTP"},
    {"mail", "メール", "E-mail"},
    {"other", "その他", "Other"},
}};
constexpr std::array<Words, 3> kOpeners{{
    {"outside", "外部から", "inbound"},
    {"inside", "内部から", "outbound"},
    {"unknown", "不明", "unknown"},
}};

std::string word(std::span<const Words> table, std::string_view key, Lang lang) {
    for (const auto& w : table) {
        if (w.key == key) {
            return std::string(lang == Lang::ja ? w.ja : w.en);
        }
    }
    return std::string(key);
}

}  // namespace

std::string connection_class_word(std::string_view service_class, Lang lang) {
    return word(kConnectionClasses, service_class, lang);
}

std::string opener_word(std::string_view opener, Lang lang) { return word(kOpeners, opener, lang); }

std::string category_word(std::string_view category, Lang lang) {
    return word(kCategories, category, lang);
}

std::string_view category_from_word(std::string_view w) {
    for (const auto& c : kCategories) {
        if (w == c.key || w == c.ja || w == c.en) {
            return c.key;
        }
    }
    return {};
}

std::vector<std::string_view> category_keys() {
    std::vector<std::string_view> out;
    out.reserve(kCategories.size());
    for (const auto& c : kCategories) {
        out.push_back(c.key);
    }
    return out;
}

std::string_view event_label(std::string_view kind, Lang lang) noexcept {
    for (const auto& w : kEvents) {
        if (w.key == kind) {
            return lang == Lang::ja ? w.ja : w.en;
        }
    }
    return kind;
}

std::string band_word(std::string_view band, Lang lang) { return word(kBands, band, lang); }

std::string status_word(std::string_view status, Lang lang) { return word(kStatus, status, lang); }

}  // namespace daicho::survey
