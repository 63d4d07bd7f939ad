#pragma once
// Which sender IPs behind one MAC are other hosts, forwarded by that MAC acting as a router.
// One rule for the writer (which gives those hosts device rows) and the reader (which hands
// them their facts), so the two never disagree.
//
// A sender IP is a candidate when it is not one of the MAC's own addresses, could have
// crossed a router at all (not link-local, unspecified or multicast: those never leave the
// link), is inside the hospital's address plan (daicho/ledger/address_plan.h: the config's
// sites, departments and internal ranges, else RFC 1918/ULA; the web servers of the Internet
// answering through the firewall are not the hospital's devices), and the MAC has an address
// of the same family (else nothing says the IP is foreign:
// a host whose IPv4 was never ARPed in the capture still owns it). Candidates are hosts behind
// the MAC only when the MAC routes: it announces so (an IPv6 RA, an LLDP/CDP router
// capability) or it sends for two or more foreign IPs. A PC with one stray secondary address
// therefore keeps its facts.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/address_plan.h"

namespace daicho::ledger {

// The IP's scope: true when packets from it can come from another subnet.
[[nodiscard]] bool routable_source(std::string_view ip) noexcept;

// Whether `ip` may be judged against `own`: some own address shares its family.
[[nodiscard]] bool same_family_known(std::string_view ip,
                                     std::span<const std::string> own) noexcept;

// Whether a fact (kind, value) says its sender routes.
[[nodiscard]] bool announces_routing(std::string_view kind, std::string_view value) noexcept;

// Whether a fact sent from `ip` reached the sensor through a device holding `own` from outside
// the hospital: `ip` is routable, outside `plan`, none of `own`, and `own` has its
// family. Such a fact is about a server (or client) on the Internet, never about the relay
// (the firewall, a core router, the ISP's router), and no device of the ledger is that host.
[[nodiscard]] bool relayed_from_outside(std::string_view ip, std::span<const std::string> own,
                                        const AddressPlan& plan);

// The distinct sender IPs (of `senders`) that are hosts behind the MAC, sorted.
[[nodiscard]] std::vector<std::string> hosts_behind(std::span<const std::string> own,
                                                    std::span<const std::string> senders,
                                                    bool announces_routing,
                                                    const AddressPlan& plan);

}  // namespace daicho::ledger
