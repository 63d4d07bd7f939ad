// TLS record layer and handshake walk: gathers the handshake bytes of consecutive handshake
// records (a message may span records, and a record may hold several messages) into a
// bounded stack buffer, then walks the messages: ClientHello (client_hello.cpp), ServerHello
// (server_hello.cpp), Certificate (certificate.cpp, TLS <= 1.2 only).
// Refs: RFC 8446 §5.1 (TLSPlaintext: type 22 = handshake, legacy_record_version, length <=
//   2^14, no zero-length handshake fragments; messages may be coalesced or fragmented),
//   §4 (Handshake: msg_type, uint24 length); RFC 5246 §6.2.1, §7.4 (TLS 1.2 flight order:
//   ServerHello, Certificate, ...).
// Facts: see the message files. A server's stream is read until its Certificate (or until a
//   non-handshake record / ServerHelloDone shows there is none); a client's until the end of
//   its ClientHello.
// Ignored: SSLv2-compatible ClientHello (RFC 5246 Appendix E.2), alerts, ChangeCipherSpec,
//   application data, every encrypted TLS 1.3 message; key exchange contents.

#include "proto/tls/tls.h"

#include <algorithm>
#include <array>
#include <span>

#include "proto/tls/handshake.h"

namespace daicho::collectors::tls {
namespace {

constexpr std::uint8_t kContentHandshake = 22;      // RFC 8446 §5.1 ContentType
constexpr std::size_t kMaxPlaintextRecord = 16384;  // 2^14
constexpr std::uint8_t kHelloRequest = 0;           // RFC 5246 §7.4.1.1
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kCertificate = 11;
constexpr std::uint8_t kServerHelloDone = 14;

struct Gathered {
    std::size_t used = 0;
    bool more = false;  // the stream may hold more handshake bytes past these
    bool over = false;  // more than kMaxHandshakeBytes or kMaxRecords
};

// Copies the fragments of the leading handshake records into `buf`.
DecodeResult gather(ByteReader& in, std::span<std::byte> buf, Gathered& g) noexcept {
    for (std::size_t records = 0;; ++records) {
        if (in.empty()) {
            g.more = in.capture_cut();
            return DecodeResult::decoded;
        }
        if (in.peek_u8() != kContentHandshake) {
            return DecodeResult::decoded;  // the handshake records end here
        }
        if (records >= kMaxRecords) {
            g.over = true;
            return DecodeResult::decoded;
        }
        auto hdr = in.take(5);
        if (!hdr) {
            if (!in.capture_cut()) {
                return DecodeResult::malformed;
            }
            g.more = true;
            return DecodeResult::decoded;
        }
        const auto type = hdr->u8();
        const auto version = hdr->be16();
        const auto length = hdr->be16();
        if (!type || !version || !length) {
            return DecodeResult::malformed;  // unreachable: the sub-reader holds 5 bytes
        }
        if ((*version >> 8U) != 3 || *length == 0 || *length > kMaxPlaintextRecord) {
            return DecodeResult::malformed;
        }
        const std::size_t avail = std::min<std::size_t>(*length, in.remaining());
        const auto frag = in.bytes(avail);
        if (!frag) {
            return DecodeResult::malformed;  // unreachable: avail <= remaining
        }
        const std::size_t room = buf.size() - g.used;
        const std::size_t n = std::min(avail, room);
        std::copy_n(frag->begin(), n, buf.subspan(g.used).begin());
        g.used += n;
        if (n < avail) {
            g.over = true;
            return DecodeResult::decoded;
        }
        if (avail < *length) {
            if (!in.capture_cut()) {
                return DecodeResult::malformed;  // the record is longer than the segment
            }
            g.more = true;
            return DecodeResult::decoded;
        }
    }
}

DecodeResult walk(ByteReader hs, bool over, const PacketContext& ctx,
                  ObservationSink& out) noexcept {
    const auto limit = [over](DecodeResult r) noexcept {
        return (over && r == DecodeResult::truncated) ? DecodeResult::limited : r;
    };
    for (std::size_t messages = 0;; ++messages) {
        if (hs.empty()) {
            // A server flight that may go on (Certificate next) asks for more bytes.
            return messages > 0 && hs.capture_cut() ? limit(DecodeResult::truncated)
                                                    : DecodeResult::decoded;
        }
        if (messages >= kMaxHandshakeMessages) {
            return DecodeResult::limited;
        }
        const auto type = hs.u8();
        const auto length = hs.be24();
        if (!type || !length) {
            return limit(hs.shortfall());
        }
        if (messages == 0 && *type != kClientHello && *type != kServerHello) {
            return DecodeResult::not_mine;
        }
        auto whole = hs.take(*length);
        if (!whole) {
            if (*type != kCertificate || !hs.capture_cut()) {
                return limit(hs.shortfall());
            }
            // The first certificate may be whole before the chain is: read what is there.
            return limit(read_certificate(hs.take_rest(), ctx, out));
        }
        // The message is whole: running out inside it breaks a length rule.
        const ByteReader body(whole->rest(), false);
        switch (*type) {
            case kClientHello:
                return limit(read_client_hello(body, ctx, out));
            case kServerHello: {
                bool tls13 = false;
                const DecodeResult r = read_server_hello(body, ctx, out, tls13);
                if (r != DecodeResult::decoded || tls13) {
                    return limit(r);
                }
                break;
            }
            case kCertificate:
                return limit(read_certificate(body, ctx, out));
            case kServerHelloDone:
                return DecodeResult::decoded;
            case kHelloRequest:
            default:
                break;  // ServerKeyExchange, CertificateRequest, ...: not read
        }
    }
}

}  // namespace

bool probe(ByteReader in) noexcept {
    const auto type = in.u8();
    const auto version = in.be16();
    if (!type || !version || !in.skip(2)) {
        return false;
    }
    const auto msg = in.u8();
    return *type == kContentHandshake && *version >= 0x0301 && *version <= 0x0304 && msg &&
           (*msg == kClientHello || *msg == kServerHello);
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    // The values this decode emits (SNI, ALPN, certificate names) are views into the
    // gathered handshake, and the sink keeps views until the next frame (observation.h):
    // on this function's stack they dangled once it returned (ASan's
    // detect_stack_use_after_return found it). One buffer per thread outlives the call and
    // is refilled only by the next TLS decode on this thread, a later frame.
    thread_local std::array<std::byte, kMaxHandshakeBytes> buf{};
    Gathered g;
    const DecodeResult r = gather(in, buf, g);
    if (r != DecodeResult::decoded) {
        return r;
    }
    if (g.used == 0) {
        return g.more ? DecodeResult::truncated : DecodeResult::not_mine;
    }
    return walk(ByteReader(std::span<const std::byte>(buf).first(g.used), g.more || g.over), g.over,
                ctx, out);
}

std::string_view version_name(std::uint16_t v) noexcept {
    switch (v) {
        case 0x0300:
            return "ssl 3.0";
        case 0x0301:
            return "tls 1.0";
        case 0x0302:
            return "tls 1.1";
        case 0x0303:
            return "tls 1.2";
        case 0x0304:
            return "tls 1.3";
        default:
            return {};
    }
}

}  // namespace daicho::collectors::tls
