// Opening and reading one live capture handle (source/live_handle.h).

#include "source/live_handle.h"

#include <array>
#include <span>
#include <vector>

namespace daicho::collectors {

namespace {

bool supported(int dlt) {
    for (LinkType l : {LinkType::null, LinkType::ethernet, LinkType::raw, LinkType::raw_dlt12,
                       LinkType::loop, LinkType::linux_sll, LinkType::linux_sll2}) {
        if (static_cast<int>(l) == dlt) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string pcap_message(pcap_t* pcap) { return pcap_library().geterr(pcap); }

void open_handle(Handle& h, int read_timeout_ms) {
    const PcapLibrary& api = pcap_library();
    std::array<char, PCAP_ERRBUF_SIZE> error{};
    const std::string& name = h.config.name;
    h.pcap = api.create((h.device.empty() ? name : h.device).c_str(), error.data());
    if (h.pcap == nullptr) {
        throw CaptureError(name, CaptureProblem::interface_failed, {error.data()},
                           std::string("cannot open the interface: ") + error.data());
    }
    if (h.config.snaplen < 64 || h.config.snaplen > 262144) {
        throw CaptureError(name, "snaplen " + std::to_string(h.config.snaplen) +
                                     " is outside 64..262144");
    }
    if (h.config.buffer_mib < 1 || h.config.buffer_mib > 2048) {
        throw CaptureError(name, "buffer_mib " + std::to_string(h.config.buffer_mib) +
                                     " is outside 1..2048");
    }
    api.set_snaplen(h.pcap, h.config.snaplen);
    api.set_promisc(h.pcap, h.config.promiscuous ? 1 : 0);
    api.set_buffer_size(h.pcap, h.config.buffer_mib * 1024 * 1024);
#ifdef _WIN32
    // Npcap hands frames over when its kernel buffer holds min_to_copy bytes or the timeout
    // passes; immediate mode keeps the loop's stop checks prompt.
    if (api.set_immediate_mode != nullptr) {
        api.set_immediate_mode(h.pcap, 1);
    }
#else
    // No immediate mode on Linux: libpcap then uses TPACKET_V3, whose ring blocks hold frames
    // packed by their length, and hands a block over when it is full or the read timeout
    // passes. Immediate mode forces TPACKET_V2, whose slots are each the largest frame the
    // interface may deliver: with GRO/TSO on (veth, most NICs) that is 64 KiB, so a 32 MiB
    // buffer held 512 frames, and a merge of a few milliseconds lost frames at 40,000 a second
    // (tests/bench/run-replay-bench.sh). A sensor has no use for the lower latency.
#endif
    api.set_timeout(h.pcap, read_timeout_ms);
    const int rc = api.activate(h.pcap);
    if (rc < 0) {
        std::string why = api.statustostr(rc);
        const std::string detail = pcap_message(h.pcap);
        if (!detail.empty() && detail != why) {
            why += ": " + detail;
        }
        if (rc == PCAP_ERROR_PERM_DENIED) {
            throw CaptureError(name, CaptureProblem::permission_denied, {why},
                               "cannot capture: " + why +
                                   " (capturing needs root or CAP_NET_RAW and CAP_NET_ADMIN)");
        }
        throw CaptureError(name, CaptureProblem::interface_failed, {why}, "cannot capture: " + why);
    }
    const int dlt = api.datalink(h.pcap);
    if (!supported(dlt)) {
        throw CaptureError(name, CaptureProblem::unsupported_link, {std::to_string(dlt)},
                           "unsupported link type " + std::to_string(dlt) +
                               " (daicho reads Ethernet, Linux cooked, loopback and raw IP)");
    }
    h.link = static_cast<LinkType>(dlt);
    if (!h.config.filter.empty()) {
        bpf_program program{};
        if (api.compile(h.pcap, &program, h.config.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
            const std::string why = pcap_message(h.pcap);
            throw CaptureError(name, CaptureProblem::bad_filter, {h.config.filter, why},
                               "filter \"" + h.config.filter + "\" does not compile: " + why);
        }
        const int set = api.setfilter(h.pcap, &program);
        api.freecode(&program);
        if (set != 0) {
            throw CaptureError(name, "cannot set the filter: " + pcap_message(h.pcap));
        }
    }
}

bool read_frame(Handle& h, std::uint16_t id, std::uint64_t frame_no, Frame& frame) {
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_library().next_ex(h.pcap, &hdr, &data);
    if (rc == 1) {
        ++h.received;
        frame.ts_us = static_cast<std::int64_t>(hdr->ts.tv_sec) * 1'000'000 +
                      static_cast<std::int64_t>(hdr->ts.tv_usec);
        frame.link = h.link;
        frame.interface_id = id;
        frame.bytes = std::as_bytes(std::span<const u_char>(data, hdr->caplen));
        frame.wire_len = hdr->len < hdr->caplen ? hdr->caplen : hdr->len;
        frame.evidence.frame_no = frame_no;
        frame.evidence.ts_us = frame.ts_us;
        return true;
    }
    if (rc == 0 || rc == PCAP_ERROR_BREAK) {
        return false;  // nothing buffered now, the read timeout passed, or stop() woke the read
    }
    throw CaptureError(h.config.name, "capture failed: " + pcap_message(h.pcap));
}

std::vector<CaptureDevice> capture_devices() {
    const PcapLibrary& api = pcap_library();
    std::array<char, PCAP_ERRBUF_SIZE> error{};
    pcap_if_t* all = nullptr;
    if (api.findalldevs(&all, error.data()) != 0) {
        throw CaptureError("live", std::string("cannot list the interfaces: ") + error.data());
    }
    std::vector<CaptureDevice> out;
    for (const pcap_if_t* d = all; d != nullptr; d = d->next) {
        CaptureDevice device;
        device.name = d->name != nullptr ? d->name : "";
        device.description = d->description != nullptr ? d->description : "";
        device.friendly_name = friendly_name_of(device.name);
        out.push_back(std::move(device));
    }
    api.freealldevs(all);
    return out;
}

std::string device_for(const std::string& name) {
    const auto devices = capture_devices();
    const CaptureDevice* found = nullptr;
    for (const auto& d : devices) {
        if (d.name == name) {
            return name;
        }
        if (d.friendly_name == name || d.description == name) {
            if (found != nullptr && found->name != d.name) {
                throw CaptureError(name, "names more than one interface (" + found->name + ", " +
                                             d.name + "); use the device name");
            }
            found = &d;
        }
    }
    // Not listed: libpcap may still open it (an interface that appears later, "any").
    return found != nullptr ? found->name : name;
}

InterfaceStats handle_stats(const Handle& h) {
    InterfaceStats s;
    s.name = h.config.name;
    s.received = h.received;
    pcap_stat st{};
    if (pcap_library().stats(h.pcap, &st) == 0) {
        s.kernel_dropped = st.ps_drop;
        s.interface_dropped = st.ps_ifdrop;
    }
    return s;
}

}  // namespace daicho::collectors
