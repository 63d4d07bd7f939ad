#pragma once
// Live capture on one or more interfaces (a switch's mirror ports), through libpcap: the
// PacketSource behind `daicho run`. It never transmits: the handles are only read.
//
// One thread reads every interface: poll(2) on libpcap's selectable descriptors in
// non-blocking mode, so the kernel's capture buffer (`buffer_mib` per interface) is the queue
// between the wire and the decoders, and what it cannot hold is counted by the kernel
// (ps_drop) and the interface (ps_ifdrop), both kept per interface (stats()). A second queue
// in daicho would only move the losses to a place the kernel cannot count them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "daicho/collectors/source.h"

namespace daicho::collectors {

struct LiveInterface {
    std::string name;    // "eth1"
    std::string filter;  // BPF (pcap-filter(7)); empty: every frame
    // Bytes kept per frame: whole frames by default, since DICOM associations, TLS
    // certificates and LLDP can be long and a cut frame loses what comes after the cut.
    int snaplen = 65535;
    // The kernel's capture buffer: bursts ride on it, and it holds what arrives while a merge
    // writes the ledger (the loop does not read meanwhile). Measured with merges every second
    // (tests/bench/run-replay-bench.sh, 1,000,000 frames of the benchmark corpus): 32 MiB lost
    // 19% at 1 Gbit/s, 128 MiB lost none at 954 Mbit/s (400,000 frames a second); a sensor's
    // box has the memory.
    int buffer_mib = 128;
    bool promiscuous = true;
};

// Frames and losses of one interface since it was opened (libpcap's pcap_stats).
struct InterfaceStats {
    std::string name;
    std::uint64_t received = 0;         // frames handed out by daicho
    std::uint64_t kernel_dropped = 0;   // ps_drop: the capture buffer was full
    std::uint64_t interface_dropped = 0;  // ps_ifdrop: the NIC or driver dropped them
};

// An interface the capture library can open: its device name ("eth1", "\\Device\\NPF_{GUID}"),
// the name a person knows it by (Windows: the adapter's "Ethernet 2"; Linux: the same name) and
// the library's description.
struct CaptureDevice {
    std::string name;
    std::string friendly_name;
    std::string description;
};

// Every interface the capture library sees. Throws CaptureUnavailable when the library is
// missing (Npcap not installed), CaptureError when it cannot list them.
[[nodiscard]] std::vector<CaptureDevice> capture_devices();

class LiveCapture final : public PacketSource {
   public:
    // Opens and activates every interface (promiscuous as configured, immediate delivery, the
    // filter compiled and set). An interface is named by its device name or, where that is a
    // GUID (Windows), by its friendly name or description as capture_devices() lists them. Throws CaptureError naming the interface and libpcap's reason
    // (no such device, permission: CAP_NET_RAW is needed, a filter that does not compile).
    explicit LiveCapture(std::vector<LiveInterface> interfaces);
    ~LiveCapture() override;

    enum class Next { frame, idle, stopped };
    // The next frame, waiting at most `wait`: idle when none came (the caller's timer work),
    // stopped once stop() was called. Throws CaptureError when an interface fails.
    Next poll(Frame& frame, std::chrono::milliseconds wait);

    bool next(Frame& frame) override;  // poll() until a frame or the stop
    void stop() noexcept override;     // safe from a signal handler's thread or another
    [[nodiscard]] std::uint16_t interface_count() const noexcept override;
    [[nodiscard]] LinkType link_type(std::uint16_t id = 0) const noexcept override;
    [[nodiscard]] const std::string& name() const noexcept override;
    [[nodiscard]] bool finite() const noexcept override { return false; }
    [[nodiscard]] CaptureProgress progress() const noexcept override;
    [[nodiscard]] SourceStats stats() const noexcept override;
    // Per interface, read from the kernel now (not async-signal-safe: call from the loop).
    [[nodiscard]] std::vector<InterfaceStats> interface_stats() const;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::collectors
