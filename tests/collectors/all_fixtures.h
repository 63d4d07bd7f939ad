#pragma once
// Every frame fixture: the link/network ones (fixtures.h) and one file per protocol
// (fixtures/<proto>.h), so a new decoder adds its file and one line here.

#include <span>
#include <vector>

#include "fixtures.h"
#include "fixtures/cdp.h"
#include "fixtures/dhcp.h"
#include "fixtures/dhcpv6.h"
#include "fixtures/dicom.h"
#include "fixtures/dns.h"
#include "fixtures/hl7.h"
#include "fixtures/http.h"
#include "fixtures/intellivue.h"
#include "fixtures/lldp.h"
#include "fixtures/netbios.h"
#include "fixtures/remote_access.h"
#include "fixtures/smb.h"
#include "fixtures/snmp.h"
#include "fixtures/ssdp.h"
#include "fixtures/ssh.h"
#include "fixtures/tls.h"

namespace daicho::test::fixtures {

inline std::vector<FrameFixture> all_frames() {
    std::vector<FrameFixture> out;
    for (const auto& group :
         {std::span<const FrameFixture>(kCoreFrames), std::span<const FrameFixture>(kDhcpFrames),
          std::span<const FrameFixture>(kDhcpv6Frames), std::span<const FrameFixture>(kLldpFrames),
          std::span<const FrameFixture>(kCdpFrames), std::span<const FrameFixture>(kSnmpFrames),
          std::span<const FrameFixture>(kDnsFrames), std::span<const FrameFixture>(kSsdpFrames),
          std::span<const FrameFixture>(kNetbiosFrames), std::span<const FrameFixture>(kTlsFrames),
          std::span<const FrameFixture>(kSshFrames), std::span<const FrameFixture>(kHttpFrames),
          std::span<const FrameFixture>(kSmbFrames),
          std::span<const FrameFixture>(kIntellivueFrames),
          std::span<const FrameFixture>(kDicomFrames), std::span<const FrameFixture>(kHl7Frames),
          std::span<const FrameFixture>(kRemoteAccessFrames)}) {
        out.insert(out.end(), group.begin(), group.end());
    }
    return out;
}

}  // namespace daicho::test::fixtures
