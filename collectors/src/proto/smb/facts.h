#pragma once
// How the SMB-family decoders report strings: always about the sender of the segment
// (client for requests and NTLM NEGOTIATE/AUTHENTICATE, server for responses and CHALLENGE),
// through the shared Emitter (proto/common/emitter.h); converted strings go through the
// sink's scratch.

#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/common/emitter.h"
#include "proto/smb/utf16.h"

namespace daicho::collectors::smb {

// Emits a UTF-16LE string (converted and capped) or an OEM string (a view into the frame, up to
// its terminator).
inline void emit_string(const Emitter& emit, FactKind kind, ByteReader text,
                        bool unicode) noexcept {
    if (unicode) {
        Utf8Buffer buf{};
        emit.copy(kind, utf16le_to_utf8(text, buf));
        return;
    }
    const auto oem = text.rest_chars();
    emit(kind, oem.substr(0, oem.find('\0')));
}

}  // namespace daicho::collectors::smb
