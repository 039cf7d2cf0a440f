"""Plain text and Markdown to blocks: headings, paragraphs and list items."""

from __future__ import annotations

import re

from worker.ingest.extract.blocks import Block
from worker.ingest.normalise import DATE_RE, canonical_text, is_list_item, looks_like_heading

TABLE_OF_CONTENTS_LINKS = 4
"""A paragraph of at least this many in-page links and no text is a table of contents."""

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_CODE_RE = re.compile(r"`([^`]*)`")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_BREAK_RE = re.compile(r"(?:<br\s*/?>)+", re.IGNORECASE)
_CELL_PIPE_RE = re.compile(r"(?<!\\)\|")
"""A pipe between two table cells (an escaped "\\|" is text)."""
_EMPHASIS_LINE_RE = re.compile(r"(\*\*|__)[^*_].*\1:?")
_NUMBERED_BOLD_LINE_RE = re.compile(r"(\*\*|__)[0-9]{1,2}(?:\.[0-9]{1,2})+\.? [^*_\n]{3,120}\1\.?")
"""A bold numbered section title ("**4.5 Complying with Law, ... our Rights**.")."""
_MD_BULLET_RE = re.compile(r"^\s*[-*+]\s+")
_MD_ORDERED_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+")


def markdown_inline(text: str) -> str:
    """Strip inline Markdown: images, links (keep their text), emphasis, code, escapes."""
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _BREAK_RE.sub(" ", text)  # "request.<br><br>You may" is two sentences
    text = _TAG_RE.sub("", text)
    for _ in range(2):
        text = _STRONG_RE.sub(r"\2", text)
        text = _EM_STAR_RE.sub(r"\1", text)
        text = _EM_UNDERSCORE_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return text.replace("\\\n", "\n").rstrip("\\").strip()


def markdown_blocks(markdown: str) -> list[Block]:
    """Blocks of a Markdown document: headings (ATX and setext), paragraphs, list items,
    table cells (the header row, column names, left out), without the Markdown syntax."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph and is_table_of_contents("\n".join(paragraph)):
            paragraph.clear()  # in-page links only: the page's menu, as HTML chrome is
        if paragraph:
            text = markdown_inline("\n".join(paragraph))
            if text:
                heading = len(paragraph) == 1 and (
                    _EMPHASIS_LINE_RE.fullmatch(paragraph[0]) is not None
                    and _short_line(text)
                    and not text.endswith(".")
                    and not DATE_RE.search(text)
                    or _is_heading_paragraph(text)
                    or _NUMBERED_BOLD_LINE_RE.fullmatch(paragraph[0]) is not None
                )
                blocks.append(("heading" if heading else "para", text))
            paragraph.clear()

    skip = -1
    header_below = False
    titled: list[int] = []  # blocks that an orphaned heading marker makes headings
    for index, raw in enumerate(lines):
        if index == skip:
            continue
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            paragraph.append(stripped)
            continue
        if stripped.startswith(">"):
            stripped = re.sub(r"^(>\s?)+", "", stripped).strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not stripped or _LINK_DEF_RE.match(raw) or _TABLE_SEPARATOR_RE.match(stripped):
            flush()
        elif (match := _ATX_RE.match(stripped)) is not None:
            flush()
            blocks.append(("heading", markdown_inline(match.group(2))))
        elif re.fullmatch(r"#{1,6}", stripped):
            # An empty heading marker whose text landed in the next paragraph.
            flush()
            titled.append(len(blocks))
        elif re.fullmatch(r"=+", stripped):
            # A setext underline cut off from its text by blank lines.
            flush()
            titled.append(len(blocks) - 1)
        elif _RULE_RE.match(stripped):
            flush()
        elif _SETEXT_RE.match(following) and not _MD_BULLET_RE.match(stripped):
            flush()
            blocks.append(("heading", markdown_inline(stripped)))
            skip = index + 1
        elif stripped.startswith("|") and stripped.endswith("|"):
            flush()
            cells = _table_row_blocks(stripped)
            if _TABLE_SEPARATOR_RE.match(following):  # a header row: column names
                header_below = not cells  # an empty header row: a first row of labels names them
            elif header_below and all(_column_name(text) for _, text in cells):
                header_below = False
            else:
                header_below = False
                blocks.extend(cells)
        elif _MD_BULLET_RE.match(stripped) or _MD_ORDERED_RE.match(stripped):
            flush()
            paragraph.append(_MD_BULLET_RE.sub("- ", stripped, count=1))
        else:
            paragraph.append(stripped)
    flush()
    for index in titled:
        if 0 <= index < len(blocks) and _short_line(blocks[index][1]):
            blocks[index] = ("heading", blocks[index][1])
    return [_split_items(block) for block in blocks]


def is_table_of_contents(paragraph: str) -> bool:
    """Whether a paragraph is a run of links to the page's own sections and nothing else."""
    links = list(_LINK_RE.finditer(paragraph))
    return (
        len(links) >= TABLE_OF_CONTENTS_LINKS
        and all("#" in link.group(0).rpartition("](")[2] for link in links)
        and len(re.findall(r"\w+", _LINK_RE.sub(" ", paragraph))) <= 3
    )


def _table_row_blocks(row: str) -> list[Block]:
    """A table row's cells as blocks of their own, as an HTML table's cells are: a cell's
    lines (split by <br>) are paragraphs, or list items when they open with a bullet."""
    blocks: list[Block] = []
    for cell in _CELL_PIPE_RE.split(row.strip().strip("|")):
        for line in _BREAK_RE.split(cell):
            bullet = _MD_BULLET_RE.match(line)
            text = markdown_inline(line[bullet.end() :] if bullet else line)
            if text:
                blocks.append(("para", f"- {text}" if bullet else text))
    return blocks


def _column_name(text: str) -> bool:
    """Whether a table cell reads as a column name: a short label, no sentence."""
    return _short_line(text) and not text.endswith((".", ":")) and not text.startswith("- ")


def _short_line(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= 12


def _split_items(block: Block) -> Block:
    """A paragraph that starts with a list marker is a list item."""
    kind, text = block
    if kind == "para" and is_list_item(text):
        return ("item", text)
    return block


def plain_blocks(text: str) -> list[Block]:
    """Blocks of plain text: canonical paragraphs, "#" lines and heading-like standalone
    lines ("General Browsing:") as headings."""
    blocks: list[Block] = []
    for paragraph in canonical_text(text).split("\n\n"):
        match = _ATX_RE.match(paragraph)
        if match is not None and "\n" not in paragraph:
            blocks.append(("heading", match.group(2)))
        elif "\n" not in paragraph and _is_heading_paragraph(paragraph):
            blocks.append(("heading", paragraph))
        else:
            blocks.append(("para", paragraph))
    return blocks


def _is_heading_paragraph(paragraph: str) -> bool:
    """A standalone line that reads as a heading: Title Case/ALL CAPS, short, no sentence
    punctuation at its end (a colon is fine)."""
    return not is_list_item(paragraph) and looks_like_heading(paragraph)
