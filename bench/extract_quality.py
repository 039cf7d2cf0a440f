"""Word-level quality and speed of worker.ingest.extract against trafilatura's defaults.

Usage: python bench/extract_quality.py [DATA_DIR]   (default: ../shared/data)

For each real 2015 page in DATA_DIR/opp115/original_pages/, the gold text is the
sanitized OPP-115 policy with the same numeric id. Scores are bag-of-words precision,
recall and F1 over lowercased alphanumeric tokens, for both extractors in the same run.
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import trafilatura  # noqa: E402

from worker.errors import PolicywatchError  # noqa: E402
from worker.ingest.extract import extract  # noqa: E402
from worker.records import FetchedPage  # noqa: E402
from worker.settings import data_dir  # noqa: E402

TOKEN_RE = re.compile(r"[a-z0-9]+")
TAG_RE = re.compile(r"<[^>]+>")
LOW_F1 = 0.8


def tokens(text: str) -> Counter[str]:
    """Multiset of lowercased alphanumeric tokens."""
    return Counter(TOKEN_RE.findall(text.lower()))


def gold_text(path: Path) -> str:
    """Words of a sanitized OPP-115 policy: segments split on |||, tags stripped."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    return html.unescape(TAG_RE.sub(" ", raw.replace("|||", "\n")))


def scores(predicted: str, gold: Counter[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted text's words against the gold bag."""
    bag = tokens(predicted)
    overlap = sum((bag & gold).values())
    precision = overlap / sum(bag.values()) if bag else 0.0
    recall = overlap / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def ours(body: bytes) -> str:
    page = FetchedPage(
        url="file://bench",
        final_url="file://bench",
        content_type="text/html",
        body=body,
        fetched_at=datetime.now(UTC),
    )
    try:
        return extract(page).text
    except PolicywatchError:
        return ""


def theirs(body: bytes) -> str:
    return trafilatura.extract(body) or ""


def main() -> None:
    default = data_dir()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=default)
    args = parser.parse_args()
    pages = sorted((args.data_dir / "opp115" / "original_pages").glob("*.html"))
    sanitized = args.data_dir / "opp115" / "sanitized_policies"
    if not pages:
        sys.exit(f"no pages under {args.data_dir / 'opp115' / 'original_pages'}")
    extractors = {"ours": ours, "trafilatura": theirs}
    f1s: dict[str, list[float]] = {name: [] for name in extractors}
    seconds: dict[str, float] = dict.fromkeys(extractors, 0.0)
    print(f"{'page':<36} {'ours P':>7} {'R':>6} {'F1':>6}   {'traf P':>7} {'R':>6} {'F1':>6}")
    for page in pages:
        page_id = page.name.split("_", 1)[0]
        gold_files = sorted(sanitized.glob(f"{page_id}_*.html"))
        if not gold_files:
            continue
        gold = tokens(gold_text(gold_files[0]))
        body = page.read_bytes()
        row = []
        for name, run in extractors.items():
            start = time.perf_counter()
            text = run(body)
            seconds[name] += time.perf_counter() - start
            precision, recall, f1 = scores(text, gold)
            f1s[name].append(f1)
            row.append(f"{precision:7.3f} {recall:6.3f} {f1:6.3f}")
        print(f"{page.name[:36]:<36} {row[0]}   {row[1]}")
    count = len(f1s["ours"])
    print(f"\n{count} pages")
    for name in extractors:
        values = f1s[name]
        low = sum(value < LOW_F1 for value in values)
        print(
            f"{name:<12} mean F1 {statistics.mean(values):.4f}  min F1 {min(values):.4f}  "
            f"pages < {LOW_F1}: {low}  time/page {1000 * seconds[name] / count:.1f} ms"
        )
    ratio = seconds["ours"] / seconds["trafilatura"]
    print(f"time ratio ours/trafilatura: {ratio:.2f}")


if __name__ == "__main__":
    main()
