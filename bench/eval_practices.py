"""Policy-level findings against the OPP-115 consolidated data practices (80 policies).

A policy has a finding when any of its majority-agreed practices states it, by the mapping of
`opp115/practices/finding_map.json` (23 findings have a clear counterpart); Policywatch has it
when the finding comes with evidence. Prints per-finding true/false positives, misses,
precision and recall, and the micro precision, recall and F1.

Rules are tuned on the even half (0-based even positions in sorted file order) and reported on
the odd half too: `--half even|odd` scores one half, `--misses` lists each miss and false alarm.

Usage: python bench/eval_practices.py [--half all|even|odd] [--misses] [DATA_DIR]
       (DATA_DIR: default POLICYWATCH_DATA_DIR or ../shared/data)
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from worker.analysis.classify import classify
from worker.analysis.findings import find_findings
from worker.analysis.segment import segment
from worker.ingest.corpus import opp115_text
from worker.ingest.normalise import canonical_text
from worker.records import PolicyText
from worker.settings import data_dir

Condition = dict[str, Any]


def states(category: str, attributes: dict[str, Any], condition: Condition) -> bool:
    """Whether a practice (its category and attribute values) states a finding's condition."""
    if condition["category"] != category:
        return False

    def value(name: str) -> Any:
        return attributes.get(name, {}).get("value")

    for name, allowed in condition.items():
        if name not in ("category", "any") and value(name) not in allowed:
            return False
    alternatives = condition.get("any")
    if alternatives is None:
        return True
    return any(all(value(name) in allowed for name, allowed in alt.items()) for alt in alternatives)


def annotated(practices: Path, mapping: dict[str, list[Condition]]) -> set[str]:
    """The findings a policy's annotated practices state."""
    found: set[str] = set()
    with practices.open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows):
            category, attributes = row[5], json.loads(row[6])
            found |= {
                finding_id
                for finding_id, conditions in mapping.items()
                if any(states(category, attributes, c) for c in conditions)
            }
    return found


def predicted(sanitized: Path) -> set[str]:
    """The findings Policywatch raises, with evidence, on the policy's text."""
    raw = sanitized.read_text(encoding="utf-8")
    text = canonical_text(opp115_text(raw))
    labelled = classify(segment(PolicyText(text)))
    return {finding.id for finding in find_findings(text, labelled) if finding.evidence}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    opp = args.data / "opp115"
    mapping = {
        finding_id: conditions
        for finding_id, conditions in json.loads(
            (opp / "practices" / "finding_map.json").read_text(encoding="utf-8")
        ).items()
        if not finding_id.startswith("_")
    }
    counts: dict[str, Counter[str]] = {finding_id: Counter() for finding_id in mapping}
    files = sorted((opp / "practices").glob("*.csv"))
    if args.half != "all":
        files = files[args.half == "odd" :: 2]
    for practices in files:
        truth = annotated(practices, mapping)
        found = predicted(opp / "sanitized_policies" / f"{practices.stem}.html")
        for finding_id, count in counts.items():
            count["tp"] += finding_id in truth and finding_id in found
            count["fp"] += finding_id not in truth and finding_id in found
            count["fn"] += finding_id in truth and finding_id not in found
            if args.misses and (finding_id in truth) != (finding_id in found):
                kind = "miss" if finding_id in truth else "false alarm"
                print(f"{kind:11} {finding_id:34} {practices.stem}")
    print(f"{len(files)} policies with annotated practices ({args.half})")
    print(f"{'finding':34} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6}")
    total: Counter[str] = Counter()
    for finding_id, count in counts.items():
        total.update(count)
        precision = count["tp"] / ((count["tp"] + count["fp"]) or 1)
        recall = count["tp"] / ((count["tp"] + count["fn"]) or 1)
        print(
            f"{finding_id:34} {count['tp']:4} {count['fp']:4} {count['fn']:4} "
            f"{precision:6.3f} {recall:6.3f}"
        )
    precision = total["tp"] / (total["tp"] + total["fp"])
    recall = total["tp"] / (total["tp"] + total["fn"])
    print(
        f"micro precision {precision:.3f} recall {recall:.3f} "
        f"F1 {2 * precision * recall / (precision + recall):.3f}"
    )


if __name__ == "__main__":
    main()
