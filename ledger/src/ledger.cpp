#include "daicho/ledger/ledger.h"

#include <sqlite3.h>

#include "daicho/ledger/knowledge.h"
#include "db/connection.h"
#include "read/captures.h"

namespace daicho::ledger {

Ledger::Ledger(const std::filesystem::path& path, Mode mode,
               std::shared_ptr<const Knowledge> knowledge)
    : path_(path),
      db_(db::open_ledger(path, mode)),
      knowledge_(knowledge ? std::move(knowledge) : Knowledge::builtin()) {}

void Ledger::set_knowledge(std::shared_ptr<const Knowledge> knowledge) {
    knowledge_ = knowledge ? std::move(knowledge) : Knowledge::builtin();
}

Ledger::~Ledger() { sqlite3_close_v2(db_); }

int Ledger::schema_version() const { return read_schema_version(db_); }

std::optional<CaptureRecord> Ledger::find_capture(std::uint64_t size,
                                                  const std::string& digest) const {
    return read_capture(db_, size, digest);
}

std::uint64_t Ledger::device_count() const { return read_device_count(db_); }

void Ledger::copy_to(const std::filesystem::path& to) const { db::copy_database(db_, to); }

std::vector<CaptureRecord> Ledger::find_captures_by_head(const std::string& head) const {
    return read_captures_by_head(db_, head);
}

void Ledger::for_each_link_device(
    const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f) const {
    read_link_devices(db_, f);
}

}  // namespace daicho::ledger
