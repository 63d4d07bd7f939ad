// libFuzzer target: the stored-classification CBOR reader (ledger/src/classify/class_cbor.cpp).
// The blobs come from the ledger file, which a person can copy, edit or damage: whatever the
// bytes, the reader returns a result or nullopt, and a result written back reads the same.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classify/class_cbor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::ledger;
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    if (const auto fired = fired_from_cbor(in)) {
        const auto again = fired_to_cbor(*fired);
        const auto back = fired_from_cbor(
            std::string_view(reinterpret_cast<const char*>(again.data()), again.size()));
        if (!back || back->size() != fired->size()) {
            __builtin_trap();
        }
    }
    if (const auto medical = medical_from_cbor(in)) {
        const auto again = medical_to_cbor(*medical);
        const auto back = medical_from_cbor(
            std::string_view(reinterpret_cast<const char*>(again.data()), again.size()));
        if (!back || back->ae_titles != medical->ae_titles) {
            __builtin_trap();
        }
    }
    return 0;
}
