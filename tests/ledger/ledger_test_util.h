#pragma once
// Builders for ledger tests: MACs, IPs, batches and raw file access.

#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "daicho/collectors/conversations.h"
#include "daicho/collectors/observation.h"
#include "daicho/ledger/batch.h"
#include "daicho/ledger/ledger.h"

namespace daicho::test {

inline collectors::MacAddress mac(std::string_view text) {
    auto m = collectors::MacAddress::parse(text);
    if (!m) {
        throw std::invalid_argument("bad MAC in test: " + std::string(text));
    }
    return *m;
}

inline collectors::IpAddress ip(std::string_view text) {
    auto a = collectors::IpAddress::parse(text);
    if (!a) {
        throw std::invalid_argument("bad IP in test: " + std::string(text));
    }
    return *a;
}

// 2026-03-09T01:02:03Z plus `offset_us`.
inline constexpr std::int64_t kT0 = 1'773'018'123'000'000;

inline ledger::DeviceActivity activity(std::string_view m, std::uint16_t vlan,
                                       std::uint64_t packets, std::uint64_t bytes,
                                       std::int64_t first_us, std::int64_t last_us,
                                       std::uint32_t capture, std::uint64_t frame,
                                       std::uint16_t sensor = 0) {
    ledger::DeviceActivity a;
    a.mac = mac(m);
    a.sensor = sensor;
    a.vlan = vlan;
    a.packets = packets;
    a.bytes = bytes;
    a.first_us = first_us;
    a.last_us = last_us;
    a.first_evidence = {capture, frame, first_us};
    return a;
}

inline ledger::StoredObservation observation(std::string_view m, collectors::FactKind kind,
                                             std::string value, std::string_view source,
                                             std::uint32_t capture, std::uint64_t frame,
                                             std::int64_t ts, std::uint16_t vlan = 0) {
    ledger::StoredObservation o;
    o.subject.mac = mac(m);
    o.subject.has_mac = true;
    o.subject.vlan = vlan;
    o.kind = kind;
    o.value = std::move(value);
    o.source = source;
    o.evidence = {capture, frame, ts};
    o.last_us = ts;
    return o;
}

inline ledger::StoredObservation arp(std::string_view m, std::string_view address,
                                     std::uint32_t capture, std::uint64_t frame, std::int64_t ts,
                                     std::string_view source = "arp") {
    auto o = observation(m, collectors::FactKind::ip_address, "", source, capture, frame, ts);
    o.subject.ip = ip(address);
    return o;
}

// A fact the packet from `sender` carried, filed under the MAC it arrived with: a router's, for
// a host behind it (read/routed_facts.h).
inline ledger::StoredObservation sent_from(std::string_view m, std::string_view sender,
                                           collectors::FactKind kind, std::string value,
                                           std::string_view source, std::uint32_t capture,
                                           std::uint64_t frame) {
    auto o = observation(m, kind, std::move(value), source, capture, frame,
                         kT0 + static_cast<std::int64_t>(frame));
    o.subject.ip = ip(sender);
    return o;
}

// One row of the collectors' conversation table, as the pipeline hands it to the writer.
inline collectors::Conversation conversation(std::string_view inside, std::string_view inside_mac,
                                             std::string_view outside, std::string_view gateway_mac,
                                             std::uint8_t proto, std::uint16_t port,
                                             collectors::Opener opener, std::int64_t first_us,
                                             std::int64_t last_us, std::uint32_t capture,
                                             std::uint64_t frame) {
    collectors::Conversation c;
    c.inside = ip(inside);
    c.outside = ip(outside);
    c.inside_mac = mac(inside_mac);
    c.outside_mac = mac(gateway_mac);
    c.has_l2 = true;
    c.ip_proto = proto;
    c.server_port = port;
    c.opener = opener;
    c.first_us = first_us;
    c.last_us = last_us;
    c.longest_us = last_us - first_us;
    c.sessions = 1;
    c.packets = 10;
    c.bytes_to_outside = 600;
    c.bytes_to_inside = 400;
    c.first_evidence = {capture, frame, first_us};
    return c;
}

inline bool has_fact(const ledger::DeviceRecord& d, std::string_view value) {
    for (const auto& f : d.facts) {
        if (f.value == value) {
            return true;
        }
    }
    return false;
}

// n devices numbered from `first` (00:16:3e:HH:LL:01 at 10.1.HH.LL), each with activity and
// an ARP binding, and with `named` a DHCP host name "host-<i>": a multi-batch capture.
inline ledger::Batch numbered_devices(std::uint32_t cap, int first, int n, bool named) {
    ledger::Batch b;
    for (int i = first; i < first + n; ++i) {
        char m[18];
        char a[16];
        std::snprintf(m, sizeof m, "00:16:3e:%02x:%02x:01", (i >> 8) & 0xff, i & 0xff);
        std::snprintf(a, sizeof a, "10.1.%d.%d", (i >> 8) & 0xff, i & 0xff);
        b.activity.push_back(activity(m, 10, 3, 300, kT0 + i, kT0 + i + 5, cap, 1));
        b.observations.push_back(arp(m, a, cap, 2, kT0 + i));
        if (named) {
            b.observations.push_back(observation(m, collectors::FactKind::hostname,
                                                 "host-" + std::to_string(i), "dhcp", cap, 3, kT0));
        }
    }
    return b;
}

inline std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary | std::ios::ate);
    if (!in) {
        return {};
    }
    std::string data(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    return data;
}

inline void write_bytes(const std::filesystem::path& p, std::string_view data) {
    std::ofstream out(p, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

// Raw SQLite access for setting up foreign files and inspecting the result.
class RawDb {
   public:
    explicit RawDb(const std::filesystem::path& p,
                   int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
        if (sqlite3_open_v2(p.string().c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            std::string msg = "sqlite3_open_v2 failed: " + std::string(sqlite3_errmsg(db_));
            sqlite3_close_v2(db_);
            throw std::runtime_error(msg);
        }
    }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = "sqlite error: " + std::string(err != nullptr ? err : "?");
            sqlite3_free(err);
            throw std::runtime_error(msg);
        }
    }
    // First column of the first row as text ("" when none).
    std::string text(const std::string& sql) { return scalar_text(db_, sql); }

    static std::string scalar_text(sqlite3* db, const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            throw std::runtime_error("prepare failed: " + std::string(sqlite3_errmsg(db)));
        }
        std::string out;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        return out;
    }

   private:
    sqlite3* db_ = nullptr;
};

// Runs one query on the ledger's own connection.
inline std::string query(const ledger::Ledger& l, const std::string& sql) {
    return RawDb::scalar_text(l.handle(), sql);
}

}  // namespace daicho::test
