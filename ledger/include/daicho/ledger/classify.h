#pragma once
// Device classification with evidence: category (server, pc, network, medical, printer,
// phone, iot, unknown), subtype, confidence 0..100 and band, and the rules that fired with
// the facts behind them. Rules are ledger/data/classification_rules.json; the medical-maker
// catalogue is ledger/data/medical_makers.json (formats: the "about" text of each file). Both
// are compiled into the library (Knowledge::builtin()); a data directory may replace them
// (ledger/knowledge.h).

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/device.h"

namespace daicho::ledger {

struct CategoryScore {
    std::string category;
    int confidence = 0;
};

// A rule with more than one condition of which some, not all, held.
struct NearMiss {
    std::string id;
    std::string category;
    std::string subtype;
    int weight = 0;
    std::string missing;  // the first condition that did not hold, as text
};

struct Classification {
    std::string category = "unknown";
    std::string subtype;
    int confidence = 0;
    std::string band = "low";
    std::vector<FiredRule> fired;       // file order
    std::vector<CategoryScore> scores;  // every category with a fired rule, best first
    std::vector<NearMiss> near_misses;  // file order
};

// One maker of medical_makers.json, as far as classification and reports need it.
struct MedicalMaker {
    std::string id;
    std::string name;
    std::string name_ja;
    bool mixed_it = false;
    std::vector<std::string> families;
};

class Classifier {
   public:
    // Compiles and cross-checks both files. Throws ledger::Error naming the file, the rule or
    // maker, and the problem (bad JSON, unknown fact kind, bad regex, missing weight, unknown
    // category or subtype, duplicate id or OUI, a family no medical subtype names ...).
    // `defer_regexes`: the patterns are compiled by their first search (files known good:
    // the built-in ones, which the tests compile whole); a bad one then throws there.
    static Classifier from_json(std::string_view rules_json, std::string_view makers_json,
                                bool defer_regexes = false);

    [[nodiscard]] Classification classify(const DeviceRecord& device) const;

    // The catalogue entry whose OUI is the longest prefix of `mac` ("aa:bb:cc:dd:ee:ff"), and
    // that OUI's strength ("strong" or "mixed").
    struct MakerMatch {
        const MedicalMaker* maker = nullptr;
        std::string oui;
        std::string organisation;
        std::string strength;
    };
    [[nodiscard]] std::optional<MakerMatch> maker_for_mac(std::string_view mac) const;

    // Whether the rules file declares this category ("unknown" included) and, when `subtype`
    // is not empty, this subtype of it: what a person's override may name.
    [[nodiscard]] bool declares(const std::string& category, const std::string& subtype) const;
    // The subtypes the rules declare for `category`, in the file's order ("dicom-*" names a
    // family); empty for an unknown category.
    [[nodiscard]] std::vector<std::string> subtypes_of(const std::string& category) const;

    // A digest of both files' text: a stored classification from other files is stale.
    [[nodiscard]] const std::string& fingerprint() const noexcept;
    // What fingerprint() is for these texts, without compiling them.
    [[nodiscard]] static std::string fingerprint_of(std::string_view rules_json,
                                                    std::string_view makers_json);

    [[nodiscard]] std::size_t rule_count() const noexcept;
    [[nodiscard]] std::size_t maker_count() const noexcept;

    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;
    ~Classifier();

   private:
    struct Impl;
    explicit Classifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Fills category, subtype, confidence, band and classification from classifier.classify() (a
// person's category annotation over the rules), and medical from the device's DICOM and HL7
// facts.
void apply_classification(DeviceRecord& device, const Classifier& classifier);

// The DICOM/HL7 summary of the device's own facts; nullopt when it has none.
[[nodiscard]] std::optional<MedicalSummary> medical_summary(const DeviceRecord& device);

}  // namespace daicho::ledger
