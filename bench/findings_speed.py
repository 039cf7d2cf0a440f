"""Time of find_findings alone per policy over the 115 OPP-115 policies, against a bare lxml
parse of the same pages in the same run (best of N passes: the machine is shared and noisy).

    python bench/findings_speed.py [DATA_DIR] [--repeat N] [--against OLD_FINDINGS_PY]

Extraction, segmentation and classification run once beforehand, outside the timings, so
only the findings stage is measured. find_findings remembers the trigger bits of the words it
has seen; the first pass, with those caches empty, is printed apart. --against times another
copy of worker/findings.py (e.g. `git show HEAD~1:worker/findings.py > /tmp/old.py`) in the
same passes, so a change is measured against its baseline in one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import lxml.html

ROOT = Path(__file__).resolve().parent.parent

from opp115_pages import pages_or_error  # noqa: E402  (this folder is on sys.path)

from worker.analysis.classify import classify  # noqa: E402
from worker.analysis.findings import find_findings  # noqa: E402
from worker.analysis.model import shipped_model  # noqa: E402
from worker.analysis.segment import segment  # noqa: E402
from worker.ingest.extract import extract  # noqa: E402
from worker.records import FetchedPage, LabelledSegment  # noqa: E402
from worker.settings import data_dir  # noqa: E402


def findings_inputs(pages: Sequence[FetchedPage]) -> list[tuple[str, list[LabelledSegment]]]:
    """Per page, the policy text and its classified segments: find_findings' input."""
    shipped_model()  # loads once per worker: start-up is not part of the stage
    inputs = []
    for page in pages:
        policy = extract(page)
        segments = segment(policy)
        inputs.append((policy.text, classify(segments) if segments else []))
    return inputs


def findings_module_from(path: Path) -> Any:
    """Another copy of worker/findings.py, imported under its own name beside ours."""
    spec = importlib.util.spec_from_file_location("findings_against", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def pass_seconds(action: Callable[[Any], object], inputs: Sequence[Any]) -> tuple[float, float]:
    """Seconds one pass of action over all inputs takes, and the slowest single input."""
    slowest = 0.0
    start = time.perf_counter()
    for item in inputs:
        begin = time.perf_counter()
        action(item)
        slowest = max(slowest, time.perf_counter() - begin)
    return time.perf_counter() - start, slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--repeat", type=int, default=5, help="passes; the best one counts")
    parser.add_argument("--against", type=Path, help="another findings.py, timed alongside")
    args = parser.parse_args()
    pages = pages_or_error(parser, args.data_dir)
    inputs = findings_inputs(pages)
    runs: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "bare lxml parse": (lambda page: lxml.html.fromstring(page.body), pages),
        "find_findings": (lambda pair: find_findings(*pair), inputs),
    }
    if args.against is not None:
        against = findings_module_from(args.against)
        runs["--against"] = (lambda pair: against.find_findings(*pair), inputs)
        print(f"--against: {args.against}")
    first: dict[str, float] = {}
    best = dict.fromkeys(runs, (float("inf"), float("inf")))
    for _ in range(args.repeat):
        for name, (action, items) in runs.items():
            total, slowest = pass_seconds(action, items)
            first.setdefault(name, total)
            best[name] = (min(best[name][0], total), min(best[name][1], slowest))

    count = len(pages)
    bare = best["bare lxml parse"][0] / count
    print(f"policies: {count}, best of {args.repeat} passes (first pass: caches still empty)")
    print(f"{'':<18} {'ms/policy':>10} {'x lxml':>8} {'slowest ms':>11} {'first pass':>11}")
    for name, (total, slowest) in best.items():
        ms, ratio = total / count * 1000, total / count / bare
        cold = first[name] / count * 1000
        print(f"{name:<18} {ms:>10.3f} {ratio:>7.1f}x {slowest * 1000:>11.2f} {cold:>11.3f}")


if __name__ == "__main__":
    main()
