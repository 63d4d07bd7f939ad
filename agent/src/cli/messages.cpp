#include "cli/messages.h"

#include <array>
#include <cstdlib>
#include <vector>

namespace daicho::agent {

namespace {

struct Text {
    Msg id;
    std::string_view ja;
    std::string_view en;
};

constexpr std::array<Text, 15> kMessages{{
    {Msg::no_device, "{1} に「{2}」に一致する機器はありません", "no device in {1} matches {2}"},
    {Msg::ambiguous_device, "「{1}」は {2} 台の機器に一致します。ID で 1 台を指定してください:",
     "{1} names {2} devices; name one of them by its id:"},
    {Msg::not_a_device, "「{1}」は機器ID・MACアドレス・IPアドレス・ホスト名のいずれでもありません",
     "'{1}' is not a device id, a MAC address, an IP address or a host name"},
    {Msg::did_you_mean, "もしかして: {1}", "did you mean: {1}"},
    {Msg::help_hint, "使い方は --help で表示されます", "Run with --help for more information."},
    {Msg::format_mismatch,
     "--format {1} は出力ファイル {2} の拡張子と矛盾します（拡張子に合わせるか --format "
     "を省いてください）",
     "--format {1} contradicts the extension of {2} (match them, or leave --format out)"},
    {Msg::format_not_here, "出力ファイル {1} の形式はこのコマンドでは書けません（書ける形式: {2}）",
     "this command cannot write the format of {1} (it writes {2})"},
    {Msg::xlsx_needs_output, "XLSX は -o FILE.xlsx で書き出してください",
     "XLSX is written with -o FILE.xlsx"},
    {Msg::bad_value, "{1} に「{2}」は使えません。使える値: {3}",
     "{1} cannot be '{2}'; valid values: {3}"},
    {Msg::unknown_department,
     "部署「{1}」は設定にありません。近い名前: {2}（新しい部署として記録するには "
     "--new-department）",
     "department '{1}' is not in the config; nearest: {2} (--new-department records it as a new "
     "one)"},
    {Msg::no_departments,
     "部署「{1}」: 設定に部署がありません（--config で部署を設定するか --new-department）",
     "department '{1}': the config names no departments (give one with --config, or "
     "--new-department)"},
    {Msg::history_recorded, "記録者: {1}", "recorded by: {1}"},
    {Msg::connections_without_plan,
     "注意: {1} 件のキャプチャは院内アドレス計画なしで取り込まれ、RFC 1918/ULA を院内としました"
     "（閉域網の接続先は院内扱いで数えられていない可能性があります）",
     "note: {1} captures were ingested without an address plan, so RFC 1918/ULA decided what is "
     "inside (a vendor's closed network on private addresses may be missing)"},
    {Msg::connections_evicted,
     "警告: 会話テーブルが満杯になり {1} 件の会話が保存前に追い出されました（接続点が欠けている"
     "可能性があります）",
     "warning: the conversation table was full and {1} conversations were evicted before they "
     "were stored (points may be missing)"},
    {Msg::connections_none,
     "外部接続点の記録がありません（このバージョンより前に取り込んだキャプチャは数えられて"
     "いません: 再取り込みが必要です）",
     "no external connection points recorded (captures ingested before this version were not "
     "counted: ingest them again)"},
}};

bool english_locale() {
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(var);
        if (value != nullptr && *value != '\0') {
            return std::string_view(value).starts_with("en");
        }
    }
    return false;
}

}  // namespace

survey::Lang locale_lang() { return english_locale() ? survey::Lang::en : survey::Lang::ja; }

survey::Lang message_lang(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--") {
            break;
        }
        if (arg == "--lang=en" ||
            (arg == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "en")) {
            return survey::Lang::en;
        }
        if (arg == "--lang=ja" ||
            (arg == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "ja")) {
            return survey::Lang::ja;
        }
    }
    return locale_lang();
}

std::string message(Msg id, survey::Lang lang, std::initializer_list<std::string_view> args) {
    std::string_view text;
    for (const Text& t : kMessages) {
        if (t.id == id) {
            text = lang == survey::Lang::ja ? t.ja : t.en;
        }
    }
    const std::vector<std::string_view> arg(args);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' && text[i + 1] >= '1' &&
            text[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(text[i + 1] - '1');
            if (n < arg.size()) {
                out += arg[n];
            }
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

}  // namespace daicho::agent
