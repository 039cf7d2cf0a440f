"""Sentence-level changes: which whole sentences of two versions changed, and which matter.

From the diff ops, each changed sentence is taken whole as it reads in its version; an old
sentence is paired with the new one that replaced it (`modified`), the rest are `added` or
`removed`, and a sentence that only moved is no change. Each change gets its category, the
findings it adds or removes (the finding rules run on the sentences themselves) and whether it
is material: whether it changes what the company may do with your data, what it collects or
shares and with whom, your choices and rights, retention, security or notice. That is decided
by what the two sentences commit to (findings, negations, modal verbs, practices, recipients,
kinds of data, periods), not by how many words changed: dates, typos, names, addresses and
link targets are not material. Material changes come first, the ones that hurt most on top.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel

from worker.analysis.findings import FINDINGS, find_findings
from worker.analysis.segment import split_sentences
from worker.analysis.summary import FINDING_CATEGORY
from worker.records import LabelledSegment, Segment, Sentence
from worker.tracking.diff import DELETE, EQUAL, Op


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


PAIR_MIN_SIMILARITY = 0.4
"""An old and a new sentence of one changed passage pair up (`modified`) at this word overlap."""

TYPO_MIN_SIMILARITY = 0.75
"""A word replaced by one this close (normalised Indel similarity) is a typo fix, not a change."""

HARM_BY_VERDICT_ADDED = {"blocker": 100, "bad": 50, "neutral": 8, "good": -10}
HARM_BY_VERDICT_REMOVED = {"good": 50, "neutral": 4, "bad": -10, "blocker": -20}
"""How much a finding gained or lost by a sentence weighs in the ranking (hurts the user most
first: a new sale or a lost right before a new safeguard)."""

HARM_BY_CATEGORY = {
    "third_party_sharing": 30,
    "data_retention": 28,
    "user_access": 26,
    "user_choice": 24,
    "first_party_collection": 22,
    "policy_change": 20,
    "data_security": 18,
    "do_not_track": 16,
    "specific_audiences": 12,
}
"""Weight of a material change without a finding change, by the topic it touches."""

_NEGATORS = _word_set(
    "not never no none nor neither nothing without cannot can't won't don't doesn't didn't "
    "isn't aren't wasn't weren't shouldn't wouldn't only except unless solely"
)
_MODALS = _word_set("may might can could will would shall should must")

# Practices (what is done with data) and their objects (kinds of data, recipients, rights);
# each a stem that starts a word.
_PRACTICES = _words(
    "collect gather obtain receiv acquir captur use usag process stor keep kept retain retention "
    "delet eras remov purg destroy deactivat suspend anonymi pseudonymi aggregat de-identif "
    "deidentif encrypt secur protect safeguard shar disclos sell sold sale rent leas trade "
    "transfer transmit send sent provid combin track monitor record profil target "
    "advertis market notif notic inform email post chang updat amend breach consent opt object "
    "access correct rectif port download withdraw refus disabl block honor honour respond train "
    "learn infer analy scan listen read"
)
_OBJECTS = _words(
    "data information personal account content message communicat partner affiliate broker "
    "vendor processor contractor provider third government authorit law enforcement court "
    "subpoena police advertiser locat gps geoloc biometric face facial fingerprint voice "
    "health medical financ payment card credit bank contact phone address identif ip cookie "
    "beacon pixel sdk device browser child minor kid age school employee candidate "
    "indefinite forever perman period day week month year hour minute ai artificial machine "
    "model algorithm automat purpose necessary legitimate lawful right request country "
    "international abroad outside europe eea"
)
_STEMS_LONGEST_FIRST = sorted(_PRACTICES + _OBJECTS, key=len, reverse=True)
_STEM = re.compile(r"\b(" + "|".join(map(re.escape, _STEMS_LONGEST_FIRST)) + r")")
_PRACTICE_STEMS = frozenset(_PRACTICES)
_OBJECT_STEMS = frozenset(_OBJECTS)
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
_PERIOD = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")[\s-]*(?:\(\d+\)\s*)?"
    r"(hour|day|business day|week|month|year)s?\b"
)
_UNIT_HOURS = {"hour": 1, "day": 24, "business day": 24, "week": 168, "month": 730, "year": 8766}
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\S+@\S+\.\w+|\[[^\]]*\]\([^)]*\)")
_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DATE = re.compile(
    r"\b(?:(?:" + "|".join(_MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\.?,?\s+(?:19|20)\d\d"
    r"|(?:" + "|".join(_MONTHS) + r")\.?\s+(?:19|20)\d\d"
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|(?:19|20)\d\d)\b"
)
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][\w&'’-]*")
"""A capitalised word after the first of a sentence: part of a name ("TikTok Information
Technologies UK Limited"), not a kind of data."""
_INDEFINITE = re.compile(r"\b(?:indefinite\w*|forever|permanent\w*|as long as)\b")


@dataclass(frozen=True, slots=True)
class SentenceChange:
    """One changed sentence (or an old one and the new one that replaced it)."""

    kind: str
    """"added", "removed" or "modified"."""
    material: bool
    category: str | None
    old: str | None
    new: str | None
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]
    harm: int
    """Ranking weight: higher hurts the user more (not part of the API)."""
    position: int
    """Offset in the new text (the old one for a removal), to keep document order on ties."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "material": self.material,
            "category": self.category,
            "old": self.old,
            "new": self.new,
            "findings_added": list(self.findings_added),
            "findings_removed": list(self.findings_removed),
        }


def sentence_changes(
    old_text: str,
    new_text: str,
    ops: Sequence[Op],
    policy_added: Collection[str] = (),
    policy_removed: Collection[str] = (),
) -> list[SentenceChange]:
    """The changed sentences between two texts whose diff is ops, most important first.

    policy_added/policy_removed: the findings the whole policy gained and lost; a sentence
    that gains or loses one of those weighs most. Read alone, a reworded sentence can gain
    or lose a finding the policy keeps: that counts only when its commitments changed too."""
    old_sentences = split_sentences(old_text)
    new_sentences = split_sentences(new_text)
    pairs: list[tuple[Sentence | None, Sentence | None]] = []
    for olds, news in _changed_passages(ops, old_sentences, new_sentences):
        pairs.extend(_pair(olds, news))
    pairs = _drop_moves(pairs)
    if not pairs:
        return []
    readings = _read_sentences(
        [s.text for pair in pairs for s in pair if s is not None],
    )
    policy_level = (frozenset(policy_added), frozenset(policy_removed))
    changes = [_change(old, new, readings, policy_level) for old, new in pairs]
    return sorted(changes, key=lambda c: (not c.material, -c.harm, c.position))


# --- which sentences changed ------------------------------------------------------------


def _changed_passages(
    ops: Sequence[Op], old_sentences: Sequence[Sentence], new_sentences: Sequence[Sentence]
) -> list[tuple[list[Sentence], list[Sentence]]]:
    """Per passage of adjacent edits, the old and new sentences they touch, whole."""
    old_index = _Index(old_sentences)
    new_index = _Index(new_sentences)
    passages: list[tuple[set[int], set[int]]] = []
    touched_old: set[int] = set()
    touched_new: set[int] = set()
    old_at = new_at = 0
    for op, text in ops:
        size = len(text)
        if op == EQUAL:
            if touched_old or touched_new:
                passages.append((touched_old, touched_new))
                touched_old, touched_new = set(), set()
            old_at += size
            new_at += size
        elif op == DELETE:
            touched_old |= old_index.overlapping(old_at, old_at + size, text)
            touched_new |= new_index.around(new_at)
            old_at += size
        else:
            touched_new |= new_index.overlapping(new_at, new_at + size, text)
            touched_old |= old_index.around(old_at)
            new_at += size
    if touched_old or touched_new:
        passages.append((touched_old, touched_new))
    merged: list[tuple[set[int], set[int]]] = []
    for olds, news in passages:
        if merged and (merged[-1][0] & olds or merged[-1][1] & news):
            merged[-1][0].update(olds)
            merged[-1][1].update(news)
        else:
            merged.append((set(olds), set(news)))
    return [
        ([old_sentences[i] for i in sorted(olds)], [new_sentences[i] for i in sorted(news)])
        for olds, news in merged
    ]


class _Index:
    """Sentences by offset: which ones a range overlaps or a point lies inside."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.starts = [s.start for s in sentences]
        self.ends = [s.end for s in sentences]

    def overlapping(self, start: int, end: int, text: str) -> set[int]:
        if not text.strip():
            return self.around(start) & self.around(end)  # spacing inside one sentence
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end)
        return set(range(first, last))

    def around(self, point: int) -> set[int]:
        """The sentence the point lies strictly inside (an edit there changes it)."""
        index = bisect_right(self.starts, point) - 1
        if index >= 0 and self.starts[index] < point < self.ends[index]:
            return {index}
        return set()


def _pair(
    olds: list[Sentence], news: list[Sentence]
) -> list[tuple[Sentence | None, Sentence | None]]:
    """Old sentences paired with the new ones that replaced them, most similar first; the
    others stand alone. Sentences equal on both sides (up to spacing) are no change."""
    new_keys = {_normal(s.text) for s in news}
    old_keys = {_normal(s.text) for s in olds}
    olds = [s for s in olds if _normal(s.text) not in new_keys]
    news = [s for s in news if _normal(s.text) not in old_keys]
    scored = sorted(
        (
            (_similarity(old.text, new.text), i, j)
            for i, old in enumerate(olds)
            for j, new in enumerate(news)
        ),
        reverse=True,
    )
    old_taken: dict[int, int] = {}
    new_taken: set[int] = set()
    for similarity, i, j in scored:
        if similarity < PAIR_MIN_SIMILARITY:
            break
        if i not in old_taken and j not in new_taken:
            old_taken[i] = j
            new_taken.add(j)
    pairs: list[tuple[Sentence | None, Sentence | None]] = []
    pairs += [(olds[i], news[j]) for i, j in old_taken.items()]
    pairs += [(old, None) for i, old in enumerate(olds) if i not in old_taken]
    pairs += [(None, new) for j, new in enumerate(news) if j not in new_taken]
    return pairs


def _drop_moves(
    pairs: list[tuple[Sentence | None, Sentence | None]],
) -> list[tuple[Sentence | None, Sentence | None]]:
    """A sentence removed in one place and added unchanged in another only moved."""
    removed = {_normal(o.text) for o, n in pairs if n is None and o is not None}
    added = {_normal(n.text) for o, n in pairs if o is None and n is not None}
    moved = removed & added
    return [
        (o, n)
        for o, n in pairs
        if not ((o is None or n is None) and _normal((o or n).text) in moved)  # type: ignore[union-attr]
    ]


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _similarity(a: str, b: str) -> float:
    words_a, words_b = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not words_a or not words_b:
        return 0.0
    return 2 * len(words_a & words_b) / (len(words_a) + len(words_b))


# --- what each changed sentence says ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    category: str | None
    findings: frozenset[str]


def _read_sentences(texts: list[str]) -> dict[str, _Reading]:
    """Per distinct sentence: its category (classifier, or the finding it states) and the
    findings the rules raise on it alone."""
    from worker.analysis.classify import classify

    distinct = list(dict.fromkeys(texts))
    joined_parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for index, sentence in enumerate(distinct):
        segments.append(
            Segment(
                index=index,
                text=sentence,
                start=offset,
                end=offset + len(sentence),
                sentences=split_sentences(sentence, offset),
            )
        )
        joined_parts.append(sentence)
        offset += len(sentence) + 2
    joined = "\n\n".join(joined_parts)
    labelled: list[LabelledSegment] = classify(segments)
    starts = [segment.start for segment in segments]
    found: list[set[str]] = [set() for _ in distinct]
    for finding in find_findings(joined, labelled, every=True):
        for evidence in finding.evidence:
            found[bisect_right(starts, evidence.start) - 1].add(finding.id)
    readings = {}
    for sentence, item, ids in zip(distinct, labelled, found, strict=True):
        category = next((c for c in item.categories if c != "other"), None)
        stated = [FINDING_CATEGORY[i] for i in FINDINGS if i in ids and i in FINDING_CATEGORY]
        readings[sentence] = _Reading(
            category=stated[0] if stated else (category or "other"), findings=frozenset(ids)
        )
    return readings


def _change(
    old: Sentence | None,
    new: Sentence | None,
    readings: dict[str, _Reading],
    policy_level: tuple[frozenset[str], frozenset[str]],
) -> SentenceChange:
    old_reading = readings[old.text] if old is not None else None
    new_reading = readings[new.text] if new is not None else None
    old_ids = old_reading.findings if old_reading else frozenset()
    new_ids = new_reading.findings if new_reading else frozenset()
    added = tuple(i for i in FINDINGS if i in new_ids - old_ids)
    removed = tuple(i for i in FINDINGS if i in old_ids - new_ids)
    reading = new_reading or old_reading
    category = reading.category if reading else None
    labels = all(is_label(s.text) for s in (old, new) if s is not None)
    if labels:  # headings and labels carry only the policy-level finding changes they hold
        added = tuple(i for i in added if i in policy_level[0])
        removed = tuple(i for i in removed if i in policy_level[1])
    if old is not None and new is not None:
        kind = "modified"
        old_terms, new_terms = _terms(old.text, new.text)
        committed = old_terms != new_terms and not labels
        if not committed:  # reworded: only the policy-level finding changes it carries count
            added = tuple(i for i in added if i in policy_level[0])
            removed = tuple(i for i in removed if i in policy_level[1])
        material = bool(added or removed) or committed
    else:
        kind = "added" if new is not None else "removed"
        text = (new or old).text  # type: ignore[union-attr]
        terms = _sentence_terms(text)
        practices = terms & _PRACTICE_STEMS
        objects = {t for t in terms if t in _OBJECT_STEMS or t.endswith("h") and t[:-1].isdigit()}
        material = bool(added or removed) or (bool(practices) and bool(objects) and not labels)
    harm = _harm(added, removed, category, material, old, new, policy_level)
    position = new.start if new is not None else old.start  # type: ignore[union-attr]
    return SentenceChange(
        kind=kind,
        material=material,
        category=category,
        old=old.text if old is not None else None,
        new=new.text if new is not None else None,
        findings_added=added,
        findings_removed=removed,
        harm=harm,
        position=position,
    )


def is_label(text: str) -> bool:
    """A heading, a list label or a button ("How long we keep your information", "Right to
    Delete.", "Yes"): alone it commits the company to nothing."""
    words = text.split()
    if text.rstrip().endswith("[edit]"):
        return True
    return len(words) <= 4 or (len(words) <= 8 and not text.rstrip().endswith((".", "!", "?")))


def _strip_noise(text: str) -> str:
    """The sentence without link targets, e-mail addresses and dates."""
    return _DATE.sub(" ", _URL.sub(" ", text.lower()))


def _terms(old: str, new: str) -> tuple[frozenset[str], frozenset[str]]:
    """What each sentence commits to: negations, modal verbs, practice and object stems, and
    periods; a word of one replaced by a near-identical word of the other (a typo fixed) is
    read as that word."""
    old_clean, new_clean = _strip_noise(old), _strip_noise(new)
    old_words, new_words = _WORD.findall(old_clean), _WORD.findall(new_clean)
    only_old = set(old_words) - set(new_words)
    replaced = {}
    for word in set(new_words) - set(old_words):
        close = max(only_old, key=lambda w: Indel.normalized_similarity(w, word), default=None)
        if (
            close
            and len(word) > 3
            and Indel.normalized_similarity(close, word) >= TYPO_MIN_SIMILARITY
        ):
            replaced[word] = close
    new_words = [replaced.get(word, word) for word in new_words]
    return _commitments(old_words, old, old_clean), _commitments(new_words, new, new_clean)


def _sentence_terms(text: str) -> frozenset[str]:
    """What one sentence commits to (see _terms), for a sentence added or removed whole."""
    clean = _strip_noise(text)
    return _commitments(_WORD.findall(clean), text, clean)


def _commitments(words: list[str], text: str, clean: str) -> frozenset[str]:
    """clean: the text as _strip_noise leaves it, which words were read from."""
    terms = {w.replace("’", "'") for w in words if w in _NEGATORS or w in _MODALS}
    names = {w.lower() for w in _NAME.findall(text)}
    joined = " ".join(w for w in words if w not in names)
    terms |= {match.group(1) for match in _STEM.finditer(joined)}
    terms |= {f"{hours}h" for hours in _periods(clean)}
    return frozenset(terms)


def _periods(text: str) -> list[int]:
    """Each period the text names, in hours ("30 days" -> 720)."""
    periods = []
    for match in _PERIOD.finditer(text):
        count, unit = match.group(1), match.group(2)
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        periods.append(number * _UNIT_HOURS[unit])
    return periods


def _harm(
    added: tuple[str, ...],
    removed: tuple[str, ...],
    category: str | None,
    material: bool,
    old: Sentence | None,
    new: Sentence | None,
    policy_level: tuple[frozenset[str], frozenset[str]],
) -> int:
    """How much the change hurts the user: findings gained or lost, then the topic, then
    whether the new wording lets the company do more (a "may", a lost "not", a longer or
    open-ended period)."""
    if not material:
        return 0
    policy_added, policy_removed = policy_level
    harm = 0
    for ids, weights, at_policy_level in (
        (added, HARM_BY_VERDICT_ADDED, policy_added),
        (removed, HARM_BY_VERDICT_REMOVED, policy_removed),
    ):
        harm += sum(weights[FINDINGS[i].verdict] for i in ids if i in at_policy_level)
        # findings the policy as a whole keeps weigh a quarter, and only the heaviest one:
        # a long sentence naming five practices the policy already had is not five changes
        harm += max(
            (weights[FINDINGS[i].verdict] // 4 for i in ids if i not in at_policy_level), default=0
        )
    harm += HARM_BY_CATEGORY.get(category or "", 5)
    old_text = _strip_noise(old.text) if old is not None else ""
    new_text = _strip_noise(new.text) if new is not None else ""
    old_words, new_words = set(_WORD.findall(old_text)), set(_WORD.findall(new_text))
    if old is not None and new is not None:
        if (old_words & _NEGATORS) - new_words:
            harm += 20
        if (new_words & {"may", "might", "can", "could"}) - old_words:
            harm += 10
        if _INDEFINITE.search(new_text) and not _INDEFINITE.search(old_text):
            harm += 25
        old_periods, new_periods = _periods(old_text), _periods(new_text)
        if old_periods and new_periods and max(new_periods) > max(old_periods):
            harm += 20
        if _INDEFINITE.search(new_text) is None and old_periods and not new_periods:
            harm += 10
    return harm
