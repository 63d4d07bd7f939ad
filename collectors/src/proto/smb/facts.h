#pragma once
// How the SMB-family decoders report facts: always about the sender of the segment
// (client for requests and NTLM NEGOTIATE/AUTHENTICATE, server for responses and CHALLENGE),
// never an empty value, converted strings copied into the sink's scratch first.

#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/smb/utf16.h"

namespace daicho::collectors::smb {

inline void emit(const PacketContext& ctx, ObservationSink& out, std::string_view source,
                 FactKind kind, std::string_view value) noexcept {
    if (value.empty()) {
        return;
    }
    out.emit(ctx.sender(), kind, value, source, ctx.evidence);
}

// Emits a value formatted on the stack (copied into the sink's scratch).
inline void emit_copy(const PacketContext& ctx, ObservationSink& out, std::string_view source,
                      FactKind kind, std::string_view value) noexcept {
    if (value.empty()) {
        return;
    }
    out.emit_copy(ctx.sender(), kind, value, source, ctx.evidence);
}

// Emits a UTF-16LE string (converted and capped) or an OEM string (a view into the frame).
inline void emit_string(const PacketContext& ctx, ObservationSink& out, std::string_view source,
                        FactKind kind, ByteReader text, bool unicode) noexcept {
    if (unicode) {
        Utf8Buffer buf{};
        emit_copy(ctx, out, source, kind, utf16le_to_utf8(text, buf));
        return;
    }
    const auto oem = text.rest_chars();
    emit(ctx, out, source, kind, oem.substr(0, oem.find('\0')));
}

}  // namespace daicho::collectors::smb
