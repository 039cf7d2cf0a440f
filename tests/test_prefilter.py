"""The trigger prefilter only skips searches that cannot match: triggers and leads read off
the patterns, folded text, and findings equal to those of every rule searched everywhere."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

from tests.helpers import RESOURCES
from tests.test_findings import NEGATIVES, POSITIVES
from worker.analysis.findings import FINDINGS, find_findings, match, prefilter, rules
from worker.analysis.segment import segment
from worker.ingest.normalise import canonical_text
from worker.records import LabelledSegment, PolicyText

POLICY_FILES = sorted((RESOURCES / "seeds").glob("*.txt")) + [
    RESOURCES / "ota" / "DuckDuckGo" / "2020-12-10T21-30-44.md",
    RESOURCES / "ota" / "GitHub" / "2022-05-18T11-48-08.md",
    RESOURCES / "ota" / "Instagram" / "2020-12-02T17-30-52.md",
]


def searched_patterns() -> list[re.Pattern[str]]:
    """Every pattern the rules search in a sentence or its context, once each."""
    patterns = [
        rules.INDEMNITY,
        rules.OTHER_ACTOR,
        rules.FIRST_PERSON,
        rules.NEGATION_MASKS,
    ]
    for spec in FINDINGS.values():
        for rule in spec.rules:
            patterns += [rule.topic, rule.act, rule.exclude, rule.requires, rule.context_topic]
    return list({id(p): p for p in patterns if p is not None}.values())


def resource_sentences(paths: list[Path]) -> list[str]:
    """The sentences of these resource policies and of the tables above."""
    texts = [canonical_text(path.read_text(encoding="utf-8")) for path in paths]
    texts += [canonical_text(text) for _, text in POSITIVES + NEGATIVES]
    return [
        sentence.text
        for text in texts
        for seg in segment(PolicyText(text))
        for sentence in seg.sentences
    ]


VARIANTS = {
    "as written": lambda text: text,
    "upper case": str.upper,
    # letters that case-insensitive "i", "s" and "k" match: İ ı ſ and the Kelvin sign
    "folded letters": lambda text: text.translate(
        str.maketrans("iIsk", "\u0130\u0131\u017f\u212a")
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_trigger_search_finds_what_re_finds(variant: str) -> None:
    patterns = searched_patterns()
    paths = POLICY_FILES if variant == "as written" else POLICY_FILES[:1]
    for sentence in resource_sentences(paths):
        text = VARIANTS[variant](sentence)
        searchable = match.Searchable(text, prefilter.trigger_bits(text))
        third = len(text) // 3
        for pattern in patterns:
            spans = [m.span() for m in searchable.finditer(pattern)]
            assert spans == [m.span() for m in pattern.finditer(text)], (pattern.pattern, text)
            between = searchable.finditer_between(pattern, third, 2 * third)
            expected = pattern.finditer(text, third, 2 * third)
            assert [m.span() for m in between] == [m.span() for m in expected]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_clause_start_is_that_of_the_text_cut_at_the_end(variant: str) -> None:
    paths = POLICY_FILES if variant == "as written" else POLICY_FILES[:1]
    for sentence in resource_sentences(paths):
        text = VARIANTS[variant](sentence)
        for end in range(len(text) + 1):
            breaks = list(rules.CLAUSE_BREAK.finditer(text[:end]))
            expected = breaks[-1].end() if breaks else 0
            assert match.clause_start(text, end) == expected, (text, end)


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.name)
def test_findings_are_those_of_every_rule_searched_everywhere(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = canonical_text(path.read_text(encoding="utf-8"))
    labelled = [LabelledSegment(s, (), ()) for s in segment(PolicyText(text))]
    with_triggers = find_findings(text, labelled)
    monkeypatch.setattr(match, "candidate_rules", lambda reading: prefilter.INDEXED_RULES)
    monkeypatch.setattr(match.Searchable, "_starts", lambda self, pattern: None)
    assert find_findings(text, labelled) == with_triggers
    assert with_triggers


def test_fold_maps_every_non_ascii_character_an_ascii_letter_matches() -> None:
    letters = {letter: re.compile(letter, re.IGNORECASE) for letter in string.ascii_lowercase}
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if any_letter.fullmatch(char):
            for letter, pattern in letters.items():
                if pattern.fullmatch(char):
                    assert char.translate(prefilter.FOLD).lower() == letter, hex(code)


def derived(pattern: str, flags: int = re.IGNORECASE) -> tuple[frozenset | None, ...]:
    """A pattern's triggers and leads."""
    items = prefilter.parsed(re.compile(pattern, flags))
    assert items is not None
    return (
        prefilter.sequence_triggers(items, False, False),
        prefilter.sequence_leads(items, False, False),
    )


@pytest.mark.parametrize(
    ("pattern", "triggers", "leads"),
    [
        # after \b, a word must start with "collect" or "gather"; "collected" adds nothing
        (
            r"\b(?:collect\w*|collected|gather)\b",
            {("collect", True), ("gather", True)},
            {("collect", True), ("gather", True)},
        ),
        # no \b: "do" may lie inside a word ("undo"); the rarest piece is "track"
        (r"do[ _-]+not[ _-]+track", {("track", False)}, {("do", False)}),
        # "e-mail" holds a word "mail" after the hyphen; a match starts "e-mail" or "email"
        (r"\be-?mail", {("mail", True), ("email", True)}, {("e-mail", True), ("email", True)}),
        # optional literal text is spelled both ways
        (
            r"\b(?:tele)?phone",
            {("phone", True), ("telephone", True)},
            {("phone", True), ("telephone", True)},
        ),
        # digits: a rarer word follows, and a match may start with any digit
        (r"\b(?:\d+|thirty) days", {("days", True)}, {(prefilter.DIGITS, False), ("thirty", True)}),
        # a common word loses to a rarer one of the same literal
        (r"\byour names?\b", {("name", True)}, {("your name", True)}),
        # an e-mail address: no word to find, but "@"; a match may start anywhere
        (r"[\w.+-]+@[\w-]+\.[\w.]+", {("@", False)}, None),
        # an alternative without literal text leaves the pattern without triggers
        (r"\bcookies?\b|[A-Z]{3}", None, None),
    ],
)
def test_triggers_and_leads_read_off_a_pattern(
    pattern: str, triggers: set | None, leads: set | None
) -> None:
    assert derived(pattern) == (triggers, leads)
