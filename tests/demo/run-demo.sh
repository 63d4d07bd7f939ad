#!/usr/bin/env bash
# The README demo: ingests the bundled synthetic capture (hospital-demo.pcap, see README.md
# here) into a ledger file, then prints the device list, the Q8 and Q9 survey ledgers and the
# devices per department, each after a short Japanese heading that says what it shows, and
# ends with what to do next. Counts in the headings are read from daicho's own JSON output,
# so they stay true when the capture or the rules change.
#   tests/demo/run-demo.sh [LEDGER]    LEDGER defaults to ./demo.db; an existing one is reused
#                                      (ingest skips a capture it already holds)
#   DAICHO=path/to/daicho              the binary (default: build/agent/daicho of this checkout)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
daicho="${DAICHO:-$root/build/agent/daicho}"
db="${1:-demo.db}"
capture="$here/hospital-demo.pcap"
config="$here/daicho.json"

if [[ ! -x "$daicho" ]]; then
  echo "run-demo: $daicho がありません。先に cmake --preset default && cmake --build --preset default --target daicho でビルドしてください。" >&2
  exit 1
fi

# Paths as a person would type them from here (relative when under the current directory).
shown() { local p="$1"; [[ "$p" == "$PWD"/* ]] && p="./${p#"$PWD"/}"; printf '%s' "$p"; }
d="$(shown "$daicho")"
cfg="$(shown "$config")"

heading() { printf '\n■ %s\n' "$1"; shift; printf '  %s\n' "$@"; printf '\n'; }
# Occurrences of an extended regex in a command's output.
count() { local re="$1"; shift; "$@" 2>/dev/null | { grep -oE "$re" || true; } | wc -l; }

heading "1/6 取り込み（daicho ingest）" \
  "同梱の合成キャプチャ $(shown "$capture") を台帳ファイル $db に読み込みます。" \
  "小さな病院 LAN（4 VLAN）のミラーポートを模して本プロジェクトが生成したもので、実在の機器や患者のデータは含みません。" \
  "IT の通信（ARP、DHCP、LLDP、SNMP など）に加え、CT・MRI・DR・超音波と PACS の DICOM、電子カルテと HL7 エンジンの HL7、" \
  "病棟の生体情報モニタ（Philips IntelliVue）の接続通知が入っています。"
"$daicho" ingest --db "$db" --config "$config" "$capture"

devices_json() { "$daicho" devices --db "$db" --config "$config" --format json; }
boxes=$(count '"domain": ?[0-9]+' devices_json)
linked=$(count '"reason": ?"' devices_json)
unknown=$(count '"category": ?"unknown"' devices_json)
heading "2/6 機器一覧（daicho devices）: ${boxes} 台" \
  "見つかった機器を 1 台 1 行で示します。取り込みの要約は MAC アドレスごとに数えるため、" \
  "スイッチが LLDP を送るポートの MAC（${linked} 個）をスイッチ本体にまとめた分だけ、ここでは少なくなります。" \
  "インターネット側の相手（ルータ越しにしか見えないアドレス）は機器に数えません（--external で表示）。" \
  "確度（0〜100）は機器種別の判定の確からしさです。観測した事実（DHCP のホスト名、LLDP、DICOM の AE タイトル、" \
  "MAC アドレスのメーカーなど）ごとの重みを合わせた値で、既定では 90 以上が「高」、70 以上が「中」、それ未満が「低」です。" \
  "どの種別も 40 に届かない機器は「不明（要確認）」・確度 0 になります（このデモでは ${unknown} 台）。" \
  "根拠は $d explain --db $db ID で見られます。"
"$daicho" devices --db "$db" --config "$config"

q8_json() { "$daicho" ledger --db "$db" --config "$config" --kind it --format json; }
q9_json() { "$daicho" ledger --db "$db" --config "$config" --kind medical --format json; }
q8_rows=$(count '"mac": ?"' q8_json)
q9_rows=$(count '"mac": ?"' q9_json)
q9_model=$(count '"model": ?"[^"]' q9_json)
q9_software=$(count '"software": ?"[^"]' q9_json)
q9_name=$(count '"name": ?"[^"]' q9_json)
heading "3/6 Q8 情報機器台帳（daicho ledger --kind it）: ${q8_rows} 行" \
  "厚生労働省の医療機関サイバーセキュリティ調査（G-MIS）の Q8「サーバ、端末PC、ネットワーク機器（医療機器を除く）の" \
  "台帳管理」に使う台帳です。" \
  "CSV（UTF-8、Excel で開けます）で表示しています。-o q8.xlsx とすれば Excel ブックに書きます。" \
  "管理部署は設定ファイル $cfg の部署マップ（サブネット → 部署）から入ります。空欄の列は人が記入する項目です。"
"$daicho" ledger --db "$db" --config "$config" --kind it

heading "4/6 Q9 医療機器台帳（daicho ledger --kind medical）: ${q9_rows} 行" \
  "同じ調査の Q9「ネットワークに接続される医療機器の一元的な台帳管理」に使う台帳です。" \
  "型番・機種名は ${q9_model} 行、ソフトウェアのバージョンは ${q9_software} 行、" \
  "機器名は ${q9_name} 行で通信から埋まりました。CT・MRI・DR・超音波は DICOM の接続要求と画像保存の装置情報から、" \
  "IntelliVue は Data Export の接続通知から読み取っています（患者の情報は読みも保存もしません）。" \
  "MAC アドレスのメーカーだけで医療機器と分かった機器は、機種名やバージョンが空欄のままです。人が記入してください。"
"$daicho" ledger --db "$db" --config "$config" --kind medical

heading "5/6 部署別の機器数（daicho departments）" \
  "部署マップで各機器を部署に割り当て、拠点・部署ごとに数えます。続く「部署未割当の機器」は、" \
  "マップにないサブネットの機器です（このデモでは外来の 10.40.0.0/16 をわざと外しています）。" \
  "複数の部署のサブネットにまたがる機器（各 VLAN のゲートウェイを持つルータ）は「要確認」に出ます。"
"$daicho" departments --db "$db" --config "$config"

heading "6/6 調査票の回答案（daicho survey）: 設問 8〜13" \
  "設問ごとに、推奨回答（調査票の選択肢の文言、人が決めることは「未確定」）、確度、判定基準、" \
  "根拠と、人が埋めるべき不足（機器ごと）を出します。基準日は調査の 2026-03-31 です。" \
  "このデモは 1 日分のキャプチャで、所在・利用者などの注記もないため、多くが「いいえ」か「未確定」です。"
"$daicho" survey --db "$db" --config "$config"

survey_line="注記・研修記録・確認事項（daicho attest）を足して、回答案を作り直します: $d survey --db $db --config $cfg -o 回答案.html"
heading "次にすること" \
  "1. 分かっていることを機器に記録します（ID、MAC、IP アドレス、ホスト名のどれでも指定できます）:" \
  "   $d annotate --db $db --config $cfg RAD-CT01 location=本館2階CT室 asset_tag=ME-0012 status=稼働" \
  "2. 台帳を Excel で直して取り込みます（まず --dry-run で変更点だけ確認）:" \
  "   $d ledger --db $db --config $cfg --kind medical -o q9.xlsx" \
  "   $d import ledger --db $db --config $cfg q9.xlsx --dry-run" \
  "   $d import ledger --db $db --config $cfg q9.xlsx" \
  "3. $survey_line" \
  "4. 自院のネットワークでは、ミラーポートで取ったキャプチャ（pcap/pcapng）を同じく daicho ingest で読み込むか、" \
  "   daicho run -i インタフェース名 でミラーポートから直接、台帳を更新し続けます（README の「5 分で始める」）。"
