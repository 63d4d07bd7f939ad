// The dashboard's login sessions (api/sessions.h).

#include "api/sessions.h"

#include <algorithm>
#include <vector>

#include "daicho/service/platform.h"

namespace daicho::agent::api {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    platform::random_bytes(raw.data(), raw.size());
    constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char c : raw) {
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
    }
    return out;
}

bool SessionTable::expired(const Session& s, SessionClock::time_point now) const noexcept {
    return now - s.last_used >= limits_.idle || now - s.created >= limits_.absolute;
}

void SessionTable::drop_expired(SessionClock::time_point now) {
    std::erase_if(sessions_, [&](const auto& entry) { return expired(entry.second, now); });
}

Session SessionTable::create(std::string actor, SessionClock::time_point now) {
    drop_expired(now);
    while (!sessions_.empty() &&
           sessions_.size() >= std::max<std::size_t>(limits_.max_sessions, 1)) {
        const auto oldest = std::min_element(
            sessions_.begin(), sessions_.end(),
            [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
        sessions_.erase(oldest);
    }
    Session s{random_hex(32), random_hex(32), std::move(actor), now, now};
    sessions_.emplace(s.id, s);
    return s;
}

std::optional<Session> SessionTable::find(std::string_view id, SessionClock::time_point now) {
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) {
        return std::nullopt;
    }
    if (expired(it->second, now)) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second;
}

void SessionTable::remove(std::string_view id) {
    if (const auto it = sessions_.find(id); it != sessions_.end()) {
        sessions_.erase(it);
    }
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view pair = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) {
            pair.remove_prefix(1);
        }
        while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) {
            pair.remove_suffix(1);
        }
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return pair.substr(eq + 1);
        }
    }
    return {};
}

bool same_secret(std::string_view a, std::string_view b) noexcept {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

}  // namespace daicho::agent::api
