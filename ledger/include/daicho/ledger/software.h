#pragma once
// Version extraction for the device's software array (README "Device JSON": software).
// Facts of kind software, os, firmware, system_description and implementation_version (DICOM)
// each yield one SoftwareEntry: {product, version, build, model, serial, os, source} when a
// pattern of ledger/data/software_patterns.json matches, else {raw value, "", source}, so
// nothing is lost. Facts of kind vendor_class and certificate yield one only when a pattern
// matches (most DHCP vendor classes and certificate names are no software statement). The raw
// value stays as the fact. The data files are compiled into the library; patterns are
// compiled once, at load.

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

class SoftwareMatcher {
   public:
    // Compiles the patterns (software_patterns.json text) and the Windows build table
    // (windows_builds.json text). Throws ledger::Error naming the file, the entry and the
    // problem (bad JSON, unknown fact kind, bad regex, a group the regex does not have ...).
    static SoftwareMatcher from_json(std::string_view patterns_json,
                                     std::string_view windows_builds_json);

    // Whether patterns may read facts of this kind (collectors::fact_kind_name).
    [[nodiscard]] static bool applies_to(std::string_view kind) noexcept;
    // Whether an unmatched value of this kind is still listed, whole, as software (the five
    // kinds that always state software; not vendor_class or certificate).
    [[nodiscard]] static bool lists_unmatched(std::string_view kind) noexcept;

    // The first pattern that matches, or nothing.
    [[nodiscard]] std::optional<SoftwareEntry> match(std::string_view kind, std::string_view raw,
                                                     std::string_view source) const;
    // match(), else {raw, "", source, kind}.
    [[nodiscard]] SoftwareEntry entry(std::string_view kind, std::string_view raw,
                                      std::string_view source) const;
    [[nodiscard]] std::size_t pattern_count() const noexcept;
    [[nodiscard]] std::size_t build_count() const noexcept;

    SoftwareMatcher(SoftwareMatcher&&) noexcept;
    SoftwareMatcher& operator=(SoftwareMatcher&&) noexcept;
    ~SoftwareMatcher();

   private:
    struct Impl;
    explicit SoftwareMatcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::ledger
