// Opening ledgers: creation and migration, and refusing files that are not ours (newer
// schema, another application, not SQLite) without changing a byte of them.

// geteuid: root ignores permission bits (POSIX only; Windows runs the other sections).
#ifndef _WIN32
#include <unistd.h>
#endif

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using daicho::ledger::Error;
using daicho::ledger::Ledger;
using daicho::test::query;
using daicho::test::RawDb;
using daicho::test::read_bytes;
using daicho::test::TempDir;
using daicho::test::write_bytes;

namespace {

constexpr const char* kDaichoApplicationId = "1147234627";  // 0x44616943 "DaiC"

// Expects opening `file` in both modes to throw with `message` and leave it byte-identical.
void require_refused_unchanged(const fs::path& file, const std::string& message) {
    const std::string before = read_bytes(file);
    for (auto mode : {Ledger::Mode::read_write, Ledger::Mode::read_only}) {
        INFO("mode " << (mode == Ledger::Mode::read_write ? "read_write" : "read_only"));
        REQUIRE_THROWS_WITH(Ledger(file, mode), Contains(message) && Contains(file.string()));
        CHECK(read_bytes(file) == before);
        CHECK_FALSE(fs::exists(file.string() + "-wal"));
        CHECK_FALSE(fs::exists(file.string() + "-journal"));
    }
}

}  // namespace

TEST_CASE("a new ledger is created at the newest schema, in WAL mode", "[ledger][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "new.ledger";
    {
        Ledger l(file, Ledger::Mode::read_write);
        CHECK(l.schema_version() == Ledger::kSchemaVersion);
        CHECK(query(l, "PRAGMA journal_mode") == "wal");
        CHECK(query(l, "PRAGMA application_id") == kDaichoApplicationId);
        CHECK(query(l, "PRAGMA foreign_keys") == "1");
        CHECK(query(l, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'") ==
              "15");  // 008 capture_claims, 009 device_classes, 014 connection_points/_names,
                      // 015 attestations + training_records, 017 sensor_status
        CHECK(query(l, "SELECT group_concat(name) FROM pragma_table_list "
                       "WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND strict = 0")
                  .empty());
        CHECK(l.device_count() == 0);
        CHECK(l.devices().empty());
        CHECK(l.path() == file);
    }
    REQUIRE(fs::exists(file));

    SECTION("reopening is a no-op") {
        const std::string schema_before =
            RawDb(file).text("SELECT group_concat(sql, ';') FROM sqlite_schema ORDER BY name");
        Ledger again(file, Ledger::Mode::read_write);
        CHECK(again.schema_version() == Ledger::kSchemaVersion);
        CHECK(query(again, "SELECT group_concat(sql, ';') FROM sqlite_schema ORDER BY name") ==
              schema_before);
    }
    SECTION("read-only mode opens it and cannot write") {
        Ledger ro(file, Ledger::Mode::read_only);
        CHECK(ro.schema_version() == Ledger::kSchemaVersion);
        CHECK(ro.devices().empty());
        daicho::ledger::VendorRegistry vendors;
        CHECK_THROWS_AS(daicho::ledger::Writer(ro, vendors), Error);
    }
}

TEST_CASE("an empty file becomes a ledger", "[ledger][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "empty.ledger";
    write_bytes(file, "");
    SECTION("read-only refuses it") {
        CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_only), Contains("run daicho ingest"));
        CHECK(fs::file_size(file) == 0);
    }
    SECTION("read-write initialises it") {
        Ledger l(file, Ledger::Mode::read_write);
        CHECK(l.schema_version() == Ledger::kSchemaVersion);
    }
}

TEST_CASE("a ledger from a newer daicho is refused and left unchanged", "[ledger][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "future.ledger";
    SECTION("daicho application_id") {
        {
            RawDb raw(file);
            raw.exec("CREATE TABLE devices (id INTEGER PRIMARY KEY, future TEXT)");
            raw.exec(std::string("PRAGMA application_id = ") + kDaichoApplicationId);
            raw.exec("PRAGMA user_version = 999");
        }
        require_refused_unchanged(
            file, "ledger schema version 999 is newer than this daicho understands (" +
                      std::to_string(Ledger::kSchemaVersion) + "); upgrade daicho");
    }
    SECTION("in WAL mode") {
        {
            RawDb raw(file);
            raw.exec("PRAGMA journal_mode = WAL");
            raw.exec("CREATE TABLE devices (id INTEGER PRIMARY KEY)");
            raw.exec(std::string("PRAGMA application_id = ") + kDaichoApplicationId);
            raw.exec("PRAGMA user_version = 999");
        }
        const std::string before = read_bytes(file);
        CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_write), Contains("999 is newer"));
        CHECK(read_bytes(file) == before);
    }
}

TEST_CASE("files that are not daicho ledgers are refused and left unchanged", "[ledger][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "other";
    SECTION("a text file") {
        write_bytes(file, "hostname,ip\r\npump-01,192.0.2.10\r\n");
        require_refused_unchanged(file, "not an SQLite database");
    }
    SECTION("a binary file of several pages") {
        std::string junk(8192, '\0');
        for (std::size_t i = 0; i < junk.size(); ++i) {
            junk[i] = static_cast<char>((i * 131U + 7U) & 0xFFU);
        }
        write_bytes(file, junk);
        require_refused_unchanged(file, "not an SQLite database");
    }
    SECTION("an SQLite database with another application_id") {
        {
            RawDb raw(file);
            raw.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");
            raw.exec("PRAGMA application_id = 305419896");  // 0x12345678
        }
        require_refused_unchanged(file, "application_id 0x12345678");
    }
    SECTION("an SQLite database without application_id") {
        {
            RawDb raw(file);
            raw.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            raw.exec("INSERT INTO notes (body) VALUES ('keep me')");
        }
        require_refused_unchanged(file, "not a daicho ledger");
    }
    SECTION("a directory") {
        fs::create_directory(file);
        CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_write), Contains("is a directory"));
    }
}

TEST_CASE("read-only mode on a missing ledger creates nothing", "[ledger][migrate]") {
    TempDir dir;
    const fs::path file = dir.path() / "missing.ledger";
    CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_only),
                      "no ledger at " + file.string() + "; run daicho ingest first");
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("a ledger in a missing or unwritable directory is a clear error", "[ledger][migrate]") {
    TempDir dir;
    SECTION("missing directory") {
        const fs::path file = dir.path() / "no-such-dir" / "x.ledger";
        CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_write),
                          Contains(file.string()) && Contains("does not exist"));
        CHECK_FALSE(fs::exists(file.parent_path()));
    }
#ifndef _WIN32
    SECTION("unwritable directory") {
        // root ignores permission bits, so it gets a directory no one can create files in.
        fs::path file;
        if (geteuid() == 0) {
            file = "/proc/daicho-test.ledger";
        } else {
            fs::create_directory(dir.path() / "ro");
            fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
            file = dir.path() / "ro" / "x.ledger";
        }
        CHECK_THROWS_WITH(Ledger(file, Ledger::Mode::read_write),
                          Contains(file.string()) && Contains("cannot create ledger"));
        CHECK_FALSE(fs::exists(file));
        if (geteuid() != 0) {
            fs::permissions(dir.path() / "ro", fs::perms::owner_all);
        }
    }
#endif
}
