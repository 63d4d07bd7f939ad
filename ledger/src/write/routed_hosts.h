#pragma once
// Hosts behind a router (README "Routed hosts"). Their packets reach the sensor with the
// router's MAC, so the writer files their facts under the router with the sender IP
// (device_facts.subject_ip). Before a capture commits, every such IP that no device on the link
// holds gets a device row of its own, keyed by (domain, IP), so a person can annotate it and
// it keeps an id; ledger/src/read/devices.cpp hands it the facts.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "daicho/ledger/address_plan.h"

namespace daicho::ledger {

struct RoutedHost {
    std::int64_t id = 0;
    std::string address;
    std::int64_t first_us = 0;
};

// Inside the writer's open transaction. Returns the routed hosts it created (not those it
// only updated), for the history. Throws Error on an SQLite failure.
// `plan` decides which sender IPs are the hospital's (identity/routing.h).
std::vector<RoutedHost> record_routed_hosts(sqlite3* db, const AddressPlan& plan);

}  // namespace daicho::ledger
