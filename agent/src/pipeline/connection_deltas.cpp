// ConnectionDeltas (pipeline/connection_deltas.h).

#include "pipeline/connection_deltas.h"

#include <algorithm>
#include <cstring>

namespace daicho::agent {

namespace {

// The table's key (sensor, inside, outside, protocol, server port) as bytes.
std::string key_of(const collectors::Conversation& c) {
    std::string k(2 + 2 * 17 + 1 + 2, '\0');
    std::size_t at = 0;
    const auto put = [&](const void* p, std::size_t n) {
        std::memcpy(k.data() + at, p, n);
        at += n;
    };
    put(&c.sensor, 2);
    put(&c.inside.family, 1);
    put(c.inside.octets.data(), 16);
    put(&c.outside.family, 1);
    put(c.outside.octets.data(), 16);
    put(&c.ip_proto, 1);
    put(&c.server_port, 2);
    return k;
}

}  // namespace

std::vector<collectors::Conversation> ConnectionDeltas::take(
    std::vector<collectors::Conversation> rows) {
    std::unordered_map<std::string, Stored> now;
    now.reserve(rows.size());
    std::vector<collectors::Conversation> moved;
    for (auto& row : rows) {
        std::string key = key_of(row);
        const Stored current{row.sessions, row.packets, row.bytes_to_outside, row.bytes_to_inside};
        Stored before;
        if (const auto it = stored_.find(key);
            it != stored_.end() && it->second.packets <= current.packets) {
            before = it->second;  // else: evicted and made again since, counting from zero
        }
        now.emplace(std::move(key), current);
        if (current.packets == before.packets) {
            continue;  // nothing new on this row
        }
        row.sessions = current.sessions >= before.sessions ? current.sessions - before.sessions : 0;
        row.packets = current.packets - before.packets;
        row.bytes_to_outside -= std::min(before.bytes_to_outside, row.bytes_to_outside);
        row.bytes_to_inside -= std::min(before.bytes_to_inside, row.bytes_to_inside);
        moved.push_back(row);
    }
    stored_ = std::move(now);
    return moved;
}

}  // namespace daicho::agent
