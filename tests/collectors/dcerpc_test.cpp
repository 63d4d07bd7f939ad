// Connection-oriented DCE/RPC (C706 §12.6, MS-RPCE §2.2.2.11): the NTLMSSP auth verifier,
// the probe and the frag_length/auth_length arithmetic.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "decode_helpers.h"
#include "fixtures/smb.h"
#include "smb_wire.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;
using namespace daicho::test::smb_wire;

namespace {

// A PDU with `body` and an auth verifier of `auth_type` holding `auth`.
Bytes pdu(unsigned ptype, const Bytes& body, unsigned auth_type, const Bytes& auth,
          unsigned vers = 5, unsigned minor = 0, unsigned drep0 = 0x10) {
    const auto frag = 16 + body.size() + (auth.size() == 0 ? 0 : 8 + auth.size());
    Bytes b;
    b.u8(vers).u8(minor).u8(ptype).u8(3).u8(drep0).u8(0).u8(0).u8(0);
    if (drep0 == 0x10) {
        b.le16(static_cast<unsigned>(frag)).le16(static_cast<unsigned>(auth.size()));
    } else {
        b.be16(static_cast<unsigned>(frag)).be16(static_cast<unsigned>(auth.size()));
    }
    b.le32(2).append(body);
    if (auth.size() != 0) {
        b.u8(auth_type).u8(2).u8(0).u8(0).le32(0).append(auth);
    }
    return b;
}

bool has(const Decoded& d, FactKind kind, const std::string& value) {
    return std::any_of(d.facts.begin(), d.facts.end(), [&](const Fact& f) {
        return f.kind == kind && f.value == value && f.source == "dcerpc";
    });
}

}  // namespace

TEST_CASE("DCE/RPC fixtures: NEGOTIATE, CHALLENGE and AUTHENTICATE verifiers",
          "[collectors][dcerpc]") {
    const auto bind = decode_hex(fixtures::kDcerpcBindNegotiate);
    CHECK(bind.counter("dcerpc").decoded == 1);
    CHECK(has(bind, FactKind::os, "Windows 10.0.19045"));
    CHECK(has(bind, FactKind::workgroup, "HOSP"));  // OEM, "supplied" flag set
    CHECK(has(bind, FactKind::hostname, "WARD3-PC07"));
    CHECK(bind.facts.size() == 3);

    const auto resp = decode_hex(fixtures::kDcerpcAlterContextRespChallenge);
    CHECK(resp.counter("dcerpc").decoded == 1);
    CHECK(has(resp, FactKind::os, "Windows 10.0.20348"));
    CHECK(has(resp, FactKind::hostname, "PACS-01"));  // TargetName (server) and the AV pair
    CHECK(has(resp, FactKind::hostname, "pacs-01.hosp.example"));
    CHECK(has(resp, FactKind::workgroup, "HOSP"));
    for (const auto& f : resp.facts) {
        CHECK(f.subject.mac == mac("00:aa:bb:cc:dd:ee"));
    }

    const auto auth3 = decode_hex(fixtures::kDcerpcAuth3);  // SPNEGO (auth_type 9)
    CHECK(auth3.counter("dcerpc").decoded == 1);
    CHECK(has(auth3, FactKind::hostname, "WARD3-PC07"));
    CHECK(has(auth3, FactKind::workgroup, "HOSP"));
    for (const auto& f : auth3.facts) {
        CHECK(f.value.find("tanaka") == std::string::npos);
        CHECK(f.subject.mac == mac("00:11:22:33:44:55"));
    }
}

TEST_CASE("DCE/RPC: big-endian drep and other auth types", "[collectors][dcerpc]") {
    const auto token = challenge(utf16("X"), {{1, utf16("BIGEND")}});
    const auto be = decode_payload("dcerpc", pdu(12, Bytes{}.zeros(24), 10, token, 5, 0, 0x00));
    CHECK(be.counter("dcerpc").decoded == 1);
    CHECK(has(be, FactKind::hostname, "BIGEND"));
    // Kerberos (16) verifier: read past, nothing claimed.
    const auto krb = decode_payload("dcerpc", pdu(11, Bytes{}.zeros(24), 16, token));
    CHECK(krb.counter("dcerpc").decoded == 1);
    CHECK(krb.facts.empty());
    // No verifier at all.
    const auto none = decode_payload("dcerpc", pdu(0, Bytes{}.zeros(24), 0, Bytes{}));
    CHECK(none.counter("dcerpc").decoded == 1);
}

TEST_CASE("DCE/RPC probe: version, PTYPE, drep, lengths", "[collectors][dcerpc]") {
    const auto token = challenge(utf16("X"), {});
    const auto claimed = [](const Bytes& b) {
        return decode_payload("dcerpc", b).counter("dcerpc").frames != 0;
    };
    CHECK(claimed(pdu(11, Bytes{}.zeros(24), 10, token)));
    CHECK(claimed(pdu(11, Bytes{}.zeros(24), 10, token, 5, 1)));
    CHECK_FALSE(claimed(pdu(11, Bytes{}.zeros(24), 10, token, 4)));     // rpc_vers 4 (CL)
    CHECK_FALSE(claimed(pdu(11, Bytes{}.zeros(24), 10, token, 5, 2)));  // minor 2
    CHECK_FALSE(claimed(pdu(1, Bytes{}.zeros(24), 10, token)));         // ping: CL only
    CHECK_FALSE(claimed(pdu(11, Bytes{}.zeros(24), 10, token, 5, 0, 0x20)));  // drep
    auto small = pdu(11, Bytes{}.zeros(24), 10, token);
    small.v.at(8) = std::byte{12};  // frag_length below the header
    small.v.at(9) = std::byte{0};
    CHECK_FALSE(claimed(small));
    auto auth_big = pdu(11, Bytes{}.zeros(24), 10, token);
    auth_big.v.at(10) = std::byte{0xFF};  // auth_length beyond frag_length
    CHECK_FALSE(claimed(auth_big));
}

TEST_CASE("DCE/RPC: a fragment past the bytes at hand", "[collectors][dcerpc]") {
    const auto token = challenge(utf16("X"), {{1, utf16("HOST")}});
    auto p = pdu(12, Bytes{}.zeros(24), 10, token);
    auto cut = p;
    cut.v.resize(p.size() - 10);
    // Whole frame: the first-bytes table waits for more; cut capture: truncated.
    CHECK(decode_payload("dcerpc", cut).counter("dcerpc").frames == 0);
    const auto c = decode_payload("dcerpc", cut, 64);
    CHECK(c.counter("dcerpc").truncated == 1);
    CHECK(c.facts.empty());
    // The verifier holds a broken NTLMSSP message: malformed, not a crash.
    auto broken = challenge(utf16("X"), {});
    broken.v.at(8) = std::byte{7};
    CHECK(decode_payload("dcerpc", pdu(12, Bytes{}.zeros(24), 10, broken)).counter("dcerpc").malformed == 1);
}
