#pragma once
// Which stations the pipeline stores one by one, and the floods it counts instead (README
// "Floods"). A station is a source MAC on a sensor's link, or an IP address a fact names.
// Stations already in the ledger, or admitted earlier in this run, always pass; a new one takes
// a token from a bucket that refills with capture time. When the bucket is empty the station
// is refused: its frames and facts are counted, not stored, and a flood episode is open until
// no station has been refused for kQuietUs. Fixed memory, no allocation after construction.

#include <cstdint>
#include <optional>
#include <vector>

#include "daicho/collectors/observation.h"
#include "pipeline/distinct_counter.h"

namespace daicho::agent {

// The budget for new stations (config "flood"). Why these defaults: a large hospital has
// 12,000+ devices, and on its first capture almost all of them are new within minutes, so the
// burst holds a whole hospital with room to spare; afterwards real networks gain a few devices
// an hour (a laptop, a replaced monitor), so 1,024 a minute is generous for real change, while
// a macof-style flood (100,000+ random MACs a second) empties the burst in under a second.
// What a flood can store is bounded by burst + per_minute x its minutes, whatever its size.
struct FloodLimits {
    static constexpr std::uint32_t kDefaultBurst = 32768;
    static constexpr std::uint32_t kDefaultPerMinute = 1024;
    std::uint32_t new_stations_burst = kDefaultBurst;
    std::uint32_t new_stations_per_minute = kDefaultPerMinute;
};

// One flood: from the first refused station to the last.
struct FloodEpisode {
    std::uint16_t sensor = 0;          // where it began
    std::int64_t first_us = 0;         // the first station refused
    std::int64_t last_us = 0;          // the last station refused
    std::uint64_t admitted = 0;        // new stations stored meanwhile (refilled tokens)
    std::uint64_t refused = 0;         // distinct stations counted, not stored (estimate)
    std::uint64_t refused_frames = 0;  // sightings refused (frames and facts)
    collectors::EvidenceRef evidence;  // the first refused sighting
};

class StationGate {
   public:
    // The quiet time that ends an episode: one minute without a refused station.
    static constexpr std::int64_t kQuietUs = 60'000'000;
    // Named limit: episodes kept between take_floods() calls; later ones merge into the last.
    static constexpr std::size_t kMaxEpisodes = 16;

    // `known` is how many stations the caller will preload with know(); the table is sized
    // for them plus the burst, and never grows.
    StationGate(const FloodLimits& limits, std::size_t known);

    // A station the ledger already holds: always admitted, costs no token.
    void know(std::uint16_t sensor, const collectors::MacAddress& mac) noexcept;

    // Whether the station may be stored. `evidence` dates the sighting.
    bool admit_mac(std::uint16_t sensor, const collectors::MacAddress& mac,
                   const collectors::EvidenceRef& evidence) noexcept;
    bool admit_ip(std::uint16_t sensor, const collectors::IpAddress& ip,
                  const collectors::EvidenceRef& evidence) noexcept;

    // Ends the open episode (the capture is over) and hands out the episodes finished since
    // the last call. Allocates only when there is a flood to report.
    [[nodiscard]] std::vector<FloodEpisode> take_floods();

    [[nodiscard]] const FloodLimits& limits() const noexcept { return limits_; }

   private:
    bool admit(std::uint64_t key, std::uint16_t sensor,
               const collectors::EvidenceRef& evidence) noexcept;
    bool contains(std::uint64_t key) const noexcept;
    void remember(std::uint64_t key) noexcept;
    void refill(std::int64_t now_us) noexcept;
    void close_episode() noexcept;

    FloodLimits limits_;
    std::vector<std::uint64_t> keys_;  // open addressing; 0 = empty; never grows
    std::size_t mask_;
    std::size_t used_ = 0;
    std::size_t max_load_;
    double tokens_;
    std::int64_t refilled_at_us_ = 0;
    bool clock_started_ = false;
    std::optional<FloodEpisode> open_;
    DistinctCounter refused_;
    std::vector<FloodEpisode> done_;  // reserved; past kMaxEpisodes the last one grows
};

}  // namespace daicho::agent
