#pragma once
// A private temporary directory, removed with everything in it when the object goes away.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace daicho::test {

class TempDir {
   public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "daicho-test-XXXXXX").string();
        if (mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + tmpl);
        }
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

   private:
    std::filesystem::path path_;
};

}  // namespace daicho::test
