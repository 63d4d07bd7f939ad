// Writes the fuzz corpus seeds from the byte-vector fixtures (tests/collectors/fixtures.h):
//   <out>/frame/<fixture>.bin  selector byte + the whole frame (every fixture)
//   <out>/arp/<fixture>.bin    the ARP packet      (fixtures whose proto is "arp")
//   <out>/ndp/<fixture>.bin    the ICMPv6 message  (fixtures whose proto is "ndp")
// Usage: daicho_write_fuzz_seeds <out-dir>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "daicho/collectors/byte_reader.h"
#include "all_fixtures.h"
#include "fuzz_inputs.h"
#include "hex.h"

namespace {
void write(const std::filesystem::path& file, std::span<const std::byte> bytes) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(daicho::collectors::ByteReader::as_chars(bytes).data(),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: daicho_write_fuzz_seeds <out-dir>\n");
        return 2;
    }
    try {
        const std::filesystem::path out_dir(argv[1]);
        for (const auto& f : daicho::test::fixtures::all_frames()) {
            const auto bytes = daicho::test::hex(f.hex);
            const std::string name = std::string(f.name) + ".bin";
            std::vector<std::byte> framed;
            framed.push_back(static_cast<std::byte>(daicho::test::fuzz::selector_for(f.link)));
            framed.insert(framed.end(), bytes.begin(), bytes.end());
            write(out_dir / "frame" / name, framed);
            if (f.proto != "frame" && f.payload_offset <= bytes.size()) {
                write(out_dir / std::string(f.proto) / name,
                      std::span(bytes).subspan(f.payload_offset));
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "daicho_write_fuzz_seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}
