"""Extract a policy's canonical text, headings and title from a fetched page.

Dispatches on the media type: HTML/XHTML (main-content extraction, html.py), plain text and
Markdown (markdown.py) and PDF (pdf.py), after decoding (decode.py). Every path ends in
blocks.assemble, which canonicalises the text and finds the heading spans in it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from worker.errors import UnsupportedContent
from worker.ingest.extract.blocks import assemble
from worker.ingest.extract.decode import decode_html, decode_text
from worker.ingest.extract.html import html_blocks
from worker.ingest.extract.markdown import markdown_blocks, plain_blocks
from worker.ingest.extract.pdf import pdf_blocks
from worker.records import FetchedPage, PolicyText

SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}
"""Media type of a local file, by suffix, for extract_file."""


def extract(page: FetchedPage) -> PolicyText:
    """Return the policy text of a page; UnsupportedContent if it cannot be decoded or
    parsed, NotAPolicy if no readable text remains."""
    content_type = page.content_type.split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        blocks, title = html_blocks(decode_html(page.body, page.charset))
    elif content_type == "text/markdown":
        blocks, title = markdown_blocks(decode_text(page.body, page.charset)), None
    elif content_type == "text/plain":
        blocks, title = plain_blocks(decode_text(page.body, page.charset)), None
    elif content_type == "application/pdf":
        blocks, title = pdf_blocks(page.body)
    else:
        raise UnsupportedContent(
            f"Cannot read content of type {content_type or 'unknown'}: "
            "send HTML, plain text, Markdown or PDF."
        )
    return assemble(blocks, title)


def extract_file(path: Path) -> PolicyText:
    """Extract a local file, its media type chosen by suffix (for the CLI)."""
    content_type = SUFFIX_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise UnsupportedContent(
            f"Cannot tell the type of {path.name}: use .html, .htm, .md, .txt or .pdf."
        )
    url = path.resolve().as_uri()
    page = FetchedPage(
        url=url,
        final_url=url,
        content_type=content_type,
        body=path.read_bytes(),
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
    )
    return extract(page)


__all__ = ["SUFFIX_TYPES", "extract", "extract_file"]
