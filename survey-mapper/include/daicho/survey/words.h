#pragma once
// The output language and the words every report shares. Hospital staff read Japanese
// first, so Japanese is the default wherever a person reads the output; English on request.

#include <string>
#include <string_view>
#include <vector>

namespace daicho::survey {

enum class Lang { ja, en };

// "server" -> "サーバ" / "Server"; unknown keys come back as given.
[[nodiscard]] std::string category_word(std::string_view category, Lang lang);
// The category key a ledger cell names: the key itself, or its Japanese or English word
// ("医療機器" -> "medical"); "" when it names none.
[[nodiscard]] std::string_view category_from_word(std::string_view word);
// Every category key the word table knows, in its order ("server" ... "unknown").
[[nodiscard]] std::vector<std::string_view> category_keys();
// A subtype of the classification rules (ledger/data/classification_rules.json categories):
// "switch" -> "スイッチ" / "Switch", "modality-CT" -> "モダリティ（CT）" / "Modality (CT)"; the
// key itself when the table lacks it (a user's own rules file).
[[nodiscard]] std::string subtype_word(std::string_view subtype, Lang lang);
// The subtype key a ledger cell's word names: the key itself, or its Japanese or English word
// ("生体情報モニタ" -> "patient-monitor", "モダリティ（CT）" -> "modality-CT"); the word as
// given when it names none (a subtype of a user's own rules file).
[[nodiscard]] std::string subtype_from_word(std::string_view word);
// A role fact ("snmp-agent", "dicom-scp", "dhcp-server" ...): "SNMPエージェント" / "SNMP agent";
// the key itself when unknown.
[[nodiscard]] std::string role_word(std::string_view role, Lang lang);
// A fact kind as evidence reads ("system_description" -> "システム説明" / "system
// description"); the kind itself when the table lacks it.
[[nodiscard]] std::string fact_word(std::string_view kind, Lang lang);
// Where a placement came from (DeviceRecord::department_source: "subnet 10.20.0.0/16",
// "vlan 20", "domain 0", "management address in subnet ...", "department X", "annotation") in
// words.
[[nodiscard]] std::string placement_source_word(std::string_view source, Lang lang);
// "high" -> "高" / "high".
[[nodiscard]] std::string band_word(std::string_view band, Lang lang);
// An event kind's label (ledger::kEventKinds ids): "device_new" -> "新規機器" / "New device";
// the id itself when unknown.
[[nodiscard]] std::string_view event_label(std::string_view kind, Lang lang) noexcept;
// A change report kind (ledger::kChangeKinds): "gone" -> "撤去または長期未検出" / "Gone"; the
// id itself when unknown.
[[nodiscard]] std::string_view change_label(std::string_view kind, Lang lang) noexcept;
// A connection point's service class (ledger::kServiceClasses): "remote-control" ->
// "リモート操作・保守" / "Remote control"; the key itself when unknown.
[[nodiscard]] std::string connection_class_word(std::string_view service_class, Lang lang);
// Who opened a connection point: "outside" -> "外部から" / "inbound"; "inside" -> "内部から"
// / "outbound"; "unknown" -> "不明" / "unknown".
[[nodiscard]] std::string opener_word(std::string_view opener, Lang lang);
// "active" -> "稼働" / "active".
[[nodiscard]] std::string status_word(std::string_view status, Lang lang);
// The network picture's words (daicho/survey/topology.h): gear roles by gear_role_name,
// "outside", "unassigned", "title", ... ; the key itself when unknown.
[[nodiscard]] std::string topology_word(std::string_view key, Lang lang);

}  // namespace daicho::survey
