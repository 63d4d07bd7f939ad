// Regex (ledger/src/classify/regex.h, PCRE2): the ECMAScript behaviours the data files rely
// on, compile errors with PCRE2's message and offset, byte subjects that are not UTF-8, and
// every pattern of the built-in data files searched with both PCRE2 and std::regex
// (ECMAScript, the engine they were written for) over the same sample values: same answer,
// same groups. std::regex stays here only as that reference.

#include "classify/regex.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "classify/maker_catalogue.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/ledger.h"

using daicho::ledger::Regex;
using daicho::ledger::classify_data::lower_ascii;
using daicho::ledger::classify_data::lower_pattern;
using nlohmann::json;

namespace {

// A data-file pattern as the library compiles it, and whether its subjects are lower-cased
// first (classification rules and the maker catalogue) or searched as sent (software).
struct DataPattern {
    std::string where;
    std::string source;  // as compiled
    bool lowered = false;
};

json data_file(std::string_view name) {
    return json::parse(daicho::ledger::data::embedded_file(name));
}

void rule_patterns(const json& condition, const std::string& where, std::vector<DataPattern>& out) {
    if (condition.contains("not")) {
        rule_patterns(condition.at("not"), where, out);
        return;
    }
    for (const char* key : {"regex", "vendor"}) {
        if (condition.contains(key)) {
            out.push_back(
                {where + " " + key, lower_pattern(condition.at(key).get<std::string>()), true});
        }
    }
}

std::vector<DataPattern> data_patterns() {
    std::vector<DataPattern> out;
    // Named: a range-for over a temporary's member would outlive the temporary.
    const json rules = data_file("classification_rules.json");
    const json makers = data_file("medical_makers.json");
    const json software = data_file("software_patterns.json");
    for (const auto& r : rules.at("rules")) {
        for (const auto& c : r.at("when")) {
            rule_patterns(c, "rule " + r.at("id").get<std::string>(), out);
        }
    }
    // The catalogue's patterns as MakerCatalogue builds them: per maker and all makers joined.
    std::vector<std::string> all_names;
    std::vector<std::string> all_products;
    const auto whole_words = [&out](const std::string& where,
                                    const std::vector<std::string>& alternatives) {
        if (!alternatives.empty()) {
            out.push_back(
                {where, lower_pattern(daicho::ledger::whole_words_pattern(alternatives)), true});
        }
    };
    for (const auto& m : makers.at("makers")) {
        const std::string id = m.at("id").get<std::string>();
        std::vector<std::string> names;
        for (const auto& n : m.value("names", json::array())) {
            names.push_back(daicho::ledger::escape_regex(n.get<std::string>()));
        }
        const auto products = m.value("products", std::vector<std::string>());
        for (const auto& p : products) {
            out.push_back({"maker " + id + " product", lower_pattern(p), true});
        }
        whole_words("maker " + id + " names", names);
        whole_words("maker " + id + " products", products);
        all_names.insert(all_names.end(), names.begin(), names.end());
        all_products.insert(all_products.end(), products.begin(), products.end());
    }
    whole_words("all maker names", all_names);
    whole_words("all maker products", all_products);
    for (const auto& p : software.at("patterns")) {
        out.push_back({"software pattern " + p.at("id").get<std::string>(),
                       p.at("regex").get<std::string>(), false});
    }
    return out;
}

// Values as the wire and the tests send them (classify_test, software_test, the shared
// captures), and a few hostile ones.
const std::vector<std::string> kValues{
    "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(44)SE, "
    "RELEASE SOFTWARE (fc1)",
    "IOS (tm) 1600 Software (C1600-NY-L), Version 11.2(12)P, RELEASE SOFTWARE (fc1)",
    "Cisco IOS Software [Bengaluru], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.6.4, "
    "RELEASE SOFTWARE (fc1)",
    "Cisco IOS Software, C1000 Software (C1000-ENTSERVICESK9-M), Version 15.2(7)E8",
    "Cisco IOS XE Software, Version 16.09.04",
    "Cisco Internetwork Operating System Software \r\nIOS (tm) C2600 Software, Version 12.3(26), "
    "RELEASE SOFTWARE (fc2)\r\nTechnical Support: http://www.cisco.com/techsupport",
    "cisco WS-C3560-24TS",
    "cisco 2911",
    "Cisco Adaptive Security Appliance Version 9.8(4)",
    "AIR-AP2802I-Q-K9",
    "Juniper Networks, Inc. srx300 internet router, kernel JUNOS 15.1X49-D150",
    "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 18.2R3",
    "ArubaOS (MODEL: 7210), Version 8.6.0.4",
    "ArubaAP",
    "ArubaInstantAP",
    "HP J9773A 2530-24G-PoEP Switch, revision YA.16.10.0003",
    "AlliedWare Plus (TM) 5.4.7 AT-x510-28GTX",
    "FortiGate-60F v7.2.5,build1517",
    "FortiOS v7.2.5,build1517",
    "FortiSwitch-108E v7.0.1",
    "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)",
    "FortiAP-231F",
    "YAMAHA RTX830",
    "SWX2310-28GT",
    "WLX313",
    "Palo Alto Networks PA-220 series firewall",
    "UNIVERGE IX2106",
    "RouterOS RB4011iGS+",
    "SSH-1.99-Cisco-1.25",
    "SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u3",
    "SSH-2.0-OpenSSH_7.8",
    "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10",
    "SSH-2.0-dropbear_2019.78",
    "Apache/2.4.41 (Ubuntu)",
    "Apache",
    "Apache-Coyote/1.1",
    "nginx/1.18.0",
    "nginx/1.18.0 ",
    "Microsoft-IIS/10.0",
    "Microsoft-HTTPAPI/2.0",
    "SimpleHTTP/0.6 Python/3.11.2",
    "Werkzeug/2.2.2 Python/3.11.2",
    "Virata-EmWeb/R6_2_1",
    "HP HTTP Server; HP LaserJet MFP M428fdw - W1A30A; Serial Number: PHBLL12345",
    "debut/1.30",
    "Windows 10.0.19045",
    "Windows 10.0.14393",
    "Windows 10.0.20348",
    "Windows 10.0.22631",
    "Windows 10.0.99999",
    "Windows 6.1.7601",
    "Windows 5.1.2600",
    "Windows 5.2.3790",
    "Windows 7 Ultimate 7601 Service Pack 1",
    "Windows 7 Ultimate 6.1",
    "Windows 7 SP1",
    "Windows 2000 2195",
    "Windows Server 2003 3790 Service Pack 2",
    "Windows Server 2022",
    "Windows 10 Pro 19045",
    "Windows 5.1",
    "Windows XP",
    "Windows .NET",
    "Mac OS X 10.10",
    "macOS 14.2.1",
    "SMBFS 3.0.0",
    "Samba 4.9.5-Debian",
    "Linux ubuntu-512mb-sfo2-01 4.4.0-31-generic #50~14.04.1-Ubuntu SMP Wed Jul 13 01:07:32 "
    "UTC 2016 x86_64",
    "SMCGS8P-Smart - SMCGS8P-Smart v3.20",
    "SMCGS8P-Smart - SMCGS8P-Other v3.20",
    "IntelliVue M8007A H.15.41",
    "IntelliVue-MX800-B12",
    "OFFIS_DCMTK_367",
    "OFFIS_DCMTK_3610",
    "OFFIS_DCMTK_36",
    "dcm4che-5.29.2",
    "fo-dicom 5.1.2",
    "PYNETDICOM_200",
    "PYDICOM 2.4.4",
    "GODICOM_1_1",
    "1.2.840.10008.5.1.4.1.1.2",
    "1.2.840.10008.5.1.4.1.1.2.1",
    "1.2.840.10008.5.1.4.1.1.6.1",
    "1.2.840.10008.5.1.4.1.1.1.2.1",
    "1.2.840.10008.5.1.4.1.2.2.1",
    "1.2.840.10008.5.1.4.31",
    "1.3.6.1.4.1.12356.101.1.1",
    "1.3.6.1.4.1.8072.3.2.10",
    "1.3.6.1.4.1.2435.2.3.9.1",
    "1,121,3,6,15,108,114,119,252,95,44,46",
    "1,3,6,12,15,28,42",
    "tcp/22",
    "tcp/80",
    "tcp/389",
    "tcp/1433",
    "udp/500",
    "udp/4500",
    "udp/51820",
    "tcp/5061",
    "udp/24005",
    "domain-controller",
    "backup-controller",
    "dicom-scu",
    "dicom-scp",
    "CT",
    "US",
    "MR",
    "MONITOR_GW^NK",
    "CENTRAL",
    "GW",
    "X_GW",
    "ORU^R01",
    "Brother HL-L2350DW series._pdl-datastream._tcp.local",
    "Office._ipp._tcp.local",
    "ty=Brother HL-L2350DW series",
    "model=MacBookPro18,1",
    "rpMd=iPhone14,2",
    "lldp-med class=3",
    "urn:schemas-upnp-org:device:MediaRenderer:1",
    "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0)",
    "Microsoft-Delivery-Optimization/10.0",
    "WIN-ABCDEFGHIJK",
    "DESKTOP-1A2B3C4",
    "BRN30055C414D25",
    "KM1A2B3C",
    "CANON-LBP6230",
    "iPhone",
    "Cisco IP Phone CP-8845",
    "Polycom VVX 411",
    "AXIS M3045-V",
    "DS-2CD2143G0-I",
    "DaichoLab Infusion Gateway IG-200 firmware 4.2.1",
    "Bedside Monitor BSM-3000",
    "Vital Signs Monitor",
    "Syringe Pump TE-351",
    "Ventilator",
    "Cisco Systems, Inc",
    "Brother industries, LTD.",
    "YAMAHA CORPORATION",
    "Dell Inc.",
    "NIHON KOHDEN AMERICA",
    "TERUMO CORPORATION",
    "Axis Communications AB",
    "FUJIFILM Corporation",
    "Philips Medical Systems",
    "GE Healthcare CARESCAPE B650",
    "Life Scope G9 CSM-1901",
    "ECG-1350",
    "SYNAPSE 5 viewer",
    "FCR Capsula XLII",
    "Aquilion ONE",
    "Vantage Orian",
    "EVIS X1",
    "Terufusion TE-LM800",
    "HBP-9030",
    "Infinity Delta XL",
    "BeneVision N12",
    "Alaris 8015",
    "Radical-7",
    "Artis zee",
    "SOMATOM go.Up",
    "SERVO-u",
    "DX-D 100",
    "XN-1000",
    "AirSense 10",
    "Juniper Networks, Inc. mx480 internet router",
    "Aruba Mobility Controller 7030",
    "Aruba7205",
    "tcp/25",
    "tcp/993",
    "tcp/8530",
    "VMware, Inc.",
    "Canon MF740C._uscan._tcp.local",
    "CANON INC.",
    "KONICA MINOLTA, INC.",
    "AXIS M3045._axis-video._tcp.local",
    "Signify Netherlands B.V.",
    "Living Room._googlecast._tcp.local",
    "Apple TV._airplay._tcp.local",
    "Bridge._hap._tcp.local",
    "Sonos, Inc.",
    "Espressif Inc.",
    "Amazon Technologies Inc.",
    "1.2.840.10008.5.1.4.1.1.4",
    "1.2.840.10008.5.1.4.1.1.4.1",
    "1.2.840.10008.5.1.4.1.1.1",
    "1.2.840.10008.5.1.4.1.1.1.1",
    "1.2.840.10008.5.1.4.1.1.12.1",
    "1.2.840.10008.5.1.4.1.1.12.2",
    "1.2.840.10008.5.1.4.1.1.20",
    "1.2.840.10008.5.1.4.1.1.128",
    "1.2.840.10008.5.1.4.1.1.77.1.1",
    "PVM-2701",
    "CNS-6201",
    "ECG-3150",
    "EEG-1200",
    "Neurofax",
    "prefia",
    "PVM-4000",
    "DS-8500",
    "DS-7300",
    "CARDIMAX FX-8322",
    "DynaScope",
    "SYNAPSE PACS",
    "FCR Profect",
    "CALNEO",
    "FDR D-EVO",
    "ECHELON Smart",
    "SCENARIA",
    "ARIETTA 65",
    "ELUXEO",
    "LASEREO",
    "AMULET Innovality",
    "ProSound Alpha 7",
    "ProSound F75",
    "Centricity PACS",
    "LOGIQ E10",
    "Vivid E95",
    "Voluson E10",
    "SIGNA Premier",
    "Senographe",
    "MAC 5500",
    "Dash 4000",
    "BeneView T5",
    "ePM 10",
    "Resona 7",
    "BeneFusion",
    "Mindray DS USA",
    "SpaceStation",
    "Perfusor Space",
    "Infusomat Space",
    "SpaceCom",
    "B. Braun Melsungen AG",
    "B.Braun",
    "DRX-Evolution",
    "DRX-1",
    "Vue PACS",
    "HAMILTON-C6",
    "HAMILTON-G5",
    "HAMILTON-T1",
    "XLTEK",
    "Nicolet One",
    "NeuroWorks",
    "DxH 800",
    "DxI 9000",
    "SCHILLER AG",
    "TM-2441",
    "A&D Medical",
    "A&D Medical UA-651",
    "",
    " ",
    "\n",
    "abc\n",
    "Apache/2.4\n",
    "tcp/80\n",
    "Windows 10.0.19045\r\n",
    "OFFIS_DCMTK_367\n",
    "\xff\xfe\x80 Windows 10.0.19045",
    "Apache/2.4.41 \xc3\x28 (bad UTF-8)",
    "Cisco IOS Software, C2960 \xe9\x80 Software, Version 15.0(2)SE11",
    std::string("nginx/1.2\0.3", 11),
    std::string(300, 'a'),
};

// Deterministic mixtures of the patterns' own words: values that hit or nearly hit each rule
// (a maker name at a word boundary or inside a word, a version after a line break ...).
std::vector<std::string> mixtures(const std::vector<DataPattern>& patterns) {
    std::vector<std::string> words;
    for (const auto& p : patterns) {
        std::string word;
        for (std::size_t i = 0; i <= p.source.size(); ++i) {
            const char c = i < p.source.size() ? p.source[i] : '\0';
            const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '_' || c == ' ' || c == '-';
            if (plain && !(i > 0 && p.source[i - 1] == '\\')) {
                word += c;
            } else if (!word.empty()) {
                words.push_back(word);
                word.clear();
            }
        }
    }
    const std::vector<std::string> joints{"",  " ",  "-",    "/",    ".",   ",", "_", "(",
                                          ")", "\n", "\r\n", "\xff", "1.2", "9", "x", "="};
    std::mt19937 random(20261206);
    std::vector<std::string> out;
    for (int n = 0; n < 1500; ++n) {
        std::string v;
        const auto parts = 1 + random() % 4;
        for (std::uint32_t i = 0; i < parts; ++i) {
            v += joints[random() % joints.size()];
            std::string w = words[random() % words.size()];
            if (random() % 3 == 0) {
                for (char& c : w) {
                    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
                }
            }
            v += w;
        }
        v += joints[random() % joints.size()];
        out.push_back(v);
    }
    return out;
}

}  // namespace

TEST_CASE("Regex: a refused pattern reports PCRE2's message and offset", "[ledger][regex]") {
    try {
        Regex r("(unclosed");
        FAIL("compiled");
    } catch (const Regex::CompileError& e) {
        CHECK(std::string(e.what()).find("missing closing parenthesis") != std::string::npos);
        CHECK(e.offset() == 9);
    }
    CHECK_THROWS_AS(Regex("a{2,1}"), Regex::CompileError);
    // The offset is in the pattern as written, before its dots are rewritten.
    try {
        Regex r("..(");
        FAIL("compiled");
    } catch (const Regex::CompileError& e) {
        CHECK(e.offset() == 3);
    }
    // UTF mode would reject values that are not UTF-8: a pattern cannot turn it on.
    CHECK_THROWS_AS(Regex("(*UTF)abc"), Regex::CompileError);
    CHECK_THROWS_AS(Regex("a\\Cb"), Regex::CompileError);
}

TEST_CASE("Regex: ECMAScript behaviours the data files rely on", "[ledger][regex]") {
    // '$' only at the very end, not before a final newline as in Perl.
    CHECK(Regex("^tcp/80$").search("tcp/80"));
    CHECK_FALSE(Regex("^tcp/80$").search("tcp/80\n"));
    // '.' matches neither CR nor LF, and anything else including bytes that are not UTF-8.
    CHECK_FALSE(Regex("a.b").search("a\nb"));
    CHECK_FALSE(Regex("a.b").search("a\rb"));
    CHECK(Regex("a.b").search("a\tb"));
    CHECK(
        Regex("^a.b$").search("a\xff"
                              "b"));
    CHECK(Regex("^x\\S+y$")
              .search("x\xc3\x28\xfe"
                      "y"));
    // '.' is rewritten outside classes only: a class's '.', an escaped one and one inside
    // [:digit:] stay literal.
    CHECK(Regex("^[.]$").search("."));
    CHECK_FALSE(Regex("^[.]$").search("a"));
    CHECK_FALSE(Regex("^\\.$").search("a"));
    CHECK(Regex("^[[:digit:].]+$").search("1.2"));
    CHECK_FALSE(Regex("^[[:digit:].]+$").search("1a"));
    CHECK(Regex("^[^.]\\..$").search("a.b"));
    // [] never matches and [^] matches anything, newlines included.
    CHECK_FALSE(Regex("[]a").search("]a"));
    CHECK(Regex("^[^]$").search("\n"));
    // Every start position is tried, also the LF of a CRLF pair.
    CHECK(Regex("(?:^|[^a-z])pvm").search("x\r\npvm"));
    // A backreference to a group that took no part matches the empty string.
    CHECK(Regex("^(a)?\\1b$").search("b"));
    // \w, \d, \s and \b are ASCII: a byte above 0x7f is neither a word character nor space.
    CHECK_FALSE(Regex("\\w").search("\xe9\x80"));
    CHECK(Regex("\\bIOS\\b").search("\xe9IOS\xe9"));
    CHECK(
        Regex("^a\\sb$").search("a\x0b"
                                "b"));
    // An empty subject, including a view with no data.
    CHECK(Regex("^$").search(std::string_view()));
    CHECK_FALSE(Regex("x").search(std::string_view()));
}

TEST_CASE("Regex: groups", "[ledger][regex]") {
    Regex::Match m;
    REQUIRE(Regex("^(?:(a)|(b))(c)?$").search("b", m));
    REQUIRE(m.size() == 4);
    CHECK(m[0] == "b");
    CHECK(m[1].empty());
    CHECK(m[2] == "b");
    CHECK(m[3].empty());
    CHECK(m[9].empty());  // past the pattern's groups

    // More groups than the per-thread match data starts with.
    std::string many;
    std::string subject;
    for (char c = 'a'; c <= 'y'; ++c) {
        many += std::string("(") + c + ")";
        subject += c;
    }
    const Regex wide(many);
    CHECK(wide.group_count() == 25);
    subject = "__" + subject;  // the groups are views into it
    REQUIRE(wide.search(subject, m));
    CHECK(m[25] == "y");
    CHECK(m[1] == "a");
    CHECK_FALSE(Regex("(x)").search("y", m));
}

TEST_CASE("Regex: one compiled pattern searched from several threads", "[ledger][regex]") {
    const Regex re("^Windows (\\d+)\\.(\\d+)\\.(\\d+)$");
    const auto work = [&re](int seed, int& wrong) {
        Regex::Match m;
        for (int i = 0; i < 20'000; ++i) {
            const std::string build = std::to_string(seed * 100'000 + i);
            if (!re.search("Windows 10.0." + build, m) || m[3] != build ||
                re.search("Windows 10.0." + build + "x")) {
                ++wrong;
            }
        }
    };
    int wrong_a = 0;
    int wrong_b = 0;
    std::thread a(work, 1, std::ref(wrong_a));
    std::thread b(work, 2, std::ref(wrong_b));
    a.join();
    b.join();
    CHECK(wrong_a == 0);
    CHECK(wrong_b == 0);
}

// Each thread's match data is freed as the thread ends. On Windows that once ran after the
// thread's TLS was gone (a thread_local object's destructor under MinGW's emulated TLS) and
// read a freed block: threads that search and end, four at a time, with their own heap blocks
// freed around that moment, so freed blocks sit beside the thread's TLS.
TEST_CASE("Regex: short-lived threads each free their match data", "[ledger][regex]") {
    const Regex re("^(a)(b)?(c)$");
    std::atomic<int> found{0};
    for (int round = 0; round < 32; ++round) {
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&re, &found, t] {
                std::vector<std::string> noise;
                for (int i = 0; i < 8 + t; ++i) {
                    noise.emplace_back(static_cast<std::size_t>(24 + 8 * i), 'x');
                }
                Regex::Match m;
                if (re.search("ac", m) && m[3] == "c") {
                    ++found;
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
    }
    CHECK(found == 32 * 4);
}

TEST_CASE("Regex: a pattern compiled by its first search answers as one compiled at once",
          "[ledger][regex]") {
    const char* pattern = "^Windows (\\d+)\\.(\\d+)\\.(\\d+)$";
    const Regex now(pattern);
    SECTION("same answers and groups, from two threads racing to compile it") {
        const Regex later(pattern, Regex::Compile::on_first_search);
        const auto work = [&](int seed, int& wrong) {
            Regex::Match a;
            Regex::Match b;
            for (int i = 0; i < 2'000; ++i) {
                const std::string subject = "Windows 10.0." + std::to_string(seed * 10'000 + i);
                if (later.search(subject, a) != now.search(subject, b) || a[3] != b[3] ||
                    later.search(subject + "x")) {
                    ++wrong;
                }
            }
        };
        int wrong_a = 0;
        int wrong_b = 0;
        std::thread ta(work, 1, std::ref(wrong_a));
        std::thread tb(work, 2, std::ref(wrong_b));
        ta.join();
        tb.join();
        CHECK(wrong_a == 0);
        CHECK(wrong_b == 0);
        CHECK(later.group_count() == 3);
    }
    SECTION("group_count compiles it too") {
        CHECK(Regex(pattern, Regex::Compile::on_first_search).group_count() == 3);
    }
    SECTION("a bad pattern is refused at the first use, not at construction") {
        const Regex bad("(unclosed", Regex::Compile::on_first_search);
        CHECK_THROWS_AS(bad.search("unclosed"), Regex::CompileError);
        CHECK_THROWS_AS(Regex("(unclosed"), Regex::CompileError);
    }
}

TEST_CASE("Regex: interpreted searches, then the JIT copy, give the same answers",
          "[ledger][regex]") {
    const Regex re("(?:^|[^0-9])v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    const auto answer = [&re](const std::string& subject) {
        Regex::Match m;
        if (!re.search(subject, m)) {
            return std::string("-");
        }
        return std::string(m[1]) + "|" + std::string(m[2]) + "|" + std::string(m[3]);
    };
    const std::vector<std::string> subjects = {"fw v4.2.17", "no version", "x9.10", "1.2",
                                               "build 7.2.8 b1639", "", "...", "v.1"};
    std::vector<std::string> before;
    for (const auto& s : subjects) {
        before.push_back(answer(s));
    }
    CHECK(before == std::vector<std::string>{"4|2|17", "-", "9|10|", "1|2|", "7|2|8", "-", "-", "-"});
    // Past the switch-over: the same subjects, the same answers.
    for (std::uint32_t i = 0; i < Regex::kJitAfter; ++i) {
        static_cast<void>(re.search("warm-up"));
    }
    CHECK(re.jit_compiled() == Regex::jit_available());
    std::vector<std::string> after;
    for (const auto& s : subjects) {
        after.push_back(answer(s));
    }
    CHECK(after == before);
}

TEST_CASE("Regex: a long subject gets the same answer however deep the search goes",
          "[ledger][regex]") {
    // Backtracking state per repetition: 40,000 bytes outgrow the JIT's 32 KiB stack (PCRE2
    // 10.42 answers PCRE2_ERROR_JIT_STACKLIMIT from 4,000 on), and the interpreter, which keeps
    // that state on the heap, answers instead.
    std::string subject;
    for (int i = 0; i < 20'000; ++i) {
        subject += "ab";
    }
    const Regex re("^(?:(a)|b)*c$");
    CHECK_FALSE(re.search(subject));
    CHECK(re.search(subject + "c"));
}

TEST_CASE("Regex: every data-file pattern behaves as under ECMAScript std::regex",
          "[ledger][regex]") {
    const auto patterns = data_patterns();
    REQUIRE(patterns.size() > 100);
    auto values = kValues;
    // Each maker's names, as a DICOM (0008,0070) Manufacturer states them.
    const json makers = data_file("medical_makers.json");
    for (const auto& m : makers.at("makers")) {
        for (const auto& n : m.value("names", json::array())) {
            values.push_back(n.get<std::string>());
        }
    }
    // Each software pattern's sample (a value as its source shows it).
    const json software = data_file("software_patterns.json");
    for (const auto& p : software.at("patterns")) {
        if (p.contains("sample")) {
            values.push_back(p.at("sample").get<std::string>());
        }
    }
    for (auto& v : mixtures(patterns)) {
        values.push_back(std::move(v));
    }
    std::vector<std::string> never_matched;
    for (const auto& p : patterns) {
        INFO(p.where << ": " << p.source);
        const Regex ours(p.source);
        const std::regex reference(p.source, std::regex::ECMAScript);
        REQUIRE(ours.group_count() == reference.mark_count());
        Regex::Match m;
        std::size_t matched = 0;
        for (const auto& raw : values) {
            const std::string subject = p.lowered ? lower_ascii(raw) : raw;
            INFO("subject: " << subject);
            std::smatch expected;
            const bool hit = std::regex_search(subject, expected, reference);
            REQUIRE(ours.search(subject, m) == hit);
            REQUIRE(ours.search(subject) == hit);
            if (!hit) {
                continue;
            }
            ++matched;
            for (std::size_t g = 0; g < expected.size(); ++g) {
                INFO("group " << g);
                CHECK(std::string(m[g]) == (expected[g].matched ? expected[g].str() : ""));
                if (expected[g].matched) {
                    // Same place in the subject, not only the same text.
                    CHECK(m[g].data() - subject.data() == expected.position(g));
                }
            }
        }
        if (matched == 0) {
            never_matched.push_back(p.where);
        }
    }
    // The samples reach every pattern, so each was compared on a match too.
    CHECK(never_matched == std::vector<std::string>{});
}

TEST_CASE("Regex: a bad data-file pattern names the file, the entry and the offset",
          "[ledger][regex]") {
    try {
        static_cast<void>(daicho::ledger::classify_data::compile("rules.json", "/rules/3: rule 'x'",
                                                                 "Cisco (IOS"));
        FAIL("compiled");
    } catch (const daicho::ledger::Error& e) {
        const std::string what = e.what();
        CHECK(what.find("rules.json: /rules/3: rule 'x': bad regex 'Cisco (IOS': ") == 0);
        CHECK(what.find("missing closing parenthesis at offset 10") != std::string::npos);
    }
}

TEST_CASE("Maker catalogue: more names than one pattern can join still match", "[ledger][regex]") {
    // 4,000 names: each maker's own pattern compiles; all of them joined (the pre-check) are
    // more than PCRE2 compiles, so the catalogue goes without the pre-check.
    json doc = {{"version", 1},
                {"about", "t"},
                {"source", {{{"id", "s"}, {"what", "w"}, {"url", ""}}}},
                {"makers", json::array()}};
    std::vector<std::string> all;
    for (int m = 0; m < 500; ++m) {
        json names = json::array();
        for (int n = 0; n < 8; ++n) {
            names.push_back("Maker " + std::to_string(m) + " Line " + std::to_string(n) +
                            " Medical Systems");
            all.push_back(daicho::ledger::escape_regex(names.back().get<std::string>()));
        }
        doc["makers"].push_back({{"id", "m" + std::to_string(m)},
                                 {"name", "M"},
                                 {"mixed_it", false},
                                 {"names", names},
                                 {"products", json::array()},
                                 {"ouis", json::array()},
                                 {"source", {"s"}}});
    }
    CHECK_THROWS_AS(Regex(lower_pattern(daicho::ledger::whole_words_pattern(all))),
                    Regex::CompileError);
    const auto catalogue = daicho::ledger::MakerCatalogue::from_json(doc.dump());
    CHECK(catalogue.match_name(lower_ascii("by MAKER 499 LINE 7 MEDICAL SYSTEMS, Tokyo")) == 499);
    CHECK(catalogue.match_name(lower_ascii("Maker 12 Line 3 Medical Systems")) == 12);
    CHECK_FALSE(catalogue.match_name(lower_ascii("Maker 12 Line 9 Medical Systems")));
    CHECK_FALSE(catalogue.match_name(lower_ascii("Maker 12 Line 3 Medical SystemsX")));
}
