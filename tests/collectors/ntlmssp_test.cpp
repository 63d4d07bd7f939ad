// NTLMSSP inside SMB2 SESSION_SETUP (MS-NLMP §2.2): VERSION, CHALLENGE AV pairs,
// AUTHENTICATE fields, the signature scan, limits and hostile UTF-16.

#include <catch2/catch.hpp>

#include <string>

#include "decode_helpers.h"
#include "smb_wire.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FactKind;
using namespace daicho::test;
using namespace daicho::test::smb_wire;

namespace {

Decoded server_says(const Bytes& ntlm, std::uint32_t cut_by = 0) {
    return decode_payload("smb", nbss(smb2_session_setup_response(ntlm)), cut_by);
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5U) == 6 ? 2 : (c >> 4U) == 14 ? 3 : (c >> 3U) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
                return false;
            }
        }
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("NTLMSSP CHALLENGE: each AV pair and the VERSION", "[collectors][ntlmssp]") {
    const auto d = server_says(challenge(utf16("SUSE"), {{2, utf16("SUSE")},
                                                         {1, utf16("WS2016")},
                                                         {4, utf16("suse.de")},
                                                         {3, utf16("WS2016.suse.de")},
                                                         {5, utf16("suse.de")},
                                                         {7, Bytes{}.zeros(8)}}));
    CHECK(d.counter("smb").decoded == 1);
    CHECK(values_of(d, FactKind::os) == std::vector<std::string>{"Windows 10.0.14393"});
    CHECK(values_of(d, FactKind::hostname) == std::vector<std::string>{"WS2016", "WS2016.suse.de"});
    CHECK(values_of(d, FactKind::workgroup) == std::vector<std::string>{"SUSE", "SUSE"});
    CHECK(values_of(d, FactKind::domain_name) == std::vector<std::string>{"suse.de"});
}

TEST_CASE("NTLMSSP VERSION: zero major means no claim", "[collectors][ntlmssp]") {
    const auto d = server_says(challenge(utf16("X"), {}, Bytes{}.zeros(8)));
    CHECK(d.counter("smb").decoded == 1);
    CHECK(values_of(d, FactKind::os).empty());
}

TEST_CASE("NTLMSSP AUTHENTICATE: workstation and domain, never the user", "[collectors][ntlmssp]") {
    const auto token = authenticate(utf16("BLACKCLOVER"), utf16("Administrator"), utf16("CBTH-WS-1"),
                                    version(10, 0, 18362));
    const auto d = decode_payload("smb", nbss(smb2_session_setup_request(token)));
    CHECK(d.counter("smb").decoded == 1);
    CHECK(values_of(d, FactKind::hostname) == std::vector<std::string>{"CBTH-WS-1"});
    CHECK(values_of(d, FactKind::workgroup) == std::vector<std::string>{"BLACKCLOVER"});
    CHECK(values_of(d, FactKind::os) == std::vector<std::string>{"Windows 10.0.18362"});
    for (const auto& f : d.facts) {
        CHECK(f.value.find("Administrator") == std::string::npos);
        CHECK(f.value.find("not-a-real") == std::string::npos);  // responses are not read
    }
    // A UserName field pointing far outside the message is never followed.
    auto broken_user = token;
    broken_user.v.at(8 + 4 + 8 + 8 + 8 + 4) = std::byte{0xFF};  // UserNameFields.BufferOffset
    broken_user.v.at(8 + 4 + 8 + 8 + 8 + 5) = std::byte{0xFF};
    const auto b = decode_payload("smb", nbss(smb2_session_setup_request(broken_user)));
    CHECK(b.counter("smb").decoded == 1);
    CHECK(b.facts.size() == 3);
}

TEST_CASE("NTLMSSP: bad lengths and offsets", "[collectors][ntlmssp]") {
    // TargetInfo offset past the token.
    auto far = challenge(utf16("X"), {{1, utf16("HOST")}});
    far.v.at(44) = std::byte{0xF0};  // TargetInfoFields.BufferOffset low byte
    CHECK(server_says(far).counter("smb").malformed == 1);
    // An AV pair longer than the TargetInfo.
    auto long_av = challenge(utf16("X"), {{1, utf16("HOST")}}, version(10, 0, 1), false);
    long_av.v.at(long_av.size() - 8 - 2) = std::byte{0x40};  // AvLen of the pair: 64
    const auto la = server_says(long_av);
    CHECK(la.counter("smb").malformed == 1);
    CHECK(values_of(la, FactKind::hostname).empty());
    // A MessageType that does not exist.
    auto type = challenge(utf16("X"), {});
    type.v.at(8) = std::byte{9};
    CHECK(server_says(type).counter("smb").malformed == 1);
    // Cut inside the fixed part of a message that continues: truncated, nothing emitted.
    const auto ch = challenge(utf16("X"), {{1, utf16("HOST")}});
    Bytes partial;
    partial.v.assign(ch.v.begin(), ch.v.begin() + 30);
    const auto msg = smb2_session_setup_response(ch);
    Bytes cut_msg;
    cut_msg.v.assign(msg.v.begin(), msg.v.begin() + static_cast<std::ptrdiff_t>(72 + 30));
    const auto c = decode_payload("smb", nbss(cut_msg, msg.size()), 200);
    CHECK(c.counter("smb").truncated == 1);
    CHECK(c.facts.empty());
}

TEST_CASE("NTLMSSP: the signature is searched for a bounded distance", "[collectors][ntlmssp]") {
    const auto ch = challenge(utf16("X"), {{1, utf16("HOST")}});
    Bytes near;
    near.zeros(200).append(ch);
    CHECK(values_of(server_says(near), FactKind::hostname) == std::vector<std::string>{"HOST"});
    Bytes far;
    far.zeros(300).append(ch);  // past kMaxSignatureScan (256)
    const auto d = server_says(far);
    CHECK(d.counter("smb").decoded == 1);
    CHECK(d.facts.empty());
    // Kerberos-looking token: no NTLMSSP, no facts, no error.
    Bytes krb;
    krb.raw("\x60\x82\x01\x00\x06\x09\x2a\x86\x48\x86\xf7\x12\x01\x02\x02").zeros(40);
    CHECK(server_says(krb).counter("smb").decoded == 1);
}

TEST_CASE("NTLMSSP: AV pair limit", "[collectors][ntlmssp]") {
    std::vector<AvPair> pairs;
    for (int i = 0; i < 40; ++i) {
        pairs.push_back({i == 0 ? 1U : 8U, i == 0 ? utf16("FIRST") : Bytes{}.zeros(4)});
    }
    const auto d = server_says(challenge(utf16("X"), pairs));
    CHECK(d.counter("smb").limited == 1);
    CHECK(values_of(d, FactKind::hostname) == std::vector<std::string>{"FIRST"});  // kept
}

TEST_CASE("NTLMSSP: hostile UTF-16", "[collectors][ntlmssp]") {
    Bytes surrogates;
    surrogates.units(u"A\xD800" u"B\xDC00" u"C");  // unpaired high, unpaired low
    surrogates.units(u"\xD83D\xDE00");              // a valid pair: U+1F600
    surrogates.units(u"\xD800");                    // high surrogate at the very end
    const auto d = server_says(challenge(utf16("X"), {{1, surrogates}}));
    const auto names = values_of(d, FactKind::hostname);
    REQUIRE(names.size() == 1);
    CHECK(names[0] == "A\xEF\xBF\xBD" "B\xEF\xBF\xBD" "C\xF0\x9F\x98\x80\xEF\xBF\xBD");

    // > 512 bytes of UTF-8 (700 three-byte characters): capped at a character boundary.
    Bytes wide;
    for (int i = 0; i < 700; ++i) {
        wide.le16(0x65E5);  // 日
    }
    const auto w = server_says(challenge(utf16("X"), {{3, wide}}));
    const auto long_names = values_of(w, FactKind::hostname);
    REQUIRE(long_names.size() == 1);
    CHECK(long_names[0].size() == 510);  // 170 whole characters
    CHECK(valid_utf8(long_names[0]));

    // Control bytes and formula prefixes pass through as seen (escaped on output).
    const auto f = server_says(challenge(utf16("X"), {{1, utf16("=HYPERLINK(\"x\")\x07")}}));
    CHECK(values_of(f, FactKind::hostname) == std::vector<std::string>{"=HYPERLINK(\"x\")\x07"});

    // An embedded NUL ends the name; an odd length drops the last byte.
    Bytes nul = utf16("AB");
    nul.le16(0).append(utf16("CD")).u8(0x45);
    CHECK(values_of(server_says(challenge(utf16("X"), {{1, nul}})), FactKind::hostname) ==
          std::vector<std::string>{"AB"});
}
