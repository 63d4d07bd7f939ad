// HL7 v2 over MLLP (collectors/src/proto/hl7/hl7.cpp), through the frame walk and the TCP
// first-bytes table: the fixtures field by field, port independence, a message over three
// segments, bad framing, hostile strings, the named limits, and the privacy canaries: no
// patient value (PID, PV1, NK1, OBX-5, NTE) ever reaches an observation.

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "decode_helpers.h"
#include "fixtures/hl7.h"
#include "proto/hl7/hl7.h"
#include "tcp_frames.h"

using daicho::collectors::ByteReader;
using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;

namespace {

constexpr std::string_view kSb = "\x0b";
constexpr std::string_view kEnd = "\x1c\r";

// The values of `kind` about the subject with this IP.
std::vector<std::string> values(const std::vector<Fact>& facts, FactKind kind,
                                std::string_view subject_ip) {
    std::vector<std::string> out;
    for (const auto& f : facts) {
        if (f.kind == kind && f.subject.ip == ip(subject_ip)) {
            out.push_back(f.value);
        }
    }
    return out;
}

using Values = std::vector<std::string>;

TcpEnds ends(std::uint16_t dst_port = 2575) {
    TcpEnds e;
    e.src_port = 50123;
    e.dst_port = dst_port;
    return e;
}

Decoded one(std::string_view payload, std::uint16_t dst_port = 2575) {
    const auto bytes = tcp_frame(ends(dst_port), kPshAck, 1, payload);
    return decode_bytes(bytes);
}

std::string mllp(std::string_view message) {
    return std::string(kSb) + std::string(message) + std::string(kEnd);
}

bool probe(std::string_view bytes) {
    return daicho::collectors::hl7::probe(
        ByteReader(std::as_bytes(std::span(bytes.data(), bytes.size()))));
}

void require_no_canary(const std::vector<Fact>& facts) {
    for (const auto& f : facts) {
        for (const auto canary : fixtures::kHl7Canaries) {
            INFO(daicho::collectors::fact_kind_name(f.kind) << " = " << f.value);
            CHECK(f.value.find(canary) == std::string::npos);
        }
    }
}

}  // namespace

TEST_CASE("hl7: ADT^A01 names both systems, never the patient", "[collectors][hl7]") {
    const auto d = decode_hex(fixtures::kHl7AdtA01);
    CHECK(d.result == DecodeResult::decoded);
    CHECK(d.counter("hl7").decoded == 1);
    const auto& f = d.facts;
    CHECK(values(f, FactKind::application, "10.20.0.11") == Values{"ADT_SYSTEM^EPIC"});
    CHECK(values(f, FactKind::facility, "10.20.0.11") == Values{"GENERAL_HOSP"});
    CHECK(values(f, FactKind::message_type, "10.20.0.11") == Values{"ADT^A01"});
    CHECK(values(f, FactKind::protocol_version, "10.20.0.11") == Values{"HL7 2.3"});
    CHECK(values(f, FactKind::role, "10.20.0.11") == Values{"hl7-sender"});
    CHECK(values(f, FactKind::peer, "10.20.0.11") == Values{"hl7-receiver LAB_SYS 10.20.0.50"});
    CHECK(values(f, FactKind::application, "10.20.0.50") == Values{"LAB_SYS"});
    CHECK(values(f, FactKind::facility, "10.20.0.50") == Values{"LAB_FAC"});
    CHECK(values(f, FactKind::role, "10.20.0.50") == Values{"hl7-receiver"});
    CHECK(f.size() == 9);
    for (const auto& fact : f) {
        CHECK(fact.source == "hl7");
        CHECK(fact.subject.has_mac);
        CHECK(fact.subject.mac == (fact.subject.ip == ip("10.20.0.11") ? mac("00:1b:21:0a:00:11")
                                                                       : mac("00:1b:21:0a:00:50")));
        CHECK(fact.evidence.frame_no == 42);
    }
    require_no_canary(f);
}

TEST_CASE("hl7: ORU^R01 from a monitor gateway: SFT and OBX-18", "[collectors][hl7]") {
    const auto d = decode_hex(fixtures::kHl7OruGateway);
    const auto& f = d.facts;
    const std::string_view gw = "10.30.1.21";
    CHECK(values(f, FactKind::application, gw) == Values{"MONITOR_GW^NK"});
    CHECK(values(f, FactKind::facility, gw) == Values{"ICU_EAST"});
    CHECK(values(f, FactKind::message_type, gw) == Values{"ORU^R01"});
    CHECK(values(f, FactKind::protocol_version, gw) == Values{"HL7 2.5"});
    CHECK(values(f, FactKind::software, gw) == Values{"Monitor Gateway 04.12.3"});
    // The same OBX-18 on two observations is one fact.
    CHECK(values(f, FactKind::equipment_id, gw) ==
          Values{"BSM-6701^MONITOR^0012345", "OXI-22^PULSEOX"});
    CHECK(values(f, FactKind::other, gw) == Values{"hl7-software-vendor Nihon Kohden Corp"});
    CHECK(values(f, FactKind::role, gw) == Values{"hl7-sender"});
    CHECK(values(f, FactKind::peer, gw) == Values{"hl7-receiver HIS 10.10.1.13"});
    CHECK(values(f, FactKind::application, "10.10.1.13") == Values{"HIS"});
    CHECK(values(f, FactKind::facility, "10.10.1.13") == Values{"GENERAL_HOSP"});
    CHECK(values(f, FactKind::role, "10.10.1.13") == Values{"hl7-receiver"});
    CHECK(f.size() == 13);
    require_no_canary(f);
}

TEST_CASE("hl7: an ACK comes from the receiver (MSA)", "[collectors][hl7]") {
    const auto d = decode_hex(fixtures::kHl7Ack);
    const auto& f = d.facts;
    const std::string_view his = "10.10.1.13";
    CHECK(values(f, FactKind::application, his) == Values{"HIS"});
    CHECK(values(f, FactKind::message_type, his) == Values{"ACK^R01"});
    CHECK(values(f, FactKind::other, his) == Values{"hl7-ack AA"});
    CHECK(values(f, FactKind::role, his) == Values{"hl7-receiver"});
    CHECK(values(f, FactKind::peer, his) == Values{"hl7-sender MONITOR_GW^NK 10.30.1.21"});
    CHECK(values(f, FactKind::application, "10.30.1.21") == Values{"MONITOR_GW^NK"});
    CHECK(values(f, FactKind::role, "10.30.1.21") == Values{"hl7-sender"});

    // SFT may stand between MSH and MSA (§2.15.8 message structure ACK).
    const auto sft = one(mllp("MSH|^~\\&|A|B|C|D|||ACK|1|P|2.5\rSFT|V|1|P\rMSA|AE|9\r"));
    CHECK(values(sft.facts, FactKind::role, "192.168.1.10") == Values{"hl7-receiver"});
    CHECK(values(sft.facts, FactKind::other, "192.168.1.10") ==
          Values{"hl7-software-vendor V", "hl7-ack AE"});
}

TEST_CASE("hl7: the message's own delimiters (MSH-1, MSH-2)", "[collectors][hl7]") {
    const auto d = decode_hex(fixtures::kHl7AltSeparators);
    const auto& f = d.facts;
    const std::string_view lab = "10.20.0.77";
    CHECK(values(f, FactKind::application, lab) == Values{"LAB_ANALYZER~XN"});
    CHECK(values(f, FactKind::facility, lab) == Values{"CLINICAL_LAB"});
    CHECK(values(f, FactKind::message_type, lab) == Values{"OUL~R22"});
    CHECK(values(f, FactKind::protocol_version, lab) == Values{"HL7 2.5.1"});
    CHECK(values(f, FactKind::equipment_id, lab) == Values{"XN-1000~SYSMEX"});
    REQUIRE_FALSE(f.empty());
    CHECK(f.front().subject.vlan == 30);

    // v2.7 adds a fifth encoding character (truncation, '#').
    const auto five = one(mllp("MSH|^~\\&#|APP|FAC|||||ADT^A01|1|P|2.7\r"));
    CHECK(values(five.facts, FactKind::application, "192.168.1.10") == Values{"APP"});
    CHECK(values(five.facts, FactKind::protocol_version, "192.168.1.10") == Values{"HL7 2.7"});
}

TEST_CASE("hl7: recognised by MLLP framing on any port", "[collectors][hl7]") {
    const std::string message = mllp("MSH|^~\\&|APP|FAC|RCV|RFAC|||ORU^R01|1|P|2.4\r");
    for (const std::uint16_t port : {2575, 6661, 104, 80, 443, 22, 445, 11112, 40123}) {
        INFO("port " << port);
        const auto d = one(message, port);
        CHECK(d.counter("hl7").decoded == 1);
        CHECK(values(d.facts, FactKind::application, "192.168.1.10") == Values{"APP"});
    }
}

TEST_CASE("hl7: the probe claims MLLP + MSH only", "[collectors][hl7]") {
    CHECK(probe("\x0bMSH|^~\\&|APP|"));
    CHECK(probe("\x0b"));  // a sender that writes the start block on its own
    CHECK(probe("\x0bMS"));
    CHECK(probe("\x0bMSH|^~"));
    CHECK_FALSE(probe(""));
    CHECK_FALSE(probe("MSH|^~\\&|APP|"));    // no start block
    CHECK_FALSE(probe("\x0bMSA|AA|1\r"));    // not a header segment
    CHECK_FALSE(probe("\x0bMSHA^~\\&A"));    // alphanumeric field separator
    CHECK_FALSE(probe("\x0bMSH ^~\\& "));    // space is no delimiter
    CHECK_FALSE(probe("\x0bMSH|^~\\|"));     // three encoding characters
    CHECK_FALSE(probe("\x0bMSH|^~\\&#!|"));  // six encoding characters
    CHECK_FALSE(probe("\x0bMSH|^^\\&|"));    // repeated encoding character
    CHECK_FALSE(probe("\x0bMSH|^~1&|"));     // digit as encoding character
    CHECK_FALSE(probe("\x0bMSH|^~\\\r"));    // control byte in MSH-2
    // The first bytes of the other TCP protocols.
    CHECK_FALSE(probe(std::string_view("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)));
    CHECK_FALSE(probe("GET / HTTP/1.1\r\n"));
    CHECK_FALSE(probe("HTTP/1.1 200 OK\r\n"));
    CHECK_FALSE(probe("SSH-2.0-OpenSSH_9.2\r\n"));
    CHECK_FALSE(probe(std::string_view("\x00\x00\x00\x54\xfeSMB@\x00", 10)));
    CHECK_FALSE(probe(std::string_view("\x05\x00\x0b\x03\x10\x00\x00\x00", 8)));  // DCE/RPC
    CHECK_FALSE(probe(std::string_view("\x01\x00\x00\x00\x00\xcd\x00\x01", 8)));  // DICOM
}

TEST_CASE("hl7: a message over three segments, then a second message", "[collectors][hl7]") {
    const std::string message = mllp(
        "MSH|^~\\&|MONITOR_GW^NK|ICU|HIS|HOSP|20240105||ORU^R01|7|P|2.5\r"
        "SFT|Vendor|1.0|GW|b\rPID|1||CANARY-MRN-777||CANARY^HANAKO||19700101\r"
        "OBX|1|NM|HR||CANARY-OBX-VALUE|||||||||||||BED-7^MON\r");
    const std::size_t a = 20;
    const std::size_t b = 120;
    TcpSession s;
    const TcpEnds e = ends(6661);
    CHECK(s.feed(e, kPshAck, 1, std::string_view(message).substr(0, a)).empty());
    CHECK(s.feed(e, kPshAck, 1 + a, std::string_view(message).substr(a, b - a)).empty());
    const auto facts = s.feed(e, kPshAck, 1 + b, std::string_view(message).substr(b));
    CHECK(values(facts, FactKind::application, "192.168.1.10") == Values{"MONITOR_GW^NK"});
    CHECK(values(facts, FactKind::software, "192.168.1.10") == Values{"GW 1.0"});
    CHECK(values(facts, FactKind::equipment_id, "192.168.1.10") == Values{"BED-7^MON"});
    CHECK(s.counter("hl7").decoded == 1);
    require_no_canary(facts);

    // The next message starts a segment: the stream stays with hl7.
    const auto next = s.feed(e, kPshAck, 1 + static_cast<std::uint32_t>(message.size()),
                             mllp("MSH|^~\\&|MONITOR_GW^NK|ICU|HIS|HOSP|||ORU^R01|8|P|2.5\r"));
    CHECK(values(next, FactKind::message_type, "192.168.1.10") == Values{"ORU^R01"});
    CHECK(s.counter("hl7").decoded == 2);
}

TEST_CASE("hl7: start block, message and end block written separately", "[collectors][hl7]") {
    const std::string body = "MSH|^~\\&|APP|FAC|RCV|RFAC|||ADT^A08|1|P|2.3\r";
    TcpSession s;
    const TcpEnds e = ends(6661);
    CHECK(s.feed(e, kPshAck, 1, kSb).empty());
    CHECK(s.feed(e, kPshAck, 2, body).empty());
    const auto facts = s.feed(e, kPshAck, 2 + static_cast<std::uint32_t>(body.size()), kEnd);
    CHECK(values(facts, FactKind::message_type, "192.168.1.10") == Values{"ADT^A08"});
    CHECK(s.counter("hl7").decoded == 1);
}

TEST_CASE("hl7: bad framing", "[collectors][hl7]") {
    SECTION("no start block: not hl7") {
        const auto d = one("MSH|^~\\&|APP|FAC|||||ADT^A01|1|P|2.3\r\x1c\r");
        CHECK(d.counter("hl7").frames == 0);
        CHECK(d.facts.empty());
    }
    SECTION("a start block followed by something else: not hl7") {
        CHECK(one("\x0bXYZ|^~\\&|APP\r\x1c\r").counter("hl7").frames == 0);
        CHECK(one("\x0bMSH|^^\\&|APP\r\x1c\r").counter("hl7").frames == 0);
    }
    SECTION("end block without CR: malformed, the header facts are kept") {
        const auto d = one("\x0bMSH|^~\\&|APP|FAC|||||ADT^A01|1|P|2.3\r\x1cX");
        CHECK(d.counter("hl7").malformed == 1);
        CHECK(values(d.facts, FactKind::application, "192.168.1.10") == Values{"APP"});
        CHECK(values(d.facts, FactKind::role, "192.168.1.10").empty());
    }
    SECTION("a cut capture inside a segment: only whole segments count") {
        TcpSession s;
        const std::string text = "\x0bMSH|^~\\&|APP|FAC|RCV|RFAC|||ORU^R01|1|P|2.5\rOBX|1|NM|X";
        const auto bytes = tcp_frame(ends(), kPshAck, 1, text);
        const auto facts = s.feed(bytes, 200);
        CHECK(s.counter("hl7").truncated == 1);
        CHECK(values(facts, FactKind::application, "192.168.1.10") == Values{"APP"});
        CHECK(values(facts, FactKind::equipment_id, "192.168.1.10").empty());
    }
    SECTION("the connection closes before the end block: nothing is forwarded") {
        TcpSession s;
        const std::string_view start = "\x0bMSH|^~\\&|APP|FAC\r";
        CHECK(s.feed(ends(), kPshAck, 1, start).empty());
        CHECK(s.feed(ends(), kFin | kAck, 1 + static_cast<std::uint32_t>(start.size())).empty());
        CHECK(s.counter("hl7").decoded == 0);
    }
    SECTION("a following segment that starts no message ends the stream") {
        TcpSession s;
        const std::string message = mllp("MSH|^~\\&|APP|FAC|||||ADT^A01|1|P|2.3\r");
        CHECK_FALSE(s.feed(ends(), kPshAck, 1, message).empty());
        const std::string junk = "PID|1||CANARY-MRN-777\r";
        CHECK(
            s.feed(ends(), kPshAck, 1 + static_cast<std::uint32_t>(message.size()), junk).empty());
        CHECK(s.counter("hl7").frames == 1);
    }
}

TEST_CASE("hl7: hostile strings stay verbatim and capped", "[collectors][hl7]") {
    SECTION("control bytes, formula prefixes and invalid UTF-8") {
        const auto d = one(mllp(std::string("MSH|^~\\&|\x1b[2JAPP|=1+2|@SUM(A1)|\xff\xfe") +
                                "|||ORU^R01|1|P|2.5\r"));
        CHECK(values(d.facts, FactKind::application, "192.168.1.10") == Values{"\x1b[2JAPP"});
        CHECK(values(d.facts, FactKind::facility, "192.168.1.10") == Values{"=1+2"});
        CHECK(values(d.facts, FactKind::application, "192.168.1.1") == Values{"@SUM(A1)"});
        CHECK(values(d.facts, FactKind::facility, "192.168.1.1") == Values{"\xff\xfe"});
    }
    SECTION("over-long fields are capped at kMaxValueBytes") {
        const std::string big(2000, 'A');
        const auto d = one(
            mllp("MSH|^~\\&|" + big + "|F|" + big + "|||||P|2.5\rSFT|" + big + "|1|" + big + "\r"));
        const auto app = values(d.facts, FactKind::application, "192.168.1.10");
        REQUIRE(app.size() == 1);
        CHECK(app[0].size() == daicho::collectors::kMaxValueBytes);
        const auto peer = values(d.facts, FactKind::peer, "192.168.1.10");
        REQUIRE(peer.size() == 1);
        CHECK(peer[0].size() == daicho::collectors::kMaxValueBytes);
        CHECK(peer[0].rfind("hl7-receiver AAAA", 0) == 0);
        const auto software = values(d.facts, FactKind::software, "192.168.1.10");
        REQUIRE(software.size() == 1);
        CHECK(software[0].size() == daicho::collectors::kMaxValueBytes);
    }
    SECTION("empty and HL7-null fields give nothing") {
        const auto d = one(mllp("MSH|^~\\&|\"\"|||||||||\rSFT|\"\"||\"\"\rMSA|\r"));
        for (const auto& f : d.facts) {
            INFO(daicho::collectors::fact_kind_name(f.kind) << " = " << f.value);
            CHECK(f.kind == FactKind::role);
        }
        CHECK(d.facts.size() == 2);
        CHECK(d.counter("hl7").decoded == 1);
    }
    SECTION("CR LF segment ends and a short MSH") {
        const auto d = one(mllp("MSH|^~\\&|APP\r\n\r\nOBX|1|NM|X||1|||||||||||||DEV-1\r\n"));
        CHECK(values(d.facts, FactKind::application, "192.168.1.10") == Values{"APP"});
        CHECK(values(d.facts, FactKind::equipment_id, "192.168.1.10") == Values{"DEV-1"});
        CHECK(values(d.facts, FactKind::role, "192.168.1.10") == Values{"hl7-sender"});
        CHECK(values(d.facts, FactKind::peer, "192.168.1.10").empty());  // no MSH-5
    }
}

TEST_CASE("hl7: named limits", "[collectors][hl7]") {
    const std::string msh = "MSH|^~\\&|GW|ICU|HIS|HOSP|||ORU^R01|1|P|2.5\r";
    SECTION("one equipment id repeated on every OBX is one fact") {
        std::string text = msh;
        for (int i = 0; i < 40; ++i) {
            text += "OBX|" + std::to_string(i) + "|NM|HR||60|||||||||||||MON-1\r";
        }
        const auto d = one(mllp(text));
        CHECK(values(d.facts, FactKind::equipment_id, "192.168.1.10") == Values{"MON-1"});
        CHECK(d.counter("hl7").decoded == 1);
    }
    SECTION("more distinct equipment ids than kMaxEquipmentIds: limited") {
        std::string text = msh;
        for (std::size_t i = 0; i < daicho::collectors::hl7::kMaxEquipmentIds + 4; ++i) {
            text += "OBX|1|NM|HR||60|||||||||||||MON-" + std::to_string(i) + "\r";
        }
        const auto d = one(mllp(text));
        CHECK(values(d.facts, FactKind::equipment_id, "192.168.1.10").size() ==
              daicho::collectors::hl7::kMaxEquipmentIds);
        CHECK(d.counter("hl7").limited == 1);
    }
    SECTION("more SFT segments than kMaxSoftwareSegments: limited") {
        std::string text = msh;
        for (std::size_t i = 0; i < daicho::collectors::hl7::kMaxSoftwareSegments + 2; ++i) {
            text += "SFT|V|" + std::to_string(i) + "|P\r";
        }
        const auto d = one(mllp(text));
        CHECK(values(d.facts, FactKind::software, "192.168.1.10").size() ==
              daicho::collectors::hl7::kMaxSoftwareSegments);
        CHECK(d.counter("hl7").limited == 1);
    }
    SECTION("a message longer than the first-bytes buffer: limited, header facts kept") {
        std::string text = msh;
        while (text.size() < 40000) {
            text += "OBX|1|ED|PDF||" + std::string(1000, 'Q') + "\r";
        }
        TcpSession s;
        std::uint32_t seq = 1;
        const std::string framed = mllp(text);
        for (std::size_t at = 0; at < framed.size(); at += 1400) {
            const auto part = std::string_view(framed).substr(at, 1400);
            s.feed(ends(), kPshAck, seq, part);
            seq += static_cast<std::uint32_t>(part.size());
        }
        CHECK(s.counter("hl7").limited == 1);
        CHECK(s.values(FactKind::application) == Values{"GW", "HIS"});
    }
}

TEST_CASE("hl7: privacy canaries never reach an observation", "[collectors][hl7][privacy]") {
    std::vector<Fact> all;
    for (const auto& fixture : fixtures::kHl7Frames) {
        INFO(fixture.name);
        const auto d = decode_hex(fixture.hex);
        CHECK(d.result == DecodeResult::decoded);
        all.insert(all.end(), d.facts.begin(), d.facts.end());
    }
    // Canaries in every patient-bearing place, including OBX-5 next to OBX-18 and a PID
    // before the SFT (out of order), and a segment id that only starts like one we read.
    const auto d =
        one(mllp("MSH|^~\\&|MON^NK|ICU|HIS|HOSP|||ORU^R01|1|P|2.6\r"
                 "PID|1||CANARY-MRN-777^^^H^MR||CANARY^HANAKO||19700101|F\r"
                 "SFT|Vendor|2.0|Product\r"
                 "PV1|1|I|CANARY-MRN-777|||||CANARY^HANAKO\r"
                 "NK1|1|CANARY^HANAKO\r"
                 "OBX|1|ST|NOTE||CANARY-OBX-VALUE|19700101|CANARY^HANAKO|||||||||||DEV-9^NK\r"
                 "OBXX|1|ST|X||CANARY-OBX-VALUE|||||||||||||CANARY-MRN-777\r"
                 "NTE|1||CANARY-OBX-VALUE\rZPI|CANARY^HANAKO\r"));
    all.insert(all.end(), d.facts.begin(), d.facts.end());
    require_no_canary(all);
    // ... while the header, software and equipment facts are there.
    CHECK(values(d.facts, FactKind::application, "192.168.1.10") == Values{"MON^NK"});
    CHECK(values(d.facts, FactKind::software, "192.168.1.10") == Values{"Product 2.0"});
    CHECK(values(d.facts, FactKind::equipment_id, "192.168.1.10") == Values{"DEV-9^NK"});
    bool saw_equipment = false;
    bool saw_software = false;
    for (const auto& f : all) {
        saw_equipment = saw_equipment || f.kind == FactKind::equipment_id;
        saw_software = saw_software || f.kind == FactKind::software;
    }
    CHECK(saw_equipment);
    CHECK(saw_software);
}
