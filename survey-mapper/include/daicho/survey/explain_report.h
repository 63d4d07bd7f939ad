#pragma once
// `daicho explain DEVICE`: why a device got its category. The device's identity, the category /
// subtype / confidence / band, every rule that fired with its weight and the facts behind it
// (capture + frame), the score of every category with a fired rule, and the rules that came
// close. Labels are Japanese unless Lang::en; rule ids, fact kinds and wire values stay as they
// are (they are what the rules file and the JSON export say); wire strings are escaped.

#include <ostream>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/device.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

// One device's report (placement resolved by the caller, as Snapshot does).
void write_explain(std::ostream& out, const ledger::DeviceRecord& device,
                   const ledger::Classifier& classifier, Lang lang);

}  // namespace daicho::survey
