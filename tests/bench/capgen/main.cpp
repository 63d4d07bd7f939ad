// daicho-capgen: writes a deterministic synthetic capture of a hospital LAN.
//   daicho-capgen --profile demo|hospital --out FILE [--frames N] [--hosts N] [--seed S]
//                 [--snaplen N] [--hosts-table]
// Same arguments => byte-identical file. Everything in it is synthetic (see
// tests/demo/README.md); bulk payloads are a fixed byte pattern.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "network.h"
#include "pcap_writer.h"
#include "simulator.h"

namespace {

using daicho::capgen::Network;
using daicho::capgen::SimConfig;

constexpr const char* kUsage =
    "usage: daicho-capgen --profile demo|hospital --out FILE [--frames N] [--hosts N]\n"
    "                     [--seed S] [--snaplen N] [--hosts-table]\n"
    "  --profile    demo: small readable LAN (33 hosts, default 700 frames)\n"
    "               hospital: benchmark LAN (default 3000 hosts, 5000000 frames)\n"
    "  --frames N   number of frames to write\n"
    "  --hosts N    hosts in the hospital profile (ignored by demo)\n"
    "  --seed S     PRNG seed (default 1); same arguments give the same bytes\n"
    "  --snaplen N  cut TCP session frames to N captured bytes, keeping the wire length;\n"
    "               identity and UDP frames stay whole (default 0 = no cut)\n"
    "  --hosts-table  also print the host table (Markdown) on stdout\n";

struct Options {
    std::string profile;
    std::string out;
    std::uint64_t frames = 0;
    std::uint64_t hosts = 3000;
    std::uint64_t seed = 1;
    std::uint32_t snaplen = 0;
    bool hosts_table = false;
};

std::uint64_t parse_number(std::string_view flag, const char* text) {
    std::size_t used = 0;
    std::uint64_t v = 0;
    try {
        v = std::stoull(text, &used, 0);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || text[used] != '\0') {
        throw std::invalid_argument(std::string(flag) + ": not a number: " + text);
    }
    return v;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                throw std::invalid_argument(std::string(a) + " needs a value");
            }
            return argv[++i];
        };
        if (a == "--profile") {
            o.profile = value();
        } else if (a == "--out") {
            o.out = value();
        } else if (a == "--frames") {
            o.frames = parse_number(a, value());
        } else if (a == "--hosts") {
            o.hosts = parse_number(a, value());
        } else if (a == "--seed") {
            o.seed = parse_number(a, value());
        } else if (a == "--snaplen") {
            const auto v = parse_number(a, value());
            if (v != 0 && (v < 60 || v > 262144)) {
                throw std::invalid_argument("--snaplen: must be 0 or 60..262144");
            }
            o.snaplen = static_cast<std::uint32_t>(v);
        } else if (a == "--hosts-table") {
            o.hosts_table = true;
        } else if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else {
            throw std::invalid_argument("unknown argument: " + std::string(a));
        }
    }
    if (o.profile != "demo" && o.profile != "hospital") {
        throw std::invalid_argument("--profile must be demo or hospital");
    }
    if (o.out.empty()) {
        throw std::invalid_argument("--out FILE is required");
    }
    if (o.frames == 0) {
        o.frames = o.profile == "demo" ? 700 : 5000000;
    }
    return o;
}

SimConfig demo_config() {
    SimConfig c;
    c.session_slots = 4;
    c.bulk_gap_min_us = 200000;
    c.bulk_gap_max_us = 1200000;
    c.size_div = 256;
    c.max_rounds = 3;
    c.arp_first_s = 20;
    c.arp_min_s = 30;
    c.arp_max_s = 90;
    c.router_arp_min_s = 60;
    c.router_arp_max_s = 180;
    c.dns_min_s = 40;
    c.dns_max_s = 120;
    c.ntp_min_s = 120;
    c.ntp_max_s = 300;
    c.snmp_period_s = 60;
    c.syslog_min_s = 60;
    c.syslog_max_s = 120;
    c.ra_min_s = 30;
    c.ra_max_s = 90;
    c.ndp_min_s = 20;
    c.ndp_max_s = 60;
    c.dhcp_window_s = 30;
    c.dora_per_mille = 1000;
    return c;
}

void print_hosts(const Network& net) {
    std::printf("| # | role | MAC | vendor (OUI owner) | IPv4 | VLAN | DHCP hostname (opt 12) |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    std::size_t n = 0;
    for (const auto& h : net.hosts) {
        std::string name = "(static, none)";
        if (!h.hostname.empty()) {
            name = "`";
            for (const char c : h.hostname) {
                name += c == '|' ? std::string("\\|") : std::string(1, c);  // GFM table cell
            }
            name += "`";
        }
        std::printf("| %zu | %s%s | %s | %.*s | %s | %u | %s |\n", ++n, h.label.c_str(),
                    h.ipv6 ? " (+IPv6 NDP)" : "", daicho::capgen::mac_text(h.mac).c_str(),
                    static_cast<int>(h.vendor.size()), h.vendor.data(),
                    daicho::capgen::ipv4_text(h.ip).c_str(), static_cast<unsigned>(h.vlan),
                    name.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        const auto t0 = std::chrono::steady_clock::now();
        daicho::capgen::Rng identity(o.seed);
        const Network net = o.profile == "demo" ? daicho::capgen::build_demo(identity)
                                                : daicho::capgen::build_hospital(o.hosts, identity);
        const SimConfig cfg = o.profile == "demo" ? demo_config() : SimConfig{};
        daicho::capgen::PcapWriter out(o.out, o.snaplen);
        daicho::capgen::Simulator sim(net, cfg, o.seed ^ 0x5eed5eed5eed5eedULL);
        const auto st = sim.run(out, o.frames);
        out.close();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o.hosts_table) {
            print_hosts(net);
        }
        const auto frames = out.frames();
        std::fprintf(stderr,
                     "daicho-capgen: %s: %llu frames, %zu hosts, %zu VLANs, %.1f s of traffic; "
                     "%llu bytes captured (avg %.0f, wire avg %.0f); tcp %llu udp %llu arp %llu "
                     "ndp %llu dhcp %llu lldp %llu; written in %.2f s\n",
                     o.out.c_str(), static_cast<unsigned long long>(frames), net.hosts.size(),
                     net.vlans.size(), static_cast<double>(st.last_us - st.first_us) / 1e6,
                     static_cast<unsigned long long>(out.captured_bytes()),
                     frames != 0 ? static_cast<double>(out.captured_bytes()) / static_cast<double>(frames) : 0.0,
                     frames != 0 ? static_cast<double>(out.wire_bytes()) / static_cast<double>(frames) : 0.0,
                     static_cast<unsigned long long>(st.tcp), static_cast<unsigned long long>(st.udp),
                     static_cast<unsigned long long>(st.arp), static_cast<unsigned long long>(st.ndp),
                     static_cast<unsigned long long>(st.dhcp), static_cast<unsigned long long>(st.lldp),
                     secs);
        return 0;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "daicho-capgen: %s\n%s", e.what(), kUsage);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "daicho-capgen: %s\n", e.what());
        return 1;
    }
}
