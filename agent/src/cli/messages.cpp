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
    {Msg::capture_connections_evicted,
     "{1}: 会話テーブルが満杯になり、{2} 件の会話が保存前に追い出されました（daicho connections "
     "の外部接続点が欠けている可能性があります）",
     "{1}: the conversation table was full; {2} conversations were evicted before they were "
     "stored, so `daicho connections` may miss points"},
    {Msg::no_department_map,
     "部署の対応表がありません（--config ファイルまたは DAICHO_CONFIG）。部署は注記からだけ"
     "決まります",
     "no department map (--config FILE or DAICHO_CONFIG); only annotations name departments"},
    {Msg::no_address_plan,
     "設定にアドレス計画（sites、departments、internal_ranges）がありません。RFC 1918 と IPv6 "
     "ULA のアドレスを院内、それ以外のアドレスを院外とみなします",
     "no address plan in the config (sites, departments, internal_ranges): RFC 1918 and IPv6 "
     "ULA addresses are taken as the hospital's, every other address as outside"},
    {Msg::external_stations,
     "アドレス計画の外の局が {1} 台あります。機器ではなく外部の接続先です（daicho devices "
     "--external で一覧）",
     "{1} stations outside the address plan: external endpoints, not devices (`daicho devices "
     "--external` lists them)"},
    {Msg::survey_no_diagram, "報告書にネットワーク図がありません: {1}",
     "the report has no network diagram: {1}"},
    {Msg::import_invalid,
     "{1}: 不正なセルまたは列が {2} 件あります（報告に一覧）。何も書き込んでいません",
     "{1}: {2} invalid cells or columns (listed in the report); nothing was written"},
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
    // Errors the libraries raise (cli/error_text.cpp); the English follows their what().
    {Msg::err_no_ledger,
     "台帳 {1} がありません。先に daicho ingest でキャプチャを取り込んでください",
     "no ledger at {1}; run daicho ingest first"},
    {Msg::err_empty_ledger,
     "{1} は空のファイルで、まだ daicho の台帳ではありません。先に daicho ingest "
     "を実行してください",
     "{1}: empty file, not a daicho ledger yet; run daicho ingest first"},
    {Msg::err_not_a_ledger,
     "{1} は daicho の台帳ではありません（別のアプリケーションのファイルです）。変更していません",
     "{1}: not a daicho ledger; refusing to touch it"},
    {Msg::err_newer_schema,
     "台帳 {1} はこの daicho より新しい版で作られています（スキーマ版 {2}、この daicho は {3} "
     "まで）。daicho を更新してください",
     "{1}: ledger schema version {2} is newer than this daicho understands ({3}); upgrade daicho"},
    {Msg::err_older_schema,
     "台帳 {1} は古い版の daicho で作られています（スキーマ版 {2}、この daicho は {3}）。daicho "
     "ingest を一度実行すると更新されます",
     "{1}: ledger schema version {2} is older than this daicho's ({3}); run daicho ingest once to "
     "upgrade it"},
    {Msg::err_ledger_directory, "{1} はディレクトリです。台帳ファイルのパスを指定してください",
     "{1}: is a directory, not a ledger file"},
    {Msg::err_no_parent, "台帳 {1} を作れません: ディレクトリ {2} がありません",
     "{1}: cannot create ledger: directory {2} does not exist"},
    {Msg::err_cannot_open, "台帳 {1} を開けません: {2}", "{1}: cannot open the ledger: {2}"},
    {Msg::err_read_only,
     "台帳 {1} に書き込めません: 読み取り専用です（ファイルの権限を確認してください）",
     "{1}: the ledger file is read-only (check its permissions)"},
    {Msg::err_disk_full,
     "台帳 {1} に書き込めません: "
     "ディスクの空きがありません（書き込みは取り消され、台帳は元のままです）",
     "{1}: disk full (the write was rolled back; the ledger is as it was)"},
    {Msg::err_io_error,
     "台帳 {1} の読み書きで I/O エラーが起きました（{2}）。書き込みは取り消されました",
     "{1}: I/O error ({2}; the write was rolled back)"},
    {Msg::err_busy, "台帳 {1} は別のプロセスが使用中です（別の daicho が書き込んでいませんか）",
     "{1}: the ledger is locked by another process (is another daicho writing it?)"},
    {Msg::err_damaged, "台帳 {1} は壊れているか、daicho の台帳ではありません（{2}）",
     "{1}: the ledger file is damaged or not a daicho ledger ({2})"},
    {Msg::err_no_wal,
     "台帳 {1} を WAL モードにできません（journal_mode は "
     "{2}）。ディレクトリが書き込み可能で、ローカルディスク上にあるか確認してください",
     "{1}: cannot switch the ledger to WAL mode (journal_mode is {2}); is the directory writable "
     "and on a local disk?"},
    {Msg::err_data_not_directory,
     "データディレクトリ {1} "
     "はディレクトリではありません（classification_rules.json、medical_makers.json "
     "などを置く場所です）",
     "{1}: not a directory (the data directory holds classification_rules.json, "
     "medical_makers.json, ...)"},
    {Msg::err_data_unreadable, "知識ファイル {1} を読めません: {2}", "{1}: cannot read: {2}"},
    {Msg::err_data_syntax, "知識ファイル {1} の {2} 行 {3} 列目は JSON として正しくありません: {4}",
     "{1}:{2}:{3}: not valid JSON: {4}"},
    {Msg::err_data_invalid, "知識ファイル {1} に誤りがあります: {2}", "{1}: {2}"},
    {Msg::err_table_unreadable, "{1} を読めません: {2}", "{1}: cannot read: {2}"},
    {Msg::err_table_too_large, "{1} は大きすぎます（上限 {2} バイト）",
     "{1}: larger than {2} bytes"},
    {Msg::err_table_invalid, "{1} を取り込めません: {2}", "{1}: {2}"},
    {Msg::err_capture_missing, "キャプチャファイル {1} がありません", "{1}: no such file"},
    {Msg::err_capture_directory,
     "{1} はディレクトリです。キャプチャファイル（pcap・pcapng）を指定してください",
     "{1}: is a directory, not a capture file"},
    {Msg::err_capture_empty, "{1} は空のファイルで、キャプチャではありません",
     "{1}: empty file, not a packet capture"},
    {Msg::err_not_a_capture,
     "{1} はキャプチャファイルではありません（pcap でも pcapng でもありません）",
     "{1}: not a packet capture (neither pcap nor pcapng)"},
    {Msg::err_capture_header, "キャプチャ {1} のヘッダが壊れています（{2}）",
     "{1}: damaged capture header ({2})"},
    {Msg::err_link_type,
     "{1} のリンク種別 {2} には対応していません（Ethernet、Linux cooked、ループバック、raw IP "
     "に対応）",
     "{1}: unsupported link type {2} (daicho reads Ethernet, Linux cooked, loopback and raw IP)"},
    {Msg::err_capture_damaged,
     "キャプチャ {1} はフレーム {2} の後で壊れています（{4} バイト中 {3} バイト付近）: {5}",
     "{1}: damaged after frame {2} (near byte {3} of {4}): {5}"},
    {Msg::err_capture_open, "キャプチャファイル {1} を開けません: {2}", "{1}: cannot open: {2}"},
    {Msg::err_interface_failed, "インタフェース {1} でキャプチャできません: {2}",
     "{1}: cannot capture: {2}"},
    {Msg::err_interface_permission,
     "インタフェース {1} でキャプチャする権限がありません（root か CAP_NET_RAW と CAP_NET_ADMIN "
     "が必要です）: {2}",
     "{1}: cannot capture: {2} (capturing needs root or CAP_NET_RAW and CAP_NET_ADMIN)"},
    {Msg::err_bad_filter, "インタフェース {1} のフィルタ「{2}」を解釈できません: {3}",
     "{1}: filter \"{2}\" does not compile: {3}"},
    {Msg::err_config_at, "設定ファイル {1} の {2}: ", "{1}: {2}: "},
    {Msg::err_config_file, "設定ファイル {1}: ", "{1}: "},
    {Msg::err_config_top, "最上位", "the top level"},
    {Msg::err_config_missing, "ファイルがありません", "no such config file"},
    {Msg::err_config_unreadable, "読めません（{3}）", "cannot read the config file ({3})"},
    {Msg::err_config_directory, "ディレクトリです。設定ファイル（JSON）を指定してください",
     "is a directory, not a config file"},
    {Msg::err_config_too_large, "{3} MiB より大きいファイルです。正しいファイルですか",
     "the config file is larger than {3} MiB; is it the right file?"},
    {Msg::err_config_not_json, "{3} 行 {4} 列目が JSON として正しくありません: {5}",
     "not valid JSON at line {3}, column {4}: {5}"},
    {Msg::err_config_duplicate_key, "キー「{3}」が 2 回あります", "key \"{3}\" appears twice"},
    {Msg::err_config_too_deep, "入れ子が {3} 段より深くなっています",
     "nested deeper than {3} levels"},
    {Msg::err_config_unknown_key, "未知のキー「{3}」があります（使えるキー: {4}）",
     "unknown key \"{3}\" (known: {4})"},
    {Msg::err_config_missing_key, "「{3}」がありません", "\"{3}\" is missing"},
    {Msg::err_config_not_object, "オブジェクト（{ … }）にしてください（今の値: {3}）",
     "must be an object, not {3}"},
    {Msg::err_config_not_array, "配列（[ … ]）にしてください（今の値: {3}）",
     "must be an array, not {3}"},
    {Msg::err_config_not_string, "文字列にしてください（今の値: {3}）",
     "must be a string, not {3}"},
    {Msg::err_config_not_bool, "true か false にしてください（今の値: {3}）",
     "must be true or false, not {3}"},
    {Msg::err_config_empty, "空にはできません", "must not be empty"},
    {Msg::err_config_too_long, "{3} が {4} バイトを超えています", "{3} is longer than {4} bytes"},
    {Msg::err_config_control, "{3} に制御文字が含まれています", "{3} holds control characters"},
    {Msg::err_config_spaces, "{3} の先頭か末尾に空白があります",
     "{3} has leading or trailing spaces"},
    {Msg::err_config_range, "{3} は {4} から {5} までの整数にしてください",
     "{3} must be an integer from {4} to {5}"},
    {Msg::err_config_bad_cidr,
     "{3} はサブネット（例: \"10.20.0.0/16\"）として正しくありません: {4}", "{3} {4}"},
    {Msg::err_config_dup_subnet,
     "サブネット {3} は既に {4} にあります（サブネットは 1 か所にだけ書けます）",
     "{3} is already {4}; a subnet belongs to one place"},
    {Msg::err_config_dup_vlan, "VLAN {3} は既に {4} にあります（VLAN は 1 つの部署にだけ属します）",
     "VLAN {3} is already {4}; a VLAN belongs to one department"},
    {Msg::err_config_dup_domain,
     "ドメイン {3} は既に {4} にあります（ドメインは 1 つの拠点にだけ属します）",
     "domain {3} is already {4}; a domain belongs to one site"},
    {Msg::err_config_dup_name, "名前「{3}」は既に {4} にあります", "\"{3}\" is already {4}"},
    {Msg::err_config_dup_interface, "インタフェース「{3}」が 2 回書かれています",
     "interface \"{3}\" is listed twice"},
    {Msg::err_config_unknown_site, "拠点「{3}」は sites にありません（拠点: {4}）",
     "\"{3}\" is not one of the sites ({4})"},
    {Msg::err_config_no_sites, "拠点「{3}」がありません: sites に拠点が書かれていません",
     "\"{3}\" is not a site: \"sites\" lists none"},
    {Msg::err_config_time_zone,
     "「{3}」はこのマシンが知らないタイムゾーンです（\"Asia/Tokyo\" のような IANA "
     "名で書いてください）",
     "\"{3}\" is no time zone this machine knows (an IANA name such as \"Asia/Tokyo\")"},
    {Msg::err_config_filing_class, "未知の分類「{3}」があります（使える分類: {4}）",
     "unknown class \"{3}\" (known: {4})"},
    {Msg::err_config_filing_ledger,
     "\"it\"（Q8 情報機器台帳）か \"medical\"（Q9 医療機器台帳）にしてください（今の値: {3}）",
     "must be \"it\" (Q8) or \"medical\" (Q9), not {3}"},
    {Msg::err_reason_no_file, "ファイルがありません", "no such file"},
    {Msg::err_reason_permission, "アクセス権がありません", "permission denied"},
    {Msg::err_reason_read_only_fs, "読み取り専用のファイルシステムです", "read-only file system"},
    {Msg::err_reason_no_space, "ディスクの空きがありません", "no space left on device"},
    {Msg::err_reason_not_regular, "通常のファイルではありません", "not a regular file"},
    {Msg::err_cidr_not_prefix, "IPv4・IPv6 のプレフィックスではありません",
     "is not an IPv4 or IPv6 prefix"},
    {Msg::err_cidr_max_length, "IPv4・IPv6 のプレフィックスではありません（長さは {1} まで）",
     "is not an IPv4 or IPv6 prefix (the length is at most {1})"},
    {Msg::err_cidr_no_length, "プレフィックス長がありません（1 台だけなら {1}）",
     "needs a prefix length ({1} for one address)"},
    {Msg::err_cidr_host_bits, "ホスト部のビットが 0 ではありません（プレフィックスは {1}）",
     "has host bits set (the prefix is {1})"},
    {Msg::err_no_vendor_registry,
     "{1} に IEEE の登録ファイル（oui.csv、mam.csv、oui36.csv、iab.csv）がありません",
     "{1}: no readable IEEE registry file (oui.csv, mam.csv, oui36.csv, iab.csv)"},
    {Msg::err_annotation_key, "注記の項目「{2}」はありません（使える項目: {3}）",
     "{1}: unknown annotation key '{2}' (keys: {3})"},
    {Msg::err_annotation_status,
     "状態「{2}」は使えません。稼働（active）・予備（spare）・廃棄（retired）のいずれかです",
     "{1}: status must be active/稼働, spare/予備 or retired/廃棄, not '{2}'"},
    {Msg::err_config_not_one_of, "{3} は使えません（{4} のいずれか）", "{3} must be one of {4}"},
    {Msg::err_config_half_pair,
     "「{3}」があるのに「{4}」がありません（両方書くか、どちらも書かないでください）",
     "\"{3}\" is given without \"{4}\"; give both or neither"},
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
