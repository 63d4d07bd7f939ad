// Classification (ledger/data/classification_rules.json + medical_makers.json through
// Classifier): one synthetic device per rule family -> category, subtype and band; the
// mixed-IT guard for makers whose OUIs also serve IT gear; the DICOM/HL7 subtypes; the
// scoring arithmetic; the evidence attached to fired rules; load-time validation of both files.

#include "daicho/ledger/classify.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"

using daicho::ledger::Classifier;
using daicho::ledger::DeviceRecord;
using daicho::ledger::FactEntry;
using daicho::ledger::Knowledge;

namespace {

struct Fact {
    Fact(std::string k, std::string v, std::string s, std::string a = {})
        : kind(std::move(k)), value(std::move(v)), source(std::move(s)), about(std::move(a)) {}
    std::string kind;
    std::string value;
    std::string source;
    std::string about;  // "" when the fact is about the device itself
};

DeviceRecord device(std::string mac, std::string vendor, const std::vector<Fact>& facts) {
    DeviceRecord d;
    d.mac = std::move(mac);
    d.vendor = std::move(vendor);
    std::uint64_t frame = 1;
    for (const auto& f : facts) {
        FactEntry e;
        e.kind = daicho::ledger::stored_fact_kind(f.kind);
        e.value = f.value;
        e.source = f.source;
        e.about = f.about;
        e.evidence = {"case.pcap", frame++};
        d.facts.push_back(std::move(e));
    }
    return d;
}

constexpr const char* kCtStorage = "1.2.840.10008.5.1.4.1.1.2";
constexpr const char* kMwlFind = "1.2.840.10008.5.1.4.31";
constexpr const char* kNoVendor = "";
constexpr const char* kAnyMac = "02:00:00:00:00:01";  // locally administered: no OUI

struct Case {
    const char* name;
    DeviceRecord dev;
    const char* category;
    const char* subtype;
    const char* band;
};

std::vector<Case> cases() {
    return {
        {"LLDP capability router", device(kAnyMac, kNoVendor, {{"capability", "router", "lldp"}}),
         "network", "router", "medium"},
        {"LLDP capability bridge and CDP switch",
         device(kAnyMac, kNoVendor,
                {{"capability", "bridge", "lldp"}, {"capability", "switch", "cdp"}}),
         "network", "switch", "high"},
        {"FortiGate sysDescr and sysObjectID",
         device(kAnyMac, kNoVendor,
                {{"system_description", "FortiGate-60F v7.2.5,build1517", "snmp"},
                 {"object_id", "1.3.6.1.4.1.12356.101.1.1", "snmp"}}),
         "network", "firewall", "high"},
        {"a system description that names the class: a firewall, though it also routes",
         device(kAnyMac, kNoVendor,
                {{"system_description", "DaichoLab FireWall FW-60 v7.2.8 build1639", "lldp"},
                 {"capability", "router", "lldp"}}),
         "network", "firewall", "high"},
        {"a word that only contains 'firewall' is not one",
         device(kAnyMac, kNoVendor,
                {{"system_description", "ACME Firewallet storage node", "lldp"},
                 {"capability", "router", "lldp"}}),
         "network", "router", "medium"},
        {"YAMAHA RTX sysDescr",
         device(kAnyMac, kNoVendor,
                {{"system_description", "RTX1210 Rev.14.01.42 (Fri Jan 15 2021)", "snmp"}}),
         "network", "router", "high"},
        {"gateway named by a DHCP server",
         device(kAnyMac, kNoVendor, {{"role", "gateway", "dhcp", "10.0.0.1"}}), "network", "router",
         "low"},
        {"Aruba AP DHCP vendor class",
         device(kAnyMac, kNoVendor, {{"vendor_class", "ArubaAP", "dhcp"}}), "network",
         "wireless-ap", "high"},
        {"Cisco Catalyst 1000 is a switch, not a router",
         device(kAnyMac, kNoVendor,
                {{"system_description",
                  "Cisco IOS Software, C1000 Software (C1000-ENTSERVICESK9-M), Version 15.2(7)E8",
                  "lldp"},
                 {"capability", "bridge", "lldp"}}),
         "network", "switch", "high"},
        {"Windows Server 2022 domain controller",
         device(kAnyMac, kNoVendor,
                {{"os", "Windows 10.0.20348", "ntlmssp"}, {"service", "tcp/88", "tcp"}}),
         "server", "", "high"},
        {"Windows 10 NTLM build",
         device(kAnyMac, kNoVendor, {{"os", "Windows 10.0.19045", "ntlmssp"}}), "pc", "", "medium"},
        {"tcp/9100 and a Brother OUI",
         device("30:05:5c:41:4d:25", "Brother industries, LTD.", {{"service", "tcp/9100", "tcp"}}),
         "printer", "", "medium"},
        {"mDNS printer announcement and TXT ty",
         device(
             kAnyMac, kNoVendor,
             {{"service_instance", "Brother HL-L2350DW series._pdl-datastream._tcp.local", "mdns"},
              {"txt_record", "ty=Brother HL-L2350DW series", "mdns"}}),
         "printer", "", "high"},
        {"LLDP-MED class III",
         device(kAnyMac, kNoVendor, {{"device_type", "lldp-med class=3", "lldp"}}), "phone", "voip",
         "medium"},
        {"SNMP sysDescr naming an infusion gateway outweighs net-snmp's Linux OID",
         device(kAnyMac, kNoVendor,
                {{"system_description", "DaichoLab Infusion Gateway IG-200 firmware 4.2.1", "snmp"},
                 {"object_id", "1.3.6.1.4.1.8072.3.2.10", "snmp"}}),
         "medical", "infusion", "medium"},
        {"bedside monitor in an LLDP system description",
         device(kAnyMac, kNoVendor, {{"system_description", "Bedside Monitor BSM-3000", "lldp"}}),
         "medical", "patient-monitor", "medium"},
        {"SNMP manager polling agents",
         device(kAnyMac, kNoVendor, {{"role", "snmp-manager", "snmp"}}), "server", "nms", "low"},
        {"Python web server on 80 and 443",
         device(kAnyMac, kNoVendor,
                {{"software", "SimpleHTTP/0.6 Python/3.11.2", "http"},
                 {"service", "tcp/80", "tcp"},
                 {"service", "tcp/443", "tcp"}}),
         "server", "", "low"},
        {"DHCP client that only opens SSH sessions",
         device(kAnyMac, kNoVendor,
                {{"hostname", "ops-term-3", "dhcp"},
                 {"dhcp_fingerprint", "1,3,6,12,15,28,42", "dhcp"},
                 {"software", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", "ssh"}}),
         "pc", "", "low"},
        {"an SSH server is not an SSH client",
         device(kAnyMac, kNoVendor,
                {{"software", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", "ssh"},
                 {"service", "tcp/22", "tcp"}}),
         "server", "", "low"},
        {"Android user agent",
         device(
             kAnyMac, kNoVendor,
             {{"user_agent", "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A)", "http"}}),
         "phone", "mobile", "low"},
        {"Axis camera",
         device("ac:cc:8e:00:00:01", "Axis Communications AB", {{"service", "tcp/554", "tcp"}}),
         "iot", "camera", "medium"},
        {"BACnet controller", device(kAnyMac, kNoVendor, {{"service", "udp/47808", "udp"}}), "iot",
         "building", "medium"},
        {"DICOM SCU sending CT images",
         device(kAnyMac, kNoVendor,
                {{"role", "dicom-scu", "dicom"},
                 {"sop_class", kCtStorage, "dicom"},
                 {"modality", "CT", "dicom"},
                 {"ae_title", "CT01", "dicom"}}),
         "medical", "modality-CT", "high"},
        {"DICOM SCU modality fact only (ultrasound)",
         device(kAnyMac, kNoVendor, {{"role", "dicom-scu", "dicom"}, {"modality", "US", "dicom"}}),
         "medical", "modality-US", "high"},
        {"DICOM SCP with storage (a PACS that also forwards CT images)",
         device(kAnyMac, kNoVendor,
                {{"role", "dicom-scp", "dicom"},
                 {"role", "dicom-scu", "dicom"},
                 {"sop_class", kCtStorage, "dicom"},
                 {"modality", "CT", "dicom"}}),
         "medical", "pacs", "high"},
        {"Modality Worklist SCP",
         device(kAnyMac, kNoVendor,
                {{"role", "dicom-scp", "dicom"}, {"sop_class", kMwlFind, "dicom"}}),
         "medical", "worklist", "high"},
        {"HL7 monitor gateway",
         device(kAnyMac, kNoVendor,
                {{"role", "hl7-sender", "hl7"},
                 {"application", "MONITOR_GW^NK", "hl7"},
                 {"message_type", "ORU^R01", "hl7"},
                 {"equipment_id", "BED01^NK", "hl7"}}),
         "medical", "monitor-gateway", "high"},
        {"IntelliVue Connect Indication",
         device(kAnyMac, kNoVendor,
                {{"role", "intellivue-monitor", "intellivue"}, {"model", "M8007A", "intellivue"}}),
         "medical", "patient-monitor", "high"},
        {"HL7 receiver answering ACKs: the HIS interface, a Q8 server",
         device(kAnyMac, kNoVendor,
                {{"role", "hl7-receiver", "hl7"}, {"message_type", "ACK^R01", "hl7"}}),
         "server", "his-interface", "low"},
        {"HL7 ADT sender: the HIS",
         device(kAnyMac, kNoVendor,
                {{"role", "hl7-sender", "hl7"}, {"message_type", "ADT^A01", "hl7"}}),
         "server", "his-interface", "low"},
        {"Philips IntelliVue data export port",
         device(kAnyMac, kNoVendor, {{"service", "udp/24005", "udp"}}), "medical",
         "patient-monitor", "medium"},
        {"Nihon Kohden OUI alone", device("00:a0:9a:3d:69:9d", "NIHON KOHDEN AMERICA", {}),
         "medical", "", "medium"},
        {"Terumo OUI: a one-family maker gives the subtype",
         device("60:f6:73:00:00:01", "TERUMO CORPORATION", {}), "medical", "infusion", "medium"},
        {"medical product name in a host name",
         device(kAnyMac, kNoVendor, {{"hostname", "IntelliVue-MX800-B12", "dhcp"}}), "medical", "",
         "medium"},
        {"mixed-IT guard: a Philips consumer OUI alone is not medical",
         device("00:05:4e:00:00:01", "Philips", {}), "unknown", "", "low"},
        {"mixed-IT guard: a FUJIFILM Corporation OUI alone is not medical",
         device("88:b4:36:0a:68:39", "FUJIFILM Corporation", {}), "unknown", "", "low"},
        {"a Toshiba laptop stays a PC",
         device("00:08:0d:e2:36:96", "Toshiba", {{"os", "Windows 10.0.22631", "ntlmssp"}}), "pc",
         "", "medium"},
        {"nothing known", device(kAnyMac, kNoVendor, {}), "unknown", "", "low"},
        {"only weak evidence stays unknown",
         device(kAnyMac, "Dell Inc.", {{"service", "tcp/445", "tcp"}}), "unknown", "", "low"},
    };
}

const daicho::ledger::FiredRule* fired(const daicho::ledger::Classification& c,
                                       const std::string& id) {
    const auto it =
        std::find_if(c.fired.begin(), c.fired.end(), [&](const auto& r) { return r.id == id; });
    return it == c.fired.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("Classification: one device per rule family", "[ledger][classify]") {
    const auto& classifier = Knowledge::builtin()->classifier();
    for (const auto& c : cases()) {
        INFO(c.name);
        const auto r = classifier.classify(c.dev);
        std::string fired_ids;
        for (const auto& f : r.fired) {
            fired_ids += f.id + "(" + std::to_string(f.weight) + ") ";
        }
        INFO("fired: " << fired_ids << " -> " << r.category << "/" << r.subtype << " "
                       << r.confidence);
        CHECK(r.category == c.category);
        CHECK(r.subtype == c.subtype);
        CHECK(r.band == c.band);
        if (r.category == "unknown") {
            CHECK(r.confidence == 0);
        }
    }
}

TEST_CASE("Classification: scoring, subtype choice and evidence", "[ledger][classify]") {
    const auto& classifier = Knowledge::builtin()->classifier();

    SECTION("weights combine as a noisy OR: 75 and 75 give 94") {
        const auto r = classifier.classify(
            device(kAnyMac, kNoVendor,
                   {{"capability", "bridge", "lldp"}, {"capability", "switch", "cdp"}}));
        CHECK(r.confidence == 94);
        REQUIRE(!r.scores.empty());
        CHECK(r.scores.front().category == "network");
    }
    SECTION("a modality fact on a device that is also an SCP does not make it a modality") {
        const auto r = classifier.classify(device(kAnyMac, kNoVendor,
                                                  {{"role", "dicom-scp", "dicom"},
                                                   {"role", "dicom-scu", "dicom"},
                                                   {"modality", "CT", "dicom"}}));
        CHECK(fired(r, "dicom-modality") == nullptr);
        CHECK(r.subtype.find("modality") == std::string::npos);
        const bool near = std::any_of(r.near_misses.begin(), r.near_misses.end(),
                                      [](const auto& n) { return n.id == "dicom-modality"; });
        CHECK(near);
    }
    SECTION("a hostile modality value never becomes a subtype") {
        const auto r = classifier.classify(device(
            kAnyMac, kNoVendor, {{"role", "dicom-scu", "dicom"}, {"modality", "=cmd|x", "dicom"}}));
        CHECK(r.category == "medical");
        CHECK(r.subtype.empty());
    }
    SECTION("fired rules carry the facts and their capture frames") {
        const auto r = classifier.classify(
            device(kAnyMac, kNoVendor, {{"os", "Windows 10.0.19045", "ntlmssp"}}));
        const auto* f = fired(r, "ntlm-windows-client-build");
        REQUIRE(f != nullptr);
        CHECK(f->weight == 85);
        REQUIRE(f->evidence.size() == 1);
        CHECK(f->evidence[0].kind == "os");
        CHECK(f->evidence[0].value == "Windows 10.0.19045");
        CHECK(f->evidence[0].source == "ntlmssp");
        CHECK(f->evidence[0].evidence.capture == "case.pcap");
        CHECK(f->evidence[0].evidence.frame == 1);
    }
    SECTION("OUI rules name the registry organisation, the OUI and the maker") {
        const auto r = classifier.classify(device("00:09:5c:00:00:01", "x", {}));
        const auto* f = fired(r, "maker-oui-strong");
        REQUIRE(f != nullptr);
        REQUIRE(f->evidence.size() == 1);
        CHECK(f->evidence[0].kind == "vendor");
        CHECK(f->evidence[0].value.find("OUI 00095C") != std::string::npos);
        CHECK(f->evidence[0].value.find("philips-healthcare") != std::string::npos);
        CHECK(r.band != "high");  // an OUI alone never reaches high
    }
    SECTION("the longest catalogue OUI wins (MA-M inside a foreign MA-L)") {
        const auto m = classifier.maker_for_mac("84:11:c2:30:00:01");
        REQUIRE(m);
        CHECK(m->maker->id == "fujifilm-healthcare");
        CHECK(m->strength == "strong");
        CHECK_FALSE(classifier.maker_for_mac("84:11:c2:40:00:01"));
    }
    SECTION("the medical summary keeps DICOM and HL7 identities of the device itself") {
        auto d = device(kAnyMac, kNoVendor,
                        {{"ae_title", "CT01", "dicom"},
                         {"role", "dicom-scu", "dicom"},
                         {"implementation_class_uid", "1.2.3.4", "dicom"},
                         {"implementation_version", "OFFIS_DCMTK_366", "dicom"},
                         {"sop_class", kCtStorage, "dicom"},
                         {"modality", "CT", "dicom"},
                         {"application", "MONITOR_GW^NK", "hl7"},
                         {"equipment_id", "BED01", "hl7"},
                         {"role", "gateway", "dhcp", "10.0.0.1"}});
        daicho::ledger::apply_classification(d, Knowledge::builtin()->classifier());
        REQUIRE(d.medical);
        CHECK(d.medical->ae_titles == std::vector<std::string>{"CT01"});
        CHECK(d.medical->dicom_roles == std::vector<std::string>{"dicom-scu"});
        CHECK(d.medical->implementation_class_uid == "1.2.3.4");
        CHECK(d.medical->implementation_version == "OFFIS_DCMTK_366");
        CHECK(d.medical->modality == std::vector<std::string>{"CT"});
        CHECK(d.medical->hl7_applications == std::vector<std::string>{"MONITOR_GW^NK"});
        CHECK(d.medical->hl7_equipment_ids == std::vector<std::string>{"BED01"});
        CHECK(d.category == "medical");
        CHECK_FALSE(d.classification.empty());

        auto plain = device(kAnyMac, kNoVendor, {{"hostname", "pc1", "dhcp"}});
        daicho::ledger::apply_classification(plain, Knowledge::builtin()->classifier());
        CHECK_FALSE(plain.medical);
    }
}

namespace {

const std::string_view kMakers = daicho::ledger::data::embedded_file("medical_makers.json");

std::string rules_with(const std::string& rule) {
    return R"({"version": 1, "about": "t", "source": [{"id": "s", "what": "w", "url": ""}],
              "scoring": {"floor": 40, "bands": {"high": 90, "medium": 70}},
              "categories": [{"id": "medical", "subtypes": ["modality-*", "pacs", "worklist",
                 "viewer", "patient-monitor", "monitor-gateway", "infusion", "lab-analyser",
                 "ecg", "eeg", "defibrillator", "bp-monitor", "ventilator", "anaesthesia",
                 "dialysis", "infant-care", "nurse-call", "bed", "radiotherapy"]},
                 {"id": "network", "subtypes": ["router"]}],
              "rules": [)" +
           rule + "]}";
}

std::string load_error(const std::string& rules, std::string_view makers = kMakers) {
    try {
        (void)Classifier::from_json(rules, makers);
    } catch (const daicho::ledger::Error& e) {
        return e.what();
    }
    return "(loaded)";
}

}  // namespace

TEST_CASE("Classification rules: bad files fail at load with file, rule and problem",
          "[ledger][classify]") {
    SECTION("a good minimal file loads") {
        const auto c = Classifier::from_json(
            rules_with(R"({"id": "r", "category": "network", "subtype": "router", "weight": 50,
                           "when": [{"fact": "role", "equals": "gateway"}], "source": "s"})"),
            kMakers);
        CHECK(c.rule_count() == 1);
    }
    struct Bad {
        const char* rule;
        const char* expect;
    };
    const std::vector<Bad> bad{
        {R"({"id": "r", "category": "network", "weight": 50, "source": "s",
             "when": [{"fact": "nonsense", "equals": "x"}]})",
         "rule 'r': unknown fact kind 'nonsense'"},
        {R"({"id": "r", "category": "network", "weight": 50, "source": "s",
             "when": [{"fact": "role", "regex": "(unclosed"}]})",
         "rule 'r': bad regex '(unclosed'"},
        {R"({"id": "r", "category": "network", "source": "s", "when": [{"fact": "role"}]})",
         "rule 'r': missing \"weight\""},
        {R"({"id": "r", "category": "network", "weight": 150, "source": "s", "when": [{"fact": "role"}]})",
         "rule 'r': \"weight\" must be an integer 1..100"},
        {R"({"id": "r", "category": "toaster", "weight": 5, "source": "s", "when": [{"fact": "role"}]})",
         "rule 'r': unknown category 'toaster'"},
        {R"({"id": "r", "category": "network", "subtype": "switch", "weight": 5, "source": "s",
             "when": [{"fact": "role"}]})",
         "rule 'r': subtype 'switch' is not declared for category network"},
        {R"({"id": "r", "category": "network", "weight": 5, "source": "nope", "when": [{"fact": "role"}]})",
         "rule 'r': source 'nope' is not in the source list"},
        {R"({"id": "r", "category": "network", "weight": 5, "source": "s",
             "when": [{"fact": "role", "equal": "gateway"}]})",
         "rule 'r': unknown condition key 'equal'"},
        {R"({"id": "r", "category": "network", "weight": 5, "source": "s",
             "when": [{"not": {"fact": "role"}}]})",
         "rule 'r': needs at least one condition that is not a negation"},
        {R"({"id": "r", "category": "network", "weight": 5, "source": "s", "when": [{"fact": "role"}]},
            {"id": "r", "category": "network", "weight": 5, "source": "s", "when": [{"fact": "role"}]})",
         "rule 'r': listed twice"},
        {R"({"id": "r", "category": "network", "weight": 5, "source": "s",
             "when": [{"maker": "sometimes"}]})",
         "rule 'r': \"maker\" takes"},
    };
    for (const auto& b : bad) {
        INFO(b.rule);
        const auto err = load_error(rules_with(b.rule));
        INFO(err);
        CHECK(err.rfind("classification_rules.json: ", 0) == 0);
        CHECK(err.find(b.expect) != std::string::npos);
    }
    // A syntax error names the line and column: "{not json" stops at the "o" of "no(t)".
    CHECK(load_error("{not json").find("classification_rules.json:1:3: not valid JSON") !=
          std::string::npos);
}

TEST_CASE("Medical-maker catalogue: bad files fail at load", "[ledger][classify]") {
    const std::string ok_rule = rules_with(
        R"({"id": "r", "category": "network", "weight": 5, "source": "s", "when": [{"fact": "role"}]})");
    const auto makers = [](const std::string& ouis, const std::string& families = R"(["infusion"])",
                           const std::string& products = "[]") {
        return R"({"version": 1, "about": "t", "source": [{"id": "s", "what": "w", "url": ""}],
                  "makers": [{"id": "m", "name": "M", "mixed_it": false, "families": )" +
               families + R"(, "names": ["M Corp"], "products": )" + products + R"(, "ouis": )" +
               ouis + R"(, "source": ["s"]}]})";
    };
    CHECK(load_error(ok_rule,
                     makers(R"([{"oui": "00A09A", "organisation": "X", "strength": "strong"}])")) ==
          "(loaded)");
    struct Bad {
        std::string makers;
        const char* expect;
    };
    const std::vector<Bad> bad{
        {makers(R"([{"oui": "00A09A", "organisation": "X", "strength": "strong"},
                    {"oui": "00A09A", "organisation": "X", "strength": "strong"}])"),
         "maker 'm': OUI 00A09A: listed twice"},
        {makers(R"([{"oui": "00a09a", "organisation": "X", "strength": "strong"}])"),
         "must be 6, 7 or 9 upper-case hex digits"},
        {makers(R"([{"oui": "00A09A", "organisation": "X", "strength": "sometimes"}])"),
         "strength must be \"strong\" or \"mixed\""},
        {makers("[]", R"(["toaster"])"), "maker 'm': family 'toaster' is not a medical subtype"},
        // The product that does not compile is named, with PCRE2's reason and where.
        {makers("[]", R"(["infusion"])", R"(["Pump [0-9]+", "Gateway (v2"])"),
         "maker 'm': product: bad regex 'Gateway (v2': missing closing parenthesis at offset 11"},
    };
    for (const auto& b : bad) {
        const auto err = load_error(ok_rule, b.makers);
        INFO(err);
        CHECK(err.rfind("medical_makers.json: ", 0) == 0);
        CHECK(err.find(b.expect) != std::string::npos);
    }
}

TEST_CASE("The built-in rules and catalogue load", "[ledger][classify]") {
    const auto& c = Knowledge::builtin()->classifier();
    CHECK(c.rule_count() >= 40);
    CHECK(c.maker_count() >= 30);
}
