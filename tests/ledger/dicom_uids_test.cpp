// DICOM UID names (ledger/data/dicom_uids.json through DicomUids): SOP class names and the
// modality they imply, transfer syntax names, implementations by the longest UID root, and
// the load-time validation of the data file.

#include "daicho/ledger/dicom_uids.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"

using daicho::ledger::DicomUids;
using daicho::ledger::Knowledge;

TEST_CASE("DICOM UIDs: SOP classes and the modality they imply", "[ledger][dicom]") {
    const auto& uids = Knowledge::builtin()->dicom_uids();
    struct Case {
        std::string_view uid;
        std::string_view name;
        std::string_view modality;
    };
    for (const auto& c : {
             Case{"1.2.840.10008.5.1.4.1.1.2", "CT Image Storage", "CT"},
             Case{"1.2.840.10008.5.1.4.1.1.4.1", "Enhanced MR Image Storage", "MR"},
             Case{"1.2.840.10008.5.1.4.1.1.3.1", "Ultrasound Multi-frame Image Storage", "US"},
             Case{"1.2.840.10008.5.1.4.1.1.1.2",
                  "Digital Mammography X-Ray Image Storage - For "
                  "Presentation",
                  "MG"},
             Case{"1.2.840.10008.5.1.4.1.1.128", "Positron Emission Tomography Image Storage",
                  "PT"},
             Case{"1.2.840.10008.5.1.4.1.1.481.5", "RT Plan Storage", "RTPLAN"},
             Case{"1.2.840.10008.5.1.4.1.1.9.1.1", "12-lead ECG Waveform Storage", "ECG"},
             Case{"1.2.840.10008.5.1.4.1.1.104.1", "Encapsulated PDF Storage", "DOC"},
             Case{"1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image Storage", ""},
             Case{"1.2.840.10008.1.1", "Verification SOP Class", ""},
             Case{"1.2.840.10008.5.1.4.31", "Modality Worklist Information Model - FIND", ""},
             Case{"1.2.840.10008.3.1.2.3.3", "Modality Performed Procedure Step SOP Class", ""},
             Case{"1.2.840.10008.5.1.4.1.2.2.3",
                  "Study Root Query/Retrieve Information Model - GET", ""},
         }) {
        INFO(c.uid);
        const auto* s = uids.sop_class(c.uid);
        REQUIRE(s != nullptr);
        CHECK(s->name == c.name);
        CHECK(s->modality == c.modality);
    }
    CHECK(uids.sop_class("1.2.840.10008.5.1.4.1.1.2.99") == nullptr);
    CHECK(uids.sop_class("") == nullptr);
    CHECK(uids.sop_class_count() >= 50);
}

TEST_CASE("DICOM UIDs: transfer syntaxes", "[ledger][dicom]") {
    const auto& uids = Knowledge::builtin()->dicom_uids();
    CHECK(uids.transfer_syntax("1.2.840.10008.1.2") == "Implicit VR Little Endian");
    CHECK(uids.transfer_syntax("1.2.840.10008.1.2.1") == "Explicit VR Little Endian");
    CHECK(uids.transfer_syntax("1.2.840.10008.1.2.4.90") ==
          "JPEG 2000 Image Compression (Lossless Only)");
    CHECK(uids.transfer_syntax("1.2.840.10008.1.2.1.98").empty());
    CHECK(uids.transfer_syntax_count() >= 10);
}

TEST_CASE("DICOM UIDs: implementations by the longest root at a component boundary",
          "[ledger][dicom]") {
    const auto& uids = Knowledge::builtin()->dicom_uids();
    const auto name = [&](std::string_view uid) {
        const auto* i = uids.implementation(uid);
        return i == nullptr ? std::string() : i->name;
    };
    CHECK(name("1.2.276.0.7230010.3.0.3.6.7") == "DCMTK");
    CHECK(name("1.2.40.0.13.1.3") == "dcm4che");
    CHECK(name("1.3.6.1.4.1.30071.8") == "fo-dicom");
    CHECK(name("1.2.826.0.1.3680043.8.498.1") == "pydicom");
    CHECK(name("1.2.826.0.1.3680043.9.3811.2.0.0") == "pynetdicom");
    CHECK(name("1.2.826.0.1.3680043.9.7133.1.1") == "go-dicom / go-netdicom (GODICOM)");
    CHECK(name("1.2.840.113619.2.5") == "GE Healthcare");
    CHECK(name("1.3.12.2.1107.5.2") == "Siemens Healthineers");
    CHECK(name("1.3.46.670589.11.0.0.51.4.56.1") == "Philips");
    CHECK(name("1.2.392.200036.9116.2.6.1.48") == "Canon Medical Systems (Toshiba)");
    CHECK(name("1.2.392.200036.9125.5342.1") == "Fujifilm");
    // A root matches whole components only: 1.2.840.1136190 is not GE.
    CHECK(name("1.2.840.1136190.1").empty());
    CHECK(name("1.2.840.113619") == "GE Healthcare");
    CHECK(name("1.2.3.4").empty());
    // Orthanc sends DCMTK's root; the note says so.
    CHECK(uids.implementation("1.2.276.0.7230010.3.0.3.6.4")->note.find("Orthanc") !=
          std::string::npos);
    CHECK(uids.implementation_count() >= 14);
}

TEST_CASE("DICOM UIDs: bad data fails at load, naming the entry", "[ledger][dicom]") {
    const auto doc = [](std::string_view sop, std::string_view impl = "") {
        return std::string(R"j({"version":1,"about":"t","source":[{"id":"s","url":"u"}],)j") +
               R"j("sop_classes":[)j" + std::string(sop) +
               R"j(],"transfer_syntaxes":[],"implementations":[)j" + std::string(impl) + "]}";
    };
    const auto fails_with = [&](const std::string& text, std::string_view needle) {
        INFO(text);
        try {
            (void)DicomUids::from_json(text);
            FAIL("no error");
        } catch (const daicho::ledger::Error& e) {
            INFO(e.what());
            CHECK(std::string(e.what()).find(needle) != std::string::npos);
        }
    };
    fails_with(doc(R"j({"uid":"1.2.x","name":"n","source":"s"})j"), "'1.2.x': not a UID");
    fails_with(doc(R"j({"uid":"1.02","name":"n","source":"s"})j"), "not a UID");
    fails_with(doc(R"j({"uid":"1.2","name":"n","source":"t"})j"), "source 't'");
    fails_with(doc(R"j({"uid":"1.2","source":"s"})j"), "\"name\" is missing");
    fails_with(
        doc(R"j({"uid":"1.2","name":"a","source":"s"},{"uid":"1.2","name":"b","source":"s"})j"),
        "listed twice");
    fails_with(doc("", R"j({"root":"1.2","name":"a","source":"s"},{"root":"1.2","name":"b",
                           "source":"s"})j"),
               "implementations '1.2': listed twice");
    CHECK_THROWS_AS(DicomUids::from_json("{"), daicho::ledger::Error);
    CHECK_THROWS_AS(DicomUids::from_json(R"j({"version":1,"about":"t","source":[]})j"),
                    daicho::ledger::Error);
    const auto ok = DicomUids::from_json(doc(
        R"j({"uid":"1.2.3","name":"Thing","modality":null,"source":"s"})j",
        R"j({"root":"1.2","name":"Short","source":"s"},{"root":"1.2.3","name":"Long","source":"s"})j"));
    CHECK(ok.sop_class("1.2.3")->name == "Thing");
    CHECK(ok.implementation("1.2.3.4")->name == "Long");
    CHECK(ok.implementation("1.2.4")->name == "Short");
}

// Knowledge::builtin() parses the built-in file on its first lookup; this checks it at load.
TEST_CASE("DICOM UIDs: the built-in file passes every check at load", "[ledger][dicom]") {
    const auto checked =
        DicomUids::from_json(daicho::ledger::data::embedded_file("dicom_uids.json"));
    const auto later = DicomUids::builtin();
    CHECK(checked.sop_class_count() > 0);
    CHECK(later.sop_class_count() == checked.sop_class_count());
    CHECK(later.transfer_syntax_count() == checked.transfer_syntax_count());
    CHECK(later.implementation_count() == checked.implementation_count());
}
