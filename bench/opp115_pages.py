"""The 115 sanitized OPP-115 policies as the worker fetches pages: what the speed benchmarks
(analysis_speed, stage_speed, findings_speed) time, loaded one way for all of them."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from worker.records import FetchedPage


def policies_folder(data_dir: Path) -> Path:
    """Where the sanitized OPP-115 policies lie under the data folder."""
    return data_dir / "opp115" / "sanitized_policies"


def fetched_pages(data_dir: Path) -> list[FetchedPage]:
    """The sanitized OPP-115 policies as fetched UTF-8 HTML pages, by file name; the page
    name (the URL's last part) is the file name."""
    return [
        FetchedPage(
            url=f"https://example.com/{path.name}",
            final_url=f"https://example.com/{path.name}",
            content_type="text/html",
            body=path.read_bytes(),
            fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
            charset="utf-8",
        )
        for path in sorted(policies_folder(data_dir).glob("*.html"))
    ]


def pages_or_error(parser: argparse.ArgumentParser, data_dir: Path) -> list[FetchedPage]:
    """fetched_pages, or the parser's error (exit 2) when the data folder holds none."""
    pages = fetched_pages(data_dir)
    if not pages:
        parser.error(f"no pages under {policies_folder(data_dir)}")
    return pages
