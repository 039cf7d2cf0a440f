"""Canonical form of a policy's text, whose sha256 is the version id.

Formatting-only changes (wrapping, NBSPs, CRLF, curly quotes, bullet style, loose or tight
lists, mojibake) must not change the canonical text. Decisions:
- en and em dashes are kept (they carry meaning and CMSs rarely swap them); the
  typographic hyphens U+2010/U+2011 become "-"; ZWJ/ZWNJ are kept (some scripts need them);
- a block (lines between blank lines) whose lines are all short (<= WRAPPED_LINE_MAX) is
  hard-wrapped prose and is unwrapped; in a block of long lines each line is a paragraph
  (plain-text pages that put one paragraph per line) unless it visibly continues a sentence;
- list items ("- ", "* ", "1.", ...) and headings (Markdown "#" lines, short Title Case or
  ALL CAPS lines between a sentence end and a capital) are never joined to their neighbours;
- every bullet becomes "- "; a list is one paragraph with one item per line;
- a Markdown table row ("| cell | cell |") is never joined to its neighbours: a table is one
  paragraph with one row per line, as a reader sees it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy

_FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=False, explain=False)

TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ae\u2122\u00a9\u2022\u00a0"
"""Curly quotes, dashes, ellipsis, (R), TM, (C), bullet and NBSP: the non-ASCII characters of
most English policies. ftfy finds no mojibake in a line of ASCII and these characters alone
(no pattern of its badness heuristic is made of them); it only straightens the quotes, as
_CHARACTER_MAP does too, so such lines skip ftfy. Checked in tests/test_normalise.py."""

_NEEDS_FTFY_RE = re.compile(f"[^\\x00-\\x7f{TYPOGRAPHIC}]|[\\x0b\\x1b]")
"""A character ftfy may change beyond canonical_text's own rules: any non-ASCII one not in
TYPOGRAPHIC, a vertical tab (ftfy drops it; canonical_text makes it a line break) or an ESC
(ftfy drops a whole terminal escape sequence)."""

_CHARACTER_MAP = tuple(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space
        "\u2060": "",  # word joiner
        "\ufeff": "",  # BOM / zero-width no-break space
        "\u180e": "",  # Mongolian vowel separator
        "\u2028": "\n",
        "\u2029": "\n\n",
        "\u0085": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\t": " ",
    }.items()
)
"""Characters and what replaces them. No replacement holds a character of the map, so replacing
them one after the other is the same as str.translate, and on non-ASCII text much faster
(translate looks every character up; str.replace skips to the few that occur)."""

_UNICODE_SPACE_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN_RE = re.compile(r"  +")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

_BULLETS = "-*+\u2022\u2023\u2043\u25aa\u25cf\u25e6\u00b7\u2219\u25a0\u25a1\u2013\u2014"

BULLET_RE = re.compile(f"^[{_BULLETS}]\\s+")
"""A bulleted list item's marker at the start of a line."""

TABLE_ROW_MARK = "|"
"""How a Markdown table row opens: such a line is a row of its own, never a wrapped line."""

ORDERED_RE = re.compile(r"^\d{1,3}[.)]\s+")
"""An ordered list item's marker, "1." or "2)". Letter and roman markers ("(a)", "iv)")
are not list markers here: in legal prose they too often start a wrapped line."""

MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}\s+\S")
"""A Markdown ATX heading line."""

DATE_RE = re.compile(r"\b(?:19|20)\d\d\b")
"""A year: a line that carries one ("Last updated: March 2015") is a date line, not a heading."""

WRAPPED_LINE_MAX = 100
"""A block whose lines are all at most this long is taken as hard-wrapped prose."""

HEADING_SHORTER_THAN = 0.6
"""In a hard-wrapped block, a heading line is at most this fraction of the next line."""

_SENTENCE_END_RE = re.compile(r"[.!?:]['\")\]]*$")
_MINOR_WORD_RE = re.compile(
    r"a|an|and|as|at|by|for|from|in|into|of|on|or|our|the|to|with|your|we|you|how|what|why|"
    r"when|where|who|do|does|is|are|can|about|this|that",
    re.I,
)
"""Words a Title Case heading may leave in lower case."""


def canonical_text(raw: str) -> str:
    """Return the canonical text: NFC, straight quotes, plain spaces, LF, unwrapped
    paragraphs separated by exactly one blank line, no leading/trailing whitespace."""
    text = raw.replace("\u2029", "\n\n").replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _NEEDS_FTFY_RE.search(text):
        text = "\n".join(map(_fix_line, text.split("\n")))
    text = _map_characters(text)
    # Each pass runs only where it can change the text: an ASCII text (most policies) needs
    # no NFC or Unicode spaces, and has a control character only if it is not printable.
    ascii_text = text.isascii()
    if not ascii_text or not text.replace("\n", "").isprintable():
        text = _CONTROL_RE.sub("", text)
    if not ascii_text:
        text = _UNICODE_SPACE_RE.sub(" ", unicodedata.normalize("NFC", text))
    if "  " in text:
        text = _SPACE_RUN_RE.sub(" ", text)
    paragraphs: list[str] = []
    for block_lines in _blocks(text):
        paragraphs.extend(_block_paragraphs(block_lines))
    return "\n\n".join(_merge_lists(paragraphs))


_RULE_CHARACTERS = frozenset("-=*_~")
_RULE_LINE_RE = re.compile(r"(?:[-=*_~] ?){3,}")
"""A line drawn with rule characters only (Markdown's `---`, `* * *`, a setext heading's
underline): formatting, not text, so it ends a block like a blank line."""


def _blocks(text: str) -> list[list[str]]:
    """The stripped lines of text, grouped into blocks at blank lines and rule lines."""
    blocks: list[list[str]] = []
    block_lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line and not (line[0] in _RULE_CHARACTERS and _RULE_LINE_RE.fullmatch(line)):
            block_lines.append(line)
        elif block_lines:
            blocks.append(block_lines)
            block_lines = []
    if block_lines:
        blocks.append(block_lines)
    return blocks


def _fix_line(line: str) -> str:
    """ftfy's fixes (mojibake, ligatures, widths) on a line that may need them.

    Mojibake is never pure ASCII, and ftfy's work on typographic characters is redone by
    canonical_text anyway: ftfy, slow on long lines, only sees the other lines.
    """
    if line.isascii() or not _NEEDS_FTFY_RE.search(line):
        return line
    return ftfy.fix_text(line, _FTFY_CONFIG)


def _map_characters(text: str) -> str:
    """Apply _CHARACTER_MAP: straight quotes, plain hyphens, no invisible characters."""
    for character, replacement in _CHARACTER_MAP:
        if character in text:
            text = text.replace(character, replacement)
    return text


def version_id(text: str) -> str:
    """sha256 hex of the canonical text's UTF-8, the policy's version id."""
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


def is_list_item(line: str) -> bool:
    """True when the line starts with a bullet or an ordered-list marker."""
    first = line[:1]  # most lines are told apart by their first character alone
    if first in _BULLETS:
        return first != "" and BULLET_RE.match(line) is not None
    return first.isdigit() and ORDERED_RE.match(line) is not None


def looks_like_heading(line: str) -> bool:
    """True for a short Title Case or ALL CAPS line without sentence punctuation
    ("General Browsing:", "I. PRIVACY POLICY AND STATEMENT")."""
    if len(line) > 80 or re.search(r"[.,;!?]['\")\]*_]*$", line) or not _balanced(line):
        return False
    if DATE_RE.search(line):
        return False
    words = re.findall(r"[^\W\d_][\w'&-]*|\d[\w.]*", line)
    if not words or len(words) > 10:
        return False
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or not alpha[0][0].isupper():
        return False
    if _MINOR_WORD_RE.fullmatch(alpha[-1]) and alpha[-1] not in ("We", "You"):
        return False
    return all(w[0].isupper() or _MINOR_WORD_RE.fullmatch(w) for w in alpha)


def _balanced(line: str) -> bool:
    """True when brackets, parentheses and emphasis markers open and close on the line."""
    return (
        line.count("(") == line.count(")")
        and line.count("[") == line.count("]")
        and line.count("**") % 2 == 0
        and line.count('"') % 2 == 0
    )


def _block_paragraphs(lines: list[str]) -> list[str]:
    """Split one blank-line-delimited block into paragraphs (lists kept one item a line)."""
    if len(lines) == 1:  # the common case: one paragraph, or one list item to normalise
        return [_normalise_bullet(lines[0])]
    wrapped = all(len(line) <= WRAPPED_LINE_MAX for line in lines if " " in line)
    units: list[list[str]] = []  # each unit: [kind, text]
    kind = ""
    for index, line in enumerate(lines):
        kind = _line_kind(lines, index, wrapped, kind)
        if kind == "item":
            units.append(["item", _normalise_bullet(line)])
        elif kind == "row":
            if units and units[-1][0] == "row":
                units[-1][1] = f"{units[-1][1]}\n{line}"
            else:
                units.append(["row", line])
        elif kind in ("heading", "para") or not units or units[-1][0] in ("heading", "row"):
            units.append([kind if kind == "heading" else "para", line])
        else:
            units[-1][1] = f"{units[-1][1]} {line}"
    paragraphs: list[str] = []
    for unit_kind, text in units:
        if unit_kind == "item" and paragraphs and _is_list_paragraph(paragraphs[-1]):
            paragraphs[-1] += "\n" + text
        else:
            paragraphs.append(text)
    return paragraphs


def _line_kind(lines: list[str], index: int, wrapped: bool, previous_kind: str) -> str:
    """Classify a line as "item", "heading", "row" (of a table), "para" (starts a paragraph)
    or "cont"."""
    line = lines[index]
    if line.startswith(TABLE_ROW_MARK):
        return "row"
    previous = lines[index - 1] if index else ""
    if MARKDOWN_HEADING_RE.match(line):
        return "heading"
    if is_list_item(line) and (
        not wrapped
        or index == 0
        or previous_kind in ("item", "heading")
        or re.search(r"[.!?:;]['\")\]]*$", previous)
    ):
        return "item"
    if _heading_in_context(lines, index, wrapped, previous_kind):
        return "heading"
    if index == 0:
        return "para"
    if wrapped:
        return "cont"
    # Long lines: each line is a paragraph unless it visibly continues a broken sentence.
    if (
        not _SENTENCE_END_RE.search(previous)
        and not line[:1].isupper()
        and previous_kind != "heading"
    ):
        return "cont"
    return "para"


def _heading_in_context(lines: list[str], index: int, wrapped: bool, previous_kind: str) -> bool:
    """A heading-like line that starts after a sentence end or heading and precedes a
    capital; in hard-wrapped blocks it must also be clearly shorter than the next line."""
    line = lines[index]
    if len(lines) == 1 or not looks_like_heading(line):
        return False
    if index > 0 and previous_kind != "heading" and not _SENTENCE_END_RE.search(lines[index - 1]):
        return False
    if index + 1 < len(lines):
        following = lines[index + 1]
        if not (following[:1].isupper() or following[:1].isdigit() or is_list_item(following)):
            return False
        if wrapped and len(line) > HEADING_SHORTER_THAN * len(following):
            return False
    return True


def _normalise_bullet(line: str) -> str:
    """Rewrite any bullet marker as "- "; ordered markers stay as written."""
    if not line or line[0] not in _BULLETS:  # no marker: skip the substitution's cost
        return line
    return BULLET_RE.sub("- ", line, count=1)


def _is_list_paragraph(paragraph: str) -> bool:
    # Its start decides most paragraphs without splitting them into lines.
    return is_list_item(paragraph) and all(is_list_item(line) for line in paragraph.split("\n"))


def _continues(last_item: str, next_item: str) -> bool:
    """True when next_item can follow last_item in one list."""
    last, following = ORDERED_RE.match(last_item), ORDERED_RE.match(next_item)
    if last is None or following is None:
        return last is None and following is None
    return int(following.group(0).strip()[:-1]) == int(last.group(0).strip()[:-1]) + 1


def _merge_lists(paragraphs: list[str]) -> list[str]:
    """Merge adjacent paragraphs of one list so loose and tight lists canonicalise alike:
    bullets with bullets, numbered items only when the numbering goes on ("5. Cookies"
    after a bulleted list is a numbered heading, not more of the list)."""
    merged: list[str] = []
    for paragraph in paragraphs:
        if (
            merged
            and _is_list_paragraph(paragraph)
            and _is_list_paragraph(merged[-1])
            and _continues(merged[-1].rsplit("\n", 1)[-1], paragraph.split("\n", 1)[0])
        ):
            merged[-1] += "\n" + paragraph
        else:
            merged.append(paragraph)
    return merged
