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

// Sized by its initialiser: a fixed count let a merge leave zeroed entries that answered
// for Msg 0 with an empty text.
constexpr Text kMessages[] = {
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
    {Msg::changes_needs_since,
     "changes: 期間を --since 日付（2026-03-01）か --since-capture（直前のキャプチャから）で指定"
     "してください",
     "changes: give the period with --since DATE (2026-03-01) or --since-capture (since the "
     "capture before the newest)"},
    {Msg::bad_since,
     "changes: --since「{1}」は日付（2026-03-01）または日時（2026-03-01T09:00）ではありません",
     "changes: --since '{1}': expected a date (2026-03-01) or date and time (2026-03-01T09:00)"},
    {Msg::no_capture_times,
     "changes: 最新のキャプチャに時刻の記録がありません（古い版で取り込まれたキャプチャです）。"
     "--since 日付 で期間を指定してください",
     "changes: the newest capture has no frame times (ingested by an older daicho); give the "
     "period with --since DATE"},
    {Msg::vendors_unavailable,
     "メーカー名を引けません（{1}）。Debian の ieee-data を入れるか --ieee-data DIR "
     "を指定してください",
     "vendor names unavailable ({1}); install Debian's ieee-data or pass --ieee-data "
     "DIR"},
    {Msg::nothing_ingested, "何も取り込んでいません。台帳は変更されていません",
     "nothing ingested; the ledger was not changed"},
    {Msg::known_prefix,
     "{1}: 先頭の {2} フレームは台帳に取り込み済みです（{3} として）。続きの {4} "
     "フレームを追加しました",
     "{1}: its first {2} frames are already in the ledger (as {3}); added the {4} after them"},
    {Msg::station_flood,
     "{1} の {2} から {3} に MACアドレス・アドレスの大量発生: 約 {4} 件を数えましたが記録"
     "していません（上限 {5} + 毎分 {6}）。daicho events --kind station_flood を参照",
     "station flood in {1} from {2} to {3}: about {4} new source MACs or addresses "
     "counted and not stored (budget {5} + {6} a minute); see `daicho events --kind "
     "station_flood`"},
    {Msg::damaged_kept, "破損箇所より前の {1} フレームを取り込みました: {2}",
     "kept {1} frames before the damage: {2}"},
    {Msg::annotate_device, "機器 {1} {2}", "device {1} {2}"},
    {Msg::annotate_none, "  （注記なし）", "  (no annotations)"},
    {Msg::annotate_value, "  {1} = {2}（入力元: {3}）", "  {1} = {2}  ({3})"},
    {Msg::capture_skipped, "{1} を飛ばしました: {2}", "skipped {1}: {2}"},
    {Msg::already_ingested, "{1} を飛ばしました: 台帳に取り込み済みです（{2} として）",
     "skipped {1}: already in the ledger (as {2})"},
    {Msg::capture_not_recorded, "{1}（このファイルからは何も記録していません）",
     "{1} (nothing from this file was recorded)"},
    {Msg::skipped_more, "ほかに取り込み済みのキャプチャ {1} 件を飛ばしました",
     "skipped {1} more captures already in the ledger"},
    {Msg::ingest_summary,
     "取り込み: キャプチャ {2} 件中 {1} 件（取り込み済み {3} 件、失敗 {4} 件）: フレーム {5}、"
     "機器 新規 {6} / 更新 {7}、イベント {8} 件、デコードエラー {9} 件",
     "ingested {1} of {2} ({3} already in the ledger, {4} failed): {5} frames, devices {6} "
     "new / {7} updated, {8} events, {9} decode errors"},
    {Msg::ingest_seconds, "、{1} 秒", ", {1} s"},
    {Msg::ingest_floods, "MACアドレス大量発生: {1} 回（約 {2} 局を数えましたが記録していません）",
     "station floods: {1} (about {2} stations counted and not stored)"},
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
    {Msg::prune_done,
     "保存期間を過ぎた行を削除しました: イベント {1} 件（{2} 日より前）、置き換えられた機器の"
     "事実 {3} 件とアドレス {4} 件、アドレスの事実 {5} 件、外部接続点 {6} 件（{7} 日より前）。"
     "{8} 秒",
     "pruned: {1} events (older than {2} days), {3} superseded device facts and {4} addresses, "
     "{5} address facts, {6} external connection points (older than {7} days) in {8} s"},
    {Msg::prune_dry_run,
     "削除の対象（--dry-run: 何も削除していません）: イベント {1} 件（{2} 日より前）、置き換え"
     "られた機器の事実 {3} 件とアドレス {4} 件、アドレスの事実 {5} 件、外部接続点 {6} 件（{7} "
     "日より前）。{8} 秒",
     "would prune (--dry-run: nothing deleted): {1} events (older than {2} days), {3} "
     "superseded device facts and {4} addresses, {5} address facts, {6} external connection "
     "points (older than {7} days); counted in {8} s"},
    {Msg::connections_none,
     "外部接続点の記録がありません（このバージョンより前に取り込んだキャプチャは数えられて"
     "いません: 再取り込みが必要です）",
     "no external connection points recorded (captures ingested before this version were not "
     "counted: ingest them again)"},
    {Msg::ingest_connections, "外部接続点: 新規 {1} 件（daicho connections で一覧）",
     "external connection points: {1} new (daicho connections)"},
    {Msg::capture_library_missing,
     "ライブキャプチャには {1} が必要ですが、読み込めません。{1} を {2} から入手してインストール"
     "してください（daicho には同梱されません）。インタフェースは開いていません。キャプチャ"
     "ファイルの取り込み（daicho ingest）は {1} なしで使えます。原因: {3}",
     "live capture needs {1}, which could not be loaded: install it from {2} (daicho does not "
     "bundle it). No interface was opened. Reading capture files (daicho ingest) works without "
     "{1}. Cause: {3}"},
    {Msg::interfaces_none, "キャプチャできるインタフェースがありません",
     "no interface can be captured on"},
    {Msg::service_installed,
     "サービス {1} を登録しました（自動起動）。設定: {2}、台帳: {3}。開始は daicho service start",
     "service {1} installed (starts at boot); config {2}, ledger {3}; start it with daicho "
     "service start"},
    {Msg::service_removed, "サービス {1} を削除しました", "service {1} removed"},
    {Msg::service_started, "サービス {1} を開始しました", "service {1} started"},
    {Msg::service_stopped, "サービス {1} を停止しました", "service {1} stopped"},
    {Msg::run_no_interface,
     "キャプチャするインタフェースがありません。--interface 名前 を指定するか、設定ファイルの "
     "capture.interfaces に書いてください",
     "no interface to capture on: give --interface NAME, or capture.interfaces in the config "
     "file"},
    {Msg::run_capturing,
     "{1} をキャプチャしています。台帳 {2} に {3} 秒ごとに書き込みます（終了は SIGTERM か "
     "Ctrl-C）",
     "capturing on {1} into {2} (every {3} s); stop with SIGTERM or Ctrl-C"},
    {Msg::run_capture_stats,
     "キャプチャ {1}: 受信 {2} フレーム、取りこぼし カーネル {3}・インタフェース {4}",
     "capture {1}: {2} frames, {3} dropped by the kernel, {4} dropped by the interface"},
    {Msg::run_interface_failed, "警告: {1}。インタフェースを開き直します",
     "warning: {1}; opening the interfaces again"},
    {Msg::run_retrying, "警告: {1}。間隔を空けて（最長 60 秒）開き直しを続けます",
     "warning: {1}; trying again"},
    {Msg::run_waiting_status, "キャプチャするインタフェースを待っています",
     "waiting for the capture interfaces"},
    {Msg::run_capturing_again, "{1} のキャプチャを再開しました", "capturing again on {1}"},
    {Msg::run_reloaded, "設定ファイルと知識ファイルを読み直しました",
     "reloaded the config and the knowledge files"},
    {Msg::run_reload_refused,
     "エラー: 読み直しを取りやめました。動いている設定のまま続けます: {1}",
     "error: reload refused, the running config stays: {1}"},
    {Msg::run_status_not_stored,
     "警告: キャプチャの統計（受信数・取りこぼし）を台帳に保存できません: {1}",
     "warning: capture counters not stored: {1}"},
    {Msg::run_summary,
     "{2} で {1} フレームをキャプチャしました: 機器 新規 {3} / 更新 {4}、イベント {5} 件",
     "captured {1} frames on {2}: devices {3} new / {4} updated, {5} events"},
    {Msg::upkeep_pruned,
     "保存期間を過ぎた行を削除しました: イベント {1} 件（{2} 日より前）、置き換えられた証拠 {3} 件"
     "（{4} 日より前）。{5} ミリ秒",
     "pruned {1} events older than {2} days and {3} superseded or stale evidence rows older than "
     "{4} days ({5} ms)"},
    {Msg::upkeep_prune_failed, "警告: 保存期間の削除ができませんでした。24 時間後にやり直します: {1}",
     "warning: retention prune failed, trying again in 24 hours: {1}"},
    {Msg::upkeep_pack_filed, "証跡パックを保存しました: {1}", "evidence pack filed: {1}"},
    {Msg::upkeep_export_failed,
     "警告: 証跡パックを {1} に保存できませんでした。1 時間ごとにやり直します: {2}",
     "warning: evidence pack not filed in {1}, trying again hourly: {2}"},
    {Msg::upkeep_packs_go, "証跡パックの保存先: {1}（{2}）", "evidence packs go to {1} ({2})"},
    {Msg::api_listening, "API とダッシュボードを {1} で待ち受けています",
     "API listening on {1}"},
    {Msg::serve_listening,
     "API とダッシュボードを {1} で待ち受けています（台帳 {2}、終了は SIGTERM か Ctrl-C）",
     "API listening on {1} for {2}; stop with SIGTERM or Ctrl-C"},
};

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
