"""Diff two versions of a policy text into track-changes ops, word stats, HTML and a summary.

Sentences are aligned first, then words inside the changed blocks only, so a 50 KB policy
diffs in milliseconds and the result reads like an editor's track changes, not character soup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = -1, 0, 1
"""Op codes, in diff-match-patch's convention."""

Op = tuple[int, str]
"""One diff op: (DELETE | EQUAL | INSERT, text)."""

_UNIT = re.compile(r"\s+|\S.*?(?:[.!?][\"'”’)\]]*(?=\s)|(?=[^\S\n]*\n)|(?=\s*\Z))", re.S)
"""A sentence (or a line without one), or the whitespace between two; they concatenate back."""

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")
"""A word (with inner hyphens/apostrophes), a whitespace run, or one other character."""

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
"""What counts as one word in the stats."""

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
"""A blank line (or more) between two paragraphs."""

_MAX_CODE = 0x10FFFF
"""Highest code point usable to stand for one token."""

_EXACT_MAX_CELLS = 4096
"""Below this len(old) * len(new) (in units or words), diff-match-patch's exact diff is cheap."""

_PAIR_ALL_MAX_CELLS = 2500
"""Changed blocks up to this many old x new sentence pairs have every pair scored."""

_PAIR_MIN_DICE = 0.5
"""Word-set similarity from which two sentences are the same sentence, edited."""

_PAIR_BAND = 8
"""In bigger blocks, pairs this close to the diagonal are scored..."""

_RARE_WORD_MAX = 3
"""...and so are pairs sharing a word found in at most this many sentences of each side."""

_SPLIT_MIN_SHARE = 0.5
"""A lone sentence next to a pair joins its word diff when this share of its words is in it."""


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


_DMP = _exact_dmp()


def diff_texts(old: str, new: str) -> list[Op]:
    """Ops turning old into new: sentences aligned first, then words within changed blocks."""
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old or not new:
        return [(DELETE, old)] if old else [(INSERT, new)]
    head, tail = _common_lines(old, new)
    ops: list[Op] = [(EQUAL, old[:head])]
    ops.extend(_diff_sentences(old[head : len(old) - tail], new[head : len(new) - tail]))
    ops.append((EQUAL, old[len(old) - tail :]))
    return _merge(ops)


def _common_lines(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common head and tail made of whole lines."""
    head = _DMP.diff_commonPrefix(old, new)
    head = old.rfind("\n", 0, head) + 1
    old_rest, new_rest = old[head:], new[head:]
    tail = _DMP.diff_commonSuffix(old_rest, new_rest)
    old_start, new_start = len(old_rest) - tail, len(new_rest) - tail
    if tail and not (_line_starts(old_rest, old_start) and _line_starts(new_rest, new_start)):
        cut = old_rest.find("\n", old_start)
        tail = len(old_rest) - cut - 1 if cut >= 0 else 0
    return head, tail


def _line_starts(text: str, position: int) -> bool:
    """Whether a line starts at position (the rest of the text counts as starting a line)."""
    return position == 0 or text[position - 1] == "\n"


def _units(text: str) -> list[str]:
    """The text's sentences and lines, and the whitespace between them."""
    return _UNIT.findall(text)


def _diff_sentences(old: str, new: str) -> list[Op]:
    """Aligns sentences, then diffs the words of each changed block."""
    if not old or not new:
        return [(DELETE, old)] if old else [(INSERT, new)]
    old_units, new_units = _units(old), _units(new)
    codebook = _Codebook()
    old_chars = codebook.encode(old_units)
    new_chars = codebook.encode(new_units)
    if old_chars is None or new_chars is None:
        return [(DELETE, old), (INSERT, new)]
    ops: list[Op] = []
    i = j = 0
    block_start = (0, 0)
    for op, chars in _sequence_diff(old_chars, new_chars):
        n = len(chars)
        if op == EQUAL:
            if block_start != (i, j):
                ops.extend(
                    _diff_block(old_units[block_start[0] : i], new_units[block_start[1] : j])
                )
            ops.append((EQUAL, "".join(old_units[i : i + n])))
            i += n
            j += n
            block_start = (i, j)
        elif op == DELETE:
            i += n
        else:
            j += n
    if block_start != (i, j):
        ops.extend(_diff_block(old_units[block_start[0] :], new_units[block_start[1] :]))
    return ops


def _sequence_diff(a: str, b: str) -> list[Op]:
    """Diff of two code strings: exact for small inputs, anchored on unique elements otherwise."""
    if a == b:
        return [(EQUAL, a)] if a else []
    head = _DMP.diff_commonPrefix(a, b)
    tail = _DMP.diff_commonSuffix(a[head:], b[head:])
    ops: list[Op] = [(EQUAL, a[:head])] if head else []
    ops.extend(_middle_diff(a[head : len(a) - tail], b[head : len(b) - tail]))
    if tail:
        ops.append((EQUAL, a[len(a) - tail :]))
    return ops


def _middle_diff(a: str, b: str) -> list[Op]:
    """Diff of two code strings that share no head or tail."""
    if not a or not b:
        return [(DELETE, a)] if a else [(INSERT, b)] if b else []
    if len(a) * len(b) <= _EXACT_MAX_CELLS:
        return _DMP.diff_main(a, b, False)
    anchors = _unique_anchors(a, b)
    if not anchors:
        return [(DELETE, a), (INSERT, b)]
    ops: list[Op] = []
    i = j = 0
    for anchor_a, anchor_b in anchors:
        ops.extend(_sequence_diff(a[i:anchor_a], b[j:anchor_b]))
        ops.append((EQUAL, a[anchor_a]))
        i, j = anchor_a + 1, anchor_b + 1
    ops.extend(_sequence_diff(a[i:], b[j:]))
    return ops


def _unique_anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions of elements found once in each string, longest run in order (patience diff)."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {c: k for k, c in enumerate(b) if count_b[c] == 1}
    pairs = [(k, where_b[c]) for k, c in enumerate(a) if count_a[c] == 1 and c in where_b]
    tails: list[int] = []
    tail_pair: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_pair.append(k)
        else:
            tails[place] = j
            tail_pair[place] = k
        previous[k] = tail_pair[place - 1] if place else -1
    chain: list[tuple[int, int]] = []
    k = tail_pair[-1] if tail_pair else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    chain.reverse()
    return chain


def _word_set(unit: str) -> frozenset[str]:
    """The unit's words, lower-cased; a unit without words stands for itself."""
    words = frozenset(_WORD.findall(unit.lower()))
    return words or frozenset((unit.strip(),))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice similarity of two word sets, in [0, 1]."""
    return 2 * len(a & b) / (len(a) + len(b))


def _pair_units(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]]
) -> list[tuple[int, int]]:
    """Similar old/new sentence pairs, in order, with the highest total similarity."""
    n_old, n_new = len(old_sets), len(new_sets)
    if n_old * n_new <= _PAIR_ALL_MAX_CELLS:
        candidates: Iterable[tuple[int, int]] = ((i, j) for i in range(n_old) for j in range(n_new))
    else:
        candidates = sorted(_candidate_pairs(old_sets, new_sets))
    scored = []
    for i, j in candidates:
        similarity = _dice(old_sets[i], new_sets[j])
        if similarity >= _PAIR_MIN_DICE:
            scored.append((i, j, similarity))
    return _heaviest_chain(scored, n_new)


def _candidate_pairs(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]]
) -> set[tuple[int, int]]:
    """Pairs worth scoring in a big block: near the diagonal, or sharing a rare word."""
    n_old, n_new = len(old_sets), len(new_sets)
    pairs = set()
    for i in range(n_old):
        centre = i * n_new // n_old
        for j in range(max(0, centre - _PAIR_BAND), min(n_new, centre + _PAIR_BAND + 1)):
            pairs.add((i, j))
    old_index: dict[str, list[int]] = {}
    new_index: dict[str, list[int]] = {}
    for i, words in enumerate(old_sets):
        for word in words:
            old_index.setdefault(word, []).append(i)
    for j, words in enumerate(new_sets):
        for word in words:
            new_index.setdefault(word, []).append(j)
    for word, olds in old_index.items():
        news = new_index.get(word)
        if news and len(olds) <= _RARE_WORD_MAX and len(news) <= _RARE_WORD_MAX:
            pairs.update((i, j) for i in olds for j in news)
    return pairs


def _heaviest_chain(scored: list[tuple[int, int, float]], width: int) -> list[tuple[int, int]]:
    """The pairs increasing in both positions whose similarities sum highest."""
    scored.sort(key=lambda pair: (pair[0], pair[1]))
    best = [(0.0, -1)] * (width + 1)  # Fenwick tree of (score, pair) prefix maxima over j
    previous = [-1] * len(scored)
    totals = [0.0] * len(scored)
    start = 0
    while start < len(scored):
        stop = start
        while stop < len(scored) and scored[stop][0] == scored[start][0]:
            stop += 1
        for k in range(start, stop):
            position = scored[k][1]  # prefix max over j' < j
            score, pair = 0.0, -1
            while position > 0:
                if best[position][0] > score:
                    score, pair = best[position]
                position -= position & -position
            totals[k] = score + scored[k][2]
            previous[k] = pair
        for k in range(start, stop):
            position = scored[k][1] + 1
            while position <= width:
                if totals[k] > best[position][0]:
                    best[position] = (totals[k], k)
                position += position & -position
        start = stop
    if not scored:
        return []
    k = max(range(len(scored)), key=lambda n: (totals[n], -n))
    chain = []
    while k >= 0:
        chain.append((scored[k][0], scored[k][1]))
        k = previous[k]
    chain.reverse()
    return chain


def _diff_block(old_units: list[str], new_units: list[str]) -> list[Op]:
    """Ops for one changed block of sentences: word-level for similar sentence pairs."""
    if not new_units:
        return [(DELETE, "".join(old_units))]
    if not old_units:
        return [(INSERT, "".join(new_units))]
    old_sets = [_word_set(u) for u in old_units]
    new_sets = [_word_set(u) for u in new_units]
    ops: list[Op] = []
    for old_lo, old_hi, new_lo, new_hi, paired in _segments(old_sets, new_sets):
        old_text = "".join(old_units[old_lo:old_hi])
        new_text = "".join(new_units[new_lo:new_hi])
        if paired:
            ops.extend(_diff_words(old_text, new_text))
        else:
            ops.extend(op for op in ((DELETE, old_text), (INSERT, new_text)) if op[1])
    return ops


def _segments(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]]
) -> list[list[Any]]:
    """The block cut into [old_lo, old_hi, new_lo, new_hi, paired] pieces: similar sentence
    pairs (with a lone neighbour that was split off or merged in) and unmatched runs."""
    segments: list[list[Any]] = []
    i = j = 0
    for pair_i, pair_j in [*_pair_units(old_sets, new_sets), (len(old_sets), len(new_sets))]:
        if (i, j) != (pair_i, pair_j):
            segments.append([i, pair_i, j, pair_j, False])
        if pair_i < len(old_sets):
            segments.append([pair_i, pair_i + 1, pair_j, pair_j + 1, True])
        i, j = pair_i + 1, pair_j + 1
    kept: list[list[Any]] = []
    for k, segment in enumerate(segments):
        old_lo, old_hi, new_lo, new_hi, paired = segment
        if not paired and (old_hi - old_lo) + (new_hi - new_lo) == 1:
            lone = old_sets[old_lo] if old_hi > old_lo else new_sets[new_lo]
            before = kept[-1] if kept and kept[-1][4] else None
            after = segments[k + 1] if k + 1 < len(segments) and segments[k + 1][4] else None
            for neighbour in (before, after):
                if neighbour is None:
                    continue
                other = new_sets[neighbour[2]] if old_hi > old_lo else old_sets[neighbour[0]]
                if len(lone & other) >= _SPLIT_MIN_SHARE * len(lone):
                    neighbour[0] = min(neighbour[0], old_lo)
                    neighbour[1] = max(neighbour[1], old_hi)
                    neighbour[2] = min(neighbour[2], new_lo)
                    neighbour[3] = max(neighbour[3], new_hi)
                    break
            else:
                kept.append(segment)
            continue
        kept.append(segment)
    return kept


def _diff_words(old: str, new: str) -> list[Op]:
    """Word-level ops: whole words are kept or replaced, never split."""
    codebook = _Codebook()
    old_chars = codebook.encode(_TOKEN.findall(old))
    new_chars = codebook.encode(_TOKEN.findall(new))
    if old_chars is None or new_chars is None:
        return [(DELETE, old), (INSERT, new)]
    token_ops = _sequence_diff(old_chars, new_chars)
    _DMP.diff_cleanupSemantic(token_ops)
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
