"""What the OPP-115 annotators marked where a finding's rules do not fire, and what they fire on
where the annotators marked nothing.

For each policy of the chosen half whose majority-agreed practices state the finding (by
`opp115/practices/finding_map.json`) but Policywatch does not raise it, prints the annotated
spans of the practices that state it (the attributes the mapping names, then the segment);
with `--false-alarms`, the evidence Policywatch shows on policies with no such practice.

Tune on the even half only (the default); the odd half is for reporting.

Usage: python bench/practice_misses.py FINDING [--half even|odd|all] [--false-alarms]
       [--segment] [DATA_DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from eval_practices import states

from worker.analysis.classify import classify
from worker.analysis.findings import find_findings
from worker.analysis.segment import segment
from worker.ingest.normalise import canonical_text
from worker.records import Finding, PolicyText
from worker.settings import data_dir


def policy_findings(sanitized: Path) -> dict[str, Finding]:
    """The findings Policywatch raises with evidence on a policy's text, by id."""
    raw = sanitized.read_text(encoding="utf-8")
    text = canonical_text(re.sub(r"<[^>]+>", " ", raw.replace("|||", "\n\n")))
    labelled = classify(segment(PolicyText(text)))
    return {f.id: f for f in find_findings(text, labelled) if f.evidence}


def stating_rows(practices: Path, conditions: list[dict[str, Any]]) -> list[list[str]]:
    """The annotated practice rows of a policy that state one of the conditions."""
    with practices.open(encoding="utf-8", newline="") as rows:
        return [
            row
            for row in csv.reader(rows)
            if any(states(row[5], json.loads(row[6]), c) for c in conditions)
        ]


def spans(row: list[str], conditions: list[dict[str, Any]]) -> list[str]:
    """The selected texts of a row's attributes that a condition names, without repeats."""
    names = {n for c in conditions for n in c if n not in ("category", "any")}
    names |= {n for c in conditions for alt in c.get("any", []) for n in alt}
    attributes = json.loads(row[6])
    texts = [
        attributes[n]["selectedText"]
        for n in sorted(names)
        if n in attributes and attributes[n]["startIndexInSegment"] >= 0
    ]
    return list(dict.fromkeys(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("finding")
    parser.add_argument("data", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--half", choices=("all", "even", "odd"), default="even")
    parser.add_argument("--false-alarms", action="store_true")
    parser.add_argument("--segment", action="store_true", help="print the whole segment too")
    args = parser.parse_args()
    opp = args.data / "opp115"
    mapping = json.loads((opp / "practices" / "finding_map.json").read_text(encoding="utf-8"))
    conditions = mapping[args.finding]
    files = sorted((opp / "practices").glob("*.csv"))
    if args.half != "all":
        files = files[args.half == "odd" :: 2]
    for practices in files:
        sanitized = opp / "sanitized_policies" / f"{practices.stem}.html"
        rows = stating_rows(practices, conditions)
        found = policy_findings(sanitized)
        if rows and args.finding not in found:
            segments = sanitized.read_text(encoding="utf-8").split("|||")
            print(f"=== miss {practices.stem} ({len(rows)} practices)")
            seen: set[str] = set()
            for row in rows:
                for text in spans(row, conditions):
                    if text not in seen:
                        seen.add(text)
                        print(textwrap.fill(f"[{row[4]}] {text}", 100, subsequent_indent="    "))
                if args.segment and row[4] not in seen:
                    seen.add(row[4])
                    body = re.sub(r"<[^>]+>", " ", segments[int(row[4])])
                    print(textwrap.fill(f"  seg {row[4]}: {body}", 100, subsequent_indent="    "))
        elif args.false_alarms and not rows and args.finding in found:
            print(f"=== false alarm {practices.stem}")
            for evidence in found[args.finding].evidence:
                print(textwrap.fill(evidence.text, 100, subsequent_indent="    "))


if __name__ == "__main__":
    main()
