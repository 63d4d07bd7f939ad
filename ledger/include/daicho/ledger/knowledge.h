#pragma once
// What daicho knows, as data: classification rules (classification_rules.json), medical makers
// (medical_makers.json), software version patterns (software_patterns.json), Windows builds
// (windows_builds.json) and DICOM UIDs (dicom_uids.json). The built-in copies (ledger/data,
// compiled in) are the default; a data directory replaces them file by file (a directory may
// hold only some). One Knowledge is compiled once and shared read-only: the Ledger holds one,
// and its readers and writer use it. A running service swaps in a new one (KnowledgeSource).

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/dicom_uids.h"
#include "daicho/ledger/once.h"
#include "daicho/ledger/software.h"

namespace daicho::ledger {

class Knowledge {
   public:
    // The data files, by name, in the order they are loaded.
    static constexpr std::array<std::string_view, 5> kFiles{
        "classification_rules.json", "medical_makers.json", "software_patterns.json",
        "windows_builds.json", "dicom_uids.json"};

    // The compiled-in files, compiled on first use (thread-safe static).
    [[nodiscard]] static std::shared_ptr<const Knowledge> builtin();
    // Each file of kFiles present in `dir` replaces the built-in one. Throws ledger::Error
    // naming the file's path and the problem: "<path>:<line>:<column>: not valid JSON: ..." for
    // a syntax error, "<path>: /rules/12: rule 'x': ..." for an entry the checks refuse; also
    // when `dir` is not a readable directory, or a file in it cannot be read.
    [[nodiscard]] static std::shared_ptr<const Knowledge> load(const std::filesystem::path& dir);

    // The classifier, compiled by the first call when built from the built-in files: their
    // ~400 patterns cost every command ~10 ms, and most commands restore stored
    // classifications without them. Thread-safe. A person's files are compiled at load, so
    // their errors stop a run at start.
    [[nodiscard]] const Classifier& classifier() const;
    // classifier().fingerprint(), known without compiling the classifier.
    [[nodiscard]] const std::string& classifier_fingerprint() const noexcept {
        return fingerprint_;
    }
    [[nodiscard]] const SoftwareMatcher& software() const noexcept { return software_; }
    [[nodiscard]] const DicomUids& dicom_uids() const noexcept { return dicom_uids_; }
    // The files taken from the data directory (empty for the built-in knowledge).
    [[nodiscard]] const std::vector<std::filesystem::path>& replaced() const noexcept {
        return replaced_;
    }

    Knowledge(Classifier classifier, SoftwareMatcher software, DicomUids dicom_uids,
              std::vector<std::filesystem::path> replaced);
    // The classifier left to compile from these texts on first use; they must outlive the
    // Knowledge (the built-in files: the binary's own data) and be known good (the tests
    // check the built-in ones whole).
    Knowledge(std::string_view rules_json, std::string_view makers_json, SoftwareMatcher software,
              DicomUids dicom_uids, std::vector<std::filesystem::path> replaced);

   private:
    std::string_view rules_json_;
    std::string_view makers_json_;
    std::string fingerprint_;
    mutable OnceFlag compiled_;
    mutable std::optional<Classifier> classifier_;
    SoftwareMatcher software_;
    DicomUids dicom_uids_;
    std::vector<std::filesystem::path> replaced_;
};

// The knowledge a long-running process uses, reloadable (a daemon's SIGHUP): `reload` compiles
// the data directory again and swaps the result in atomically; on any error it throws and the
// knowledge in use stays. Holders of an earlier current() keep theirs until they let it go.
class KnowledgeSource {
   public:
    // `dir` empty: the built-in files only. Throws as Knowledge::load.
    explicit KnowledgeSource(std::filesystem::path dir = {});

    [[nodiscard]] std::shared_ptr<const Knowledge> current() const;
    [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }
    void reload();

   private:
    std::filesystem::path dir_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Knowledge> current_;
};

}  // namespace daicho::ledger
