// TLS ClientHello: the name the client asks for, the protocols it offers, and a JA4-style
// fingerprint of its cipher suites, extensions and signature algorithms.
// Refs: RFC 8446 §4.1.2 (ClientHello: legacy_version, random, legacy_session_id <0..32>,
//   cipher_suites <2..2^16-2>, legacy_compression_methods <1..2^8-1>, extensions
//   <8..2^16-1>); RFC 5246 §7.4.1.2 (extensions may be absent); RFC 6066 §3 (server_name:
//   ServerNameList of NameType host_name (0) + HostName <1..2^16-1>); RFC 7301 §3.1 (ALPN:
//   ProtocolNameList of ProtocolName <1..2^8-1>); RFC 8446 §4.2.1 (supported_versions),
//   §4.2.3 (signature_algorithms); RFC 8701 (GREASE, ignored); FoxIO JA4 specification
//   (JA4 = "t" version sni_flag cipher_count ext_count alpn "_" sha256_12(sorted ciphers)
//   "_" sha256_12(sorted extensions without SNI and ALPN "_" signature algorithms)).
// Facts, about the sender (the client): FactKind::server_name (SNI host_name),
//   FactKind::tls_alpn ("h2,http/1.1"), FactKind::tls_fingerprint (the JA4-style string).
// Recognition: an SNI or ALPN of collectors/data/remote_access_products.tsv (AnyDesk's ALPN
//   "anydesk/<version>/<os>" gives its version; proto/tls/remote_access.h).
// Ignored: the random, session id, key shares and every other extension's contents.

#include <algorithm>
#include <array>
#include <span>

#include "proto/common/emitter.h"
#include "proto/tls/handshake.h"
#include "proto/tls/remote_access.h"
#include "daicho/collectors/sha256.h"
#include "proto/tls/tls.h"

namespace daicho::collectors::tls {
namespace {

constexpr std::uint16_t kExtServerName = 0;            // RFC 6066 §3
constexpr std::uint16_t kExtSignatureAlgorithms = 13;  // RFC 8446 §4.2.3
constexpr std::uint16_t kExtAlpn = 16;                 // RFC 7301 §3.1
constexpr std::uint16_t kExtSupportedVersions = 43;    // RFC 8446 §4.2.1
constexpr std::uint8_t kHostName = 0;
constexpr std::size_t kMaxHostName = 255;  // RFC 1035 §2.3.4 bounds a DNS name

template <std::size_t N>
struct List {
    std::array<std::uint16_t, N> items{};
    std::size_t size = 0;
    bool over = false;

    void add(std::uint16_t v) noexcept {
        if (size < N) {
            items.at(size++) = v;
        } else {
            over = true;
        }
    }
    [[nodiscard]] std::span<std::uint16_t> span() noexcept {
        return std::span<std::uint16_t>(items).first(size);
    }
};

struct Hello {
    std::uint16_t version = 0;  // highest offered
    bool sni = false;
    std::string_view alpn_first;
    List<kMaxCipherSuites> ciphers;
    List<kMaxExtensions> extensions;
    List<kMaxSignatureAlgorithms> sig_algs;
};

DecodeResult read_sni(ByteReader ext, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto list_len = ext.be16();
    if (!list_len) {
        return ext.shortfall();
    }
    auto list = ext.take(*list_len);
    if (!list) {
        return ext.shortfall();
    }
    for (std::size_t names = 0; !list->empty(); ++names) {
        if (names >= kMaxSniNames) {
            return DecodeResult::limited;
        }
        const auto type = list->u8();
        const auto len = list->be16();
        if (!type || !len) {
            return list->shortfall();
        }
        const auto name = list->chars(*len);
        if (!name) {
            return list->shortfall();
        }
        if (*type == kHostName) {
            if (name->empty() || name->size() > kMaxHostName) {
                return DecodeResult::malformed;
            }
            emit(FactKind::server_name, *name);
            if (const AccessRule* rule = match_access(AccessField::sni, *name); rule != nullptr) {
                recognise_access(*rule, *name, out);
            }
        }
    }
    return DecodeResult::decoded;
}

DecodeResult read_alpn(ByteReader ext, Hello& hello, const PacketContext& ctx,
                       ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto list_len = ext.be16();
    if (!list_len) {
        return ext.shortfall();
    }
    auto list = ext.take(*list_len);
    if (!list) {
        return ext.shortfall();
    }
    Text<kMaxValueBytes> text;
    for (std::size_t n = 0; !list->empty(); ++n) {
        if (n >= kMaxAlpnProtocols) {
            return DecodeResult::limited;
        }
        const auto len = list->u8();
        if (!len) {
            return list->shortfall();
        }
        const auto proto = list->chars(*len);
        if (!proto) {
            return list->shortfall();
        }
        if (proto->empty()) {
            return DecodeResult::malformed;  // RFC 7301 §3.1: ProtocolName <1..2^8-1>
        }
        if (const AccessRule* rule = match_access(AccessField::alpn, *proto); rule != nullptr) {
            recognise_access(*rule, *proto, out);
        }
        if (n == 0) {
            hello.alpn_first = *proto;
        } else {
            text.put(',');
        }
        text.append(*proto);
    }
    if (const auto v = out.store(text.view())) {
        emit(FactKind::tls_alpn, *v);
    }
    return DecodeResult::decoded;
}

DecodeResult read_u16_list(ByteReader ext, bool one_byte_length, auto& list,
                           bool skip_grease) noexcept {
    std::size_t len = 0;
    if (one_byte_length) {
        const auto l = ext.u8();
        if (!l) {
            return ext.shortfall();
        }
        len = *l;
    } else {
        const auto l = ext.be16();
        if (!l) {
            return ext.shortfall();
        }
        len = *l;
    }
    auto body = ext.take(len);
    if (!body) {
        return ext.shortfall();
    }
    if (len % 2 != 0) {
        return DecodeResult::malformed;
    }
    while (!body->empty()) {
        const auto v = body->be16();
        if (!v) {
            return DecodeResult::malformed;  // unreachable: even length
        }
        if (!(skip_grease && is_grease(*v))) {
            list.add(*v);
        }
    }
    return DecodeResult::decoded;
}

std::string_view ja4_version(std::uint16_t v) noexcept {
    switch (v) {
        case 0x0304:
            return "13";
        case 0x0303:
            return "12";
        case 0x0302:
            return "11";
        case 0x0301:
            return "10";
        case 0x0300:
            return "s3";
        case 0x0002:
            return "s2";
        default:
            return "00";
    }
}

bool alnum(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The 12-hex truncated SHA-256 of `text`, or twelve zeros for an empty list (JA4).
template <std::size_t N>
void hash12(std::string_view text, bool empty, Text<N>& out) noexcept {
    if (empty) {
        out.append("000000000000");
        return;
    }
    Sha256 sha;
    sha.update(text);
    std::array<char, 12> hex{};
    Sha256::to_hex(sha.finish(), hex);
    out.append(std::string_view(hex.data(), hex.size()));
}

void fingerprint(Hello& h, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    constexpr std::string_view kHex = "0123456789abcdef";
    Text<64> fp;
    fp.put('t');
    fp.append(ja4_version(h.version));
    fp.put(h.sni ? 'd' : 'i');
    const auto two_digits = [&fp](std::size_t n) noexcept {
        n = std::min<std::size_t>(n, 99);
        fp.put(static_cast<char>('0' + n / 10));
        fp.put(static_cast<char>('0' + n % 10));
    };
    two_digits(h.ciphers.size);
    two_digits(h.extensions.size);
    if (h.alpn_first.empty()) {
        fp.append("00");
    } else {
        const char first = h.alpn_first.front();
        const char last = h.alpn_first.back();
        if (alnum(first) && alnum(last)) {
            fp.put(first);
            fp.put(last);
        } else {  // JA4: the first and last characters of the value's hex form
            fp.put(kHex.at(static_cast<std::uint8_t>(first) >> 4U));
            fp.put(kHex.at(static_cast<std::uint8_t>(last) & 0x0FU));
        }
    }
    fp.put('_');

    Text<kMaxCipherSuites * 5> list;
    std::sort(h.ciphers.span().begin(), h.ciphers.span().end());
    for (std::size_t i = 0; i < h.ciphers.size; ++i) {
        if (i > 0) {
            list.put(',');
        }
        list.append_hex16(h.ciphers.items.at(i));
    }
    hash12(list.view(), h.ciphers.size == 0, fp);
    fp.put('_');

    Text<(kMaxExtensions + kMaxSignatureAlgorithms) * 5 + 1> ext;
    std::sort(h.extensions.span().begin(), h.extensions.span().end());
    bool first = true;
    for (const auto e : h.extensions.span()) {
        if (e == kExtServerName || e == kExtAlpn) {
            continue;
        }
        if (!first) {
            ext.put(',');
        }
        first = false;
        ext.append_hex16(e);
    }
    if (h.sig_algs.size > 0) {
        ext.put('_');
        for (std::size_t i = 0; i < h.sig_algs.size; ++i) {
            if (i > 0) {
                ext.put(',');
            }
            ext.append_hex16(h.sig_algs.items.at(i));
        }
    }
    hash12(ext.view(), first, fp);
    if (const auto v = out.store(fp.view())) {
        emit(FactKind::tls_fingerprint, *v);
    }
}

}  // namespace

DecodeResult read_client_hello(ByteReader body, const PacketContext& ctx,
                               ObservationSink& out) noexcept {
    Hello hello;
    const auto legacy_version = body.be16();
    if (!legacy_version || !body.skip(32)) {
        return body.shortfall();
    }
    hello.version = *legacy_version;
    const auto sid_len = body.u8();
    if (!sid_len) {
        return body.shortfall();
    }
    if (*sid_len > 32) {
        return DecodeResult::malformed;
    }
    if (!body.skip(*sid_len)) {
        return body.shortfall();
    }
    if (const DecodeResult r = read_u16_list(body, false, hello.ciphers, true);
        r != DecodeResult::decoded) {
        return r;
    }
    // read_u16_list took a copy: advance past the cipher suites here.
    const auto cs_len = body.be16();
    if (!cs_len || !body.skip(*cs_len)) {
        return body.shortfall();
    }
    const auto comp_len = body.u8();
    if (!comp_len) {
        return body.shortfall();
    }
    if (!body.skip(*comp_len)) {
        return body.shortfall();
    }
    bool fingerprint_ok = !hello.ciphers.over;
    if (!body.empty()) {
        const auto ext_len = body.be16();
        if (!ext_len) {
            return body.shortfall();
        }
        auto exts = body.take(*ext_len);
        if (!exts) {
            return body.shortfall();
        }
        std::uint16_t highest = 0;
        for (std::size_t n = 0; !exts->empty(); ++n) {
            if (n >= kMaxExtensions * 2) {
                return DecodeResult::limited;
            }
            const auto type = exts->be16();
            const auto len = exts->be16();
            if (!type || !len) {
                return exts->shortfall();
            }
            auto ext = exts->take(*len);
            if (!ext) {
                return exts->shortfall();
            }
            if (!is_grease(*type)) {
                hello.extensions.add(*type);
            }
            DecodeResult r = DecodeResult::decoded;
            switch (*type) {
                case kExtServerName:
                    hello.sni = true;
                    r = read_sni(*ext, ctx, out);
                    break;
                case kExtAlpn:
                    r = read_alpn(*ext, hello, ctx, out);
                    break;
                case kExtSignatureAlgorithms:
                    r = read_u16_list(*ext, false, hello.sig_algs, false);
                    break;
                case kExtSupportedVersions: {
                    List<kMaxExtensions> versions;
                    r = read_u16_list(*ext, true, versions, true);
                    for (const auto v : versions.span()) {
                        highest = std::max(highest, v);
                    }
                    break;
                }
                default:
                    break;
            }
            if (r == DecodeResult::limited) {
                fingerprint_ok = false;
            } else if (r != DecodeResult::decoded) {
                return r == DecodeResult::truncated ? DecodeResult::malformed : r;
            }
        }
        if (highest != 0) {
            hello.version = highest;
        }
        fingerprint_ok = fingerprint_ok && !hello.extensions.over && !hello.sig_algs.over;
    }
    if (!fingerprint_ok) {
        return DecodeResult::limited;
    }
    fingerprint(hello, ctx, out);
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::tls
