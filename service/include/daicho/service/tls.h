#pragma once
// TLS for the API (http_server.h): a certificate (PEM, the server's first, then any
// intermediates) and its private key (PEM, unencrypted: a service cannot type a passphrase).
// Checked once at load, so a wrong file stops the start or a reload with a message naming it,
// not the first browser that connects. The server speaks TLS 1.2 and 1.3 only, with forward-
// secret AEAD ciphers, no compression and no renegotiation (tls_openssl.cpp says why).

#include <filesystem>
#include <optional>
#include <string>

namespace daicho::service {

struct TlsFiles {
    std::filesystem::path certificate;
    std::filesystem::path key;
    [[nodiscard]] bool enabled() const noexcept { return !certificate.empty(); }
};

// Why `files` cannot serve TLS, and which of the two is at fault.
struct TlsProblem {
    enum class File { certificate, key };
    File file = File::certificate;
    std::string what;  // one line, naming the path: "/etc/daicho/key.pem is not ..."
};

// nullopt when both files load and belong together; else the first problem found: a file
// missing or unreadable, not PEM, a key encrypted or readable by everyone, a key that is not
// the certificate's, or a build without TLS.
[[nodiscard]] std::optional<TlsProblem> check_tls_files(const TlsFiles& files);

}  // namespace daicho::service
