#pragma once
// The one DNS message reader shared by the dns, mdns and llmnr rows (and the NBNS names of
// proto/netbios, which use the same wire format). See dns_message.cpp for the references.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/observation.h"

namespace daicho::collectors::dns {

// Named limits (STYLE.md §4.2). Hitting one returns `limited`, keeping the facts so far.
inline constexpr std::size_t kMaxPointerHops = 16;     // compression pointers per name
inline constexpr std::uint16_t kMaxQuestions = 16;     // questions read per message
inline constexpr std::uint16_t kMaxRecords = 64;       // answer + authority + additional RRs
inline constexpr std::size_t kMaxTxtStrings = 32;      // character-strings per TXT RDATA
// Wire limits from the spec (RFC 1035 §2.3.4): breaking them is `malformed`.
inline constexpr std::size_t kMaxLabelBytes = 63;
inline constexpr std::size_t kMaxNameBytes = 255;

// A decoded name as dotted text ("host.example.com", "" for the root). Fits any valid name.
using NameBuffer = std::array<char, kMaxNameBytes + 1>;

// RR TYPE values (RFC 1035 §3.2.2, RFC 3596 §2.1, RFC 2782).
inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypePtr = 12;
inline constexpr std::uint16_t kTypeTxt = 16;
inline constexpr std::uint16_t kTypeAaaa = 28;
inline constexpr std::uint16_t kTypeSrv = 33;

// RFC 1035 §4.1.1 header.
struct Header {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::uint16_t qdcount = 0;
    std::uint16_t ancount = 0;
    std::uint16_t nscount = 0;
    std::uint16_t arcount = 0;

    [[nodiscard]] constexpr bool qr() const noexcept { return (flags & 0x8000U) != 0; }
    [[nodiscard]] constexpr std::uint8_t opcode() const noexcept {
        return static_cast<std::uint8_t>((flags >> 11U) & 0x0FU);
    }
    [[nodiscard]] constexpr std::uint8_t rcode() const noexcept {
        return static_cast<std::uint8_t>(flags & 0x0FU);
    }
};

enum class Section : std::uint8_t { answer, authority, additional };

// RFC 1035 §4.1.2.
struct Question {
    std::string_view qname;  // into the caller's NameBuffer
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
};

// RFC 1035 §4.1.3. `rdata` is bounded to RDLENGTH; `rdata_at` is its offset in the message,
// needed to follow compression pointers inside it.
struct Record {
    std::string_view owner;  // into the caller's NameBuffer
    Section section = Section::answer;
    std::uint16_t type = 0;
    std::uint16_t rclass = 0;
    std::uint32_t ttl = 0;
    ByteReader rdata;
    std::size_t rdata_at = 0;
};

// Reads a (possibly compressed) name from `cursor`, whose first byte is at offset `base` of
// `message`, into `buf` as dotted text. Pointers must point strictly backwards (RFC 1035
// §4.1.4 "a prior occurrence"), which rules out loops; more than kMaxPointerHops is `limited`.
[[nodiscard]] DecodeResult read_name(const ByteReader& message, ByteReader& cursor,
                                     std::size_t base, NameBuffer& buf,
                                     std::string_view& name) noexcept;

// Walks one message: header, then questions, then resource records, in wire order.
class MessageReader {
   public:
    explicit MessageReader(ByteReader message) noexcept : message_(message), cursor_(message) {}

    [[nodiscard]] DecodeResult read_header(Header& h) noexcept;
    [[nodiscard]] DecodeResult read_question(NameBuffer& buf, Question& q) noexcept;
    [[nodiscard]] DecodeResult read_record(NameBuffer& buf, Record& r) noexcept;

    // RDATA that is a name (PTR, CNAME) or carries one after `skip` bytes (SRV: 6).
    [[nodiscard]] DecodeResult rdata_name(const Record& r, std::size_t skip, NameBuffer& buf,
                                          std::string_view& name) const noexcept;

   private:
    ByteReader message_;  // the whole message, for pointers
    ByteReader cursor_;   // same bytes, advancing
};

// The address a reverse-mapping name stands for: "4.3.2.1.in-addr.arpa" (RFC 1035 §3.5, four
// decimal labels of 0..255) or the 32 nibble labels of "...ip6.arpa" (RFC 3596 §2.5), case
// ignored; nullopt for anything else (a network's name, classless delegations, RFC 2317).
[[nodiscard]] std::optional<IpAddress> reverse_address(std::string_view name) noexcept;

// A / AAAA RDATA as an address; nullopt for another type or a wrong RDLENGTH.
[[nodiscard]] std::optional<IpAddress> rdata_address(const Record& r) noexcept;

// ASCII case-insensitive equality (RFC 4343: DNS names compare without case).
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool iends_with(std::string_view s, std::string_view suffix) noexcept;

}  // namespace daicho::collectors::dns
