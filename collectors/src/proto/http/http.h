#pragma once
// http: HTTP/1.x start line and header fields. See http.cpp for what is decoded and the
// references.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::http {

inline constexpr std::string_view kName = "http";

// Named limits (RFC 9112 §2.3 and §5 leave them to the implementation; these match common
// server defaults): bytes in one start line or field line including CR LF, and field lines
// read per message. Longer lines or more fields end the message as `limited`.
inline constexpr std::size_t kMaxLineBytes = 8192;
inline constexpr std::size_t kMaxHeaderFields = 100;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::http
