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
from worker.records import LabelledSegment, PolicyText, Segment

POLICY_FILES = sorted((RESOURCES / "seeds").glob("*.txt")) + [
    RESOURCES / "ota" / "DuckDuckGo" / "2020-12-10T21-30-44.md",
    RESOURCES / "ota" / "GitHub" / "2022-05-18T11-48-08.md",
    RESOURCES / "ota" / "Instagram" / "2020-12-02T17-30-52.md",
]


def searched_patterns() -> list[re.Pattern[str]]:
    """Every pattern the rules search in a sentence or its context, once each."""
    patterns = list(prefilter.SENTENCE_PATTERNS)
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


def test_candidate_rules_are_the_rules_whose_needs_the_sentence_meets() -> None:
    sentences = resource_sentences(POLICY_FILES)
    for sentence, context in zip(sentences, ["", *sentences], strict=False):
        bits = prefilter.trigger_bits(sentence)
        reading = match.Reading(sentence, bits, prefilter.trigger_bits(context), None, (), 0)  # type: ignore[arg-type]
        hits, around = reading.sentence.bits, reading.sentence.bits | reading.context_bits
        expected = [
            indexed
            for indexed in prefilter.INDEXED_RULES
            if indexed.needs & hits == indexed.needs
            and indexed.needs_around & around == indexed.needs_around
        ]
        assert prefilter.candidate_rules(reading) == expected


START_ANCHORED = (
    # discloses_to_authorities' guard on its context written with ^: no legal bases there
    r"^(?![\s\S]*\b(?:legal|lawful) (?:bas[ie]s|grounds?)\b)",
    r"^\W*(?:cookies|we)\b",
    r"\A(?:how|what)\b|\bcookies\b",
    # an empty match at the start, then a longer one there and others later
    r"^|\bcookies\b",
)


def context_texts(paths: list[Path]) -> list[str]:
    """The contexts (heading and lead-in) of the sentences of these policies, and an empty
    one (the first sentence of a segment without a heading)."""
    texts = [canonical_text(path.read_text(encoding="utf-8")) for path in paths]
    contexts = [""]
    for text in texts:
        for seg in segment(PolicyText(text)):
            labelled = LabelledSegment(seg, (), ())
            for index in range(len(seg.sentences)):
                contexts.append(match._context(labelled, seg.sentences, index))
    return contexts


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_start_anchored_patterns_are_searched_in_contexts_as_re_does(variant: str) -> None:
    patterns = [rules.rx(pattern) for pattern in START_ANCHORED]
    for pattern in patterns:
        prefilter.register(pattern)
        assert prefilter.LOOKUPS[id(pattern)].anchored, pattern.pattern
    paths = POLICY_FILES if variant == "as written" else POLICY_FILES[:1]
    for context in context_texts(paths):
        text = VARIANTS[variant](context)
        searchable = match.Searchable(text, prefilter.trigger_bits(text))
        for pattern in patterns:
            spans = [m.span() for m in searchable.finditer(pattern)]
            assert spans == [m.span() for m in pattern.finditer(text)], (pattern.pattern, text)


@pytest.mark.parametrize(
    ("heading", "fires"),
    [(None, True), ("Sharing", True), ("Legal bases for processing", False)],
)
def test_a_start_anchored_context_topic_reads_the_context(heading: str | None, fires: bool) -> None:
    guard = rules.rx(START_ANCHORED[0])
    prefilter.register(guard)
    rule = rules.Rule(
        rules.rx(r"\blaw enforcement\b"),
        rules.rx(r"\bshare\b"),
        context=True,
        context_topic=guard,
    )
    text = "We share your information with law enforcement."
    seg = segment(PolicyText(text))[0]
    labelled = LabelledSegment(
        Segment(0, seg.text, seg.start, seg.end, heading, seg.sentences), (), ()
    )
    context_bits = prefilter.trigger_bits(heading or "")
    reading = match.Reading(
        text, prefilter.trigger_bits(text), context_bits, labelled, seg.sentences, 0, text
    )
    assert match._rule_fires(rule, reading) is fires


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
    ("pattern", "groups"),
    [
        # a match holds one word of each alternation, wherever it stands
        (
            r"\b(?:vendors?|partners)\b[^.;]{0,80}?\b(?:on our behalf|who help)",
            [{("vendor", True), ("partners", True)}, {("behalf", True), ("help", True)}],
        ),
        (
            r"\b(?:cookies?|beacons)\b.{0,40}\b(?:advertis\w+|marketing)\b",
            [{("cookie", True), ("beacons", True)}, {("advertis", True), ("marketing", True)}],
        ),
        # one literal run is one group: its rarest word
        (r"\bshare(?: your)? (?:data|information) with advertisers", [{("advertisers", True)}]),
    ],
)
def test_trigger_groups_read_off_a_pattern(pattern: str, groups: list[set]) -> None:
    items = prefilter.parsed(re.compile(pattern, re.IGNORECASE))
    assert items is not None
    assert prefilter.trigger_groups(items, False, False) == [frozenset(g) for g in groups]


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
