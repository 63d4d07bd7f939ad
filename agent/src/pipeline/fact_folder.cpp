#include "pipeline/fact_folder.h"

#include <span>
#include <string_view>

#include "daicho/collectors/mix.h"

namespace daicho::agent {

namespace {

// Word at a time (collectors/mix.h): a byte-at-a-time FNV over the address, the value and the
// source made add() the decode thread's largest symbol on the benchmark corpus.
std::uint64_t hash_of(const collectors::Observation& o) noexcept {
    const std::uint64_t head =
        o.subject.mac.as_u64() ^ (static_cast<std::uint64_t>(o.kind) << 48U) ^
        (std::uint64_t{o.subject.vlan} << 32U) ^ (std::uint64_t{o.subject.sensor} << 16U);
    std::uint64_t h = collectors::fold_bytes(head, std::as_bytes(std::span(o.subject.ip.octets)));
    h = collectors::fold_bytes(h, o.value);
    return collectors::mix64(collectors::fold_bytes(h, o.source));
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
