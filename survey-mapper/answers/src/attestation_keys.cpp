#include "daicho/answers/attestation_keys.h"

#include "daicho/ledger/time.h"

namespace daicho::answers {

namespace {

constexpr std::int64_t kDayUs = 86'400'000'000;

std::int64_t day_us(std::string_view day) { return ledger::parse_time_utc(day).value_or(0); }

}  // namespace

const AttestationKey* attestation_key(std::string_view key) noexcept {
    for (const auto& k : kAttestationKeys) {
        if (k.key == key) {
            return &k;
        }
    }
    return nullptr;
}

std::string add_days(std::string_view day, int days) {
    return ledger::format_time_utc(day_us(day) + days * kDayUs).substr(0, 10);
}

int days_between(std::string_view from, std::string_view to) {
    return static_cast<int>((day_us(to) - day_us(from)) / kDayUs);
}

std::optional<InForce> attestation_in_force(std::span<const ledger::AttestationRecord> all,
                                            std::string_view key, std::int64_t device_id,
                                            std::string_view as_of) {
    const auto newest = [&](std::int64_t device) -> const ledger::AttestationRecord* {
        const ledger::AttestationRecord* best = nullptr;
        for (const auto& r : all) {
            // Dates compare as text: YYYY-MM-DD. Later ids win a tie (the newer statement).
            if (r.key != key || r.device_id != device || r.date > as_of) {
                continue;
            }
            if (best == nullptr || r.date >= best->date) {
                best = &r;
            }
        }
        return best;
    };
    const ledger::AttestationRecord* found = newest(device_id);
    if (found == nullptr && device_id != 0) {
        found = newest(0);
    }
    if (found == nullptr) {
        return std::nullopt;
    }
    InForce f;
    f.record = found;
    const AttestationKey* k = attestation_key(key);
    if (k != nullptr && k->valid_days > 0) {
        f.valid_until = add_days(found->date, k->valid_days);
        f.expired = f.valid_until < as_of;
    }
    return f;
}

}  // namespace daicho::answers
