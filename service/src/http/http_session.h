#pragma once
// One connection of the API's server (daicho/service/http_server.h), over a plain TCP socket
// (http_server.cpp) or a TLS stream (tls_openssl.cpp). The Transport says how the stream is
// made, how it starts (the TLS handshake) and how it ends (TLS's close_notify); the rest, the
// timeout, the parser, the handler and the response, is the same for both, so the limits that
// hold for plain HTTP hold for HTTPS too. A session owns its connection slot (`active`) from
// construction to destruction: every path out of it, a failed handshake included, ends by
// closing the socket, and the last handler holding it lets it go.

#include <array>
#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "daicho/service/http_request.h"
#include "daicho/service/http_server.h"

namespace daicho::service::http {

// What the server's connections share; `io` last, so its handlers (which hold the sessions)
// go before the counter and the config they touch.
struct ServerState {
    HttpServerConfig config;
    HttpHandler handler;
    std::atomic<std::size_t> active{0};
    asio::io_context io;
};

// The response's bytes: status line, headers, body (http_server.cpp).
[[nodiscard]] std::string serialise(const HttpResponse& response);

// A plain TCP connection: nothing to agree on before the request or after the response.
struct PlainTransport {
    using Stream = asio::ip::tcp::socket;
    static constexpr bool kSecure = false;
    static constexpr std::chrono::seconds kCloseWait{1};  // unused: shutdown() is immediate
    static asio::ip::tcp::socket& socket(Stream& s) { return s; }
    template <typename Handler>
    static void handshake(Stream& /*stream*/, Handler&& done) {
        done(asio::error_code());
    }
    template <typename Handler>
    static void shutdown(Stream& /*stream*/, Handler&& done) {
        done();
    }
};

template <typename Transport>
class Session : public std::enable_shared_from_this<Session<Transport>> {
   public:
    template <typename... StreamArgs>
    explicit Session(ServerState& server, StreamArgs&&... stream_args)
        : server_(server),
          stream_(std::forward<StreamArgs>(stream_args)...),
          timer_(server.io),
          parser_(server.config.limits) {
        ++server_.active;
    }
    ~Session() { --server_.active; }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The handshake and the whole request must arrive within read_timeout: a client that
    // connects and says nothing, or speaks plain HTTP to the TLS port and waits, is cut off.
    void start() {
        timer_.expires_after(server_.config.read_timeout);
        timer_.async_wait([self = this->shared_from_this()](const asio::error_code& ec) {
            if (ec || self->answered_) {
                return;
            }
            if (self->secured_) {
                self->respond(http_error(408, "the request did not arrive in time"));
            } else {
                self->close();  // no channel to answer on: the handshake never finished
            }
        });
        Transport::handshake(
            stream_, [self = this->shared_from_this()](const asio::error_code& ec) {
                if (ec) {
                    self->close();  // a failed handshake, or plain HTTP on the TLS port
                    return;
                }
                self->secured_ = true;
                self->read();
            });
    }

    // Past max_connections: 503 over plain HTTP at once. Over TLS the answer would cost a
    // handshake first, which is what the bound is there to refuse: the connection is closed.
    void refuse_busy() {
        if constexpr (Transport::kSecure) {
            close();
        } else {
            secured_ = true;
            respond(http_error(503, "too many connections; try again"));
        }
    }

   private:
    void respond(const HttpResponse& response) {
        if (answered_) {
            return;
        }
        answered_ = true;
        timer_.cancel();
        out_ = serialise(response);
        asio::async_write(
            stream_, asio::buffer(out_),
            [self = this->shared_from_this()](const asio::error_code& ec, std::size_t) {
                if (ec) {
                    self->close();
                    return;
                }
                self->finish();
            });
    }

    // Ends the stream as its transport says (TLS: close_notify), within a bound: a client that
    // never answers the close_notify does not keep the slot.
    void finish() {
        if (reading_) {
            close();  // a 408 while a read is pending: a close_notify would read beside it
            return;
        }
        timer_.expires_after(Transport::kCloseWait);
        timer_.async_wait([self = this->shared_from_this()](const asio::error_code& ec) {
            if (!ec) {
                self->close();
            }
        });
        Transport::shutdown(stream_, [self = this->shared_from_this()] {
            self->timer_.cancel();
            self->close();
        });
    }

    // Closing the socket cancels whatever is pending on it; those handlers run once more with
    // operation_aborted and drop their hold on the session. Safe to call twice.
    void close() {
        answered_ = true;
        timer_.cancel();
        asio::error_code ignored;
        auto& socket = Transport::socket(stream_);
        if (socket.is_open()) {
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
        }
    }

    void read() {
        reading_ = true;
        stream_.async_read_some(asio::buffer(in_), [self = this->shared_from_this()](
                                                       const asio::error_code& ec, std::size_t n) {
            self->reading_ = false;
            if (ec || self->answered_) {
                if (!self->answered_) {
                    self->close();  // the client went away
                }
                return;
            }
            switch (self->parser_.feed(std::string_view(self->in_.data(), n))) {
                case HttpRequestParser::State::incomplete:
                    self->read();
                    return;
                case HttpRequestParser::State::refused:
                    self->respond(http_error(self->parser_.status(), self->parser_.reason()));
                    return;
                case HttpRequestParser::State::complete:
                    break;
            }
            HttpResponse response;
            try {
                response = self->server_.handler(self->parser_.request());
            } catch (const std::exception& e) {
                response = http_error(500, e.what());
            }
            self->respond(response);
        });
    }

    ServerState& server_;
    typename Transport::Stream stream_;
    asio::steady_timer timer_;
    HttpRequestParser parser_;
    std::array<char, 4096> in_{};
    std::string out_;
    bool secured_ = false;   // the handshake is done: a response can be sent
    bool answered_ = false;  // a response is under way, or the connection is closed
    bool reading_ = false;   // a read is pending on the stream
};

// A new connection: served, or refused when the server is full.
template <typename Transport, typename... StreamArgs>
void serve_connection(ServerState& server, StreamArgs&&... stream_args) {
    auto session =
        std::make_shared<Session<Transport>>(server, std::forward<StreamArgs>(stream_args)...);
    if (server.active.load() > server.config.max_connections) {
        session->refuse_busy();
    } else {
        session->start();
    }
}

// The TLS side of the server (tls_openssl.cpp; tls_none.cpp in a build without OpenSSL).
class TlsEndpoint {
   public:
    TlsEndpoint() = default;
    virtual ~TlsEndpoint() = default;
    TlsEndpoint(const TlsEndpoint&) = delete;
    TlsEndpoint& operator=(const TlsEndpoint&) = delete;
    // Serves one accepted connection over TLS.
    virtual void serve(ServerState& server, asio::ip::tcp::socket socket) = 0;
};

// The endpoint for `files`. Throws std::runtime_error saying which file and what is wrong.
[[nodiscard]] std::unique_ptr<TlsEndpoint> make_tls_endpoint(const TlsFiles& files);

}  // namespace daicho::service::http
