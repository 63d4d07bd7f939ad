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

// ledger::kChangeKinds, labelled (the monthly report's 区分).
constexpr std::array<Words, 7> kChanges{{
    {"new", "新規接続", "New"},
    {"gone", "撤去または長期未検出", "Gone"},
    {"renamed", "名前の変更", "Renamed"},
    {"readdressed", "IPアドレスの変更", "Re-addressed"},
    {"reclassified", "機器種別の変更", "Re-classified"},
    {"software", "ファームウェア・ソフトウェアの変更", "Firmware/software changed"},
    {"unseen_active", "要確認: 台帳では稼働・未検出", "Marked active, not seen"},
}};

// Every subtype ledger/data/classification_rules.json and medical_makers.json name; modality-XX
// is composed from the modality code (DICOM PS3.3 C.7.3.1.1.1), so any code reads.
constexpr std::array<Words, 32> kSubtypes{{
    {"pacs", "PACS（画像保管）", "PACS"},
    {"worklist", "モダリティワークリスト", "Modality worklist"},
    {"viewer", "画像ビューア", "Image viewer"},
    {"workstation", "医用ワークステーション", "Medical workstation"},
    {"patient-monitor", "生体情報モニタ", "Patient monitor"},
    {"monitor-gateway", "セントラルモニタ・ゲートウェイ", "Monitor gateway"},
    {"infusion", "輸液・シリンジポンプ", "Infusion pump"},
    {"lab-analyser", "検体検査装置", "Lab analyser"},
    {"his-interface", "病院情報システム連携", "HIS interface"},
    {"ecg", "心電計", "ECG"},
    {"eeg", "脳波計", "EEG"},
    {"defibrillator", "除細動器", "Defibrillator"},
    {"bp-monitor", "血圧計", "Blood pressure monitor"},
    {"ventilator", "人工呼吸器", "Ventilator"},
    {"anaesthesia", "麻酔器", "Anaesthesia machine"},
    {"dialysis", "透析装置", "Dialysis machine"},
    {"infant-care", "保育器・新生児機器", "Infant care"},
    {"nurse-call", "ナースコール", "Nurse call"},
    {"bed", "医療用ベッド", "Medical bed"},
    {"radiotherapy", "放射線治療装置", "Radiotherapy"},
    {"router", "ルータ", "Router"},
    {"switch", "スイッチ", "Switch"},
    {"firewall", "ファイアウォール", "Firewall"},
    {"vpn-gateway", "VPN装置", "VPN gateway"},
    {"wireless-ap", "無線LANアクセスポイント", "Wireless access point"},
    {"wireless-controller", "無線LANコントローラ", "Wireless controller"},
    {"voip", "IP電話", "VoIP phone"},
    {"mobile", "携帯端末", "Mobile"},
    {"camera", "ネットワークカメラ", "Camera"},
    {"building", "設備制御機器", "Building control"},
    {"media", "映像・音響機器", "Media device"},
    {"nms", "ネットワーク監視サーバ", "Network monitoring server"},
}};

// What the decoders say a device does (FactKind::role values).
constexpr std::array<Words, 15> kRoles{{
    {"snmp-agent", "SNMPエージェント", "SNMP agent"},
    {"snmp-manager", "SNMPマネージャ", "SNMP manager"},
    {"snmp-trap-sender", "SNMPトラップ送信", "SNMP trap sender"},
    {"snmp-trap-receiver", "SNMPトラップ受信", "SNMP trap receiver"},
    {"dicom-scu", "DICOM送信側（SCU）", "DICOM SCU"},
    {"dicom-scp", "DICOM受信側（SCP）", "DICOM SCP"},
    {"dns-server", "DNSサーバ", "DNS server"},
    {"dhcp-server", "DHCPサーバ", "DHCP server"},
    {"dhcp-relay", "DHCPリレー", "DHCP relay"},
    {"dhcpv6-server", "DHCPv6サーバ", "DHCPv6 server"},
    {"dhcpv6-relay", "DHCPv6リレー", "DHCPv6 relay"},
    {"ipv6-router", "IPv6ルータ", "IPv6 router"},
    {"hl7-sender", "HL7送信", "HL7 sender"},
    {"hl7-receiver", "HL7受信", "HL7 receiver"},
    {"intellivue-monitor", "IntelliVueモニタ", "IntelliVue monitor"},
}};

// The fact kinds classification rules read most (collectors::FactKind names).
constexpr std::array<Words, 26> kFacts{{
    {"hostname", "ホスト名", "host name"},
    {"system_name", "システム名", "system name"},
    {"system_description", "システム説明", "system description"},
    {"vendor", "MACアドレスの登録組織", "MAC registry organisation"},
    {"vendor_class", "DHCPベンダークラス", "DHCP vendor class"},
    {"dhcp_fingerprint", "DHCP指紋", "DHCP fingerprint"},
    {"manufacturer", "製造元", "manufacturer"},
    {"model", "型番", "model"},
    {"platform", "プラットフォーム", "platform"},
    {"firmware", "ファームウェア", "firmware"},
    {"software", "ソフトウェア", "software"},
    {"os", "OS", "OS"},
    {"role", "役割", "role"},
    {"service", "サービス", "service"},
    {"service_instance", "サービス告知", "service announcement"},
    {"txt_record", "サービス告知の属性", "service attributes"},
    {"device_type", "機器種別の告知", "device type"},
    {"user_agent", "ユーザーエージェント", "user agent"},
    {"ae_title", "DICOM AEタイトル", "DICOM AE title"},
    {"sop_class", "DICOM SOPクラス", "DICOM SOP class"},
    {"modality", "モダリティ", "modality"},
    {"implementation_class_uid", "DICOM実装クラスUID", "DICOM implementation class"},
    {"application", "HL7アプリケーション", "HL7 application"},
    {"station_name", "ステーション名", "station name"},
    {"capability", "機能（LLDP/CDP）", "capabilities (LLDP/CDP)"},
    {"url", "URL", "URL"},
}};

// The network picture (survey/topology.h); roles keyed by gear_role_name.
constexpr std::array<Words, 20> kTopology{{
    {"gateway", "ゲートウェイ", "Gateway"},
    {"router", "ルーター", "Router"},
    {"core_switch", "コアスイッチ", "Core switch"},
    {"access_switch", "スイッチ", "Switch"},
    {"dhcp_server", "DHCPサーバ", "DHCP server"},
    {"dhcp_relay", "DHCPリレー", "DHCP relay"},
    {"dns_server", "DNSサーバ", "DNS server"},
    {"egress", "外部への出口", "Egress"},
    {"outside", "外部（インターネット・閉域網）", "Outside (internet, closed networks)"},
    {"unassigned", "部署未割当", "No department"},
    {"title", "ネットワーク構成図", "Network diagram"},
    {"generated", "作成", "Generated"},
    {"window", "観測期間", "Observed"},
    {"plan_missing", "アドレス計画未設定（RFC 1918を院内とみなした）",
     "No address plan (RFC 1918 taken as inside)"},
    {"devices", "台", " devices"},
    {"end_devices", "端末等", "end devices"},
    {"external_seen", "観測した外部端点", "External endpoints seen"},
    {"connections", "外部接続点", "External connection points"},
    {"none_seen", "なし", "none"},
    {"uplink", "上位", "uplink"},
}};

std::string_view label(std::span<const Words> table, std::string_view key, Lang lang) noexcept {
    for (const auto& w : table) {
        if (w.key == key) {
            return lang == Lang::ja ? w.ja : w.en;
        }
    }
    return key;
}

std::string word(std::span<const Words> table, std::string_view key, Lang lang) {
    return std::string(label(table, key, lang));
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
    return label(kEvents, kind, lang);
}

std::string_view change_label(std::string_view kind, Lang lang) noexcept {
    return label(kChanges, kind, lang);
}

std::string subtype_word(std::string_view subtype, Lang lang) {
    constexpr std::string_view kModality = "modality-";
    if (subtype.starts_with(kModality) && subtype.size() > kModality.size()) {
        const std::string code(subtype.substr(kModality.size()));
        return lang == Lang::ja ? "モダリティ（" + code + "）" : "Modality (" + code + ")";
    }
    return word(kSubtypes, subtype, lang);
}

std::string subtype_from_word(std::string_view w) {
    for (const std::string_view open : {std::string_view("モダリティ（"), std::string_view("Modality (")}) {
        const std::string_view close = open.back() == '(' ? ")" : "）";
        if (w.starts_with(open) && w.ends_with(close) && w.size() > open.size() + close.size()) {
            return "modality-" + std::string(w.substr(open.size(), w.size() - open.size() - close.size()));
        }
    }
    for (const auto& s : kSubtypes) {
        if (w == s.key || w == s.ja || w == s.en) {
            return std::string(s.key);
        }
    }
    return std::string(w);
}

std::string role_word(std::string_view role, Lang lang) { return word(kRoles, role, lang); }

std::string fact_word(std::string_view kind, Lang lang) { return word(kFacts, kind, lang); }

std::string placement_source_word(std::string_view source, Lang lang) {
    if (lang == Lang::en) {
        return std::string(source);
    }
    constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPrefixes{{
        {"management address in subnet ", "管理アドレスのサブネット "},
        {"subnet ", "サブネット "},
        {"vlan ", "VLAN "},
        {"domain ", "ドメイン "},
        {"department ", "部署 "},
    }};
    for (const auto& [en, ja] : kPrefixes) {
        if (source.starts_with(en)) {
            return std::string(ja) + std::string(source.substr(en.size()));
        }
    }
    if (source == "annotation") {
        return "注記";
    }
    return std::string(source);
}

std::string band_word(std::string_view band, Lang lang) { return word(kBands, band, lang); }

std::string status_word(std::string_view status, Lang lang) { return word(kStatus, status, lang); }

std::string topology_word(std::string_view key, Lang lang) {
    return word(kTopology, key, lang);
}

}  // namespace daicho::survey
