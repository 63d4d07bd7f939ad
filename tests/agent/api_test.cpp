// The HTTP API end to end (agent/src/api, service/http_server.h): `daicho serve` over the demo
// ledger, spoken to through a plain socket. The API must return what the CLI prints for the
// same ledger, refuse what it should with the right status, and stop cleanly on SIGTERM.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "run_daicho.h"
#include "temp_dir.h"

extern char** environ;

namespace {

using daicho::test::q;
using daicho::test::run_daicho;
using daicho::test::slurp;
using daicho::test::TempDir;
namespace fs = std::filesystem;

const fs::path kDemo = fs::path(DAICHO_TESTS_DIR) / "demo";
constexpr const char* kToken = "daicho-api-test-token-0123456789";

// `daicho serve` in the background; its port read from its first stderr line.
class Server {
   public:
    Server(const TempDir& tmp, const fs::path& db, const fs::path& token) {
        err_ = tmp.path() / "serve.err";
        const std::string command = "exec " + std::string(DAICHO_BIN) + " serve --db " + q(db) +
                                    " --token-file " + q(token) +
                                    " --listen 127.0.0.1:0 --read-timeout 1 2>" + q(err_);
        const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
        REQUIRE(posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) ==
                0);
        const std::regex listening(R"(API listening on 127\.0\.0\.1:(\d+))");
        for (int i = 0; i < 100 && port_ == 0; ++i) {
            std::smatch m;
            const std::string text = slurp(err_);
            if (std::regex_search(text, m, listening)) {
                port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        INFO(slurp(err_));
        REQUIRE(port_ != 0);
    }
    ~Server() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // SIGTERM; the exit status.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    // Sends `request` as it is and returns everything the server wrote back.
    [[nodiscard]] std::string send(const std::string& request) const {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port_);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
        std::size_t sent = 0;
        while (sent < request.size()) {
            const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                break;  // the server may refuse before reading it all
            }
            sent += static_cast<std::size_t>(n);
        }
        std::string out;
        std::array<char, 65536> buf{};
        for (;;) {
            const auto n = ::recv(fd, buf.data(), buf.size(), 0);
            if (n <= 0) {
                break;
            }
            out.append(buf.data(), static_cast<std::size_t>(n));
        }
        ::close(fd);
        return out;
    }
    [[nodiscard]] std::string get(const std::string& target, const std::string& token = kToken) const {
        return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                    (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");
    }

   private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    fs::path err_;
};

int status_of(const std::string& response) {
    return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}
std::string body_of(const std::string& response) {
    const auto at = response.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace

TEST_CASE("API: what the CLI prints, behind a bearer token; bad clients refused",
          "[agent][api]") {
    TempDir tmp;
    const fs::path db = tmp.path() / "demo.db";
    REQUIRE(run_daicho(tmp, "ingest -q --db " + q(db) + " " + q(kDemo / "hospital-demo.pcap"))
                .status == 0);
    const fs::path token = tmp.path() / "token";
    std::ofstream(token) << kToken << "\n";
    fs::permissions(token, fs::perms::owner_read | fs::perms::owner_write);
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
