#pragma once
// medical_makers.json compiled: OUI -> maker (longest prefix), and per maker the regexes of its
// names and product lines (case-insensitive: lower-cased patterns for lower-cased text; whole
// words).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/regex.h"
#include "daicho/ledger/classify.h"

namespace daicho::ledger {

// A maker name as a regex matching that text literally.
[[nodiscard]] std::string escape_regex(std::string_view literal);
// One regex source matching any of `alternatives` (regexes) as whole words: not preceded or
// followed by an ASCII letter or digit.
[[nodiscard]] std::string whole_words_pattern(const std::vector<std::string>& alternatives);

class MakerCatalogue {
   public:
    static constexpr std::string_view kFile = "medical_makers.json";

    // `when`: Regex::Compile::on_first_search for a file known good (Classifier::from_json).
    static MakerCatalogue from_json(std::string_view text,
                                    Regex::Compile when = Regex::Compile::now);

    struct Oui {
        std::size_t maker = 0;
        std::string oui;  // upper-case hex, 6, 7 or 9 digits
        std::string organisation;
        std::string strength;  // "strong" | "mixed"
    };
    // Longest catalogue OUI that prefixes the MAC ("aa:bb:cc:dd:ee:ff"); nullptr when none.
    [[nodiscard]] const Oui* find_oui(std::string_view mac) const;
    // Index of the first maker whose names (or product lines) occur in `text` as whole words;
    // `text` is lower-cased (classify_data::lower_ascii), as the patterns are compiled for it.
    [[nodiscard]] std::optional<std::size_t> match_name(const std::string& text) const;
    [[nodiscard]] std::optional<std::size_t> match_product(const std::string& text) const;

    [[nodiscard]] const std::vector<MedicalMaker>& makers() const noexcept { return makers_; }

   private:
    std::vector<MedicalMaker> makers_;
    std::vector<std::optional<Regex>> names_;     // per maker
    std::vector<std::optional<Regex>> products_;  // per maker
    // Every maker's names (products) in one regex: a value that matches none stops there.
    std::optional<Regex> any_name_;
    std::optional<Regex> any_product_;
    std::unordered_map<std::string, Oui> ouis_;
};

}  // namespace daicho::ledger
