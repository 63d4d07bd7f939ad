#pragma once
// The host a loopback capture was taken on. Traffic on a host's own loopback (DLT_NULL, or an
// Ethernet-framed "lo" with zero MACs; 127.0.0.0/8 and ::1) has no MAC and no address that
// names the host on the network, yet it is one real machine: the capturing host. Its facts go
// to one device row of its own, keyed by (loopback domain of the capture, 127.0.0.1), so that
// loopback captures taken on two hosts never merge: every host has 127.0.0.1, and only the
// capture says which host this was. kLoopbackDomain maps a capture id to that domain (negative:
// never a sensor's). The row reads as a host with no MAC (DeviceRecord::capture_host).

#include <sqlite3.h>

#include <cstdint>
#include <map>

#include "daicho/collectors/observation.h"
#include "db/statement.h"

namespace daicho::ledger {

// The broadcast domain of the loopback of the host that took capture `capture_id`.
[[nodiscard]] constexpr std::int64_t loopback_domain(std::int64_t capture_id) noexcept {
    return -capture_id;
}
// The address the capture host's row is keyed by (the facts keep the address they came from).
inline constexpr const char* kCaptureHostAddress = "127.0.0.1";

// A subject on the host's own loopback: a loopback address and no MAC (or the zero MAC of an
// Ethernet-framed loopback).
[[nodiscard]] bool on_loopback(const collectors::Subject& s) noexcept;

class CaptureHosts {
   public:
    explicit CaptureHosts(sqlite3* db);

    struct Row {
        std::int64_t id = 0;
        bool inserted = false;  // created by this merge
        std::int64_t first_us = 0;
    };
    // Finds or creates the capture host of `capture_id` and widens its time span; its id.
    std::int64_t touch(std::int64_t capture_id, std::int64_t first_us, std::int64_t last_us,
                       std::uint64_t frame);
    // The rows touched since clear(), by id.
    [[nodiscard]] const std::map<std::int64_t, Row>& touched() const noexcept { return touched_; }
    void clear() noexcept { touched_.clear(); }

   private:
    db::Statement exists_;
    db::Statement upsert_;
    std::map<std::int64_t, Row> touched_;
};

}  // namespace daicho::ledger
