#pragma once
// The stored classification's two CBOR blobs (table device_classes, classify/stored.h): the
// fired rules with their evidence, and the medical summary, keyed as README "Device JSON"
// names them. Written with nlohmann; read back by a small bounds-checked reader straight into
// the structs (a whole read restores one row per device).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

[[nodiscard]] std::vector<std::uint8_t> fired_to_cbor(const std::vector<FiredRule>& fired);
[[nodiscard]] std::vector<std::uint8_t> medical_to_cbor(const std::optional<MedicalSummary>& m);

// nullopt when the bytes are not exactly that shape (every key present, nothing else): the
// caller then classifies the device afresh.
[[nodiscard]] std::optional<std::vector<FiredRule>> fired_from_cbor(std::string_view bytes);
[[nodiscard]] std::optional<MedicalSummary> medical_from_cbor(std::string_view bytes);

}  // namespace daicho::ledger
