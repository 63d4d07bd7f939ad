#include "write/capture_host.h"

#include <algorithm>
#include <array>

namespace daicho::ledger {

bool on_loopback(const collectors::Subject& s) noexcept {
    using Family = collectors::IpAddress::Family;
    if (s.has_mac && !s.mac.is_zero()) {
        return false;
    }
    if (s.ip.family == Family::v4) {
        return s.ip.octets[0] == 127;  // RFC 1122 §3.2.1.3 (g): 127.0.0.0/8
    }
    if (s.ip.family == Family::v6) {
        std::array<std::uint8_t, 16> loopback{};
        loopback[15] = 1;  // RFC 4291 §2.5.3: ::1
        return s.ip.octets == loopback;
    }
    return false;
}

CaptureHosts::CaptureHosts(sqlite3* db)
    : exists_(db, "capture_host_exists",
              "SELECT id FROM devices WHERE domain = ?1 AND mac = '' AND address = ?2"),
      upsert_(db, "capture_host_upsert",
              "INSERT INTO devices (domain, mac, address, mac_kind, first_seen, last_seen, "
              "first_capture_id, first_frame) VALUES (?1, '', ?2, 'none', ?3, ?4, ?5, ?6) "
              "ON CONFLICT (domain, mac, address) DO UPDATE SET "
              "first_seen = min(first_seen, excluded.first_seen), "
              "last_seen = max(last_seen, excluded.last_seen) RETURNING id") {}

std::int64_t CaptureHosts::touch(std::int64_t capture_id, std::int64_t first_us,
                                 std::int64_t last_us, std::uint64_t frame) {
    const std::int64_t domain = loopback_domain(capture_id);
    exists_.reset();
    exists_.bind(1, domain).bind(2, std::string_view(kCaptureHostAddress));
    const bool known = exists_.step();
    exists_.reset();
    upsert_.reset();
    upsert_.bind(1, domain)
        .bind(2, std::string_view(kCaptureHostAddress))
        .bind(3, first_us)
        .bind(4, std::max(first_us, last_us))
        .bind(5, capture_id)
        .bind(6, static_cast<std::int64_t>(frame));
    if (!upsert_.step()) {
        upsert_.reset();
        return 0;
    }
    const std::int64_t id = upsert_.column_int64(0);
    upsert_.reset();
    auto [it, first] = touched_.try_emplace(id, Row{id, !known, first_us});
    if (!first) {
        it->second.first_us = std::min(it->second.first_us, first_us);
    }
    return id;
}

}  // namespace daicho::ledger
