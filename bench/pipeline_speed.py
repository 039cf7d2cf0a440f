"""Analysis time per policy (extract → segment → classify → findings → score → summary) over
the 115 OPP-115 policies, against a bare lxml parse of the same pages in the same run (and, for
scale, trafilatura's extraction alone), and the process's peak memory.

    python bench/pipeline_speed.py [DATA_DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent

from worker.analysis.model import shipped_model  # noqa: E402
from worker.analysis.run import analyse_text  # noqa: E402
from worker.ingest.extract import extract  # noqa: E402
from worker.records import FetchedPage  # noqa: E402
from worker.settings import data_dir  # noqa: E402


def pages(data_dir: Path) -> list[tuple[str, bytes]]:
    folder = data_dir / "opp115" / "sanitized_policies"
    return [(path.name, path.read_bytes()) for path in sorted(folder.glob("*.html"))]


def analyse_page(name: str, body: bytes) -> None:
    page = FetchedPage(
        url=f"https://example.com/{name}",
        final_url=f"https://example.com/{name}",
        content_type="text/html",
        body=body,
        fetched_at=datetime.now(UTC),
        charset="utf-8",
    )
    analyse_text(extract(page))


def timed(action, items) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for name, body in items:
        start = time.perf_counter()
        action(name, body)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default = data_dir()
    parser.add_argument("data_dir", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = pages(args.data_dir)
    shipped_model()  # start-up excluded: the model loads once per worker
    analyse_page(*items[0])
    pipeline_runs, lxml_runs, trafilatura_runs = [], [], []
    for _ in range(args.repeat):
        lxml_runs.append(sum(timed(lambda _n, b: lxml.html.fromstring(b), items)))
        trafilatura_runs.append(sum(timed(lambda _n, b: trafilatura.extract(b.decode()), items)))
        pipeline_runs.append(sum(timed(analyse_page, items)))
    pipeline = min(pipeline_runs) / len(items)
    bare = min(lxml_runs) / len(items)
    extraction_only = min(trafilatura_runs) / len(items)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"policies:                 {len(items)}")
    print(f"analysis per policy:      {pipeline * 1000:.1f} ms (best of {args.repeat} passes)")
    print(f"bare lxml parse:          {bare * 1000:.2f} ms")
    print(f"ratio analysis / lxml:    {pipeline / bare:.1f}x")
    ratio = extraction_only / bare
    print(f"trafilatura extract only: {extraction_only * 1000:.1f} ms ({ratio:.1f}x lxml)")
    print(f"median pass, analysis:    {statistics.median(pipeline_runs):.2f} s")
    print(f"peak memory (max RSS):    {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
