#pragma once
// The dashboard's login sessions (README "ダッシュボード"): the API token is posted once and
// becomes a session cookie, so the page never keeps the token where a script could read it.
// A session id and its CSRF token are 256 random bits each from the OS's CSPRNG
// (platform::random_bytes: getrandom, BCryptGenRandom); a session ends after `idle` without a
// request or `absolute` after login, whichever comes first; the table holds at most
// `max_sessions` (a login past that ends the session used longest ago), so no client can make
// it grow.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace daicho::agent::api {

using SessionClock = std::chrono::steady_clock;

struct SessionLimits {
    std::size_t max_sessions = 64;
    std::chrono::seconds idle{30 * 60};
    std::chrono::seconds absolute{12 * 60 * 60};
};

struct Session {
    std::string id;     // the cookie's value: 64 hex digits
    std::string csrf;   // what a write must carry in X-CSRF-Token: 64 hex digits
    std::string actor;  // who the change log names: "web:<name given at login>"
    SessionClock::time_point created;
    SessionClock::time_point last_used;
};

class SessionTable {
   public:
    explicit SessionTable(SessionLimits limits = {}) : limits_(limits) {}

    // A new session; expired ones are dropped first, then the least recently used one while
    // the table is full. Throws std::runtime_error when the kernel has no randomness to give.
    Session create(std::string actor, SessionClock::time_point now);
    // The live session `id` names (its last use set to `now`); nullopt for an unknown or
    // expired id (an expired one is removed).
    std::optional<Session> find(std::string_view id, SessionClock::time_point now);
    void remove(std::string_view id);
    [[nodiscard]] std::size_t size() const noexcept { return sessions_.size(); }
    [[nodiscard]] const SessionLimits& limits() const noexcept { return limits_; }

   private:
    [[nodiscard]] bool expired(const Session& s, SessionClock::time_point now) const noexcept;
    void drop_expired(SessionClock::time_point now);

    SessionLimits limits_;
    std::map<std::string, Session, std::less<>> sessions_;  // a few dozen at most
};

// `bytes` random bytes from platform::random_bytes, as lower-case hex. Throws
// std::system_error.
[[nodiscard]] std::string random_hex(std::size_t bytes);

// The value of cookie `name` in a Cookie header ("a=1; daicho_session=abc"), "" when absent.
// Only the first cookie of that name counts; values are taken as they are (no unquoting).
[[nodiscard]] std::string_view cookie_value(std::string_view header, std::string_view name);

// Equal strings, in time that depends on their lengths only (not on where they differ).
[[nodiscard]] bool same_secret(std::string_view a, std::string_view b) noexcept;

}  // namespace daicho::agent::api
