#pragma once
// Building an endpoint's answer: a JSON body, or any writer's text.

#include <sstream>
#include <string>
#include <utility>

#include "daicho/service/http_server.h"

namespace daicho::agent::api {

inline service::HttpResponse json(std::string body) {
    service::HttpResponse r;
    r.body = std::move(body);
    return r;
}

// What `write(std::ostream&)` writes, as a string (the renderers write to streams).
template <typename Write>
std::string text_of(Write&& write) {
    std::ostringstream out;
    write(out);
    return out.str();
}

}  // namespace daicho::agent::api
