// Attestations and training records (daicho/ledger/attestations.h): validation, then one short
// IMMEDIATE transaction per call, so a statement survives kill -9 whole or not at all.

#include "daicho/ledger/attestations.h"

#include <sqlite3.h>

#include <string_view>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "db/statement.h"
#include "db/transaction.h"

namespace daicho::ledger {

namespace {

// A date a person gives is a day: YYYY-MM-DD and a real one.
bool is_day(std::string_view date) { return date.size() == 10 && parse_time_utc(date).has_value(); }

void check_text(std::string_view what, std::string_view value, bool may_be_empty) {
    if (value.empty() && !may_be_empty) {
        throw Error(std::string(what) + " must not be empty");
    }
    if (const auto problem = annotation_value_problem(value); !problem.empty()) {
        throw Error(std::string(what) + ": " + problem);
    }
}

}  // namespace

std::int64_t record_attestation(Ledger& ledger, const AttestationRecord& record) {
    check_text("attestation key", record.key, false);
    check_text("attestation value", record.value, true);
    check_text("attested by", record.by, false);
    if (!is_day(record.date)) {
        throw Error("attestation date '" + record.date + "' is not a date (YYYY-MM-DD)");
    }
    sqlite3* db = ledger.handle();
    return db::in_transaction(db, "attest", [&] {
        if (record.device_id != 0) {
            db::Statement exists(db, "find_device_by_id", "SELECT 1 FROM devices WHERE id = ?1");
            exists.bind(1, record.device_id);
            if (!exists.step()) {
                throw Error(ledger.path().string() + ": no device with id " +
                            std::to_string(record.device_id));
            }
        }
        db::Statement insert(db, "insert_attestation",
                             "INSERT INTO attestations (key, device_id, value, attested_by, "
                             "attested_on, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bind(1, record.key)
            .bind(2, record.device_id)
            .bind(3, record.value)
            .bind(4, record.by)
            .bind(5, record.date)
            .bind(6, now_us());
        insert.run();
        return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db));
    });
}

std::vector<AttestationRecord> read_attestations(const Ledger& ledger) {
    db::Statement st(ledger.handle(), "read_attestations",
                     "SELECT id, key, device_id, value, attested_by, attested_on, recorded_at "
                     "FROM attestations ORDER BY id");
    std::vector<AttestationRecord> out;
    while (st.step()) {
        AttestationRecord r;
        r.id = st.column_int64(0);
        r.key = st.column_text(1);
        r.device_id = st.column_int64(2);
        r.value = st.column_text(3);
        r.by = st.column_text(4);
        r.date = st.column_text(5);
        r.recorded_at_us = st.column_int64(6);
        out.push_back(std::move(r));
    }
    return out;
}

std::size_t record_training(Ledger& ledger, const std::vector<TrainingRecord>& records) {
    for (const auto& r : records) {
        if (!is_day(r.date)) {
            throw Error("training date '" + r.date + "' is not a date (YYYY-MM-DD)");
        }
        check_text("training course", r.course, false);
        check_text("training audience", r.audience, false);
        check_text("training source", r.source, true);
        if (r.attendees < 0) {
            throw Error("training attendees must not be negative");
        }
    }
    sqlite3* db = ledger.handle();
    return db::in_transaction(db, "import training", [&] {
        db::Statement insert(db, "insert_training",
                             "INSERT INTO training_records (held_on, course, audience, attendees, "
                             "source, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                             "ON CONFLICT (held_on, course, audience) DO NOTHING");
        const std::int64_t at = now_us();
        std::size_t added = 0;
        for (const auto& r : records) {
            insert.reset();
            insert.bind(1, r.date)
                .bind(2, r.course)
                .bind(3, r.audience)
                .bind(4, r.attendees)
                .bind(5, r.source)
                .bind(6, at);
            insert.run();
            added += static_cast<std::size_t>(sqlite3_changes(db));
        }
        return added;
    });
}

std::vector<TrainingRecord> read_training(const Ledger& ledger) {
    db::Statement st(ledger.handle(), "read_training",
                     "SELECT held_on, course, audience, attendees, source FROM training_records "
                     "ORDER BY held_on, course, audience");
    std::vector<TrainingRecord> out;
    while (st.step()) {
        TrainingRecord r;
        r.date = st.column_text(0);
        r.course = st.column_text(1);
        r.audience = st.column_text(2);
        r.attendees = st.column_int64(3);
        r.source = st.column_text(4);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace daicho::ledger
