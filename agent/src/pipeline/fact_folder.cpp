#include "pipeline/fact_folder.h"

#include <string_view>

namespace daicho::agent {

namespace {

std::uint64_t fnv(std::uint64_t h, std::string_view s) noexcept {
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::uint64_t hash_of(const collectors::Observation& o) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ o.subject.mac.as_u64();
    h *= 0x100000001b3ULL;
    h ^= (static_cast<std::uint64_t>(o.kind) << 32U) | (std::uint64_t{o.subject.vlan} << 16U) |
         o.subject.sensor;
    h *= 0x100000001b3ULL;
    for (auto b : o.subject.ip.octets) {
        h = (h ^ b) * 0x100000001b3ULL;
    }
    return fnv(fnv(h, o.value), o.source);
}

bool same_fact(const collectors::Observation& o, const ledger::StoredObservation& s) noexcept {
    return o.kind == s.kind && o.subject.mac == s.subject.mac && o.subject.ip == s.subject.ip &&
           o.subject.vlan == s.subject.vlan && o.subject.outer_vlan == s.subject.outer_vlan &&
           o.subject.sensor == s.subject.sensor && o.subject.has_mac == s.subject.has_mac &&
           o.source == s.source && o.value == s.value;
}

}  // namespace

FactFolder::FactFolder(std::size_t capacity)
    : index_(capacity, 0), mask_(capacity - 1), max_load_(capacity / 2) {
    used_slots_.reserve(max_load_);
}

bool FactFolder::add(const collectors::Observation& o,
                     std::vector<ledger::StoredObservation>& batch) {
    std::size_t i = hash_of(o) & mask_;
    for (;;) {
        const std::uint32_t at = index_[i];
        if (at == 0) {
            break;
        }
        auto& stored = batch[at - 1];
        if (same_fact(o, stored)) {
            ++stored.count;
            if (o.evidence.ts_us > stored.last_us) {
                stored.last_us = o.evidence.ts_us;
            }
            return true;
        }
        i = (i + 1) & mask_;
    }
    if (used_ >= max_load_) {
        return false;
    }
    ledger::StoredObservation s;
    s.subject = o.subject;
    s.kind = o.kind;
    s.value.assign(o.value);
    s.source = o.source;
    s.evidence = o.evidence;
    s.last_us = o.evidence.ts_us;
    batch.push_back(std::move(s));
    index_[i] = static_cast<std::uint32_t>(batch.size());
    used_slots_.push_back(static_cast<std::uint32_t>(i));
    ++used_;
    return true;
}

void FactFolder::clear() noexcept {
    for (auto i : used_slots_) {
        index_[i] = 0;
    }
    used_slots_.clear();
    used_ = 0;
}

}  // namespace daicho::agent
