#pragma once
// A small HTTP/1.1 server on standalone Asio for daicho's API: one request per connection
// (Connection: close), bounded everywhere a client could make it grow. A request must arrive
// whole within `read_timeout` (a slow-loris client is cut off); past `max_connections` a new
// connection gets 503 at once (over TLS it is closed: a 503 would cost a handshake first); the
// request is parsed under HttpLimits. The handler runs on the server's thread and returns the
// whole response. With `tls` set it speaks HTTPS only (daicho/service/tls.h): the handshake
// counts against read_timeout, and a failed one (a plain HTTP client, a client that does not
// trust the certificate) closes that connection and nothing else.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daicho/service/http_request.h"
#include "daicho/service/tls.h"

namespace daicho::service {

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // beyond the standard ones
};

// A JSON error body {"error": {"status": N, "message": "..."}}.
[[nodiscard]] HttpResponse http_error(int status, std::string_view message);

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerConfig {
    std::string address = "127.0.0.1";  // loopback unless the config says otherwise
    std::uint16_t port = 8470;          // 0: any free port (tests)
    std::size_t max_connections = 32;
    std::chrono::milliseconds read_timeout{10'000};
    HttpLimits limits;
    TlsFiles tls;  // empty: plain HTTP
};

class HttpServer {
   public:
    // Loads the TLS files (when given), binds and listens. Throws std::runtime_error naming the
    // address and the reason.
    HttpServer(HttpServerConfig config, HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept;  // the bound port
    [[nodiscard]] bool secure() const noexcept;         // speaks TLS
    // Connections open now (each holds a slot of max_connections until it is closed).
    [[nodiscard]] std::size_t connections() const noexcept;
    void run();            // serves until stop()
    void stop() noexcept;  // from any thread

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::service
