// TLS Certificate message (TLS <= 1.2; encrypted in TLS 1.3): the server's own certificate,
// the first of the chain.
// Refs: RFC 5246 §7.4.2 (Certificate: certificate_list <0..2^24-1> of ASN.1Cert
//   <1..2^24-1>; the sender's certificate comes first); RFC 8446 §4.4.2 (TLS 1.3 adds
//   per-entry extensions, but the message is encrypted there); RFC 5280 §4.1 via x509.cpp.
// Facts, about the sender (the server): FactKind::certificate
//   "subject=CN=...,O=...; issuer=CN=..." (CN, O, OU, C, L, ST in that order); for a
//   FortiGate's factory certificate (subject O=Fortinet, CN a FortiGate serial such as
//   "FGT60FTK2109A1B2" or "FG100FTK21001234": Fortinet names its default certificate after the
//   unit's serial) serial_number = the CN and manufacturer "Fortinet".
// Recognition: a subject CN, O or OU of collectors/data/remote_access_products.tsv makes the
//   conversation an SSL-VPN portal or a remote-control tool of that product
//   (proto/tls/remote_access.h).
// Ignored: the rest of the chain, and everything in a certificate but its two Names.

#include <array>

#include "proto/common/emitter.h"
#include "proto/tls/fortigate.h"
#include "proto/tls/handshake.h"
#include "proto/tls/remote_access.h"
#include "proto/tls/tls.h"
#include "proto/tls/x509.h"

namespace daicho::collectors::tls {

DecodeResult read_certificate(ByteReader body, const PacketContext& ctx,
                              ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kName);
    const auto list_len = body.be24();
    const auto cert_len = body.be24();
    if (!list_len || !cert_len) {
        return body.shortfall();
    }
    if (*list_len == 0) {
        return DecodeResult::decoded;  // an empty chain (anonymous)
    }
    if (*cert_len == 0 || *cert_len + 3 > *list_len) {
        return DecodeResult::malformed;
    }
    ByteReader cert;
    if (auto whole = body.take(*cert_len)) {
        cert = ByteReader(whole->rest(), false);
    } else if (body.capture_cut()) {
        cert = body.take_rest();  // the Names may be whole before the key and signature are
    } else {
        return DecodeResult::malformed;
    }
    std::array<char, kMaxValueBytes> text{};
    std::size_t used = 0;
    x509::SubjectNames subject;
    const DecodeResult r = x509::describe_certificate(cert, text, used, &subject);
    if (r != DecodeResult::decoded) {
        return r;
    }
    if (const auto v = out.store(std::string_view(text.data(), used))) {
        emit(FactKind::certificate, *v);
    }
    if (subject.organization == "Fortinet" && is_fortigate_serial(subject.common_name)) {
        emit.copy(FactKind::serial_number, subject.common_name);
        emit(FactKind::manufacturer, "Fortinet");
    }
    for (const auto& [field, value] :
         {std::pair{AccessField::cert_ou, subject.organizational_unit},
          std::pair{AccessField::cert_o, subject.organization},
          std::pair{AccessField::cert_cn, subject.common_name}}) {
        if (const AccessRule* rule = match_access(field, value); rule != nullptr) {
            recognise_access(*rule, value, out);
            break;
        }
    }
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::tls
