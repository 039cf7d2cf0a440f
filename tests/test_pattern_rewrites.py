"""Rule patterns rewritten for speed match what they did as first written: the same spans in
the sentences of the resource policies and in sentences written to match and not to."""

from __future__ import annotations

import re

import pytest

from tests.helpers import RESOURCES
from tests.test_prefilter import POLICY_FILES, resource_sentences
from worker.analysis import model, segment
from worker.analysis.findings import FINDINGS, evidence, rules
from worker.analysis.text import WORD
from worker.ingest.extract import html

FAST_SKIP = r"(?:\w*+\W++)*?"
"""Word start to word start: where a branch that opens with \\b and a letter can match."""

SLOW_SKIP = r"[\s\S]*?"
"""Character by character, as the contact patterns were first written."""


def as_first_written(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with its one word-start skip back to the character-by-character one."""
    assert pattern.pattern.count(FAST_SKIP) == 1
    return re.compile(pattern.pattern.replace(FAST_SKIP, SLOW_SKIP), pattern.flags)


REWRITTEN = {
    "_NOT_COLLECTING_CONTACT": rules._NOT_COLLECTING_CONTACT,
    "collects_contact_info exclude": FINDINGS["collects_contact_info"].rules[0].exclude,
}

SENTENCES = [
    # match: the service writes to you, its own contact details, where you write to
    "We may contact you by email about your order.",
    "- You should keep your password secret.",
    "Please send an email to privacy@example.com with any question.",
    "Contact us at 555-0100 or write to the address below.",
    "See the contact information provided in the section below.",
    "Parents may contact us at privacy@example.com.",
    "Your area code associated with the server is logged.",
    "Using our contact details, reach the privacy team.",
    "...to contact the user once a year",
    # no match: the service says it collects the details, or nothing of the kind
    "We collect your phone number so we can send you alerts.",
    "We may also request your email address to contact you.",
    "Your name and email address are stored on our servers.",
    "",
    "-- ",
    "contactless payment data",
    "We use wireless and mobile network connections.",
]


@pytest.mark.parametrize("name", sorted(REWRITTEN))
def test_the_rewritten_pattern_matches_as_first_written(name: str) -> None:
    pattern = REWRITTEN[name]
    slow = as_first_written(pattern)
    sentences = SENTENCES + resource_sentences(POLICY_FILES)
    for sentence in sentences:
        spans = [m.span() for m in pattern.finditer(sentence)]
        assert spans == [m.span() for m in slow.finditer(sentence)], sentence
    found = [bool(pattern.search(s)) for s in SENTENCES]
    assert found[:9] == [True] * 9
    assert found[9:15] == [False] * 6


MARKUP_TEXTS = [
    "| Purpose | Legal basis |\n| --- | --- |\n| Ads | Consent<br>Contract |",
    "a\\|b | c\\| |d",
    "|x|y\\|\n|\n\n|z\n x | y",
    "Contract<BR />  <br/>\t<br >Legitimate interests <br",
    "<br  / > <b>bold</b> <brx>",
    "",
]
"""Table rows, escaped pipes and HTML line breaks where the segmenter finds markup gaps."""

SEGMENT_REWRITES = {
    "_TABLE_ROW": (segment._TABLE_ROW, re.compile(r"^\|[^\n]*", re.MULTILINE)),
    "_CELL_PIPE": (segment._CELL_PIPE, re.compile(r"(?<!\\)\|")),
    "_LINE_BREAKS": (segment._LINE_BREAKS, re.compile(r"(?:<br\s*/?>[ \t]*)+", re.IGNORECASE)),
}
"""The segmenter's markup patterns and the patterns as first written."""


@pytest.mark.parametrize("name", sorted(SEGMENT_REWRITES))
def test_the_markup_patterns_match_as_first_written(name: str) -> None:
    pattern, first_written = SEGMENT_REWRITES[name]
    texts = MARKUP_TEXTS + [
        path.read_text(encoding="utf-8") for path in sorted((RESOURCES / "ota").rglob("*.md"))
    ]
    for text in texts:
        spans = [m.span() for m in pattern.finditer(text)]
        assert spans == [m.span() for m in first_written.finditer(text)], text[:200]
    assert any(pattern.search(text) for text in MARKUP_TEXTS)


def test_passage_words_are_those_between_normalise_runs() -> None:
    texts = [
        "".join(map(chr, range(128))),
        "Name_and e-mail (when you register); \x1c\x1fIDs: 42nd, k8s!",
        "Résumé — naïve café",
        "",
    ] + resource_sentences(POLICY_FILES)
    for text in texts:
        expected = evidence._NORMALISE.sub(" ", text).lower().split()
        assert evidence._passage_words(text) == expected, text


def test_the_model_splits_sentences_as_first_written() -> None:
    first_written = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z\"(])")
    texts = [
        'One. Two!  Three?\n"Four": (five); Six.  seven. \tEight',
        ". A",
        "a.\u2003B .C",
        "a. . B",
        ' Trailing.  Spaces!\t\n(Here) "Quoted"? yes: No;  Then.',
        "..  A.B. C",
        "",
    ] + resource_sentences(POLICY_FILES)
    texts.append(" ".join(texts))
    for text in texts:
        assert model._sentence_parts(text) == first_written.split(text.strip()), text


def test_markup_is_removed_as_first_written() -> None:
    first_written = re.compile(r"\[\]\(#[^)]*\)|[*_#`>|]+")
    texts = [
        "[](#cookies)Cookies **bold** __under__ `code` > quote | cell |",
        "[](#a [x](#b) []( [](#)) *[*](#c)",
        "[[](#d)]",
        "",
    ] + resource_sentences(POLICY_FILES)
    for text in texts:
        assert evidence._MARKUP.sub("", text) == first_written.sub("", text), text
        spans = [m.span() for m in evidence._MARKUP.finditer(text)]
        assert spans == [m.span() for m in first_written.finditer(text)], text


def test_cell_pipes_are_those_of_the_pipe_pattern() -> None:
    texts = [
        "|||Heading",
        "| a | b \\| c |\n|---|---|\n| 1 | 2 |",
        "\\|x|\\\\|",
        "no pipes",
        "",
    ] + resource_sentences(POLICY_FILES)
    for text in texts:
        for start, end in [(0, len(text)), (1, len(text)), (0, len(text) - 1), (2, 5)]:
            expected = [pipe.span() for pipe in segment._CELL_PIPE.finditer(text, start, end)]
            assert segment._cell_pipes(text, start, end) == expected, text[:200]


def test_segment_word_counts_are_those_of_the_word_pattern() -> None:
    texts = [
        "".join(map(chr, range(128))),
        "don't a''b 'quoted' it's' o'clock's snake_case _x_ a'_b 3'4 e-mail",
        "Caf\u00e9 company\u2019s na\u00efve",
        "'",
        "",
    ] + resource_sentences(POLICY_FILES)
    for text in texts:
        assert segment._word_count(text) == len(WORD.findall(text)), text[:200]


def test_block_tokens_are_those_of_the_token_pattern() -> None:
    texts = [
        "".join(map(chr, range(128))),
        "Cookies_and e-mail (IDs: 42nd, k8s!)\x1c\x1f",
        "Résumé — naïve café ﬁle",
        "",
    ] + [path.read_text(encoding="utf-8") for path in sorted((RESOURCES / "ota").rglob("*.md"))]
    for text in texts:
        assert html._tokens(text) == html._TOKEN_RE.findall(text.lower()), text[:200]


def reference_is_label(text: str) -> bool:
    """is_label as first written: every word of the passage found before any check."""
    stripped = evidence._LINK.sub(r"\1", text).strip()
    bare = evidence._MARKUP.sub("", stripped).strip()
    words = WORD.findall(bare)
    if not words:
        return True
    if evidence._ALL_BOLD.fullmatch(stripped) and len(words) <= 15:
        return True
    if ": " in bare.rstrip(":"):
        return False
    colon_heading = len(words) <= 14 and bare.endswith(":") and not evidence._SUBJECT.search(bare)
    if colon_heading and not evidence._STATEMENT.search(bare):
        return True
    final_stop = evidence._FINAL_STOP.search(bare)
    if len(words) <= 14 and not final_stop and evidence._HEADING_OPENER.match(bare):
        return True
    if len(words) <= 8 and not final_stop:
        return bare.endswith(":") or not evidence._SUBJECT.search(bare)
    if len(words) <= 6 and not evidence._STATEMENT.search(bare):
        return True
    if len(words) <= 7 and evidence._DATA_HEADING.fullmatch(bare):
        return True
    content = [w for w in words if w.lower() not in evidence._MINOR and w[0].isalpha()]
    return 2 <= len(content) <= 8 and sum(w[0].isupper() for w in content) / len(content) >= 0.8


def test_is_label_is_that_of_the_whole_word_list() -> None:
    texts = [
        "Law Enforcement Agencies or Government Agencies of the United States and Canada.",
        "Law enforcement Agencies or Government Agencies of the United States and Canada.",
        "Law enforcement agencies or Government Agencies of the United States and Canada.",
        "**Information We Collect From You And From Third Parties When You Use It**",
        "The Name, Email, Phone, Postal Address, Billing Address And Device Identifiers, too.",
        "A b c d e f g h i j k l m n o p q r s t u v w x y z Aa Bb Cc Dd Ee.",
        "Of the in a to on by for: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 Name Mail.",
        "IP address;",
        "",
    ] + resource_sentences(POLICY_FILES)
    labels = 0
    for text in texts:
        expected = reference_is_label(text)
        evidence.is_label.cache_clear()
        assert evidence.is_label(text) == expected, text
        labels += expected
    assert 0 < labels < len(texts)
