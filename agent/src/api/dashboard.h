#pragma once
// The dashboard (README "ダッシュボード"): the page's files and the JSON it reads, on the API's
// port with the API's token. The token logs in once (POST /api/v1/login) and becomes an
// HttpOnly, SameSite=Strict session cookie; a write made with the cookie must carry the
// session's CSRF token (X-CSRF-Token) and come from the page's own origin. Scripts keep using
// the bearer header.
//
//   GET  /                                  the page (index.html) and its files
//   POST /api/v1/login    {"token", "name"}  -> Set-Cookie, {"csrf", "actor"}
//   POST /api/v1/logout
//   GET  /api/v1/session                     {"csrf", "actor"} for a page reloaded
//   GET  /api/v1/devices?limit=&offset=&q=&department=&category=&sort=&dir=
//                                            one page of the in-memory list (api/device_view.h)
//   GET  /api/v1/export/devices?format=csv|xlsx&columns=&lang=&(the filters)
//   GET  /api/v1/devices/{id}/explain?lang=  = daicho explain (text)
//   POST /api/v1/devices/{id}/annotations {"key": "value", ...}  = daicho annotate
//   GET  /api/v1/changes?since=YYYY-MM-DD    = daicho changes --format json
//   GET  /api/v1/topology.svg?lang=          = daicho topology (svg)
//   GET  /api/v1/connections                 = daicho connections --format json
//   GET  /api/v1/survey?lang=                = daicho survey --format json
//   GET  /api/v1/sensor                      the capture's counters: live under `daicho run`,
//                                            else as the daemon last stored them (migration 017)

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "api/device_view.h"
#include "api/sessions.h"
#include "daicho/ledger/sensor_status.h"
#include "daicho/service/http_server.h"

namespace daicho::agent {
struct CommonOptions;
}

namespace daicho::agent::api {

struct ApiContext;

// What the dashboard keeps between requests: the sessions and the device list.
struct DashboardState {
    std::mutex mutex;  // the server runs one handler at a time; held anyway, for any caller
    SessionTable sessions;
    std::unique_ptr<DeviceView> view;  // made on first use
};

// Who made the request: the bearer token, or a session (its cookie).
struct Caller {
    bool bearer = false;
    std::optional<Session> session;
};

// The page's files and the login (no authentication needed); nullopt when `request` is
// neither.
[[nodiscard]] std::optional<service::HttpResponse> public_route(
    const ApiContext& context, const service::HttpRequest& request);

// The caller the request authenticates as; nullopt when neither a valid bearer token nor a
// live session cookie comes with it.
[[nodiscard]] std::optional<Caller> authenticate(const ApiContext& context,
                                                 const service::HttpRequest& request);

// A write by cookie must carry the session's CSRF token and come from the page's own origin:
// an error response when it does not.
[[nodiscard]] std::optional<service::HttpResponse> check_write(const Caller& caller,
                                                               const service::HttpRequest& request);

// {"csrf", "actor"}: what the page needs of its session (at login, and after a reload).
[[nodiscard]] service::HttpResponse session_response(const Session& session);
// Ends the caller's session and clears its cookie.
[[nodiscard]] service::HttpResponse logout(const ApiContext& context, const Caller& caller);

// The dashboard's authenticated endpoints; nullopt when `request` is none of them.
[[nodiscard]] std::optional<service::HttpResponse> dashboard_route(
    const ApiContext& context, const Caller& caller, const service::HttpRequest& request);

// The headers every response carries: a Content-Security-Policy allowing only this origin
// (no inline script or style), no framing, no referrer.
void add_security_headers(service::HttpResponse& response);

// Whether the request's Origin (and Sec-Fetch-Site, when sent) say it comes from the page's
// own origin (the Host it was sent to). A request with neither header passes: it came from no
// browser page.
[[nodiscard]] bool same_origin(const service::HttpRequest& request);

}  // namespace daicho::agent::api
