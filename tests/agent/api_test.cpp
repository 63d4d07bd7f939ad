// The HTTP API end to end (agent/src/api, service/http_server.h): `daicho serve` over the demo
// ledger, spoken to through a plain socket. The API must return what the CLI prints for the
// same ledger, refuse what it should with the right status, and stop cleanly on SIGTERM.

#include <catch2/catch.hpp>
#include <string>

#include "api_server.h"
#include "run_daicho.h"
#include "temp_dir.h"

namespace {

using daicho::test::body_of;
using daicho::test::kApiToken;
using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::status_of;
using daicho::test::TempDir;
using Server = daicho::test::ApiServer;
namespace fs = std::filesystem;

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";
constexpr const char* kToken = kApiToken;

}  // namespace

TEST_CASE("API: what the CLI prints, behind a bearer token; bad clients refused",
          "[agent][api]") {
    TempDir tmp;
    const fs::path db = tmp.path() / "demo.db";
    REQUIRE(run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap"))
                .status == 0);
    const fs::path token = daicho::test::write_token(tmp);
    Server server(tmp, db, token);

    // Without the token, or with another: 401, nothing else said.
    auto r = server.get("/api/v1/devices", "");
    CHECK(status_of(r) == 401);
    CHECK(r.find("WWW-Authenticate: Bearer") != std::string::npos);
    CHECK(status_of(server.get("/api/v1/devices", "daicho-api-test-token-0123456788")) == 401);
    CHECK(status_of(server.get("/api/v1/devices", std::string(kToken) + "x")) == 401);

    // The same bytes as the CLI.
    r = server.get("/api/v1/devices");
    REQUIRE(status_of(r) == 200);
    CHECK(r.find("Content-Type: application/json") != std::string::npos);
    CHECK(body_of(r) == run_daicho(tmp, "devices --format json --db " + q(db)).out);
    r = server.get("/api/v1/ledger/medical?format=csv");
    REQUIRE(status_of(r) == 200);
    CHECK(body_of(r) ==
          run_daicho(tmp, "ledger --kind medical --format csv --db " + q(db)).out);
    r = server.get("/api/v1/events?kind=device_new");
    REQUIRE(status_of(r) == 200);
    CHECK(body_of(r) ==
          run_daicho(tmp, "events --kind device_new --format json --db " + q(db)).out);
    r = server.get("/api/v1/devices/RAD-WS01");
    CHECK(status_of(r) == 200);
    CHECK(body_of(r).find("RAD-WS01") != std::string::npos);
    CHECK(status_of(server.get("/api/v1/devices/99999")) == 404);
    CHECK(status_of(server.get("/api/v1/health")) == 200);
    r = server.get("/metrics");
    CHECK(status_of(r) == 200);
    CHECK(body_of(r).find("daicho_ledger_rows ") != std::string::npos);
    CHECK(status_of(server.get("/api/v1/nothing-here")) == 404);
    CHECK(status_of(server.get("/api/v1/events?since=yesterday")) == 400);

    // Bad clients.
    CHECK(status_of(server.send("POST /api/v1/devices HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n")) ==
          413);
    CHECK(status_of(server.send("HELLO\r\n\r\n")) == 400);
    CHECK(status_of(server.send("GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n")) ==
          431);
    // A client that sends half a request and waits: cut off after the read timeout (1 s here).
    CHECK(status_of(server.send("GET /api/v1/health HTTP/1.1\r\n")) == 408);
    // Many requests in a row, each answered (no timing asserted here: see the closing note).
    int ok = 0;
    for (int i = 0; i < 200; ++i) {
        ok += status_of(server.get("/api/v1/health")) == 200 ? 1 : 0;
    }
    CHECK(ok == 200);

    CHECK(server.stop() == 0);  // SIGTERM: a clean exit
}
