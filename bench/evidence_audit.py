"""The judged-evidence table against today's reports: how much of what a reader sees was read,
and how much of it the reader accepts.

For every policy named in `tests/resources/evidence/judged/*.json`, builds the report's findings
(rules and classifier, as the service does) and looks up each shown evidence passage (the first
MAX_EVIDENCE of each finding) in the table by (policy, finding, start of the sentence). Prints,
per policy and overall: shown passages, how many are judged, right / weak / wrong among them,
and the share of findings whose first passage a reader judged right.

Usage: python bench/evidence_audit.py [--unjudged] [POLICY ...]
  --unjudged  also list every shown passage nobody has judged yet (the reading worklist)
  POLICY      only these policies (paths under tests/resources, e.g. ota/Airbnb/2022-06-08.md)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from worker.analysis.classify import classify
from worker.analysis.findings import find_findings
from worker.analysis.segment import segment
from worker.ingest.corpus import read_policy
from worker.records import Finding

RESOURCES = Path(__file__).resolve().parent.parent / "tests" / "resources"
JUDGED_DIR = RESOURCES / "evidence" / "judged"


def judged_rows() -> list[dict[str, str]]:
    """Every row of every judged table."""
    return [
        row
        for table in sorted(JUDGED_DIR.glob("*.json"))
        for row in json.loads(table.read_text(encoding="utf-8"))["judged"]
    ]


def shown_findings(name: str) -> list[Finding]:
    """The findings of a resource policy as a report shows them: the file read as the service
    reads a fetched page of its type."""
    policy = read_policy(RESOURCES / name)
    return find_findings(policy.text, classify(segment(policy)))


def judgement_of(rows: list[dict[str, str]], finding: str, passage: str) -> str | None:
    """The reader's judgement of a shown passage, if it was judged."""
    for row in rows:
        if row["finding"] != finding:
            continue
        if passage == row["sentence"] if row.get("whole") else passage.startswith(row["sentence"]):
            return row["judgement"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unjudged", action="store_true")
    parser.add_argument("policies", nargs="*")
    args = parser.parse_args()
    rows = judged_rows()
    names = args.policies or sorted({row["policy"] for row in rows})
    total: Counter[str] = Counter()
    columns = ("shown", "judged", "right", "weak", "wrong", "first ok")
    print(f"{'policy':58} " + " ".join(f"{c:>{max(len(c), 5)}}" for c in columns))
    for name in names:
        mine = [row for row in rows if row["policy"] == name]
        counts: Counter[str] = Counter()
        unjudged: list[str] = []
        for finding in shown_findings(name):
            for index, passage in enumerate(finding.evidence):
                verdict = judgement_of(mine, finding.id, passage.text)
                counts["shown"] += 1
                counts[verdict or "unjudged"] += 1
                if index == 0:
                    counts["findings"] += 1
                    counts["first right"] += verdict == "right"
                if verdict is None:
                    unjudged.append(f"    {finding.id}: {passage.text[:160]!r}")
        judged = counts["shown"] - counts["unjudged"]
        first = counts["first right"] / counts["findings"] if counts["findings"] else 0.0
        print(
            f"{name:58} {counts['shown']:5} {judged:6} {counts['right']:5} {counts['weak']:5}"
            f" {counts['wrong']:5} {first:8.0%}"
        )
        if args.unjudged:
            print("\n".join(unjudged))
        total.update(counts)
    judged = total["shown"] - total["unjudged"]
    first = total["first right"] / total["findings"] if total["findings"] else 0.0
    every = f"all {len(names)} policies"
    print(
        f"{every:58} {total['shown']:5} {judged:6} {total['right']:5} {total['weak']:5}"
        f" {total['wrong']:5} {first:8.0%}"
    )


if __name__ == "__main__":
    main()
