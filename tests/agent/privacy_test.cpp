// Patient data never reaches the ledger: a capture of an HL7 ORU^R01 (PID, PV1, OBX values)
// and a DICOM C-STORE (patient name and ID, study description, pixel data) goes through
// `daicho ingest` and every report, and no canary appears in the SQLite file, its WAL, any
// export, or daicho's output. The canaries are checked to be in the capture itself, and the
// devices' identities (MSH sending application, AE titles, the DICOM manufacturer) are checked
// to be in the ledger, so the test cannot pass by reading nothing.

#include <sqlite3.h>
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pcap_bytes.h"
#include "tcp_frame_bytes.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::test::kAck;
using daicho::test::kPshAck;
using daicho::test::kSyn;
using daicho::test::PcapRecord;
using daicho::test::TcpEnds;

namespace {

constexpr std::array<std::string_view, 8> kCanaries{
    "CANARY^HANAKO", "CANARY-MRN-777",  "CANARY-OBX-VALUE", "CANARY-PV1-BED",
    "CANARY^TARO",   "CANARY-PID-4242", "CANARY-STUDY",     "CANARYPIXELS",
};

using Bytes = std::vector<std::byte>;

void put(Bytes& b, std::string_view s) {
    for (char c : s) {
        b.push_back(static_cast<std::byte>(c));
    }
}
void put8(Bytes& b, unsigned v) { b.push_back(static_cast<std::byte>(v & 0xFFU)); }
void put16be(Bytes& b, unsigned v) {
    put8(b, v >> 8U);
    put8(b, v);
}
void put32be(Bytes& b, std::uint32_t v) {
    put16be(b, v >> 16U);
    put16be(b, v & 0xFFFFU);
}
void put16le(Bytes& b, unsigned v) {
    put8(b, v);
    put8(b, v >> 8U);
}
void put32le(Bytes& b, std::uint32_t v) {
    put16le(b, v & 0xFFFFU);
    put16le(b, v >> 16U);
}

// --- HL7 v2 over MLLP ------------------------------------------------------------------

std::string mllp(std::string_view message) {
    return std::string("\x0b") + std::string(message) + "\x1c\x0d";
}

const std::string kOru = mllp(
    "MSH|^~\\&|MONITOR_GW^NK|ICU-3F|HIS|DAICHO-HOSP|20261124101500||ORU^R01|MSG0001|P|2.5\r"
    "SFT|Nihon Kohden|05.01|Gateway Suite|GS-501\r"
    "PID|1||CANARY-MRN-777^^^HOSP^MR||CANARY^HANAKO||19700101|F\r"
    "PV1|1|I|ICU^3F^CANARY-PV1-BED\r"
    "OBR|1|||VS^Vital signs\r"
    "OBX|1|NM|8867-4^Heart rate^LN||CANARY-OBX-VALUE|/min|||||F|||20261124101500||||BSM-6701^NK\r");
const std::string kAckMessage = mllp(
    "MSH|^~\\&|HIS|DAICHO-HOSP|MONITOR_GW^NK|ICU-3F|20261124101501||ACK^R01|ACK0001|P|2.5\r"
    "MSA|AA|MSG0001\r");

// --- DICOM upper layer (PS3.8 §9.3) ------------------------------------------------------

std::string padded_ae(std::string_view ae) {
    std::string s(ae);
    s.resize(16, ' ');
    return s;
}

void item(Bytes& b, unsigned type, const Bytes& body) {
    put8(b, type);
    put8(b, 0);
    put16be(b, static_cast<unsigned>(body.size()));
    b.insert(b.end(), body.begin(), body.end());
}
Bytes text_bytes(std::string_view s) {
    Bytes b;
    put(b, s);
    return b;
}

Bytes associate(unsigned pdu_type, std::string_view called, std::string_view calling) {
    Bytes body;
    put16be(body, 1);  // protocol version
    put16be(body, 0);
    put(body, padded_ae(called));
    put(body, padded_ae(calling));
    body.resize(body.size() + 32, std::byte{0});
    item(body, 0x10, text_bytes("1.2.840.10008.3.1.1.1"));  // application context
    Bytes pc;
    put8(pc, 1);  // presentation context id
    put8(pc, 0);
    put8(pc, 0);  // reserved (RQ) / result (AC: 0 = acceptance)
    put8(pc, 0);
    if (pdu_type == 0x01) {
        item(pc, 0x30, text_bytes("1.2.840.10008.5.1.4.1.1.6.1"));  // US Image Storage
    }
    item(pc, 0x40, text_bytes("1.2.840.10008.1.2.1"));  // explicit VR little endian
    item(body, pdu_type == 0x01 ? 0x20 : 0x21, pc);
    Bytes user;
    Bytes max_len;
    put32be(max_len, 16384);
    item(user, 0x51, max_len);
    item(user, 0x52, text_bytes("1.2.276.0.7230010.3.0.3.6.7"));
    item(user, 0x55, text_bytes("OFFIS_DCMTK_367"));
    item(body, 0x50, user);
    Bytes pdu;
    put8(pdu, pdu_type);
    put8(pdu, 0);
    put32be(pdu, static_cast<std::uint32_t>(body.size()));
    pdu.insert(pdu.end(), body.begin(), body.end());
    return pdu;
}

// One P-DATA-TF with one PDV.
Bytes p_data(bool command, const Bytes& value) {
    Bytes pdu;
    put8(pdu, 0x04);
    put8(pdu, 0);
    put32be(pdu, static_cast<std::uint32_t>(value.size() + 6));
    put32be(pdu, static_cast<std::uint32_t>(value.size() + 2));
    put8(pdu, 1);                      // presentation context id
    put8(pdu, command ? 0x03 : 0x02);  // last fragment; command or dataset
    pdu.insert(pdu.end(), value.begin(), value.end());
    return pdu;
}

// Implicit VR little endian element (command sets are always implicit VR).
void implicit(Bytes& b, unsigned group, unsigned element, const Bytes& value) {
    put16le(b, group);
    put16le(b, element);
    put32le(b, static_cast<std::uint32_t>(value.size()));
    b.insert(b.end(), value.begin(), value.end());
}
Bytes u16le(unsigned v) {
    Bytes b;
    put16le(b, v);
    return b;
}
Bytes even(std::string_view s, char pad) {
    Bytes b = text_bytes(s);
    if (b.size() % 2 != 0) {
        b.push_back(static_cast<std::byte>(pad));
    }
    return b;
}

Bytes c_store_command() {
    Bytes elements;
    implicit(elements, 0x0000, 0x0002, even("1.2.840.10008.5.1.4.1.1.6.1", '\0'));
    implicit(elements, 0x0000, 0x0100, u16le(0x0001));  // C-STORE-RQ
    implicit(elements, 0x0000, 0x0110, u16le(7));
    implicit(elements, 0x0000, 0x0700, u16le(0));
    implicit(elements, 0x0000, 0x0800, u16le(0x0000));  // a dataset follows
    implicit(elements, 0x0000, 0x1000, even("1.2.826.0.1.3680043.8.498.1", '\0'));
    Bytes cmd;
    Bytes len;
    put32le(len, static_cast<std::uint32_t>(elements.size()));
    implicit(cmd, 0x0000, 0x0000, len);
    cmd.insert(cmd.end(), elements.begin(), elements.end());
    return cmd;
}

// Explicit VR little endian element with a 2-byte length (short VRs).
void explicit_short(Bytes& b, unsigned group, unsigned element, std::string_view vr,
                    const Bytes& value) {
    put16le(b, group);
    put16le(b, element);
    put(b, vr);
    put16le(b, static_cast<unsigned>(value.size()));
    b.insert(b.end(), value.begin(), value.end());
}

Bytes c_store_dataset() {
    Bytes d;
    explicit_short(d, 0x0008, 0x0016, "UI", even("1.2.840.10008.5.1.4.1.1.6.1", '\0'));
    explicit_short(d, 0x0008, 0x0060, "CS", even("US", ' '));
    explicit_short(d, 0x0008, 0x0070, "LO", even("DaichoLab Medical", ' '));
    explicit_short(d, 0x0008, 0x1010, "SH", even("US-CART-2", ' '));
    explicit_short(d, 0x0008, 0x1030, "LO", even("CANARY-STUDY abdomen", ' '));
    explicit_short(d, 0x0008, 0x1090, "LO", even("Echo 9000", ' '));
    explicit_short(d, 0x0010, 0x0010, "PN", even("CANARY^TARO", ' '));
    explicit_short(d, 0x0010, 0x0020, "LO", even("CANARY-PID-4242", ' '));
    explicit_short(d, 0x0010, 0x0030, "DA", even("19700101", ' '));
    explicit_short(d, 0x0018, 0x1000, "LO", even("SN-0042", ' '));
    explicit_short(d, 0x0018, 0x1020, "LO", even("EV9.1.2", ' '));
    // Pixel data (OB: 2 reserved bytes and a 4-byte length).
    put16le(d, 0x7FE0);
    put16le(d, 0x0010);
    put(d, "OB");
    put16le(d, 0);
    std::string pixels;
    for (int i = 0; i < 32; ++i) {
        pixels += "CANARYPIXELS";
    }
    put32le(d, static_cast<std::uint32_t>(pixels.size()));
    put(d, pixels);
    return d;
}

// --- The capture ---------------------------------------------------------------------

class Conversation {
   public:
    explicit Conversation(const TcpEnds& client) : c_(client), s_(client.reversed()) {
        frame(c_, kSyn, c_seq_ - 1, {});
        frame(s_, kSyn | kAck, s_seq_ - 1, {});
    }
    void client(const Bytes& data) { send(c_, c_seq_, data); }
    void server(const Bytes& data) { send(s_, s_seq_, data); }
    std::vector<PcapRecord> records;

   private:
    void send(const TcpEnds& e, std::uint32_t& seq, const Bytes& data) {
        frame(e, kPshAck, seq, data);
        seq += static_cast<std::uint32_t>(data.size());
    }
    void frame(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq, const Bytes& data) {
        PcapRecord r;
        r.bytes = daicho::test::tcp_frame(e, flags, seq, data);
        r.ts_usec = static_cast<std::uint32_t>(records.size() * 1000);
        records.push_back(std::move(r));
    }
    TcpEnds c_;
    TcpEnds s_;
    std::uint32_t c_seq_ = 1001;
    std::uint32_t s_seq_ = 5001;
};

std::vector<PcapRecord> canary_capture() {
    TcpEnds hl7;
    hl7.src_mac = {0x00, 0x1a, 0x2b, 0x00, 0x00, 0x20};
    hl7.dst_mac = {0x00, 0x1a, 0x2b, 0x00, 0x00, 0x10};
    hl7.src_ip = {10, 1, 0, 20};
    hl7.dst_ip = {10, 1, 0, 10};
    hl7.src_port = 40000;
    hl7.dst_port = 6661;
    Conversation h(hl7);
    h.client(text_bytes(kOru));
    h.server(text_bytes(kAckMessage));

    TcpEnds dicom;
    dicom.src_mac = {0x00, 0x1a, 0x2b, 0x00, 0x00, 0x30};
    dicom.dst_mac = {0x00, 0x1a, 0x2b, 0x00, 0x00, 0x40};
    dicom.src_ip = {10, 1, 0, 30};
    dicom.dst_ip = {10, 1, 0, 40};
    dicom.src_port = 50000;
    dicom.dst_port = 11112;
    Conversation d(dicom);
    d.client(associate(0x01, "DAICHO_PACS", "US_CART_2"));
    d.server(associate(0x02, "DAICHO_PACS", "US_CART_2"));
    d.client(p_data(true, c_store_command()));
    d.client(p_data(false, c_store_dataset()));

    auto all = h.records;
    all.insert(all.end(), d.records.begin(), d.records.end());
    return all;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int run(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("No patient field from HL7 or DICOM reaches the ledger, its WAL, an export or a log",
          "[agent][privacy]") {
    daicho::test::TempDir tmp;
    const auto pcap = tmp.path() / "canary.pcap";
    const auto records = canary_capture();
    daicho::test::write_file(pcap, daicho::test::pcap_bytes(records));
    const std::string capture = slurp(pcap);
    for (auto canary : kCanaries) {
        INFO(canary);
        REQUIRE(capture.find(canary) != std::string::npos);  // the test is not vacuous
    }

    const auto db = tmp.path() / "ledger.db";
    const std::string bin = std::string("env -u CI -u DAICHO_DB '") + DAICHO_BIN + "' ";
    // Keep the WAL: create the ledger with a one-frame capture and hold a connection open, so
    // the ingest's connection is not the last to close and leaves its WAL on disk to be read.
    const auto seed = tmp.path() / "seed.pcap";
    daicho::test::write_file(seed, daicho::test::pcap_bytes(std::span(records).first(1)));
    REQUIRE(run(bin + "ingest -q --db " + q(db) + " " + q(seed) + " >/dev/null") == 0);
    sqlite3* holder = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &holder, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(holder, "SELECT count(*) FROM devices", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    // The ingest's own output, with --counters (every decoder's block) for the log check.
    REQUIRE(run(bin + "ingest --counters --db " + q(db) + " " + q(pcap) + " >" +
                q(tmp.path() / "ingest.out") + " 2>" + q(tmp.path() / "ingest.err")) == 0);
    // Read while the WAL still holds the ingest (daicho opens the ledger, so a read does not
    // checkpoint on its own): both files are checked.
    std::vector<fs::path> outputs;
    for (const char* format : {"json", "csv", "table"}) {
        const auto out = tmp.path() / (std::string("devices.") + format);
        REQUIRE(run(bin + "devices --db " + q(db) + " --format " + format + " -o " + q(out) +
                    " 2>>" + q(tmp.path() / "devices.err")) == 0);
        outputs.push_back(out);
    }
    const std::vector<fs::path> files{db,
                                      fs::path(db.string() + "-wal"),
                                      tmp.path() / "ingest.out",
                                      tmp.path() / "ingest.err",
                                      tmp.path() / "devices.err",
                                      outputs.at(0),
                                      outputs.at(1),
                                      outputs.at(2)};
    REQUIRE(fs::exists(fs::path(db.string() + "-wal")));
    CHECK(fs::file_size(fs::path(db.string() + "-wal")) > 0);
    sqlite3_close(holder);
    for (const auto& f : files) {
        const std::string bytes = fs::exists(f) ? slurp(f) : std::string();
        for (auto canary : kCanaries) {
            INFO(f.filename().string() << " must not hold " << canary);
            CHECK(bytes.find(canary) == std::string::npos);
        }
        // Patient names are also split on '^' by HL7/DICOM readers: neither half may appear.
        for (std::string_view half : {"HANAKO", "TARO"}) {
            INFO(f.filename().string() << " must not hold " << half);
            CHECK(bytes.find(half) == std::string::npos);
        }
    }

    // The devices' identities did arrive (so the ingest really read these streams).
    const std::string json = slurp(outputs.at(0));
    for (std::string_view identity :
         {"MONITOR_GW^NK", "ICU-3F", "BSM-6701^NK", "US_CART_2", "DAICHO_PACS", "OFFIS_DCMTK_367",
          "DaichoLab Medical", "EV9.1.2"}) {
        INFO(identity);
        CHECK(json.find(identity) != std::string::npos);
    }
}
