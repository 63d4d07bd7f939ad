#pragma once
// Ledger fixtures for the survey mapper tests: device records as a snapshot returns them, built
// field by field, and attestations. The reference date is the survey's (2026-03-31); devices
// are seen from 2026-02-01 to 2026-03-30 unless a test says otherwise (a 58-day window).

#include <cstdint>
#include <string>
#include <vector>

#include "daicho/answers/survey.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/time.h"

namespace daicho::test {

inline std::int64_t day_us(const char* day) { return *ledger::parse_time_utc(day); }

inline ledger::DeviceRecord device(std::int64_t id, std::string category,
                                   std::string subtype = "") {
    ledger::DeviceRecord d;
    d.id = id;
    d.mac = "00:11:22:33:44:" + std::to_string(10 + id % 80);
    d.category = std::move(category);
    d.subtype = std::move(subtype);
    d.ledger = d.category == "medical" ? "medical" : "it";
    d.first_seen_us = day_us("2026-02-01");
    d.last_seen_us = day_us("2026-03-30");
    d.addresses.push_back(
        {"10.20.0." + std::to_string(id), "arp", d.first_seen_us, d.last_seen_us, {}});
    d.hostnames.push_back("host" + std::to_string(id));
    return d;
}

inline ledger::DeviceRecord& annotate(ledger::DeviceRecord& d, std::string key, std::string value) {
    d.annotations.push_back({std::move(key), std::move(value), 0, "test"});
    return d;
}

inline ledger::DeviceRecord& software(ledger::DeviceRecord& d, std::string kind,
                                      std::string product, std::string version) {
    ledger::SoftwareEntry s;
    s.kind = std::move(kind);
    s.product = std::move(product);
    s.version = std::move(version);
    s.source = "test";
    d.software.push_back(std::move(s));
    return d;
}

inline ledger::DeviceRecord& fact(ledger::DeviceRecord& d, collectors::FactKind kind,
                                  std::string value, const char* last_seen) {
    ledger::FactEntry f;
    f.kind = kind;
    f.value = std::move(value);
    f.source = "test";
    f.first_seen_us = day_us("2026-02-01");
    f.last_seen_us = day_us(last_seen);
    d.facts.push_back(std::move(f));
    return d;
}

// A fully described IT device: location, user, a version.
inline ledger::DeviceRecord complete_it(std::int64_t id, std::string category) {
    auto d = device(id, std::move(category));
    annotate(d, "location", "本館3F");
    annotate(d, "user", "医事課");
    software(d, "os", "Windows 11 23H2", "10.0.22631");
    d.department = "医事課";
    return d;
}

inline ledger::AttestationRecord attestation(std::string key, std::string value, std::string date,
                                             std::int64_t device_id = 0) {
    ledger::AttestationRecord a;
    a.key = std::move(key);
    a.value = std::move(value);
    a.by = "佐藤";
    a.date = std::move(date);
    a.device_id = device_id;
    return a;
}

inline const answers::Criterion& criterion(const answers::Answer& a, const std::string& id) {
    for (const auto& c : a.criteria) {
        if (c.id == id) {
            return c;
        }
    }
    throw std::runtime_error("no criterion " + id + " in " + a.question_id);
}

inline bool has_gap(const answers::Answer& a, const std::string& key, std::int64_t device = -1) {
    for (const auto& g : a.gaps) {
        if (g.missing.key == key && (device < 0 || g.device_id == device)) {
            return true;
        }
    }
    return false;
}

}  // namespace daicho::test
