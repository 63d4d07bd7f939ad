#pragma once
// Facts that crossed a router. The writer files every fact under the MAC it arrived with, so a
// server in another VLAN answering through the router has its banner stored under the router,
// with the server's IP as subject_ip. On read such a fact moves to the host that sent it: the
// device on the link holding that IP when there is one (traffic routed between two VLANs the
// sensor both sees), else the routed host row for that IP (write/routed_hosts.h). Facts with
// no such host yet stay where they were. Facts a device relayed from outside the hospital
// (identity/routing.h relayed_from_outside: an Internet server's banner, service or DNS role
// answering through the firewall) leave the relay and go to nobody: no device is that host.
// They stay stored under the relay (device_facts.subject_ip), for the connection model.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/device.h"

namespace daicho::ledger {

// The device that owns the facts sent from `address` in `domain`: the first device on the link
// (in ledger order) holding the address, else the routed host row for it; nullopt when neither.
using HostResolver =
    std::function<std::optional<std::int64_t>(std::int64_t domain, const std::string& address)>;

// `devices` is the whole ledger: hosts are resolved among them.
void hand_over_routed_facts(std::vector<DeviceRecord>& devices, const AddressPlan& plan);

// `devices` is part of the ledger (a lookup): `resolve` answers over the whole ledger, and a
// fact whose host lies outside `devices` leaves the part, as it leaves its router in the whole.
void hand_over_routed_facts(std::vector<DeviceRecord>& devices, const HostResolver& resolve,
                            const AddressPlan& plan);

// Sets DeviceRecord::outside_plan: a device on the link with addresses, every one of them
// routable and outside `plan`. Link-local-only devices and routed hosts (always inside) never.
void mark_outside_plan(std::vector<DeviceRecord>& devices, const AddressPlan& plan);

}  // namespace daicho::ledger
