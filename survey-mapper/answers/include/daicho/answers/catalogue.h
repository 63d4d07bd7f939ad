#pragma once
// The catalogue the patch questions read (issue 14): end of support per product release
// (support_dates.json), known-exploited version ranges in CVE JSON 5 form
// (exploited_versions.json) and update-service names (update_hosts.json). Knowledge, not code
// (ARCHITECTURE "Data that is knowledge"): the built-in copies are compiled in; a data
// directory (--data-dir, the same one the ledger's knowledge files come from) replaces them
// file by file. Every row carries a source and the date it was checked.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/answers/version.h"
#include "daicho/ledger/device.h"

namespace daicho::answers {

// A product the rows name, the other names facts carry for it (the decoders' and the vendors'
// spellings: "Pulse Connect Secure" for "Ivanti Connect Secure") and how its versions order.
struct ProductRow {
    std::string name;
    std::vector<std::string> aliases;
    VersionScheme scheme = VersionScheme::standard;
    std::string source;
    std::string checked;
};

struct SupportRow {
    std::string product;      // "Windows", "FortiOS", "Cisco IOS XE"
    std::string release;      // release line ("7.2"); "" for Windows rows
    std::uint32_t build = 0;  // Windows NT build; 0 otherwise
    std::string edition;      // Windows: "client", "ltsc", "server"; "" otherwise
    std::string name;         // "Windows 10 22H2"
    std::string end;          // YYYY-MM-DD, last day of security updates
    std::string source;
    std::string checked;
    std::string note;
};

struct ExploitedRange {
    std::string version;
    std::string less_than;
    std::string less_than_or_equal;
};

struct ExploitedRow {
    std::string cve;
    std::string product;
    std::vector<ExploitedRange> ranges;
    bool known_exploited = false;
    bool credentials_leaked = false;
    std::vector<std::string> sources;
    std::string checked;
    std::string note;
};

struct CatalogueEntry {  // an update host suffix, a User-Agent prefix or a WSUS service
    std::string text;
    std::string what;
    std::string source;
    std::string checked;
};

// A device's software statement the catalogue can judge: the product (the rows' name for it),
// the version as the vendor writes it and, for Windows, the NT build.
struct Release {
    std::string product;
    std::string version;
    std::uint32_t build = 0;
    VersionScheme scheme = VersionScheme::standard;
};

class Catalogue {
   public:
    static constexpr std::array<std::string_view, 3> kFiles{
        "support_dates.json", "exploited_versions.json", "update_hosts.json"};

    [[nodiscard]] static std::shared_ptr<const Catalogue> builtin();
    // Files of kFiles present in `dir` replace the built-in ones. Throws ledger::Error naming
    // the file and the entry ("<path>: /releases/3: \"end\" must be a date YYYY-MM-DD").
    [[nodiscard]] static std::shared_ptr<const Catalogue> load(const std::filesystem::path& dir);
    // From the three texts (tests, and the two above). `names` label the errors.
    [[nodiscard]] static Catalogue parse(std::string_view support_json,
                                         std::string_view exploited_json,
                                         std::string_view updates_json,
                                         const std::array<std::string, 3>& names);

    // The release a software entry states, when the catalogue can judge its product: Windows
    // with a known build ("10.0.19045"), or a product (by its name or an alias of
    // support_dates.json "products") that some product, support or exploited row names, with a
    // version. nullopt otherwise.
    [[nodiscard]] std::optional<Release> release_of(const ledger::SoftwareEntry& s) const;
    // Rows for that release: Windows by build (every edition), others by product and line.
    [[nodiscard]] std::vector<const SupportRow*> support(const Release& r) const;
    // CVEs whose ranges hold the release's version.
    [[nodiscard]] std::vector<const ExploitedRow*> exploited(const Release& r) const;
    // Whether a looked-up name is an update service (exact or a subdomain of a listed one).
    [[nodiscard]] const CatalogueEntry* update_host(std::string_view name) const;
    [[nodiscard]] const CatalogueEntry* update_agent(std::string_view user_agent) const;
    [[nodiscard]] bool wsus_service(std::string_view service) const;

    [[nodiscard]] const std::vector<ProductRow>& products() const noexcept { return products_; }
    [[nodiscard]] const std::vector<SupportRow>& support_rows() const noexcept { return support_; }
    [[nodiscard]] const std::vector<ExploitedRow>& exploited_rows() const noexcept {
        return exploited_;
    }
    [[nodiscard]] const std::vector<CatalogueEntry>& update_hosts() const noexcept {
        return hosts_;
    }

   private:
    std::vector<ProductRow> products_;
    std::vector<SupportRow> support_;
    std::vector<ExploitedRow> exploited_;
    std::vector<CatalogueEntry> hosts_;
    std::vector<CatalogueEntry> agents_;
    std::vector<CatalogueEntry> wsus_;
};

}  // namespace daicho::answers
