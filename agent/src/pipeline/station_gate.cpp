#include "pipeline/station_gate.h"

#include <algorithm>
#include <bit>

#include "daicho/collectors/mix.h"

namespace daicho::agent {

namespace {

constexpr std::uint64_t kMacTag = std::uint64_t{1} << 63U;
constexpr std::uint64_t kIpTag = std::uint64_t{1} << 62U;
constexpr double kMicrosPerMinute = 60e6;

// Sensor in bits 48..61, the MAC below; the tag keeps the key non-zero.
std::uint64_t mac_key(std::uint16_t sensor, const collectors::MacAddress& mac) noexcept {
    return kMacTag | (std::uint64_t{sensor & 0x3FFFU} << 48U) | mac.as_u64();
}

// IPv6 addresses do not fit; a well-mixed 48-bit hash of the address stands for it (a
// collision only admits a station early, it never stores one twice).
std::uint64_t ip_key(std::uint16_t sensor, const collectors::IpAddress& ip) noexcept {
    std::uint64_t h = 0x243f6a8885a308d3ULL;
    for (const std::uint8_t b : ip.octets) {
        h = collectors::mix64(h ^ b);
    }
    return kIpTag | (std::uint64_t{sensor & 0x3FFFU} << 48U) | (h & 0xFFFFFFFFFFFFULL);
}

}  // namespace

StationGate::StationGate(const FloodLimits& limits, std::size_t known)
    : limits_(limits),
      keys_(std::bit_ceil(std::max<std::size_t>(
          std::size_t{1} << 16U, 2 * (known + std::size_t{limits.new_stations_burst})))),
      mask_(keys_.size() - 1),
      max_load_(keys_.size() / 2),
      tokens_(limits.new_stations_burst) {
    done_.reserve(kMaxEpisodes);
}

bool StationGate::contains(std::uint64_t key) const noexcept {
    for (std::size_t i = collectors::mix64(key) & mask_;; i = (i + 1) & mask_) {
        if (keys_[i] == key) {
            return true;
        }
        if (keys_[i] == 0) {
            return false;
        }
    }
}

void StationGate::remember(std::uint64_t key) noexcept {
    if (used_ >= max_load_) {
        return;  // full: later sightings pay a token again; memory stays fixed
    }
    std::size_t i = collectors::mix64(key) & mask_;
    while (keys_[i] != 0 && keys_[i] != key) {
        i = (i + 1) & mask_;
    }
    if (keys_[i] == 0) {
        keys_[i] = key;
        ++used_;
    }
}

void StationGate::know(std::uint16_t sensor, const collectors::MacAddress& mac) noexcept {
    remember(mac_key(sensor, mac));
}

void StationGate::refill(std::int64_t now_us) noexcept {
    if (!clock_started_) {
        clock_started_ = true;
        refilled_at_us_ = now_us;
        return;
    }
    if (now_us <= refilled_at_us_) {
        return;  // capture time going backwards (merged files): no refill, no debt
    }
    const double minutes = static_cast<double>(now_us - refilled_at_us_) / kMicrosPerMinute;
    tokens_ = std::min<double>(limits_.new_stations_burst,
                               tokens_ + minutes * limits_.new_stations_per_minute);
    refilled_at_us_ = now_us;
}

void StationGate::close_episode() noexcept {
    if (!open_) {
        return;
    }
    open_->refused = std::max<std::uint64_t>(refused_.estimate(), 1);
    if (done_.size() < kMaxEpisodes) {
        done_.push_back(*open_);  // reserved: no allocation
    } else {
        FloodEpisode& last = done_.back();
        last.last_us = open_->last_us;
        last.admitted += open_->admitted;
        last.refused += open_->refused;
        last.refused_frames += open_->refused_frames;
    }
    open_.reset();
    refused_.clear();
}

bool StationGate::admit(std::uint64_t key, std::uint16_t sensor,
                        const collectors::EvidenceRef& evidence) noexcept {
    if (contains(key)) {
        return true;
    }
    const std::int64_t now = evidence.ts_us;
    refill(now);
    if (open_ && now - open_->last_us > kQuietUs) {
        close_episode();
    }
    if (tokens_ >= 1.0) {
        tokens_ -= 1.0;
        remember(key);
        if (open_) {
            ++open_->admitted;
        }
        return true;
    }
    if (!open_) {
        open_ = FloodEpisode{};
        open_->sensor = sensor;
        open_->first_us = now;
        open_->evidence = evidence;
    }
    open_->last_us = std::max(open_->last_us, now);
    ++open_->refused_frames;
    refused_.add(collectors::mix64(key));
    return false;
}

bool StationGate::admit_mac(std::uint16_t sensor, const collectors::MacAddress& mac,
                            const collectors::EvidenceRef& evidence) noexcept {
    return admit(mac_key(sensor, mac), sensor, evidence);
}

bool StationGate::admit_ip(std::uint16_t sensor, const collectors::IpAddress& ip,
                           const collectors::EvidenceRef& evidence) noexcept {
    return admit(ip_key(sensor, ip), sensor, evidence);
}

std::vector<FloodEpisode> StationGate::take_floods() {
    close_episode();
    std::vector<FloodEpisode> out(done_.begin(), done_.end());
    done_.clear();
    return out;
}

}  // namespace daicho::agent
