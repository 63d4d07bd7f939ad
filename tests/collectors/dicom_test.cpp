// DICOM upper layer (collectors/src/proto/dicom/), through the frame walk and the TCP
// first-bytes table: the fixtures field by field, recognition on any port and never on other
// protocols' first bytes, PDUs and C-STORE datasets split over segments and PDVs, bad lengths,
// the per-PDU fact budgets and the dataset bound, and the privacy canary: nothing of a
// dataset outside the equipment whitelist reaches an observation.

#include "fixtures/dicom.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "decode_helpers.h"
#include "proto/dicom/dicom.h"
#include "tcp_frames.h"

using daicho::collectors::ByteReader;
using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;
namespace dicom = daicho::collectors::dicom;

namespace {

// ---- PDU builders (PS3.8 §9.3; big-endian UL lengths, little-endian dataset encodings)

std::string be16(std::uint32_t v) { return {static_cast<char>(v >> 8U), static_cast<char>(v)}; }
std::string be32(std::uint32_t v) { return be16(v >> 16U) + be16(v & 0xFFFFU); }
std::string le16(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8U)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xFFFFU) + le16(v >> 16U); }

std::string pdu(std::uint8_t type, const std::string& body) {
    return std::string{static_cast<char>(type), '\0'} +
           be32(static_cast<std::uint32_t>(body.size())) + body;
}
std::string item(std::uint8_t type, const std::string& value) {
    return std::string{static_cast<char>(type), '\0'} +
           be16(static_cast<std::uint32_t>(value.size())) + value;
}
std::string ae(std::string title) {
    title.resize(16, ' ');
    return title;
}
std::string associate(std::uint8_t type, const std::string& called, const std::string& calling,
                      const std::string& items) {
    return pdu(type, be16(1) + be16(0) + ae(called) + ae(calling) + std::string(32, '\0') +
                         item(0x10, "1.2.840.10008.3.1.1.1") + items);
}
std::string context_rq(std::uint8_t id, const std::string& abstract,
                       const std::vector<std::string>& syntaxes) {
    std::string v{static_cast<char>(id), '\0', '\0', '\0'};
    v += item(0x30, abstract);
    for (const auto& ts : syntaxes) {
        v += item(0x40, ts);
    }
    return item(0x20, v);
}
std::string user_info(const std::string& uid, const std::string& version) {
    return item(0x50, item(0x51, be32(16384)) + item(0x52, uid) + item(0x55, version));
}

std::string pdv(std::uint8_t context, std::uint8_t control, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size() + 2)) +
           std::string{static_cast<char>(context), static_cast<char>(control)} + data;
}
std::string p_data(const std::string& pdvs) { return pdu(0x04, pdvs); }

std::string implicit(std::uint16_t group, std::uint16_t element, const std::string& value) {
    return le16(group) + le16(element) + le32(static_cast<std::uint32_t>(value.size())) + value;
}
std::string explicit_short(std::uint16_t group, std::uint16_t element, const std::string& vr,
                           const std::string& value) {
    return le16(group) + le16(element) + vr + le16(static_cast<std::uint32_t>(value.size())) +
           value;
}
std::string explicit_long(std::uint16_t group, std::uint16_t element, const std::string& vr,
                          std::uint32_t length, const std::string& value) {
    return le16(group) + le16(element) + vr + std::string(2, '\0') + le32(length) + value;
}
// A C-STORE-RQ command set (PS3.7 §9.3.1.1), Implicit VR Little Endian.
std::string store_command(const std::string& sop_class = "1.2.840.10008.5.1.4.1.1.2") {
    std::string uid = sop_class;
    if (uid.size() % 2 != 0) {
        uid.push_back('\0');
    }
    const std::string body = implicit(0, 0x0002, uid) + implicit(0, 0x0100, le16(0x0001)) +
                             implicit(0, 0x0110, le16(1)) + implicit(0, 0x0800, le16(0));
    return implicit(0, 0x0000, le32(static_cast<std::uint32_t>(body.size()))) + body;
}

std::string payload_of(std::string_view fixture) {
    const auto bytes = hex(fixture);
    std::string out(bytes.size() - 54, '\0');
    std::transform(bytes.begin() + 54, bytes.end(), out.begin(),
                   [](std::byte b) { return static_cast<char>(b); });
    return out;
}

TcpEnds scu() {
    TcpEnds e;
    e.src_ip = {10, 40, 2, 20};
    e.dst_ip = {10, 40, 2, 10};
    e.src_port = 49152;
    e.dst_port = 104;
    return e;
}

Decoded one(const std::string& payload, const TcpEnds& e = scu()) {
    const auto bytes = tcp_frame(e, kPshAck, 1, payload);
    return decode_bytes(bytes);
}

// Feeds `payload` as segments cut at `cuts` (ascending offsets) and returns the session.
TcpSession& feed_split(TcpSession& session, const std::string& payload,
                       const std::vector<std::size_t>& cuts, const TcpEnds& e = scu()) {
    std::size_t at = 0;
    std::vector<std::size_t> ends = cuts;
    ends.push_back(payload.size());
    for (const std::size_t end : ends) {
        session.feed(e, kPshAck, static_cast<std::uint32_t>(1 + at), payload.substr(at, end - at));
        at = end;
    }
    return session;
}

std::vector<std::string> values(const std::vector<Fact>& facts, FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}
bool has(const std::vector<Fact>& facts, FactKind kind, const std::string& value) {
    const auto v = values(facts, kind);
    return std::find(v.begin(), v.end(), value) != v.end();
}

bool probe(const std::string& bytes) {
    return dicom::probe(ByteReader(std::as_bytes(std::span(bytes.data(), bytes.size()))));
}

}  // namespace

TEST_CASE("dicom: A-ASSOCIATE-RQ facts about the caller and the called AE", "[collectors][dicom]") {
    const auto d = decode_hex(fixtures::kDicomAssociateRq);
    CHECK(d.counter("dicom").decoded == 1);
    const auto caller = ip("10.40.2.20");
    const auto called = ip("10.40.2.10");
    std::vector<Fact> about_caller;
    std::vector<Fact> about_called;
    for (const auto& f : d.facts) {
        CHECK(f.source == "dicom");
        (f.subject.ip == caller ? about_caller : about_called).push_back(f);
        if (f.subject.ip == called) {
            CHECK(f.subject.mac == mac("00:1a:2b:3c:51:10"));
            CHECK(f.subject.has_mac);
        } else {
            CHECK(f.subject.mac == mac("00:10:18:aa:bb:01"));
        }
    }
    CHECK(values(about_caller, FactKind::role) == std::vector<std::string>{"dicom-scu"});
    CHECK(values(about_caller, FactKind::ae_title) == std::vector<std::string>{"CT-SCANNER-01"});
    // The NUL pad of the UID is gone; the version name is as sent.
    CHECK(values(about_caller, FactKind::implementation_class_uid) ==
          std::vector<std::string>{"1.2.276.0.7230010.3.0.3.6.7"});
    CHECK(values(about_caller, FactKind::implementation_version) ==
          std::vector<std::string>{"OFFIS_DCMTK_367"});
    CHECK(values(about_caller, FactKind::peer) ==
          std::vector<std::string>{"dicom-scp PACS-MAIN 10.40.2.10"});
    CHECK(values(about_caller, FactKind::sop_class) ==
          std::vector<std::string>{"1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4",
                                   "1.2.840.10008.1.1"});
    // Deduplicated within the PDU, in first-seen order.
    CHECK(values(about_caller, FactKind::transfer_syntax) ==
          std::vector<std::string>{"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"});
    CHECK(values(about_called, FactKind::role) == std::vector<std::string>{"dicom-scp"});
    CHECK(values(about_called, FactKind::ae_title) == std::vector<std::string>{"PACS-MAIN"});
    CHECK(about_called.size() == 2);
    // AE and implementation facts come before the lists.
    REQUIRE(d.facts.size() >= 7);
    for (std::size_t i = 0; i < 7; ++i) {
        CHECK(d.facts[i].kind != FactKind::sop_class);
        CHECK(d.facts[i].kind != FactKind::transfer_syntax);
    }
}

TEST_CASE("dicom: A-ASSOCIATE-AC gives the acceptor's identity and accepted syntaxes",
          "[collectors][dicom]") {
    const auto d = decode_hex(fixtures::kDicomAssociateAc);
    CHECK(d.counter("dicom").decoded == 1);
    for (const auto& f : d.facts) {
        CHECK(f.subject.ip == ip("10.40.2.10"));  // all about the sender (the SCP)
    }
    CHECK(values(d.facts, FactKind::role) == std::vector<std::string>{"dicom-scp"});
    // The AE titles come from the RQ only: an AC's echoed titles are not to be trusted.
    CHECK(values(d.facts, FactKind::ae_title).empty());
    CHECK(values(d.facts, FactKind::implementation_class_uid) ==
          std::vector<std::string>{"1.2.40.0.13.1.3"});
    CHECK(values(d.facts, FactKind::implementation_version) ==
          std::vector<std::string>{"dcm4che-5.29.2"});
    // Context 3 was rejected: its transfer syntax is not significant (PS3.8 §9.3.3.2).
    CHECK(values(d.facts, FactKind::transfer_syntax) ==
          std::vector<std::string>{"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"});
    CHECK(values(d.facts, FactKind::sop_class).empty());
    CHECK(values(d.facts, FactKind::peer).empty());
}

TEST_CASE("dicom: A-ASSOCIATE-RJ and A-RELEASE", "[collectors][dicom]") {
    const auto rj = decode_hex(fixtures::kDicomAssociateRj);
    CHECK(rj.counter("dicom").decoded == 1);
    CHECK(values(rj.facts, FactKind::role) == std::vector<std::string>{"dicom-scp"});
    CHECK(values(rj.facts, FactKind::other) ==
          std::vector<std::string>{"association-rejected result=1 source=1 reason=3"});
    REQUIRE(rj.facts.size() == 2);
    CHECK(rj.facts[0].subject.ip == ip("10.40.2.10"));

    const auto release = decode_hex(fixtures::kDicomReleaseRq);
    CHECK(release.counter("dicom").decoded == 1);
    CHECK(release.facts.empty());
}

TEST_CASE("dicom: P-DATA-TF commands name the DIMSE message and its SOP class",
          "[collectors][dicom]") {
    const auto echo = decode_hex(fixtures::kDicomEchoRq);
    CHECK(echo.counter("dicom").decoded == 1);
    CHECK(values(echo.facts, FactKind::message_type) == std::vector<std::string>{"C-ECHO-RQ"});
    CHECK(values(echo.facts, FactKind::sop_class) == std::vector<std::string>{"1.2.840.10008.1.1"});

    SECTION("responses and N-services; Requested SOP Class UID when there is no Affected") {
        const std::string body = implicit(0, 0x0003, "1.2.840.10008.1.20.1") +
                                 implicit(0, 0x0100, le16(0x0130)) + implicit(0, 0x0110, le16(9));
        const auto d = one(p_data(pdv(1, 0x03, body)));
        CHECK(values(d.facts, FactKind::message_type) == std::vector<std::string>{"N-ACTION-RQ"});
        CHECK(values(d.facts, FactKind::sop_class) ==
              std::vector<std::string>{"1.2.840.10008.1.20.1"});
        const auto rsp = one(p_data(pdv(1, 0x03, implicit(0, 0x0100, le16(0x8001)))));
        CHECK(values(rsp.facts, FactKind::message_type) == std::vector<std::string>{"C-STORE-RSP"});
    }
    SECTION("an unknown command field names nothing") {
        const auto d = one(p_data(pdv(1, 0x03, implicit(0, 0x0100, le16(0x4242)))));
        CHECK(d.counter("dicom").decoded == 1);
        CHECK(values(d.facts, FactKind::message_type).empty());
    }
    SECTION("a command split over two PDVs mid-UID") {
        const std::string cmd = implicit(0, 0x0002, std::string("1.2.840.10008.1.1") + '\0') +
                                implicit(0, 0x0100, le16(0x0030));
        const auto d = one(p_data(pdv(1, 0x01, cmd.substr(0, 12)) + pdv(1, 0x03, cmd.substr(12))));
        CHECK(values(d.facts, FactKind::sop_class) ==
              std::vector<std::string>{"1.2.840.10008.1.1"});
        CHECK(values(d.facts, FactKind::message_type) == std::vector<std::string>{"C-ECHO-RQ"});
    }
    SECTION("a dataset fragment first continues an earlier message: nothing to read") {
        const auto d = one(p_data(pdv(1, 0x02, implicit(8, 0x60, "CT"))));
        CHECK(d.counter("dicom").decoded == 1);
        CHECK(d.facts.empty());
    }
}

TEST_CASE("dicom: C-STORE-RQ equipment attributes, explicit VR", "[collectors][dicom]") {
    const auto d = decode_hex(fixtures::kDicomStoreExplicit);
    CHECK(d.counter("dicom").decoded == 1);
    for (const auto& f : d.facts) {
        CHECK(f.subject.ip == ip("10.40.2.20"));  // the C-STORE sender
    }
    CHECK(values(d.facts, FactKind::message_type) == std::vector<std::string>{"C-STORE-RQ"});
    CHECK(values(d.facts, FactKind::sop_class) ==
          std::vector<std::string>{"1.2.840.10008.5.1.4.1.1.2"});
    CHECK(values(d.facts, FactKind::modality) == std::vector<std::string>{"CT"});
    // Padding removed; the Manufacturer nested in the sequence is not taken.
    CHECK(values(d.facts, FactKind::manufacturer) == std::vector<std::string>{"GE Healthcare"});
    CHECK(values(d.facts, FactKind::station_name) == std::vector<std::string>{"CTROOM-1"});
    // The station name is the machine's name: a host name too (PS3.3 §C.7.5.1).
    CHECK(values(d.facts, FactKind::hostname) == std::vector<std::string>{"CTROOM-1"});
    CHECK(values(d.facts, FactKind::model) == std::vector<std::string>{"BrightSpeed Elite Select"});
    CHECK(values(d.facts, FactKind::serial_number) == std::vector<std::string>{"SN-000123"});
    CHECK(values(d.facts, FactKind::software) == std::vector<std::string>{"11.2.0\\4.5"});
    CHECK(d.facts.size() == 9);
}

TEST_CASE("dicom: C-STORE-RQ, implicit VR split over PDVs and segments", "[collectors][dicom]") {
    const auto d = decode_hex(fixtures::kDicomStoreImplicitSplit);
    CHECK(d.counter("dicom").decoded == 1);
    CHECK(values(d.facts, FactKind::modality) == std::vector<std::string>{"MR"});
    CHECK(values(d.facts, FactKind::manufacturer) == std::vector<std::string>{"SIEMENS"});
    CHECK(values(d.facts, FactKind::station_name) == std::vector<std::string>{"MRC12345"});
    CHECK(values(d.facts, FactKind::hostname) == std::vector<std::string>{"MRC12345"});
    CHECK(values(d.facts, FactKind::model) == std::vector<std::string>{"Skyra"});
    CHECK(values(d.facts, FactKind::serial_number) == std::vector<std::string>{"45678"});
    CHECK(values(d.facts, FactKind::software) == std::vector<std::string>{"syngo MR E11"});

    // The same bytes over two segments cut at every offset: same facts once both are in.
    // (The probe needs the 6-byte PDU header in the stream's first segment.)
    const std::string payload = payload_of(fixtures::kDicomStoreImplicitSplit);
    for (std::size_t cut = 6; cut < payload.size(); ++cut) {
        INFO("cut at " << cut);
        TcpSession session;
        feed_split(session, payload, {cut});
        CHECK(session.values(FactKind::manufacturer) == std::vector<std::string>{"SIEMENS"});
        CHECK(session.values(FactKind::software) == std::vector<std::string>{"syngo MR E11"});
        CHECK(session.counter("dicom").decoded == 1);
    }
}

TEST_CASE("dicom: command and dataset in separate segments, as the synthetic capture sends them",
          "[collectors][dicom]") {
    const std::string command = p_data(pdv(1, 0x03, store_command()));
    const std::string dataset =
        p_data(pdv(1, 0x02,
                   explicit_short(8, 0x60, "CS", "CT") + explicit_short(8, 0x70, "LO", "GE ") +
                       explicit_short(0x20, 0x0d, "UI", "1.2")));
    TcpSession session;
    const auto first = session.feed(scu(), kPshAck, 1, command);
    CHECK(first.empty());  // waiting for the dataset
    const auto second =
        session.feed(scu(), kPshAck, static_cast<std::uint32_t>(1 + command.size()), dataset);
    CHECK(has(second, FactKind::message_type, "C-STORE-RQ"));
    CHECK(has(second, FactKind::modality, "CT"));
    CHECK(has(second, FactKind::manufacturer, "GE"));
    CHECK(session.counter("dicom").decoded == 1);
    // The next segment starts a new PDU: the stream is still DICOM.
    const std::string rsp = p_data(pdv(1, 0x03, implicit(0, 0x0100, le16(0x8030))));
    const auto third = session.feed(
        scu(), kPshAck, static_cast<std::uint32_t>(1 + command.size() + dataset.size()), rsp);
    CHECK(has(third, FactKind::message_type, "C-ECHO-RSP"));
}

TEST_CASE("dicom: A-ASSOCIATE-RQ over two segments yields the implementation at its end",
          "[collectors][dicom]") {
    std::string items;
    for (std::uint8_t i = 0; i < 123; ++i) {  // as many as the GODICOM C-GET capture
        items += context_rq(static_cast<std::uint8_t>(2 * i + 1),
                            "1.2.840.10008.5.1.4.1.1." + std::to_string(i + 1),
                            {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
                             "1.2.840.10008.1.2.1.99"});
    }
    items += user_info("1.2.826.0.1.3680043.9.7133.1.1", "GODICOM_1_1");
    const std::string rq = associate(0x01, "testserver", "testclient", items);
    REQUIRE(rq.size() > 16000);
    TcpSession session;
    feed_split(session, rq, {1460, 2920, 16000});
    const auto& facts = session.facts();
    CHECK(session.values(FactKind::implementation_class_uid) ==
          std::vector<std::string>{"1.2.826.0.1.3680043.9.7133.1.1"});
    CHECK(session.values(FactKind::implementation_version) ==
          std::vector<std::string>{"GODICOM_1_1"});
    // The budgets: 40 distinct SOP classes, every one of the 4 transfer syntaxes.
    CHECK(session.values(FactKind::sop_class).size() == dicom::kMaxSopClassFacts);
    CHECK(session.values(FactKind::transfer_syntax).size() == 4);
    CHECK(facts.size() <= daicho::collectors::ObservationSink::kMaxPerFrame);
    CHECK(session.counter("dicom").decoded == 1);
}

TEST_CASE("dicom: recognised on any port, never on other protocols' first bytes",
          "[collectors][dicom]") {
    const std::string rq = payload_of(fixtures::kDicomAssociateRq);
    CHECK(probe(rq));
    CHECK(probe(payload_of(fixtures::kDicomAssociateAc)));
    CHECK(probe(payload_of(fixtures::kDicomAssociateRj)));
    CHECK(probe(payload_of(fixtures::kDicomEchoRq)));
    CHECK(probe(payload_of(fixtures::kDicomReleaseRq)));
    TcpEnds e = scu();
    e.dst_port = 8080;
    CHECK(values(one(rq, e).facts, FactKind::ae_title).size() == 2);

    const std::vector<std::string> others{
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // TLS ClientHello
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "SSH-2.0-OpenSSH_9.2\r\n",
        std::string("\x00\x00\x00\x54\xfeSMB@\x00", 10),                      // NBSS + SMB2
        std::string("\x03\x00\x00\x2b\x26\xe0\x00\x00\x00\x00\x00", 11),      // RDP TPKT + X.224
        std::string("\x05\x00\x0b\x03\x10\x00\x00\x00\x48\x00", 10),          // DCE/RPC bind
        std::string("\x05\x00\x00\x03\x10\x00\x00\x00\x18\x00", 10),          // DCE/RPC request
        std::string("\x01\x00\x00\x00\x00\x04\x00\x01", 8),                   // RQ length too small
        std::string("\x08\x00\x00\x00\x00\x04\x00\x00\x00\x00", 10),          // type 8
        std::string("\x03\x01\x00\x00\x00\x04\x00\x01\x01\x01", 10),          // reserved byte set
        std::string("\x03\x00\x00\x00\x00\x04\x00\x07\x01\x01", 10),          // RJ result 7
        std::string("\x04\x00\x00\x00\x00\x08\x00\x00\x00\x04\x02\x03", 12),  // even context id
        std::string("\x04\x00\x00\x00\x00\x08\x00\x00\x00\x01\x01\x03", 12),  // PDV length 1
        std::string("\x04\x00\x00\x00\x00\x08\x00\x00\x00\x04\x01\x07", 12),  // control bit 2
        std::string("\x04\x00", 2),
    };
    for (const auto& bytes : others) {
        INFO(bytes);
        CHECK_FALSE(probe(bytes));
    }
    // Protocol version other than 1, and no application context item at byte 75.
    std::string v2 = rq;
    v2[7] = 2;
    CHECK_FALSE(probe(v2));
    std::string no_context = rq;
    no_context[74] = 0x20;
    CHECK_FALSE(probe(no_context));
}

TEST_CASE("dicom: bad lengths", "[collectors][dicom]") {
    SECTION("an item running past a whole A-ASSOCIATE PDU is malformed, facts so far kept") {
        std::string rq =
            associate(0x01, "SCP", "SCU",
                      context_rq(1, "1.2.3", {"1.2"}) + item(0x50, item(0x52, "1.2.3.4")));
        // The PDU ends 2 bytes early: the user information item runs past it.
        rq.replace(2, 4, be32(static_cast<std::uint32_t>(rq.size() - 6 - 2)));
        rq.resize(rq.size() - 2);
        const auto d = one(rq + std::string("\x05\x00\x00\x00\x00\x04\x00\x00\x00\x00", 10));
        CHECK(d.counter("dicom").malformed == 1);
        CHECK(values(d.facts, FactKind::ae_title) == std::vector<std::string>{"SCU", "SCP"});
        CHECK(values(d.facts, FactKind::implementation_class_uid).empty());
    }
    SECTION("a PDV running past a whole P-DATA-TF PDU is malformed") {
        const std::string first = pdv(1, 0x01, implicit(0, 0x0110, le16(1)));
        std::string second = pdv(1, 0x03, implicit(0, 0x0100, le16(0x0030)));
        second.replace(0, 4, be32(static_cast<std::uint32_t>(second.size() - 4 + 4)));
        const auto d = one(p_data(first + second) + pdu(0x05, std::string(4, '\0')));
        CHECK(d.facts.empty());
        CHECK(d.counter("dicom").malformed == 1);
        // The first PDV overrunning its PDU is not even DICOM to the probe.
        std::string p = p_data(pdv(1, 0x03, implicit(0, 0x0100, le16(0x0030))));
        p.replace(6, 4, be32(static_cast<std::uint32_t>(p.size() - 6 + 4)));
        CHECK_FALSE(probe(p));
    }
    SECTION("a command element outside group 0000 is malformed") {
        const auto d = one(p_data(pdv(1, 0x03, implicit(8, 0x0100, le16(0x0030)))));
        CHECK(d.counter("dicom").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a command field of the wrong length is malformed") {
        const auto d = one(p_data(pdv(1, 0x03, implicit(0, 0x0100, le32(0x0030)))));
        CHECK(d.counter("dicom").malformed == 1);
    }
    SECTION("an over-long SOP class UID is malformed") {
        const auto d = one(p_data(
            pdv(1, 0x03,
                implicit(0, 0x0002, std::string(66, '1')) + implicit(0, 0x0100, le16(0x0030)))));
        CHECK(d.counter("dicom").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a PDU cut by the capture is truncated, not malformed") {
        const std::string rq = payload_of(fixtures::kDicomAssociateRq);
        const auto bytes = tcp_frame(scu(), kPshAck, 1, rq.substr(0, 200));
        const auto d = decode_bytes(bytes, daicho::collectors::LinkType::ethernet,
                                    static_cast<std::uint32_t>(bytes.size() + 100));
        CHECK(d.counter("dicom").truncated == 1);
        CHECK(d.counter("dicom").malformed == 0);
        CHECK(values(d.facts, FactKind::ae_title).size() == 2);
        CHECK(values(d.facts, FactKind::implementation_class_uid).empty());
    }
}

TEST_CASE("dicom: dataset limits", "[collectors][dicom]") {
    const std::string command = p_data(pdv(1, 0x03, store_command()));
    SECTION("an element that cannot end within the dataset bound stops the walk: limited") {
        const std::string ds = explicit_short(8, 0x60, "CS", "US") +
                               explicit_long(9, 0x1001, "OB", 20000, std::string(64, 'x'));
        const auto d = one(command + p_data(pdv(1, 0x00, ds)));
        CHECK(d.counter("dicom").limited == 1);
        CHECK(values(d.facts, FactKind::modality) == std::vector<std::string>{"US"});
    }
    SECTION("sequences nested deeper than kMaxSequenceDepth: limited") {
        std::string ds = explicit_short(8, 0x60, "CS", "MG");
        for (std::size_t i = 0; i <= dicom::kMaxSequenceDepth; ++i) {
            ds += explicit_long(8, 0x1032, "SQ", 0xFFFFFFFF, "") + le16(0xFFFE) + le16(0xE000) +
                  le32(0xFFFFFFFF);
        }
        const auto d = one(command + p_data(pdv(1, 0x02, ds)));
        CHECK(d.counter("dicom").limited == 1);
        CHECK(values(d.facts, FactKind::modality) == std::vector<std::string>{"MG"});
    }
    SECTION("a dataset that ends before (0018,1020) is decoded") {
        const auto d = one(command + p_data(pdv(1, 0x02, explicit_short(8, 0x70, "LO", "ACME"))));
        CHECK(d.counter("dicom").decoded == 1);
        CHECK(values(d.facts, FactKind::manufacturer) == std::vector<std::string>{"ACME"});
    }
    SECTION("an over-long whitelisted value is capped") {
        const auto d = one(
            command +
            p_data(pdv(1, 0x02, explicit_long(0x18, 0x1020, "UT", 600, std::string(600, 'v')))));
        REQUIRE(values(d.facts, FactKind::software).size() == 1);
        CHECK(values(d.facts, FactKind::software)[0].size() == dicom::kMaxDatasetValueBytes);
    }
    SECTION("an item delimiter outside an item is malformed") {
        const std::string ds = explicit_short(8, 0x60, "CS", "CR") + le16(0xFFFE) + le16(0xE00D) +
                               le32(0) + explicit_short(8, 0x70, "LO", "X ");
        const auto d = one(command + p_data(pdv(1, 0x02, ds)));
        CHECK(d.counter("dicom").malformed == 1);
        CHECK(values(d.facts, FactKind::manufacturer).empty());
    }
    SECTION("a sequence of defined length is skipped by its length, nested tags unread") {
        const std::string nested = explicit_short(8, 0x70, "LO", "NESTED");
        const std::string seq_item =
            le16(0xFFFE) + le16(0xE000) + le32(static_cast<std::uint32_t>(nested.size())) + nested;
        const std::string ds =
            explicit_long(8, 0x1032, "SQ", static_cast<std::uint32_t>(seq_item.size()), seq_item) +
            explicit_short(8, 0x1090, "LO", "Model-X ");
        const auto d = one(command + p_data(pdv(1, 0x02, ds)));
        CHECK(values(d.facts, FactKind::manufacturer).empty());
        CHECK(values(d.facts, FactKind::model) == std::vector<std::string>{"Model-X"});
    }
}

TEST_CASE("dicom: hostile strings are kept verbatim", "[collectors][dicom]") {
    const auto d = decode_hex(fixtures::kDicomAssociateRqHostile);
    CHECK(d.counter("dicom").decoded == 1);
    CHECK(has(d.facts, FactKind::ae_title, "\x1b[2J\x07'AE\"\r\n"));
    CHECK(has(d.facts, FactKind::ae_title, "=cmd|\"/c calc\"!A"));
    CHECK(has(d.facts, FactKind::implementation_version, "=HYPERLINK(\"x\")"));
    CHECK(has(d.facts, FactKind::peer, "dicom-scp =cmd|\"/c calc\"!A 10.40.2.10"));

    SECTION("all-space AE titles name nothing") {
        const auto blank = one(associate(0x01, "", "", ""));
        CHECK(blank.counter("dicom").decoded == 1);
        CHECK(values(blank.facts, FactKind::ae_title).empty());
        CHECK(values(blank.facts, FactKind::peer).empty());
    }
}

TEST_CASE("dicom: privacy canary, no dataset bytes outside the whitelist reach a fact",
          "[collectors][dicom][privacy]") {
    const std::vector<std::string> canaries{
        "CANARY",          "TARO",   "PID-4242", "STUDY", std::string("\xde\xad\xbe\xef", 4),
        "1.2.3.4.5.6.7.8", "NESTED", "BLOB"};
    const auto check_clean = [&](const std::vector<Fact>& facts) {
        for (const auto& f : facts) {
            for (const auto& c : canaries) {
                INFO(f.value);
                CHECK(f.value.find(c) == std::string::npos);
            }
            // The dataset's host name comes only from Station Name, never another element.
            if (f.kind == FactKind::hostname) {
                CHECK(has(facts, FactKind::station_name, f.value));
            }
        }
    };
    const auto whole = decode_hex(fixtures::kDicomStoreExplicit);
    check_clean(whole.facts);
    CHECK(has(whole.facts, FactKind::manufacturer, "GE Healthcare"));
    CHECK(has(whole.facts, FactKind::model, "BrightSpeed Elite Select"));
    check_clean(decode_hex(fixtures::kDicomStoreImplicitSplit).facts);

    // Cut over two and three segments at every offset: still nothing but the whitelist.
    // (The probe needs the 6-byte PDU header in the stream's first segment.)
    const std::string payload = payload_of(fixtures::kDicomStoreExplicit);
    for (std::size_t cut = 6; cut < payload.size(); ++cut) {
        INFO("cut at " << cut);
        TcpSession two;
        feed_split(two, payload, {cut});
        check_clean(two.facts());
        CHECK(two.values(FactKind::serial_number) == std::vector<std::string>{"SN-000123"});
        TcpSession three;
        feed_split(three, payload,
                   {std::max<std::size_t>(6, cut / 2), std::max<std::size_t>(7, cut)});
        check_clean(three.facts());
        CHECK(three.values(FactKind::model) ==
              std::vector<std::string>{"BrightSpeed Elite Select"});
    }
}
