// The capture libraries on Windows (pcap_library.h). Files: the libpcap linked into daicho.exe
// (deploy/windows/build-deps.sh builds it without a capture mechanism). Live capture: Npcap's
// wpcap.dll, loaded at run time from Npcap's own folder, %SystemRoot%\System32\Npcap, as
// Npcap asks applications to (and Wireshark does); then, for Npcap installed in WinPcap-
// compatible mode or Wine, wpcap.dll from System32. daicho never ships wpcap.dll: Npcap's
// licence forbids redistributing it.

#include <windows.h>

#include <array>
#include <cstring>
#include <string>

#include "source/pcap_library.h"

namespace daicho::collectors {

namespace {

constexpr const char* kNpcap = "Npcap";
constexpr const char* kNpcapSite = "https://npcap.com/";

std::string system_message(DWORD error) {
    std::array<char, 512> text{};
    const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, error, 0, text.data(), static_cast<DWORD>(text.size()),
                                   nullptr);
    std::string out(text.data(), n);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) {
        out.pop_back();
    }
    return out + " (" + std::to_string(error) + ")";
}

// GetProcAddress hands back a FARPROC; copying its bytes into the typed pointer is the
// conversion without a cast between unrelated function types.
template <typename Fn>
void resolve(HMODULE library, const char* symbol, Fn& out, bool required) {
    FARPROC address = GetProcAddress(library, symbol);
    if (address == nullptr && required) {
        throw CaptureUnavailable(kNpcap, kNpcapSite,
                                 std::string("wpcap.dll has no ") + symbol +
                                     " (Npcap 1.0 or later is needed)");
    }
    static_assert(sizeof out == sizeof address);
    std::memcpy(&out, &address, sizeof out);
}

HMODULE load_wpcap() {
    std::array<wchar_t, MAX_PATH> system{};
    const UINT length = GetSystemDirectoryW(system.data(), static_cast<UINT>(system.size()));
    DWORD first_error = ERROR_MOD_NOT_FOUND;
    if (length > 0 && length < system.size()) {
        const std::wstring npcap = std::wstring(system.data(), length) + L"\\Npcap\\wpcap.dll";
        // The altered search path lets wpcap.dll find Packet.dll beside it in Npcap's folder.
        if (HMODULE h = LoadLibraryExW(npcap.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH)) {
            return h;
        }
        first_error = GetLastError();
    }
    if (HMODULE h = LoadLibraryExW(L"wpcap.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32)) {
        return h;
    }
    throw CaptureUnavailable(kNpcap, kNpcapSite,
                             "wpcap.dll could not be loaded from %SystemRoot%\\System32\\Npcap "
                             "or System32: " + system_message(first_error));
}

PcapLibrary load() {
    const HMODULE library = load_wpcap();
    PcapLibrary api;
#define DAICHO_PCAP_REQUIRED(member, symbol) resolve(library, #symbol, api.member, true);
#define DAICHO_PCAP_OPTIONAL(member, symbol) resolve(library, #symbol, api.member, false);
    DAICHO_PCAP_COMMON_FUNCTIONS(DAICHO_PCAP_REQUIRED)
    DAICHO_PCAP_LIVE_FUNCTIONS(DAICHO_PCAP_REQUIRED)
    DAICHO_PCAP_OPTIONAL_FUNCTIONS(DAICHO_PCAP_OPTIONAL)
#undef DAICHO_PCAP_REQUIRED
#undef DAICHO_PCAP_OPTIONAL
    return api;  // wpcap.dll stays loaded for the process's life
}

PcapLibrary linked() {
    PcapLibrary api;
#define DAICHO_PCAP_LINKED(member, symbol) api.member = &::symbol;
    DAICHO_PCAP_COMMON_FUNCTIONS(DAICHO_PCAP_LINKED)
    DAICHO_PCAP_FILE_FUNCTIONS(DAICHO_PCAP_LINKED)
#undef DAICHO_PCAP_LINKED
    // A macro over pcap_hopen_offline_with_tstamp_precision on Windows (pcap/pcap.h).
    api.fopen_offline = [](FILE* file, u_int precision, char* error) {
        return pcap_fopen_offline_with_tstamp_precision(file, precision, error);
    };
    return api;
}

}  // namespace

const PcapLibrary& pcap_library() {
    static const PcapLibrary api = load();
    return api;
}

const PcapLibrary& pcap_file_library() {
    static const PcapLibrary api = linked();
    return api;
}

}  // namespace daicho::collectors
