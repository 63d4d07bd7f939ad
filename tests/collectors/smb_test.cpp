// SMB over the NetBIOS session service (MS-CIFS, MS-SMB, MS-SMB2): the fixtures' facts,
// framing, limits and hostile strings, through the whole frame path.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "decode_helpers.h"
#include "fixtures/smb.h"
#include "smb_wire.h"
#include "tcp_frames.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;
using namespace daicho::test::smb_wire;

namespace {

bool has(const Decoded& d, FactKind kind, const std::string& value) {
    return std::any_of(d.facts.begin(), d.facts.end(), [&](const Fact& f) {
        return f.kind == kind && f.value == value && f.source == "smb";
    });
}

const auto kClient = "00:11:22:33:44:55";
const auto kServer = "00:aa:bb:cc:dd:ee";

// An SMB1 message: header with `command`/`flags`/`flags2`, then words and bytes.
Bytes smb1(unsigned command, bool reply, bool unicode, const Bytes& words, const Bytes& bytes) {
    Bytes b;
    b.raw("\xFFSMB").u8(command).le32(0).u8(reply ? 0x98 : 0x18).le16(unicode ? 0xC001 : 0x4001);
    b.zeros(12).le16(0).le16(0xFEFF).le16(0).le16(64);
    b.u8(static_cast<unsigned>(words.size() / 2)).append(words);
    b.le16(static_cast<unsigned>(bytes.size())).append(bytes);
    return b;
}

}  // namespace

TEST_CASE("SMB1 NEGOTIATE request lists the client's dialects", "[collectors][smb]") {
    const auto d = decode_hex(fixtures::kSmb1NegotiateRequest);
    CHECK(d.counter("smb").decoded == 1);
    REQUIRE(d.facts.size() == 1);
    CHECK(d.facts[0].kind == FactKind::protocol_version);
    CHECK(d.facts[0].value == "smb1-dialects=PC NETWORK PROGRAM 1.0,NT LM 0.12,SMB 2.002,SMB 2.???");
    CHECK(d.facts[0].subject.mac == mac(kClient));
    CHECK(d.facts[0].subject.ip == ip("10.1.0.20"));
    CHECK(d.facts[0].evidence.frame_no == 42);
}

TEST_CASE("SMB1 NEGOTIATE response names the server and its workgroup", "[collectors][smb]") {
    const auto d = decode_hex(fixtures::kSmb1NegotiateResponse);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(d.facts.size() == 3);
    CHECK(has(d, FactKind::protocol_version, "smb 1"));
    CHECK(has(d, FactKind::workgroup, "WORKGROUP"));
    CHECK(has(d, FactKind::hostname, "PACS-01"));
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac(kServer));
    }
}

TEST_CASE("SMB1 SESSION_SETUP_ANDX request: NativeOS, NativeLanMan, PrimaryDomain",
          "[collectors][smb]") {
    const auto d = decode_hex(fixtures::kSmb1SessionSetupRequest);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(d.facts.size() == 3);
    CHECK(has(d, FactKind::os, "Windows 7 Professional 7601 Service Pack 1"));
    CHECK(has(d, FactKind::software, "Windows 7 Professional 6.1"));
    CHECK(has(d, FactKind::workgroup, "WARD3"));
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac(kClient));
        CHECK(f.value.find("nurse") == std::string::npos);  // AccountName is never read
    }
}

TEST_CASE("SMB1 SESSION_SETUP_ANDX response skips the Unicode pad byte", "[collectors][smb]") {
    const auto d = decode_hex(fixtures::kSmb1SessionSetupResponse);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(has(d, FactKind::os, "Windows Server 2008 R2 Standard 7601 Service Pack 1"));
    CHECK(has(d, FactKind::software, "Windows Server 2008 R2 Standard 6.1"));
    CHECK(has(d, FactKind::workgroup, "WARD3"));
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac(kServer));
    }
}

TEST_CASE("SMB1 extended security: raw NTLMSSP blob, then the strings", "[collectors][smb]") {
    const auto d = decode_hex(fixtures::kSmb1SessionSetupExtRequest);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(has(d, FactKind::os, "Mac OS X 10.10"));
    CHECK(has(d, FactKind::software, "SMBFS 3.0.0"));
    CHECK(has(d, FactKind::os, "Windows 6.1.7600"));  // the NTLM VERSION the client claims
    CHECK(d.facts.size() == 3);                       // empty PrimaryDomain: no fact
}

namespace {

// SESSION_SETUP_ANDX response, extended security (MS-SMB §2.2.4.6.2, WordCount 4): a SPNEGO
// negTokenResp accept-completed blob (no NTLMSSP), then the Unicode strings after the pad.
Bytes session_setup_ext_response(std::string_view native_os, std::string_view lanman) {
    Bytes blob;
    for (unsigned b : {0xa1U, 0x07U, 0x30U, 0x05U, 0xa0U, 0x03U, 0x0aU, 0x01U, 0x00U}) {
        blob.u8(b);
    }
    Bytes words;
    words.u8(0xFF).u8(0).le16(0).le16(0).le16(static_cast<unsigned>(blob.size()));
    Bytes bytes = blob;
    // Header 32 + WordCount 1 + words 8 + ByteCount 2 = 43; the blob's 9 bytes end at 52, even.
    bytes.append(utf16(native_os)).le16(0).append(utf16(lanman)).le16(0);
    bytes.append(utf16("WORKGROUP")).le16(0);
    return smb1(0x73, true, true, words, bytes);
}

}  // namespace

TEST_CASE("SMB1 extended-security SESSION_SETUP_ANDX response: the server's native OS",
          "[collectors][smb]") {
    Bytes payload = nbss(session_setup_ext_response("Windows 8.1 9600", "Windows 8.1 6.3"));
    const auto d = decode_payload("smb", payload);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(values_of(d, FactKind::os) == std::vector<std::string>{"Windows 8.1 9600"});
    CHECK(values_of(d, FactKind::software) == std::vector<std::string>{"Windows 8.1 6.3"});
    CHECK(values_of(d, FactKind::workgroup) == std::vector<std::string>{"WORKGROUP"});
}

TEST_CASE("SMB fixtures on 139: a session request, then a Windows 8.1 server's native OS",
          "[collectors][smb]") {
    const auto request = decode_hex(fixtures::kNbssSessionRequest);
    CHECK(request.counter("smb").decoded == 1);
    // The calling name is the client's (the sender), the called name the server's.
    REQUIRE(request.facts.size() == 2);
    CHECK(request.facts[0].kind == FactKind::hostname);
    CHECK(request.facts[0].value == "WARD3-PC07");
    CHECK(request.facts[0].subject.mac == mac(kClient));
    CHECK(request.facts[0].subject.ip == ip("10.1.0.20"));
    CHECK(request.facts[1].kind == FactKind::hostname);
    CHECK(request.facts[1].value == "PACS-01");
    CHECK(request.facts[1].subject.mac == mac(kServer));
    CHECK(request.facts[1].subject.ip == ip("10.1.0.10"));
    const auto d = decode_hex(fixtures::kSmb1SessionSetupExtResponse);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(d.facts.size() == 3);
    CHECK(has(d, FactKind::os, "Windows 8.1 9600"));
    CHECK(has(d, FactKind::software, "Windows 8.1 6.3"));
    CHECK(has(d, FactKind::workgroup, "WORKGROUP"));
    for (const auto& f : d.facts) {
        CHECK(f.subject.mac == mac(kServer));
        CHECK(f.subject.ip == ip("10.1.0.10"));
    }
}

TEST_CASE("SMB on 139: the NetBIOS session handshake keeps the stream for the SMB after it",
          "[collectors][smb]") {
    TcpSession s;
    TcpEnds client;
    client.dst_port = 139;
    const TcpEnds server = client.reversed();
    // RFC 1002 §4.3.2 SESSION REQUEST: called and calling names (34 bytes each, encoded).
    Bytes request;
    request.u8(0x81).u8(0).be16(68).u8(0x20).raw(std::string(32, 'A')).u8(0);
    request.u8(0x20).raw(std::string(32, 'B')).u8(0);
    const std::string req(reinterpret_cast<const char*>(request.v.data()), request.size());
    s.feed(client, kPshAck, 1, req);
    // RFC 1002 §4.3.3 POSITIVE SESSION RESPONSE: type 0x82, length 0.
    s.feed(server, kPshAck, 1, std::string_view("\x82\x00\x00\x00", 4));
    const Bytes setup = nbss(session_setup_ext_response("Windows 8.1 9600", "Windows 8.1 6.3"));
    s.feed(server, kPshAck, 5,
           std::string_view(reinterpret_cast<const char*>(setup.v.data()), setup.size()));
    CHECK(s.values(FactKind::os) == std::vector<std::string>{"Windows 8.1 9600"});
    for (const auto& f : s.facts()) {
        CHECK(f.subject.mac == daicho::collectors::MacAddress{server.src_mac});
    }
}

TEST_CASE("SMB2 NEGOTIATE request and response", "[collectors][smb]") {
    const auto req = decode_hex(fixtures::kSmb2NegotiateRequest);
    CHECK(req.counter("smb").decoded == 1);
    REQUIRE(req.facts.size() == 1);
    CHECK(req.facts[0].value == "smb2-dialects=0x0202,0x0210,0x0300,0x0302,0x0311");
    CHECK(req.facts[0].subject.mac == mac(kClient));

    const auto resp = decode_hex(fixtures::kSmb2NegotiateResponse);
    CHECK(resp.counter("smb").decoded == 1);
    REQUIRE(resp.facts.size() == 1);  // the SPNEGO hint has no NTLMSSP
    CHECK(resp.facts[0].value == "smb 3.1.1");
    CHECK(resp.facts[0].subject.mac == mac(kServer));
}

TEST_CASE("SMB2 SESSION_SETUP: CHALLENGE names the server, AUTHENTICATE the client",
          "[collectors][smb]") {
    const auto ch = decode_hex(fixtures::kSmb2SessionSetupChallenge);
    CHECK(ch.counter("smb").decoded == 1);
    CHECK(has(ch, FactKind::os, "Windows 10.0.17763"));
    CHECK(has(ch, FactKind::workgroup, "HOSP"));  // TargetName (domain) and MsvAvNbDomainName
    CHECK(has(ch, FactKind::hostname, "PACS-01"));
    CHECK(has(ch, FactKind::hostname, "pacs-01.hosp.example"));
    CHECK(has(ch, FactKind::domain_name, "hosp.example"));
    CHECK(ch.facts.size() == 6);  // the tree name and timestamp are not facts
    for (const auto& f : ch.facts) {
        CHECK(f.subject.mac == mac(kServer));
    }

    const auto au = decode_hex(fixtures::kSmb2SessionSetupAuthenticate);
    CHECK(au.counter("smb").decoded == 1);
    CHECK(has(au, FactKind::hostname, "WARD3-PC07"));
    CHECK(has(au, FactKind::workgroup, "HOSP"));
    CHECK(has(au, FactKind::os, "Windows 10.0.19045"));
    CHECK(au.facts.size() == 3);
    for (const auto& f : au.facts) {
        CHECK(f.subject.mac == mac(kClient));
    }
}

TEST_CASE("Privacy: the AUTHENTICATE and SESSION_SETUP user names appear in no fact",
          "[collectors][smb][privacy]") {
    for (const auto& fixture : fixtures::kSmbFrames) {
        INFO(fixture.name);
        const auto d = decode_hex(fixture.hex);
        for (const auto& f : d.facts) {
            CHECK(f.value.find("nurse") == std::string::npos);
            CHECK(f.value.find("tanaka") == std::string::npos);
        }
    }
    // And from a hand-built AUTHENTICATE whose user name is the only distinctive string.
    const auto token = authenticate(utf16("D"), utf16("canary-user-4711"), utf16("WS"));
    const auto d = decode_payload("smb", nbss(smb2_session_setup_request(token)));
    CHECK(d.counter("smb").decoded == 1);
    CHECK(d.facts.size() == 3);
    for (const auto& f : d.facts) {
        CHECK(f.value.find("canary") == std::string::npos);
        CHECK(f.value.find("4711") == std::string::npos);
    }
}

namespace {

// RFC 1001 §14.1 first-level encoding of a 15-byte name (space padded) and its suffix, as one
// label of 32 characters 'A'..'P', then the root.
Bytes encoded_name(std::string_view name, unsigned suffix) {
    std::string raw(name.substr(0, 15));
    raw.resize(15, ' ');
    raw.push_back(static_cast<char>(suffix));
    Bytes b;
    b.u8(0x20);
    for (const char c : raw) {
        const auto v = static_cast<unsigned char>(c);
        b.u8('A' + (v >> 4U)).u8('A' + (v & 0x0FU));
    }
    return b.u8(0);
}

// RFC 1002 §4.3.2 SESSION REQUEST: CALLED NAME, CALLING NAME.
Bytes session_request(const Bytes& called, const Bytes& calling) {
    Bytes b;
    b.u8(0x81).u8(0).be16(static_cast<unsigned>(called.size() + calling.size()));
    return b.append(called).append(calling);
}

std::vector<std::string> receiver_names(const Decoded& d, std::string_view sender_mac) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == FactKind::hostname && !(f.subject.mac == mac(sender_mac))) {
            out.push_back(f.value);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("NetBIOS session request: calling name of the client, called name of the server",
          "[collectors][smb][netbios]") {
    // Which MAC sends what: frame_for builds the frame; the sender is its source.
    daicho::collectors::LinkType link{};
    const auto probe_frame = fuzz::frame_for("smb", Bytes{}.v, link);
    const std::string sender = daicho::collectors::MacAddress{
        {std::to_integer<std::uint8_t>(probe_frame.at(6)),
         std::to_integer<std::uint8_t>(probe_frame.at(7)),
         std::to_integer<std::uint8_t>(probe_frame.at(8)),
         std::to_integer<std::uint8_t>(probe_frame.at(9)),
         std::to_integer<std::uint8_t>(probe_frame.at(10)),
         std::to_integer<std::uint8_t>(probe_frame.at(11))}}.to_string();

    SECTION("workstation calling name (suffix 00), file-server called name (suffix 20)") {
        const auto d = decode_payload(
            "smb", session_request(encoded_name("CT-SERVER", 0x20), encoded_name("MR-CONSOLE", 0)));
        CHECK(d.counter("smb").decoded == 1);
        CHECK(values_of(d, FactKind::hostname) ==
              std::vector<std::string>{"MR-CONSOLE", "CT-SERVER"});
        CHECK(receiver_names(d, sender) == std::vector<std::string>{"CT-SERVER"});
    }
    SECTION("a wildcard or an address where the server's name goes names nobody") {
        for (const std::string_view called : {"*SMBSERVER", "*", "10.1.0.10", ""}) {
            INFO(called);
            const auto d = decode_payload(
                "smb", session_request(encoded_name(called, 0x20), encoded_name("WS-12", 0)));
            CHECK(d.counter("smb").decoded == 1);
            CHECK(values_of(d, FactKind::hostname) == std::vector<std::string>{"WS-12"});
        }
    }
    SECTION("other suffixes (domain master 1B, messenger 03) are not host names") {
        const auto d = decode_payload(
            "smb", session_request(encoded_name("HOSP", 0x1b), encoded_name("WS-12", 0x03)));
        CHECK(d.counter("smb").decoded == 1);
        CHECK(d.facts.empty());
    }
    SECTION("hostile names are kept verbatim, at most 15 bytes") {
        const std::string control("\x1b[2J\r\n\x00x", 8);
        for (const std::string& hostile :
             {std::string("=cmd|' /C calc'"), control, std::string("\xc3\x28\xff\xfe")}) {
            const auto d = decode_payload(
                "smb", session_request(encoded_name("SRV", 0x20), encoded_name(hostile, 0)));
            CHECK(d.counter("smb").decoded == 1);
            std::string expect = hostile.substr(0, 15);
            while (!expect.empty() && (expect.back() == ' ' || expect.back() == '\0')) {
                expect.pop_back();
            }
            CHECK(values_of(d, FactKind::hostname) == std::vector<std::string>{expect, "SRV"});
        }
    }
    SECTION("a name that is not first-level encoded is malformed; nothing is emitted") {
        Bytes bad = encoded_name("SRV", 0x20);
        bad.v.at(5) = std::byte{'Z'};
        const auto d =
            decode_payload("smb", session_request(encoded_name("SRV", 0x20), bad));
        CHECK(d.counter("smb").malformed == 1);
        CHECK(d.facts.empty());
    }
    SECTION("a request cut inside the calling name is truncated; nothing is emitted") {
        Bytes cut = session_request(encoded_name("SRV", 0x20), encoded_name("WS-12", 0));
        cut.v.resize(cut.v.size() - 10);
        const auto d = decode_payload("smb", cut, 10);
        CHECK(d.counter("smb").truncated == 1);
        CHECK(d.facts.empty());
    }
}

TEST_CASE("SMB probe: session message, length, protocol id; any port", "[collectors][smb]") {
    const Bytes negotiate = smb2_header(0, false).le16(36).le16(1).zeros(2 + 2 + 4 + 16 + 8).le16(0x0311);
    // Port 139 as well as 445: the bytes decide.
    daicho::collectors::LinkType link{};
    auto frame = fuzz::frame_for("smb", nbss(negotiate).v, link);
    frame.at(14 + 20 + 2) = std::byte{0x00};
    frame.at(14 + 20 + 3) = std::byte{139};
    CHECK(decode_bytes(frame, link).counter("smb").decoded == 1);

    // A session-service control message with its fixed length is SMB's (it opens a stream on
    // 139): claimed, no fact; what follows it is read only when it is a session message.
    Bytes keepalive;
    keepalive.u8(0x85).u8(0).be16(0).append(negotiate);
    const auto alive = decode_payload("smb", keepalive);
    CHECK(alive.counter("smb").decoded == 1);
    CHECK(alive.facts.empty());
    Bytes alive_then_smb;
    alive_then_smb.u8(0x85).u8(0).be16(0).append(nbss(negotiate));
    CHECK(values_of(decode_payload("smb", alive_then_smb), FactKind::protocol_version) ==
          std::vector<std::string>{"smb2-dialects=0x0311"});
    // Control messages with another length, flags, or a session request without encoded
    // names are not SMB.
    for (const std::vector<unsigned>& head :
         {std::vector<unsigned>{0x85, 0, 0, 4}, {0x82, 0, 0, 1}, {0x83, 0, 0, 2}, {0x84, 0, 0, 4},
          {0x82, 1, 0, 0}, {0x81, 0, 0, 20}, {0x86, 0, 0, 0}}) {
        Bytes b;
        for (unsigned x : head) {
            b.u8(x);
        }
        b.zeros(8);
        INFO(head[0] << " length " << head[3]);
        CHECK(decode_payload("smb", b).counter("smb").frames == 0);
    }
    Bytes unnamed;
    unnamed.u8(0x81).u8(0).be16(68).u8(0x41).zeros(67);
    CHECK(decode_payload("smb", unnamed).counter("smb").frames == 0);
    Bytes flags;
    flags.u8(0).u8(0x02).be16(static_cast<unsigned>(negotiate.size())).append(negotiate);
    CHECK(decode_payload("smb", flags).counter("smb").frames == 0);
    Bytes other = negotiate;
    other.v.at(0) = std::byte{0xFA};
    CHECK(decode_payload("smb", nbss(other)).counter("smb").frames == 0);
    // A length shorter than any SMB header.
    CHECK(decode_payload("smb", nbss(negotiate, 20)).counter("smb").frames == 0);
}

TEST_CASE("SMB framing: a message past the segment end is truncated when cut, else malformed",
          "[collectors][smb]") {
    const Bytes negotiate = smb2_header(0, false).le16(36).le16(3).zeros(2 + 2 + 4 + 16 + 8).le16(0x0202);
    // DialectCount 3 but only one dialect present, and NBSS claims the missing bytes.
    const auto claimed = negotiate.size() + 4;
    // Whole frame: the first-bytes table keeps the bytes and waits for the next segment, so
    // no result is final yet.
    const auto whole = decode_payload("smb", nbss(negotiate, claimed));
    CHECK(whole.counter("smb").frames == 0);
    CHECK(whole.facts.empty());
    const auto cut = decode_payload("smb", nbss(negotiate, claimed), 64);
    CHECK(cut.counter("smb").truncated == 1);
    CHECK(cut.facts.empty());
    // NBSS length covers the message, but DialectCount runs past it: malformed.
    const auto bad = decode_payload("smb", nbss(negotiate));
    CHECK(bad.counter("smb").malformed == 1);
    CHECK(bad.facts.empty());
}

TEST_CASE("SMB2: header and body rules", "[collectors][smb]") {
    Bytes wrong_size = smb2_header(0, false);
    wrong_size.v.at(4) = std::byte{63};  // StructureSize must be 64
    wrong_size.le16(36).le16(1).zeros(32).le16(0x0202);
    CHECK(decode_payload("smb", nbss(wrong_size)).counter("smb").malformed == 1);

    const Bytes zero_dialects = smb2_header(0, false).le16(36).le16(0).zeros(32);
    CHECK(decode_payload("smb", nbss(zero_dialects)).counter("smb").malformed == 1);

    // Unknown DialectRevision: formatted, not dropped.
    const Bytes resp = smb2_header(0, true).le16(65).le16(1).le16(0x0399).zeros(2 + 16 + 4 * 4 + 16).le16(0).le16(0).le32(0);
    const auto d = decode_payload("smb", nbss(resp));
    CHECK(values_of(d, FactKind::protocol_version) == std::vector<std::string>{"smb2 dialect 0x0399"});

    // An error response (STATUS_ACCESS_DENIED) has no security buffer: decoded, no facts.
    const Bytes denied = smb2_header(1, true, 0xC0000022U).le16(9).u8(0).u8(0).le32(0);
    const auto e = decode_payload("smb", nbss(denied));
    CHECK(e.counter("smb").decoded == 1);
    CHECK(e.facts.empty());

    // Security buffer offset past the message.
    Bytes far = smb2_header(1, true, 0xC0000016U).le16(9).le16(0).le16(400).le16(10).zeros(10);
    CHECK(decode_payload("smb", nbss(far)).counter("smb").malformed == 1);

    // Other commands are read as far as the header.
    const Bytes tree = smb2_header(3, false).le16(9).zeros(7);
    CHECK(decode_payload("smb", nbss(tree)).counter("smb").decoded == 1);
}

TEST_CASE("SMB3 transform headers are SMB but unreadable", "[collectors][smb]") {
    Bytes enc;
    enc.raw("\xFDSMB").zeros(48);
    CHECK(decode_payload("smb", nbss(enc)).counter("smb").unsupported == 1);
}

TEST_CASE("SMB limits: dialect lists", "[collectors][smb]") {
    Bytes many;
    many.append(smb2_header(0, false)).le16(36).le16(40).zeros(32);
    for (unsigned i = 0; i < 40; ++i) {
        many.le16(0x0200 + i);
    }
    const auto d2 = decode_payload("smb", nbss(many));
    CHECK(d2.counter("smb").limited == 1);
    const auto v2 = values_of(d2, FactKind::protocol_version);
    REQUIRE(v2.size() == 1);
    CHECK(std::count(v2[0].begin(), v2[0].end(), ',') == 31);  // kMaxSmb2Dialects = 32

    Bytes dialects;
    for (unsigned i = 0; i < 40; ++i) {
        dialects.u8(2).raw("DIALECT " + std::to_string(i)).u8(0);
    }
    const auto d1 = decode_payload("smb", nbss(smb1(0x72, false, false, Bytes{}, dialects)));
    CHECK(d1.counter("smb").limited == 1);
    REQUIRE(values_of(d1, FactKind::protocol_version).size() == 1);

    // Long dialect names: the list is capped at kMaxDialectListBytes, whole names only.
    Bytes long_names;
    for (unsigned i = 0; i < 10; ++i) {
        long_names.u8(2).raw(std::string(60, static_cast<char>('A' + i))).u8(0);
    }
    const auto d3 = decode_payload("smb", nbss(smb1(0x72, false, false, Bytes{}, long_names)));
    CHECK(d3.counter("smb").decoded == 1);
    const auto v3 = values_of(d3, FactKind::protocol_version);
    REQUIRE(v3.size() == 1);
    CHECK(v3[0].size() <= 256);
    CHECK(v3[0].back() != ',');

    // A dialect without BufferFormat 0x02.
    const auto bad = decode_payload("smb", nbss(smb1(0x72, false, false, Bytes{}, Bytes{}.u8(1).raw("X").u8(0))));
    CHECK(bad.counter("smb").malformed == 1);
}

TEST_CASE("SMB1 OEM strings and hostile values are kept as seen", "[collectors][smb]") {
    Bytes words;
    words.u8(0xFF).u8(0).le16(0).le16(4096).le16(1).le16(0).le32(0).le16(0).le16(0).le32(0).le32(0);
    Bytes bytes;
    bytes.u8(0).raw("=cmd|' /C calc'!A0").u8(0).raw("OS\x01\x1b[31m").u8(0).raw("LanMan");  // no final NUL
    const auto d = decode_payload("smb", nbss(smb1(0x73, false, false, words, bytes)));
    CHECK(d.counter("smb").decoded == 1);
    // AccountName is "", PrimaryDomain is the formula (kept raw: exports neutralise it).
    CHECK(values_of(d, FactKind::workgroup) == std::vector<std::string>{"=cmd|' /C calc'!A0"});
    CHECK(values_of(d, FactKind::os) == std::vector<std::string>{"OS\x01\x1b[31m"});
    CHECK(values_of(d, FactKind::software) == std::vector<std::string>{"LanMan"});

    // Unicode NativeOS longer than 512 bytes: capped, whole UTF-8.
    Bytes uwords = words;
    Bytes ubytes;
    ubytes.u8(0);  // OEM password (1 byte) -> Bytes at 61 + 1 = 62: even, no pad
    ubytes.le16(0).le16(0);  // AccountName "", PrimaryDomain ""
    for (int i = 0; i < 400; ++i) {
        ubytes.le16(0x00E9);  // é: 2 UTF-8 bytes each -> 800 bytes
    }
    ubytes.le16(0);
    uwords.v.at(14) = std::byte{1};  // OEMPasswordLen 1
    const auto u = decode_payload("smb", nbss(smb1(0x73, false, true, uwords, ubytes)));
    const auto os = values_of(u, FactKind::os);
    REQUIRE(os.size() == 1);
    CHECK(os[0].size() == 512);
    CHECK(os[0].substr(0, 2) == "\xC3\xA9");
}

TEST_CASE("SMB1 WordCount and ByteCount past the message", "[collectors][smb]") {
    Bytes msg;
    msg.raw("\xFFSMB").u8(0x73).le32(0).u8(0x18).le16(0xC001).zeros(12).le16(0).le16(0).le16(0).le16(0);
    msg.u8(13).zeros(10);  // WordCount 13 but 10 bytes of words
    CHECK(decode_payload("smb", nbss(msg)).counter("smb").malformed == 1);
    Bytes bc;
    bc.raw("\xFFSMB").u8(0x73).le32(0).u8(0x98).le16(0xC001).zeros(12).le16(0).le16(0).le16(0).le16(0);
    bc.u8(3).u8(0xFF).u8(0).le16(0).le16(0).le16(200).zeros(10);  // ByteCount 200, 10 present
    CHECK(decode_payload("smb", nbss(bc)).counter("smb").malformed == 1);
    // The same bytes as the start of a longer message in a cut capture: truncated.
    CHECK(decode_payload("smb", nbss(bc, bc.size() + 190), 100).counter("smb").truncated == 1);
}
