// `daicho connections` end to end: a capture with an inbound RDP session from a vendor's
// closed network (private addresses outside the plan) through the vendor's router, and a PC's
// HTTPS through the firewall; ingest stores the points, the command lists them per
// department, inbound first, in JSON, the table (ja and en), CSV and XLSX.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../collectors/fixtures/tls.h"
#include "hex.h"
#include "pcap_bytes.h"
#include "run_daicho.h"
#include "tcp_frame_bytes.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::hex;
using daicho::test::kAck;
using daicho::test::kPshAck;
using daicho::test::kSyn;
using daicho::test::PcapRecord;
using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::slurp;
using daicho::test::tcp_frame;
using daicho::test::TcpEnds;

namespace {

constexpr std::uint32_t kStart = 1772438400;  // 2026-03-02T08:00:00Z

// RDP X.224 Connection Request (MS-RDPBCGR §2.2.1.1) with a user name in its cookie: the
// cookie is never stored.
constexpr std::string_view kRdpRequest =
    "03 00 00 31 2c e0 00 00 12 34 00"
    "43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61 73 68 3d 79 61 6d 61 64 61 2e 74 61 72 6f 0d 0a"
    "01 00 08 00 03 00 00 00";

constexpr const char* kConfig = R"({
  "departments": [
    {"name": "放射線科", "subnets": ["10.20.0.0/16"]},
    {"name": "看護部", "subnets": ["10.30.0.0/16"]}
  ]
})";

std::vector<std::byte> capture() {
    std::vector<PcapRecord> recs;
    std::uint32_t t = 0;
    const auto add = [&](std::vector<std::byte> f) {
        recs.push_back({std::move(f), kStart, t++, 0});
    };
    // The CT announces 10.20.0.5 (ARP reply).
    add(
        hex("ffffffffffff 001b6398bf36 0806 0001 0800 06 04 0002 001b6398bf36 0a140005"
            "000000000000 00000000 000000000000000000000000000000000000"));
    TcpEnds rdp;  // the vendor (10.99.0.7, its own router's MAC) into the CT
    rdp.src_mac = {0x00, 0xa0, 0xde, 0x00, 0x00, 0x02};
    rdp.dst_mac = {0x00, 0x1b, 0x63, 0x98, 0xbf, 0x36};
    rdp.src_ip = {10, 99, 0, 7};
    rdp.dst_ip = {10, 20, 0, 5};
    rdp.src_port = 50123;
    rdp.dst_port = 3389;
    add(tcp_frame(rdp, kSyn, 1));
    add(tcp_frame(rdp.reversed(), kSyn | kAck, 100));
    add(tcp_frame(rdp, kPshAck, 2, hex(kRdpRequest)));
    TcpEnds web;  // the nurses' PC to a web site through the firewall
    web.src_mac = {0x00, 0x11, 0x22, 0x33, 0x44, 0x66};
    web.dst_mac = {0x00, 0x09, 0x0f, 0x00, 0x00, 0x01};
    web.src_ip = {10, 30, 0, 9};
    web.dst_ip = {203, 0, 113, 80};
    web.src_port = 51000;
    web.dst_port = 443;
    add(tcp_frame(web, kSyn, 1));
    add(tcp_frame(web.reversed(), kSyn | kAck, 100));
    const auto hello = hex(daicho::test::fixtures::kTlsClientHello);
    add(tcp_frame(web, kPshAck, 2, std::span(hello).subspan(54)));
    return daicho::test::pcap_bytes(recs);
}

struct Fixture {
    daicho::test::TempDir tmp;
    fs::path db = tmp.path() / "l.db";
    fs::path config = tmp.path() / "daicho.json";
    Fixture() {
        const auto bytes = capture();
        std::ofstream(tmp.path() / "c.pcap", std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()),
                   static_cast<std::streamsize>(bytes.size()));
        std::ofstream(config) << kConfig;
        const auto r = run_daicho(tmp, "ingest --quiet --db " + q(db) + " --config " + q(config) +
                                           " " + q(tmp.path() / "c.pcap"));
        REQUIRE(r.status == 0);
        CHECK(r.out.find("外部接続点: 新規 2 件") != std::string::npos);
    }
    daicho::test::Run connections(const std::string& args) {
        return run_daicho(tmp, "connections --db " + q(db) + " --config " + q(config) + " " + args);
    }
};

}  // namespace

TEST_CASE("connections: the points per department, inbound first, with evidence",
          "[agent][connections]") {
    Fixture f;
    const auto r = f.connections("--format json");
    REQUIRE(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["address_plan"] == true);
    CHECK(j["evictions"] == 0);
    CHECK(j["total"]["points"] == 2);
    CHECK(j["total"]["inbound"] == 1);
    CHECK(j["total"]["remote_access"] == 1);
    REQUIRE(j["departments"].size() == 2);
    const auto& rad = j["departments"][0];  // the config's order
    CHECK(rad["department"] == "放射線科");
    CHECK(rad["counts"]["points"] == 1);
    CHECK(rad["counts"]["inbound"] == 1);
    const auto& rdp = rad["points"][0];
    CHECK(rdp["direction"] == "outside");
    CHECK(rdp["service_class"] == "remote-control");
    CHECK(rdp["protocol"] == "rdp");
    CHECK(rdp["remote"]["address"] == "10.99.0.7");  // a closed network outside the plan
    CHECK(rdp["remote"]["port"] == 3389);
    CHECK(rdp["inside"]["address"] == "10.20.0.5");
    CHECK(rdp["inside"]["mac"] == "00:1b:63:98:bf:36");
    CHECK(rdp["inside"]["device"].is_number());
    CHECK(rdp["gateway"]["mac"] == "00:a0:de:00:00:02");
    CHECK(rdp["sessions"] == 1);
    CHECK(rdp["evidence"]["frame"] == 2);  // the SYN
    CHECK(fs::path(rdp["evidence"]["capture"].get<std::string>()).filename() == "c.pcap");
    const auto& nurse = j["departments"][1];
    CHECK(nurse["department"] == "看護部");
    const auto& web = nurse["points"][0];
    CHECK(web["direction"] == "inside");
    CHECK(web["service_class"] == "web");
    CHECK(web["remote"]["names"][0]["source"] == "sni");
    CHECK(web["remote"]["names"][0]["name"] == "example.org");
    CHECK(web["gateway"]["mac"] == "00:09:0f:00:00:01");
    // The RDP cookie's user name is in no output.
    CHECK(r.out.find("yamada") == std::string::npos);
}

TEST_CASE("connections: table in Japanese by default, English with --lang en; CSV and XLSX",
          "[agent][connections]") {
    Fixture f;
    auto ja = f.connections("");
    REQUIRE(ja.status == 0);
    CHECK(ja.out.find("放射線科: 接続点 1（外部から開始 1") != std::string::npos);
    CHECK(ja.out.find("方向") != std::string::npos);
    CHECK(ja.out.find("外部から") != std::string::npos);
    CHECK(ja.out.find("リモート操作・保守") != std::string::npos);
    CHECK(ja.out.find("c.pcap:2") != std::string::npos);
    // Inbound before outbound: 放射線科 (the RDP) before 看護部 in the config's order.
    CHECK(ja.out.find("放射線科") < ja.out.find("看護部"));

    auto en = f.connections("--lang en");
    REQUIRE(en.status == 0);
    CHECK(en.out.find("DIRECTION") != std::string::npos);
    CHECK(en.out.find("inbound") != std::string::npos);
    CHECK(en.out.find("example.org") != std::string::npos);

    auto csv = f.connections("--lang en -o " + q(f.tmp.path() / "points.csv"));
    REQUIRE(csv.status == 0);
    const auto text = slurp(f.tmp.path() / "points.csv");
    CHECK(text.find("\"Department\",\"Direction\"") != std::string::npos);
    CHECK(text.find("\"10.99.0.7\"") != std::string::npos);

    auto xlsx = f.connections("-o " + q(f.tmp.path() / "points.xlsx"));
    REQUIRE(xlsx.status == 0);
    CHECK(fs::file_size(f.tmp.path() / "points.xlsx") > 0);
    CHECK(f.connections("--format xlsx").status == 2);  // xlsx needs -o
}

TEST_CASE("connections: a new point is in the history", "[agent][connections]") {
    Fixture f;
    const auto r = run_daicho(f.tmp, "events --db " + q(f.db) + " --kind connection_new --lang en");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("New external connect") != std::string::npos);  // cut to its column
    CHECK(r.out.find("10.99.0.7 tcp/3389 rdp (inbound)") != std::string::npos);
}
