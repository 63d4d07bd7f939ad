// The API over TLS (service/src/http/tls_openssl.cpp, api.tls_certificate / api.tls_key):
// certificates made with `openssl req` in a temp dir; `daicho serve` with them, spoken to by an
// Asio SSL client that trusts only that certificate. A wrong pair is refused by config check and run,
// naming the key; clients that cannot speak TLS (plain HTTP, a client that distrusts the
// certificate, one that says nothing) cost the server nothing: more of them than it has
// connection slots, then a good request is still answered.

#include <sys/socket.h>

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "api_server.h"
#include "run_daicho.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace {

using daicho::test::ApiServer;
using daicho::test::body_of;
using daicho::test::kApiToken;
using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::status_of;
using daicho::test::TempDir;
namespace fs = std::filesystem;
using daicho::test::make_certificate;
using daicho::test::tls_send;

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";
// The server's default max_connections (service/http_server.h): the bad clients below outnumber it.
constexpr int kMoreThanTheSlots = 40;

// Whether a TLS handshake trusting `ca` fails.
bool handshake_fails(std::uint16_t port, const fs::path& ca, bool old_protocol_only = false) {
    try {
        (void)tls_send(port, ca, ApiServer::request("GET", "/api/v1/health"), old_protocol_only);
    } catch (const std::system_error&) {
        return true;
    }
    return false;
}

// A config with an "api" section using `cert` and `key`.
fs::path api_config(const TempDir& tmp, const std::string& name, const std::string& tls) {
    const fs::path file = tmp.path() / name;
    std::ofstream(file) << R"({"api": {"listen": "127.0.0.1:8470", "token_file": "token")" << tls
                        << "}}";
    return file;
}

}  // namespace

TEST_CASE("TLS: the certificate and key are checked by config check and run, naming the key path",
          "[agent][api][tls]") {
    TempDir tmp;
    make_certificate(tmp.path() / "cert.pem", tmp.path() / "key.pem");
    make_certificate(tmp.path() / "other-cert.pem", tmp.path() / "other-key.pem");

    // The right pair, relative to the config file.
    auto file =
        api_config(tmp, "good.json", R"(, "tls_certificate": "cert.pem", "tls_key": "key.pem")");
    auto r = run_daicho(tmp, "config check " + q(file));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("API on 127.0.0.1:8470 (HTTPS)") != std::string::npos);

    // Another certificate's key: refused, the key named.
    file = api_config(tmp, "pair.json",
                      R"(, "tls_certificate": "cert.pem", "tls_key": "other-key.pem")");
    r = run_daicho(tmp, "config check " + q(file));
    CHECK(r.status == 1);
    CHECK(r.err.find("pair.json: api.tls_key: " + (tmp.path() / "other-key.pem").string() +
                     " is not the private key of the certificate " +
                     (tmp.path() / "cert.pem").string()) != std::string::npos);
    // Only what serves the API reads the key (the service's group alone may): a person's
    // `devices --config` with the same file is not stopped by it.
    r = run_daicho(tmp, "devices --config " + q(file) + " --db " + q(tmp.path() / "none.db"));
    CHECK(r.err.find("tls_key") == std::string::npos);
    CHECK(r.err.find("none.db") != std::string::npos);

    // Half a setup; a file that is not there; a key anyone can read; a key for a certificate.
    file = api_config(tmp, "half.json", R"(, "tls_certificate": "cert.pem")");
    r = run_daicho(tmp, "config check " + q(file));
    CHECK(r.status == 1);
    CHECK(r.err.find("half.json の api: 「tls_certificate」があるのに「tls_key」がありません") !=
          std::string::npos);
    file = api_config(tmp, "missing.json",
                      R"(, "tls_certificate": "nothing.pem", "tls_key": "key.pem")");
    r = run_daicho(tmp, "config check " + q(file));
    CHECK(r.status == 1);
    CHECK(r.err.find("missing.json: api.tls_certificate: " + (tmp.path() / "nothing.pem").string() +
                     ": cannot read it") != std::string::npos);
    fs::copy_file(tmp.path() / "key.pem", tmp.path() / "open-key.pem");
    fs::permissions(tmp.path() / "open-key.pem", fs::perms::others_read, fs::perm_options::add);
    file = api_config(tmp, "open.json",
                      R"(, "tls_certificate": "cert.pem", "tls_key": "open-key.pem")");
    r = run_daicho(tmp, "config check " + q(file));
    CHECK(r.status == 1);
    CHECK(r.err.find("open.json: api.tls_key: " + (tmp.path() / "open-key.pem").string() +
                     " is readable by everyone") != std::string::npos);
    file =
        api_config(tmp, "swapped.json", R"(, "tls_certificate": "key.pem", "tls_key": "key.pem")");
    r = run_daicho(tmp, "config check " + q(file));
    CHECK(r.status == 1);
    CHECK(r.err.find("swapped.json: api.tls_certificate: " + (tmp.path() / "key.pem").string() +
                     " is not a PEM certificate") != std::string::npos);
}

TEST_CASE("TLS: the API answers over HTTPS; clients that cannot speak it cost nothing",
          "[agent][api][tls]") {
    TempDir tmp;
    const fs::path cert = tmp.path() / "cert.pem";
    const fs::path key = tmp.path() / "key.pem";
    make_certificate(cert, key);
    const fs::path stranger = tmp.path() / "stranger.pem";  // a certificate the server lacks
    make_certificate(stranger, tmp.path() / "stranger-key.pem");
    const fs::path db = tmp.path() / "demo.db";
    REQUIRE(
        run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap")).status ==
        0);
    const fs::path token = daicho::test::write_token(tmp);

    ApiServer server(tmp, db, token, "--tls-certificate " + q(cert) + " --tls-key " + q(key));
    CHECK(server.log().find("https://127.0.0.1:") != std::string::npos);
    const auto port = server.port();

    // The right token over TLS: the same bytes as the CLI; no token: 401, over TLS too.
    auto r = tls_send(port, cert, ApiServer::request("GET", "/api/v1/devices"));
    REQUIRE(status_of(r) == 200);
    CHECK(body_of(r) == run_daicho(tmp, "devices --format json --db " + q(db)).out);
    CHECK(status_of(tls_send(port, cert, ApiServer::request("GET", "/api/v1/health", ""))) == 401);

    // Half a request over TLS: 408 after the read timeout (1 s here), as over plain HTTP.
    CHECK(status_of(tls_send(port, cert, "GET /api/v1/health HTTP/1.1\r\n")) == 408);

    // The dashboard's session cookie is Secure over TLS.
    r = tls_send(
        port, cert,
        ApiServer::request("POST", "/api/v1/login", "",
                           std::string(R"({"token": ")") + kApiToken + R"(", "name": "test"})"));
    REQUIRE(status_of(r) == 200);
    const auto cookie = r.find("Set-Cookie: daicho_session=");
    REQUIRE(cookie != std::string::npos);
    CHECK(r.substr(cookie, r.find("\r\n", cookie) - cookie).find("; Secure") != std::string::npos);

    // More bad clients than the server has connection slots: plain HTTP on the TLS port gets
    // no HTTP answer, a client that trusts another certificate and one that offers only
    // TLS 1.1 fail their handshakes; none of them is left holding a slot.
    for (int i = 0; i < kMoreThanTheSlots; ++i) {
        const auto plain = server.get("/api/v1/health");
        CHECK_FALSE(plain.starts_with("HTTP/"));
    }
    for (int i = 0; i < kMoreThanTheSlots; ++i) {
        CHECK(handshake_fails(port, stranger));
    }
    CHECK(handshake_fails(port, cert, true));
    // A client that connects and says nothing is cut off at the read timeout (1 s here), with
    // no answer: it never finished a handshake to answer over.
    CHECK(server.send("").empty());
    r = tls_send(port, cert, ApiServer::request("GET", "/api/v1/health"));
    CHECK(status_of(r) == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE("TLS: over plain HTTP the session cookie is not Secure (a browser would drop it)",
          "[agent][api][tls]") {
    TempDir tmp;
    const fs::path token = daicho::test::write_token(tmp);
    ApiServer server(tmp, tmp.path() / "none.db", token);
    const auto r = server.send(
        ApiServer::request("POST", "/api/v1/login", "",
                           std::string(R"({"token": ")") + kApiToken + R"(", "name": "test"})"));
    REQUIRE(status_of(r) == 200);
    CHECK(r.find("Set-Cookie: daicho_session=") != std::string::npos);
    CHECK(r.find("Secure") == std::string::npos);
    CHECK(server.log().find("http://127.0.0.1:") != std::string::npos);
}

TEST_CASE("serve and run speak Japanese by default, English with --lang en", "[agent][cli][lang]") {
    TempDir tmp;
    const fs::path token = daicho::test::write_token(tmp);
    {
        ApiServer server(tmp, tmp.path() / "none.db", token);
        CHECK(server.log().find("daicho: API とダッシュボードを http://127.0.0.1:") !=
              std::string::npos);
        CHECK(server.stop() == 0);
    }
    {
        ApiServer server(tmp, tmp.path() / "none.db", token, "--lang en");
        CHECK(server.log().find("daicho: API listening on http://127.0.0.1:") != std::string::npos);
        CHECK(server.stop() == 0);
    }
    // run's refusals come from the same table.
    auto r = run_daicho(tmp, "run --db " + q(tmp.path() / "ledger.db"));
    CHECK(r.status == 2);
    CHECK(r.err.find("キャプチャするインタフェースがありません") != std::string::npos);
    r = run_daicho(tmp, "run --lang en --db " + q(tmp.path() / "ledger.db"));
    CHECK(r.status == 2);
    CHECK(r.err.find("no interface to capture on") != std::string::npos);
    r = run_daicho(tmp, "run --db " + q(tmp.path() / "ledger.db"), "LANG=en_US.UTF-8");
    CHECK(r.err.find("no interface to capture on") != std::string::npos);
}
