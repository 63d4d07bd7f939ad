// The dated evidence pack for the inspector and the file (issue 14), made by `daicho evidence`
// and by `daicho run`'s export schedule (export/export_schedule.h): both survey ledgers (XLSX,
// CSV), the network picture (SVG, draw.io), the external connection points (XLSX, CSV), the
// survey pre-fill (HTML, JSON, XLSX), the attestations and the training records (CSV), a README
// naming each file, and a manifest (manifest.json, SHA256SUMS) with every file's SHA-256 and
// the observation window.
//
// One pack, one moment: every file is made from one copy of the ledger (SQLite's online
// backup), so a capture committing meanwhile cannot leave the Q8 ledger and the survey
// disagreeing. The pack is built in DIR.partial-PID and renamed to DIR only when complete: a
// crash or a full disk never leaves a half pack under the name a person hands in, and an
// existing DIR is never overwritten (a pack handed in stays as it was).

#include "export/evidence_pack.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daicho/collectors/sha256.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/time.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"

namespace daicho::agent {

namespace {

namespace fs = std::filesystem;

struct PackFile {
    std::string name;
    std::string what;
};

// The ledger as it is now (Ledger::copy_to: SQLite's online backup, one consistent moment while
// readers and the capture's writer go on).
void copy_ledger(const CommonOptions& common, const fs::path& to) {
    const ledger::Ledger source(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    source.copy_to(to);
}

std::string sha256_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string() + " back for its SHA-256");
    }
    collectors::Sha256 sha;
    std::vector<char> buffer(1 << 16);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    std::string hex(64, '0');
    collectors::Sha256::to_hex(sha.finish(), hex);
    return hex;
}

void write_text_file(const fs::path& file, const std::function<void(std::ostream&)>& body) {
    std::ofstream out(file, std::ios::binary);
    body(out);
    out.flush();
    if (!out) {
        throw std::runtime_error("cannot write " + file.string() + " (disk full?)");
    }
}

// Times in the hospital's zone, as every table and sheet a person reads.
survey::Sheet attestation_sheet(const std::vector<ledger::AttestationRecord>& rows, bool ja,
                                const survey::TimeZone& zone) {
    survey::Sheet s;
    s.name = ja ? "確認記録" : "Attestations";
    const std::string recorded = (ja ? "記録日時 (" : "Recorded (") + zone.name() + ")";
    s.headers =
        ja ? std::vector<std::string>{"日付", "項目", "機器ID", "内容", "確認者", recorded}
           : std::vector<std::string>{"Date", "Key", "Device id", "Statement", "By", recorded};
    for (const auto& r : rows) {
        s.rows.push_back({r.date, r.key, r.device_id != 0 ? std::to_string(r.device_id) : "",
                          r.value, r.by, zone.seconds(r.recorded_at_us)});
    }
    return s;
}

survey::Sheet training_sheet(const std::vector<ledger::TrainingRecord>& rows, bool ja) {
    survey::Sheet s;
    s.name = ja ? "研修記録" : "Training";
    s.headers = ja ? std::vector<std::string>{"実施日", "研修名", "対象", "受講者数", "出典"}
                   : std::vector<std::string>{"Date", "Course", "Audience", "Attendees", "Source"};
    for (const auto& r : rows) {
        s.rows.push_back({r.date, r.course, r.audience, std::to_string(r.attendees), r.source});
    }
    return s;
}

// Builds every file of the pack in `dir` from the ledger copy `common.db`.
std::vector<PackFile> build_pack(const CommonOptions& common, const EvidencePackRequest& cmd,
                                 const fs::path& dir, std::vector<std::string>& missing) {
    const bool ja = cmd.lang != "en";
    auto what = [ja](const char* j, const char* e) { return std::string(ja ? j : e); };
    std::vector<PackFile> files;
    auto add = [&](const std::string& name, std::string description,
                   const std::function<void(const fs::path&)>& make) {
        make(dir / name);
        files.push_back({name, std::move(description)});
    };
    for (const char* format : {"xlsx", "csv"}) {
        add(std::string("Q8_it-ledger.") + format,
            what("Q8 IT機器台帳（サーバ・PC・ネットワーク機器）", "Q8 IT device ledger"),
            [&](const fs::path& f) {
                run_ledger(common, {"it", format, cmd.lang, f});
            });
        add(std::string("Q9_medical-ledger.") + format,
            what("Q9 医療機器台帳", "Q9 medical device ledger"), [&](const fs::path& f) {
                run_ledger(common, {"medical", format, cmd.lang, f});
            });
    }
    // The SVG needs Graphviz; a build without it still hands in the draw.io picture.
    try {
        add("Q10_network.svg", what("Q10 ネットワーク構成図（SVG）", "Q10 network diagram (SVG)"),
            [&](const fs::path& f) {
                run_topology(common, {"svg", "", cmd.lang, f});
            });
    } catch (const std::exception& e) {
        missing.push_back(std::string("Q10_network.svg: ") + e.what());
    }
    add("Q10_network.drawio",
        what("Q10 ネットワーク構成図（draw.io で編集可）", "Q10 network diagram (draw.io)"),
        [&](const fs::path& f) {
            run_topology(common, {"drawio", "", cmd.lang, f});
        });
    for (const char* format : {"xlsx", "csv"}) {
        add(std::string("Q10_connections.") + format,
            what("Q10 外部接続点（部署ごと）", "Q10 external connection points"),
            [&](const fs::path& f) {
                run_connections(common, {format, cmd.lang, f});
            });
    }
    for (const char* format : {"html", "json", "xlsx"}) {
        add(std::string("survey.") + format,
            what("調査回答の下書き Q8〜Q13（根拠・不足・確認事項）",
                 "Survey pre-fill Q8-Q13 (evidence, gaps, confirmations)"),
            [&](const fs::path& f) {
                // The pack's SVG when it was drawn: Graphviz lays the picture out once.
                const fs::path svg = dir / "Q10_network.svg";
                run_survey(common,
                           {cmd.as_of, format, cmd.lang, f, fs::exists(svg) ? svg : fs::path()});
            });
    }
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    add("attestations.csv", what("確認記録（daicho attest）", "Attestations (daicho attest)"),
        [&](const fs::path& f) {
            write_text_file(f, [&](std::ostream& out) {
                survey::write_sheet_csv(out, attestation_sheet(ledger::read_attestations(ledger),
                                                               ja, common.time_zone));
            });
        });
    add("training.csv", what("研修記録 Q11（daicho import training）", "Training records Q11"),
        [&](const fs::path& f) {
            write_text_file(f, [&](std::ostream& out) {
                survey::write_sheet_csv(out, training_sheet(ledger::read_training(ledger), ja));
            });
        });
    return files;
}

}  // namespace

EvidencePack write_evidence_pack(const CommonOptions& common, const EvidencePackRequest& cmd) {
    const bool ja = cmd.lang != "en";
    const std::int64_t now = ledger::now_us();
    const std::string today = common.time_zone.date(now);  // "2026/03/31"
    const fs::path& out = cmd.out;
    if (fs::exists(out)) {
        throw std::invalid_argument(
            (ja ? "'" + out.string() +
                      "' は既にあります: 提出した証跡パックは上書きしません。別の --out "
                      "を指定してください"
                : "'" + out.string() +
                      "' exists: an evidence pack is never overwritten; choose another --out"));
    }
    if (!fs::exists(common.db)) {
        throw std::invalid_argument((ja ? "台帳がありません: " : "no ledger at ") +
                                    common.db.string());
    }
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    const fs::path partial =
        parent / (out.filename().string() + ".partial-" + std::to_string(::getpid()));
    fs::create_directories(partial);
    try {
        const fs::path copy = partial / ".ledger-copy.db";
        copy_ledger(common, copy);
        CommonOptions from_copy = common;
        from_copy.db = copy;
        std::vector<std::string> missing;
        auto files = build_pack(from_copy, cmd, partial, missing);
        ledger::ObservationWindow window;
        {
            const ledger::Ledger ledger(copy, ledger::Ledger::Mode::read_only, common.knowledge);
            window = ledger::observation_window(ledger::Snapshot(ledger).captures());
        }
        fs::remove(copy);

        files.push_back({"README.txt", ja ? "この一覧" : "This list"});
        write_text_file(partial / "README.txt", [&](std::ostream& o) {
            o << (ja ? "daicho 証跡パック " : "daicho evidence pack ") << today
              << (common.hospital.empty() ? "" : "  " + common.hospital) << "\r\n\r\n";
            for (const auto& f : files) {
                o << f.name << "\t" << f.what << "\r\n";
            }
            o << "manifest.json\t"
              << (ja ? "各ファイルの SHA-256・大きさと観測期間"
                     : "SHA-256 and size of each file, the observation window")
              << "\r\nSHA256SUMS\t"
              << (ja ? "sha256sum -c SHA256SUMS で改変がないことを確かめられます"
                     : "check with: sha256sum -c SHA256SUMS")
              << "\r\n";
            for (const auto& m : missing) {
                o << (ja ? "作れなかったもの: " : "not made: ") << m << "\r\n";
            }
        });

        nlohmann::ordered_json manifest;
        manifest["generated"] = ledger::format_time_utc(now);
        manifest["generated_local"] = common.time_zone.minutes(now);
        manifest["time_zone"] = common.time_zone.name();
        manifest["daicho"] = DAICHO_VERSION;
        manifest["hospital"] = common.hospital;
        manifest["ledger"] = fs::absolute(common.db).string();
        // The reference date the survey used (its default when --as-of was not given).
        manifest["as_of"] =
            nlohmann::json::parse(std::ifstream(partial / "survey.json")).value("as_of", "");
        manifest["window"] = {
            {"first", window.first_us != 0
                          ? nlohmann::ordered_json(ledger::format_time_utc(window.first_us))
                          : nlohmann::ordered_json(nullptr)},
            {"last", window.last_us != 0
                         ? nlohmann::ordered_json(ledger::format_time_utc(window.last_us))
                         : nlohmann::ordered_json(nullptr)},
            {"captures", window.captures},
            {"frames", window.frames}};
        std::string sums;
        auto& listed = manifest["files"] = nlohmann::ordered_json::array();
        for (const auto& f : files) {
            const std::string hex = sha256_of(partial / f.name);
            listed.push_back({{"name", f.name},
                              {"what", f.what},
                              {"bytes", fs::file_size(partial / f.name)},
                              {"sha256", hex}});
            sums += hex + "  " + f.name + "\n";
        }
        manifest["missing"] = missing;
        write_text_file(partial / "manifest.json",
                        [&](std::ostream& o) { o << manifest.dump(2, ' ', false) << "\n"; });
        write_text_file(partial / "SHA256SUMS", [&](std::ostream& o) { o << sums; });
        fs::rename(partial, out);
        return {out, files.size() + 2, window.first_us, window.last_us, std::move(missing)};
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(partial, ignored);
        throw;
    }
}

}  // namespace daicho::agent
