#pragma once
// Private to the dicom decoder: PDU type codes, how facts are emitted (about the sender or the
// receiver of the segment, deduplicated where the decoder asks), the
// DICOM padding rules, and the per-message entry points of a_associate.cpp and p_data.cpp.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/common/emitter.h"
#include "proto/dicom/dicom.h"

namespace daicho::collectors::dicom::detail {

// PS3.8 §9.3.1, Table 9-1 (PDU types).
inline constexpr std::uint8_t kAssociateRq = 0x01;
inline constexpr std::uint8_t kAssociateAc = 0x02;
inline constexpr std::uint8_t kAssociateRj = 0x03;
inline constexpr std::uint8_t kPData = 0x04;
inline constexpr std::uint8_t kReleaseRq = 0x05;
inline constexpr std::uint8_t kReleaseRp = 0x06;
inline constexpr std::uint8_t kAbort = 0x07;

inline constexpr std::size_t kPduHeaderBytes = 6;  // type, reserved, 32-bit length

class Facts {
   public:
    Facts(const PacketContext& ctx, ObservationSink& out) noexcept : emit_(ctx, out, kName) {}

    // A value that lives in the frame (or in static storage).
    void sender(FactKind kind, std::string_view value) noexcept { emit_(kind, value); }
    // The receiver of the segment, as the packet states it (an A-ASSOCIATE-RQ names the
    // called AE, which is the receiver's).
    void receiver(FactKind kind, std::string_view value) noexcept {
        emit_.about(emit_.context().receiver(), kind, value);
    }
    // A value formatted on the stack: copied into the sink's scratch first.
    void sender_copy(FactKind kind, std::string_view value) noexcept { emit_.copy(kind, value); }
    // Emits unless this decoder already emitted the same kind and value for this message.
    // Returns whether a new fact went out.
    bool sender_unique(FactKind kind, std::string_view value) noexcept {
        if (value.empty() || seen(kind, value)) {
            return false;
        }
        const std::size_t before = emit_.sink().size();
        sender(kind, value);
        return emit_.sink().size() > before;
    }
    [[nodiscard]] const PacketContext& context() const noexcept { return emit_.context(); }

   private:
    [[nodiscard]] bool seen(FactKind kind, std::string_view value) const noexcept {
        for (const auto& o : emit_.sink().observations()) {
            if (o.kind == kind && o.source == kName && o.value == value) {
                return true;
            }
        }
        return false;
    }

    Emitter emit_;
};

// PS3.8 §9.3.2 (AE titles: leading and trailing spaces are not significant) and PS3.5 §6.2
// (values are padded to even length with a trailing space, UIDs with a trailing NUL). Some
// stacks pad AE titles and UL UIDs with NULs as well, so both are removed at both ends.
[[nodiscard]] constexpr std::string_view trim_padding(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) {
        s.remove_suffix(1);
    }
    while (!s.empty() && (s.front() == ' ' || s.front() == '\0')) {
        s.remove_prefix(1);
    }
    return s;
}

// a_associate.cpp: an A-ASSOCIATE-RQ or -AC PDU. `in` starts at the PDU header.
DecodeResult decode_associate(ByteReader in, Facts& facts) noexcept;
// p_data.cpp: a P-DATA-TF PDU whose first PDV starts a DIMSE command; for a C-STORE-RQ also
// the dataset PDVs that follow it in the same and the next PDUs. `in` starts at the header.
DecodeResult decode_p_data(ByteReader in, Facts& facts) noexcept;

}  // namespace daicho::collectors::dicom::detail
