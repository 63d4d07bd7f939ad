#pragma once
// tls: the clear-text handshake of TLS 1.0-1.3 (ClientHello, ServerHello, and the server
// Certificate of TLS <= 1.2). See tls.cpp for the record layer and the references.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::tls {

inline constexpr std::string_view kName = "tls";

// Named limits. Handshake bytes gathered from consecutive handshake records (RFC 8446 §5.1
// allows a message to span records); more are `limited`.
inline constexpr std::size_t kMaxHandshakeBytes = 16384;
inline constexpr std::size_t kMaxRecords = 16;           // handshake records per decode
inline constexpr std::size_t kMaxHandshakeMessages = 8;  // messages walked per decode
inline constexpr std::size_t kMaxCipherSuites = 256;     // kept for the fingerprint
inline constexpr std::size_t kMaxExtensions = 64;        // ClientHello/ServerHello extensions
inline constexpr std::size_t kMaxSignatureAlgorithms = 64;
inline constexpr std::size_t kMaxAlpnProtocols = 16;
inline constexpr std::size_t kMaxSniNames = 8;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::tls
