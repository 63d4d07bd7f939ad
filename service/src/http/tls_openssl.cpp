// TLS for the API through Asio's SSL support and OpenSSL (daicho/service/tls.h).
// The settings follow Mozilla's "intermediate" server profile (wiki.mozilla.org/Security/
// Server_Side_TLS, version 5.7), which every browser a hospital runs still meets:
//   - TLS 1.2 at least: 1.0 and 1.1 are deprecated (RFC 8996).
//   - TLS 1.2 suites: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 only, so every one
//     is forward-secret and AEAD; TLS 1.3's suites are OpenSSL's own (all of them AEAD).
//   - no compression (CRIME), no renegotiation (a client asking for handshake after handshake
//     is a cheap way to burn the server's CPU; one request per connection needs none).
// The key is read with a passphrase callback that refuses: OpenSSL would otherwise ask on
// the terminal, and a service has no one there to answer.

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <asio/ssl.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>

#include "daicho/service/platform.h"
#include "daicho/service/tls.h"
#include "http/http_session.h"

namespace daicho::service {

namespace {

constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

using File = TlsProblem::File;

// The first OpenSSL error's reason ("key values mismatch"); the thread's queue is cleared.
std::string openssl_reason() {
    const unsigned long code = ERR_peek_error();
    const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
    ERR_clear_error();
    return reason != nullptr ? reason : "no reason given";
}

// Called when the key is encrypted: notes that it was, and gives OpenSSL no passphrase.
int refuse_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* asked) {
    *static_cast<bool*>(asked) = true;
    return 0;
}

// Why `file` cannot be read; nullopt when it can.
std::optional<std::string> unreadable(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
        return file.string() + " is a directory, not a PEM file";
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return file.string() + ": cannot read it (" + std::strerror(errno) + ")";
    }
    return std::nullopt;
}

// The protocol settings above, then the certificate and its key, into `ctx`.
std::optional<TlsProblem> configure(SSL_CTX* ctx, const TlsFiles& files) {
    ERR_clear_error();
    const std::string cert = files.certificate.string();
    const std::string key = files.key.string();
    if (cert.empty() || key.empty()) {
        return TlsProblem{cert.empty() ? File::certificate : File::key,
                          "a certificate and its key go together: give both or neither"};
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
        return TlsProblem{File::certificate,
                          "this OpenSSL offers none of the TLS 1.2 ciphers daicho allows (" +
                              openssl_reason() + ")"};
    }
    if (auto why = unreadable(files.certificate)) {
        return TlsProblem{File::certificate, *why};
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1) {
        return TlsProblem{File::certificate,
                          cert + " is not a PEM certificate (OpenSSL: " + openssl_reason() + ")"};
    }
    if (auto why = unreadable(files.key)) {
        return TlsProblem{File::key, *why};
    }
    try {
        if (platform::readable_by_everyone(files.key)) {
            return TlsProblem{File::key, key +
                                             " is readable by everyone; a private key must not "
                                             "be: chmod 600 it (or 640, group daicho)"};
        }
    } catch (const std::system_error& e) {
        return TlsProblem{File::key, key + ": " + e.what()};
    }
    // Read apart from the context, so "not a key" and "not this certificate's key" differ.
    bool asked = false;
    const std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_file(key.c_str(), "r"), &BIO_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        in ? PEM_read_bio_PrivateKey(in.get(), nullptr, refuse_passphrase, &asked) : nullptr,
        &EVP_PKEY_free);
    if (asked) {
        ERR_clear_error();
        return TlsProblem{File::key, key +
                                         " is encrypted with a passphrase, which a service "
                                         "cannot type: store it unencrypted (openssl pkey -in " +
                                         key + " -out NEW.pem) and readable only by daicho"};
    }
    if (!pkey) {
        return TlsProblem{File::key,
                          key + " is not a PEM private key (OpenSSL: " + openssl_reason() + ")"};
    }
    // check_private_key also catches a key of another type than the certificate's (an EC key
    // for an RSA certificate), for which OpenSSL finds no key at all.
    if (SSL_CTX_use_PrivateKey(ctx, pkey.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        return TlsProblem{File::key, key + " is not the private key of the certificate " + cert +
                                         " (OpenSSL: " + openssl_reason() + ")"};
    }
    return std::nullopt;
}

struct TlsTransport {
    using Stream = asio::ssl::stream<asio::ip::tcp::socket>;
    static constexpr bool kSecure = true;
    // How long a client may take to answer the close_notify before the socket is closed.
    static constexpr std::chrono::seconds kCloseWait{2};
    static asio::ip::tcp::socket& socket(Stream& s) { return s.next_layer(); }
    template <typename Handler>
    static void handshake(Stream& s, Handler&& done) {
        s.async_handshake(asio::ssl::stream_base::server, std::forward<Handler>(done));
    }
    template <typename Handler>
    static void shutdown(Stream& s, Handler&& done) {
        s.async_shutdown(
            [done = std::forward<Handler>(done)](const asio::error_code& /*ec*/) mutable {
                done();  // answered or not, the connection is over
            });
    }
};

class OpenSslEndpoint final : public http::TlsEndpoint {
   public:
    explicit OpenSslEndpoint(const TlsFiles& files) : context_(asio::ssl::context::tls_server) {
        if (auto problem = configure(context_.native_handle(), files)) {
            throw std::runtime_error(problem->what);
        }
    }
    void serve(http::ServerState& server, asio::ip::tcp::socket socket) override {
        // TLS writes several small records in a row (TLS 1.3's session tickets, then the
        // response, then close_notify): with Nagle's algorithm each waits for the client's
        // delayed ACK, up to 40 ms on Linux (measured on loopback: 33 ms a request without
        // this, about 2 ms with it).
        asio::error_code ignored;
        socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        http::serve_connection<TlsTransport>(server, std::move(socket), context_);
    }

   private:
    asio::ssl::context context_;
};

}  // namespace

std::optional<TlsProblem> check_tls_files(const TlsFiles& files) {
    const std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_server_method()),
                                                                &SSL_CTX_free);
    if (!ctx) {
        return TlsProblem{File::certificate, "OpenSSL cannot start (" + openssl_reason() + ")"};
    }
    return configure(ctx.get(), files);
}

namespace http {

std::unique_ptr<TlsEndpoint> make_tls_endpoint(const TlsFiles& files) {
    return std::make_unique<OpenSslEndpoint>(files);
}

}  // namespace http

}  // namespace daicho::service
