// Simulator: the medical protocols' own bytes (Network::medical). Each modality opens one DICOM
// association with the PACS and stores one image whose dataset is equipment attributes only;
// the HL7 sender keeps one MLLP connection to the receiver and sends a few ADT^A08 messages cut
// to MSH + EVN, each answered with an ACK; each export monitor broadcasts its Connect
// Indication every 10 s. Every step writes one frame and schedules the next, so the exchanges
// interleave with the rest of the traffic. Frames are seen on the sender's VLAN (its own MAC),
// as a SPAN of the trunk shows them, so each fact is tied to the box that sent it.

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "app_payloads.h"
#include "medical_payloads.h"
#include "simulator.h"

namespace daicho::capgen {

namespace {

constexpr std::int64_t kSecond = 1000000;
constexpr std::uint16_t kMss = 1460;
constexpr std::uint16_t kHl7Port = 2575;  // IANA "hl7" / MLLP
constexpr std::uint16_t kIntellivuePort = 24005;
constexpr std::int64_t kConnectIndicationPeriod = 10 * kSecond;
constexpr std::uint16_t kHl7Messages = 4;
constexpr std::int64_t kJstOffsetS = 9 * 3600;  // HL7 times in the hospital's zone

// Gap before each DICOM step, in microseconds: handshake, A-ASSOCIATE-RQ, -AC, C-STORE-RQ,
// C-STORE-RSP (the store takes the PACS a while), A-RELEASE-RQ, -RP, FIN, FIN, last ACK.
constexpr std::array<std::pair<std::uint32_t, std::uint32_t>, 12> kDicomGaps{{
    {0, 0}, {200, 900}, {100, 400}, {1000, 5000}, {2000, 20000}, {1000, 8000},
    {50000, 400000}, {1000, 5000}, {500, 3000}, {200, 1000}, {100, 500}, {100, 500},
}};

}  // namespace

void Simulator::schedule_medical(std::int64_t start) {
    const MedicalTraffic& m = net_.medical;
    auto open = [&](std::uint32_t client, std::uint32_t server, std::uint16_t dport) {
        Exchange x;
        x.client = client;
        x.server = server;
        x.dport = dport;
        x.sport = next_port(client);
        x.cseq = static_cast<std::uint32_t>(rng_.next());
        x.sseq = static_cast<std::uint32_t>(rng_.next());
        x.message_id = 1;
        exchanges_.push_back(x);
        return static_cast<std::uint32_t>(exchanges_.size() - 1);
    };
    auto within = [&](std::uint32_t lo_s, std::uint32_t hi_s) {
        return start + static_cast<std::int64_t>(rng_.range(lo_s, hi_s)) * kSecond +
               static_cast<std::int64_t>(rng_.below(kSecond));
    };
    for (std::size_t i = 0; i < m.modalities.size(); ++i) {
        const auto x = open(static_cast<std::uint32_t>(m.modalities[i].ae.host),
                            static_cast<std::uint32_t>(m.pacs.host), net_.pacs_port);
        exchanges_[x].modality = i;
        schedule(within(5, 90), Ev::dicom, x);
    }
    if (m.hl7) {
        const auto x = open(static_cast<std::uint32_t>(m.hl7_sender.host),
                            static_cast<std::uint32_t>(m.hl7_receiver.host), kHl7Port);
        schedule(within(2, 8), Ev::hl7, x);
    }
    for (std::uint32_t i = 0; i < m.export_monitors.size(); ++i) {
        schedule(start + static_cast<std::int64_t>(rng_.below(kConnectIndicationPeriod)),
                 Ev::intellivue, i);
    }
}

void Simulator::on_medical(const Timer& tm) {
    switch (tm.kind) {
        case Ev::dicom:
            dicom_step(exchanges_[tm.who], tm.who);
            return;
        case Ev::hl7:
            hl7_step(exchanges_[tm.who], tm.who);
            return;
        default:
            intellivue(tm.who);
            return;
    }
}

std::size_t Simulator::exchange_header(const Exchange& x, bool from_client, std::uint8_t flags,
                                       std::uint16_t mss) {
    const std::uint32_t from = from_client ? x.client : x.server;
    const std::uint32_t to = from_client ? x.server : x.client;
    const Leg l = leg(from, to, true);
    b_.ethernet(l.dst, l.src, l.vlan, kEtherIpv4);
    b_.ipv4(net_.hosts[from].ip, net_.hosts[to].ip, kProtoTcp, l.ttl, next_ip_id(from));
    const bool acks = (flags & kAck) != 0;
    if (from_client) {
        b_.tcp(x.sport, x.dport, x.cseq, acks ? x.sseq : 0, flags, 64240, mss);
    } else {
        b_.tcp(x.dport, x.sport, x.sseq, x.cseq, flags, 65160, mss);
    }
    return b_.size();
}

void Simulator::exchange_emit(Exchange& x, bool from_client, std::uint8_t flags,
                              std::size_t payload_at) {
    const auto sent = static_cast<std::uint32_t>(b_.size() - payload_at);
    const std::uint32_t control = (flags & (kSyn | kFin)) != 0 ? 1 : 0;  // RFC 9293 §3.4
    (from_client ? x.cseq : x.sseq) += sent + control;
    emit(now_, &SimStats::tcp);
}

void Simulator::dicom_step(Exchange& x, std::uint32_t index) {
    const MedicalTraffic& m = net_.medical;
    const DicomModality& mod = m.modalities[x.modality];
    const DicomAssociation rq{m.pacs.ae_title,
                              mod.ae.ae_title,
                              mod.sop_class,
                              mod.ae.implementation_class_uid,
                              mod.ae.implementation_version,
                              mod.ae.max_pdu_length};
    DicomAssociation ac = rq;
    ac.implementation_class_uid = m.pacs.implementation_class_uid;
    ac.implementation_version = m.pacs.implementation_version;
    ac.max_pdu_length = m.pacs.max_pdu_length;
    // A SOP instance UID under the modality's own root: no patient, study or series in it.
    const std::string instance = mod.ae.implementation_class_uid + "." +
                                 std::to_string(now_ / kSecond) + "." +
                                 std::to_string(x.message_id);
    const DicomEquipment equipment{mod.modality, mod.manufacturer, mod.station_name, mod.model,
                                   mod.serial};
    // Client steps: 0 SYN, 2 ACK, 3 RQ, 5 C-STORE-RQ, 7 RELEASE-RQ, 9 FIN, 11 ACK.
    const bool client = x.step == 0 || x.step == 2 || x.step == 3 || x.step == 5 ||
                        x.step == 7 || x.step == 9 || x.step == 11;
    std::uint8_t flags = kAck | kPsh;
    std::uint16_t mss = 0;
    if (x.step <= 2) {
        flags = x.step == 0 ? kSyn : x.step == 1 ? (kSyn | kAck) : kAck;
        mss = x.step < 2 ? kMss : 0;
    } else if (x.step == 9 || x.step == 10) {
        flags = kFin | kAck;
    } else if (x.step == 11) {
        flags = kAck;
    }
    const std::size_t at = exchange_header(x, client, flags, mss);
    switch (x.step) {
        case 3:
            dicom_associate_rq(b_, rq);
            break;
        case 4:
            dicom_associate_ac(b_, ac);
            break;
        case 5:
            dicom_c_store_rq(b_, mod.sop_class, instance, x.message_id, equipment);
            break;
        case 6:
            dicom_c_store_rsp(b_, mod.sop_class, instance, x.message_id);
            break;
        case 7:
        case 8:
            dicom_release(b_, x.step == 8);
            break;
        default:
            break;
    }
    exchange_emit(x, client, flags, at);
    if (++x.step < kDicomGaps.size()) {
        const auto& [lo, hi] = kDicomGaps.at(x.step);
        schedule(now_ + static_cast<std::int64_t>(rng_.range(lo, hi)), Ev::dicom, index);
    }
}

std::string Simulator::hl7_time() const {
    const std::int64_t secs = now_ / kSecond + kJstOffsetS;
    const Civil c = civil_from_days(secs / 86400);
    const std::int64_t sod = secs % 86400;
    std::array<char, 32> text{};
    const int n = std::snprintf(text.data(), text.size(), "%04d%02d%02d%02d%02d%02d+0900", c.year,
                                c.month, c.day, static_cast<int>(sod / 3600),
                                static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60));
    return std::string(text.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
}

void Simulator::hl7_step(Exchange& x, std::uint32_t index) {
    const MedicalTraffic& m = net_.medical;
    const Hl7App& from = m.hl7_sender;
    const Hl7App& to = m.hl7_receiver;
    // 0 SYN, 1 SYN-ACK, 2 ACK, then per message: 0 the message, 1 its ACK, 2 a bare TCP ACK.
    const std::uint16_t phase = x.step < 3 ? x.step : static_cast<std::uint16_t>((x.step - 3) % 3);
    const bool handshake = x.step < 3;
    const bool client = phase != 1;  // the receiver sends the SYN-ACK and the ACK messages
    std::uint8_t flags = kAck;
    if (handshake) {
        flags = phase == 0 ? kSyn : phase == 1 ? (kSyn | kAck) : kAck;
    } else if (phase < 2) {
        flags = kAck | kPsh;
    }
    const std::size_t at = exchange_header(x, client, flags, handshake && phase < 2 ? kMss : 0);
    const std::string sent_id = from.application + std::to_string(100000 + x.message_id);
    const auto msh = [&](const Hl7App& a, const Hl7App& b, std::string_view type,
                         const std::string& id) {
        return "MSH|^~\\&|" + a.application + "|" + a.facility + "|" + b.application + "|" +
               b.facility + "|" + hl7_time() + "||" + std::string(type) + "|" + id + "|P|2.5\r";
    };
    if (!handshake && phase == 0) {
        hl7_mllp(b_, msh(from, to, "ADT^A08^ADT_A01", sent_id) + "EVN|A08|" + hl7_time() + "\r");
    } else if (!handshake && phase == 1) {
        const std::string ack_id = to.application + std::to_string(100000 + x.message_id);
        hl7_mllp(b_, msh(to, from, "ACK^A08^ACK", ack_id) + "MSA|AA|" + sent_id + "\r");
    }
    exchange_emit(x, client, flags, at);
    ++x.step;
    if (handshake || phase < 2) {
        const bool answer = !handshake && phase == 0;  // the receiver's turnaround
        schedule(now_ + static_cast<std::int64_t>(answer ? rng_.range(20000, 150000)
                                                         : rng_.range(100, 40000)),
                 Ev::hl7, index);
    } else if (++x.message_id <= kHl7Messages) {
        schedule(now_ + static_cast<std::int64_t>(rng_.range(15, 25)) * kSecond +
                     static_cast<std::int64_t>(rng_.below(kSecond)),
                 Ev::hl7, index);
    }
}

void Simulator::intellivue(std::uint32_t monitor) {
    const ExportMonitor& mon = net_.medical.export_monitors[monitor];
    const Host& h = net_.hosts[mon.host];
    const Vlan* v = net_.vlan(h.vlan);
    const Ipv4 mask = 0xffff0000U;  // every VLAN the generator builds is a /16 (as DHCP says)
    const Ipv4 broadcast = (v != nullptr ? v->gateway : h.ip) | ~mask;
    b_.ethernet(kBroadcastMac, h.mac, h.vlan, kEtherIpv4);
    b_.ipv4(h.ip, broadcast, kProtoUdp, h.initial_ttl, next_ip_id(static_cast<std::uint32_t>(mon.host)));
    b_.udp(kIntellivuePort, kIntellivuePort);
    const IntellivueIdentity id{h.mac, h.ip, mask, mon.manufacturer, mon.model, mon.serial,
                                mon.software_revision};
    // Relative time: 1/8 ms ticks since the monitor started (here: since the capture did).
    const auto ticks = static_cast<std::uint32_t>((now_ - cfg_.start_us) / 125);
    intellivue_connect_indication(b_, id, ticks);
    emit(now_, &SimStats::udp);
    schedule(now_ + kConnectIndicationPeriod + static_cast<std::int64_t>(rng_.below(20000)),
             Ev::intellivue, monitor);
}

}  // namespace daicho::capgen
