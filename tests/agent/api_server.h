#pragma once
// `daicho serve` in the background for the API's tests (api_test.cpp, tls_api_test.cpp): its
// port read from the line it writes when it listens, in either language; plain-socket requests.

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
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>

#include "run_daicho.h"
#include "temp_dir.h"

extern char** environ;

namespace daicho::test {

inline constexpr const char* kApiToken = "daicho-api-test-token-0123456789";

// The test token in a file only its owner reads (daicho refuses one anyone can read).
inline std::filesystem::path write_token(const TempDir& tmp) {
    const auto token = tmp.path() / "token";
    std::ofstream(token) << kApiToken << "\n";
    std::filesystem::permissions(
        token, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return token;
}

class ApiServer {
   public:
    // `extra`: more options for `daicho serve` (TLS files, --lang).
    ApiServer(const TempDir& tmp, const std::filesystem::path& db,
              const std::filesystem::path& token, const std::string& extra = "") {
        static int started = 0;  // one log per server: a second one must not read the first's
        err_ = tmp.path() / ("serve-" + std::to_string(++started) + ".err");
        const std::string command =
            "exec " + std::string(DAICHO_BIN) + " serve --db " + q(db) + " --token-file " +
            q(token) + " --listen 127.0.0.1:0 --read-timeout 1 " + extra + " 2>" + q(err_);
        const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
        REQUIRE(posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv),
                            environ) == 0);
        const std::regex listening(R"(https?://127\.0\.0\.1:(\d+)/)");
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
    ~ApiServer() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // SIGTERM; the exit status.
    int stop() {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    // What the server wrote to stderr so far.
    [[nodiscard]] std::string log() const { return slurp(err_); }

    // Sends `request` as it is over a plain TCP connection and returns everything the server
    // wrote back until it closed the connection.
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
    [[nodiscard]] std::string get(const std::string& target,
                                  const std::string& token = kApiToken) const {
        return send(request("GET", target, token));
    }
    // A request's bytes, with the bearer token unless `token` is empty.
    [[nodiscard]] static std::string request(const std::string& method, const std::string& target,
                                             const std::string& token = kApiToken,
                                             const std::string& body = "") {
        return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
               (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
               (body.empty() ? "" : "Content-Length: " + std::to_string(body.size()) + "\r\n") +
               "\r\n" + body;
    }

   private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::filesystem::path err_;
};

inline int status_of(const std::string& response) {
    return response.size() > 12 && response.starts_with("HTTP/1.1 ")
               ? std::stoi(response.substr(9, 3))
               : 0;
}
inline std::string body_of(const std::string& response) {
    const auto at = response.find("\r\n\r\n");
    return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace daicho::test
