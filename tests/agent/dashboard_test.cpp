// The dashboard's server side (agent/src/api): sessions (expiry, the bound, random ids),
// cookie parsing, the CSRF and same-origin rules for writes, and the in-memory device list
// (filter, search, sort, pages; rebuilt only when the ledger changed).

#include "api/dashboard.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "api/device_view.h"
#include "api/sessions.h"
#include "daicho/answers/catalogue.h"
#include "daicho/ledger/knowledge.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace {

using daicho::agent::api::Caller;
using daicho::agent::api::cookie_value;
using daicho::agent::api::device_row;
using daicho::agent::api::DeviceRow;
using daicho::agent::api::DeviceView;
using daicho::agent::api::SessionClock;
using daicho::agent::api::SessionLimits;
using daicho::agent::api::SessionTable;
using daicho::agent::api::ViewQuery;
using daicho::service::HttpRequest;
using std::chrono::minutes;
using std::chrono::seconds;

HttpRequest post(std::vector<std::pair<std::string, std::string>> headers) {
    HttpRequest r;
    r.method = "POST";
    r.target = "/api/v1/devices/1/annotations";
    r.headers = std::move(headers);
    return r;
}

}  // namespace

TEST_CASE("a session lives until it is idle too long or too old, whichever comes first") {
    SessionLimits limits;
    limits.idle = minutes(30);
    limits.absolute = minutes(120);
    SessionTable table(limits);
    const auto t0 = SessionClock::time_point{} + std::chrono::hours(1000);
    const auto s = table.create("web:tester", t0);
    CHECK(s.id.size() == 64);
    CHECK(s.csrf.size() == 64);
    CHECK(s.id != s.csrf);
    CHECK(s.id.find_first_not_of("0123456789abcdef") == std::string::npos);

    SECTION("used within the idle time, it goes on until the absolute limit") {
        for (int m = 20; m < 120; m += 20) {
            const auto found = table.find(s.id, t0 + minutes(m));
            REQUIRE(found);
            CHECK(found->actor == "web:tester");
        }
        CHECK_FALSE(table.find(s.id, t0 + minutes(120)));
        CHECK(table.size() == 0);  // an expired session is removed when met
    }
    SECTION("idle for the idle time, it has ended") {
        CHECK(table.find(s.id, t0 + minutes(29)));
        CHECK_FALSE(table.find(s.id, t0 + minutes(29) + minutes(30)));
    }
    SECTION("an unknown id, a prefix of a real one, or a logged-out one finds nothing") {
        CHECK_FALSE(table.find(std::string(64, '0'), t0));
        CHECK_FALSE(table.find(s.id.substr(0, 32), t0));
        CHECK_FALSE(table.find("", t0));
        table.remove(s.id);
        CHECK_FALSE(table.find(s.id, t0));
    }
}

TEST_CASE("the session table is bounded: a login past the limit ends the least recently used") {
    SessionLimits limits;
    limits.max_sessions = 3;
    SessionTable table(limits);
    const auto t0 = SessionClock::time_point{} + std::chrono::hours(1000);
    const auto a = table.create("web:a", t0);
    const auto b = table.create("web:b", t0 + seconds(1));
    const auto c = table.create("web:c", t0 + seconds(2));
    REQUIRE(table.find(a.id, t0 + seconds(3)));  // a is used again: b is now the oldest use
    const auto d = table.create("web:d", t0 + seconds(4));
    CHECK(table.size() == 3);
    CHECK(table.find(a.id, t0 + seconds(5)));
    CHECK_FALSE(table.find(b.id, t0 + seconds(5)));
    CHECK(table.find(c.id, t0 + seconds(5)));
    CHECK(table.find(d.id, t0 + seconds(5)));
    for (int i = 0; i < 100; ++i) {
        (void)table.create("web:flood", t0 + seconds(10 + i));
    }
    CHECK(table.size() == 3);
}

TEST_CASE("session ids are random: no two alike") {
    SessionTable table;
    std::set<std::string> ids;
    const auto t0 = SessionClock::now();
    for (int i = 0; i < 200; ++i) {
        const auto s = table.create("web:x", t0);
        ids.insert(s.id);
        ids.insert(s.csrf);
    }
    CHECK(ids.size() == 400);
}

TEST_CASE("the session cookie is found among others, and only by its exact name") {
    CHECK(cookie_value("daicho_session=abc", "daicho_session") == "abc");
    CHECK(cookie_value("a=1; daicho_session=abc; b=2", "daicho_session") == "abc");
    CHECK(cookie_value("a=1;daicho_session=abc ;b=2", "daicho_session") == "abc");
    CHECK(cookie_value("xdaicho_session=evil; daicho_session2=evil", "daicho_session").empty());
    CHECK(cookie_value("daicho_session=first; daicho_session=second", "daicho_session") == "first");
    CHECK(cookie_value("", "daicho_session").empty());
    CHECK(cookie_value("daicho_session", "daicho_session").empty());
    CHECK(cookie_value(";;; =x; daicho_session=", "daicho_session").empty());
}

TEST_CASE("a write by cookie needs the session's CSRF token and the page's own origin") {
    SessionTable table;
    const auto s = table.create("web:tester", SessionClock::now());
    const Caller cookie{false, s};
    const auto refused = [&](const HttpRequest& r) {
        const auto answer = daicho::agent::api::check_write(cookie, r);
        return answer ? answer->status : 0;
    };
    CHECK(refused(post({{"host", "127.0.0.1:8470"}, {"x-csrf-token", s.csrf}})) == 0);
    CHECK(refused(post({{"host", "127.0.0.1:8470"},
                        {"origin", "http://127.0.0.1:8470"},
                        {"sec-fetch-site", "same-origin"},
                        {"x-csrf-token", s.csrf}})) == 0);
    CHECK(refused(post({{"host", "127.0.0.1:8470"}})) == 403);
    CHECK(refused(post({{"host", "127.0.0.1:8470"}, {"x-csrf-token", s.id}})) == 403);
    CHECK(refused(post({{"host", "127.0.0.1:8470"}, {"x-csrf-token", s.csrf.substr(1)}})) == 403);
    CHECK(refused(post({{"host", "127.0.0.1:8470"},
                        {"origin", "http://evil.example"},
                        {"x-csrf-token", s.csrf}})) == 403);
    CHECK(refused(post({{"host", "127.0.0.1:8470"},
                        {"origin", "http://127.0.0.1:8470.evil.example"},
                        {"x-csrf-token", s.csrf}})) == 403);
    CHECK(refused(post({{"host", "127.0.0.1:8470"},
                        {"sec-fetch-site", "cross-site"},
                        {"x-csrf-token", s.csrf}})) == 403);
    // A script with the bearer token carries no ambient credential a page could abuse.
    const Caller bearer{true, std::nullopt};
    CHECK_FALSE(daicho::agent::api::check_write(bearer, post({})));
}

namespace {

daicho::ledger::DeviceRecord record(std::int64_t id, std::string mac, std::string ip,
                                    std::string host, std::string department,
                                    std::string category) {
    daicho::ledger::DeviceRecord d;
    d.id = id;
    d.mac = std::move(mac);
    d.addresses.push_back({std::move(ip), "arp", 0, 0, {}});
    if (!host.empty()) {
        d.hostnames.push_back(std::move(host));
    }
    d.department = std::move(department);
    d.category = std::move(category);
    d.last_seen_us = id * 1'000'000;
    return d;
}

}  // namespace

TEST_CASE("the list is filtered, searched, sorted and paged without overlap") {
    std::vector<DeviceRow> rows;
    for (int i = 1; i <= 250; ++i) {
        char mac[18];
        std::snprintf(mac, sizeof mac, "00:a0:9a:00:%02x:%02x", i / 256, i % 256);
        rows.push_back(
            device_row(record(i, mac, "10.20." + std::to_string(i % 7) + "." + std::to_string(i),
                              i % 5 == 0 ? "" : "host-" + std::to_string(i),
                              i % 3 == 0   ? "放射線科"
                              : i % 3 == 1 ? "医事課"
                                           : "",
                              i % 2 == 0 ? "pc" : "medical"),
                       nullptr, "2026-03-31"));
    }
    ViewQuery q;
    CHECK(daicho::agent::api::select_rows(rows, q).size() == 250);

    SECTION("pages of a sorted view cover it once each") {
        q.sort = "name";
        q.limit = 40;
        std::set<std::int64_t> seen;
        for (q.offset = 0; q.offset < 260; q.offset += 40) {
            const auto page = daicho::agent::api::page_rows(rows, q);
            CHECK(page.total == 250);
            for (const auto* r : page.rows) {
                CHECK(seen.insert(r->id).second);
            }
        }
        CHECK(seen.size() == 250);
        const auto first =
            daicho::agent::api::page_rows(rows, ViewQuery{0, 1, "", "", "", "name", false});
        CHECK(first.rows.front()->name == "host-1");
        // Unnamed rows come last.
        const auto last =
            daicho::agent::api::page_rows(rows, ViewQuery{249, 10, "", "", "", "name", false});
        REQUIRE(last.rows.size() == 1);
        CHECK(last.rows.front()->name.empty());
    }
    SECTION("IP addresses sort as numbers, descending on request") {
        q.sort = "ip";
        q.descending = true;
        const auto all = daicho::agent::api::select_rows(rows, q);
        CHECK(all.front()->ips == "10.20.6.244");  // 10.20.6.x above 10.20.10 would be text order
        CHECK(all.back()->ips == "10.20.0.7");
    }
    SECTION("department and category filters, and '-' for no department") {
        q.department = "放射線科";
        q.category = "pc";
        const auto all = daicho::agent::api::select_rows(rows, q);
        CHECK(all.size() == 41);  // the multiples of 6 up to 250
        for (const auto* r : all) {
            CHECK(r->id % 6 == 0);
        }
        q.department = "-";
        q.category.clear();
        CHECK(daicho::agent::api::select_rows(rows, q).size() == 83);
    }
    SECTION("free text finds a MAC in any notation, an IP, a host name in any case") {
        q.q = "00-A0-9A-00-00-7B";
        auto all = daicho::agent::api::select_rows(rows, q);
        REQUIRE(all.size() == 1);
        CHECK(all.front()->id == 123);
        q.q = "00a0.9a00.007b";
        CHECK(daicho::agent::api::select_rows(rows, q).size() == 1);
        q.q = "10.20.4.123";
        CHECK(daicho::agent::api::select_rows(rows, q).size() == 1);
        q.q = "HOST-12";  // host-12 and host-121 ... host-129 but 120 and 125 (no name)
        CHECK(daicho::agent::api::select_rows(rows, q).size() == 9);
        q.q = "nothing-like-this";
        CHECK(daicho::agent::api::select_rows(rows, q).empty());
    }
    SECTION("a page past the end is empty, and the limit is capped") {
        q.offset = 1000;
        CHECK(daicho::agent::api::page_rows(rows, q).rows.empty());
        q.offset = 0;
        q.limit = 100000;
        CHECK(daicho::agent::api::page_rows(rows, q).rows.size() == 250);
        CHECK(ViewQuery::kMaxLimit == 500);
    }
}

TEST_CASE("the end-of-support badge is Q12/Q13's judgement from the catalogue") {
    const auto catalogue = daicho::answers::Catalogue::builtin();
    auto d = record(1, "00:09:0f:00:00:01", "10.10.0.1", "fw1", "", "network");
    const auto with = [&](std::string version) {
        d.software = {{"FortiOS", std::move(version), "http", "os"}};
        return device_row(d, catalogue.get(), "2026-03-31");
    };
    const auto old = with("6.4.15");
    CHECK(old.support_end == "2024-09-30");
    CHECK(old.support_state == "ended");
    const auto current = with("7.4.4");  // FortiOS 7.4: extended by Fortinet in 2026 (support_dates.json)
    CHECK(current.support_end == "2028-11-11");
    CHECK(current.support_state == "in_support");
    d.software = {{"SomeOS", "1.0", "http", "os"}};
    const auto unknown = device_row(d, catalogue.get(), "2026-03-31");
    CHECK(unknown.support_end.empty());
    CHECK(unknown.support_state.empty());
}

TEST_CASE("the device list is read once per ledger change, not once per request") {
    const daicho::test::TempDir tmp;
    const auto db = tmp.path() / "demo.db";
    const auto demo = std::filesystem::path(DAICHO_TESTS_DIR) / "demo";
    const std::string config = " --config " + daicho::test::q(demo / "daicho.json");
    REQUIRE(daicho::test::run_daicho(tmp, "ingest --db " + daicho::test::q(db) + config + " " +
                                              daicho::test::q(demo / "hospital-demo.pcap"))
                .status == 0);
    DeviceView view(db, {}, daicho::ledger::Knowledge::builtin(), nullptr);
    view.refresh();
    CHECK(view.rebuilds() == 1);
    const auto before = view.rows().size();
    CHECK(before > 20);
    view.refresh();
    view.refresh();
    CHECK(view.rebuilds() == 1);

    REQUIRE(daicho::test::run_daicho(tmp, "annotate --db " + daicho::test::q(db) + config +
                                              " 00:a0:9a:3d:69:9d name=ICU-Monitor-01")
                .status == 0);
    view.refresh();
    CHECK(view.rebuilds() == 2);
    CHECK(view.rows().size() == before);
    ViewQuery q;
    q.q = "icu-monitor";
    const auto found = view.matching(q);
    REQUIRE(found.size() == 1);
    CHECK(found.front()->mac == "00:a0:9a:3d:69:9d");

    view.invalidate();
    view.refresh();
    CHECK(view.rebuilds() == 3);
}
