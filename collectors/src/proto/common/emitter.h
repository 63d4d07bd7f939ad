#pragma once
// How every decoder reports a fact. The packet's evidence and the decoder's name are bound
// once, so a call names only who states what. Rules kept here so that no decoder repeats them:
// - an empty value is no fact and is dropped, except ip_address, whose value is the subject's
//   own address (the MAC-to-IP binding of ARP, NDP and DHCP);
// - a value that views the frame (or static storage) is passed through; text formatted on the
//   stack goes through copy(), into the sink's per-frame scratch.

#include <string_view>

#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors {

class Emitter {
   public:
    // `source` is the decoder's name, in static storage.
    Emitter(const PacketContext& ctx, ObservationSink& out, std::string_view source) noexcept
        : ctx_(ctx), out_(out), source_(source) {}

    // The sender of the packet states kind = value.
    void operator()(FactKind kind, std::string_view value) const noexcept {
        about(ctx_.sender(), kind, value);
    }
    // `subject` (the receiver, a host named in the payload ...) states kind = value.
    void about(const Subject& subject, FactKind kind, std::string_view value) const noexcept {
        if (wanted(kind, value)) {
            out_.emit(subject, kind, value, source_, ctx_.evidence);
        }
    }
    // The same for text formatted on the stack.
    void copy(FactKind kind, std::string_view text) const noexcept {
        copy_about(ctx_.sender(), kind, text);
    }
    void copy_about(const Subject& subject, FactKind kind, std::string_view text) const noexcept {
        if (wanted(kind, text)) {
            out_.emit_copy(subject, kind, text, source_, ctx_.evidence);
        }
    }

    [[nodiscard]] const PacketContext& context() const noexcept { return ctx_; }
    [[nodiscard]] ObservationSink& sink() const noexcept { return out_; }
    [[nodiscard]] std::string_view source() const noexcept { return source_; }

   private:
    [[nodiscard]] static bool wanted(FactKind kind, std::string_view value) noexcept {
        return !value.empty() || kind == FactKind::ip_address;
    }

    const PacketContext& ctx_;
    ObservationSink& out_;
    std::string_view source_;
};

}  // namespace daicho::collectors
