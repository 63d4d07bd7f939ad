#pragma once
// Escaping for the report formats. Every string may hold bytes from the network (host names,
// banners): control bytes and bidirectional overrides are escaped first
// (ledger::text::escape), then the format's own syntax.

#include <string>
#include <string_view>

namespace daicho::answers::render {

// & < > " ' as entities: safe in element text and in quoted attributes.
[[nodiscard]] std::string html(std::string_view s);
// RFC 4648 §4 base64 (with padding), for a data: URL.
[[nodiscard]] std::string base64(std::string_view bytes);
// Markdown table cell: the characters that start syntax or end a cell are backslash-escaped,
// < and > as entities (no raw HTML).
[[nodiscard]] std::string markdown(std::string_view s);

}  // namespace daicho::answers::render
