// Knowledge: the five data files compiled together, from the built-in copies or a data
// directory, file by file. The parsers name a file by its bare name ("medical_makers.json:
// ..."); a message about a file from the directory is rewritten to name its path, so a person
// sees which file on disk to fix.

#include "daicho/ledger/knowledge.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/ledger.h"

namespace daicho::ledger {

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
        const std::string why = std::strerror(errno);
        throw Error(ErrorCode::data_unreadable, {path.string(), why},
                    path.string() + ": cannot read: " + why);
    }
    return text.str();
}

// The texts to compile and, for files from the directory, their paths.
struct Sources {
    std::map<std::string_view, std::string> text;
    std::map<std::string_view, fs::path> path;
};

std::shared_ptr<const Knowledge> compile(const Sources& s) {
    try {
        std::vector<fs::path> replaced;
        for (const auto& [name, path] : s.path) {
            replaced.push_back(path);
        }
        SoftwareMatcher software = SoftwareMatcher::from_json(s.text.at("software_patterns.json"),
                                                              s.text.at("windows_builds.json"));
        DicomUids uids = s.path.count("dicom_uids.json") == 0
                             ? DicomUids::builtin()
                             : DicomUids::from_json(s.text.at("dicom_uids.json"));
        if (s.path.count("classification_rules.json") + s.path.count("medical_makers.json") == 0) {
            return std::make_shared<const Knowledge>(
                data::embedded_file("classification_rules.json"),
                data::embedded_file("medical_makers.json"), std::move(software), std::move(uids),
                std::move(replaced));
        }
        return std::make_shared<const Knowledge>(
            Classifier::from_json(s.text.at("classification_rules.json"),
                                  s.text.at("medical_makers.json")),
            std::move(software), std::move(uids), std::move(replaced));
    } catch (const Error& e) {
        const std::string what = e.what();
        for (const auto& [name, path] : s.path) {
            if (what.starts_with(name) && what.size() > name.size() && what[name.size()] == ':') {
                auto args = e.args();
                if (!args.empty()) {
                    args.front() = path.string();
                }
                throw Error(e.code(), std::move(args), path.string() + what.substr(name.size()));
            }
        }
        throw;
    }
}

Sources builtin_sources() {
    Sources s;
    for (const std::string_view name : Knowledge::kFiles) {
        s.text.emplace(name, std::string(data::embedded_file(name)));
    }
    return s;
}

}  // namespace

Knowledge::Knowledge(Classifier classifier, SoftwareMatcher software, DicomUids dicom_uids,
                     std::vector<std::filesystem::path> replaced)
    : fingerprint_(classifier.fingerprint()),
      classifier_(std::move(classifier)),
      software_(std::move(software)),
      dicom_uids_(std::move(dicom_uids)),
      replaced_(std::move(replaced)) {}

Knowledge::Knowledge(std::string_view rules_json, std::string_view makers_json,
                     SoftwareMatcher software, DicomUids dicom_uids,
                     std::vector<std::filesystem::path> replaced)
    : rules_json_(rules_json),
      makers_json_(makers_json),
      fingerprint_(Classifier::fingerprint_of(rules_json, makers_json)),
      software_(std::move(software)),
      dicom_uids_(std::move(dicom_uids)),
      replaced_(std::move(replaced)) {}

const Classifier& Knowledge::classifier() const {
    // One thread compiles, the others wait; one built at construction is never compiled again.
    compiled_.call([this] {
        if (!classifier_) {
            // The built-in files: known good, so each pattern is compiled by its first search.
            classifier_.emplace(Classifier::from_json(rules_json_, makers_json_, true));
        }
    });
    return *classifier_;
}

std::shared_ptr<const Knowledge> Knowledge::builtin() {
    static const std::shared_ptr<const Knowledge> knowledge = compile(builtin_sources());
    return knowledge;
}

std::shared_ptr<const Knowledge> Knowledge::load(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw Error(ErrorCode::data_not_directory, {dir.string()},
                    dir.string() + ": not a directory (the data directory holds " +
                        "classification_rules.json, medical_makers.json, ...)");
    }
    Sources s = builtin_sources();
    for (const std::string_view name : kFiles) {
        const fs::path path = dir / name;
        if (fs::exists(path, ec)) {
            s.text[name] = read_file(path);
            s.path.emplace(name, path);
        }
    }
    if (s.path.empty()) {
        return builtin();
    }
    return compile(s);
}

KnowledgeSource::KnowledgeSource(std::filesystem::path dir)
    : dir_(std::move(dir)), current_(dir_.empty() ? Knowledge::builtin() : Knowledge::load(dir_)) {}

std::shared_ptr<const Knowledge> KnowledgeSource::current() const {
    const std::lock_guard lock(mutex_);
    return current_;
}

void KnowledgeSource::reload() {
    // Compiled outside the lock: readers keep the current knowledge meanwhile, and a failure
    // throws before anything is swapped.
    auto next = dir_.empty() ? Knowledge::builtin() : Knowledge::load(dir_);
    const std::lock_guard lock(mutex_);
    current_ = std::move(next);
}

}  // namespace daicho::ledger
