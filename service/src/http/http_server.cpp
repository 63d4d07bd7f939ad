// The API's HTTP server on standalone Asio (daicho/service/http_server.h).

#include "daicho/service/http_server.h"

#include <array>
#include <asio.hpp>
#include <atomic>
#include <stdexcept>

namespace daicho::service {

namespace {

std::string_view status_text(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 411: return "Length Required";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 422: return "Unprocessable Content";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Status";
    }
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[b >> 4U];
            out += kHex[b & 0xFU];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string serialise(const HttpResponse& r) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " +
                      std::string(status_text(r.status)) + "\r\n";
    out += "Content-Type: " + r.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    out += "Connection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto& [name, value] : r.headers) {
        out += name + ": " + value + "\r\n";
    }
    out += "\r\n";
    out += r.body;
    return out;
}

}  // namespace

HttpResponse http_error(int status, std::string_view message) {
    HttpResponse r;
    r.status = status;
    r.body = "{\"error\":{\"status\":" + std::to_string(status) +
             ",\"message\":" + json_string(message) + "}}\n";
    return r;
}

struct HttpServer::Impl {
    HttpServerConfig config;
    HttpHandler handler;
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor{io};
    std::atomic<std::size_t> active{0};

    class Session : public std::enable_shared_from_this<Session> {
       public:
        Session(Impl& server, asio::ip::tcp::socket socket)
            : server_(server),
              socket_(std::move(socket)),
              timer_(server.io),
              parser_(server.config.limits) {
            ++server_.active;
        }
        ~Session() { --server_.active; }
        Session(const Session&) = delete;
        Session& operator=(const Session&) = delete;

        void start() {
            timer_.expires_after(server_.config.read_timeout);
            timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
                if (!ec && !self->answered_) {
                    self->respond(http_error(408, "the request did not arrive in time"));
                }
            });
            read();
        }

        void respond(const HttpResponse& response) {
            if (answered_) {
                return;
            }
            answered_ = true;
            timer_.cancel();
            out_ = serialise(response);
            asio::async_write(socket_, asio::buffer(out_),
                              [self = shared_from_this()](const asio::error_code&, std::size_t) {
                                  asio::error_code ignored;
                                  self->socket_.shutdown(asio::ip::tcp::socket::shutdown_both,
                                                         ignored);
                                  self->socket_.close(ignored);
                              });
        }

       private:
        void read() {
            socket_.async_read_some(
                asio::buffer(in_), [self = shared_from_this()](const asio::error_code& ec,
                                                               std::size_t n) {
                    if (ec || self->answered_) {
                        if (!self->answered_) {
                            self->answered_ = true;  // the client went away
                            self->timer_.cancel();
                        }
                        return;
                    }
                    switch (self->parser_.feed(std::string_view(self->in_.data(), n))) {
                        case HttpRequestParser::State::incomplete:
                            self->read();
                            return;
                        case HttpRequestParser::State::refused:
                            self->respond(
                                http_error(self->parser_.status(), self->parser_.reason()));
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

        Impl& server_;
        asio::ip::tcp::socket socket_;
        asio::steady_timer timer_;
        HttpRequestParser parser_;
        std::array<char, 4096> in_{};
        std::string out_;
        bool answered_ = false;
    };

    void accept() {
        acceptor.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec == asio::error::operation_aborted) {
                return;  // stopping
            }
            if (!ec) {
                auto session = std::make_shared<Session>(*this, std::move(socket));
                if (active.load() > config.max_connections) {
                    session->respond(http_error(503, "too many connections; try again"));
                } else {
                    session->start();
                }
            }
            accept();
        });
    }
};

HttpServer::HttpServer(HttpServerConfig config, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->handler = std::move(handler);
    const std::string where =
        impl_->config.address + ":" + std::to_string(impl_->config.port);
    try {
        const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(impl_->config.address),
                                               impl_->config.port);
        impl_->acceptor.open(endpoint.protocol());
        impl_->acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(endpoint);
        impl_->acceptor.listen();
    } catch (const std::system_error& e) {
        throw std::runtime_error("API " + where + ": cannot listen: " + e.code().message());
    }
    impl_->accept();
}

HttpServer::~HttpServer() { stop(); }

std::uint16_t HttpServer::port() const noexcept {
    asio::error_code ec;
    const auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void HttpServer::run() { impl_->io.run(); }

void HttpServer::stop() noexcept { impl_->io.stop(); }

}  // namespace daicho::service
