"""Category and survey-ledger checks shared by check_identity.py and check_medical.py.

Each device in an expectation file may name
  "category": "network/switch" | "pc" ...  the category daicho must give it ("/subtype" when
                                           the subtype matters too)
  "ledger": "it" | "medical"               the survey ledger it must be listed in, and only it
The lab scripts write LAB_OUT/ledger-it.json and ledger-medical.json with
`daicho ledger --kind it|medical --format json`. The figures the issue asks for (devices per
category, how many with a software version, how many unknown) are printed as one line.
"""

import json
import os


def _category(device):
    if device is None:
        return ""
    sub = device.get("subtype", "")
    return device.get("category", "") + (f"/{sub}" if sub else "")


def _ledger_macs(report, out, kind):
    path = os.path.join(out, f"ledger-{kind}.json")
    try:
        with open(path, encoding="utf-8") as f:
            return {row.get("mac", "").lower() for row in json.load(f)}
    except (OSError, ValueError) as e:
        report.line(False, f"ledger-{kind}.json readable", str(e))
        return set()


def check_categories_and_ledgers(report, expect, devices, out, lab):
    by_mac = {d.get("mac", "").lower(): d for d in devices}
    ledgers = {kind: _ledger_macs(report, out, kind) for kind in ("it", "medical")}
    for spec in expect.get("devices", []):
        mac = spec["mac"].lower()
        label = f"{spec['mac']} {spec.get('name', '')}".rstrip()
        device = by_mac.get(mac)
        if "category" in spec:
            want, got = spec["category"], _category(device)
            ok = got == want or ("/" not in want and got.split("/")[0] == want)
            why = f"  ({spec['category_why']})" if "category_why" in spec else ""
            report.line(ok, f"{label}: category {want}{why}", f"daicho says {got or 'nothing'}")
        if "ledger" in spec:
            want = spec["ledger"]
            other = "medical" if want == "it" else "it"
            report.line(mac in ledgers[want] and mac not in ledgers[other],
                        f"{label}: listed in the {want} ledger only",
                        f"in it: {mac in ledgers['it']}, in medical: {mac in ledgers['medical']}")
    per_category = {}
    for d in devices:
        per_category[d.get("category", "")] = per_category.get(d.get("category", ""), 0) + 1
    versioned = sum(1 for d in devices if any(s.get("version") for s in d.get("software", [])))
    print(f"{lab} figures: {len(devices)} devices; "
          + ", ".join(f"{k} {v}" for k, v in sorted(per_category.items()))
          + f"; {versioned} with a software version; {per_category.get('unknown', 0)} unknown;"
          + f" it ledger {len(ledgers['it'])}, medical ledger {len(ledgers['medical'])}")
