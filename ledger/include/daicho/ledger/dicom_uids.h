#pragma once
// Names for the DICOM UIDs collectors report (sop_class, transfer_syntax,
// implementation_class_uid facts), from ledger/data/dicom_uids.json (format: the "about"
// text at its top). The data file is compiled into the library; a user copy can replace it
// through from_json.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace daicho::ledger {

struct SopClassName {
    std::string name;      // "CT Image Storage"
    std::string modality;  // "CT"; "" when the class implies none (services, SC)
};

struct DicomImplementation {
    std::string root;  // "1.2.276.0.7230010.3"
    std::string name;  // "DCMTK"
    std::string note;
};

class DicomUids {
   public:
    // Parses and validates the file's text. Throws ledger::Error naming the file, the entry
    // and the problem (bad JSON, a UID that is not dotted digits, a duplicate, an unknown
    // source id ...).
    static DicomUids from_json(std::string_view text);
    // The built-in file (data::embedded_file), parsed by the first lookup: most commands make
    // none. The tests check it at load (dicom_uids_test.cpp).
    static DicomUids builtin();

    // nullptr when the UID is not listed.
    [[nodiscard]] const SopClassName* sop_class(std::string_view uid) const;
    // "" when the UID is not listed.
    [[nodiscard]] std::string_view transfer_syntax(std::string_view uid) const;
    // The implementation whose root is the longest one that equals the UID or prefixes it up
    // to a '.', nullptr when none does.
    [[nodiscard]] const DicomImplementation* implementation(std::string_view uid) const;

    [[nodiscard]] std::size_t sop_class_count() const;
    [[nodiscard]] std::size_t transfer_syntax_count() const;
    [[nodiscard]] std::size_t implementation_count() const;

    DicomUids(DicomUids&&) noexcept;
    DicomUids& operator=(DicomUids&&) noexcept;
    ~DicomUids();

   private:
    struct Impl;
    explicit DicomUids(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::ledger
