#pragma once
// Which survey ledger a device is filed in: Q8's 情報機器台帳 ("it": servers, PCs, network gear)
// or Q9's 医療機器台帳 ("medical"). The category decides, except for the classes hospitals file
// differently (issue 11): the config's "ledger_filing" says, per class, which ledger; the
// defaults file PACS, RIS and HL7 interface servers as 部門システム servers in Q8 (the systems
// Q9's devices connect to), keeping their medical subtype, and modality workstations in Q9.
// Modalities, their consoles, bedside monitors and gateways are not classes here: always Q9.

#include <array>
#include <string>
#include <string_view>

namespace daicho::ledger {

struct DeviceRecord;

struct FilingClass {
    std::string_view name;      // the config's key: "pacs"
    std::string_view category;  // the device's category ...
    std::string_view subtype;   // ... and subtype that make it one of the class
    std::string_view ledger;    // the default: "it" or "medical"
    std::string_view what;
};

inline constexpr std::array<FilingClass, 4> kFilingClasses{{
    {"pacs", "medical", "pacs", "it", "PACS servers (DICOM storage / query-retrieve SCPs)"},
    {"ris", "medical", "worklist", "it", "RIS / modality worklist servers (worklist SCPs)"},
    {"hl7-interface", "server", "his-interface", "it",
     "HL7 interface engines and HIS/EMR interfaces receiving HL7"},
    {"modality-workstation", "medical", "viewer", "medical",
     "modality workstations and viewers (DICOM query-retrieve SCUs)"},
}};

// The config's choice per class of kFilingClasses (same order).
struct LedgerFiling {
    std::array<std::string_view, kFilingClasses.size()> ledger{};  // "" = the class's default
};

// "it" or "medical" for the device, and why ("category medical", "class pacs (default)",
// "class pacs (config ledger_filing)"), into d.ledger and d.ledger_source.
void file_device(DeviceRecord& d, const LedgerFiling& filing);

// Whether `ledger` is a ledger name ("it", "medical").
[[nodiscard]] bool is_ledger_name(std::string_view ledger) noexcept;

}  // namespace daicho::ledger
