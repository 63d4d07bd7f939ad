#include "daicho/answers/support_status.h"

namespace daicho::answers::detail {

namespace {

// OS and firmware statements first: an SSH or HTTP banner names a service, not the platform.
int kind_rank(std::string_view kind) {
    if (kind == "os" || kind == "firmware" || kind == "system_description") {
        return 0;
    }
    return 1;
}

const SupportRow* edition_row(const std::vector<const SupportRow*>& rows,
                              std::string_view edition) {
    for (const auto* r : rows) {
        if (r->edition == edition) {
            return r;
        }
    }
    return nullptr;
}

}  // namespace

SupportStatus support_status(const ledger::DeviceRecord& d, const Catalogue& c,
                             std::string_view as_of) {
    SupportStatus st;
    for (int rank = 0; rank < 2 && !st.release; ++rank) {
        for (const auto& s : d.software) {
            if (kind_rank(s.kind) != rank) {
                continue;
            }
            if (auto r = c.release_of(s)) {
                st.release = std::move(r);
                st.name = s.product + " " + s.version;
                break;
            }
        }
    }
    if (!st.release) {
        return st;
    }
    st.exploited = c.exploited(*st.release);
    const auto rows = c.support(*st.release);
    if (rows.empty()) {
        return st;
    }
    const bool server = d.category == "server";
    if (st.release->product == "Windows") {
        st.row = edition_row(rows, server ? "server" : "client");
        if (st.row == nullptr) {
            st.row = edition_row(rows, server ? "client" : "server");
        }
        if (st.row == nullptr) {
            st.row = edition_row(rows, "ltsc");
        }
    } else {
        st.row = rows.front();
    }
    if (st.row == nullptr) {
        return st;
    }
    st.name = st.row->name;
    // The last day of updates is `end`: on the reference date after it, support has ended.
    if (st.row->end >= as_of) {
        st.state = SupportStatus::State::in_support;
        return st;
    }
    st.state = SupportStatus::State::ended;
    if (!server) {
        if (const auto* ltsc = edition_row(rows, "ltsc");
            ltsc != nullptr && ltsc != st.row && ltsc->end >= as_of) {
            st.state = SupportStatus::State::ended_unless_ltsc;
            st.ltsc = ltsc;
        }
    }
    return st;
}

}  // namespace daicho::answers::detail
