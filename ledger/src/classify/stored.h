#pragma once
// Stored classifications (schema 009, table device_classes): what apply_classification() put
// on a device, kept with a digest of its inputs, so a read restores it instead of running the
// rules, and the writer recomputes it only for devices whose inputs changed.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daicho/ledger/device.h"
#include "db/statement.h"

struct sqlite3;

namespace daicho::ledger {

// A digest of everything classify(), medical_summary() and a person's override read from `d`
// (MAC, vendor, addresses, facts in order with their evidence, annotations) and of the
// knowledge files (`knowledge`: Classifier::fingerprint()).
[[nodiscard]] std::string classification_input(const DeviceRecord& d, std::string_view knowledge);

// One stored row, as views into the statement that read it (valid until its next step).
struct StoredClass {
    std::string_view input;
    std::string_view category;
    std::string_view subtype;
    int confidence = 0;
    std::string_view band;
    std::string_view fired;    // CBOR bytes
    std::string_view medical;  // CBOR bytes, "" when none
};

// Calls `f(device_id, row)` for each stored row of the devices in `ids_json` (a JSON array
// for json_each; every row when ""), in device id order.
void for_each_stored_class(sqlite3* db, const std::string& ids_json,
                           const std::function<void(std::int64_t, const StoredClass&)>& f);

// Puts a row back on `d` (category, subtype, confidence, band, classification, medical).
// False, leaving `d` as it was, when the row does not parse: the caller classifies afresh.
bool restore_classification(DeviceRecord& d, const StoredClass& row);

// Upserts devices' classifications as apply_classification() left them.
class ClassStore {
   public:
    explicit ClassStore(sqlite3* db);
    void store(const DeviceRecord& d, std::string_view input, std::string_view knowledge);

   private:
    db::Statement upsert_;
};

}  // namespace daicho::ledger
