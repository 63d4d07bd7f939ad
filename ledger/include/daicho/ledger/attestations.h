#pragma once
// Attestations and training records: what a person states for the survey pre-fill that the
// wire cannot show (issue 14). The ledger only stores them; which keys exist, how long each
// stays valid and what it proves is survey-mapper's (daicho/answers/attestation_keys.h).
// Statements are appended, never overwritten: the newest per (key, device) is in force, the
// older ones are its history.

#include <cstdint>
#include <string>
#include <vector>

namespace daicho::ledger {

class Ledger;

struct AttestationRecord {
    std::int64_t id = 0;
    std::string key;             // "ledger_department", "esu", ...
    std::int64_t device_id = 0;  // 0: the whole hospital
    std::string value;           // one line of text
    std::string by;              // who states it
    std::string date;            // YYYY-MM-DD: the date the person states (a review, a contract)
    std::int64_t recorded_at_us = 0;
};

// Appends one attestation in its own transaction and returns its id. Refuses (ledger::Error,
// nothing written) an empty key or `by`, a value that is not one line of text
// (annotation_value_problem), a date that is not YYYY-MM-DD, and a device id no device has.
std::int64_t record_attestation(Ledger& ledger, const AttestationRecord& record);

// Every attestation, oldest first (by id).
[[nodiscard]] std::vector<AttestationRecord> read_attestations(const Ledger& ledger);

struct TrainingRecord {
    std::string date;  // YYYY-MM-DD
    std::string course;
    std::string audience;
    std::int64_t attendees = 0;
    std::string source;  // "import:<file>"
};

// Adds sessions in one transaction; a session already stored (same date, course, audience)
// is left as it was. Returns how many were new. Validates every record first (date form,
// one-line texts, attendees >= 0); on any problem nothing is written.
std::size_t record_training(Ledger& ledger, const std::vector<TrainingRecord>& records);

// Every session, by date then course.
[[nodiscard]] std::vector<TrainingRecord> read_training(const Ledger& ledger);

}  // namespace daicho::ledger
