// The dashboard's login, sessions and the rules every response and write follow
// (api/dashboard.h): the page's files and the login need no authentication; everything else
// needs the bearer token or a live session cookie.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/dashboard.h"
#include "api/response.h"
#include "api/routes.h"
#include "api/web_assets.h"
#include "daicho/ledger/annotations.h"
#include "daicho/ledger/changes.h"
#include "daicho/ledger/events.h"
#include "daicho/survey/words.h"
#include "daicho/survey/json_out.h"

namespace daicho::agent::api {

namespace {

using service::http_error;
using service::HttpRequest;
using service::HttpResponse;

constexpr std::string_view kCookie = "daicho_session";

HttpResponse session_json(const Session& s) {
    std::string out;
    survey::JsonOut(out).open_object().field("csrf", s.csrf).field("actor", s.actor).close_object();
    return json(out + "\n");
}

// `value` as the session cookie; Secure when the API speaks TLS (RFC 6265 §4.1.2.5).
std::string cookie_header(const ApiContext& c, std::string_view value,
                          std::chrono::seconds max_age) {
    return std::string(kCookie) + "=" + std::string(value) +
           "; Path=/; HttpOnly; SameSite=Strict" + (c.secure ? "; Secure" : "") +
           "; Max-Age=" + std::to_string(max_age.count());
}

HttpResponse login(const ApiContext& c, const HttpRequest& req) {
    if (req.method != "POST") {
        return http_error(405, "log in with POST");
    }
    if (!same_origin(req)) {
        return http_error(403, "a login must come from the dashboard's own page");
    }
    std::string token;
    std::string name;
    try {
        const auto body = nlohmann::json::parse(req.body);
        if (body.is_object()) {
            token = body.value("token", "");
            name = body.value("name", "");
        }
    } catch (const nlohmann::json::exception&) {
        return http_error(400, "the body must be {\"token\": \"...\", \"name\": \"...\"}");
    }
    if (token.empty() || !same_secret(token, c.token)) {
        return http_error(401, "wrong token");
    }
    // The name is how the change log names this person: one short line, as an annotation value.
    if (name.size() > 64 || !ledger::annotation_value_problem(name).empty()) {
        return http_error(400, "name: one line of at most 64 bytes");
    }
    // No name given: a short random tag, so one person's changes still group in the log.
    const std::string actor = "web:" + (name.empty() ? random_hex(4) : name);
    const std::lock_guard lock(c.dashboard->mutex);
    auto& table = c.dashboard->sessions;
    const Session s = table.create(actor, SessionClock::now());
    HttpResponse r = session_json(s);
    r.headers.emplace_back("Set-Cookie", cookie_header(c, s.id, table.limits().absolute));
    return r;
}

}  // namespace

HttpResponse session_response(const Session& s) { return session_json(s); }

HttpResponse logout(const ApiContext& c, const Caller& caller) {
    if (caller.session) {
        const std::lock_guard lock(c.dashboard->mutex);
        c.dashboard->sessions.remove(caller.session->id);
    }
    HttpResponse r = json("{}\n");
    r.headers.emplace_back("Set-Cookie", cookie_header(c, "", std::chrono::seconds(0)));
    return r;
}

bool same_origin(const HttpRequest& req) {
    const auto site = req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none") {
        return false;
    }
    const auto origin = req.header("origin");
    if (origin.empty()) {
        return true;
    }
    const std::string host(req.header("host"));
    return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

void add_security_headers(HttpResponse& r) {
    const bool own_policy = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
        return h.first == "Content-Security-Policy";  // the response set a stricter one
    });
    if (!own_policy) {
        r.headers.emplace_back("Content-Security-Policy",
                               "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self'; connect-src 'self'; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    }
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    r.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
}

// /words.js: the categories, event and change kinds in the words the ledgers and reports use
// (survey/words.h), so the dashboard shows what the printed ledger says; messages.js holds
// only the page's own words. JSON is a JavaScript expression; the words are ours, not the
// network's.
std::string words_module() {
    nlohmann::json words;
    for (const auto& [lang, name] :
         {std::pair{survey::Lang::ja, "ja"}, std::pair{survey::Lang::en, "en"}}) {
        nlohmann::json& table = words[name];
        for (const auto key : survey::category_keys()) {
            table["cat_" + std::string(key)] = survey::category_word(key, lang);
        }
        for (const auto key : ledger::kEventKinds) {
            table["ev_" + std::string(key)] = survey::event_label(key, lang);
        }
        for (const auto key : ledger::kChangeKinds) {
            table["chg_" + std::string(key)] = survey::change_label(key, lang);
        }
    }
    return "// Generated by daicho from survey-mapper/src/words.cpp.\nexport const WORDS = " +
           words.dump() + ";\n";
}

std::optional<HttpResponse> public_route(const ApiContext& c, const HttpRequest& req) {
    const auto path = req.path();
    if (path == "/api/v1/login") {
        return login(c, req);
    }
    if (path == "/words.js") {
        static const std::string module = words_module();
        if (req.method != "GET") {
            return http_error(405, "the page's files are read with GET");
        }
        HttpResponse r;
        r.content_type = "text/javascript; charset=utf-8";
        r.body = module;
        return r;
    }
    const std::string_view file = path == "/" ? std::string_view("/index.html") : path;
    for (const auto& asset : web_assets()) {
        if (asset.path == file) {
            if (req.method != "GET") {
                return http_error(405, "the page's files are read with GET");
            }
            HttpResponse r;
            r.content_type = std::string(asset.content_type);
            r.body = std::string(asset.body);
            return r;
        }
    }
    return std::nullopt;
}

std::optional<Caller> authenticate(const ApiContext& c, const HttpRequest& req) {
    const std::string_view auth = req.header("authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.starts_with(kBearer)) {
        if (same_secret(auth.substr(kBearer.size()), c.token)) {
            return Caller{true, std::nullopt};
        }
        return std::nullopt;  // a wrong token is wrong, whatever cookie comes with it
    }
    const auto id = cookie_value(req.header("cookie"), kCookie);
    if (id.empty()) {
        return std::nullopt;
    }
    const std::lock_guard lock(c.dashboard->mutex);
    if (auto s = c.dashboard->sessions.find(id, SessionClock::now())) {
        return Caller{false, std::move(s)};
    }
    return std::nullopt;
}

std::optional<HttpResponse> check_write(const Caller& caller, const HttpRequest& req) {
    if (caller.bearer) {
        return std::nullopt;  // no ambient credential: a page elsewhere cannot send the header
    }
    if (!same_origin(req)) {
        return http_error(403, "a write must come from the dashboard's own page");
    }
    if (!caller.session || !same_secret(req.header("x-csrf-token"), caller.session->csrf)) {
        return http_error(403, "a write needs the session's X-CSRF-Token");
    }
    return std::nullopt;
}

}  // namespace daicho::agent::api
