// Philips IntelliVue Data Export: the Connect Indication a monitor broadcasts (every few
// seconds, to UDP 24005) so that export clients can find it. It names the monitor's maker,
// model, serial number and software revision: the Q9 ledger's identity of a bedside monitor.
// Refs: Philips "IntelliVue Patient Monitor Data Export Interface Programming Guide"
//   (4535 642 59271): "Connect Indication Message" (Nomenclature, ROapdus, ROIVapdu,
//   EventReportArgument with event type NOM_NOTI_MDS_CONNECT_INDIC, AttributeList),
//   "Attribute Data Types" (SystemModel, ProductionSpec, IpAddressInfo, VariableLabel).
//   All integers big-endian; every structure carries its own length.
// Facts about the sender: role "intellivue-monitor", service "udp/24105" (the export
//   protocol port); manufacturer and model (NOM_ATTR_ID_MODEL); serial_number (the product's
//   serial in NOM_ATTR_ID_PROD_SPECN); software "IntelliVue <model> <revision>" from the
//   application software revision (component ID_COMP_APPL_SW, else the product's); firmware
//   from the product's firmware revision.
// Ignored: every other attribute (system type, localisation, protocol support, the address
//   info, which repeats what the frame's own headers say). The Connect Indication carries no
//   patient data; the association and poll messages that do (UDP 24105) are never read.

#include "proto/intellivue/intellivue.h"

#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::intellivue {
namespace {

constexpr std::uint16_t kRoivApdu = 1;                 // ROapdus.ro_type
constexpr std::uint16_t kCmdEventReport = 0;           // ROIVapdu.command_type
constexpr std::uint16_t kCmdConfirmedEventReport = 1;  // ... confirmed
constexpr std::uint16_t kNotiMdsConnectIndic = 0x0D17;
constexpr std::uint16_t kAttrIdModel = 0x0928;
constexpr std::uint16_t kAttrIdProdSpecn = 0x092D;

// ProdSpecEntry.spec_type and component_id values used here.
constexpr std::uint16_t kSpecSerialNumber = 1;
constexpr std::uint16_t kSpecSwRevision = 4;
constexpr std::uint16_t kSpecFwRevision = 5;
constexpr std::uint16_t kCompProduct = 0x0008;
constexpr std::uint16_t kCompApplSw = 0x0058;

constexpr std::string_view kRole = "intellivue-monitor";
constexpr std::string_view kService = "udp/24105";

// VariableLabel: u16 length, then that many bytes, NUL- or space-padded by the monitor.
std::optional<std::string_view> variable_label(ByteReader& in) noexcept {
    const auto len = in.be16();
    if (!len) {
        return std::nullopt;
    }
    auto text = in.chars(*len);
    if (!text) {
        return std::nullopt;
    }
    std::string_view s = text->substr(0, text->find('\0'));
    while (!s.empty() && (s.back() == ' ' || s.front() == ' ')) {
        s = s.back() == ' ' ? s.substr(0, s.size() - 1) : s.substr(1);
    }
    return s;
}

struct Identity {
    std::string_view manufacturer;
    std::string_view model;
    std::string_view serial;
    std::string_view product_sw;
    std::string_view appl_sw;
    std::string_view firmware;
};

DecodeResult system_model(ByteReader value, Identity& id) noexcept {
    const auto maker = variable_label(value);
    const auto model = variable_label(value);
    if (!maker || !model) {
        return value.shortfall();
    }
    id.manufacturer = *maker;
    id.model = *model;
    return DecodeResult::decoded;
}

// ProductionSpec: count, length, then ProdSpecEntry {spec_type, component_id, VariableLabel}.
DecodeResult production_spec(ByteReader value, Identity& id) noexcept {
    const auto count = value.be16();
    const auto length = value.be16();
    if (!count || !length) {
        return value.shortfall();
    }
    auto entries = value.take(*length);
    if (!entries) {
        return value.shortfall();
    }
    for (std::size_t i = 0; i < *count; ++i) {
        if (i >= kMaxProductionSpecEntries) {
            return DecodeResult::limited;
        }
        const auto type = entries->be16();
        const auto component = entries->be16();
        if (!type || !component) {
            return entries->shortfall();
        }
        const auto label = variable_label(*entries);
        if (!label) {
            return entries->shortfall();
        }
        if (label->empty()) {
            continue;
        }
        if (*type == kSpecSerialNumber && *component == kCompProduct) {
            id.serial = *label;
        } else if (*type == kSpecSwRevision && *component == kCompApplSw) {
            id.appl_sw = *label;
        } else if (*type == kSpecSwRevision && *component == kCompProduct) {
            id.product_sw = *label;
        } else if (*type == kSpecFwRevision && *component == kCompProduct) {
            id.firmware = *label;
        }
    }
    return DecodeResult::decoded;
}

// `whole`: the attribute list was read to its end. The software fact combines two
// attributes, so a cut list yields only the single-attribute facts.
void emit_identity(const PacketContext& ctx, ObservationSink& out, const Identity& id,
                   bool whole) noexcept {
    const Emitter emit(ctx, out, kName);
    emit(FactKind::role, kRole);
    emit(FactKind::service, kService);
    if (!id.manufacturer.empty()) {
        emit(FactKind::manufacturer, id.manufacturer);
    }
    if (!id.model.empty()) {
        emit(FactKind::model, id.model);
    }
    if (!id.serial.empty()) {
        emit(FactKind::serial_number, id.serial);
    }
    const std::string_view sw = !id.appl_sw.empty() ? id.appl_sw : id.product_sw;
    if (whole && !sw.empty()) {
        text::FixedText<kMaxValueBytes> t;
        t.append("IntelliVue ");
        if (!id.model.empty()) {
            t.append(id.model);
            t.put(' ');
        }
        t.append(sw);
        emit.copy(FactKind::software, t.view());
    }
    if (!id.firmware.empty()) {
        emit(FactKind::firmware, id.firmware);
    }
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    // Nomenclature: magic 0, major version 1 (the guide's only version), minor version.
    const auto magic = in.be16();
    const auto major = in.u8();
    const auto minor = in.u8();
    if (!magic || !major || !minor) {
        return in.shortfall();
    }
    if (*magic != 0 || *major != 1) {
        return DecodeResult::not_mine;
    }
    const auto ro_type = in.be16();
    const auto ro_length = in.be16();
    if (!ro_type || !ro_length) {
        return in.shortfall();
    }
    if (*ro_type != kRoivApdu) {
        return DecodeResult::unsupported;
    }
    auto roiv = in.take_captured(*ro_length);
    if (!roiv) {
        return in.shortfall();
    }
    const auto invoke_id = roiv->be16();
    const auto command = roiv->be16();
    const auto command_length = roiv->be16();
    if (!invoke_id || !command || !command_length) {
        return roiv->shortfall();
    }
    if (*command != kCmdEventReport && *command != kCmdConfirmedEventReport) {
        return DecodeResult::unsupported;
    }
    auto event = roiv->take_captured(*command_length);
    if (!event) {
        return roiv->shortfall();
    }
    // EventReportArgument: managed object (class, context, handle), event time, event type,
    // length of the event info.
    if (!event->skip(2 + 2 + 2 + 4)) {
        return event->shortfall();
    }
    const auto event_type = event->be16();
    const auto info_length = event->be16();
    if (!event_type || !info_length) {
        return event->shortfall();
    }
    if (*event_type != kNotiMdsConnectIndic) {
        return DecodeResult::unsupported;
    }
    auto info = event->take_captured(*info_length);
    if (!info) {
        return event->shortfall();
    }
    const auto count = info->be16();
    const auto list_length = info->be16();
    if (!count || !list_length) {
        return info->shortfall();
    }
    auto list = info->take_captured(*list_length);
    if (!list) {
        return info->shortfall();
    }
    Identity id;
    DecodeResult result = DecodeResult::decoded;
    for (std::size_t i = 0; i < *count && result == DecodeResult::decoded; ++i) {
        if (i >= kMaxAttributes) {
            result = DecodeResult::limited;
            break;
        }
        const auto attribute = list->be16();
        const auto length = list->be16();
        if (!attribute || !length) {
            result = list->shortfall();
            break;
        }
        auto value = list->take(*length);
        if (!value) {
            result = list->shortfall();
            break;
        }
        if (*attribute == kAttrIdModel) {
            result = system_model(*value, id);
        } else if (*attribute == kAttrIdProdSpecn) {
            result = production_spec(*value, id);
        }
    }
    if (result == DecodeResult::malformed) {
        return result;  // a structure contradicted its own length: nothing from it is trusted
    }
    emit_identity(ctx, out, id, result != DecodeResult::truncated);
    return result;
}

}  // namespace daicho::collectors::intellivue
