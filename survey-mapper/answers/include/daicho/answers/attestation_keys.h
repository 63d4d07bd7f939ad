#pragma once
// What a person may attest for the survey (`daicho attest KEY VALUE`), how long each statement
// counts, and which statement is in force on the reference date. The ledger stores the
// statements (daicho/ledger/attestations.h); their meaning is here. Validity comes from the
// survey's own wording and answer-logic.md §6.2: reviews and training "年1回程度" (365 days),
// the diagram and the connection points within 3 months (92 days), offline patching within
// 3 months.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "daicho/ledger/attestations.h"

namespace daicho::answers {

struct AttestationKey {
    std::string_view key;
    int valid_days = 0;  // 0: does not expire by age
    // "hospital": about the whole hospital only; "device": about one device (or, with no
    // device, every device); both are stored the same way.
    std::string_view scope;
    std::string_view ja;
    std::string_view en;
};

inline constexpr std::array<AttestationKey, 12> kAttestationKeys{{
    {"ledger_department", 365, "hospital", "院内全体の台帳管理を行っている部門",
     "Department keeping the hospital-wide ledger"},
    {"it_ledger_review", 365, "hospital", "情報機器台帳（Q8）の棚卸し・確認日",
     "IT device ledger (Q8) last reviewed"},
    {"medical_ledger_review", 365, "hospital", "医療機器台帳（Q9）の棚卸し・確認日",
     "Medical device ledger (Q9) last reviewed"},
    {"me_ledger_reconciled", 365, "hospital", "ME台帳との突合（差分を確認済み）",
     "Reconciled with the clinical engineering (ME) ledger"},
    {"network_diagram_review", 92, "hospital", "ネットワーク構成図の更新・承認日",
     "Network diagram updated and approved"},
    {"wan_edges_mirrored", 365, "hospital", "すべての外部接続境界がミラー対象であることの確認",
     "Every external edge is mirrored to the sensor"},
    {"nw_patch_review", 365, "hospital", "ネットワーク機器のファームウェア定期確認・適用",
     "Network gear firmware reviewed and patched"},
    {"vendor_checklist", 365, "hospital", "事業者確認用チェックリストの回収（事業者管理機器）",
     "Vendor checklist returned for vendor-managed gear"},
    {"esu", 365, "device", "ESU（拡張セキュリティ更新）契約", "Extended Security Updates (ESU)"},
    {"ltsc", 0, "device", "LTSC（長期サービスチャネル）版であることの確認", "Runs an LTSC edition"},
    {"offline_patching", 92, "device", "事業者によるオフラインでのパッチ適用記録",
     "Offline patching by the vendor"},
    {"credentials_reset", 0, "device", "漏えいした認証情報の再設定（全アカウント）",
     "Leaked credentials reset (every account)"},
}};

[[nodiscard]] const AttestationKey* attestation_key(std::string_view key) noexcept;

// The statement of `key` in force for `device_id` on `as_of` (YYYY-MM-DD): the newest one
// dated on or before as_of about that device, else (device_id != 0) the newest one about the
// whole hospital. `expired` when its validity ran out before as_of.
struct InForce {
    const ledger::AttestationRecord* record = nullptr;
    bool expired = false;
    std::string valid_until;  // "" when it does not expire
};
[[nodiscard]] std::optional<InForce> attestation_in_force(
    std::span<const ledger::AttestationRecord> all, std::string_view key, std::int64_t device_id,
    std::string_view as_of);

// YYYY-MM-DD plus `days` (negative: back).
[[nodiscard]] std::string add_days(std::string_view day, int days);
// Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier.
[[nodiscard]] int days_between(std::string_view from, std::string_view to);

}  // namespace daicho::answers
