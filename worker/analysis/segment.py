"""Split canonical policy text into paragraph-sized segments and exact sentences.

Segments keep the heading they sit under; short list items are merged with their lead-in
so a segment is a meaningful unit (OPP-115 segments are paragraph-sized). Every offset
points into the full canonical text: text[start:end] == segment.text == sentence.text.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable
from typing import NamedTuple

from worker.analysis.text import WORD, ascii_runs
from worker.records import PolicyText, Segment, Sentence

MAX_SEGMENT_WORDS = 320
"""A merged segment stops growing past this many words (OPP-115 segments are paragraphs)."""

MAX_TABLE_ROWS = 200
"""How many rows up a table cell's header row is looked for."""

LIST_ITEM_MAX_WORDS = 40
"""A block this short after a lead-in ending in ":" counts as a list item."""

_BULLET = re.compile(
    r"\s*(?:\\?[*\u2022\u25aa\u25cf\u2013\u2014\u00b7+>-]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])\s+"
)
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s+|(?:[IVXLC]+|[0-9]{1,2}(?:\.[0-9]{1,2})*|[A-Z])[.)]\s+(?=[A-Z]))"
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_TRAILING_RULE = re.compile(r"\s+(?:-{3,}|={3,})\s*$")
_SETEXT_RULE = re.compile(r"^\s*(?:-{3,}|={3,})\s*$")
_FINAL_PUNCT = re.compile(r"[.!?;,]['\"\u2019\u201d)\]*_]*\s*$")

# Abbreviations after which a period never ends a sentence.
_NEVER_END = frozenset(
    [
        "e.g",
        "i.e",
        "eg",
        "ie",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "cf",
        "approx",
        "fig",
        "art",
        "sec",
        "para",
        "pp",
        "p",
        "no",
        "nos",
        "op",
        "ca",
        "viz",
        "resp",
        "ref",
        "vol",
        "ch",
        "tel",
        "ph",
        "dept",
        "est",
        "min",
        "max",
        "incl",
        "excl",
    ]
)
# Abbreviations that end a sentence only when a typical sentence opener follows ("etc." ends one
# before any capital).
_MAYBE_END = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "al",
        "u.s",
        "u.k",
        "e.u",
        "u.s.a",
    ]
)
_OPENERS = frozenset(
    [
        "we",
        "you",
        "your",
        "our",
        "us",
        "i",
        "if",
        "the",
        "this",
        "these",
        "that",
        "those",
        "they",
        "it",
        "its",
        "in",
        "for",
        "to",
        "when",
        "where",
        "as",
        "at",
        "by",
        "please",
        "any",
        "all",
        "such",
        "some",
        "each",
        "no",
        "however",
        "our",
        "may",
        "a",
        "an",
        "there",
        "personal",
        "information",
    ]
)
_MINOR_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an and as at by for from in into of on or the to with your our we you how what why "
        "when where who do does is are can about this that its vs",
    )
)
# A newline, or a run of [.!?] and closing marks before a space. Written to start with one
# character class, which lets re skip ahead to candidates instead of trying every position:
# "(?<=\n)" accepts a newline alone, else the first character was [.!?].
_BOUNDARY = re.compile(r"[\n.!?](?:(?<=\n)|[.!?]*['\"\u2019\u201d)\]*_]*(?=\s))")
_NON_SPACE = re.compile(r"\S")
_FIRST_WORD = re.compile(r"[\w']+")
_NUMBER_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE_RUN = re.compile(r"\s+")
_TABLE_SEPARATOR = re.compile(r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*")
"""A Markdown table's separator row ("| --- | :---: |"): the row above it is the header."""
_TABLE_ROW = re.compile(r"\|(?<=^\|)[^\n]*", re.MULTILINE)
"""A row of a Markdown table: a line that opens with a pipe (found from pipe to pipe, as
_CELL_PIPE)."""
_CELL_PIPE = re.compile(r"\|(?<!\\\|)")
"""A pipe that separates two cells of a table row (an escaped "\\|" is text). The pipe comes
first, then the look back: re jumps from pipe to pipe instead of trying every position."""
_LINE_BREAKS = re.compile(r"<br\s*/?>[ \t]*(?:<br\s*/?>[ \t]*)*", re.IGNORECASE)
"""Line breaks written as HTML in Markdown table cells ("Contract<br>Legitimate interests");
"<" written first, so that re jumps from "<" to "<" ((?:<br>...)+ has no literal start)."""


class _Block(NamedTuple):
    """A run of lines that belong together: a heading, a list item or a body paragraph.

    A NamedTuple rather than a frozen dataclass: one is made per block, and it is cheaper.
    """

    start: int
    end: int
    kind: str  # "heading" | "item" | "body"


def split_sentences(text: str, offset: int = 0) -> tuple[Sentence, ...]:
    """Split text into sentences whose offsets (shifted by offset) point into the full text.

    Survives abbreviations (e.g., i.e., U.S., Inc.), list items and hard-wrapped lines. A
    Markdown table gives one sentence (or more) per cell and none for its header row.
    """
    cuts = [0]
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group() == "\n":
            if _newline_ends_sentence(text, match.start()):
                cuts.append(end)
            continue
        if _period_ends_sentence(text, match.start(), end):
            cuts.append(end)
    gaps = _markup_gaps(text) if "|" in text or "<" in text else []
    if gaps:
        cuts.extend(position for gap in gaps for position in gap)
        cuts = sorted(set(cuts))
    cuts.append(len(text))
    sentences: list[Sentence] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        start, stop = _trim(text, left, right)
        # a sentence has a word: most start with a letter or digit ([^\W_]), the rest are searched
        if stop > start and (text[start].isalnum() or WORD.search(text, start, stop)):
            if gaps and _in_gap(gaps, start, stop):
                continue
            sentences.append(Sentence(text[start:stop], offset + start, offset + stop))
    return tuple(sentences)


def _markup_gaps(text: str) -> list[tuple[int, int]]:
    """Sorted spans of text that belong to no sentence: the pipes between table cells, a
    table's header row, HTML line breaks."""
    gaps = [match.span() for match in _LINE_BREAKS.finditer(text)]
    for row in _TABLE_ROW.finditer(text):
        if _TABLE_SEPARATOR.match(text, row.end() + 1):  # a header row: column names
            gaps.append(row.span())
        else:
            gaps.extend(_cell_pipes(text, *row.span()))
    return sorted(gaps)


def _cell_pipes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of _CELL_PIPE's matches in text[start:end], found by str.find, which skips
    to the next pipe far faster than re (a row can be a whole paragraph: OPP-115's segments
    open with "|||")."""
    spans = []
    pipe = text.find("|", start, end)
    while pipe >= 0:
        if pipe == 0 or text[pipe - 1] != "\\":
            spans.append((pipe, pipe + 1))
        pipe = text.find("|", pipe + 1, end)
    return spans


def _in_gap(gaps: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) lies inside one of the sorted gaps."""
    at = bisect.bisect_right(gaps, (start, sys.maxsize)) - 1  # the last gap opening by start
    return at >= 0 and gaps[at][0] <= start and stop <= gaps[at][1]


def table_column(text: str, start: int) -> str | None:
    """The name of the table column whose cell holds text[start], from the header row (or, when
    the header row is empty, the first row under it); None outside a Markdown table."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text.startswith("|", line_start):
        return None
    column = len(_CELL_PIPE.findall(text, line_start, start)) - 1
    row_start = line_start
    for _ in range(MAX_TABLE_ROWS):
        if row_start == 0:
            return None
        above = text.rfind("\n", 0, row_start - 1) + 1
        if not text.startswith("|", above):
            return None
        if _TABLE_SEPARATOR.fullmatch(text, above, row_start - 1):
            header = _cells(text, text.rfind("\n", 0, max(above - 1, 0)) + 1, above - 1)
            if not any(header):
                header = _cells(text, row_start, _line_end(text, row_start))
            return header[column] if 0 <= column < len(header) else None
        row_start = above
    return None


def _cells(text: str, start: int, end: int) -> list[str]:
    """The stripped cells of the table row text[start:end]."""
    return [cell.strip() for cell in _CELL_PIPE.split(text[start:end].strip())[1:-1]]


def _line_end(text: str, start: int) -> int:
    """Where the line opening at start ends."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def segment(policy: PolicyText) -> list[Segment]:
    """Split the canonical policy text into paragraph-sized segments under their headings."""
    text = policy.text
    blocks = _blocks(text, policy.headings)
    declared = {start for start, _ in policy.headings}
    if blocks and blocks[-1].kind == "heading" and blocks[-1].start not in declared:
        # a heading-like last line heads nothing: it is text (a signature, an address, ...)
        blocks[-1] = _Block(blocks[-1].start, blocks[-1].end, "body")
    segments: list[Segment] = []
    heading: str | None = None
    group: list[_Block] = []
    group_heading: str | None = None
    word_counts: dict[int, int] = {}

    def words(block: _Block) -> int:
        """Words of a block, counted once (a list's items are compared many times)."""
        if block.start not in word_counts:
            word_counts[block.start] = _word_count(text[block.start : block.end])
        return word_counts[block.start]

    def flush() -> None:
        if not group:
            return
        start, end = group[0].start, group[-1].end
        sentences = split_sentences(text[start:end], start)
        if not sentences:
            group.clear()
            return
        segments.append(
            Segment(
                index=len(segments),
                text=text[start:end],
                start=start,
                end=end,
                heading=group_heading,
                sentences=sentences,
            )
        )
        group.clear()

    for block in blocks:
        if block.kind == "heading":
            flush()
            heading = _heading_text(text[block.start : block.end])
            continue
        if group and _joins_group(text, group, block, words):
            group.append(block)
            continue
        flush()
        group.append(block)
        group_heading = heading
    flush()
    return segments


def _joins_group(
    text: str, group: list[_Block], block: _Block, words: Callable[[_Block], int]
) -> bool:
    """Whether block continues the current segment: a list item after its lead-in or item.

    The cheap tests on the lead-in come first so that prose paragraphs, which never join,
    need no word count.
    """
    if block.kind != "item" and (
        not _continues_list(text, group) or words(block) > LIST_ITEM_MAX_WORDS
    ):
        return False
    return sum(map(words, group)) + words(block) <= MAX_SEGMENT_WORDS


def _continues_list(text: str, group: list[_Block]) -> bool:
    """Whether a list goes on after group: its last block is a lead-in (ends in ":"), a
    bulleted item after others, or an unbulleted item ending in ";" or "," under a lead-in
    (OPP-115's HTML list items: "we collect ... about your visit:", "The IP address ...;")."""
    last = group[-1]
    ending = text[last.start : last.end].rstrip()[-1:]
    if ending == ":":
        return True
    if len(group) < 2:
        return False
    if last.kind == "item":
        return True
    first = group[0]
    return ending in (";", ",") and text[first.start : first.end].rstrip().endswith(":")


def _blocks(text: str, headings: tuple[tuple[int, int], ...]) -> list[_Block]:
    """The blocks of text: lines grouped into headings, list items and paragraphs."""
    heading_starts = {start: end for start, end in headings}
    lines = _line_spans(text)
    blocks: list[_Block] = []
    current: list[tuple[int, int]] = []

    def close() -> None:
        if current:
            start, end = current[0][0], current[-1][1]
            blocks.append(_Block(start, end, _kind(text, start, end, len(current))))
            current.clear()

    index = 0
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.strip():
            close()
            index += 1
            continue
        if start in heading_starts:
            close()
            stop = heading_starts[start]
            blocks.append(_Block(start, stop, "heading"))
            while index < len(lines) and lines[index][0] < stop:
                index += 1
            continue
        if _SETEXT_RULE.match(line):
            if len(current) == 1:
                first = current[0]
                current.clear()
                blocks.append(_Block(first[0], first[1], "heading"))
            else:
                close()
            index += 1
            continue
        if current and _line_break_ends_block(text, current[-1], (start, end)):
            close()
        current.append((start, end))
        index += 1
    close()
    return blocks


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        if line:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _line_break_ends_block(text: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether a single newline separates two blocks rather than hard-wrapping one."""
    before = text[previous[0] : previous[1]].rstrip()
    after = text[line[0] : line[1]].lstrip()
    if after.startswith("|") and _TABLE_SEPARATOR.fullmatch(after):
        return False  # it stays with the header row above it, which it marks as a header
    if _BULLET.match(after) or _MARKDOWN_HEADING.match(after) or after.startswith("|"):
        return True
    if before.endswith((":", ".", "!", "?", ";", "|")) and after[:1].isupper():
        return True
    if (after[:1].isupper() or after[:1].isdigit()) and _looks_like_heading(before):
        return True
    return before.endswith((".", ":", "!", "?")) and _looks_like_heading(after)


def _kind(text: str, start: int, end: int, line_count: int) -> str:
    """Classify a block as heading, list item or body paragraph."""
    block = text[start:end]
    if _MARKDOWN_HEADING.match(block) and line_count == 1:
        return "heading"
    if _BULLET.match(block):
        return "item"
    if line_count == 1 and _looks_like_heading(block):
        return "heading"
    return "body"


def _looks_like_heading(line: str) -> bool:
    """Short lines without final punctuation, short lines ending in ":", numbered titles."""
    stripped = line.strip()
    if stripped.endswith(("---", "===")):  # the only lines _TRAILING_RULE can match
        stripped = _TRAILING_RULE.sub("", stripped)
    stripped = stripped.strip("*_").strip()
    if (
        not stripped
        or "\n" in stripped
        or _BULLET.match(stripped)
        and not _NUMBERED_HEADING.match(stripped)
    ):
        return False
    if _MARKDOWN_HEADING.match(stripped):
        return True
    if len(stripped) > 120:
        return False
    words = _word_count(stripped)
    if words == 0 or words > 14:
        return False
    if stripped.endswith(":"):
        return words <= 7
    if _NUMBERED_HEADING.match(stripped):
        return not _FINAL_PUNCT.search(stripped) or stripped.isupper()
    if _FINAL_PUNCT.search(stripped) or stripped.endswith(("|", ")")):
        return False
    first = stripped[:1]
    if not (first.isupper() or first.isdigit() or first in "[\"'\u201c"):
        return False
    return words <= 4 or _title_case_share(stripped) >= 0.6


def _title_case_share(line: str) -> float:
    """Share of the line's non-minor words that start with a capital (1.0 for ALL CAPS)."""
    words = [w for w in WORD.findall(line) if w[0].isalpha() and w.lower() not in _MINOR_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _heading_text(raw: str) -> str:
    """A heading as shown to people: without Markdown marks, link syntax or final colon."""
    heading = _MARKDOWN_HEADING.sub("", _TRAILING_RULE.sub("", raw.strip()))
    heading = _LINK.sub(r"\1", heading)
    heading = heading.strip().strip("*_").strip().rstrip(":").strip()
    return _SPACE_RUN.sub(" ", heading)


def _newline_ends_sentence(text: str, index: int) -> bool:
    """A newline ends a sentence unless it hard-wraps one (the next line continues it)."""
    line_start = text.rfind("\n", 0, index) + 1
    before = text[line_start:index].rstrip()
    next_end = text.find("\n", index + 1)
    after = text[index + 1 : next_end if next_end >= 0 else len(text)].lstrip()
    if not before or not after:
        return True
    if _BULLET.match(after) or after.startswith(("|", "#")):
        return True
    if before.endswith((":", ";", "|")):
        return True
    return after[:1].isupper() and _looks_like_heading(before)


def _period_ends_sentence(text: str, punct_start: int, end: int) -> bool:
    """Whether the punctuation at punct_start ends a sentence, given the word before it."""
    following = _NON_SPACE.search(text, end)  # not text[end:].lstrip(): no copy per period
    if following is None:
        return True
    nxt = following.group()
    if text[punct_start] != ".":
        return nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c([*\u2022-"
    if nxt.islower() or nxt in ",;:)":
        return False  # whatever the word before the period is
    token_start = punct_start
    while (
        token_start > 0
        and not text[token_start - 1].isspace()
        and text[token_start - 1] not in "(\"'\u201c["
    ):
        token_start -= 1
    token = text[token_start:punct_start].lower().strip("*_")
    if _NUMBER_TOKEN.fullmatch(token) and token_start > 0:
        # "1." at a line start is a list number, not a sentence
        line_start = text.rfind("\n", 0, token_start) + 1
        if not text[line_start:token_start].strip():
            return False
    if token in _NEVER_END or (len(token) == 1 and token.isalpha()):
        return False
    if token == "etc":  # closes a list, names no company: "etc. DoubleClick is our ..."
        return nxt.isupper() or nxt.isdigit()
    if token in _MAYBE_END or _INITIALISM.fullmatch(token.rpartition("-")[2]):  # "EU-U.S."
        first_word = _FIRST_WORD.match(text, following.start())
        return first_word is not None and first_word.group().lower() in _OPENERS
    return nxt.isupper() or nxt.isdigit() or nxt in "\"'\u201c([*\u2022-#"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace and a leading bullet marker."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    bullet = _BULLET.match(text, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    return start, end


_ASCII_APOSTROPHE_JOIN = re.compile(r"'(?<=[^\W_]')(?=[^\W_])")
"""An apostrophe between two letters or digits, where WORD joins two runs into one word."""


def _word_count(text: str) -> int:
    """Number of words in text (len(WORD.findall(text))). In ASCII text: its runs of letters
    and digits, split off by one bytes.translate (a table look-up per byte, faster than the
    regex), less the apostrophes that join two of them ("don't")."""
    if not text.isascii():
        return len(WORD.findall(text))
    runs = len(ascii_runs(text))
    if "'" in text:
        runs -= len(_ASCII_APOSTROPHE_JOIN.findall(text))
    return runs
