"""PDF to blocks: the text layer, with paragraphs rebuilt from line lengths."""

from __future__ import annotations

import io
import re

from worker.errors import UnsupportedContent
from worker.ingest.extract.blocks import Block
from worker.ingest.extract.markdown import plain_blocks

_HYPHEN_BREAK_RE = re.compile(r"(\w)-\n(?=[a-z])")


def pdf_blocks(body: bytes) -> tuple[list[Block], str | None]:
    """Text of a PDF with pypdf, de-hyphenated, lines regrouped into paragraphs."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed PDFs log per object
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (
        PyPdfError,
        DependencyError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        NotImplementedError,
        RecursionError,
    ) as error:
        raise UnsupportedContent(f"The PDF could not be read: {error}.") from error
    blocks: list[Block] = []
    for page_text in pages:
        page_text = _HYPHEN_BREAK_RE.sub(r"\1", page_text.replace("\r\n", "\n"))
        blocks.extend(plain_blocks(_pdf_paragraphs(page_text)))
    return blocks, (title or None)


def _pdf_paragraphs(text: str) -> str:
    """Insert paragraph breaks after short lines that end a sentence (PDF text has none)."""
    lines = [line.strip() for line in text.split("\n")]
    widest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        out.append(line)
        if line and len(line) < 0.75 * widest and re.search(r"[.!?:]['\")]*$", line):
            out.append("")
    return "\n".join(out)
