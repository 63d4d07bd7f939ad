#pragma once
// Builders for SMB / NTLMSSP / DCE-RPC byte-vector tests (smb_test, ntlmssp_test,
// dcerpc_test): little-endian fields, UTF-16LE strings, and the frame around a TCP payload
// (fuzz_inputs.h: Ethernet + IPv4 10.0.0.1:40000 -> 10.0.0.2:<port>).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../fuzz/fuzz_inputs.h"
#include "decode_helpers.h"

namespace daicho::test::smb_wire {

struct Bytes {
    std::vector<std::byte> v;

    Bytes& u8(unsigned x) {
        v.push_back(static_cast<std::byte>(x & 0xFFU));
        return *this;
    }
    Bytes& le16(unsigned x) { return u8(x).u8(x >> 8U); }
    Bytes& be16(unsigned x) { return u8(x >> 8U).u8(x); }
    Bytes& le32(std::uint32_t x) { return le16(x & 0xFFFFU).le16(x >> 16U); }
    Bytes& zeros(std::size_t n) {
        v.insert(v.end(), n, std::byte{0});
        return *this;
    }
    Bytes& raw(std::string_view s) {
        for (char c : s) {
            u8(static_cast<unsigned char>(c));
        }
        return *this;
    }
    Bytes& units(const std::u16string& s) {  // UTF-16LE code units as given (may be ill-formed)
        for (char16_t c : s) {
            le16(c);
        }
        return *this;
    }
    Bytes& append(const Bytes& o) {
        v.insert(v.end(), o.v.begin(), o.v.end());
        return *this;
    }
    [[nodiscard]] std::size_t size() const { return v.size(); }
};

inline Bytes utf16(std::string_view ascii) {
    Bytes b;
    for (char c : ascii) {
        b.le16(static_cast<unsigned char>(c));
    }
    return b;
}

// NBSS session message around an SMB message.
inline Bytes nbss(const Bytes& msg, std::size_t claimed = SIZE_MAX) {
    const std::size_t n = claimed == SIZE_MAX ? msg.size() : claimed;
    Bytes b;
    b.u8(0).u8((n >> 16U) & 1U).be16(n & 0xFFFFU);
    return b.append(msg);
}

// A VERSION structure (MS-NLMP §2.2.2.10).
inline Bytes version(unsigned major, unsigned minor, unsigned build) {
    Bytes b;
    b.u8(major).u8(minor).le16(build).zeros(3).u8(15);
    return b;
}

struct AvPair {
    unsigned id;
    Bytes value;
};

// CHALLENGE_MESSAGE (MS-NLMP §2.2.1.2) with TARGET_TYPE_DOMAIN, UNICODE, VERSION.
inline Bytes challenge(const Bytes& target, const std::vector<AvPair>& pairs,
                       const Bytes& ver = version(10, 0, 14393), bool eol = true) {
    Bytes info;
    for (const auto& p : pairs) {
        info.le16(p.id).le16(static_cast<unsigned>(p.value.size())).append(p.value);
    }
    if (eol) {
        info.le16(0).le16(0);
    }
    constexpr std::uint32_t kFixed = 56;
    Bytes b;
    b.raw(std::string_view("NTLMSSP\0", 8)).le32(2);
    b.le16(static_cast<unsigned>(target.size())).le16(static_cast<unsigned>(target.size())).le32(kFixed);
    b.le32(0x02818205U);  // VERSION, TARGET_INFO, TARGET_TYPE_DOMAIN, UNICODE, REQUEST_TARGET
    b.zeros(8).zeros(8);  // ServerChallenge, Reserved
    b.le16(static_cast<unsigned>(info.size())).le16(static_cast<unsigned>(info.size()));
    b.le32(kFixed + static_cast<std::uint32_t>(target.size()));
    b.append(ver).append(target).append(info);
    return b;
}

// AUTHENTICATE_MESSAGE (MS-NLMP §2.2.1.3), UNICODE + VERSION, dummy responses, no MIC.
inline Bytes authenticate(const Bytes& domain, const Bytes& user, const Bytes& workstation,
                          const Bytes& ver = version(10, 0, 19045)) {
    constexpr std::uint32_t kFixed = 72;
    const Bytes lm = Bytes{}.zeros(24);
    const Bytes nt = Bytes{}.raw("not-a-real-ntlmv2-response-xxxxxx");
    std::uint32_t off = kFixed;
    Bytes b;
    b.raw(std::string_view("NTLMSSP\0", 8)).le32(3);
    const auto field = [&](const Bytes& x) {
        b.le16(static_cast<unsigned>(x.size())).le16(static_cast<unsigned>(x.size())).le32(off);
        off += static_cast<std::uint32_t>(x.size());
    };
    field(lm);
    field(nt);
    field(domain);
    field(user);
    field(workstation);
    field(Bytes{});  // EncryptedRandomSessionKey
    b.le32(0x02888205U);
    b.append(ver).append(lm).append(nt).append(domain).append(user).append(workstation);
    return b;
}

// SMB2 header (MS-SMB2 §2.2.1.2) for `command`, a response when `response`.
inline Bytes smb2_header(unsigned command, bool response, std::uint32_t status = 0) {
    Bytes b;
    b.raw("\xFESMB").le16(64).le16(0).le32(status).le16(command).le16(1);
    b.le32(response ? 1 : 0).le32(0).zeros(8).zeros(8).zeros(8).zeros(16);
    return b;
}

// SMB2 SESSION_SETUP response carrying `token` (offset 72).
inline Bytes smb2_session_setup_response(const Bytes& token) {
    Bytes b = smb2_header(1, true, 0xC0000016U);
    b.le16(9).le16(0).le16(72).le16(static_cast<unsigned>(token.size())).append(token);
    return b;
}
// SMB2 SESSION_SETUP request carrying `token` (offset 88).
inline Bytes smb2_session_setup_request(const Bytes& token) {
    Bytes b = smb2_header(1, false);
    b.le16(25).u8(0).u8(1).le32(1).le32(0).le16(88).le16(static_cast<unsigned>(token.size()));
    b.zeros(8).append(token);
    return b;
}

// The frame fuzz_<target> builds around `payload`; `cut_by` extra wire bytes mean a snaplen cut.
inline Decoded decode_payload(std::string_view target, const Bytes& payload,
                              std::uint32_t cut_by = 0) {
    collectors::LinkType link{};
    const auto frame = fuzz::frame_for(target, payload.v, link);
    return decode_bytes(frame, link,
                        cut_by == 0 ? std::nullopt
                                    : std::optional<std::uint32_t>(
                                          static_cast<std::uint32_t>(frame.size()) + cut_by));
}

inline std::vector<std::string> values_of(const Decoded& d, collectors::FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

}  // namespace daicho::test::smb_wire
