// Medical payloads for the capture generator. Refs: DICOM PS3.8 §9.3.1-9.3.7 (PDU header,
// A-ASSOCIATE-RQ/AC fixed fields and items, P-DATA-TF and its PDV items, A-RELEASE), Annex E.2
// (message control header), PS3.7 §9.3.1 and §E.1 (C-STORE command set, group 0000, Implicit
// VR Little Endian), §D.3.3.2 (implementation class UID and version name sub-items), PS3.5
// §7.1.2 (explicit VR elements) and §6.2 (values padded to even length: UIDs with NUL, text
// with a space); HL7 MLLP Release 2 (block format); Philips IntelliVue Data Export Interface
// Programming Guide (4535 642 59271), "Connect Indication Message" and "Attribute Data Types"
// (every integer big-endian, every structure preceded by its length). The byte layouts are the
// ones collectors/src/proto/{dicom,hl7,intellivue} and their fixtures read.

#include "medical_payloads.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>

namespace daicho::capgen {

namespace {

constexpr std::uint8_t kAssociateRq = 0x01;
constexpr std::uint8_t kAssociateAc = 0x02;
constexpr std::uint8_t kPData = 0x04;
constexpr std::uint8_t kReleaseRq = 0x05;
constexpr std::uint8_t kReleaseRp = 0x06;
constexpr std::uint8_t kApplicationContextItem = 0x10;
constexpr std::uint8_t kPresentationContextRq = 0x20;
constexpr std::uint8_t kPresentationContextAc = 0x21;
constexpr std::uint8_t kAbstractSyntax = 0x30;
constexpr std::uint8_t kTransferSyntax = 0x40;
constexpr std::uint8_t kUserInformation = 0x50;
constexpr std::uint8_t kMaximumLength = 0x51;
constexpr std::uint8_t kImplementationClassUid = 0x52;
constexpr std::uint8_t kImplementationVersionName = 0x55;
constexpr std::uint8_t kContextId = 1;
constexpr std::uint8_t kPdvCommandLast = 0x03;  // Annex E.2: command, last fragment
constexpr std::uint8_t kPdvDatasetLast = 0x02;  // dataset, last fragment
constexpr std::size_t kAeTitleBytes = 16;

void patch_be32(FrameBuilder& b, std::size_t at, std::uint32_t v) noexcept {
    b.patch_be16(at, static_cast<std::uint16_t>(v >> 16U));
    b.patch_be16(at + 2, static_cast<std::uint16_t>(v & 0xffffU));
}

void le16(FrameBuilder& b, std::uint16_t v) noexcept {
    b.u8(static_cast<std::uint8_t>(v & 0xffU));
    b.u8(static_cast<std::uint8_t>(v >> 8U));
}

void le32(FrameBuilder& b, std::uint32_t v) noexcept {
    le16(b, static_cast<std::uint16_t>(v & 0xffffU));
    le16(b, static_cast<std::uint16_t>(v >> 16U));
}

void patch_le32(FrameBuilder& b, std::size_t at, std::uint32_t v) noexcept {
    for (std::size_t i = 0; i < 4; ++i) {
        b.patch_u8(at + i, static_cast<std::uint8_t>(v >> (8U * i)));
    }
}

// A 32-bit big-endian length the caller fills in once the body is written: returns where the
// body starts; close_be32 patches the length as "bytes since then".
std::size_t open_be32(FrameBuilder& b) noexcept {
    b.be32(0);
    return b.size();
}
void close_be32(FrameBuilder& b, std::size_t body) noexcept {
    patch_be32(b, body - 4, static_cast<std::uint32_t>(b.size() - body));
}

// PDU header (§9.3.1): type, reserved, 32-bit length of the rest.
std::size_t pdu_open(FrameBuilder& b, std::uint8_t type) noexcept {
    b.u8(type);
    b.u8(0);
    return open_be32(b);
}

// Item or sub-item (§9.3.2): type, reserved, 16-bit length, value.
std::size_t item_open(FrameBuilder& b, std::uint8_t type) noexcept {
    b.u8(type);
    b.u8(0);
    b.be16(0);
    return b.size();
}
void item_close(FrameBuilder& b, std::size_t body) noexcept {
    b.patch_be16(body - 2, static_cast<std::uint16_t>(b.size() - body));
}
void item_text(FrameBuilder& b, std::uint8_t type, std::string_view value) noexcept {
    const std::size_t at = item_open(b, type);
    b.text(value);  // UIDs in items are not padded (§9.3.2.2 and Annex F)
    item_close(b, at);
}

// AE titles: 16 bytes, space-padded (§9.3.2 bytes 11-26 and 27-42).
void ae_title(FrameBuilder& b, std::string_view ae) noexcept {
    ae = ae.substr(0, std::min(ae.size(), kAeTitleBytes));
    b.text(ae);
    b.fill(kAeTitleBytes - ae.size(), ' ');
}

void associate(FrameBuilder& b, const DicomAssociation& a, bool rq) noexcept {
    const std::size_t pdu = pdu_open(b, rq ? kAssociateRq : kAssociateAc);
    b.be16(1);  // protocol version 1
    b.be16(0);
    ae_title(b, a.called_ae);
    ae_title(b, a.calling_ae);
    b.fill(32, 0);
    item_text(b, kApplicationContextItem, kDicomApplicationContext);

    const std::size_t context = item_open(b, rq ? kPresentationContextRq : kPresentationContextAc);
    b.u8(kContextId);
    b.u8(0);
    b.u8(0);  // RQ: reserved; AC: result 0 = acceptance (§9.3.3.2)
    b.u8(0);
    if (rq) {
        item_text(b, kAbstractSyntax, a.sop_class);
        item_text(b, kTransferSyntax, kImplicitVrLittleEndian);
        item_text(b, kTransferSyntax, kExplicitVrLittleEndian);
    } else {
        item_text(b, kTransferSyntax, kExplicitVrLittleEndian);
    }
    item_close(b, context);

    const std::size_t user = item_open(b, kUserInformation);
    const std::size_t max_length = item_open(b, kMaximumLength);
    b.be32(a.max_pdu_length);
    item_close(b, max_length);
    item_text(b, kImplementationClassUid, a.implementation_class_uid);
    item_text(b, kImplementationVersionName, a.implementation_version);
    item_close(b, user);
    close_be32(b, pdu);
}

// PS3.5 §6.2: odd-length values get one pad byte.
void padded(FrameBuilder& b, std::string_view value, std::uint8_t pad) noexcept {
    b.text(value);
    if (value.size() % 2 != 0) {
        b.u8(pad);
    }
}
std::uint16_t even(std::string_view value) noexcept {
    return static_cast<std::uint16_t>(value.size() + value.size() % 2);
}

// Command elements (PS3.7 §E.1): implicit VR, tag, 32-bit length.
void command_us(FrameBuilder& b, std::uint16_t element, std::uint16_t value) noexcept {
    le16(b, 0x0000);
    le16(b, element);
    le32(b, 2);
    le16(b, value);
}
void command_uid(FrameBuilder& b, std::uint16_t element, std::string_view uid) noexcept {
    le16(b, 0x0000);
    le16(b, element);
    le32(b, even(uid));
    padded(b, uid, 0);
}

// (0000,0000) Command Group Length: the bytes of the group's other elements.
std::size_t command_open(FrameBuilder& b) noexcept {
    le16(b, 0x0000);
    le16(b, 0x0000);
    le32(b, 4);
    le32(b, 0);
    return b.size();
}
void command_close(FrameBuilder& b, std::size_t body) noexcept {
    patch_le32(b, body - 4, static_cast<std::uint32_t>(b.size() - body));
}

// Dataset elements in Explicit VR Little Endian with a 16-bit length (PS3.5 §7.1.2).
void dataset_element(FrameBuilder& b, std::uint16_t group, std::uint16_t element,
                     std::string_view vr, std::string_view value) noexcept {
    le16(b, group);
    le16(b, element);
    b.text(vr);
    le16(b, even(value));
    padded(b, value, vr == "UI" ? 0 : ' ');
}

// A PDV item (§9.3.5): 32-bit length, presentation context id, message control header.
std::size_t pdv_open(FrameBuilder& b, std::uint8_t control) noexcept {
    const std::size_t body = open_be32(b);
    b.u8(kContextId);
    b.u8(control);
    return body;
}

// VariableLabel: 16-bit length, the text NUL-padded to even length.
void label(FrameBuilder& b, std::string_view text) noexcept {
    b.be16(even(text));
    padded(b, text, 0);
}

}  // namespace

void dicom_associate_rq(FrameBuilder& b, const DicomAssociation& a) noexcept {
    associate(b, a, true);
}

void dicom_associate_ac(FrameBuilder& b, const DicomAssociation& a) noexcept {
    associate(b, a, false);
}

void dicom_c_store_rq(FrameBuilder& b, std::string_view sop_class, std::string_view instance_uid,
                      std::uint16_t message_id, const DicomEquipment& equipment) noexcept {
    const std::size_t pdu = pdu_open(b, kPData);
    const std::size_t command_pdv = pdv_open(b, kPdvCommandLast);
    const std::size_t group = command_open(b);
    command_uid(b, 0x0002, sop_class);     // Affected SOP Class UID
    command_us(b, 0x0100, 0x0001);         // Command Field: C-STORE-RQ
    command_us(b, 0x0110, message_id);     // Message ID
    command_us(b, 0x0700, 0x0000);         // Priority: medium
    command_us(b, 0x0800, 0x0000);         // Command Data Set Type: a dataset follows
    command_uid(b, 0x1000, instance_uid);  // Affected SOP Instance UID
    command_close(b, group);
    close_be32(b, command_pdv);

    const std::size_t dataset_pdv = pdv_open(b, kPdvDatasetLast);
    dataset_element(b, 0x0008, 0x0016, "UI", sop_class);
    dataset_element(b, 0x0008, 0x0018, "UI", instance_uid);
    dataset_element(b, 0x0008, 0x0060, "CS", equipment.modality);
    dataset_element(b, 0x0008, 0x0070, "LO", equipment.manufacturer);
    dataset_element(b, 0x0008, 0x1010, "SH", equipment.station_name);
    dataset_element(b, 0x0008, 0x1090, "LO", equipment.model);
    dataset_element(b, 0x0018, 0x1000, "LO", equipment.serial);
    close_be32(b, dataset_pdv);
    close_be32(b, pdu);
}

void dicom_c_store_rsp(FrameBuilder& b, std::string_view sop_class,
                       std::string_view instance_uid, std::uint16_t message_id) noexcept {
    const std::size_t pdu = pdu_open(b, kPData);
    const std::size_t pdv = pdv_open(b, kPdvCommandLast);
    const std::size_t group = command_open(b);
    command_uid(b, 0x0002, sop_class);
    command_us(b, 0x0100, 0x8001);  // C-STORE-RSP
    command_us(b, 0x0120, message_id);  // Message ID Being Responded To
    command_us(b, 0x0800, 0x0101);  // no dataset
    command_us(b, 0x0900, 0x0000);  // Status: success
    command_uid(b, 0x1000, instance_uid);
    command_close(b, group);
    close_be32(b, pdv);
    close_be32(b, pdu);
}

void dicom_release(FrameBuilder& b, bool reply) noexcept {
    const std::size_t pdu = pdu_open(b, reply ? kReleaseRp : kReleaseRq);
    b.be32(0);  // reserved
    close_be32(b, pdu);
}

void hl7_mllp(FrameBuilder& b, std::string_view message) noexcept {
    b.u8(0x0b);
    b.text(message);
    b.u8(0x1c);
    b.u8(0x0d);
}

void intellivue_connect_indication(FrameBuilder& b, const IntellivueIdentity& id,
                                   std::uint32_t relative_time) noexcept {
    constexpr std::uint16_t kRoivApdu = 1;
    constexpr std::uint16_t kCmdEventReport = 0;
    constexpr std::uint16_t kMocVmsMds = 0x0021;
    constexpr std::uint16_t kNotiMdsConnectIndic = 0x0D17;
    constexpr std::uint16_t kAttrNetAddrInfo = 0xF100;
    constexpr std::uint16_t kAttrIdProdSpecn = 0x092D;
    constexpr std::uint16_t kAttrIdModel = 0x0928;
    // ProdSpecEntry spec_type / component_id.
    constexpr std::uint16_t kSerialNumber = 1;
    constexpr std::uint16_t kPartNumber = 2;
    constexpr std::uint16_t kSwRevision = 4;
    constexpr std::uint16_t kCompProduct = 0x0008;
    constexpr std::uint16_t kCompApplSw = 0x0058;

    // Every length below is the 16-bit count of the bytes after it, patched when they are in.
    auto open16 = [&b]() {
        b.be16(0);
        return b.size();
    };
    auto close16 = [&b](std::size_t body) {
        b.patch_be16(body - 2, static_cast<std::uint16_t>(b.size() - body));
    };

    b.be16(0);  // Nomenclature: magic 0, version 1.0
    b.u8(1);
    b.u8(0);
    b.be16(kRoivApdu);
    const std::size_t ro = open16();
    b.be16(0);  // invoke id
    b.be16(kCmdEventReport);
    const std::size_t command = open16();
    b.be16(kMocVmsMds);  // managed object: class, context, handle
    b.be16(0);
    b.be16(0);
    b.be32(relative_time);
    b.be16(kNotiMdsConnectIndic);
    const std::size_t info = open16();
    b.be16(3);  // attributes
    const std::size_t list = open16();

    b.be16(kAttrNetAddrInfo);
    const std::size_t net = open16();
    b.mac(id.mac);
    b.ip4(id.ip);
    b.ip4(id.netmask);
    close16(net);

    b.be16(kAttrIdProdSpecn);
    const std::size_t spec = open16();
    b.be16(3);  // entries
    const std::size_t entries = open16();
    const std::array<std::tuple<std::uint16_t, std::uint16_t, std::string_view>, 3> rows{{
        {kSerialNumber, kCompProduct, id.serial},
        {kPartNumber, kCompProduct, id.model},
        {kSwRevision, kCompApplSw, id.software_revision},
    }};
    for (const auto& [type, component, text] : rows) {
        b.be16(type);
        b.be16(component);
        label(b, text);
    }
    close16(entries);
    close16(spec);

    b.be16(kAttrIdModel);
    const std::size_t model = open16();
    label(b, id.manufacturer);
    label(b, id.model);
    close16(model);

    close16(list);
    close16(info);
    close16(command);
    close16(ro);
}

}  // namespace daicho::capgen
