// VNC: the 12-byte RFB ProtocolVersion message, "RFB xxx.yyy\n", that the server sends first
// and the client answers with.
// Refs: RFC 6143 §7.1.1 (ProtocolVersion: "RFB 003.008\n", 12 bytes; major and minor as
//   three decimal digits each; 3.3, 3.7 and 3.8 are the published versions, and servers
//   announce others, e.g. 3.889 for Apple Remote Desktop).
// Facts, about the sender: FactKind::protocol_version "RFB 003.008" as sent.
// Recognition: remote-control, protocol "vnc", version "3.8" (leading zeros dropped).

#include "proto/vnc/vnc.h"

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::vnc {
namespace {

constexpr std::size_t kVersionBytes = 12;

bool digits(std::string_view s) noexcept {
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

// "RFB ddd.ddd\n"
bool well_formed(std::string_view v) noexcept {
    return v.size() == kVersionBytes && v.substr(0, 4) == "RFB " && digits(v.substr(4, 3)) &&
           v[7] == '.' && digits(v.substr(8, 3)) && v[11] == '\n';
}

void append_number(text::FixedText<8>& t, std::string_view three) noexcept {
    unsigned n = 0;
    for (const char c : three) {
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    t.append_uint(n);
}

}  // namespace

bool probe(ByteReader in) noexcept { return in.starts_with("RFB "); }

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const auto v = in.chars(kVersionBytes);
    if (!v) {
        return in.shortfall();
    }
    if (!well_formed(*v)) {
        return DecodeResult::malformed;
    }
    const Emitter emit(ctx, out, kName);
    emit(FactKind::protocol_version, v->substr(0, kVersionBytes - 1));
    text::FixedText<8> version;
    append_number(version, v->substr(4, 3));
    version.put('.');
    append_number(version, v->substr(8, 3));
    const auto stored = out.store(version.view());
    out.recognise({ServiceClass::remote_control, "vnc", {}, stored.value_or(std::string_view{})});
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::vnc
