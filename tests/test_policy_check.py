"""Is this text a privacy policy? Real policies above the threshold, other pages below."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from worker.analysis.classify import classify
from worker.analysis.policy_check import (
    _full_count,
    _saturated,
    _word_start_alternation,
    policy_confidence,
    signals,
)
from worker.analysis.run import word_count
from worker.analysis.segment import segment
from worker.defaults import POLICY_CONFIDENCE_THRESHOLD
from worker.ingest.normalise import canonical_text
from worker.records import PolicyText

RESOURCES = Path(__file__).parent / "resources"
POLICIES = (
    sorted((RESOURCES / "seeds").glob("*.txt"))
    + sorted((RESOURCES / "ota").glob("*/*.md"))[::3]
    + sorted((RESOURCES / "opp115").glob("*.html"))
)
NOT_POLICIES = sorted((RESOURCES / "findings" / "not_policies").glob("*.txt"))


def confidence_of(path: Path) -> float:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":  # OPP-115 simplified HTML, segments separated by |||
        raw = re.sub(r"<[^>]+>", " ", raw.replace("|||", "\n\n"))
    text = canonical_text(raw)
    return policy_confidence(text, classify(segment(PolicyText(text))))


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_real_policies_are_policies(path: Path) -> None:
    assert confidence_of(path) >= POLICY_CONFIDENCE_THRESHOLD


@pytest.mark.parametrize("path", NOT_POLICIES, ids=lambda p: p.name)
def test_other_pages_are_not_policies(path: Path) -> None:
    # a shop's home page, a login page, a cookie banner, a news article about privacy
    assert confidence_of(path) < POLICY_CONFIDENCE_THRESHOLD


def test_empty_text_has_zero_signals_and_low_confidence() -> None:
    assert set(signals("", ()).values()) == {0.0}
    assert policy_confidence("", ()) < 0.01


def test_confidence_is_a_probability() -> None:
    for path in POLICIES[:2] + NOT_POLICIES[:2]:
        assert 0.0 <= confidence_of(path) <= 1.0


@pytest.mark.parametrize("path", POLICIES[:3] + NOT_POLICIES, ids=lambda p: p.name)
def test_analysis_word_count_gives_the_same_signals(path: Path) -> None:
    # analyse_text passes its own word count (words joined by "." and "-" count once)
    text = canonical_text(path.read_text(encoding="utf-8"))
    assert signals(text, (), dotted_words=word_count(text)) == signals(text, ())


def test_word_start_alternation_counts_like_a_word_boundary_alternation() -> None:
    text = canonical_text(POLICIES[0].read_text(encoding="utf-8")).lower()
    alternatives = (r"we\b", r"your\b", r"you (?:can|may)\b", r"data\w*", r"the\b", "w")
    grouped = _word_start_alternation(alternatives)
    plain = re.compile(rf"\b(?:{'|'.join(alternatives)})")
    assert len(grouped.findall(f" {text}")) == len(plain.findall(text)) > 50


@pytest.mark.parametrize("full", [4.0, 1.5])
def test_full_count_is_the_fewest_matches_that_fill_a_signal(full: float) -> None:
    # counting stops there: one match fewer must leave the signal below 1
    for words in [1, 7, 80, 133, 599, 600, 601, 2345, 10007]:
        enough = _full_count(words, full)
        assert _saturated(enough, words, full) == 1.0
        assert enough == 0 or _saturated(enough - 1, words, full) < 1.0
