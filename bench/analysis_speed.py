"""CPU time of the whole analysis the worker does for a page (extract, version id, analyse_text,
the Report's analysis fields) against a bare lxml parse of the same page, over the 115 OPP-115
policies, and the process's peak memory.

    python bench/analysis_speed.py [DATA_DIR] [--repeat N] [--dump FOLDER] [--without-findings]

CPU time (time.process_time), not wall time: the machine is shared. Each pass times every page
in turn, the parse then the analysis, so both see the same machine; a page's time is the least
over the passes. The parse is timed warm, as a parse in a loop runs (the page is parsed once
untimed just before): right after an analysis, a parse finds the CPU's caches full of other
data and takes twice as long, which would halve the ratio.
Printed: the total ratio (sum of analysis times over sum of parse times), the median and
spread of the per-page ratios, and the peak RSS. --dump writes each page's analysis as JSON
(sorted keys) into FOLDER, to compare two versions byte for byte. --without-findings runs the
same analysis with the rule engine (find_findings) finding nothing: the floor the other stages
(extract, segment, classify, policy check ...) set on the ratio, whatever the rules cost.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

import lxml.html
from opp115_pages import pages_or_error  # this folder is on sys.path

from worker.analysis import run
from worker.analysis.model import shipped_model
from worker.analysis.run import analyse_text, analysis_to_json
from worker.ingest.extract import extract
from worker.ingest.normalise import version_id
from worker.records import FetchedPage
from worker.settings import data_dir


def analyse_page(page: FetchedPage) -> dict[str, Any]:
    """What the worker computes from a fetched page before storing it."""
    policy = extract(page)
    analysis = analysis_to_json(analyse_text(policy))
    analysis["version_id"] = version_id(policy.text)
    return analysis


def _no_findings(text: str, labelled: object, *, every: bool = False) -> list[Any]:
    """find_findings as if the rules cost nothing and found nothing."""
    return []


def parse_page(page: FetchedPage) -> object:
    return lxml.html.fromstring(page.body)


def cpu_seconds(page: FetchedPage, action: Any) -> float:
    start = time.process_time()
    action(page)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--repeat", type=int, default=5, help="passes; a page's least time counts")
    parser.add_argument("--dump", type=Path, help="write each page's analysis JSON here")
    parser.add_argument(
        "--without-findings", action="store_true", help="time all but the rule engine"
    )
    args = parser.parse_args()
    if args.without_findings:
        run.find_findings = _no_findings
    pages = pages_or_error(parser, args.data_dir)

    shipped_model()  # loads once per worker: start-up is not analysis
    reports = [analyse_page(page) for page in pages]  # warm-up, and the dumped output
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for page, report in zip(pages, reports, strict=True):
            name = page.url.rsplit("/", 1)[1]
            text = json.dumps(report, sort_keys=True, ensure_ascii=False, indent=1)
            (args.dump / f"{name}.json").write_text(text + "\n", encoding="utf-8")

    parse = [float("inf")] * len(pages)
    analysis = [float("inf")] * len(pages)
    for _ in range(args.repeat):
        for index, page in enumerate(pages):
            parse_page(page)  # warm: the analysis left other data in the caches
            parse[index] = min(parse[index], cpu_seconds(page, parse_page))
            analysis[index] = min(analysis[index], cpu_seconds(page, analyse_page))

    ratios = sorted(a / p for a, p in zip(analysis, parse, strict=True) if p > 0)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"policies:               {len(pages)} (least CPU time of {args.repeat} passes)")
    print(f"bare lxml parse:        {sum(parse) / len(pages) * 1000:.2f} ms/page")
    print(f"analysis:               {sum(analysis) / len(pages) * 1000:.1f} ms/page")
    print(f"total ratio:            {sum(analysis) / sum(parse):.1f}x lxml")
    print(f"median page ratio:      {statistics.median(ratios):.1f}x lxml")
    quartiles = statistics.quantiles(ratios, n=4)
    print(f"page ratio quartiles:   {quartiles[0]:.1f}x, {quartiles[2]:.1f}x")
    print(f"peak memory (max RSS):  {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
