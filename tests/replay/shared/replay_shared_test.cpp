// Replays ../shared/captures through the real ingest pipeline into a temporary ledger and
// checks the partial expectations in expect.json. Exits 77 (ctest: skipped) when the corpus
// is not beside the checkout.

#define CATCH_CONFIG_RUNNER
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "pipeline/ingest.h"
#include "shared_captures.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::agent::FileResult;
using daicho::agent::IngestPipeline;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using nlohmann::json;

namespace {

// Every expect/*.json (one file per protocol family), merged into one list of captures.
json load_expectations() {
    json all = {{"captures", json::array()}};
    std::vector<fs::path> files;
    for (const auto& e :
         fs::directory_iterator(fs::path(DAICHO_TESTS_DIR) / "replay/shared/expect")) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    for (const auto& f : files) {
        std::ifstream in(f);
        REQUIRE(in.good());
        const auto part = json::parse(in);
        for (auto c : part.at("captures")) {
            c["expect_file"] = f.filename().string();
            all["captures"].push_back(c);
        }
    }
    return all;
}

const daicho::ledger::VendorRegistry& vendors() {
    static const auto registry = daicho::ledger::VendorRegistry::load(DAICHO_IEEE_DATA_DIR);
    return registry;
}

std::vector<std::string> ips_of(const DeviceRecord& d) {
    std::vector<std::string> out;
    for (const auto& a : d.addresses) {
        out.push_back(a.address);
    }
    return out;
}

void check_match(const json& want, const std::vector<DeviceRecord>& devices) {
    // "capture_host": the one record of the host a loopback capture was taken on (no MAC).
    if (want.value("capture_host", false)) {
        INFO("capture host");
        REQUIRE(std::count_if(devices.begin(), devices.end(), [](const DeviceRecord& d) {
                    return !d.capture_host.empty();
                }) == 1);
    }
    const std::string mac = want.value("mac", std::string());
    INFO("device " << mac);
    // The record of the box the MAC belongs to: its own, or the one it is an interface of.
    const auto holds = [](const DeviceRecord& d, const std::string& m) {
        return d.mac == m || std::any_of(d.interfaces.begin(), d.interfaces.end(),
                                         [&](const auto& i) { return i.mac == m; });
    };
    auto it = std::find_if(devices.begin(), devices.end(), [&](const DeviceRecord& d) {
        return mac.empty() ? !d.capture_host.empty() : holds(d, mac);
    });
    REQUIRE(it != devices.end());
    // "box_with": another MAC of the same box (read/box_interfaces.h); without it, the MAC is
    // a box of its own.
    if (want.contains("box_with")) {
        CHECK(holds(*it, want.at("box_with").get<std::string>()));
    } else {
        CHECK(it->mac == mac);
    }
    if (want.contains("vendor_prefix")) {
        CHECK(it->vendor.rfind(want.at("vendor_prefix").get<std::string>(), 0) == 0);
    }
    if (want.contains("mac_kind")) {
        CHECK(it->mac_kind == want.at("mac_kind").get<std::string>());
    }
    if (want.contains("ips")) {
        const auto have = ips_of(*it);
        for (const auto& ip : want.at("ips")) {
            INFO("address " << ip.get<std::string>());
            CHECK(std::find(have.begin(), have.end(), ip.get<std::string>()) != have.end());
        }
        if (want.at("ips").empty()) {
            CHECK(have.empty());
        }
    }
    if (want.contains("hostnames")) {
        for (const auto& h : want.at("hostnames")) {
            INFO("hostname " << h.get<std::string>());
            CHECK(std::find(it->hostnames.begin(), it->hostnames.end(), h.get<std::string>()) !=
                  it->hostnames.end());
        }
    }
    if (want.contains("software")) {
        for (const auto& sw : want.at("software")) {
            INFO("software " << sw.dump());
            CHECK(std::any_of(it->software.begin(), it->software.end(), [&](const auto& have) {
                return (!sw.contains("product") ||
                        have.product == sw.at("product").get<std::string>()) &&
                       (!sw.contains("version") ||
                        have.version == sw.at("version").get<std::string>()) &&
                       (!sw.contains("source") ||
                        have.source == sw.at("source").get<std::string>());
            }));
        }
    }
    if (want.contains("vlans")) {
        for (const auto& v : want.at("vlans")) {
            INFO("vlan " << v.get<int>());
            CHECK(std::find(it->vlans.begin(), it->vlans.end(), v.get<int>()) != it->vlans.end());
        }
    }
    if (want.contains("facts")) {
        for (const auto& f : want.at("facts")) {
            INFO("fact " << f.dump());
            // "value" must match exactly, "value_prefix" / "value_contains" partly.
            CHECK(std::any_of(it->facts.begin(), it->facts.end(), [&](const auto& have) {
                if (have.kind_name() != f.at("kind").get<std::string>()) {
                    return false;
                }
                if (f.contains("source") && have.source != f.at("source").get<std::string>()) {
                    return false;
                }
                if (f.contains("value")) {
                    return have.value == f.at("value").get<std::string>();
                }
                if (f.contains("value_prefix")) {
                    return have.value.rfind(f.at("value_prefix").get<std::string>(), 0) == 0;
                }
                return have.value.find(f.at("value_contains").get<std::string>()) !=
                       std::string::npos;
            }));
        }
    }
    for (const auto& f : want.value("absent", json::array())) {
        INFO("absent " << f.dump());
        CHECK(std::none_of(it->facts.begin(), it->facts.end(), [&](const auto& have) {
            return have.kind_name() == f.at("kind").get<std::string>() &&
                   have.value.find(f.at("value_contains").get<std::string>()) != std::string::npos;
        }));
    }
}

// Facts stated about an address with no MAC behind it (loopback and raw-IP captures, or an
// address no device holds): read from the ledger's address_facts table.
struct AddressFact {
    std::string kind;
    std::string value;
    std::string source;
};
std::vector<AddressFact> address_facts(const Ledger& ledger, const std::string& address) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(ledger.handle(),
                               "SELECT kind, value, source FROM address_facts WHERE address = ?",
                               -1, &stmt, nullptr) == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, address.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<AddressFact> out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto text = [&](int col) {
            const auto* p = sqlite3_column_text(stmt, col);
            return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
        };
        out.push_back({text(0), text(1), text(2)});
    }
    sqlite3_finalize(stmt);
    return out;
}

void check_address(const json& want, const Ledger& ledger) {
    const std::string address = want.at("address");
    INFO("address " << address);
    const auto have = address_facts(ledger, address);
    for (const auto& f : want.at("facts")) {
        INFO("fact " << f.dump());
        CHECK(std::any_of(have.begin(), have.end(), [&](const AddressFact& a) {
            if (a.kind != f.at("kind").get<std::string>() ||
                (f.contains("source") && a.source != f.at("source").get<std::string>())) {
                return false;
            }
            if (f.contains("value")) {
                return a.value == f.at("value").get<std::string>();
            }
            if (f.contains("value_prefix")) {
                return a.value.rfind(f.at("value_prefix").get<std::string>(), 0) == 0;
            }
            return a.value.find(f.at("value_contains").get<std::string>()) != std::string::npos;
        }));
    }
    for (const auto& f : want.value("absent", json::array())) {
        INFO("absent " << f.dump());
        CHECK(std::none_of(have.begin(), have.end(), [&](const AddressFact& a) {
            return a.kind == f.at("kind").get<std::string>() &&
                   a.value.find(f.at("value_contains").get<std::string>()) != std::string::npos;
        }));
    }
}

// "connections": the external connection points (ledger/connections.h), a count and partial
// matches by inside and remote address and port.
void check_connections(const json& want, const Ledger& ledger) {
    const auto list = daicho::ledger::Snapshot(ledger).connections();
    if (want.contains("count")) {
        CHECK(list.points.size() == want.at("count").get<std::size_t>());
    }
    for (const auto& m : want.value("match", json::array())) {
        INFO("connection " << m.dump());
        const auto it = std::find_if(list.points.begin(), list.points.end(), [&](const auto& p) {
            return p.inside_address == m.at("inside").get<std::string>() &&
                   p.remote_address == m.at("remote").get<std::string>() &&
                   p.server_port == m.at("port").get<int>();
        });
        REQUIRE(it != list.points.end());
        for (const char* field : {"service_class", "protocol", "opener"}) {
            if (m.contains(field)) {
                const std::string& have = std::string_view(field) == "service_class"
                                              ? it->service_class
                                          : std::string_view(field) == "protocol" ? it->protocol
                                                                                  : it->opener;
                CHECK(have == m.at(field).get<std::string>());
            }
        }
        for (const auto& n : m.value("names", json::array())) {
            INFO("name " << n.dump());
            CHECK(std::any_of(it->names.begin(), it->names.end(), [&](const auto& have) {
                return have.source == n.at("source").get<std::string>() &&
                       (n.contains("name") ? have.name == n.at("name").get<std::string>()
                                           : have.name.find(n.at("contains").get<std::string>()) !=
                                                 std::string::npos);
            }));
        }
        CHECK_FALSE(it->evidence.capture.empty());
        CHECK(it->evidence.frame != 0);
    }
}

}  // namespace

TEST_CASE("shared captures yield the devices their MANIFEST lists", "[replay][shared]") {
    const auto expectations = load_expectations();
    for (const auto& c : expectations.at("captures")) {
        const std::string file = c.at("file");
        DYNAMIC_SECTION(c.at("expect_file").get<std::string>() << ": " << file) {
            daicho::test::TempDir tmp;
            Ledger ledger(tmp.path() / "ledger.db", Ledger::Mode::read_write);
            IngestPipeline pipeline(ledger, vendors(), {});
            const auto result = pipeline.ingest(daicho::test::shared_captures_dir() / file, {});
            INFO(result.message);
            REQUIRE(result.status == FileResult::Status::ingested);
            CHECK(result.frames == c.at("frames").get<std::uint64_t>());
            const auto devices = ledger.devices();
            const auto& want = c.at("devices");
            if (want.contains("count")) {
                CHECK(devices.size() == want.at("count").get<std::size_t>());
            }
            if (want.contains("min")) {
                CHECK(devices.size() >= want.at("min").get<std::size_t>());
            }
            for (const auto& m : c.value("match", json::array())) {
                check_match(m, devices);
            }
            for (const auto& a : c.value("address_facts", json::array())) {
                check_address(a, ledger);
            }
            if (c.contains("connections")) {
                check_connections(c.at("connections"), ledger);
            }
            // Privacy: text that must reach no fact at all (patient data in the capture).
            for (const auto& text : c.value("absent_values", json::array())) {
                const auto needle = text.get<std::string>();
                INFO("absent value " << needle);
                for (const auto& d : devices) {
                    for (const auto& f : d.facts) {
                        CHECK(f.value.find(needle) == std::string::npos);
                    }
                }
                sqlite3_stmt* stmt = nullptr;
                REQUIRE(sqlite3_prepare_v2(ledger.handle(),
                                           "SELECT count(*) FROM address_facts WHERE "
                                           "instr(value, ?) > 0",
                                           -1, &stmt, nullptr) == SQLITE_OK);
                sqlite3_bind_text(stmt, 1, needle.c_str(), -1, SQLITE_TRANSIENT);
                REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
                CHECK(sqlite3_column_int64(stmt, 0) == 0);
                sqlite3_finalize(stmt);
            }
        }
    }
}

TEST_CASE("every shared capture ingests, and a second ingest changes nothing", "[replay][shared]") {
    daicho::test::TempDir tmp;
    Ledger ledger(tmp.path() / "all.db", Ledger::Mode::read_write);
    IngestPipeline pipeline(ledger, vendors(), {});
    std::vector<fs::path> captures;
    for (const auto& e : fs::directory_iterator(daicho::test::shared_captures_dir())) {
        const auto ext = e.path().extension();
        if (ext == ".pcap" || ext == ".pcapng") {
            captures.push_back(e.path());
        }
    }
    std::sort(captures.begin(), captures.end());
    REQUIRE(captures.size() >= 30);
    for (const auto& path : captures) {
        INFO(path.filename().string());
        const auto r = pipeline.ingest(path, {});
        INFO(r.message);
        CHECK(r.status == FileResult::Status::ingested);
        CHECK(r.frames > 0);
    }
    const auto before = ledger.devices();
    CHECK(before.size() > 100);
    // The two GODICOM loopback captures: one capture host each, never one merged host.
    CHECK(std::count_if(before.begin(), before.end(), [](const DeviceRecord& d) {
              return !d.capture_host.empty();
          }) == 2);
    for (const auto& path : captures) {
        const auto r = pipeline.ingest(path, {});
        CHECK(r.status == FileResult::Status::already_present);
    }
    const auto after = ledger.devices();
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].addresses.size() == before[i].addresses.size());
        CHECK(after[i].packets == before[i].packets);
    }
}

int main(int argc, char** argv) {
    const auto dir = daicho::test::shared_captures_dir();
    if (!fs::is_directory(dir)) {
        std::cout << "SKIP: shared capture corpus not found at " << dir.string()
                  << " (set DAICHO_SHARED_CAPTURES to run these replay tests)\n";
        return daicho::test::kSkipReturnCode;
    }
    return Catch::Session().run(argc, argv);
}
