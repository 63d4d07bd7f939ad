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
// "high" -> "高" / "high".
[[nodiscard]] std::string band_word(std::string_view band, Lang lang);
// An event kind's label (ledger::kEventKinds ids): "device_new" -> "新規機器" / "New device";
// the id itself when unknown.
[[nodiscard]] std::string_view event_label(std::string_view kind, Lang lang) noexcept;
// A connection point's service class (ledger::kServiceClasses): "remote-control" ->
// "リモート操作・保守" / "Remote control"; the key itself when unknown.
[[nodiscard]] std::string connection_class_word(std::string_view service_class, Lang lang);
// Who opened a connection point: "outside" -> "外部から" / "inbound"; "inside" -> "内部から"
// / "outbound"; "unknown" -> "不明" / "unknown".
[[nodiscard]] std::string opener_word(std::string_view opener, Lang lang);
// "active" -> "稼働" / "active".
[[nodiscard]] std::string status_word(std::string_view status, Lang lang);

}  // namespace daicho::survey
