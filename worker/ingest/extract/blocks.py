"""Blocks, the currency of every extraction path, and their assembly into the canonical text
with its heading spans found in that final text."""

from __future__ import annotations

from worker.errors import NotAPolicy
from worker.ingest.normalise import canonical_text, is_list_item
from worker.records import PolicyText

Block = tuple[str, str]
"""(kind, text): kind is "heading", "para" or "item"; text may hold single newlines."""


def assemble(blocks: list[Block], title: str | None) -> PolicyText:
    """Canonicalise blocks into the final text and locate the heading paragraphs in it."""
    parts = [text if kind != "item" else _as_item(text) for kind, text in blocks if text.strip()]
    text = canonical_text("\n\n".join(parts))
    if not text:
        raise NotAPolicy("No readable text was found on the page.")
    wanted = _canonical_each([t for kind, t in blocks if kind == "heading" and t.strip()])
    spans: list[tuple[int, int]] = []
    offset = 0
    for heading in filter(None, wanted):
        position = _find_paragraph(text, heading, offset)
        if position >= 0:
            spans.append((position, position + len(heading)))
            offset = position + len(heading)
    if title:
        title = canonical_text(title).replace("\n", " ") or None
    if not title and spans:
        title = text[spans[0][0] : spans[0][1]]
    return PolicyText(text=text, headings=tuple(spans), title=title)


_SEPARATOR = "\u00b6\u00b6\u00b6"


def _canonical_each(texts: list[str]) -> list[str]:
    """canonical_text of each text, in one call (ftfy's cost is mostly per call)."""
    joined = canonical_text(f"\n\n{_SEPARATOR}\n\n".join(texts))
    results: list[str] = [""]
    for paragraph in joined.split("\n\n"):
        if paragraph == _SEPARATOR:
            results.append("")
        else:
            results[-1] = f"{results[-1]}\n\n{paragraph}" if results[-1] else paragraph
    return results if len(results) == len(texts) else [canonical_text(t) for t in texts]


def _find_paragraph(text: str, paragraph: str, start: int) -> int:
    """Offset of paragraph standing alone (between blank lines) in text at or after start."""
    while (position := text.find(paragraph, start)) >= 0:
        end = position + len(paragraph)
        if (position == 0 or text[position - 2 : position] == "\n\n") and (
            end == len(text) or text[end : end + 2] == "\n\n"
        ):
            return position
        start = position + 1
    return -1


def _as_item(text: str) -> str:
    return text if is_list_item(text) else f"- {text}"
