// TLS ServerHello: the protocol version the server selected.
// Refs: RFC 8446 §4.1.3 (ServerHello: legacy_version, random, legacy_session_id_echo,
//   cipher_suite, legacy_compression_method, extensions; a HelloRetryRequest has the same
//   structure), §4.2.1 (supported_versions in a ServerHello: selected_version, which
//   overrides legacy_version = 0x0303); RFC 5246 §7.4.1.3 (TLS <= 1.2: server_version).
// Facts, about the sender (the server): FactKind::protocol_version "tls 1.3" / "tls 1.2" /
//   "tls 1.1" / "tls 1.0" / "ssl 3.0".
// Ignored: the random, session id, cipher suite (a later fingerprint issue), key share.

#include <string_view>

#include "proto/common/emitter.h"
#include "proto/tls/handshake.h"
#include "proto/tls/tls.h"

namespace daicho::collectors::tls {
namespace {

constexpr std::uint16_t kExtSupportedVersions = 43;  // RFC 8446 §4.2.1

}  // namespace

DecodeResult read_server_hello(ByteReader body, const PacketContext& ctx, ObservationSink& out,
                               bool& tls13) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto legacy_version = body.be16();
    if (!legacy_version || !body.skip(32)) {
        return body.shortfall();
    }
    const auto sid_len = body.u8();
    if (!sid_len) {
        return body.shortfall();
    }
    if (*sid_len > 32) {
        return DecodeResult::malformed;
    }
    if (!body.skip(*sid_len) || !body.skip(2 + 1)) {  // cipher_suite, compression_method
        return body.shortfall();
    }
    std::uint16_t version = *legacy_version;
    if (!body.empty()) {
        const auto ext_len = body.be16();
        if (!ext_len) {
            return body.shortfall();
        }
        auto exts = body.take(*ext_len);
        if (!exts) {
            return body.shortfall();
        }
        for (std::size_t n = 0; !exts->empty(); ++n) {
            if (n >= kMaxExtensions) {
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
            if (*type == kExtSupportedVersions) {
                const auto selected = ext->be16();
                if (!selected || !ext->empty()) {
                    return DecodeResult::malformed;
                }
                version = *selected;
            }
        }
    }
    const std::string_view name = version_name(version);
    if (name.empty()) {
        return DecodeResult::unsupported;
    }
    tls13 = version == 0x0304;
    emit(FactKind::protocol_version, name);
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::tls
