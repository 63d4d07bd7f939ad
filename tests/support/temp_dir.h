#pragma once
// A private temporary directory, removed with everything in it when the object goes away.

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

namespace daicho::test {

class TempDir {
   public:
    // create_directory fails when the name exists, as mkdtemp(3) does, and is there on every
    // platform (the Windows build's tests run under Wine).
    TempDir() {
        std::random_device random;
        const auto base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            const auto candidate = base / ("daicho-test-" + std::to_string(random()));
            std::error_code ec;
            if (std::filesystem::create_directory(candidate, ec)) {
                std::filesystem::permissions(candidate, std::filesystem::perms::owner_all, ec);
                path_ = candidate;
                return;
            }
        }
        throw std::runtime_error("cannot make a temporary directory in " + base.string());
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
