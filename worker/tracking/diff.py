"""Diff two versions of a policy text into track-changes ops, word stats and HTML.

The texts are aligned by line (paragraph), then by sentence inside similar changed
paragraphs, then by word inside similar changed sentences; what has no similar counterpart is
replaced whole. Each alignment maps its units to characters, as diff_linesToChars does, and
runs diff-match-patch on them (big problems are first cut at units found once on each side);
words are aligned by a longest common subsequence (rapidfuzz's bit-parallel Indel, in C++)
and cleaned up by diff-match-patch's semantic cleanup. A 50 KB policy diffs in milliseconds
and the ops read like an editor's track changes: whole words, never character soup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

DELETE, EQUAL, INSERT = -1, 0, 1
"""Op codes, in diff-match-patch's convention."""

Op = tuple[int, str]
"""One diff op: (DELETE | EQUAL | INSERT, text)."""

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")
"""A sentence's end and the whitespace after it, or a line break: where sentences are cut."""

_HAS_WORD = re.compile(r"\w")
"""Finds whether a piece of text holds any word at all."""

_LINE = re.compile(r".*\n(?:[^\S\n]*\n)*|.+")
"""A line with the blank lines after it: a paragraph, a heading or a list item."""

_TOKEN = re.compile(r"\w++(?:[-'’]\w++)*+|\s++|.", re.DOTALL)
"""A word (with inner hyphens/apostrophes), a whitespace run, or one other character
(possessive: the tokeniser runs on every changed sentence, and never needs to backtrack)."""

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
"""What counts as one word in the stats."""


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
"""A blank line (or more) between two paragraphs."""

_SURROGATES, _SURROGATE_COUNT = 0xD800, 0x800
"""Code points [0xD800, 0xE000) are skipped when characters stand for pieces of text."""

_MAX_PIECES = 0x110000 - _SURROGATE_COUNT
"""Most distinct pieces (lines, sentences, words) one diff can tell apart."""

_EXACT_MAX_CELLS = 256
"""Up to this len(old) * len(new) (in units or words) diff-match-patch diffs exactly; bigger
problems are first cut at the elements found once on each side (patience diff)."""

_FIND_ANCHORS_MAX = 2000
"""Up to this many elements in all, unique elements are located with str.index."""

_PAIR_ALL_MAX_CELLS = 2500
"""Changed blocks up to this many old x new sentence pairs have every pair scored."""

_LINE_MIN_DICE = 0.3
"""Word-set similarity from which two paragraphs are compared sentence by sentence."""

_SENTENCE_LEVEL_MIN_CHARS = 600
"""Two similar paragraphs this long together are aligned by sentence before words."""

_SENTENCE_MIN_DICE = 0.5
"""Word-set similarity from which two sentences are the same sentence, edited."""

_WORDS_MIN_DICE = 0.2
"""Word-set similarity under which the changed middles of two sentences are simply replaced."""

_PAIR_BAND = 16
"""In bigger blocks, only pairs this close to the diagonal are scored."""

_SPLIT_MIN_SHARE = 0.5
"""A lone unit next to a pair joins its diff when this share of its words is in the pair."""


@dataclass(frozen=True, slots=True)
class DiffStats:
    """How much the text changed, in words; formatting-only differences do not count."""

    inserted_words: int
    deleted_words: int
    changed: bool


def _encode(
    old_pieces: Sequence[Hashable], new_pieces: Sequence[Hashable]
) -> tuple[str, str, list[Any]] | None:
    """One character per piece, the same for equal pieces, as diff_linesToChars does, and the
    distinct pieces in code order; None when there are more distinct pieces than characters."""
    table: dict[Hashable, Any] = dict.fromkeys(old_pieces)
    table.update(dict.fromkeys(new_pieces))
    if len(table) > _MAX_PIECES:
        return None
    pieces = list(table)
    if len(pieces) <= _SURROGATES:
        table = dict(zip(pieces, map(chr, range(len(pieces))), strict=True))
    else:
        for index, piece in enumerate(pieces):
            table[piece] = chr(index if index < _SURROGATES else index + _SURROGATE_COUNT)
    code = table.__getitem__
    return "".join(map(code, old_pieces)), "".join(map(code, new_pieces)), pieces


def _decode(chars: str, pieces: list[str]) -> str:
    """The pieces the characters of an _encode result stand for, joined."""
    if len(pieces) <= _SURROGATES:  # code points are list indices: str.translate maps them
        return chars.translate(pieces)
    return "".join(
        [pieces[c if c < _SURROGATES else c - _SURROGATE_COUNT] for c in map(ord, chars)]
    )


class _CodeDiffMatchPatch(diff_match_patch):
    """diff-match-patch for strings whose characters stand for words or sentences.

    No timeout, so the same inputs always give the same ops. The lossless pass of
    diff_cleanupSemantic, which slides edits to whitespace and punctuation, is skipped: on
    codes those character classes mean nothing (edits already sit on word boundaries)."""

    def __init__(self) -> None:
        super().__init__()
        self.Diff_Timeout = 0

    def diff_cleanupSemanticLossless(self, diffs: list[Op]) -> None:
        """Keeps edits where they are."""


_DMP = _CodeDiffMatchPatch()


def diff_texts(old: str, new: str) -> list[Op]:
    """Ops turning old into new: lines, then sentences, then words, each within changed blocks."""
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old or not new:
        return [(DELETE, old)] if old else [(INSERT, new)]
    head, tail = _common_lines(old, new)
    ops: list[Op] = [(EQUAL, old[:head])]
    ops.extend(_diff_lines(old[head : len(old) - tail], new[head : len(new) - tail]))
    ops.append((EQUAL, old[len(old) - tail :]))
    return _tidy(ops)


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


def _diff_lines(old: str, new: str) -> list[Op]:
    """Aligns lines (paragraphs); similar changed lines are diffed sentence by sentence."""
    return _align(_LINE.findall(old), _LINE.findall(new), _LINE_MIN_DICE, _diff_paragraphs)


def _diff_paragraphs(old: str, new: str) -> list[Op]:
    """Diff of two similar paragraphs: by sentence when the changed part is long, else by word."""
    head, tail = _common_words(old, new)
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    if len(old_middle) + len(new_middle) > _SENTENCE_LEVEL_MIN_CHARS:
        middle = _diff_sentences(old_middle, new_middle)
    else:
        middle = _diff_words(old_middle, new_middle)
    return [(EQUAL, old[:head]), *middle, (EQUAL, old[len(old) - tail :])]


def _common_words(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common head and tail that do not cut a word in two."""
    head = _DMP.diff_commonPrefix(old, new)
    while head and (_inside_word(old, head) or _inside_word(new, head)):
        head -= 1
    old_rest, new_rest = old[head:], new[head:]
    tail = _DMP.diff_commonSuffix(old_rest, new_rest)
    old_start, new_start = len(old_rest) - tail, len(new_rest) - tail
    while tail and (_inside_word(old_rest, old_start) or _inside_word(new_rest, new_start)):
        old_start += 1
        new_start += 1
        tail -= 1
    return head, tail


def _inside_word(text: str, position: int) -> bool:
    """Whether position falls between two letters or digits of the text."""
    return 0 < position < len(text) and text[position - 1].isalnum() and text[position].isalnum()


def _diff_sentences(old: str, new: str) -> list[Op]:
    """Aligns sentences; similar changed sentences are diffed word by word."""
    return _align(_sentences(old), _sentences(new), _SENTENCE_MIN_DICE, _diff_words)


def _sentences(text: str) -> list[str]:
    """The text's sentences (or lines without one), each with the whitespace after it."""
    units = []
    position = 0
    for boundary in _SENTENCE_END.finditer(text):
        end = boundary.end()
        units.append(text[position:end])
        position = end
    if position < len(text):
        units.append(text[position:])
    return units


def _align(
    old_units: list[str],
    new_units: list[str],
    min_dice: float,
    refine: Callable[[str, str], list[Op]],
) -> list[Op]:
    """Ops from aligning two lists of units; changed blocks go to _diff_block."""
    if not old_units or not new_units:
        return _replace("".join(old_units), "".join(new_units))
    encoded = _encode(list(map(_unit_key, old_units)), list(map(_unit_key, new_units)))
    if encoded is None:
        return _replace("".join(old_units), "".join(new_units))
    old_chars, new_chars, _ = encoded
    ops: list[Op] = []
    i = j = 0
    block_i = block_j = 0
    for op, chars in _sequence_diff(old_chars, new_chars):
        n = len(chars)
        if op == EQUAL:
            if (block_i, block_j) != (i, j):
                ops.extend(
                    _diff_block(old_units[block_i:i], new_units[block_j:j], min_dice, refine)
                )
            old_run, new_run = old_units[i : i + n], new_units[j : j + n]
            if old_run == new_run:
                ops.append((EQUAL, "".join(old_run)))
            else:  # the same words, but spacing or Unicode form differ somewhere
                for old_unit, new_unit in zip(old_run, new_run, strict=True):
                    if old_unit == new_unit:
                        ops.append((EQUAL, old_unit))
                    else:
                        ops.extend(_diff_words(old_unit, new_unit))
            i += n
            j += n
            block_i, block_j = i, j
        elif op == DELETE:
            i += n
        else:
            j += n
    if (block_i, block_j) != (i, j):
        ops.extend(_diff_block(old_units[block_i:], new_units[block_j:], min_dice, refine))
    return ops


def _unit_key(unit: str) -> str:
    """What must match for two units to align: their text, whatever the spacing around it."""
    return unit.strip()


def _replace(old: str, new: str) -> list[Op]:
    """Ops deleting old and inserting new, without empty ops."""
    return [op for op in ((DELETE, old), (INSERT, new)) if op[1]]


def _sequence_diff(a: str, b: str) -> list[Op]:
    """Diff of two code strings: exact for small inputs, anchored on unique elements otherwise."""
    if a == b:
        return [(EQUAL, a)] if a else []
    if not a or not b:
        return [(DELETE, a)] if a else [(INSERT, b)]
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
    if set(a).isdisjoint(b):
        return [(DELETE, a), (INSERT, b)]
    if len(a) * len(b) <= _EXACT_MAX_CELLS:
        return _DMP.diff_main(a, b, False)
    anchors = _unique_anchors(a, b)
    if not anchors:
        return [(DELETE, a), (INSERT, b)]
    ops: list[Op] = []
    i = j = 0
    for anchor_a, anchor_b in anchors:
        if anchor_a > i or anchor_b > j:
            ops.extend(_sequence_diff(a[i:anchor_a], b[j:anchor_b]))
        ops.append((EQUAL, a[anchor_a]))
        i, j = anchor_a + 1, anchor_b + 1
    ops.extend(_sequence_diff(a[i:], b[j:]))
    return ops


def _token_diff(a: str, b: str) -> list[Op]:
    """Diff of two code strings of words: a longest common subsequence, found bit-parallel.

    Unlike _sequence_diff it anchors on repeated elements too, which words need (the same
    little words recur everywhere) and semantic cleanup then tidies."""
    if a == b:
        return [(EQUAL, a)] if a else []
    ops: list[Op] = []
    for opcode in Indel.opcodes(a, b):
        tag, a_start, a_end = opcode.tag, opcode.src_start, opcode.src_end
        b_start, b_end = opcode.dest_start, opcode.dest_end
        if tag == "equal":
            ops.append((EQUAL, a[a_start:a_end]))
        else:  # Indel gives only inserts and deletes; "replace" would be both, kept exact
            if a_end > a_start:
                ops.append((DELETE, a[a_start:a_end]))
            if b_end > b_start:
                ops.append((INSERT, b[b_start:b_end]))
    return ops


def _unique_anchors(a: str, b: str) -> list[tuple[int, int]]:
    """Positions of elements found once in each string, longest run in order (patience diff)."""
    count_a, count_b = Counter(a), Counter(b)
    once_a = {c for c, n in count_a.items() if n == 1}
    once_b = {c for c, n in count_b.items() if n == 1}
    if len(a) + len(b) <= _FIND_ANCHORS_MAX:  # a few str.index scans beat a loop in Python
        pairs = sorted([(a.index(c), b.index(c)) for c in once_a & once_b])
    else:
        where_b = {c: k for k, c in enumerate(b) if c in once_b}
        pairs = [(k, where_b[c]) for k, c in enumerate(a) if c in once_a and c in where_b]
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
    """The unit's lower-cased words; none for a unit of only punctuation or markup."""
    return frozenset(unit.lower().split()) if _HAS_WORD.search(unit) else frozenset()


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice similarity of two word sets, in [0, 1]; two units without words are alike."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _pair_units(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]], min_dice: float
) -> list[tuple[int, int]]:
    """Similar old/new unit pairs, in order, with the highest total similarity."""
    n_old, n_new = len(old_sets), len(new_sets)
    if n_old * n_new <= _PAIR_ALL_MAX_CELLS:
        return _pair_range(old_sets, new_sets, 0, n_old, 0, n_new, min_dice)
    # A big block: units with the same words pair first, then what lies between them.
    encoded = _encode(old_sets, new_sets)
    if encoded is None:
        return _pair_range(old_sets, new_sets, 0, n_old, 0, n_new, min_dice)
    old_keys, new_keys, _ = encoded
    chain: list[tuple[int, int]] = []
    i = j = block_i = block_j = 0
    for op, keys in [*_sequence_diff(old_keys, new_keys), (EQUAL, "")]:
        if op == EQUAL:
            chain.extend(_pair_range(old_sets, new_sets, block_i, i, block_j, j, min_dice))
            chain.extend((i + k, j + k) for k in range(len(keys)))
            i += len(keys)
            j += len(keys)
            block_i, block_j = i, j
        elif op == DELETE:
            i += len(keys)
        else:
            j += len(keys)
    return chain


def _pair_range(
    old_sets: Sequence[frozenset[str]],
    new_sets: Sequence[frozenset[str]],
    old_lo: int,
    old_hi: int,
    new_lo: int,
    new_hi: int,
    min_dice: float,
) -> list[tuple[int, int]]:
    """_pair_units within old[old_lo:old_hi] x new[new_lo:new_hi]; scores only pairs near
    the diagonal when the range is big."""
    n_old, n_new = old_hi - old_lo, new_hi - new_lo
    if not n_old or not n_new:
        return []
    scored: list[tuple[int, int, float]] = []
    band = n_new if n_old * n_new <= _PAIR_ALL_MAX_CELLS else _PAIR_BAND
    for i in range(old_lo, old_hi):
        centre = new_lo + (i - old_lo) * n_new // n_old
        old_words = old_sets[i]
        js = range(max(new_lo, centre - band), min(new_hi, centre + band + 1))
        if not old_words:
            scored.extend((i, j, s) for j in js if (s := _dice(old_words, new_sets[j])) >= min_dice)
            continue
        # _dice's very float, without a call per pair: this loop runs for every pair scored.
        old_size, shared = len(old_words), old_words.intersection
        scored.extend(
            (i, j, s)
            for j in js
            if (s := 2 * len(shared(new_sets[j])) / (old_size + len(new_sets[j]))) >= min_dice
        )
    return _heaviest_chain(scored, new_hi)


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


def _diff_block(
    old_units: list[str],
    new_units: list[str],
    min_dice: float,
    refine: Callable[[str, str], list[Op]],
) -> list[Op]:
    """Ops for one changed block: similar old/new units are refined, the rest replaced."""
    if not old_units or not new_units:
        return _replace("".join(old_units), "".join(new_units))
    if len(old_units) == len(new_units) == 1:  # the common case, one unit edited
        old_text, new_text = old_units[0], new_units[0]
        alike = _dice(_word_set(old_text), _word_set(new_text)) >= min_dice
        return refine(old_text, new_text) if alike else _replace(old_text, new_text)
    old_sets = [_word_set(u) for u in old_units]
    new_sets = [_word_set(u) for u in new_units]
    ops: list[Op] = []
    for old_lo, old_hi, new_lo, new_hi, paired in _segments(old_sets, new_sets, min_dice):
        old_text = "".join(old_units[old_lo:old_hi])
        new_text = "".join(new_units[new_lo:new_hi])
        ops.extend(refine(old_text, new_text) if paired else _replace(old_text, new_text))
    return ops


def _segments(
    old_sets: Sequence[frozenset[str]], new_sets: Sequence[frozenset[str]], min_dice: float
) -> list[list[Any]]:
    """The block cut into [old_lo, old_hi, new_lo, new_hi, paired] pieces: similar sentence
    pairs (with a lone neighbour that was split off or merged in) and unmatched runs."""
    segments: list[list[Any]] = []
    i = j = 0
    for pair_i, pair_j in [
        *_pair_units(old_sets, new_sets, min_dice),
        (len(old_sets), len(new_sets)),
    ]:
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
    head, tail = _common_words(old, new)
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    ops: list[Op] = [(EQUAL, old[:head])]
    encoded = None
    # What is left of two different phrases would only share little words: replace it.
    if (
        old_middle
        and new_middle
        and _dice(_word_set(old_middle), _word_set(new_middle)) >= _WORDS_MIN_DICE
    ):
        encoded = _encode(_TOKEN.findall(old_middle), _TOKEN.findall(new_middle))
    if encoded is None:
        ops.extend(_replace(old_middle, new_middle))
    else:
        old_chars, new_chars, tokens = encoded
        token_ops = _token_diff(old_chars, new_chars)
        if len(token_ops) > 2:  # without an equality between edits there is nothing to clean
            _DMP.diff_cleanupSemantic(token_ops)
        ops.extend([(op, _decode(chars, tokens)) for op, chars in token_ops])
    ops.append((EQUAL, old[len(old) - tail :]))
    return ops


def _tidy(ops: Iterable[Op]) -> list[Op]:
    """Ops with each run of edits between two equal texts made one delete then one insert,
    the spacing they share moved out into the equal texts, and no empty op."""
    tidy: list[Op] = []
    equal: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in [*(op for op in ops if op[1]), (EQUAL, "")]:
        if op == DELETE:
            deleted.append(text)
            continue
        if op == INSERT:
            inserted.append(text)
            continue
        if deleted or inserted:
            old, new = "".join(deleted), "".join(inserted)
            deleted.clear()
            inserted.clear()
            head, tail = _common_words(old, new) if old and new else (0, 0)
            old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
            equal.append(old[:head])
            if old_middle or new_middle:
                if any(equal):
                    tidy.append((EQUAL, "".join(equal)))
                equal.clear()
                tidy.extend(_replace(old_middle, new_middle))
            equal.append(old[len(old) - tail :])
        equal.append(text)
    if any(equal):
        tidy.append((EQUAL, "".join(equal)))
    return tidy


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
        old_normal, new_normal = _normal(deleted), _normal(inserted)
        if old_normal == new_normal:
            continue
        old_words, new_words = _WORD.findall(old_normal), _WORD.findall(new_normal)
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
