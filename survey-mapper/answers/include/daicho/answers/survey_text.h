#pragma once
// The survey's own words (survey_questions.json): its name and reference date, each question's
// text and options, the guideline and checklist references, and every word the report prints,
// in Japanese and English. Data, so next year's survey is a change of the file; built in, and
// replaced by survey_questions.json in the data directory.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/answers/answer.h"
#include "daicho/survey/words.h"

namespace daicho::answers {

using survey::Lang;

struct QuestionText {
    std::string id;
    std::string ja;
    std::string en;
    std::vector<std::string> options;
    std::vector<std::string> refs;
    std::vector<std::string>
        checklist;  // 医療機関におけるサイバーセキュリティ対策チェックリスト items
};

class SurveyText {
   public:
    static constexpr std::string_view kFile = "survey_questions.json";

    [[nodiscard]] static std::shared_ptr<const SurveyText> builtin();
    // survey_questions.json in `dir` replaces the built-in copy. Throws ledger::Error naming
    // the file and the entry.
    [[nodiscard]] static std::shared_ptr<const SurveyText> load(const std::filesystem::path& dir);
    [[nodiscard]] static SurveyText parse(std::string_view json_text, std::string_view name);

    [[nodiscard]] const QuestionText* question(std::string_view id) const;
    [[nodiscard]] std::string question_text(std::string_view id, Lang lang) const;
    [[nodiscard]] std::string option(std::string_view id, Lang lang) const;
    [[nodiscard]] std::string survey_name(Lang lang) const;
    [[nodiscard]] const std::string& reference_date() const noexcept { return reference_date_; }

    [[nodiscard]] bool has_word(std::string_view key) const;
    // The word; the key itself when the file lacks it (visible, never silent).
    [[nodiscard]] std::string word(std::string_view key, Lang lang) const;
    // The phrase's word with {0}, {1} ... (and {*}: all values, joined) filled in. A value
    // "w:<key>" is that word, "attest:<key>" that attestation key's name; others as given.
    [[nodiscard]] std::string phrase(const Phrase& p, Lang lang) const;

   private:
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> words_;
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> options_;
    std::vector<QuestionText> questions_;
    std::pair<std::string, std::string> name_;
    std::string reference_date_;
};

}  // namespace daicho::answers
