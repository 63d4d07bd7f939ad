// NetBIOS datagram service (udp/138) carrying browser announcements: the datagram header
// and names, the SMB_COM_TRANSACTION to mailslot \MAILSLOT\BROWSE, and the HostAnnouncement,
// LocalMasterAnnouncement and DomainAnnouncement frames in its data.
// Refs: RFC 1002 §4.4.1 (DIRECT_UNIQUE 0x10, DIRECT_GROUP 0x11, BROADCAST 0x12; FLAGS F/M;
//   DGM_LENGTH, PACKET_OFFSET), §4.4.2 (SOURCE_NAME, DESTINATION_NAME, USER_DATA);
//   MS-CIFS §2.2.3.1 (SMB header, 32 bytes), §2.2.4.33.1 (SMB_COM_TRANSACTION request:
//   DataCount, DataOffset from the start of the SMB header); MS-MAIL §2.2.1 (mailslot
//   writes); MS-BRWS §2.2.1 (HostAnnouncement 0x01), §2.2.6 (LocalMasterAnnouncement 0x0F),
//   §2.2.5 (DomainAnnouncement 0x0C), §2.2.1.1 / MS-RAP §2.5.5.2.1 (SV_TYPE bits).
// Facts (all about the sender, and only when the datagram's SOURCE_IP is the sender's IP):
//   SOURCE_NAME with suffix 00/20 -> hostname; Host/LocalMaster announcement: ServerName ->
//   hostname, OSVersionMajor.Minor -> os "Windows <maj>.<min>", each known ServerType bit ->
//   capability, Comment -> other "browser-comment=<text>" (and software = the comment when
//   it names Samba), DESTINATION_NAME with suffix 1d/1e -> workgroup; DomainAnnouncement:
//   ServerName (the domain) -> workgroup.
// Ignored: datagrams relayed for another node (SOURCE_IP differs: the frame's MAC is the
//   relay's), fragments after the first, error and query datagrams, other mailslots and
//   browser opcodes (elections, backup lists: they repeat what announcements say), SMB
//   fields besides the transaction's data location.

#include <array>

#include "proto/common/emitter.h"
#include "proto/dns/dns_message.h"
#include "proto/netbios/netbios.h"

namespace daicho::collectors::netbios {
namespace {

constexpr std::uint8_t kDirectUnique = 0x10;  // RFC 1002 §4.4.1 MSG_TYPE
constexpr std::uint8_t kDirectGroup = 0x11;   // what host announcements use
constexpr std::uint8_t kBroadcast = 0x12;
constexpr std::uint8_t kErrorDatagram = 0x13;
constexpr std::uint8_t kQueryNegative = 0x16;
constexpr std::uint8_t kFirstFragment = 0x02;      // FLAGS F
constexpr std::uint8_t kSmbComTransaction = 0x25;  // MS-CIFS §2.2.2.1
constexpr std::size_t kSmbHeaderBytes = 32;        // MS-CIFS §2.2.3.1
constexpr std::uint8_t kTransactionWords = 14;     // MS-CIFS §2.2.4.33.1, plus SetupCount
constexpr std::string_view kSmbMagic = "\xFFSMB";
constexpr std::string_view kBrowseMailslot = "\\MAILSLOT\\BROWSE";
constexpr std::uint8_t kHostAnnouncement = 0x01;  // MS-BRWS §2.2.1
constexpr std::uint8_t kDomainAnnouncement = 0x0C;
constexpr std::uint8_t kLocalMasterAnnouncement = 0x0F;

// MS-RAP §2.5.5.2.1 SV_TYPE_* bits, in bit order.
constexpr std::array<std::string_view, 32> kServerTypes{"workstation",
                                                        "server",
                                                        "sql-server",
                                                        "domain-controller",
                                                        "backup-controller",
                                                        "time-source",
                                                        "afp",
                                                        "novell",
                                                        "domain-member",
                                                        "print-queue",
                                                        "dialin",
                                                        "xenix",
                                                        "nt-workstation",
                                                        "wfw",
                                                        "mfpn",
                                                        "nt-server",
                                                        "potential-browser",
                                                        "backup-browser",
                                                        "master-browser",
                                                        "domain-master",
                                                        "osf",
                                                        "vms",
                                                        "windows",
                                                        "dfs",
                                                        "cluster",
                                                        "terminal-server",
                                                        "cluster-vs",
                                                        {},
                                                        "dce",
                                                        "alternate-xport",
                                                        "local-list-only",
                                                        "domain-enum"};

// A fixed-width, NUL-padded name field; trailing spaces trimmed too.
std::string_view padded(std::string_view field) noexcept {
    field = field.substr(0, field.find('\0'));
    while (!field.empty() && field.back() == ' ') {
        field.remove_suffix(1);
    }
    return field;
}

void emit_os(std::uint8_t major, std::uint8_t minor, const PacketContext& ctx,
             ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameBrowser);
    // "Windows <major>.<minor>", both at most three digits.
    std::array<char, 16> text{};
    constexpr std::string_view kPrefix = "Windows ";
    std::size_t n = kPrefix.copy(text.data(), kPrefix.size());
    const auto put_number = [&text, &n](unsigned v) {
        if (v >= 100) {
            text.at(n++) = static_cast<char>('0' + v / 100);
        }
        if (v >= 10) {
            text.at(n++) = static_cast<char>('0' + (v / 10) % 10);
        }
        text.at(n++) = static_cast<char>('0' + v % 10);
    };
    put_number(major);
    text.at(n++) = '.';
    put_number(minor);
    emit.copy(FactKind::os, std::string_view(text.data(), n));
}

// MS-BRWS §2.2.1: the announcement after its opcode byte.
DecodeResult read_announcement(std::uint8_t opcode, ByteReader data,
                               const std::optional<NetbiosName>& destination,
                               const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameBrowser);
    const auto update_count = data.u8();
    const auto periodicity = data.le32();
    const auto server_name = data.chars(16);
    if (!update_count || !periodicity || !server_name) {
        return data.shortfall();
    }
    if (opcode == kDomainAnnouncement) {
        emit.copy(FactKind::workgroup, padded(*server_name));
        return DecodeResult::decoded;  // the rest describes the domain, not the sender
    }
    emit.copy(FactKind::hostname, padded(*server_name));
    if (destination && (destination->suffix == 0x1d || destination->suffix == 0x1e)) {
        emit.copy(FactKind::workgroup, destination->name());
    }
    const auto os_major = data.u8();
    const auto os_minor = data.u8();
    if (!os_major || !os_minor) {
        return data.shortfall();
    }
    emit_os(*os_major, *os_minor, ctx, out);
    const auto server_type = data.le32();
    if (!server_type) {
        return data.shortfall();
    }
    for (std::size_t bit = 0; bit < kServerTypes.size(); ++bit) {
        if ((*server_type >> bit) & 1U) {
            emit(FactKind::capability, kServerTypes.at(bit));
        }
    }
    if (!data.skip(4)) {  // BrowserConfigVersionMajor/Minor, Signature
        return data.shortfall();
    }
    // Comment: NUL-terminated (MS-BRWS §2.2.1: at most 43 bytes).
    const auto rest = data.rest_chars();
    const auto nul = rest.substr(0, kMaxCommentBytes).find('\0');
    if (nul == std::string_view::npos && rest.size() < kMaxCommentBytes && data.capture_cut()) {
        return DecodeResult::truncated;  // the comment may go on past the cut
    }
    const auto comment =
        data.chars(nul == std::string_view::npos
                       ? (rest.size() < kMaxCommentBytes ? rest.size() : kMaxCommentBytes)
                       : nul);
    if (!comment || comment->empty()) {
        return DecodeResult::decoded;
    }
    constexpr std::string_view kPrefix = "browser-comment=";
    std::array<char, kPrefix.size() + kMaxCommentBytes> text{};
    std::size_t n = kPrefix.copy(text.data(), kPrefix.size());
    n += comment->copy(text.data() + n, kMaxCommentBytes);
    emit.copy(FactKind::other, std::string_view(text.data(), n));
    if (comment->find("Samba") != std::string_view::npos) {
        emit(FactKind::software, *comment);
    }
    return nul == std::string_view::npos && rest.size() > kMaxCommentBytes ? DecodeResult::limited
                                                                           : DecodeResult::decoded;
}

// MS-CIFS §2.2.4.33.1: locates the transaction data by DataOffset/DataCount.
DecodeResult read_smb(ByteReader smb, const std::optional<NetbiosName>& destination,
                      const PacketContext& ctx, ObservationSink& out) noexcept {
    const ByteReader header_start = smb;
    const auto magic = smb.chars(kSmbMagic.size());
    const auto command = smb.u8();
    if (!magic || !command) {
        return smb.shortfall();
    }
    if (*magic != kSmbMagic || *command != kSmbComTransaction) {
        return DecodeResult::unsupported;  // not a mailslot write (MS-MAIL §2.2.1)
    }
    if (!smb.skip(kSmbHeaderBytes - 5)) {
        return smb.shortfall();
    }
    const auto word_count = smb.u8();
    if (!word_count) {
        return smb.shortfall();
    }
    if (*word_count < kTransactionWords) {
        return DecodeResult::malformed;
    }
    auto words = smb.take(static_cast<std::size_t>(*word_count) * 2);
    if (!words) {
        return smb.shortfall();
    }
    // TotalParameterCount .. Reserved2 (18 bytes), ParameterCount, ParameterOffset.
    if (!words->skip(22)) {
        return DecodeResult::malformed;  // unreachable: at least 28 bytes
    }
    const auto data_count = words->le16();
    const auto data_offset = words->le16();
    const auto byte_count = smb.le16();
    if (!data_count || !data_offset) {
        return DecodeResult::malformed;  // unreachable
    }
    if (!byte_count) {
        return smb.shortfall();
    }
    const auto mailslot = smb.chars(kBrowseMailslot.size());
    if (!mailslot) {
        return smb.shortfall();
    }
    if (*mailslot != kBrowseMailslot) {
        return DecodeResult::unsupported;  // \MAILSLOT\LANMAN and others
    }
    if (*data_offset < smb.offset()) {
        return DecodeResult::malformed;  // data cannot overlap the words or mailslot name
    }
    ByteReader at = header_start;
    if (!at.skip(*data_offset)) {
        return at.shortfall();
    }
    auto data = at.take(*data_count);
    if (!data) {
        return at.shortfall();
    }
    const auto opcode = data->u8();
    if (!opcode) {
        return data->shortfall();
    }
    if (*opcode != kHostAnnouncement && *opcode != kLocalMasterAnnouncement &&
        *opcode != kDomainAnnouncement) {
        return DecodeResult::unsupported;
    }
    return read_announcement(*opcode, *data, destination, ctx, out);
}

}  // namespace

DecodeResult decode_browser(ByteReader in, const PacketContext& ctx,
                            ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameBrowser);
    const auto msg_type = in.u8();
    const auto flags = in.u8();
    const auto dgm_id = in.be16();
    const auto source_ip = in.be32();
    const auto source_port = in.be16();
    if (!msg_type || !flags || !dgm_id || !source_ip || !source_port) {
        return in.shortfall();
    }
    if (*msg_type >= kErrorDatagram && *msg_type <= kQueryNegative) {
        return DecodeResult::unsupported;  // error and query datagrams carry no user data
    }
    static_assert(kDirectUnique < kDirectGroup && kDirectGroup < kBroadcast);
    if (*msg_type < kDirectUnique || *msg_type > kBroadcast) {
        return DecodeResult::malformed;  // RFC 1002 §4.4.1: no other MSG_TYPE
    }
    const auto dgm_length = in.be16();
    const auto packet_offset = in.be16();
    if (!dgm_length || !packet_offset) {
        return in.shortfall();
    }
    if ((*flags & kFirstFragment) == 0 || *packet_offset != 0) {
        return DecodeResult::unsupported;  // a later fragment: no reassembly
    }
    if (ctx.src_ip.family == IpAddress::Family::v4 && IpAddress::v4(*source_ip) != ctx.src_ip) {
        return DecodeResult::decoded;  // relayed: nothing here is about the frame's sender
    }
    auto body = in.take(*dgm_length);
    if (!body) {
        return in.shortfall();
    }
    ByteReader cursor = *body;
    dns::NameBuffer buf{};
    std::string_view dotted;
    DecodeResult r = dns::read_name(*body, cursor, 0, buf, dotted);
    if (r != DecodeResult::decoded) {
        return r;
    }
    const auto source = from_encoded(dotted);
    if (!source) {
        return DecodeResult::malformed;  // RFC 1002 §4.4.2: SOURCE_NAME is encoded
    }
    if (source->suffix == 0x00 || source->suffix == 0x20) {
        emit.copy(FactKind::hostname, source->name());
    }
    r = dns::read_name(*body, cursor, 0, buf, dotted);
    if (r != DecodeResult::decoded) {
        return r;
    }
    const auto destination = from_encoded(dotted);
    if (!destination) {
        return DecodeResult::malformed;
    }
    return read_smb(cursor.take_rest(), destination, ctx, out);
}

}  // namespace daicho::collectors::netbios
