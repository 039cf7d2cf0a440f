"""Time per policy of each text stage over the 115 OPP-115 policies, against a bare lxml parse
of the same pages in the same run (best of N passes: the machine is shared and noisy).

    python bench/stage_speed.py [DATA_DIR] [--repeat N] [--stages extract,segment,...]

Stages: extract (decode, main content, canonical_text), version_id (canonical_text again, as
the pipeline does on the extracted text), segment, classify and findings, then the other
steps of analysis.analyse_text: words_language (word count and language, one pass),
policy_check, score and summary. Each stage is fed the previous stage's output computed
beforehand, so it is timed alone. The analyse_text row times the whole of it (language to
summary); the row under it is what analyse_text takes beyond the sum of its stages' rows:
timed alone, a stage runs 115 times in a row with its code and data in the CPU caches, while
in analyse_text the stages take turns (classify and findings lose most to that).
"""

from __future__ import annotations

import argparse
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
from worker.analysis.policy_check import policy_confidence  # noqa: E402
from worker.analysis.run import analyse_text, words_and_language  # noqa: E402
from worker.analysis.score import score  # noqa: E402
from worker.analysis.segment import segment  # noqa: E402
from worker.analysis.summary import summarise  # noqa: E402
from worker.ingest.extract import extract  # noqa: E402
from worker.ingest.normalise import version_id  # noqa: E402
from worker.settings import data_dir  # noqa: E402

ANALYSE_TEXT_STEPS = (
    "segment",
    "classify",
    "findings",
    "words_language",
    "policy_check",
    "score",
    "summary",
)
"""The stages analyse_text runs; what its time exceeds their sum by is shown as a row."""

STAGES = ("extract", "version_id", *ANALYSE_TEXT_STEPS, "analyse_text")
"""Stages in pipeline order; each row of the output is one of them."""

_NEEDS_LABELS = {"classify", "findings", "policy_check", "score", "summary", "analyse_text"}


def pass_seconds(action: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Seconds one pass of action over all inputs takes."""
    start = time.perf_counter()
    for item in inputs:
        action(item)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--repeat", type=int, default=5, help="passes; the best one counts")
    parser.add_argument(
        "--stages", default=",".join(STAGES), help=f"comma-separated subset of {STAGES}"
    )
    args = parser.parse_args()
    stages = [name for name in args.stages.split(",") if name]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages {sorted(unknown)}: choose from {STAGES}")
    pages = pages_or_error(parser, args.data_dir)

    # Each stage's input, computed once outside the timings (this is also the warm-up).
    policies = [extract(page) for page in pages]
    segmented = [segment(policy) for policy in policies]
    word_counts = [words_and_language(policy.text)[0] for policy in policies]
    labelled: list[list] = []
    found: list[list] = []
    if _NEEDS_LABELS & set(stages):
        shipped_model()  # loads once per worker: start-up is not a stage
        labelled = [classify(segments) if segments else [] for segments in segmented]
        found = [find_findings(p.text, items) for p, items in zip(policies, labelled, strict=True)]
    runs: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "lxml": (lambda page: lxml.html.fromstring(page.body), pages),
        "extract": (extract, pages),
        "version_id": (lambda policy: version_id(policy.text), policies),
        "segment": (segment, policies),
        "classify": (lambda segments: classify(segments) if segments else [], segmented),
        "findings": (
            lambda pair: find_findings(pair[0].text, pair[1]),
            list(zip(policies, labelled, strict=False)),
        ),
        "words_language": (lambda policy: words_and_language(policy.text), policies),
        "policy_check": (
            lambda item: policy_confidence(item[0].text, item[1], dotted_words=item[2]),
            list(zip(policies, labelled, word_counts, strict=False)),
        ),
        "score": (score, found),
        "summary": (
            lambda pair: summarise(pair[0], pair[1]),
            list(zip(found, labelled, strict=False)),
        ),
        "analyse_text": (analyse_text, policies),
    }
    best = dict.fromkeys(["lxml", *stages], float("inf"))
    for _ in range(args.repeat):
        for name in best:
            action, inputs = runs[name]
            best[name] = min(best[name], pass_seconds(action, inputs))

    count = len(pages)
    bare = best["lxml"] / count
    print(f"policies: {count}, best of {args.repeat} passes")
    print(f"{'stage':<22} {'ms/policy':>10} {'x lxml':>9}")
    print(f"{'bare lxml parse':<22} {bare * 1000:>10.3f} {1.0:>8.1f}x")
    for name in stages:
        per_policy = best[name] / count
        print(f"{name:<22} {per_policy * 1000:>10.3f} {per_policy / bare:>8.1f}x")
    if set(ANALYSE_TEXT_STEPS) | {"analyse_text"} <= set(stages):
        rest = (best["analyse_text"] - sum(best[name] for name in ANALYSE_TEXT_STEPS)) / count
        print(f"{'  not in a row above':<22} {rest * 1000:>10.3f} {rest / bare:>8.1f}x")
    if {"extract", "segment"} <= set(stages):
        both = (best["extract"] + best["segment"]) / count
        print(f"{'extract + segment':<22} {both * 1000:>10.3f} {both / bare:>8.1f}x")


if __name__ == "__main__":
    main()
