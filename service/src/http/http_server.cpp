// The API's HTTP server on standalone Asio (daicho/service/http_server.h): the acceptor and
// the response's bytes; a connection is an http::Session (http_session.h), over TLS when the
// config names a certificate (tls_openssl.cpp).

#include "daicho/service/http_server.h"

#include <asio.hpp>
#include <stdexcept>

#include "http/http_session.h"

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

}  // namespace

namespace http {

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

}  // namespace http

HttpResponse http_error(int status, std::string_view message) {
    HttpResponse r;
    r.status = status;
    r.body = "{\"error\":{\"status\":" + std::to_string(status) +
             ",\"message\":" + json_string(message) + "}}\n";
    return r;
}

struct HttpServer::Impl {
    // Before the state: the sessions it holds (in the io_context's handlers) use its context.
    std::unique_ptr<http::TlsEndpoint> tls;
    http::ServerState state;
    asio::ip::tcp::acceptor acceptor{state.io};

    void accept() {
        acceptor.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec == asio::error::operation_aborted) {
                return;  // stopping
            }
            if (!ec) {
                if (tls) {
                    tls->serve(state, std::move(socket));
                } else {
                    http::serve_connection<http::PlainTransport>(state, std::move(socket));
                }
            }
            accept();
        });
    }
};

HttpServer::HttpServer(HttpServerConfig config, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
    impl_->state.config = std::move(config);
    impl_->state.handler = std::move(handler);
    const auto& c = impl_->state.config;
    const std::string where = c.address + ":" + std::to_string(c.port);
    if (c.tls.enabled()) {
        try {
            impl_->tls = http::make_tls_endpoint(c.tls);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("API " + where + ": TLS: " + e.what());
        }
    }
    try {
        const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(c.address), c.port);
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

bool HttpServer::secure() const noexcept { return impl_->tls != nullptr; }

std::size_t HttpServer::connections() const noexcept { return impl_->state.active.load(); }

void HttpServer::run() { impl_->state.io.run(); }

void HttpServer::stop() noexcept { impl_->state.io.stop(); }

}  // namespace daicho::service
