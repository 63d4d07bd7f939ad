// A build without OpenSSL (DAICHO_WITH_TLS off: the Windows cross build, whose dependencies
// do not include it yet): a config that asks for TLS is refused at load, with this reason,
// instead of serving plain HTTP where HTTPS was meant.

#include "daicho/service/tls.h"

#include <stdexcept>

#include "http/http_session.h"

namespace daicho::service {

namespace {
constexpr const char* kNoTls =
    "this build of daicho has no TLS (built without OpenSSL); leave the certificate out and "
    "keep the API on 127.0.0.1, or use the Linux build";
}  // namespace

std::optional<TlsProblem> check_tls_files(const TlsFiles& /*files*/) {
    return TlsProblem{TlsProblem::File::certificate, kNoTls};
}

namespace http {

std::unique_ptr<TlsEndpoint> make_tls_endpoint(const TlsFiles& /*files*/) {
    throw std::runtime_error(kNoTls);
}

}  // namespace http

}  // namespace daicho::service
