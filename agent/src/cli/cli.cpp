#include "cli/cli.h"

// GCC 12 reports a "potential null pointer dereference" inside CLI11's own string helpers
// (CLI::detail::split, inlined here) depending on how many options this file registers; it
// is in the library's std::vector<std::string> growth, not in our code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <CLI/CLI.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/error_text.h"
#include "cli/messages.h"
#include "cli/suggest.h"
#include "cli/text.h"
#include "config/config.h"
#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/service/service_manager.h"

namespace daicho::agent {

namespace {

// Help text in the run's language (cli/messages.h message_lang): each option's Japanese beside
// its English, where the option is declared.
std::string tr(survey::Lang lang, std::string_view ja, std::string_view en) {
    return std::string(lang == survey::Lang::ja ? ja : en);
}

// --config's help: the subcommands' and the global option's (`daicho --config FILE devices`).
std::string config_help(survey::Lang lang) {
    return tr(lang,
              "設定ファイル（JSON: 部署・拠点など）。既定は環境変数 DAICHO_CONFIG、なければなし",
              "Config file (JSON: departments and sites); default $DAICHO_CONFIG, else none");
}

void add_common(CLI::App& sub, CommonOptions& common) {
    sub.add_option(
        "--db", common.db,
        tr(common.lang, "台帳ファイル（SQLite）。既定は環境変数 DAICHO_DB、なければ ./daicho.db",
           "Ledger file (SQLite); default $DAICHO_DB, else ./daicho.db"));
    sub.add_option(
        "--ieee-data", common.ieee_data,
        tr(common.lang,
           "IEEE OUI 登録簿のディレクトリ（oui.csv, mam.csv, oui36.csv）。既定は環境変数 "
           "DAICHO_IEEE_DATA、なければ Debian の ieee-data",
           "Directory of the IEEE OUI registries (oui.csv, mam.csv, oui36.csv); default "
           "$DAICHO_IEEE_DATA, else Debian's ieee-data"));
    sub.add_option("--config", common.config, config_help(common.lang));
    sub.add_option(
        "--data-dir", common.data_dir,
        tr(common.lang,
           "組み込みの知識ファイルをファイルごとに置き換えるディレクトリ（classification_rules."
           "json, medical_makers.json, software_patterns.json, windows_builds.json, "
           "dicom_uids.json、調査用に survey_questions.json, support_dates.json, "
           "exploited_versions.json, update_hosts.json）。既定は環境変数 DAICHO_DATA_DIR",
           "Directory of knowledge files (classification_rules.json, medical_makers.json, "
           "software_patterns.json, windows_builds.json, dicom_uids.json; for the survey "
           "survey_questions.json, support_dates.json, exploited_versions.json, "
           "update_hosts.json) replacing the built-in ones, file by file; default "
           "$DAICHO_DATA_DIR"));
}

// --lang (ja or en) for a command's own output; `ja` and `en` say what it switches.
void add_lang(CLI::App& sub, std::string& lang, survey::Lang ui, std::string_view ja,
              std::string_view en) {
    sub.add_option("--lang", lang, tr(ui, ja, en))->check(CLI::IsMember({"ja", "en"}));
}

// -o/--output as every command that writes a report takes it (Japanese help by default).
void add_output(CLI::App& sub, std::filesystem::path& output, survey::Lang ui,
                bool xlsx_needs_file = false) {
    sub.add_option("-o,--output", output,
                   xlsx_needs_file ? tr(ui, "標準出力でなく FILE に書き出す（xlsx では必須）",
                                        "Write to FILE instead of stdout (required for xlsx)")
                                   : tr(ui, "標準出力でなく FILE に書き出す",
                                        "Write to FILE instead of stdout"));
}

// What a person probably meant when parsing failed: for a word that names no subcommand where
// one is expected, the nearest subcommand; for an unknown --option, the nearest option of the
// command it was given to (or of the commands around it). "" when nothing is near enough.
std::string suggestion(const CLI::App& app, int argc, char** argv) {
    const CLI::App* cmd = &app;
    bool value_next = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg(argv[i]);
        if (value_next) {
            value_next = false;
            continue;
        }
        if (arg == "--") {
            break;
        }
        if (arg.size() > 1 && arg[0] == '-') {
            const std::string name = arg.substr(0, arg.find('='));
            const CLI::Option* opt = nullptr;
            for (const CLI::App* c = cmd; c != nullptr && opt == nullptr; c = c->get_parent()) {
                opt = c->get_option_no_throw(name);
            }
            if (opt != nullptr) {
                value_next = opt->get_type_size_max() > 0 && arg.find('=') == std::string::npos;
                continue;
            }
            if (!name.starts_with("--")) {
                return {};  // -x: too short to guess from
            }
            std::vector<std::string> names;
            for (const CLI::App* c = cmd; c != nullptr; c = c->get_parent()) {
                for (const CLI::Option* o : c->get_options()) {
                    for (const auto& l : o->get_lnames()) {
                        names.push_back("--" + l);
                    }
                }
            }
            const auto near = nearest(name, names, 1, typo_distance(name));
            return near.empty() ? std::string() : near.front();
        }
        std::vector<std::string> subcommands;
        const CLI::App* next = nullptr;
        for (const CLI::App* sub : cmd->get_subcommands(
                 std::function<bool(const CLI::App*)>([](const CLI::App*) { return true; }))) {
            subcommands.push_back(sub->get_name());
            if (sub->get_name() == arg) {
                next = sub;
            }
        }
        if (next != nullptr) {
            cmd = next;
            continue;
        }
        const bool takes_words =
            !cmd->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
        if (!subcommands.empty() && !takes_words) {
            const auto near = nearest(arg, subcommands, 1, typo_distance(arg));
            return near.empty() ? std::string() : near.front();
        }
    }
    return {};
}

}  // namespace

int run_cli(int argc, char** argv) {
    CommonOptions common;
    common.ieee_data = DAICHO_IEEE_DATA_DIR;
    // The environment gives defaults that the command line overrides. Not CLI11's envname():
    // every subcommand binds its own --db, --config ... to the same variable, and the options of
    // the subcommands not given read the environment after the one given had parsed its value,
    // so DAICHO_DB=a.db `daicho devices --db b.db` read a.db.
    for (const auto& [name, target] :
         {std::pair{"DAICHO_DB", &common.db}, std::pair{"DAICHO_IEEE_DATA", &common.ieee_data},
          std::pair{"DAICHO_CONFIG", &common.config},
          std::pair{"DAICHO_DATA_DIR", &common.data_dir}}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            *target = value;
        }
    }
    common.lang = message_lang(argc, argv);
    CLI::App app{
        tr(common.lang,
           "daicho（台帳）: "
           "病院LANのパッシブ資産台帳。\nパケットキャプチャ（将来はミラーポート）を読み、見えた機器"
           "すべてを SQLite の台帳に記録し、\n台帳・変更レポートとして書き出します。",
           "daicho (台帳): passive asset ledger for hospital LANs.\n"
           "Reads packet captures (or, later, a mirror port), keeps a SQLite ledger of every\n"
           "device seen, and exports it.")};
    const bool ja = common.lang == survey::Lang::ja;
    if (ja) {
        app.option_defaults()->group("オプション");  // before the first option, --help
    }
    app.set_help_flag("-h,--help", tr(common.lang, "このヘルプを表示して終了",
                                      "Print this help message and exit"));
    app.set_version_flag("--version", std::string("daicho ") + DAICHO_VERSION,
                         tr(common.lang, "バージョンを表示して終了",
                            "Display program version information and exit"));
    app.require_subcommand(1);
    if (ja) {
        // CLI11's own words in the help; subcommands share the formatter and copy the group.
        const auto f = app.get_formatter();
        for (const auto& [key, word] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"Usage", "使い方"},
                 {"OPTIONS", "オプション"},
                 {"SUBCOMMAND", "サブコマンド"},
                 {"SUBCOMMANDS", "サブコマンド"},
                 {"Positionals", "引数"},
                 {"REQUIRED", "（必須）"},
                 {"Env", "環境変数"},
                 {"Needs", "必要"},
                 {"Excludes", "同時指定不可"},
                 {"TEXT", "文字列"},
                 {"INT", "整数"},
                 {"UINT", "整数"},
                 {"FLOAT", "数値"}}) {
            f->label(key, word);
        }
    }
    // Every --lang defaults to the locale's language: Japanese unless it is English.
    const std::string locale = locale_lang() == survey::Lang::en ? "en" : "ja";
    // Global, before the subcommand too (`daicho --config FILE devices`).
    app.add_option("--config", common.config, config_help(common.lang));
    app.add_option(
        "--data-dir", common.data_dir,
        tr(common.lang,
           "組み込みの知識ファイルをファイルごとに置き換えるディレクトリ。既定は環境変数 "
           "DAICHO_DATA_DIR",
           "Directory of knowledge files replacing the built-in ones, file by file; "
           "default $DAICHO_DATA_DIR"));

    // The language of the messages and errors of the commands without a report of their own
    // (message_lang() has read it from argv already; registered so that they accept it).
    std::string ui_lang;

    IngestCommand ingest;
    auto* ingest_cmd = app.add_subcommand(
        "ingest",
        tr(common.lang, "pcap/pcapng キャプチャを台帳に取り込む（ファイルごとに全部か無し）",
           "Read pcap/pcapng captures into the ledger (each file all-or-nothing)"));
    add_common(*ingest_cmd, common);
    add_lang(*ingest_cmd, ui_lang, common.lang, "メッセージの言語: ja か en", "Messages: ja or en");
    ingest_cmd
        ->add_option("captures", ingest.captures,
                     tr(common.lang, "キャプチャファイル（pcap または pcapng）",
                        "Capture files (pcap or pcapng)"))
        ->required();
    ingest_cmd->add_option("--disable", ingest.disabled_decoders,
                           tr(common.lang, "名前を指定してデコーダを無効にする（複数指定可）",
                              "Switch a decoder off by name (repeatable)"));
    ingest_cmd->add_flag(
        "--accept-damaged", ingest.accept_damaged,
        tr(common.lang, "途中で切れたキャプチャを拒否せず、破損箇所より前のフレームを取り込む",
           "Keep the frames before the damage in a capture that is cut off, "
           "instead of refusing the file"));
    ingest_cmd->add_flag("-q,--quiet", ingest.quiet,
                         tr(common.lang, "進捗バーを表示しない", "No progress bar"));
    ingest_cmd->add_flag("--counters", ingest.counters,
                         tr(common.lang, "集計の後にデコーダごとのカウンタを表示する",
                            "Print the per-decoder counters after the summary"));
    ingest.absent_days = ledger::kDefaultAbsentDays;
    ingest_cmd
        ->add_option("--absent-days", ingest.absent_days,
                     tr(common.lang,
                        "この日数検出されない機器を長期間未検出として記録する（既定は設定の "
                        "absent_days、なければ 30）",
                        "A device unseen this many days is recorded as absent (default 30)"))
        ->check(CLI::Range(1, 3650));

    RunCommand run;
    auto* run_cmd = app.add_subcommand(
        "run",
        tr(common.lang,
           "ミラーポートを停止されるまでライブで取り込み、台帳を更新し続ける（サービス本体）",
           "Capture mirror ports live into the ledger until stopped (the service)"));
    add_common(*run_cmd, common);
    run_cmd->add_option(
        "-i,--interface", run.interfaces,
        tr(common.lang, "取り込むインタフェース（複数指定可）。既定は設定の capture.interfaces",
           "Interface to capture on (repeatable); default: the config's "
           "capture.interfaces"));
    run_cmd->add_option(
        "--filter", run.filter,
        tr(common.lang, "--interface で指定したものに掛ける BPF フィルタ（pcap-filter(7)）",
           "BPF filter (pcap-filter(7)) for the --interface ones"));
    run_cmd
        ->add_option("--merge-seconds", run.merge_seconds,
                     tr(common.lang, "台帳に書き込む間隔（秒）。既定は設定の値、なければ 5",
                        "Seconds between ledger writes (default: the config's, else 5)"))
        ->check(CLI::Range(1, 3600));

    run_cmd->add_flag(
        "--console", run.console,
        tr(common.lang, "Windows サービスとしてでなく、このコンソールで動かす（Ctrl-C で停止）",
           "Run in this console (Ctrl-C stops it), not as the Windows service"));
    // The messages' language: message_lang() has read it from argv already; registered so
    // that the commands without a report of their own accept it too.
    std::string messages_lang;
    add_lang(*run_cmd, messages_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");

    auto* interfaces_cmd = app.add_subcommand(
        "interfaces",
        tr(common.lang, "ライブで取り込めるインタフェースを、run に指定できる名前で一覧表示する",
           "List the interfaces live capture can open, by the names run accepts"));
    add_common(*interfaces_cmd, common);
    add_lang(*interfaces_cmd, messages_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");

    // The Windows service (systemd's unit on Linux: these commands say so).
    ServiceCommand service_opts;
    auto* service_cmd = app.add_subcommand(
        "service",
        tr(common.lang,
           "Windows サービス: 登録（install）、削除（remove）、開始（start）、停止（stop）",
           "The Windows service: install, remove, start, stop"));
    service_cmd->require_subcommand(1);
    auto* service_install_cmd = service_cmd->add_subcommand(
        "install", tr(common.lang, "daicho を起動時に開始するサービスとして登録する（管理者）",
                      "Register daicho as a service started at boot (administrator)"));
    auto* service_remove_cmd = service_cmd->add_subcommand(
        "remove", tr(common.lang, "サービスを停止して削除する", "Stop and remove the service"));
    auto* service_start_cmd = service_cmd->add_subcommand(
        "start", tr(common.lang, "サービスを開始する", "Start the service"));
    auto* service_stop_cmd = service_cmd->add_subcommand(
        "stop", tr(common.lang, "サービスを停止する", "Stop the service"));
    auto* service_run_cmd = service_cmd->add_subcommand(
        "run", tr(common.lang,
                  "サービス コントロール マネージャーが起動するもの（サービスとしての daicho run）",
                  "What the service control manager starts (daicho run as the service)"));
    for (auto* sub : {service_install_cmd, service_remove_cmd, service_start_cmd, service_stop_cmd,
                      service_run_cmd}) {
        add_common(*sub, common);
        sub->add_option(
            "--name", service_opts.name,
            tr(common.lang, "サービス名（既定は daicho）", "Service name (default daicho)"));
        add_lang(*sub, messages_lang, common.lang, "メッセージの言語: ja か en",
                 "Messages: ja or en");
    }

    ServeCommand serve;
    auto* serve_cmd = app.add_subcommand(
        "serve",
        tr(common.lang,
           "台帳の HTTP API とダッシュボード（トークン必須）だけを出す（キャプチャしない）",
           "Serve the HTTP API and the dashboard (bearer token) over the ledger, without "
           "capturing"));
    add_common(*serve_cmd, common);
    serve_cmd->add_option("--listen", serve.listen,
                          tr(common.lang, "アドレス:ポート（既定は 127.0.0.1:8470）",
                             "ADDRESS:PORT (default 127.0.0.1:8470)"));
    serve_cmd
        ->add_option(
            "--token-file", serve.token_file,
            tr(common.lang, "1 行目がベアラートークンのファイル（他のユーザーが読めないこと）",
               "File whose first line is the bearer token (not world-readable)"))
        ->required();
    serve_cmd
        ->add_option("--read-timeout", serve.read_timeout,
                     tr(common.lang, "クライアントが要求全体を送り終えるまでの秒数（既定は 10）",
                        "Seconds a client has to send its whole request (default 10)"))
        ->check(CLI::Range(1, 300));
    auto* tls_cert_opt = serve_cmd->add_option(
        "--tls-certificate", serve.tls_certificate,
        tr(common.lang, "HTTPS で出す: PEM 形式の証明書（中間証明書を続けてよい）",
           "Serve HTTPS: the PEM certificate (intermediates may follow it)"));
    auto* tls_key_opt = serve_cmd->add_option(
        "--tls-key", serve.tls_key,
        tr(common.lang, "その秘密鍵（PEM、暗号化なし、daicho だけが読めるファイル）",
           "Its private key (PEM, unencrypted, readable by daicho only)"));
    tls_cert_opt->needs(tls_key_opt);
    tls_key_opt->needs(tls_cert_opt);
    add_lang(*serve_cmd, messages_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");

    ConfigCheckCommand config_check;
    auto* config_cmd =
        app.add_subcommand("config", tr(common.lang, "設定ファイルの道具", "Config file tools"));
    config_cmd->require_subcommand(1);
    auto* config_check_cmd = config_cmd->add_subcommand(
        "check", tr(common.lang, "設定ファイルを daicho run と同じように検査し、内容を表示する",
                    "Validate a config file as daicho run loads it, and say what it holds"));
    config_check_cmd
        ->add_option("file", config_check.file,
                     tr(common.lang, "設定ファイル（JSON）", "Config file (JSON)"))
        ->required();
    add_lang(*config_check_cmd, ui_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");

    DevicesCommand devices;
    devices.lang = locale;
    auto* devices_cmd = app.add_subcommand(
        "devices", tr(common.lang, "台帳の機器を一覧表示する", "List the devices in the ledger"));
    add_common(*devices_cmd, common);
    devices_cmd
        ->add_option("--format", devices.format,
                     tr(common.lang, "table, json, csv（既定: -o の拡張子、なければ table）",
                        "table, json or csv (default: -o's extension, else table)"))
        ->check(CLI::IsMember({"table", "json", "csv"}));
    add_lang(*devices_cmd, devices.lang, common.lang, "表の見出しと機器種別の言語: ja か en",
             "Table headers and categories: ja or en");
    add_output(*devices_cmd, devices.output, common.lang);
    devices_cmd->add_flag("--external", devices.external,
                          tr(common.lang,
                             "代わりに外部の通信先を一覧表示する（キャプチャしたリンク上で、すべて"
                             "のアドレスがアドレス計画の外にある局: ISP のルータなど）",
                             "List the external endpoints instead: stations on a captured link "
                             "whose every address is outside the address plan (an ISP's router)"));

    ExplainCommand explain;
    explain.lang = locale;
    auto* explain_cmd = app.add_subcommand(
        "explain",
        tr(common.lang, "機器がその種別になった理由（該当したルールと証跡）を表示する",
           "Show why a device got its category: the rules that fired and their evidence"));
    add_common(*explain_cmd, common);
    explain_cmd
        ->add_option("device", explain.device,
                     tr(common.lang, "機器: 台帳ID、MACアドレス、IPアドレス、ホスト名のいずれか",
                        "Device: ledger id, MAC, IP address or host name"))
        ->required();
    add_lang(*explain_cmd, explain.lang, common.lang, "表示の言語: ja か en", "Labels: ja or en");

    AnnotateCommand annotate;
    auto* annotate_cmd = app.add_subcommand(
        "annotate",
        tr(common.lang,
           "人が知っている機器の情報（所在、利用者、管理番号、機器種別など）を記録する",
           "Record what a person knows about a device (location, user, asset tag, category, ...)"));
    add_common(*annotate_cmd, common);
    add_lang(*annotate_cmd, ui_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");
    annotate_cmd
        ->add_option("device", annotate.device,
                     tr(common.lang, "機器: 台帳ID、MACアドレス、IPアドレス、ホスト名のいずれか",
                        "Device: ledger id, MAC, IP address or host name"))
        ->required();
    annotate_cmd->add_option(
        "values", annotate.values,
        tr(common.lang,
           "キー=値 ...（キー= で削除）。キー: asset_tag name category subtype role location "
           "department owner_dept user custodian model serial maint_vendor maint_until "
           "remote_maint status note。category と status は日本語でも英語でも可（医療機器 / "
           "medical）",
           "key=value ... (key= removes). Keys: asset_tag name category "
           "subtype role location department owner_dept user custodian model "
           "serial maint_vendor maint_until remote_maint status note. "
           "category and status in Japanese or English (医療機器 or medical)"));
    annotate_cmd->add_option(
        "--by", annotate.by,
        tr(common.lang, "記録者（履歴に残ります）。既定は設定の operator、なければ OS のユーザー",
           "Who records this (kept in the history); default: the config's "
           "operator, else the OS user"));
    annotate_cmd->add_flag(
        "--new-department", annotate.new_department,
        tr(common.lang, "設定にない部署（または管理部署）を新しい部署として受け付ける",
           "Accept a department (or owner_dept) the config does not name"));

    LedgerCommand ledger_opts;
    ledger_opts.lang = locale;
    auto* ledger_cmd = app.add_subcommand(
        "ledger", tr(common.lang,
                     "調査票の台帳を書き出す: Q8 情報機器台帳（--kind it）または Q9 "
                     "医療機器台帳（--kind medical）",
                     "Write the survey ledger: Q8 IT devices (--kind it) or Q9 medical devices"));
    add_common(*ledger_cmd, common);
    ledger_cmd
        ->add_option("--kind", ledger_opts.kind,
                     tr(common.lang, "it（Q8 情報機器台帳）または medical（Q9 医療機器台帳）",
                        "it (Q8 情報機器台帳) or medical (Q9)"))
        ->check(CLI::IsMember({"it", "medical"}));
    ledger_cmd
        ->add_option("--format", ledger_opts.format,
                     tr(common.lang, "csv, xlsx, json（既定: -o の拡張子、なければ csv）",
                        "csv, xlsx or json (default: -o's extension, else csv)"))
        ->check(CLI::IsMember({"csv", "xlsx", "json"}));
    add_lang(*ledger_cmd, ledger_opts.lang, common.lang, "列見出しの言語: ja か en",
             "Column headers: ja or en");
    add_output(*ledger_cmd, ledger_opts.output, common.lang, true);

    EventsCommand events;
    events.lang = locale;
    auto* events_cmd = app.add_subcommand(
        "events", tr(common.lang,
                     "台帳の履歴を一覧表示する: "
                     "新規機器、アドレス・名前・バージョン・機器種別の変更、長期間未検出と再検出",
                     "List the ledger's history: new devices, address, name, version and category "
                     "changes, absent and returned devices"));
    add_common(*events_cmd, common);
    events_cmd->add_option("--since", events.since,
                           tr(common.lang,
                              "WHEN 以降: UTC の日付・日時（2026-03-01, "
                              "2026-03-01T09:00）または最新のイベントからさかのぼる期間（7d, 24h）",
                              "From WHEN: a UTC date or time (2026-03-01, 2026-03-01T09:00) or a "
                              "span back from the newest event (7d, 24h)"));
    events_cmd->add_option("--device", events.device,
                           tr(common.lang, "この機器だけ: ID、MACアドレス、IPアドレス、ホスト名",
                              "Only this device: id, MAC, IP address or host name"));
    std::vector<std::string> kind_ids;
    for (const auto& k : ledger::kEventKinds) {
        kind_ids.emplace_back(k);
    }
    events_cmd
        ->add_option("--kind", events.kinds,
                     tr(common.lang, "この種類だけ（複数指定可）", "Only this kind (repeatable)"))
        ->check(CLI::IsMember(kind_ids));
    events_cmd
        ->add_option("--format", events.format,
                     tr(common.lang, "table, json, csv, xlsx（既定: -o の拡張子、なければ table）",
                        "table, json, csv or xlsx (default: -o's extension, else table)"))
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
    add_lang(*events_cmd, events.lang, common.lang, "表示と見出しの言語: ja か en",
             "Labels and headers: ja or en");
    add_output(*events_cmd, events.output, common.lang);

    ChangesCommand changes;
    changes.lang = locale;
    auto* changes_cmd = app.add_subcommand(
        "changes",
        tr(common.lang,
           "月次の変更レポート: "
           "指定日または直前のキャプチャ以降に新規接続・撤去・名前変更・IPアドレス変更・機器種別変"
           "更・ファームウェア更新のあった機器と、台帳では稼働なのに検出されない機器",
           "The monthly report: devices new, gone, renamed, re-addressed, re-classified or "
           "re-flashed since a date or since the previous capture, and devices marked 稼働 but not "
           "seen"));
    add_common(*changes_cmd, common);
    auto* since_opt = changes_cmd->add_option(
        "--since", changes.since,
        tr(common.lang,
           "WHEN 以降: 設定の time_zone での日付・日時（2026-03-01, 2026-03-01T09:00）",
           "From WHEN: a date or time in the config's time_zone (2026-03-01, 2026-03-01T09:00)"));
    auto* since_capture_opt =
        changes_cmd->add_flag("--since-capture", changes.since_capture,
                              tr(common.lang, "最新のキャプチャと、それより前のキャプチャとの差",
                                 "What the newest capture shows against the captures before it"));
    since_opt->excludes(since_capture_opt);
    changes_cmd
        ->add_option(
            "--absent-days", changes.absent_days,
            tr(common.lang,
               "この日数検出されない機器を撤去とみなす（既定は設定の absent_days、なければ 30）",
               "A device unseen this many days is gone (default: the config's "
               "absent_days, else 30)"))
        ->check(CLI::Range(1, 3650));
    changes_cmd
        ->add_option("--format", changes.format,
                     tr(common.lang, "table, csv, xlsx, json（既定: -o の拡張子、なければ table）",
                        "table, csv, xlsx or json (default: -o's extension, else table)"))
        ->check(CLI::IsMember({"table", "csv", "xlsx", "json"}));
    add_lang(*changes_cmd, changes.lang, common.lang, "表示と見出しの言語: ja か en",
             "Labels and headers: ja or en");
    add_output(*changes_cmd, changes.output, common.lang);

    DepartmentsCommand departments;
    departments.lang = locale;
    auto* departments_cmd = app.add_subcommand(
        "departments",
        tr(common.lang, "拠点・部署ごとの機器（--config）と、どの部署にも割り当たらない機器",
           "Devices per site and department (--config), then the devices no mapping covers"));
    add_common(*departments_cmd, common);
    departments_cmd
        ->add_option("--format", departments.format,
                     tr(common.lang, "table, json, csv（既定: -o の拡張子、なければ table）",
                        "table, json or csv (default: -o's extension, else table)"))
        ->check(CLI::IsMember({"table", "json", "csv"}));
    add_lang(*departments_cmd, departments.lang, common.lang, "表示の言語: ja か en", "ja or en");
    add_output(*departments_cmd, departments.output, common.lang);

    TopologyCommand topology;
    topology.lang = locale;
    auto* topology_cmd = app.add_subcommand(
        "topology",
        tr(common.lang, "ネットワーク構成図: 部署、サブネット、ゲートウェイ、スイッチ、外部（Q10）",
           "The network picture: departments, subnets, gateways, switches, the outside (Q10)"));
    add_common(*topology_cmd, common);
    topology_cmd
        ->add_option("--format", topology.format,
                     tr(common.lang, "svg, dot, json, drawio（既定: -o の拡張子、なければ svg）",
                        "svg, dot, json or drawio (default: -o's extension, else svg)"))
        ->check(CLI::IsMember({"svg", "dot", "json", "drawio"}));
    topology_cmd->add_option("--department", topology.department,
                             tr(common.lang, "この部署の機器を 1 台ずつ描く",
                                "List this department's devices one by one"));
    add_lang(*topology_cmd, topology.lang, common.lang, "表示の言語: ja か en", "Labels: ja or en");
    add_output(*topology_cmd, topology.output, common.lang);

    ConnectionsCommand connections;
    connections.lang = locale;
    auto* connections_cmd = app.add_subcommand(
        "connections",
        tr(common.lang,
           "部署ごとの外部接続点（Q10）: VPN、リモート操作、Web "
           "など。外部から開始されたものを先に、それぞれ証跡付きで",
           "External connection points per department (Q10): VPN, remote control, web ...; "
           "those opened from outside first, each with its evidence"));
    add_common(*connections_cmd, common);
    connections_cmd
        ->add_option("--format", connections.format,
                     tr(common.lang, "table, json, csv, xlsx（既定: -o の拡張子、なければ table）",
                        "table, json, csv or xlsx (default: -o's extension, else table)"))
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
    add_lang(*connections_cmd, connections.lang, common.lang, "表示と見出しの言語: ja か en",
             "Labels and headers: ja or en");
    add_output(*connections_cmd, connections.output, common.lang, true);

    ImportLedgerCommand import_ledger;
    import_ledger.lang = locale;
    auto* import_cmd = app.add_subcommand(
        "import", tr(common.lang, "病院の記録を取り込む", "Bring a hospital's own records in"));
    import_cmd->require_subcommand(1);
    auto* import_ledger_cmd = import_cmd->add_subcommand(
        "ledger",
        tr(common.lang,
           "台帳（CSV または XLSX）を注記として取り込む: 行は "
           "MAC・IP・ホスト名で機器に対応付け、対応しない行と台帳にない機器を報告",
           "Import a ledger (CSV or XLSX) as annotations: rows matched to devices by MAC, IP, host "
           "name; unmatched rows and unlisted devices reported"));
    add_common(*import_ledger_cmd, common);
    import_ledger_cmd
        ->add_option(
            "file", import_ledger.file,
            tr(common.lang, "台帳: FILE.csv または FILE.xlsx", "The ledger: FILE.csv or FILE.xlsx"))
        ->required();
    import_ledger_cmd->add_option("--sheet", import_ledger.sheet,
                                  tr(common.lang, "読む XLSX のシート（既定: 最初のシート）",
                                     tr(common.lang, "読む XLSX のシート（既定: 最初のシート）",
                                        "XLSX worksheet to read (default: the first)")));
    import_ledger_cmd->add_option(
        "--map", import_ledger.map,
        tr(common.lang,
           "\"見出し=キー\": その列をキー（注記キー、mac、ip、hostname）として読む。\"見出し=\" "
           "で無視（複数指定可）",
           "\"header=key\": read that column as key (annotation key, mac, "
           "ip or hostname); \"header=\" ignores it (repeatable)"));
    import_ledger_cmd
        ->add_option("--header-row", import_ledger.header_row,
                     tr(common.lang, "見出しの行番号（既定: 先頭の行から自動で探す）",
                        "Row number of the header (default: found in the first rows)"))
        ->check(CLI::PositiveNumber);
    import_ledger_cmd
        ->add_option("--kind", import_ledger.kind,
                     tr(common.lang,
                        "it か medical: どの機器を台帳にない機器として数えるか（既定: "
                        "見出しから判断、なければ it）",
                        "it or medical: which devices count as missing from the ledger "
                        "(default: from the headers, else it)"))
        ->check(CLI::IsMember({"it", "medical"}));
    import_ledger_cmd->add_flag("--clear-empty", import_ledger.clear_empty,
                                tr(common.lang, "空のセルで注記を削除する（既定: 残す）",
                                   "An empty cell removes the annotation (default: leaves it)"));
    import_ledger_cmd->add_flag("--dry-run", import_ledger.dry_run,
                                tr(common.lang, "変更内容を表示するだけで何も書き込まない",
                                   "Show what would change; write nothing"));
    import_ledger_cmd->add_option(
        "--by", import_ledger.by,
        tr(common.lang, "記録者（履歴に残ります）。既定は設定の operator、なければ OS のユーザー",
           "Who records this (kept in the history); default: the "
           "config's operator, else the OS user"));
    import_ledger_cmd
        ->add_option(
            "--format", import_ledger.format,
            tr(common.lang, "報告の形式: table, json, csv（既定: -o の拡張子、なければ table）",
               "Report: table, json or csv (default: -o's extension, else "
               "table)"))
        ->check(CLI::IsMember({"table", "json", "csv"}));
    add_lang(*import_ledger_cmd, import_ledger.lang, common.lang, "報告の言語: ja か en",
             "Report language: ja or en");
    import_ledger_cmd->add_option("-o,--output", import_ledger.output,
                                  tr(common.lang, "報告を標準出力でなく FILE に書き出す",
                                     "Write the report to FILE instead of stdout"));

    SurveyCommand survey_opts;
    survey_opts.lang = locale;
    auto* survey_cmd = app.add_subcommand(
        "survey",
        tr(common.lang,
           "厚生労働省の調査票を下書きする: Q8〜Q13 "
           "の推奨回答を、判断基準・証跡・不足・確度付きで（基準日 2026-03-31）",
           "Pre-fill the MHLW survey: Q8-Q13 recommended answers with criteria, evidence, gaps and "
           "confidence (reference date 2026-03-31)"));
    add_common(*survey_cmd, common);
    survey_cmd->add_option("--as-of", survey_opts.as_of,
                           tr(common.lang, "基準日 YYYY-MM-DD（既定は調査の基準日 2026-03-31）",
                              "Reference date YYYY-MM-DD (default: the survey's, 2026-03-31)"));
    survey_cmd
        ->add_option("--format", survey_opts.format,
                     tr(common.lang, "md, html, json, xlsx（既定: -o の拡張子、なければ md）",
                        "md, html, json or xlsx (default: -o's extension, else md)"))
        ->check(CLI::IsMember({"md", "html", "json", "xlsx"}));
    add_lang(*survey_cmd, survey_opts.lang, common.lang, "表示の言語: ja か en", "ja or en");
    add_output(*survey_cmd, survey_opts.output, common.lang, true);

    AttestCommand attest;
    attest.lang = locale;
    auto* attest_cmd = app.add_subcommand(
        "attest",
        tr(common.lang,
           "調査のために人が確認した事項（台帳の管理部署、見直し日、ESU、オフラインでの更新、認証情"
           "報のリセット）を記録する。--list で一覧",
           "Record what a person states for the survey (ledger department, review dates, ESU, "
           "offline patching, credential reset); --list shows them"));
    add_common(*attest_cmd, common);
    attest_cmd->add_option("key", attest.key,
                           "ledger_department it_ledger_review medical_ledger_review "
                           "me_ledger_reconciled network_diagram_review wan_edges_mirrored "
                           "nw_patch_review vendor_checklist esu ltsc offline_patching "
                           "credentials_reset");
    attest_cmd->add_option("value", attest.value,
                           tr(common.lang, "確認した内容（名前、契約、記録）",
                              "What is stated (a name, a contract, a record)"));
    attest_cmd->add_option(
        "--device", attest.device,
        tr(common.lang, "対象の機器（ID、MAC、IP アドレスまたはホスト名）。既定は病院全体",
           "About this device (id, MAC, IP address or host name); default: the "
           "whole hospital"));
    attest_cmd->add_option("--by", attest.by,
                           tr(common.lang, "確認者。既定は設定の operator、なければ OS のユーザー",
                              "Who states it; default: the config's operator, else the OS user"));
    attest_cmd->add_option("--date", attest.date,
                           tr(common.lang, "確認の日付（見直し日、契約日）YYYY-MM-DD。既定は今日",
                              "The date it states (the review, the contract), YYYY-MM-DD; default "
                              "today"));
    attest_cmd->add_flag("--list", attest.list,
                         tr(common.lang, "すべての確認事項を有効期限とともに一覧表示する",
                            "List every statement with its validity"));
    add_lang(*attest_cmd, attest.lang, common.lang, "表示の言語: ja か en", "ja or en");

    ImportTrainingCommand import_training;
    auto* import_training_cmd = import_cmd->add_subcommand(
        "training",
        tr(common.lang,
           "職員のセキュリティ研修の記録（CSV または XLSX: 実施日、研修名、対象者、受講者数）を "
           "Q11 のために取り込む",
           "Import staff security training records (CSV or XLSX: date, course, audience, "
           "attendees) for Q11"));
    add_common(*import_training_cmd, common);
    import_training_cmd
        ->add_option("file", import_training.file,
                     tr(common.lang, "FILE.csv または FILE.xlsx", "FILE.csv or FILE.xlsx"))
        ->required();
    import_training_cmd->add_option("--sheet", import_training.sheet,
                                    "XLSX worksheet to read (default: the first)");
    add_lang(*import_training_cmd, ui_lang, common.lang, "メッセージの言語: ja か en",
             "Messages: ja or en");

    EvidenceCommand evidence;
    evidence.lang = locale;
    auto* evidence_cmd = app.add_subcommand(
        "evidence",
        tr(common.lang,
           "提出用の証跡パックを作る: Q8・Q9 台帳、構成図、外部接続点、調査回答、確認記録、"
           "研修記録と SHA-256 の一覧（manifest.json, SHA256SUMS）",
           "Make the dated evidence pack for the inspector: the Q8/Q9 ledgers, the "
           "diagram, the connection points, the survey pre-fill, attestations, "
           "training records and a SHA-256 manifest"));
    add_common(*evidence_cmd, common);
    evidence_cmd->add_option(
        "--out", evidence.out,
        tr(common.lang, "作るディレクトリ（既定: daicho-evidence-YYYY-MM-DD）。既にあれば作らない",
           "Directory to create (default: daicho-evidence-YYYY-MM-DD); "
           "never an existing one"));
    evidence_cmd->add_option("--as-of", evidence.as_of,
                             tr(common.lang, "調査の基準日 YYYY-MM-DD（既定: 2026-03-31）",
                                "The survey's reference date YYYY-MM-DD (default: 2026-03-31)"));
    add_lang(*evidence_cmd, evidence.lang, common.lang, "表示の言語: ja か en", "ja or en");

    PruneCommand prune;
    prune.lang = locale;
    auto* prune_cmd = app.add_subcommand(
        "prune", tr(common.lang,
                    "保存期間（設定の retention）を過ぎたイベントと証拠を今すぐ削除する。"
                    "daicho run は毎日自動で行う",
                    "Delete the events and evidence older than the config's retention now "
                    "(daicho run does it daily)"));
    add_common(*prune_cmd, common);
    prune_cmd->add_flag("--dry-run", prune.dry_run,
                        tr(common.lang, "削除する件数を数えるだけで、何も削除しない",
                           "Count what would be deleted; delete nothing"));
    add_lang(*prune_cmd, prune.lang, common.lang, "表示の言語: ja か en", "ja or en");

    // After every subcommand is added: the ones added later kept CLI11's English group
    // ("Subcommands:") in the Japanese help.
    if (ja) {
        for (CLI::App* parent : {&app, import_cmd, config_cmd, service_cmd}) {
            for (CLI::App* sub : parent->get_subcommands(
                     std::function<bool(CLI::App*)>([](CLI::App*) { return true; }))) {
                sub->group("サブコマンド");
                if (CLI::Option* help = sub->get_help_ptr(); help != nullptr) {
                    help->group("オプション");
                }
            }
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help, --version
            return app.exit(e) == 0 ? kExitOk : kExitUsage;
        }
        // CLI11's own message, with the prefix every error has and what was probably meant.
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        if (const auto near = suggestion(app, argc, argv); !near.empty()) {
            std::cerr << "daicho: " << message(Msg::did_you_mean, common.lang, {near}) << '\n';
        }
        std::cerr << message(Msg::help_hint, common.lang) << '\n';
        return kExitUsage;
    }

    // The reporting boundary: every stage error becomes one line and a non-zero status.
    try {
        if (*config_check_cmd) {
            return run_config_check(config_check);
        }
        // Before any command touches the ledger: a bad config stops the run with the ledger as
        // it was.
        if (!common.config.empty()) {
            common.settings = config::load(common.config);
            const config::Config& loaded = common.settings;
            common.departments = loaded.departments;
            common.flood = loaded.flood;
            common.operator_name = loaded.operator_name;
            common.hospital = loaded.hospital;
            common.time_zone = loaded.time_zone;
            common.absent_days = loaded.absent_days;
            if (ingest_cmd->get_option("--absent-days")->count() == 0) {
                ingest.absent_days = loaded.absent_days;
            }
            if (common.data_dir.empty()) {
                common.data_dir = loaded.data_dir;
            }
        }
        // A broken knowledge file stops the run before the ledger is opened.
        common.knowledge = common.data_dir.empty() ? ledger::Knowledge::builtin()
                                                   : ledger::Knowledge::load(common.data_dir);
        if (*ingest_cmd) {
            return run_ingest(common, ingest);
        }
        if (*run_cmd) {
            return run_run(common, run);
        }
        if (*serve_cmd) {
            return run_serve(common, serve);
        }
        if (*interfaces_cmd) {
            return run_interfaces(common);
        }
        if (*service_install_cmd) {
            return run_service_install(common, service_opts);
        }
        if (*service_remove_cmd) {
            return run_service_remove(common, service_opts);
        }
        if (*service_start_cmd) {
            return run_service_start(common, service_opts);
        }
        if (*service_stop_cmd) {
            return run_service_stop(common, service_opts);
        }
        if (*service_run_cmd) {
            return run_service_run(common, service_opts);
        }
        if (*devices_cmd) {
            return run_devices(common, devices);
        }
        if (*explain_cmd) {
            return run_explain(common, explain);
        }
        if (*annotate_cmd) {
            return run_annotate(common, annotate);
        }
        if (*ledger_cmd) {
            return run_ledger(common, ledger_opts);
        }
        if (*events_cmd) {
            return run_events(common, events);
        }
        if (*changes_cmd) {
            return run_changes(common, changes);
        }
        if (*departments_cmd) {
            return run_departments(common, departments);
        }
        if (*topology_cmd) {
            return run_topology(common, topology);
        }
        if (*connections_cmd) {
            return run_connections(common, connections);
        }
        if (*import_ledger_cmd) {
            return run_import_ledger(common, import_ledger);
        }
        if (*import_training_cmd) {
            return run_import_training(common, import_training);
        }
        if (*survey_cmd) {
            return run_survey(common, survey_opts);
        }
        if (*attest_cmd) {
            return run_attest(common, attest);
        }
        if (*evidence_cmd) {
            return run_evidence(common, evidence);
        }
        if (*prune_cmd) {
            return run_prune(common, prune);
        }
    } catch (const CliError& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        for (const auto& line : e.details()) {
            std::cerr << "  " << escape_control(line) << '\n';
        }
        return e.status();
    } catch (const config::Error& e) {
        std::cerr << "daicho: error: " << escape_control(error_text(e, common.lang)) << '\n';
        return kExitFailure;
    } catch (const ledger::Error& e) {
        std::cerr << "daicho: error: " << escape_control(error_text(e, common.lang)) << '\n';
        return kExitFailure;
    } catch (const collectors::CaptureUnavailable& e) {
        std::cerr << "daicho: error: "
                  << escape_control(message(Msg::capture_library_missing, common.lang,
                                            {e.library(), e.where(), e.what()}))
                  << '\n';
        return kExitFailure;
    } catch (const service::ServiceError& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    } catch (const collectors::CaptureError& e) {
        std::cerr << "daicho: error: " << escape_control(error_text(e, common.lang)) << '\n';
        return kExitFailure;
    } catch (const std::invalid_argument& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "daicho: error: " << escape_control(e.what()) << '\n';
        return kExitFailure;
    }
    return kExitUsage;
}

}  // namespace daicho::agent
