#pragma once
// Medical application payloads the generator writes after a FrameBuilder's TCP or UDP header:
// DICOM upper-layer PDUs (PS3.8 §9.3) with the DIMSE commands of one C-STORE (PS3.7 §9.3.1),
// HL7 v2 messages in MLLP blocks, and the Connect Indication of a Philips IntelliVue monitor.
// None carries patient data: the C-STORE dataset holds the SOP class and instance UIDs and the
// General Equipment attributes only (no patient, study or pixel data), and the HL7 messages are
// built by the caller from header segments (MSH with EVN or MSA).

#include <cstdint>
#include <string_view>

#include "frame_builder.h"

namespace daicho::capgen {

// PS3.8 Annex A.2.1; PS3.5 §10.1 and §A.2.
inline constexpr std::string_view kDicomApplicationContext = "1.2.840.10008.3.1.1.1";
inline constexpr std::string_view kImplicitVrLittleEndian = "1.2.840.10008.1.2";
inline constexpr std::string_view kExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

// The fields an A-ASSOCIATE-RQ or -AC carries (PS3.8 §9.3.2-9.3.3, PS3.7 §D.3.3.2): one
// presentation context (id 1) for `sop_class`; the RQ proposes both little-endian transfer
// syntaxes, the AC accepts explicit VR.
struct DicomAssociation {
    std::string_view called_ae;
    std::string_view calling_ae;
    std::string_view sop_class;
    std::string_view implementation_class_uid;
    std::string_view implementation_version;
    std::uint32_t max_pdu_length = 16384;
};
void dicom_associate_rq(FrameBuilder& b, const DicomAssociation& a) noexcept;
void dicom_associate_ac(FrameBuilder& b, const DicomAssociation& a) noexcept;

// General Equipment (PS3.3 §C.7.5.1) values a modality puts in the datasets it stores.
struct DicomEquipment {
    std::string_view modality;      // (0008,0060)
    std::string_view manufacturer;  // (0008,0070)
    std::string_view station_name;  // (0008,1010)
    std::string_view model;         // (0008,1090)
    std::string_view serial;        // (0018,1000)
};
// One P-DATA-TF PDU: the C-STORE-RQ command (Implicit VR Little Endian) and, in a second PDV,
// a dataset in Explicit VR Little Endian of SOP class/instance UID and `equipment` alone.
void dicom_c_store_rq(FrameBuilder& b, std::string_view sop_class, std::string_view instance_uid,
                      std::uint16_t message_id, const DicomEquipment& equipment) noexcept;
// The C-STORE-RSP with status 0000 (success).
void dicom_c_store_rsp(FrameBuilder& b, std::string_view sop_class,
                       std::string_view instance_uid, std::uint16_t message_id) noexcept;
// A-RELEASE-RQ, or A-RELEASE-RP when `reply` (PS3.8 §9.3.6-9.3.7).
void dicom_release(FrameBuilder& b, bool reply) noexcept;

// One HL7 v2 message (segments each ending in CR) in an MLLP block: 0x0B message 0x1C 0x0D.
void hl7_mllp(FrameBuilder& b, std::string_view message) noexcept;

// The IntelliVue Data Export Connect Indication (Data Export Interface Programming Guide,
// "Connect Indication Message"): Nomenclature, ROIVapdu with an EventReport of
// NOM_NOTI_MDS_CONNECT_INDIC, and the attributes NOM_ATTR_NET_ADDR_INFO,
// NOM_ATTR_ID_PROD_SPECN (serial number, part number, application software revision) and
// NOM_ATTR_ID_MODEL (manufacturer, model number). UDP 24005 to the subnet's broadcast.
struct IntellivueIdentity {
    Mac mac;
    Ipv4 ip = 0;
    Ipv4 netmask = 0;
    std::string_view manufacturer;
    std::string_view model;
    std::string_view serial;
    std::string_view software_revision;
};
void intellivue_connect_indication(FrameBuilder& b, const IntellivueIdentity& id,
                                   std::uint32_t relative_time) noexcept;

}  // namespace daicho::capgen
