"""The trigger prefilter: which rules a sentence can satisfy, and where a pattern can match.

Read off each parsed pattern: its triggers, ASCII word pieces of the literal text that
every match holds (in groups: a match holds one trigger of each group), and its leads, the
pieces every match starts with. A rule is tried only on
sentences that hold the triggers of its topic and act, and a pattern is tried only where one
of its leads occurs; both only skip searches that cannot match."""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any, Protocol

from worker.analysis.findings.rules import (
    CHANGE_POLICY,
    FINDINGS,
    FIRST_PERSON,
    GENERIC_DEFINITION,
    GLOSSARY_ENTRY,
    INDEMNITY,
    NEGATION_MASKS,
    NEGATOR,
    OTHER_ACTOR,
    OTHER_SUBJECT,
    OTHERS_DISCLOSE,
    OTHERS_PRACTICES,
    TABLE_OF_CONTENTS,
    TECHNOLOGY_DEFINITION,
    USER_CONTROL,
    FindingSpec,
    Rule,
)


class _HasBits(Protocol):
    @property
    def bits(self) -> int: ...


class ReadingBits(Protocol):
    """What the prefilter reads of a sentence as the matcher reads it (match.Reading)."""

    @property
    def sentence(self) -> _HasBits: ...

    @property
    def context_bits(self) -> int: ...


Trigger = tuple[str, bool]
"""A piece of literal text, and whether it starts a word (else it lies inside one)."""

"""A piece of literal text, and whether it starts a word (else it lies inside one)."""

_SPELLINGS_CAP = 64
"""A literal run with more spellings than this is not expanded (it yields no triggers)."""

_LEAD_TEXTS_CAP = 3
"""Leads sharing a first word beyond this many are searched as their common start."""

_CACHED_WORDS = 200_000
"""Words and chunks whose trigger bits are remembered; the caches empty past this size."""

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SYMBOLS = re.compile(r"[!-/:-@[-^`{-~]+")
"""Runs of ASCII punctuation and symbols ("@", "://")."""
DIGIT = re.compile(r"\d")

DIGITS = "\\d"
"""The piece that stands for any digit (as re's \\d matches it), in a word or leading a match."""

START = ("^", False)
"""The lead of a match that can only start where the text starts (^ or \\A, not MULTILINE)."""

_COMMON_WORDS = _WORD.findall(
    "a all an and any are as at be by for from have in info information is it may not of on "
    "or our personal privacy provide service services site that the their third this to us "
    "use user users we will with you your"
)
"""Words of most policies: a trigger they hold is a poor filter, another is preferred."""

FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The non-ASCII letters that case-insensitive ASCII letters match (İ ı ſ K), as those."""

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)

Items = Sequence[tuple[Any, Any]]
"""A parsed pattern or part of one: (opcode, argument) pairs, as re's parser gives them."""


def _literal_spellings(items: Items) -> set[str] | None:
    """Every text a run of parsed items matches, when it is a few literals (else None)."""
    spellings = {""}
    for op, arg in items:
        if op is _sre.LITERAL:
            choices: set[str] | None = {chr(arg)}
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in arg):
            choices = {chr(code) for _, code in arg}
        elif op is _sre.SUBPATTERN and not arg[1] and not arg[2]:
            choices = _literal_spellings(arg[3])
        elif op is _sre.BRANCH:
            branches = [_literal_spellings(branch) for branch in arg[1]]
            choices = (
                None if None in branches else set().union(*(b for b in branches if b is not None))
            )
        elif op in _REPEATS and arg[1] == 1:
            inner = _literal_spellings(arg[2])
            choices = None if inner is None else inner | ({""} if arg[0] == 0 else set())
        else:
            return None
        if choices is None:
            return None
        spellings = {spelling + choice for spelling in spellings for choice in choices}
        if len(spellings) > _SPELLINGS_CAP:
            return None
    return spellings


def _literal_run(items: Items, start: int) -> tuple[int, set[str] | None]:
    """The end and spellings of the longest run of literal items from start (None: none)."""
    end = start
    while end < len(items) and _literal_spellings(items[start : end + 1]) is not None:
        end += 1
    return end, _literal_spellings(items[start:end]) if end > start else None


def _pieces(spelling: str, starts_word: bool) -> list[Trigger]:
    """The ASCII word pieces of a literal text: the first starts a word when the text does,
    the others because a non-word character precedes them. A text without words gives its
    symbols ("@"), which must lie inside a chunk of the sentence."""
    pieces = []
    for word in _WORD.finditer(spelling):
        for index, part in enumerate(_NON_ASCII.split(word.group())):
            if part:
                at_start = index == 0 and (word.start() > 0 or starts_word)
                pieces.append((part.lower(), at_start))
    if not pieces:
        pieces = [(symbols, False) for symbols in _SYMBOLS.findall(spelling)]
    return pieces


def _implies(trigger: Trigger, other: Trigger) -> bool:
    """Whether every word that holds trigger holds other too."""
    (piece, starts_word), (other_piece, other_starts_word) = trigger, other
    if DIGITS in (piece, other_piece):
        return False
    if other_starts_word:
        return starts_word and piece.startswith(other_piece)
    return other_piece in piece


def _minimal(triggers: set[Trigger]) -> frozenset[Trigger]:
    """The triggers without those another one implies ("collect" implies "collected")."""
    return frozenset(
        trigger
        for trigger in triggers
        if not any(other != trigger and _implies(trigger, other) for other in triggers)
    )


def _minimal_leads(leads: set[Trigger]) -> frozenset[Trigger]:
    """The leads without those another one implies at the same place ("collect" where
    "collected" starts; "in" does not imply "business", which holds it elsewhere)."""
    return frozenset(
        lead
        for lead in leads
        if not any(
            other != lead and lead[0].startswith(other[0]) and (lead[1] or not other[1])
            for other in leads
        )
    )


def _rarity(triggers: frozenset[Trigger]) -> tuple[bool, int, int]:
    """How rarely a sentence holds one of these triggers, roughly: none held by a common
    word, then the shortest piece (a word start counts half a letter more), fewer pieces."""
    rare = not any(_common(trigger) for trigger in triggers)
    shortest = min(2 * len(piece) + starts_word for piece, starts_word in triggers)
    return rare, shortest, -len(triggers)


def _common(trigger: Trigger) -> bool:
    """Whether a word of most policies holds the trigger."""
    return any(_implies((word, True), trigger) for word in _COMMON_WORDS)


def _run_triggers(spellings: set[str], after_non_word: bool, boundary: bool) -> frozenset | None:
    """The rarest piece of each spelling of a literal run (None when one has none)."""
    best = set()
    for spelling in spellings:
        starts_word = after_non_word or (boundary and bool(_WORD_CHAR.match(spelling)))
        pieces = _pieces(spelling, starts_word)
        if not pieces:
            return None
        best.add(max(pieces, key=lambda piece: _rarity(frozenset([piece]))))
    return _minimal(best)


def _ends_non_word(op: Any, arg: Any) -> bool:
    """Whether an item always ends on a non-word character (a space, a comma...)."""
    if op is _sre.LITERAL:
        return not _WORD_CHAR.match(chr(arg))
    if op is _sre.IN:
        return all(
            (kind is _sre.LITERAL and not _WORD_CHAR.match(chr(value)))
            or (kind is _sre.CATEGORY and value in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD))
            for kind, value in arg
        )
    if op is _sre.SUBPATTERN:
        return _sequence_ends_non_word(arg[3])
    if op is _sre.BRANCH:
        return all(_sequence_ends_non_word(branch) for branch in arg[1])
    if op in _REPEATS and arg[0] >= 1:
        return _sequence_ends_non_word(arg[2])
    return False


def _sequence_ends_non_word(items: Items) -> bool:
    """Whether a sequence of items always ends on a non-word character."""
    return bool(items) and _ends_non_word(*items[-1])


def _after_zero_width(arg: Any, after_non_word: bool, boundary: bool) -> tuple[bool, bool]:
    """What an assertion (\\b, ^, lookaround) tells about the character before the next."""
    if arg is _sre.AT_BOUNDARY:
        return after_non_word, True
    if arg in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING):
        return True, boundary
    if arg is _sre.AT_NON_BOUNDARY:
        return after_non_word, False
    return after_non_word, boundary


def _is_digits(op: Any, arg: Any) -> bool:
    """Whether an item matches one digit or more (\\d, \\d+, \\d{2})."""
    if op is _sre.IN:
        return arg == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]
    return op in _REPEATS and arg[0] >= 1 and len(arg[2]) == 1 and _is_digits(*arg[2][0])


def _inner_items(op: Any, arg: Any) -> Items | None:
    """The items a group or a repeat of at least one matches once (None for other items)."""
    if op is _sre.SUBPATTERN:
        return arg[3]
    if op is _sre.ATOMIC_GROUP:
        return arg
    if op in _REPEATS and arg[0] >= 1:
        return arg[2]
    return None


def sequence_triggers(items: Items, after_non_word: bool, boundary: bool) -> frozenset | None:
    """The rarest set of triggers one of which every match of the items holds (None: no
    such set found). after_non_word: a non-word character or the start precedes them;
    boundary: a \\b precedes them."""
    groups = trigger_groups(items, after_non_word, boundary)
    return max(groups, key=_rarity) if groups else None


def trigger_groups(items: Items, after_non_word: bool, boundary: bool) -> list[frozenset]:
    """Sets of triggers such that every match of the items holds one trigger of each set, in
    the order of the items (see sequence_triggers)."""
    found: list[frozenset] = []
    index = 0
    while index < len(items):
        op, arg = items[index]
        end, spellings = _literal_run(items, index)
        if spellings is not None:
            run = _run_triggers(spellings, after_non_word, boundary)
            if run is not None:
                found.append(run)
            ends = all(not _WORD_CHAR.match(s[-1]) for s in spellings if s)
            after_non_word = ends and ("" not in spellings or after_non_word)
            boundary = False
            index = end
            continue
        index += 1
        if op in _ZERO_WIDTH:
            if op is _sre.AT:
                after_non_word, boundary = _after_zero_width(arg, after_non_word, boundary)
            continue
        inner = _inner_items(op, arg)
        if _is_digits(op, arg):
            found.append(frozenset([(DIGITS, False)]))
        elif inner is not None:
            found += trigger_groups(inner, after_non_word, boundary)
        elif op is _sre.BRANCH:
            branches = [sequence_triggers(b, after_non_word, boundary) for b in arg[1]]
            if None not in branches:
                found.append(_minimal(set().union(*(b for b in branches if b is not None))))
        if op in _REPEATS and arg[0] == 0:
            after_non_word = after_non_word and _sequence_ends_non_word(arg[2])
        else:
            after_non_word = _ends_non_word(op, arg)
        boundary = False
    return found


def sequence_leads(items: Items, after_non_word: bool, boundary: bool) -> frozenset | None:
    """The leads of the items: texts every match starts with (lower-cased, ASCII, from a
    word character on), and whether they start a word (None when a match may start with
    something else)."""
    for index, (op, arg) in enumerate(items):
        if op in _ZERO_WIDTH:
            if op is _sre.AT:
                if arg in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING):
                    return frozenset([START])
                after_non_word, boundary = _after_zero_width(arg, after_non_word, boundary)
            continue
        end, spellings = _literal_run(items, index)
        if spellings is not None:
            leads = {
                (_NON_ASCII.split(s)[0].lower(), after_non_word or boundary) for s in spellings if s
            }
            if any(not _WORD_CHAR.match(text) for text, _ in leads):
                return None
            if "" in spellings:  # an optional run ("(?:a |an )?"): or what follows it leads
                rest = sequence_leads(items[end:], after_non_word, boundary)
                if rest is None:
                    return None
                leads |= rest
            return _minimal_leads(leads)
        if _is_digits(op, arg):
            return frozenset([(DIGITS, False)])
        inner = _inner_items(op, arg)
        if inner is not None:
            return sequence_leads(inner, after_non_word, boundary)
        if op is _sre.BRANCH:
            branches = [sequence_leads(b, after_non_word, boundary) for b in arg[1]]
            if None in branches:
                return None
            return _minimal_leads(set().union(*(b for b in branches if b is not None)))
        return None
    return None


def parsed(pattern: re.Pattern[str]) -> Items | None:
    """The pattern as re's parser reads it (None when its words are not Unicode words, or
    when its ^ may match after each line break)."""
    if pattern.flags & (re.ASCII | re.LOCALE | re.MULTILINE):
        return None
    return list(_sre_parser.parse(pattern.pattern, pattern.flags))


@dataclass(frozen=True, slots=True)
class _Lookup:
    """How to search a pattern: the bits a text must all hold for it to match (of its
    triggers and of its leads), the bits of the first words of its leads (0: a match may
    start anywhere, unless anchored) and, per such bit, the leads' texts (keyed by the bit's
    bit_length: a big int's hash is not cached); anchored: a match may also start where the
    text starts (a lead is START)."""

    needs: int
    lead_bits: int
    lead_texts: dict[int, tuple[str, ...]]
    anchored: bool = False


LOOKUPS: dict[int, _Lookup] = {}
"""Per id of each pattern the rules search in a sentence (hashing a pattern is slow): its
bits."""

_WORD_STARTS: dict[str, int] = {}
"""Per piece that must start a word: the bits a word starting with it holds."""

_WORD_PARTS: dict[str, int] = {}
"""Per piece that may lie anywhere in a word: the bits a word containing it holds."""

_CHUNK_SYMBOLS: dict[str, int] = {}
"""Per piece of symbols ("@"): the bits a chunk containing it holds."""

_PIECE_BITS: dict[Trigger, int] = {}
"""The bit of each first word of a lead, shared by the patterns that have it."""

_GROUP_BITS: dict[frozenset, int] = {}
"""The bit of each group of triggers (see _group_bit)."""

_BIT_RARITY: dict[int, tuple[bool, int, int]] = {}
"""The rarity of each group's bit (see _rarity)."""

_BIT_COUNT = itertools.count()


def _new_bit() -> int:
    """A bit no trigger or lead has yet."""
    return 1 << next(_BIT_COUNT)


def _add_piece(trigger: Trigger, bit: int) -> None:
    """Make the words (or, for symbols, the chunks) that hold trigger hold bit too."""
    piece, starts_word = trigger
    if starts_word:
        table = _WORD_STARTS
    elif piece == DIGITS or _WORD_CHAR.match(piece):
        table = _WORD_PARTS
    else:
        table = _CHUNK_SYMBOLS
    table[piece] = table.get(piece, 0) | bit


def _group_bit(group: frozenset) -> int:
    """The bit of the words that hold one of the triggers of group, shared by the patterns
    that need the same group."""
    bit = _GROUP_BITS.get(group)
    if bit is None:
        bit = _GROUP_BITS[group] = _new_bit()
        _BIT_RARITY[bit] = _rarity(group)
        for trigger in group:
            _add_piece(trigger, bit)
    return bit


def _lookup(pattern: re.Pattern[str]) -> _Lookup:
    """The bits of a pattern, registered on first sight (at import, or by register: the
    words seen keep the bits of the patterns registered when they were first seen)."""
    if id(pattern) not in LOOKUPS:
        items = parsed(pattern)
        groups = dict.fromkeys(trigger_groups(items, False, False) if items is not None else [])
        leads = None if items is None else sequence_leads(items, False, False)
        needs = functools.reduce(operator.or_, map(_group_bit, groups), 0)
        anchored = leads is not None and START in leads
        if leads:
            any_lead_bit = _new_bit()
            if not anchored:  # a text holding no lead may still match where it starts
                needs |= any_lead_bit
        lead_texts: dict[int, tuple[str, ...]] = {}
        for text, starts_word in sorted((leads or frozenset()) - {START}):
            word = text if text == DIGITS else _WORD.findall(text)[0]
            first_word = (word, starts_word)
            if first_word not in _PIECE_BITS:
                _PIECE_BITS[first_word] = _new_bit()
                _add_piece(first_word, _PIECE_BITS[first_word])
            _add_piece(first_word, any_lead_bit)
            bit = _PIECE_BITS[first_word]
            lead_texts[bit] = (*lead_texts.get(bit, ()), text)
        for bit, texts in lead_texts.items():
            if len(texts) > _LEAD_TEXTS_CAP:
                lead_texts[bit] = (os.path.commonprefix(texts),)
        by_place = {bit.bit_length(): texts for bit, texts in lead_texts.items()}
        LOOKUPS[id(pattern)] = _Lookup(needs, sum(lead_texts), by_place, anchored)
    return LOOKUPS[id(pattern)]


@dataclass(frozen=True, slots=True)
class _IndexedRule:
    """A rule, its finding, the trigger bits a sentence must hold for the rule to fire, and
    those the sentence or its context must hold."""

    spec: FindingSpec
    rule: Rule
    needs: int
    needs_around: int


def _indexed(spec: FindingSpec, rule: Rule) -> _IndexedRule:
    """A rule and its needs: the triggers of its topic, of requires and of its act, which
    may stand in the context instead when rule.context (and not near), as context_topic."""
    for pattern in (rule.topic, rule.act, rule.exclude, rule.requires, rule.context_topic):
        if pattern is not None:
            _lookup(pattern)
    act_around = rule.act is not None and rule.context and not rule.near
    in_sentence = [rule.topic, rule.requires, None if act_around else rule.act]
    around = [rule.context_topic, rule.act if act_around else None]
    needs = _needs_of(in_sentence)
    needs_around = _needs_of(around)
    return _IndexedRule(spec, rule, needs, needs_around)


def _needs_of(patterns: list[re.Pattern[str] | None]) -> int:
    """The bits a text must hold for all of these patterns to match in it."""
    return functools.reduce(operator.or_, (_lookup(p).needs for p in patterns if p is not None), 0)


def candidate_rules(reading: ReadingBits) -> list[_IndexedRule]:
    """The rules whose trigger needs the sentence and its context meet, in FINDINGS order:
    only those whose key bit the sentence holds are checked."""
    hits = reading.sentence.bits
    around = hits | reading.context_bits
    keyed = hits & _KEY_BITS
    if not keyed and not _UNKEYED:
        return []
    checked = list(_UNKEYED)
    while keyed:
        bit = keyed & -keyed
        keyed ^= bit
        checked += _RULES_BY_KEY[bit.bit_length()]
    if len(checked) > 1:
        checked.sort(key=_ORDER)
    return [
        indexed
        for _, needs, needs_around, indexed in checked
        if needs & hits == needs and needs_around & around == needs_around
    ]


def _key_bit(needs: int) -> int:
    """The bit of needs that fewest sentences hold, roughly: that of its rarest trigger group
    (see _rarity), else its lowest; 0 when needs is."""
    if not needs:
        return 0
    bits = [1 << index for index in range(needs.bit_length()) if needs >> index & 1]
    grouped = [bit for bit in bits if bit in _BIT_RARITY]
    return max(grouped, key=_BIT_RARITY.__getitem__) if grouped else bits[0]


def _rules_by_key(rules: list[_IndexedRule]) -> dict[int, list[tuple[int, int, int, _IndexedRule]]]:
    """Per key bit, the rules keyed on it, each with its place in rules and its needs
    unpacked (a tuple is read faster than a dataclass's fields)."""
    by_key: dict[int, list[tuple[int, int, int, _IndexedRule]]] = {}
    for place, indexed in enumerate(rules):
        entry = (place, indexed.needs, indexed.needs_around, indexed)
        by_key.setdefault(_key_bit(indexed.needs).bit_length(), []).append(entry)
    return by_key


SENTENCE_PATTERNS = (
    *(INDEMNITY, OTHER_ACTOR, OTHER_SUBJECT, FIRST_PERSON, NEGATION_MASKS, NEGATOR),
    *(TABLE_OF_CONTENTS, TECHNOLOGY_DEFINITION, GLOSSARY_ENTRY, GENERIC_DEFINITION),
    *(OTHERS_DISCLOSE, OTHERS_PRACTICES, USER_CONTROL, CHANGE_POLICY),
)
"""The patterns besides the rules' that the matcher searches in a sentence (match.Reading and
the gates): registered too, so they are searched only where they can match."""

for _pattern in SENTENCE_PATTERNS:
    _lookup(_pattern)

INDEXED_RULES = [_indexed(spec, rule) for spec in FINDINGS.values() for rule in spec.rules]
"""Every rule, in the order of FINDINGS."""

_RULES_BY_KEY = _rules_by_key(INDEXED_RULES)
"""Per key bit (see _key_bit), by its bit_length, the rules a sentence holding it may
satisfy."""

_UNKEYED = _RULES_BY_KEY.pop(0, [])
"""The rules that need no trigger in the sentence: checked on every one."""

_KEY_BITS = sum(1 << place - 1 for place in _RULES_BY_KEY)
_ORDER = operator.itemgetter(0)


class _WordBits(dict[str, int]):
    """Per word seen: the trigger and lead bits it holds, found on first sight."""

    longest_start = 0
    """The length of the longest piece that must start a word."""

    def __missing__(self, word: str) -> int:
        key = word.translate(FOLD).lower()
        bits = 0
        for end in range(1, min(len(key), self.longest_start) + 1):
            bits |= _WORD_STARTS.get(key[:end], 0)
        for part, part_bits in _WORD_PARTS.items():
            if part in key:
                bits |= part_bits
        if DIGIT.search(word):
            bits |= _WORD_PARTS.get(DIGITS, 0)
        if len(self) >= _CACHED_WORDS:
            self.clear()
            _SHARED_BITS.clear()
        bits = self[word] = _SHARED_BITS.setdefault(bits, bits)
        return bits


class _ChunkBits(dict[str, int]):
    """Per whitespace-free chunk seen ("data,"): the bits its words hold."""

    def __missing__(self, chunk: str) -> int:
        bits = functools.reduce(operator.or_, map(_WORD_BITS.__getitem__, _WORD.findall(chunk)), 0)
        for symbols, symbol_bits in _CHUNK_SYMBOLS.items():
            if symbols in chunk:
                bits |= symbol_bits
        if len(self) >= _CACHED_WORDS:
            self.clear()
        bits = self[chunk] = _SHARED_BITS.setdefault(bits, bits)
        return bits


_SHARED_BITS: dict[int, int] = {}
"""Each distinct value of the caches below, once: words and chunks that hold the same bits
share one (big) int."""

_WORD_BITS = _WordBits()
_WORD_BITS.longest_start = max(map(len, _WORD_STARTS))
_CHUNK_BITS = _ChunkBits()


_REGISTERED: list[re.Pattern[str]] = []
"""The patterns registered after import."""


def register(pattern: re.Pattern[str]) -> None:
    """Register a pattern searched in a Searchable after import (as a test does): the words
    seen so far forget their bits, so that they are found again with the pattern's."""
    if id(pattern) not in LOOKUPS:
        _lookup(pattern)
        _REGISTERED.append(pattern)  # alive, so that no other pattern ever gets its id
        _WORD_BITS.clear()
        _WORD_BITS.longest_start = max(map(len, _WORD_STARTS))
        _CHUNK_BITS.clear()
        _SHARED_BITS.clear()


def trigger_bits(sentence: str) -> int:
    """The trigger and lead bits the words of a sentence hold."""
    return functools.reduce(operator.or_, map(_CHUNK_BITS.__getitem__, sentence.split()), 0)
