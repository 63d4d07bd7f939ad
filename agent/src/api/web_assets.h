#pragma once
// The dashboard's static files (agent/web/*), compiled into the binary by
// agent/web_embed.cmake: hospital LANs are closed, so the page needs no file beside daicho
// and makes no request to any other host.

#include <span>
#include <string_view>

namespace daicho::agent::api {

struct WebAsset {
    std::string_view path;          // "/app.js"
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view body;
};

[[nodiscard]] std::span<const WebAsset> web_assets() noexcept;

}  // namespace daicho::agent::api
