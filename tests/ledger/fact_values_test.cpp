// Structured fact values (ledger/fact_values.h): the decoders' texts read back as their parts,
// and any other kind, source or shape refused rather than half-read.

#include "daicho/ledger/fact_values.h"

#include <catch2/catch.hpp>
#include <string>

using daicho::collectors::FactKind;
using daicho::ledger::FactEntry;
using daicho::ledger::VlanAnnouncement;

namespace {

FactEntry fact(FactKind kind, std::string value, std::string source) {
    FactEntry f;
    f.kind = kind;
    f.value = std::move(value);
    f.source = std::move(source);
    return f;
}

}  // namespace

TEST_CASE("a DICOM peer: the called AE title and the address it was reached at",
          "[ledger][fact-values]") {
    const auto p = dicom_peer(fact(FactKind::peer, "dicom-scp PACS MAIN 10.20.0.5", "dicom"));
    REQUIRE(p);
    CHECK(p->ae_title == "PACS MAIN");
    CHECK(p->address == "10.20.0.5");
    const auto no_ip = dicom_peer(fact(FactKind::peer, "dicom-scp ARCHIVE", "dicom"));
    REQUIRE(no_ip);
    CHECK(no_ip->ae_title == "ARCHIVE");
    CHECK(no_ip->address.empty());
    const auto v6 = dicom_peer(fact(FactKind::peer, "dicom-scp WS1 FD00::5", "dicom"));
    REQUIRE(v6);
    CHECK(v6->address == "fd00::5");
    CHECK_FALSE(dicom_peer(fact(FactKind::peer, "snmp-manager 10.0.0.9", "snmp")));
    CHECK_FALSE(dicom_peer(fact(FactKind::peer, "dicom-scp ", "dicom")));
    CHECK_FALSE(dicom_peer(fact(FactKind::role, "dicom-scp PACS 10.0.0.1", "dicom")));
}

TEST_CASE("an announced VLAN: port VLAN, VLAN name, voice policy, VTP domain",
          "[ledger][fact-values]") {
    using What = VlanAnnouncement::What;
    const auto pvid = vlan_announcement(fact(FactKind::vlan_announced, "pvid=20", "lldp"));
    REQUIRE(pvid);
    CHECK(pvid->what == What::port_vlan);
    CHECK(pvid->vlan == 20);
    const auto native = vlan_announcement(fact(FactKind::vlan_announced, "native-vlan=1", "cdp"));
    REQUIRE(native);
    CHECK(native->what == What::port_vlan);
    CHECK(native->vlan == 1);
    const auto named =
        vlan_announcement(fact(FactKind::vlan_announced, "vlan 30 name=放射線科 VLAN", "lldp"));
    REQUIRE(named);
    CHECK(named->what == What::vlan_name);
    CHECK(named->vlan == 30);
    CHECK(named->name == "放射線科 VLAN");
    const auto voice =
        vlan_announcement(fact(FactKind::vlan_announced, "med-policy app=1 vlan=40", "lldp"));
    REQUIRE(voice);
    CHECK(voice->what == What::voice_policy);
    CHECK(voice->application == 1);
    CHECK(voice->vlan == 40);
    const auto vtp = vlan_announcement(fact(FactKind::vlan_announced, "vtp-domain=HOSP", "cdp"));
    REQUIRE(vtp);
    CHECK(vtp->what == What::vtp_domain);
    CHECK(vtp->name == "HOSP");
    for (const char* bad :
         {"pvid=4096", "pvid=", "pvid=-1", "pvid=+5", "pvid=12x", "vlan 30", "vlan x name=a",
          "med-policy app=1", "med-policy app=300 vlan=2", "something else"}) {
        INFO(bad);
        CHECK_FALSE(vlan_announcement(fact(FactKind::vlan_announced, bad, "lldp")));
    }
    CHECK_FALSE(vlan_announcement(fact(FactKind::platform, "pvid=20", "lldp")));
}
