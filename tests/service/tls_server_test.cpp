// The API's server over TLS (service/src/http/tls_openssl.cpp), in process: a certificate made
// with `openssl req`, the server on its own thread, an Asio SSL client that trusts only that
// certificate. With one connection slot and a read timeout far longer than the test, a
// connection that failed its handshake (plain HTTP, a distrusting client, a client that offers
// only TLS 1.1) must have given its slot back before the next one comes: else that one is
// refused.

#include <sys/socket.h>

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "daicho/service/http_server.h"
#include "daicho/service/tls.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace {

using daicho::service::HttpRequest;
using daicho::service::HttpResponse;
using daicho::service::HttpServer;
using daicho::service::HttpServerConfig;
using daicho::test::TempDir;
namespace fs = std::filesystem;
using daicho::test::make_certificate;

// GET over TLS trusting `ca` only; what came back.
std::string tls_get(std::uint16_t port, const fs::path& ca, bool tls11_only = false) {
    return daicho::test::tls_send(port, ca, "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                  tls11_only);
}

// Plain bytes to the port; what came back before the server closed.
std::string plain_send(std::uint16_t port, const std::string& bytes) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(bytes));
    std::string out;
    std::array<char, 4096> buf{};
    asio::error_code ec;
    while (!ec) {
        const auto n = socket.read_some(asio::buffer(buf), ec);
        out.append(buf.data(), n);
    }
    return out;
}

// Until the server holds no connection (the client saw the close; the server's handlers may
// still be running down the session), at most ten seconds.
bool all_closed(const HttpServer& server) {
    for (int i = 0; i < 1000 && server.connections() != 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return server.connections() == 0;
}

}  // namespace

TEST_CASE("tls server: answers over TLS; failed handshakes give their slot back",
          "[service][tls]") {
    TempDir tmp;
    const auto cert = tmp.path() / "cert.pem";
    const auto key = tmp.path() / "key.pem";
    make_certificate(cert, key);
    const auto stranger = tmp.path() / "stranger.pem";
    make_certificate(stranger, tmp.path() / "stranger-key.pem");

    HttpServerConfig config;
    config.port = 0;
    config.max_connections = 1;
    config.read_timeout = std::chrono::minutes(5);  // a lingering session would hold the slot
    config.tls = {cert, key};
    HttpServer server(config, [](const HttpRequest& r) {
        HttpResponse out;
        out.body = "secret " + r.target;
        return out;
    });
    REQUIRE(server.secure());
    std::thread serving([&server] { server.run(); });
    const auto port = server.port();

    CHECK(tls_get(port, cert).find("\r\n\r\nsecret /x") != std::string::npos);
    CHECK(all_closed(server));
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(plain_send(port, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n").starts_with("HTTP/"));
        CHECK(all_closed(server));
        CHECK_THROWS_AS(tls_get(port, stranger), std::system_error);
        CHECK(all_closed(server));
        CHECK_THROWS_AS(tls_get(port, cert, true), std::system_error);
        CHECK(all_closed(server));
        CHECK(tls_get(port, cert).find("secret /x") != std::string::npos);
        CHECK(all_closed(server));
    }
    server.stop();
    serving.join();
}

TEST_CASE("tls server: files that cannot serve are refused, naming the file",
          "[service][tls]") {
    TempDir tmp;
    const auto cert = tmp.path() / "cert.pem";
    const auto key = tmp.path() / "key.pem";
    make_certificate(cert, key);
    make_certificate(tmp.path() / "other.pem", tmp.path() / "other-key.pem");
    using File = daicho::service::TlsProblem::File;

    CHECK_FALSE(daicho::service::check_tls_files({cert, key}));
    auto p = daicho::service::check_tls_files({cert, tmp.path() / "other-key.pem"});
    REQUIRE(p);
    CHECK(p->file == File::key);
    CHECK(p->what.find("is not the private key of the certificate") != std::string::npos);
    p = daicho::service::check_tls_files({cert, {}});
    REQUIRE(p);
    CHECK(p->file == File::key);
    // The server refuses them too, saying where it would have listened.
    HttpServerConfig config;
    config.port = 0;
    config.tls = {key, key};
    try {
        HttpServer server(config, [](const HttpRequest&) { return HttpResponse{}; });
        FAIL("a key given as the certificate was accepted");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("API 127.0.0.1:0: TLS: " + key.string() +
                                         " is not a PEM certificate") != std::string::npos);
    }
}
