#pragma once
// A device as the ledger reports it: the merge of observations for one endpoint.
// Field names here are the stable JSON vocabulary (README "Device JSON").

#include <cstdint>
#include <string>
#include <vector>

namespace daicho::ledger {

struct SoftwareEntry {
    std::string product;
    std::string version;
    std::string source;  // protocol it came from
};

struct EvidenceEntry {
    std::string capture;  // capture file path
    std::uint64_t frame = 0;
};

struct FactEntry {
    std::string kind;  // collectors::fact_kind_name
    std::string value;
    std::string source;
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::uint64_t count = 0;
    EvidenceEntry evidence;  // first sighting
    // "" when the fact is about the device itself; otherwise the address of the device it
    // was stated about (facts kept per address: a DHCP server naming this gateway).
    std::string about;
};

struct AddressEntry {
    std::string address;
    std::string source;  // "arp", "ndp"
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    EvidenceEntry evidence;
};

struct DeviceRecord {
    std::int64_t id = 0;
    std::string mac;          // aa:bb:cc:dd:ee:ff
    std::int64_t domain = 0;  // broadcast domain (sensor) the MAC is unique in
    std::vector<AddressEntry> addresses;
    std::vector<int> vlans;
    std::string vendor;    // IEEE registry organisation, "" when unknown
    std::string mac_kind;  // "global" | "local"
    std::vector<std::string> hostnames;
    std::string category = "unknown";
    std::vector<SoftwareEntry> software;
    std::vector<std::string> services;  // "tcp/22", "udp/161": what the device serves
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    EvidenceEntry first_evidence;
    std::vector<FactEntry> facts;
};

}  // namespace daicho::ledger
