// The libraries' errors as a person meets them through the real `daicho` binary: Japanese by
// default (the tests' environment has no LANG), English with --lang en, naming the file or the
// key, and the same non-zero exit status in both languages (ISSUE 12: "errors in Japanese
// under the default locale"). The libraries raise codes and arguments; the words are the
// CLI's (cli/error_text.cpp).

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::q;
using daicho::test::Run;
using daicho::test::run_daicho;

namespace {

// One ARP reply: enough for a ledger with one device.
std::vector<std::byte> one_arp() {
    std::vector<daicho::test::PcapRecord> recs;
    recs.push_back({daicho::test::hex("ffffffffffff 001873de57c1 0806"
                                      "0001 0800 06 04 0002 001873de57c1 c0a87b02"
                                      "000000000000 00000000"
                                      "000000000000000000000000000000000000"),
                    1772438400, 0, 0});
    return daicho::test::pcap_bytes(recs);
}

struct Both {
    Run ja;
    Run en;
};

// `args` as given (the default language: Japanese) and with --lang en after the subcommand.
Both both(const daicho::test::TempDir& tmp, const std::string& subcommand,
          const std::string& args) {
    Both b;
    b.ja = run_daicho(tmp, subcommand + " " + args);
    b.en = run_daicho(tmp, subcommand + " --lang en " + args);
    return b;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// One line, with the prefix every error has.
void check_error_line(const Run& r) {
    CHECK(r.err.rfind("daicho: error: ", 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1);
}

}  // namespace

TEST_CASE("ledger errors in Japanese, and in English with --lang en", "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "one.pcap";
    daicho::test::write_file(cap, one_arp());

    SECTION("no ledger") {
        const auto absent = tmp.path() / "absent.db";
        const auto r = both(tmp, "devices", "--db " + q(absent));
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        check_error_line(r.ja);
        CHECK(has(r.ja.err, "台帳 " + absent.string() + " がありません"));
        CHECK(has(r.ja.err, "daicho ingest"));
        CHECK(r.en.err ==
              "daicho: error: no ledger at " + absent.string() + "; run daicho ingest first\n");
        CHECK(!fs::exists(absent));
    }
    SECTION("a ledger from a newer daicho") {
        const auto db = tmp.path() / "newer.db";
        REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        REQUIRE(sqlite3_exec(h, "PRAGMA user_version=999", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
        const auto r = both(tmp, "ingest", "--db " + q(db) + " " + q(cap));
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        check_error_line(r.ja);
        CHECK(has(r.ja.err, "台帳 " + db.string() + " はこの daicho より新しい版で作られています"));
        CHECK(has(r.ja.err, "スキーマ版 999"));
        CHECK(has(r.en.err, db.string() + ": ledger schema version 999 is newer than this daicho"));
    }
    SECTION("a ledger another process is writing") {
        const auto db = tmp.path() / "busy.db";
        REQUIRE(run_daicho(tmp, "ingest --db " + q(db) + " " + q(cap)).status == 0);
        auto other = one_arp();
        other.back() = std::byte{0x55};  // another capture, so the ingest has to write
        const auto cap2 = tmp.path() / "two.pcap";
        daicho::test::write_file(cap2, other);
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        REQUIRE(sqlite3_exec(h, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
        // Each run waits out the ledger's busy timeout before it gives up.
        const auto r = both(tmp, "ingest", "--db " + q(db) + " " + q(cap2));
        sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(h);
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, "台帳 " + db.string() + " は別のプロセスが使用中です"));
        CHECK(has(r.en.err, db.string() + ": "));
        CHECK(has(r.en.err, "the ledger is locked by another process"));
    }
    SECTION("a ledger that is a directory") {
        const auto r = both(tmp, "devices", "--db " + q(tmp.path()));
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, tmp.path().string() + " はディレクトリです"));
        CHECK(has(r.en.err, tmp.path().string() + ": is a directory, not a ledger file"));
    }
}

TEST_CASE("capture errors in Japanese, and in English with --lang en", "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";

    SECTION("a missing capture") {
        const auto nope = tmp.path() / "nope.pcap";
        const auto r = both(tmp, "ingest", "--db " + q(db) + " " + q(nope));
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(r.ja.err.rfind(
                  "daicho: error: キャプチャファイル " + nope.string() + " がありません\n", 0) ==
              0);
        CHECK(r.en.err.rfind("daicho: error: " + nope.string() + ": no such file\n", 0) == 0);
        CHECK(!fs::exists(db));  // the ledger is never created for nothing
    }
    SECTION("a file that is not a capture") {
        const auto txt = tmp.path() / "README.md";
        daicho::test::write_file(txt, daicho::test::bytes_of("# not a capture\n"));
        const auto r = both(tmp, "ingest", "--db " + q(db) + " " + q(txt));
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, txt.string() + " はキャプチャファイルではありません"));
        CHECK(has(r.en.err, txt.string() + ": not a packet capture"));
    }
    SECTION("a capture cut off in the middle of a record") {
        auto bytes = one_arp();
        bytes.resize(bytes.size() - 20);
        const auto cut = tmp.path() / "cut.pcap";
        daicho::test::write_file(cut, bytes);
        const auto r = both(tmp, "ingest", "--db " + q(db) + " " + q(cut));
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, "キャプチャ " + cut.string() + " はフレーム 0 の後で壊れています"));
        CHECK(has(r.en.err, cut.string() + ": damaged after frame 0"));
    }
}

TEST_CASE("config errors in Japanese name the file and the key", "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    const auto config = tmp.path() / "daicho.json";
    const auto run = [&](const std::string& text) {
        daicho::test::write_file(config, daicho::test::bytes_of(text));
        return both(tmp, "config check", q(config));
    };

    SECTION("an unknown key") {
        const auto r = run(R"({"departments": [{"name": "放射線科", "subnet": ["10.1.0.0/24"]}]})");
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        check_error_line(r.ja);
        CHECK(has(r.ja.err, "設定ファイル " + config.string() +
                                " の departments[0]: "
                                "未知のキー「subnet」があります"));
        CHECK(has(r.ja.err, "使えるキー: name, site, subnets, vlans"));
        CHECK(has(r.en.err, config.string() + ": departments[0]: unknown key \"subnet\""));
    }
    SECTION("a bad CIDR") {
        const auto r =
            run(R"({"departments": [{"name": "放射線科", "subnets": ["10.1.300.0/24"]}]})");
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, "設定ファイル " + config.string() +
                                " の departments[0].subnets[0]: "
                                "\"10.1.300.0/24\" はサブネット"));
        CHECK(has(r.en.err, "departments[0].subnets[0]: \"10.1.300.0/24\" is not an IPv4 or IPv6"));
    }
    SECTION("a VLAN out of range, and one given twice") {
        auto r = run(R"({"departments": [{"name": "検査科", "vlans": [5000]}]})");
        CHECK(r.ja.status == 1);
        CHECK(
            has(r.ja.err, "departments[0].vlans[0]: 5000 は 1 から 4094 までの整数にしてください"));
        CHECK(has(r.en.err, "departments[0].vlans[0]: 5000 must be an integer from 1 to 4094"));
        r = run(
            R"({"departments": [{"name": "検査科", "vlans": [20]}, {"name": "薬剤部", "vlans": [20]}]})");
        CHECK(r.ja.status == 1);
        CHECK(has(r.ja.err, "VLAN 20 は既に departments[0].vlans[0] にあります"));
    }
    SECTION("a wrong type") {
        const auto r = run(R"({"departments": {"name": "検査科"}})");
        CHECK(r.ja.status == 1);
        CHECK(has(r.ja.err, "設定ファイル " + config.string() +
                                " の departments: 配列（[ … ]）にしてください（今の値: "));
        CHECK(has(r.en.err, config.string() + ": departments: must be an array, not "));
    }
    SECTION("a value that is none of the choices, and half a TLS setup") {
        auto r = run(R"({"export": {"dir": "packs", "schedule": "yearly"}})");
        CHECK(r.ja.status == 1);
        CHECK(has(r.ja.err, "export.schedule: \"yearly\" は使えません（\"monthly\", \"weekly\", "
                            "\"daily\" のいずれか）"));
        r = run(R"({"api": {"listen": "127.0.0.1:8470", "token_file": "t", "tls_key": "k.pem"}})");
        CHECK(r.ja.status == 1);
        CHECK(has(r.ja.err, "api: 「tls_key」があるのに「tls_certificate」がありません"));
        CHECK(has(r.en.err, "api: \"tls_key\" is given without \"tls_certificate\""));
    }
    SECTION("not JSON: the line and column") {
        const auto r = run("{\n  \"departments\": [\n    {\"name\": \"x\",}\n  ]\n}\n");
        INFO(r.ja.err << r.en.err);
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(has(r.ja.err, "設定ファイル " + config.string() + ": 3 行 "));
        CHECK(has(r.ja.err, "列目が JSON として正しくありません"));
        CHECK(has(r.en.err, config.string() + ": not valid JSON at line 3, column "));
    }
    SECTION("a missing config file stops any command the same way") {
        const auto absent = tmp.path() / "absent.json";
        const auto r = both(tmp, "devices", "--config " + q(absent) + " --db " + q(db));
        CHECK(r.ja.status == 1);
        CHECK(r.en.status == 1);
        CHECK(r.ja.err ==
              "daicho: error: 設定ファイル " + absent.string() + ": ファイルがありません\n");
        CHECK(r.en.err == "daicho: error: " + absent.string() + ": no such config file\n");
    }
}

TEST_CASE("a broken knowledge file: its path, line and problem in Japanese",
          "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    const auto data = tmp.path() / "data";
    fs::create_directories(data);
    const auto makers = data / "medical_makers.json";

    daicho::test::write_file(makers, daicho::test::bytes_of("{\n  \"version\": 1,\n  oops\n}\n"));
    auto r = both(tmp, "devices", "--data-dir " + q(data) + " --db " + q(db));
    INFO(r.ja.err << r.en.err);
    CHECK(r.ja.status == 1);
    CHECK(r.en.status == 1);
    check_error_line(r.ja);
    CHECK(has(r.ja.err,
              "知識ファイル " + makers.string() + " の 3 行 3 列目は JSON として正しくありません"));
    CHECK(has(r.en.err, makers.string() + ":3:3: not valid JSON"));

    // Valid JSON, a wrong entry: the file and where in it.
    daicho::test::write_file(makers, daicho::test::bytes_of(R"({"version": 1})"));
    r = both(tmp, "devices", "--data-dir " + q(data) + " --db " + q(db));
    CHECK(r.ja.status == 1);
    CHECK(has(r.ja.err, "知識ファイル " + makers.string() + " に誤りがあります: "));
    CHECK(has(r.en.err, makers.string() + ": needs an integer \"version\""));

    // A data directory that is a file.
    r = both(tmp, "devices", "--data-dir " + q(makers) + " --db " + q(db));
    CHECK(r.ja.status == 1);
    CHECK(has(r.ja.err, "データディレクトリ " + makers.string() + " はディレクトリではありません"));
}

TEST_CASE("import file errors in Japanese", "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto db = tmp.path() / "ledger.db";
    const auto absent = tmp.path() / "absent.csv";
    const auto r = both(tmp, "import training", "--db " + q(db) + " " + q(absent));
    INFO(r.ja.err << r.en.err);
    CHECK(r.ja.status == 1);
    CHECK(r.en.status == 1);
    CHECK(has(r.ja.err, absent.string() + " を読めません: ファイルがありません"));
    CHECK(has(r.en.err, absent.string() + ": cannot read: no such file"));
}

TEST_CASE("no IEEE registry: a warning in Japanese naming the directory, the ingest goes on",
          "[agent][cli][errors]") {
    daicho::test::TempDir tmp;
    const auto cap = tmp.path() / "one.pcap";
    daicho::test::write_file(cap, one_arp());
    const auto empty = tmp.path() / "ieee";
    fs::create_directories(empty);
    // Named through DAICHO_IEEE_DATA, the variable the tests name the registry by.
    const std::string args = "--db " + q(tmp.path() / "ledger.db") + " " + q(cap);
    Both r;
    r.ja = run_daicho(tmp, "ingest " + args, "DAICHO_IEEE_DATA=" + q(empty));
    r.en = run_daicho(tmp, "ingest --lang en " + args, "DAICHO_IEEE_DATA=" + q(empty));
    INFO(r.ja.err << r.en.err);
    CHECK(r.ja.status == 0);
    CHECK(r.en.status == 0);
    CHECK(has(r.ja.err, "メーカー名を引けません（" + empty.string() + " に IEEE の登録ファイル"));
    CHECK(has(r.en.err,
              "vendor names unavailable (" + empty.string() + ": no readable IEEE registry file"));
}
