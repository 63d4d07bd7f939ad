// The "hospital" profile: a benchmark-sized LAN (default 3000 hosts) in twelve department
// VLANs behind one L3 core. Device mixes per department, vendors from real OUIs; MAC
// suffixes, phone MACs and the vendor picks come from the seed.

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "network.h"

namespace daicho::capgen {

namespace {

struct Mix {
    std::uint16_t weight;  // per mille of the department
    Role role;
    const char* label;
    std::array<const Oui*, 4> ouis;  // picked uniformly; nullptr entries unused; all null = random
    const char* prefix;              // hostname prefix ("" = none sent)
    DhcpProfile dhcp;
    std::uint16_t ipv6_per_mille;
};

struct Department {
    std::uint16_t vlan;
    const char* name;
    std::uint16_t share;  // per mille of all end hosts
    bool ipv6_ra;
    std::array<Mix, 4> mix;
};

constexpr std::array<const Oui*, 4> kPcs{&oui::kFujitsu, &oui::kNec, &oui::kDell, &oui::kHp};
constexpr std::array<const Oui*, 4> kLaptops{&oui::kLenovo, &oui::kHp2, &oui::kDell2, nullptr};
constexpr std::array<const Oui*, 4> kModalities{&oui::kGeHealthcare, &oui::kSiemens,
                                                &oui::kFujifilm, &oui::kToshiba};
constexpr std::array<const Oui*, 4> kMonitors{&oui::kNihonKohden, &oui::kFukudaDenshi,
                                              &oui::kPhilipsMedical, nullptr};
constexpr std::array<const Oui*, 4> kLab{&oui::kSiemensDiagnostics, &oui::kSysmex,
                                         &oui::kFujifilm, nullptr};
constexpr std::array<const Oui*, 4> kPrinters{&oui::kBrother, &oui::kCanon,
                                              &oui::kKonicaMinolta, nullptr};
constexpr std::array<const Oui*, 4> kServers{&oui::kDell, &oui::kHpe, &oui::kFujitsu2,
                                             &oui::kNec2};
constexpr std::array<const Oui*, 4> kRandom{nullptr, nullptr, nullptr, nullptr};
constexpr Mix kNone{0, Role::pc, "", kRandom, "", DhcpProfile::none, 0};

constexpr Mix pc(std::uint16_t w, const char* prefix, std::uint16_t v6) {
    return Mix{w, Role::pc, "PC", kPcs, prefix, DhcpProfile::windows, v6};
}
constexpr Mix phone(std::uint16_t w) {
    return Mix{w, Role::phone, "smartphone", kRandom, "", DhcpProfile::android, 1000};
}
constexpr Mix printer(std::uint16_t w) {
    return Mix{w, Role::printer, "printer", kPrinters, "PRN", DhcpProfile::printer, 0};
}
constexpr Mix monitor(std::uint16_t w) {
    return Mix{w, Role::monitor, "patient monitor", kMonitors, "", DhcpProfile::none, 0};
}

const std::array<Department, 12> kDepartments{{
    {10, "放射線科 radiology", 70, false,
     {Mix{300, Role::modality, "modality", kModalities, "", DhcpProfile::none, 0},
      pc(550, "RAD-WS", 300), printer(50), phone(100)}},
    {20, "検査科 laboratory", 50, false,
     {Mix{350, Role::lab_analyzer, "lab analyser", kLab, "", DhcpProfile::none, 0},
      pc(550, "LAB-PC", 200), printer(100), kNone}},
    {30, "病棟 wards", 230, true, {pc(450, "NS-PC", 400), monitor(200), printer(50), phone(300)}},
    {40, "外来 outpatient", 170, true, {pc(700, "OPD-PC", 300), printer(100), phone(200), kNone}},
    {50, "事務 administration", 100, true, {pc(800, "ADM-PC", 300), printer(100), phone(100), kNone}},
    {60, "医局 doctors' office", 80, true,
     {Mix{600, Role::laptop, "laptop", kLaptops, "DR-NB", DhcpProfile::windows, 600}, phone(400),
      kNone, kNone}},
    {70, "手術室 operating rooms", 40, false,
     {pc(500, "OR-PC", 0), monitor(400),
      Mix{100, Role::modality, "C-arm", kModalities, "", DhcpProfile::none, 0}, kNone}},
    {80, "ICU", 50, false, {pc(350, "ICU-PC", 0), monitor(650), kNone, kNone}},
    {100, "サーバ室 server room", 40, false,
     {Mix{1000, Role::server, "server", kServers, "", DhcpProfile::none, 200}, kNone, kNone,
      kNone}},
    {110, "薬剤部 pharmacy", 30, false, {pc(800, "PH-PC", 0), printer(200), kNone, kNone}},
    {120, "リハビリ rehabilitation", 30, false, {pc(800, "RH-PC", 0), phone(200), kNone, kNone}},
    {200, "guest Wi-Fi", 110, true, {phone(1000), kNone, kNone, kNone}},
}};

constexpr std::array<const char*, 8> kPhoneNames{"iPhone",    "iPhone",     "Galaxy-A54",
                                                 "Pixel-7a",  "AQUOS-sense8", "",
                                                 "OPPO-Reno9", "iPad"};

// The first servers provide the services; the rest are generic.
constexpr std::array<const char*, 11> kServerNames{
    "DC01", "EMR-SV01", "PACS-SV01", "FS01", "HL7-GW01", "LIS-SV01",
    "NMS01", "WSUS01", "EMR-WEB01", "PACS-WEB01", "DC02"};

std::string numbered(const char* prefix, std::size_t n, int width) {
    std::array<char, 48> buf{};
    std::snprintf(buf.data(), buf.size(), "%s%0*zu", prefix, width, n);
    return std::string(buf.data());
}

}  // namespace

Network build_hospital(std::size_t hosts, Rng& rng) {
    Network net;
    net.domain = "hosp.local";
    net.pacs_port = 11112;
    if (hosts < 100) {
        hosts = 100;
    }

    // Router (core SVIs) and the core switch management address come first.
    Host router;
    router.label = "core L3 gateway (SVIs)";
    router.role = Role::router;
    router.vendor = oui::kCisco.owner;
    router.mac = mac_from_oui(oui::kCisco, rng);
    router.vlan = 100;
    router.ip = ipv4(10, 100, 0, 1);
    router.ipv6 = true;
    finish_host(router, rng);
    net.hosts.push_back(router);
    net.router = 0;

    for (const auto& d : kDepartments) {
        net.vlans.push_back(Vlan{d.vlan, d.name,
                                 ipv4(10, static_cast<std::uint8_t>(d.vlan), 0, 1), d.ipv6_ra});
    }

    std::size_t counter = 0;
    for (const auto& d : kDepartments) {
        const std::size_t n = std::max<std::size_t>(hosts * d.share / 1000, 4);
        std::size_t server_no = 0;
        std::size_t per_prefix = 0;
        for (std::size_t i = 0; i < n; ++i) {
            // Pick the mix entry by weight.
            auto pick = rng.below(1000);
            const Mix* m = &d.mix[0];
            for (const auto& candidate : d.mix) {
                if (candidate.weight == 0) {
                    continue;
                }
                m = &candidate;
                if (pick < candidate.weight) {
                    break;
                }
                pick -= candidate.weight;
            }
            Host h;
            h.role = m->role;
            h.label = m->label;
            h.vlan = d.vlan;
            h.ip = ipv4(10, static_cast<std::uint8_t>(d.vlan),
                        static_cast<std::uint8_t>(1 + i / 200),
                        static_cast<std::uint8_t>(10 + i % 200));
            std::size_t vendors = 0;
            while (vendors < m->ouis.size() && m->ouis[vendors] != nullptr) {
                ++vendors;
            }
            const bool randomised =
                vendors == 0 || (m->role == Role::laptop && rng.chance(300));
            if (randomised) {
                h.mac = random_local_mac(rng);
                h.vendor = kRandomisedVendor;
            } else {
                const Oui* o = m->ouis[rng.below(vendors)];
                h.mac = mac_from_oui(*o, rng);
                h.vendor = o->owner;
            }
            h.dhcp = m->dhcp;
            if (h.role == Role::phone) {
                h.dhcp = rng.chance(500) ? DhcpProfile::ios : DhcpProfile::android;
                h.hostname = kPhoneNames[rng.below(kPhoneNames.size())];
            } else if (h.role == Role::server) {
                h.hostname = server_no < kServerNames.size() ? kServerNames[server_no]
                                                             : numbered("SV", server_no, 3);
                h.ip = ipv4(10, 100, 1, static_cast<std::uint8_t>(10 + server_no));
                ++server_no;
            } else if (h.role == Role::printer) {
                h.hostname = numbered("PRN-", ++counter, 4);
            } else if (*m->prefix != '\0') {
                ++per_prefix;
                h.hostname = numbered(m->prefix, per_prefix, 3);
            }
            h.ipv6 = rng.chance(m->ipv6_per_mille) && d.ipv6_ra;
            if (h.role == Role::server) {
                h.ipv6 = false;
            }
            finish_host(h, rng);
            net.hosts.push_back(std::move(h));
        }
    }

    // Services: the named servers of VLAN 100, in kServerNames order.
    std::size_t first_server = 0;
    for (std::size_t i = 0; i < net.hosts.size(); ++i) {
        if (net.hosts[i].role == Role::server) {
            first_server = i;
            break;
        }
    }
    auto server = [&](std::size_t k) { return first_server + k; };
    net.svc.dns = server(0);
    net.svc.dhcp = server(0);
    net.svc.ntp = server(0);
    net.svc.emr = server(1);
    net.svc.pacs = server(2);
    net.svc.fileserver = server(3);
    net.svc.hl7 = server(4);
    net.svc.lis = server(5);
    net.svc.nms = server(6);
    net.svc.syslog = server(6);
    net.svc.web = {server(7), server(8), server(9)};

    // Switches: the core plus one access switch per ~125 hosts.
    const std::size_t access = std::max<std::size_t>(2, hosts / 125);
    for (std::size_t s = 0; s <= access; ++s) {
        const bool core = s == 0;
        const bool allied = !core && s % 3 != 0;
        const Oui& o = core ? oui::kCisco : (allied ? oui::kAlliedTelesis : oui::kCisco2);
        Host h;
        h.role = Role::network;
        h.label = core ? "core switch" : "access switch";
        h.vendor = o.owner;
        h.mac = mac_from_oui(o, rng);
        h.vlan = 100;
        h.ip = ipv4(10, 100, 250, static_cast<std::uint8_t>(1 + s));
        finish_host(h, rng);
        net.hosts.push_back(h);

        const auto& dept = kDepartments[s % kDepartments.size()];
        Switch sw;
        sw.host = net.hosts.size() - 1;
        sw.sys_name = core ? std::string("core-sw1")
                           : numbered("sw-v", dept.vlan, 3) + numbered("-", s, 2);
        sw.sys_descr =
            core ? "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software "
                   "(CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)"
            : allied
                ? "AlliedWare Plus (TM) 5.5.3 x530L-28GTX"
                : "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software "
                  "(CAT9K_LITE_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)";
        sw.port_id = core ? "Te1/0/48" : (allied ? "port1.0.28" : "Te1/1/1");
        sw.port_descr = core ? "SPAN to daicho sensor" : "uplink core-sw1";
        sw.capabilities = core ? 0x0014 : 0x0004;
        sw.port_mac = h.mac;
        sw.port_mac.b[5] = static_cast<std::uint8_t>(sw.port_mac.b[5] + 1U + s);
        net.switches.push_back(std::move(sw));
    }
    return net;
}

}  // namespace daicho::capgen
