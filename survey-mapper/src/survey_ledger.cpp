// Q8/Q9 ledgers: each column says where its value comes from — a person's annotation first
// (it always wins), else what the wire showed. Column headers follow answer-logic.md §5.1/§5.2
// (Japanese, the wording hospitals' Excel ledgers use) or English.

#include "daicho/survey/survey_ledger.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "daicho/survey/export.h"
#include "software_text.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

struct Column {
    std::string_view key;
    std::string_view ja;
    std::string_view en;
};

constexpr std::array<Column, 27> kItColumns{{
    {"asset_tag", "管理番号（資産番号）", "Asset tag"},
    {"category", "機器種別", "Category"},
    {"name", "機器名（ホスト名）", "Device name (host name)"},
    {"role", "用途・役割", "Role"},
    {"location", "所在（設置場所）", "Location"},
    {"owner_dept", "管理部署", "Owning department"},
    {"department", "設置部署", "Department"},
    {"user", "利用者", "User"},
    {"custodian", "管理責任者", "Custodian"},
    {"vendor", "メーカー", "Maker"},
    {"vendor_ieee", "MACアドレス登録組織（IEEE）", "MAC registry organisation (IEEE)"},
    {"model", "型番・機種名", "Model"},
    {"serial", "シリアル番号", "Serial number"},
    {"os_fw", "OS・ファームウェア（バージョン）", "OS / firmware (version)"},
    {"services", "主なソフトウェア・サービスとバージョン", "Software and services (versions)"},
    {"ip", "IPアドレス", "IP addresses"},
    {"mac", "MACアドレス", "MAC address"},
    {"vlan", "VLAN", "VLAN"},
    {"maint_vendor", "保守事業者", "Maintenance vendor"},
    {"maint_until", "保守契約期限", "Maintenance until"},
    {"remote_maint", "リモート保守の有無・経路", "Remote maintenance"},
    {"status", "状態（稼働／予備／廃棄）", "Status"},
    {"first_seen", "初回検出日時", "First seen"},
    {"last_seen", "最終検出日時", "Last seen"},
    {"provenance", "情報源", "Source"},
    {"confidence", "確度", "Confidence"},
    {"note", "備考", "Note"},
}};

constexpr std::array<Column, 30> kMedicalColumns{{
    {"asset_tag", "管理番号（資産番号）", "Asset tag"},
    {"category", "機器種別", "Device type"},
    {"name", "機器名", "Device name"},
    {"role", "用途・役割", "Role"},
    {"department", "設置部署", "Department"},
    {"owner_dept", "管理部署", "Owning department"},
    {"location", "所在（設置場所）", "Location"},
    {"vendor", "製造販売業者・メーカー", "Maker"},
    {"vendor_ieee", "MACアドレス登録組織（IEEE）", "MAC registry organisation (IEEE)"},
    {"model", "型番・機種名", "Model"},
    {"serial", "シリアル番号", "Serial number"},
    {"mac", "MACアドレス", "MAC address"},
    {"ip", "IPアドレス", "IP addresses"},
    {"vlan", "VLAN", "VLAN"},
    {"software", "ソフトウェアのバージョン", "Software version"},
    {"ae_titles", "DICOM AEタイトル", "DICOM AE titles"},
    {"dicom_implementation", "実装クラスUID・実装バージョン名", "DICOM implementation"},
    {"hl7_applications", "HL7送信アプリケーション（MSH-3/4）", "HL7 applications (MSH-3/4)"},
    {"peers", "接続先システム", "Connected systems"},
    {"maint_vendor", "保守事業者", "Maintenance vendor"},
    {"maint_until", "保守契約期限", "Maintenance until"},
    {"remote_maint", "リモート保守の有無・経路", "Remote maintenance"},
    {"status", "状態（稼働／予備／廃棄）", "Status"},
    {"first_seen", "初回検出日時", "First seen"},
    {"last_seen", "最終検出日時", "Last seen"},
    {"provenance", "情報源", "Source"},
    {"confidence", "確度", "Confidence"},
    {"user", "利用者", "User"},
    {"custodian", "管理責任者", "Custodian"},
    {"note", "備考", "Note"},
}};

template <std::size_t N>
constexpr std::array<std::string_view, N> keys_of(const std::array<Column, N>& columns) {
    std::array<std::string_view, N> keys{};
    for (std::size_t i = 0; i < N; ++i) {
        keys.at(i) = columns.at(i).key;
    }
    return keys;
}
constexpr auto kItKeys = keys_of(kItColumns);
constexpr auto kMedicalKeys = keys_of(kMedicalColumns);

// Non-empty items, each once, in order.
std::string joined(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        if (item.empty() || std::find(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i),
                                      item) != items.begin() + static_cast<std::ptrdiff_t>(i)) {
            continue;
        }
        out += (out.empty() ? "" : std::string(sep)) + item;
    }
    return out;
}

std::vector<std::string> facts_of(const DeviceRecord& d,
                                  std::initializer_list<std::string_view> kinds) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (!f.about.empty()) {
            continue;  // stated about an address this device holds, not by the device
        }
        if (std::find(kinds.begin(), kinds.end(), f.kind_name()) != kinds.end() &&
            std::find(out.begin(), out.end(), f.value) == out.end()) {
            out.push_back(f.value);
        }
    }
    return out;
}

std::string annotated(const DeviceRecord& d, std::string_view key) {
    const Annotation* a = d.annotation(key);
    return a != nullptr ? a->value : std::string();
}

// What a person said, else what the wire showed.
std::string either(const DeviceRecord& d, std::string_view key, const std::string& wire) {
    std::string a = annotated(d, key);
    return a.empty() ? wire : a;
}

// Q9 or Q8: the device's filing (ledger/filing.h), or its category when nothing filed it.
bool in_medical_ledger(const DeviceRecord& d) {
    return d.ledger.empty() ? d.category == "medical" : d.ledger == "medical";
}

// Where the department column's value came from, when the map (not the column's own
// annotation) filled it; the column is 設置部署 in Q9 and 管理部署 in Q8.
std::string placement_provenance(const DeviceRecord& d, Lang lang) {
    const std::string_view column = in_medical_ledger(d) ? "department" : "owner_dept";
    if (!annotated(d, column).empty() || (d.department.empty() && d.department_conflict.empty())) {
        return {};
    }
    const bool ja = lang == Lang::ja;
    std::string out = ja ? "部署: " : "department: ";
    if (!d.department_conflict.empty()) {
        std::vector<std::string> candidates;
        for (const auto& c : d.department_conflict) {
            candidates.push_back(c.name + " (" + placement_source_word(c.source, lang) + ")");
        }
        return out + (ja ? "要確認（" : "to check (") + joined(candidates, " / ") +
               (ja ? "）" : ")");
    }
    if (d.department_source == "annotation") {
        return out + (ja ? "注記（設置部署）" : "annotation (department)");
    }
    return out + placement_source_word(d.department_source, lang);
}

// Protocol names as people write them: "lldp" -> "LLDP".
std::string ascii_upper(std::string s) {
    for (char& ch : s) {
        ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    }
    return s;
}

// Why the rules chose the category, in a few words: the evidence behind the strongest rules
// ("システム説明（LLDP）"), not their ids; at most kReasons of them.
std::string classification_reason(const DeviceRecord& d, Lang lang) {
    constexpr std::size_t kReasons = 2;
    std::vector<const FiredRule*> rules;
    for (const auto& r : d.classification) {
        if (r.category == d.category) {
            rules.push_back(&r);
        }
    }
    std::stable_sort(rules.begin(), rules.end(),
                     [](const FiredRule* a, const FiredRule* b) { return a->weight > b->weight; });
    std::vector<std::string> reasons;
    for (const FiredRule* r : rules) {
        for (const auto& e : r->evidence) {
            const std::string source =
                e.kind == "vendor" ? std::string("IEEE") : ascii_upper(e.source);
            const std::string reason =
                fact_word(e.kind, lang) +
                (lang == Lang::ja ? "（" + source + "）" : " (" + source + ")");
            if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end() &&
                reasons.size() < kReasons) {
                reasons.push_back(reason);
            }
        }
    }
    return joined(reasons, lang == Lang::ja ? "、" : ", ");
}

// The maker the catalogue knows for the MAC's OUI, in `lang`; "" when it knows none.
std::string catalogue_maker(const DeviceRecord& d, const LedgerOptions& o) {
    if (o.makers == nullptr || d.mac.empty()) {
        return {};
    }
    const auto match = o.makers->maker_for_mac(d.mac);
    if (!match || match->maker == nullptr) {
        return {};
    }
    const auto& m = *match->maker;
    return o.lang == Lang::ja && !m.name_ja.empty() ? m.name_ja : m.name;
}

std::string upper_words(const std::vector<std::string>& sources) {
    std::vector<std::string> out;
    for (const std::string& s : sources) {
        out.push_back(ascii_upper(s));
    }
    return joined(out, ", ");
}

// Software parsed from os/firmware/system_description facts describes the platform (OS・
// ファームウェア); banners and the like are the services running on it.
bool is_platform(const SoftwareEntry& s) {
    return s.kind == "os" || s.kind == "firmware" || s.kind == "system_description";
}

std::string cell(const DeviceRecord& d, std::string_view key, const LedgerOptions& o) {
    const Lang lang = o.lang;
    if (key == "asset_tag" || key == "location" || key == "user" || key == "custodian" ||
        key == "maint_vendor" || key == "maint_until" || key == "remote_maint" || key == "note") {
        return annotated(d, key);
    }
    if (key == "department" || key == "owner_dept") {
        // answer-logic.md §5.1: 管理部署 "human / subnet→部署 map"; §5.2 設置部署.
        return either(d, key, d.department);
    }
    if (key == "category") {
        std::string c = category_word(d.category, lang);
        return d.subtype.empty() ? c : c + " / " + subtype_word(d.subtype, lang);
    }
    if (key == "name") {
        std::vector<std::string> names = d.hostnames;
        for (const auto& n : facts_of(d, {"system_name", "station_name"})) {
            names.push_back(n);
        }
        return either(d, "name", joined(names, " / "));
    }
    if (key == "role") {
        std::vector<std::string> roles;
        for (const auto& r : facts_of(d, {"role"})) {
            roles.push_back(role_word(r, lang));
        }
        return either(d, "role", joined(roles, lang == Lang::ja ? "、" : ", "));
    }
    if (key == "vendor") {
        // The catalogue's maker (日本光電 for NIHON KOHDEN AMERICA's OUI), else what the
        // device says of its maker, else the IEEE registry's organisation.
        const std::string maker = catalogue_maker(d, o);
        if (!maker.empty()) {
            return maker;
        }
        const auto makers = facts_of(d, {"manufacturer"});
        return makers.empty() ? d.vendor : joined(makers, " / ");
    }
    if (key == "vendor_ieee") {
        return d.vendor;
    }
    if (key == "model" || key == "serial") {
        // The facts that say it, then what the software statements carry (sysDescr, banners).
        const bool model = key == "model";
        std::vector<std::string> out =
            model ? facts_of(d, {"model", "platform"}) : facts_of(d, {"serial_number"});
        for (const auto& s : d.software) {
            out.push_back(model ? s.model : s.serial);
        }
        return either(d, key, joined(out, " / "));
    }
    if (key == "os_fw" || key == "services" || key == "software") {
        std::vector<std::string> out;
        for (const auto& s : d.software) {
            const bool os = is_platform(s);
            if (key == "software" || (key == "os_fw") == os) {
                out.push_back(software_text(s));
            }
            // The OS a client statement names beside its own product (dhcpcd's "Linux ...").
            if (key != "services" && !s.os.empty()) {
                out.push_back(s.os);
            }
        }
        if (key == "services") {
            for (const auto& s : d.services) {
                out.push_back(s);
            }
        }
        return joined(out, " | ");
    }
    if (key == "ip") {
        std::vector<std::string> out;
        for (const auto& a : d.addresses) {
            out.push_back(a.address);
        }
        return joined(out, " ");
    }
    if (key == "mac") {
        return d.mac;
    }
    if (key == "vlan") {
        std::vector<std::string> out;
        for (int v : d.vlans) {
            if (v != 0) {  // 0: untagged
                out.push_back(std::to_string(v));
            }
        }
        return joined(out, " ");
    }
    if (key == "status") {
        const std::string s = annotated(d, "status");
        return s.empty() ? std::string() : status_word(s, lang);
    }
    if (key == "first_seen") {
        return o.zone.minutes(d.first_seen_us);
    }
    if (key == "last_seen") {
        return o.zone.minutes(d.last_seen_us);
    }
    if (key == "provenance") {
        std::vector<std::string> sources;
        for (const auto& f : d.facts) {
            if (std::find(sources.begin(), sources.end(), f.source) == sources.end()) {
                sources.push_back(f.source);
            }
        }
        std::string text = upper_words(sources);
        if (!text.empty()) {
            text = (lang == Lang::ja ? "観測: " : "seen in: ") + text;
        }
        if (!d.capture_host.empty()) {
            // Seen only on its own loopback: say which capture it took.
            text = (lang == Lang::ja ? "ループバックのキャプチャ取得端末（" : "capture host (") +
                   d.capture_host + (lang == Lang::ja ? "）" : ")") + (text.empty() ? "" : "; ") +
                   text;
        } else if (d.routed) {
            // No MAC reaches the sensor from another subnet: say which router showed the host.
            text = (lang == Lang::ja ? "ルータ越しに観測（" : "seen behind router (") +
                   d.routed_via + (lang == Lang::ja ? "）" : ")") + (text.empty() ? "" : "; ") +
                   text;
        }
        const std::string reason = classification_reason(d, lang);
        if (!reason.empty()) {
            text += (text.empty() ? "" : "; ") +
                    std::string(lang == Lang::ja ? "分類の根拠: " : "classified by: ") + reason;
        }
        if (d.ledger_source.rfind("class ", 0) == 0) {
            // A class hospitals file differently (PACS in Q8 ...): say which setting filed it.
            text += (text.empty() ? "" : "; ") +
                    std::string(lang == Lang::ja ? "台帳の区分: " : "filed by: ") + d.ledger_source;
        }
        const std::string placement = placement_provenance(d, lang);
        if (!placement.empty()) {
            text += (text.empty() ? "" : "; ") + placement;
        }
        return text;
    }
    if (key == "confidence") {
        return band_word(d.band, lang) + " (" + std::to_string(d.confidence) + ")";
    }
    if (key == "ae_titles") {
        return d.medical ? joined(d.medical->ae_titles, " / ") : std::string();
    }
    if (key == "dicom_implementation") {
        if (!d.medical || d.medical->implementation_class_uid.empty()) {
            return {};
        }
        return d.medical->implementation_class_uid + " / " + d.medical->implementation_version;
    }
    if (key == "hl7_applications") {
        if (!d.medical) {
            return {};
        }
        std::vector<std::string> out = d.medical->hl7_applications;
        for (const auto& f : d.medical->hl7_facilities) {
            out.push_back(f);
        }
        return joined(out, " / ");
    }
    if (key == "peers") {
        return joined(facts_of(d, {"peer"}), " | ");
    }
    return {};
}

template <std::size_t N>
Sheet build(std::span<const DeviceRecord> devices, const std::array<Column, N>& columns,
            bool medical, const LedgerOptions& o) {
    const Lang lang = o.lang;
    Sheet sheet;
    // Kept in view when scrolling right: 管理番号, 機器種別, 機器名.
    sheet.freeze_columns = 3;
    for (const auto& c : columns) {
        sheet.types.push_back(c.key == "vlan"                                 ? CellType::number
                              : c.key == "first_seen" || c.key == "last_seen" ? CellType::datetime
                                                                              : CellType::text);
    }
    sheet.name = medical ? (lang == Lang::ja ? "医療機器台帳" : "Medical devices")
                         : (lang == Lang::ja ? "情報機器台帳" : "IT devices");
    for (const auto& c : columns) {
        sheet.headers.emplace_back(lang == Lang::ja ? c.ja : c.en);
    }
    for (const auto& d : devices) {
        if (in_medical_ledger(d) != medical || d.outside_plan) {
            continue;  // outside the address plan: an external endpoint, no hospital asset
        }
        std::vector<std::string> row;
        row.reserve(columns.size());
        for (const auto& c : columns) {
            row.push_back(cell(d, c.key, o));
        }
        sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

}  // namespace

Sheet survey_ledger(std::span<const DeviceRecord> devices, LedgerKind kind,
                    const LedgerOptions& options) {
    return kind == LedgerKind::medical ? build(devices, kMedicalColumns, true, options)
                                       : build(devices, kItColumns, false, options);
}

Sheet survey_ledger(std::span<const DeviceRecord> devices, LedgerKind kind, Lang lang) {
    LedgerOptions options;
    options.lang = lang;
    return survey_ledger(devices, kind, options);
}

std::vector<std::string> ledger_title(LedgerKind kind, const LedgerTitle& t, Lang lang,
                                      const TimeZone& zone) {
    const bool ja = lang == Lang::ja;
    const bool medical = kind == LedgerKind::medical;
    std::vector<std::string> lines;
    std::string first = medical
                            ? (ja ? "ネットワーク接続医療機器台帳" : "Networked medical devices")
                            : (ja ? "情報機器台帳" : "IT devices");
    if (!t.hospital.empty()) {
        first = t.hospital + "　" + first;
    }
    lines.push_back(first);
    if (t.observed_until_us != 0) {
        lines.push_back((ja ? "基準日: " : "As of: ") + zone.date(t.observed_until_us) +
                        (ja ? "　観測期間: " : "   Observed: ") + zone.minutes(t.observed_from_us) +
                        " – " + zone.minutes(t.observed_until_us) + " (" + zone.name() + ")");
    }
    lines.push_back((ja ? "作成日時: " : "Generated: ") + zone.minutes(t.generated_us) +
                    (t.by.empty() ? std::string() : (ja ? "　作成者: " : "   By: ") + t.by) +
                    (ja ? "　作成: daicho（パッシブ観測）" : "   by daicho (passive observation)"));
    return lines;
}

std::string_view survey_ledger_header(LedgerKind kind, std::size_t i, Lang lang) {
    const std::span<const Column> columns = kind == LedgerKind::medical
                                                ? std::span<const Column>(kMedicalColumns)
                                                : std::span<const Column>(kItColumns);
    if (i >= columns.size()) {
        return {};
    }
    return lang == Lang::ja ? columns[i].ja : columns[i].en;
}

std::string survey_ledger_cell(const DeviceRecord& device, std::string_view key, Lang lang) {
    LedgerOptions options;
    options.lang = lang;
    return cell(device, key, options);
}

std::string survey_ledger_cell(const DeviceRecord& device, std::string_view key,
                               const LedgerOptions& options) {
    return cell(device, key, options);
}

std::span<const std::string_view> survey_ledger_keys(LedgerKind kind) {
    if (kind == LedgerKind::medical) {
        return kMedicalKeys;
    }
    return kItKeys;
}

}  // namespace daicho::survey
