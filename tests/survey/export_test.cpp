// Device exports: JSON for programs, CSV for Excel, a table for the terminal. Every string
// may be hostile: formulas, control bytes, invalid UTF-8, very long values.

#include "daicho/survey/export.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/survey_ledger.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::AddressEntry;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::format_time_utc;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

constexpr std::size_t kLongValue = 10240;  // a 10 KB wire value

const std::vector<std::string>& hostile_strings() {
    static const std::vector<std::string> k{
        "=cmd|' /C calc'!A0",
        "+1",
        "-1",
        "@SUM(A1:A2)",
        "\tX",
        "\rY",
        std::string("nul\0inside", 10),
        "esc\x1b[2J\x1b]0;pwned\x07",
        "bad utf8 \xff\xfe end",
        "truncated \xe3\x81",
        std::string("\xef\xbc\x9d") + "1+1",          // full-width ＝
        std::string("rtl \xe2\x80\xae") + "gpj.exe",  // U+202E
        std::string("csi \xc2\x9b") + "31m",          // C1 CSI
        "quote \" and, comma",
        "line\nbreak",
        std::string(kLongValue, 'A'),
        "病院-ポンプ01",
    };
    return k;
}

DeviceRecord hostile_device(const std::string& s, std::int64_t id) {
    DeviceRecord d;
    d.id = id;
    d.mac = "00:11:22:33:44:55";
    d.vendor = s;
    d.mac_kind = "global";
    d.hostnames = {s, "plain"};
    d.category = "unknown";
    d.software = {{s, "", "http", "software"}};
    d.addresses = {AddressEntry{"192.0.2.1", "arp", kT0, kT0 + 1, {"/c/" + s, 4}}};
    d.vlans = {10, 20};
    d.first_seen_us = kT0;
    d.last_seen_us = kT0 + 456;
    d.facts = {
        {daicho::collectors::FactKind::hostname, s, "dhcp", kT0, kT0, 2, {"/c.pcap", 9}, "", ""}};
    return d;
}

std::vector<DeviceRecord> hostile_devices() {
    std::vector<DeviceRecord> ds;
    std::int64_t id = 1;
    for (const auto& s : hostile_strings()) {
        ds.push_back(hostile_device(s, id++));
    }
    return ds;
}

// Strict UTF-8 check (no overlongs, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n >= s.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        const char32_t min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n + 1;
    }
    return true;
}

// RFC 4180 reader for the test: rows of cells, CRLF line ends required.
std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false;
    bool in_quotes = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                in_quotes = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && cell.empty() && !quoted) {
            in_quotes = quoted = true;
        } else if (c == ',') {
            rows.back().push_back(cell);
            cell.clear();
            quoted = false;
        } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            quoted = false;
            rows.emplace_back();
            ++i;
        } else {
            REQUIRE(c != '"');   // stray quote in an unquoted cell
            REQUIRE(c != '\n');  // bare LF
            cell += c;
        }
    }
    REQUIRE_FALSE(in_quotes);
    REQUIRE(cell.empty());
    REQUIRE(rows.back().empty());  // ends with CRLF
    rows.pop_back();
    return rows;
}

bool has_raw_control(std::string_view s, std::string_view allowed) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 || u == 0x7F) && allowed.find(c) == std::string_view::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("times are ISO-8601 UTC with microseconds", "[ledger][export]") {
    CHECK(format_time_utc(kT0 + 456) == "2026-03-09T01:02:03.000456Z");
    CHECK(format_time_utc(0) == "1970-01-01T00:00:00.000000Z");
    CHECK(format_time_utc(-1) == "1969-12-31T23:59:59.999999Z");
    CHECK(format_time_utc(951'782'400'000'000) == "2000-02-29T00:00:00.000000Z");
}

TEST_CASE("JSON export of a real ledger round-trips with every documented key",
          "[ledger][export]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    vendors.add("001122", "Acme \"Medical\"");
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/ward.pcap", 1, "d", 1});
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:55", 10, 5, 500, kT0 + 1, kT0 + 456, c, 3));
    b.observations.push_back(arp("00:11:22:33:44:55", "192.0.2.10", c, 3, kT0 + 1));
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::hostname, "pump-01", "dhcp", c, 6, kT0 + 2));
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::software, "nginx/1.2", "http", c, 7, kT0 + 2));
    w.apply(b);
    w.commit_capture(7, 0);

    std::ostringstream out;
    const auto devices = l.devices();
    daicho::survey::write_devices_json(out, devices);
    const auto j = nlohmann::json::parse(out.str());
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    const auto& d = j[0];
    for (const char* key : {"id", "domain", "mac", "ips", "vlans", "vendor", "mac_kind",
                            "hostnames", "category", "software", "first_seen", "last_seen",
                            "packets", "bytes", "addresses", "evidence", "facts"}) {
        CHECK(d.contains(key));
    }
    CHECK(d["id"] == devices[0].id);
    CHECK(d["mac"] == "00:11:22:33:44:55");
    CHECK(d["ips"] == nlohmann::json::array({"192.0.2.10"}));
    CHECK(d["vlans"] == nlohmann::json::array({10}));
    CHECK(d["vendor"] == "Acme \"Medical\"");
    CHECK(d["mac_kind"] == "global");
    CHECK(d["hostnames"] == nlohmann::json::array({"pump-01"}));
    CHECK(d["category"] == "unknown");
    CHECK(d["software"][0]["product"] == "nginx");
    CHECK(d["software"][0]["version"] == "1.2");
    CHECK(d["software"][0]["source"] == "http");
    CHECK(d["first_seen"] == "2026-03-09T01:02:03.000001Z");
    CHECK(d["last_seen"] == "2026-03-09T01:02:03.000456Z");
    CHECK(d["packets"] == 5);
    CHECK(d["bytes"] == 500);
    CHECK(d["evidence"]["capture"] == "/captures/ward.pcap");
    CHECK(d["evidence"]["frame"] == 3);
    CHECK(d["addresses"][0]["address"] == "192.0.2.10");
    CHECK(d["addresses"][0]["source"] == "arp");
    CHECK(d["addresses"][0]["evidence"]["frame"] == 3);
    REQUIRE(d["facts"].size() == 2);
    CHECK(d["facts"][0]["kind"] == "hostname");
    CHECK(d["facts"][0]["count"] == 1);
    CHECK(d["facts"][0]["evidence"]["frame"] == 6);

    std::ostringstream empty;
    daicho::survey::write_devices_json(empty, {});
    CHECK(nlohmann::json::parse(empty.str()) == nlohmann::json::array());
}

TEST_CASE("JSON export never throws on hostile strings and stays valid", "[ledger][export]") {
    const auto ds = hostile_devices();
    std::ostringstream out;
    REQUIRE_NOTHROW(daicho::survey::write_devices_json(out, ds));
    const std::string text = out.str();
    CHECK(valid_utf8(text));
    CHECK_FALSE(has_raw_control(text, "\n"));
    const auto j = nlohmann::json::parse(text);
    REQUIRE(j.size() == ds.size());
    CHECK(j[0]["vendor"] == "=cmd|' /C calc'!A0");  // JSON keeps the value; it is not a sheet
    CHECK(j[6]["vendor"] == std::string("nul\0inside", 10));
    CHECK(j[8]["vendor"] == "bad utf8 \xef\xbf\xbd\xef\xbf\xbd end");  // U+FFFD twice
    CHECK(j[15]["vendor"].get<std::string>().size() == kLongValue);
}

TEST_CASE("CSV export is Excel-safe", "[ledger][export]") {
    const auto ds = hostile_devices();
    std::ostringstream out;
    daicho::survey::write_devices_csv(out, ds);
    const std::string text = out.str();
    REQUIRE(text.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(valid_utf8(text));
    CHECK_FALSE(has_raw_control(text, "\r\n"));
    const auto rows = parse_csv(std::string_view(text).substr(3));
    REQUIRE(rows.size() == ds.size() + 1);
    CHECK(rows[0] == std::vector<std::string>{"id", "mac", "vendor", "mac_kind", "ips", "vlans",
                                              "hostnames", "category", "subtype", "confidence",
                                              "software", "first_seen", "last_seen", "packets",
                                              "bytes"});
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        for (const std::string& cell : rows[r]) {
            INFO("row " << r << " cell " << cell.substr(0, 60));
            if (!cell.empty()) {
                CHECK(std::string_view("=+-@\t\r").find(cell.front()) == std::string_view::npos);
                CHECK(cell.rfind("\xef\xbc\x9d", 0) != 0);
            }
            CHECK(cell.size() <= 32000);
        }
    }
    const auto& formula = rows[1];
    CHECK(formula[0] == "1");
    CHECK(formula[2] == "'=cmd|' /C calc'!A0");
    CHECK(formula[4] == "192.0.2.1");
    CHECK(formula[5] == "10 20");
    CHECK(formula[6] == "'=cmd|' /C calc'!A0 plain");
    CHECK(formula[10] == "'=cmd|' /C calc'!A0");
    CHECK(formula[12] == "2026-03-09T01:02:03.000456Z");
    CHECK(rows[2][2] == "'+1");
    CHECK(rows[3][2] == "'-1");
    CHECK(rows[4][2] == "'@SUM(A1:A2)");
    CHECK(rows[5][2] == "'\\x09X");
    CHECK(rows[6][2] == "'\\x0DY");
    CHECK(rows[7][2] == "nul\\x00inside");
    CHECK(rows[8][2] == "esc\\x1B[2J\\x1B]0;pwned\\x07");
    CHECK(rows[9][2] == "bad utf8 \\xFF\\xFE end");
    CHECK(rows[10][2] == "truncated \\xE3\\x81");
    CHECK(rows[11][2] ==
          "'\xef\xbc\x9d"
          "1+1");
    CHECK(rows[12][2] == "rtl \\u202Egpj.exe");
    CHECK(rows[13][2] == "csi \\u009B31m");
    CHECK(rows[14][2] == "quote \" and, comma");
    CHECK(rows[15][2] == "line\\x0Abreak");
    CHECK(rows[16][2] == std::string(kLongValue, 'A'));
    CHECK(rows[17][2] == "病院-ポンプ01");
}

TEST_CASE("the table has aligned columns and no raw control bytes", "[ledger][export]") {
    const auto ds = hostile_devices();
    std::ostringstream out;
    daicho::survey::write_devices_table(out, ds);
    const std::string text = out.str();
    CHECK(valid_utf8(text));
    CHECK_FALSE(has_raw_control(text, "\n"));
    std::istringstream lines(text);
    std::string header;
    std::getline(lines, header);
    CHECK(header.rfind("ID  MAC", 0) == 0);
    for (const char* col :
         {"VENDOR", "CATEGORY", "CONF", "IPS", "VLANS", "HOSTNAMES", "LAST SEEN"}) {
        CHECK(header.find(col) != std::string::npos);
    }
    const auto vendor_col = header.find("VENDOR");
    const auto ips_col = header.find("IPS");
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
        ++n;
        CHECK(line.size() < 400);  // the 10 KB value was cut
        const bool ascii = std::all_of(line.begin(), line.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii) {  // ASCII-only rows line up byte for byte with the header
            CHECK(line.substr(ips_col, 9) == "192.0.2.1");
        }
        CHECK(line.substr(vendor_col - 2, 2) == "  ");
    }
    CHECK(n == ds.size());
    CHECK(text.find("\\x1B[2J") != std::string::npos);
    CHECK(text.find("2026-03-09T01:02:03Z") != std::string::npos);

    std::ostringstream empty;
    daicho::survey::write_devices_table(empty, {});
    CHECK(empty.str().rfind("ID", 0) == 0);
}

TEST_CASE("survey ledgers: every cell Excel-safe whatever the wire or a person wrote",
          "[ledger][export][survey]") {
    using daicho::survey::Lang;
    using daicho::survey::LedgerKind;
    auto ds = hostile_devices();
    for (auto& d : ds) {
        d.category = d.id % 2 == 0 ? "medical" : "server";
        d.annotations = {
            {"location", hostile_strings().at(static_cast<std::size_t>(d.id - 1)), kT0, "cli"}};
    }
    for (const auto kind : {LedgerKind::it, LedgerKind::medical}) {
        for (const auto lang : {Lang::ja, Lang::en}) {
            const auto sheet = daicho::survey::survey_ledger(ds, kind, lang);
            INFO("kind " << static_cast<int>(kind) << " lang " << static_cast<int>(lang));
            CHECK(sheet.rows.size() == ds.size() / 2 + (kind == LedgerKind::it ? 1 : 0));
            std::ostringstream out;
            daicho::survey::write_sheet_csv(out, sheet);
            const std::string text = out.str();
            REQUIRE(text.rfind("\xEF\xBB\xBF", 0) == 0);
            CHECK(valid_utf8(text));
            CHECK_FALSE(has_raw_control(text, "\r\n"));
            const auto rows = parse_csv(std::string_view(text).substr(3));
            REQUIRE(rows.size() == sheet.rows.size() + 1);
            std::size_t neutralised = 0;
            for (std::size_t r = 1; r < rows.size(); ++r) {
                REQUIRE(rows[r].size() == rows[0].size());
                for (const std::string& cell : rows[r]) {
                    INFO("row " << r << " cell " << cell.substr(0, 60));
                    if (!cell.empty()) {
                        CHECK(std::string_view("=+-@\t\r").find(cell.front()) ==
                              std::string_view::npos);
                        CHECK(cell.rfind("\xef\xbc\x9d", 0) != 0);
                        neutralised += cell.front() == '\'' ? 1 : 0;
                    }
                    CHECK(cell.size() <= 32000);
                }
            }
            CHECK(neutralised > 0);  // the formula strings reached a ledger and were defused

            TempDir tmp;
            const auto xlsx = tmp.path() / "ledger.xlsx";
            daicho::survey::write_xlsx(xlsx, {sheet});
            CHECK(std::filesystem::file_size(xlsx) > 0);
        }
    }
}

TEST_CASE("survey ledgers: OS and firmware apart from the services running on them",
          "[ledger][export][survey]") {
    using daicho::survey::Lang;
    using daicho::survey::LedgerKind;
    DeviceRecord d;
    d.id = 7;
    d.mac = "00:11:22:33:44:55";
    d.mac_kind = "global";
    d.category = "server";
    // One decoder (SMB) states both the OS and the LAN manager: the kind, not the decoder,
    // says which column each belongs to.
    d.software = {{"Windows Server 2019", "10.0.17763", "smb", "os"},
                  {"Samba", "4.17.12", "smb", "software"},
                  {"OpenSSH", "8.9p1", "ssh", "software"},
                  {"Cisco IOS", "15.2(4)E10", "cdp", "system_description"}};
    d.services = {"tcp/22", "tcp/445"};
    const auto sheet = daicho::survey::survey_ledger({&d, 1}, LedgerKind::it, Lang::en);
    REQUIRE(sheet.rows.size() == 1);
    const auto keys = daicho::survey::survey_ledger_keys(LedgerKind::it);
    const auto col = [&](std::string_view key) {
        const auto it = std::find(keys.begin(), keys.end(), key);
        REQUIRE(it != keys.end());
        return sheet.rows[0].at(static_cast<std::size_t>(it - keys.begin()));
    };
    CHECK(col("os_fw") == "Windows Server 2019 10.0.17763 | Cisco IOS 15.2(4)E10");
    CHECK(col("services") == "Samba 4.17.12 | OpenSSH 8.9p1 | tcp/22 | tcp/445");
}

TEST_CASE("survey ledgers: build, model, serial and OS of software statements in their columns",
          "[ledger][export][survey]") {
    using daicho::survey::Lang;
    using daicho::survey::LedgerKind;
    const auto entry = [](std::string product, std::string version, std::string source,
                          std::string kind) {
        daicho::ledger::SoftwareEntry e;
        e.product = std::move(product);
        e.version = std::move(version);
        e.source = std::move(source);
        e.kind = std::move(kind);
        return e;
    };
    DeviceRecord fw;
    fw.id = 1;
    fw.mac = "00:09:0f:00:00:01";
    fw.category = "network";
    auto fortios = entry("FortiOS", "7.2.8", "lldp", "system_description");
    fortios.build = "build1639";
    fortios.model = "FortiGate-60F";
    auto cert = entry("FortiGate", "", "tls", "certificate");
    cert.serial = "FGT60FTK2109A001";
    fw.software = {fortios, cert};
    DeviceRecord pi;
    pi.id = 2;
    pi.mac = "dc:a6:32:00:00:02";
    pi.category = "pc";
    auto dhcpcd = entry("dhcpcd", "9.4.1", "dhcp", "vendor_class");
    dhcpcd.os = "Linux 5.10.103-v7l+";
    pi.software = {dhcpcd};
    const std::vector<DeviceRecord> both{fw, pi};
    const auto sheet = daicho::survey::survey_ledger(both, LedgerKind::it, Lang::ja);
    REQUIRE(sheet.rows.size() == 2);
    const auto keys = daicho::survey::survey_ledger_keys(LedgerKind::it);
    const auto col = [&](std::size_t row, std::string_view key) {
        const auto it = std::find(keys.begin(), keys.end(), key);
        REQUIRE(it != keys.end());
        return sheet.rows[row].at(static_cast<std::size_t>(it - keys.begin()));
    };
    CHECK(col(0, "os_fw") == "FortiOS 7.2.8 build1639");
    CHECK(col(0, "model") == "FortiGate-60F");
    CHECK(col(0, "serial") == "FGT60FTK2109A001");
    CHECK(col(0, "services") == "FortiGate");
    // A client statement's OS goes to the OS column, the client itself to the services.
    CHECK(col(1, "os_fw") == "Linux 5.10.103-v7l+");
    CHECK(col(1, "services") == "dhcpcd 9.4.1");

    // Q9: software version (OS and application), model and serial.
    DeviceRecord ct;
    ct.id = 3;
    ct.mac = "00:80:91:00:00:03";
    ct.category = "medical";
    auto bare =
        entry("Canon Medical Systems (Toshiba)", "V8.30SP0010", "dicom", "implementation_version");
    auto hl7 = entry("CNS-6201 HL7 Gateway", "05-02", "hl7", "software");
    auto rtx = entry("YAMAHA RTX1210", "Rev.14.01.42", "snmp", "system_description");
    rtx.model = "RTX1210";
    ct.software = {bare, hl7, rtx};
    const auto q9 = daicho::survey::survey_ledger({&ct, 1}, LedgerKind::medical, Lang::ja);
    REQUIRE(q9.rows.size() == 1);
    const auto q9_keys = daicho::survey::survey_ledger_keys(LedgerKind::medical);
    const auto q9_col = [&](std::string_view key) {
        const auto it = std::find(q9_keys.begin(), q9_keys.end(), key);
        REQUIRE(it != q9_keys.end());
        return q9.rows[0].at(static_cast<std::size_t>(it - q9_keys.begin()));
    };
    CHECK(q9_col("software") ==
          "Canon Medical Systems (Toshiba) V8.30SP0010 | CNS-6201 HL7 Gateway 05-02 | YAMAHA "
          "RTX1210 Rev.14.01.42");
    CHECK(q9_col("model") == "RTX1210");

    // The device JSON names every part.
    std::ostringstream json_text;
    daicho::survey::write_devices_json(json_text, both);
    const auto doc = nlohmann::json::parse(json_text.str());
    const auto& sw = doc.at(0).at("software").at(0);
    CHECK(sw.at("product") == "FortiOS");
    CHECK(sw.at("version") == "7.2.8");
    CHECK(sw.at("build") == "build1639");
    CHECK(sw.at("model") == "FortiGate-60F");
    CHECK(sw.at("serial") == "");
    CHECK(sw.at("os") == "");
    CHECK(doc.at(0).at("software").at(1).at("serial") == "FGT60FTK2109A001");
    CHECK(doc.at(1).at("software").at(0).at("os") == "Linux 5.10.103-v7l+");
}

TEST_CASE("the table in Japanese: headers and categories, columns aligned by display width",
          "[ledger][export]") {
    auto ds = hostile_devices();
    ds[0].category = "medical";
    ds[1].category = "network";
    ds[1].subtype = "switch";
    std::ostringstream out;
    daicho::survey::write_devices_table(out, ds, daicho::survey::Lang::ja);
    const std::string text = out.str();
    CHECK(valid_utf8(text));
    CHECK_FALSE(has_raw_control(text, "\n"));
    std::istringstream lines(text);
    std::string header;
    std::getline(lines, header);
    CHECK(header.rfind("ID  MAC", 0) == 0);
    for (const char* col : {"メーカー", "機器種別", "確度", "IPアドレス", "ホスト名", "最終検出"}) {
        CHECK(header.find(col) != std::string::npos);
    }
    std::string first;
    std::getline(lines, first);
    CHECK(first.find("医療機器") != std::string::npos);
    std::string second;
    std::getline(lines, second);
    CHECK(second.find("ネットワーク機器/switch") != std::string::npos);
    // 機器種別 is two columns per character: the IP column starts at the same display column
    // in the header (ja) and in a row whose category is Japanese.
    const auto column_of = [](const std::string& line, std::string_view needle) {
        return daicho::ledger::text::display_width(line.substr(0, line.find(needle)));
    };
    CHECK(column_of(header, "IPアドレス") == column_of(first, "192.0.2.1"));
}

TEST_CASE("survey ledgers: a device outside the address plan is no asset",
          "[ledger][export][survey]") {
    using daicho::survey::Lang;
    using daicho::survey::LedgerKind;
    std::vector<DeviceRecord> ds(2);
    ds[0].id = 1;
    ds[0].mac = "00:09:0f:00:00:01";
    ds[0].category = "network";
    ds[1].id = 2;
    ds[1].mac = "00:1a:eb:00:00:01";  // the ISP's router on the WAN segment
    ds[1].category = "network";
    ds[1].outside_plan = true;
    const auto sheet = daicho::survey::survey_ledger(ds, LedgerKind::it, Lang::en);
    REQUIRE(sheet.rows.size() == 1);
    ds[0].category = "medical";
    ds[1].category = "medical";
    CHECK(daicho::survey::survey_ledger(ds, LedgerKind::medical, Lang::en).rows.size() == 1);
}
