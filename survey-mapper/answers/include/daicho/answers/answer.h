#pragma once
// What the survey pre-fill says per question (ARCHITECTURE "Answer", answer-logic.md §6.1):
// the recommended option, how sure, each criterion with pass/fail and its value, the evidence,
// the gaps a person must close, the confirmations a person owes, the reference date and the
// observation window. Language-free: criteria, gaps and confirmations are word keys of
// survey_questions.json with their parameters, so one Answer renders in Japanese or English
// and the JSON stays stable.

#include <cstdint>
#include <string>
#include <vector>

namespace daicho::answers {

// The option ids of survey_questions.json "options".
inline constexpr const char* kYes = "yes";
inline constexpr const char* kNo = "no";
inline constexpr const char* kLedgerDepartment = "ledger_department";  // Q8/Q9's met option
inline constexpr const char* kUndecided = "undecided";                 // a person decides

// A word key and the values its text takes ({0}, {1} ... in the word table).
struct Phrase {
    std::string key;
    std::vector<std::string> args;
};

// Who stated a criterion (an attestation in force), when, and until when it counts.
struct Attested {
    std::string key;
    std::string value;
    std::string by;
    std::string date;         // YYYY-MM-DD as stated
    std::string valid_until;  // YYYY-MM-DD; "" when it never expires
};

struct Criterion {
    std::string id;  // "location_user"; its label is word "criterion.<question>.<id>"
    bool pass = false;
    std::string value;  // "412/415 (99.3%)", "2026-01-20", "" when nothing is known
    // How sure the pass/fail is: 0.9 from the wire alone, 1.0 attested, 0.5 when a person
    // has not said (answer-logic.md §6.1); lowered when the observation window is short.
    double score = 0.0;
    std::vector<Attested> attested;  // the statements it rests on
};

struct Gap {
    std::int64_t device_id = 0;  // 0: not about one device
    std::string device;          // the device as a person finds it: "#12 pc-rad-01 10.20.1.5"
    Phrase missing;              // what is missing
    Phrase action;               // what to do
};

struct EvidenceItem {
    std::string key;  // word "evidence.<key>"
    std::string value;
    std::vector<std::int64_t> devices;  // the device ids it counts (capped in renderers)
};

struct Window {
    std::string from;  // YYYY-MM-DD of the first observation; "" when the ledger is empty
    std::string to;    // YYYY-MM-DD of the last observation up to the reference date
    int days = 0;
};

struct Answer {
    std::string question_id;  // "Q8"
    std::string option;       // kYes, kNo, kLedgerDepartment, kUndecided
    double confidence = 0.0;  // 0..1; band: >= 0.8 高, >= 0.5 中, else 低
    std::vector<Criterion> criteria;
    std::vector<EvidenceItem> evidence;
    std::vector<Gap> gaps;
    std::vector<Phrase> confirmations;  // what a person still owes
    std::string as_of;                  // the reference date, YYYY-MM-DD
    Window window;
};

// A hint for a question daicho does not answer (Q6, Q14-1, Q15, Q17-2): evidence only.
struct Hint {
    std::string question_id;
    Phrase text;
    std::vector<std::int64_t> devices;
};

struct SurveyResult {
    std::string as_of;
    Window window;
    std::vector<Answer> answers;  // Q8 .. Q13 in order
    std::vector<Hint> hints;
};

// "high" (>= 0.8), "medium" (>= 0.5) or "low".
[[nodiscard]] const char* confidence_band(double confidence) noexcept;

}  // namespace daicho::answers
