"""Diff two versions of a policy text into track-changes ops, word stats, HTML and a summary.

Sentences are aligned first, then words inside the changed blocks only, so a 50 KB policy
diffs in milliseconds and the result reads like an editor's track changes, not character soup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = -1, 0, 1
"""Op codes, in diff-match-patch's convention."""

Op = tuple[int, str]
"""One diff op: (DELETE | EQUAL | INSERT, text)."""

_UNIT = re.compile(r".*?(?:[.!?][\"'”’)\]]*\s+|\n\s*|\Z)", re.S)
"""A sentence or a line with the whitespace after it; units concatenate back to the text."""

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")
"""A word (with inner hyphens/apostrophes), a whitespace run, or one other character."""

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
"""What counts as one word in the stats."""

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
"""A blank line (or more) between two paragraphs."""

_MAX_CODE = 0x10FFFF
"""Highest code point usable to stand for one token."""


@dataclass(frozen=True, slots=True)
class DiffStats:
    """How much the text changed, in words; formatting-only differences do not count."""

    inserted_words: int
    deleted_words: int
    changed: bool


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    """Everything the API's Diff object holds, for one pair of policy versions."""

    from_id: str
    to_id: str
    ops: tuple[Op, ...]
    stats: DiffStats
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]
    grade_change: tuple[str | None, str | None] | None
    html: str
    summary: str

    def to_json(self) -> dict[str, Any]:
        """The API.md Diff shape (plus "summary"), ready for json.dumps."""
        grade = self.grade_change
        return {
            "from": self.from_id,
            "to": self.to_id,
            "ops": [[op, text] for op, text in self.ops],
            "stats": {
                "inserted_words": self.stats.inserted_words,
                "deleted_words": self.stats.deleted_words,
                "changed": self.stats.changed,
            },
            "findings_added": list(self.findings_added),
            "findings_removed": list(self.findings_removed),
            "grade_change": None if grade is None else {"from": grade[0], "to": grade[1]},
            "html": self.html,
            "summary": self.summary,
        }


class _Codebook:
    """Maps each distinct string to one character, as diff_linesToChars does."""

    __slots__ = ("codes", "strings")

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}
        self.strings: list[str] = []

    def encode(self, pieces: Iterable[str]) -> str | None:
        """One character per piece, or None when there are more distinct pieces than chars."""
        codes = self.codes
        out = []
        for piece in pieces:
            code = codes.get(piece)
            if code is None:
                n = len(self.strings)
                if n >= 0xD800:  # skip the surrogate range
                    n += 0x800
                if n > _MAX_CODE:
                    return None
                code = codes[piece] = chr(n)
                self.strings.append(piece)
            out.append(code)
        return "".join(out)

    def decode(self, chars: str) -> str:
        """The strings the characters stand for, joined."""
        strings = self.strings
        return "".join([strings[c if c < 0xD800 else c - 0x800] for c in map(ord, chars)])


def _exact_dmp() -> diff_match_patch:
    """A diff-match-patch with no timeout, so the same inputs always give the same ops."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def diff_texts(old: str, new: str) -> list[Op]:
    """Ops turning old into new: sentences aligned first, then words within changed blocks."""
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old or not new:
        return [(DELETE, old)] if old else [(INSERT, new)]
    old_units = _UNIT.findall(old)
    new_units = _UNIT.findall(new)
    codebook = _Codebook()
    old_chars = codebook.encode(old_units)
    new_chars = codebook.encode(new_units)
    if old_chars is None or new_chars is None:
        return _diff_words(old, new)
    dmp = _exact_dmp()
    ops: list[Op] = []
    i = j = 0
    deleted: list[str] = []
    inserted: list[str] = []
    for op, chars in dmp.diff_main(old_chars, new_chars, False):
        n = len(chars)
        if op == EQUAL:
            if deleted or inserted:
                ops.extend(_diff_block("".join(deleted), "".join(inserted)))
                deleted, inserted = [], []
            ops.append((EQUAL, "".join(old_units[i : i + n])))
            i += n
            j += n
        elif op == DELETE:
            deleted.extend(old_units[i : i + n])
            i += n
        else:
            inserted.extend(new_units[j : j + n])
            j += n
    if deleted or inserted:
        ops.extend(_diff_block("".join(deleted), "".join(inserted)))
    return _merge(ops)


def _diff_block(old: str, new: str) -> list[Op]:
    """Ops for one changed block of sentences: word-level when both sides have text."""
    if not new:
        return [(DELETE, old)]
    if not old:
        return [(INSERT, new)]
    return _diff_words(old, new)


def _diff_words(old: str, new: str) -> list[Op]:
    """Word-level ops: whole words are kept or replaced, never split."""
    codebook = _Codebook()
    old_chars = codebook.encode(_TOKEN.findall(old))
    new_chars = codebook.encode(_TOKEN.findall(new))
    if old_chars is None or new_chars is None:
        return [(DELETE, old), (INSERT, new)]
    dmp = _exact_dmp()
    token_ops = dmp.diff_main(old_chars, new_chars, False)
    dmp.diff_cleanupSemantic(token_ops)
    return [(op, codebook.decode(chars)) for op, chars in token_ops]


def _merge(ops: Iterable[Op]) -> list[Op]:
    """Joins adjacent ops of the same kind and drops empty ones."""
    merged: list[Op] = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def _normal(text: str) -> str:
    """Text with Unicode form and whitespace differences erased."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _changed_blocks(ops: Sequence[Op]) -> Iterable[tuple[str, str]]:
    """(deleted, inserted) text of each run of ops between two equal ones."""
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in ops:
        if op == EQUAL:
            if deleted or inserted:
                yield "".join(deleted), "".join(inserted)
                deleted, inserted = [], []
        elif op == DELETE:
            deleted.append(text)
        else:
            inserted.append(text)
    if deleted or inserted:
        yield "".join(deleted), "".join(inserted)


def diff_stats(ops: Sequence[Op]) -> DiffStats:
    """Words inserted and deleted, ignoring blocks that differ only in whitespace or form."""
    inserted_words = deleted_words = 0
    changed = False
    for deleted, inserted in _changed_blocks(ops):
        old_words = _WORD.findall(_normal(deleted))
        new_words = _WORD.findall(_normal(inserted))
        if old_words == new_words and _normal(deleted) == _normal(inserted):
            continue
        changed = True
        start = 0
        limit = min(len(old_words), len(new_words))
        while start < limit and old_words[start] == new_words[start]:
            start += 1
        end = 0
        while end < limit - start and old_words[-1 - end] == new_words[-1 - end]:
            end += 1
        deleted_words += len(old_words) - start - end
        inserted_words += len(new_words) - start - end
    return DiffStats(inserted_words=inserted_words, deleted_words=deleted_words, changed=changed)


_MARK_TAG = {DELETE: "del", INSERT: "ins"}


def diff_html(ops: Sequence[Op]) -> str:
    """The new text with <ins>/<del> marks, HTML-escaped, one <p> per paragraph."""
    paragraphs: list[list[str]] = [[]]
    for op, text in ops:
        tag = _MARK_TAG.get(op)
        for k, piece in enumerate(_PARAGRAPH_BREAK.split(text)):
            if k:
                paragraphs.append([])
            if not piece:
                continue
            escaped = html.escape(piece, quote=False).replace("\n", "<br>\n")
            paragraphs[-1].append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
    return "\n".join(f"<p>{''.join(parts)}</p>" for parts in paragraphs if parts)


def _plain_title(finding_id: str, titles: Mapping[str, str] | None) -> str:
    """The finding's title as it reads mid-sentence: "sells your personal data"."""
    title = ((titles or {}).get(finding_id) or finding_id.replace("_", " ")).strip().rstrip(".")
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        title = title[0].lower() + title[1:]
    return title


def _plural(count: int, word: str) -> str:
    """ "1 word", "2 words"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def summarise(
    stats: DiffStats,
    findings_added: Sequence[str],
    findings_removed: Sequence[str],
    grade_change: tuple[str | None, str | None] | None,
    titles: Mapping[str, str] | None = None,
) -> str:
    """One plain-language paragraph saying what changed, or "No changes."."""
    parts: list[str] = []
    if findings_added:
        parts.append("Now: " + "; ".join(_plain_title(f, titles) for f in findings_added) + ".")
    if findings_removed:
        removed = "; ".join(_plain_title(f, titles) for f in findings_removed)
        parts.append("No longer: " + removed + ".")
    if grade_change is not None:
        before, after = grade_change
        if before is None:
            parts.append(f"Grade now {after}.")
        elif after is None:
            parts.append(f"Grade {before} withdrawn: the new text cannot be graded.")
        else:
            parts.append(f"Grade {before} → {after}.")
    if stats.inserted_words and stats.deleted_words:
        added = _plural(stats.inserted_words, "word")
        parts.append(f"{added} added, {stats.deleted_words} removed.")
    elif stats.inserted_words:
        parts.append(f"{_plural(stats.inserted_words, 'word')} added.")
    elif stats.deleted_words:
        parts.append(f"{_plural(stats.deleted_words, 'word')} removed.")
    elif stats.changed:
        parts.append("Punctuation or formatting edits only.")
    return " ".join(parts) if parts else "No changes."


def build_diff(
    from_id: str,
    to_id: str,
    old_text: str,
    new_text: str,
    old_findings: Sequence[str],
    new_findings: Sequence[str],
    old_grade: str | None,
    new_grade: str | None,
    titles: Mapping[str, str] | None = None,
) -> PolicyDiff:
    """The full Diff between two analysed versions: ops, stats, findings, grade, HTML, summary."""
    ops = diff_texts(old_text, new_text)
    stats = diff_stats(ops)
    added = tuple(sorted(set(new_findings) - set(old_findings)))
    removed = tuple(sorted(set(old_findings) - set(new_findings)))
    grade_change = None if old_grade == new_grade else (old_grade, new_grade)
    return PolicyDiff(
        from_id=from_id,
        to_id=to_id,
        ops=tuple(ops),
        stats=stats,
        findings_added=added,
        findings_removed=removed,
        grade_change=grade_change,
        html=diff_html(ops),
        summary=summarise(stats, added, removed, grade_change, titles),
    )
