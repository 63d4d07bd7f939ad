#pragma once
// A TLS test peer for the API's HTTPS (service/src/http/tls_openssl.cpp): a self-signed
// certificate made with `openssl req`, and a client that trusts only that certificate and
// checks the name 127.0.0.1. Shared by the service's in-process server test and the agent's
// `daicho serve` test, so both speak to the server the same way.

#include <openssl/ssl.h>

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace daicho::test {

// A self-signed EC certificate for 127.0.0.1 and localhost, and its key (mode 600).
inline void make_certificate(const std::filesystem::path& cert, const std::filesystem::path& key) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
        key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    std::filesystem::permissions(
        key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// Sends `request` over TLS to 127.0.0.1:port, trusting only `ca`; everything the server wrote
// back until it closed. Throws asio's system_error when the handshake fails. With
// `tls11_only` the client offers TLS 1.1 alone, its own floor lowered, so only the server can
// refuse it.
inline std::string tls_send(std::uint16_t port, const std::filesystem::path& ca,
                            const std::string& request, bool tls11_only = false) {
    asio::io_context io;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.load_verify_file(ca.string());
    ctx.set_verify_mode(asio::ssl::verify_peer);
    if (tls11_only) {
        SSL_CTX_set_security_level(ctx.native_handle(), 0);
        SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
        SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_1_VERSION);
    }
    asio::ssl::stream<asio::ip::tcp::socket> stream(io, ctx);
    stream.set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    stream.handshake(asio::ssl::stream_base::client);
    asio::write(stream, asio::buffer(request));
    std::string out;
    std::array<char, 65536> buf{};
    asio::error_code ec;
    while (!ec) {  // until eof after the server's close_notify
        const auto n = stream.read_some(asio::buffer(buf), ec);
        out.append(buf.data(), n);
    }
    return out;
}

}  // namespace daicho::test
