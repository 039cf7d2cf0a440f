"""analyse_text end to end on real policies, and the Report fields analysis_to_json gives."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from worker import defaults
from worker.analysis.language import detect_language
from worker.analysis.run import analyse_text, analysis_to_json, word_count, words_and_language
from worker.analysis.segment import segment
from worker.ingest.extract import extract_file
from worker.ingest.normalise import canonical_text
from worker.records import PolicyText

RESOURCES = Path(__file__).parent / "resources"
SEED = RESOURCES / "seeds" / "000_340b6d22ed7eccda.txt"


def analysed(path: Path):
    text = canonical_text(path.read_text(encoding="utf-8"))
    return text, analyse_text(PolicyText(text))


def test_seed_end_to_end() -> None:
    text, analysis = analysed(SEED)
    assert analysis.language == "en"
    assert analysis.is_privacy_policy
    assert analysis.policy_confidence >= defaults.POLICY_CONFIDENCE_THRESHOLD
    ids = {f.id for f in analysis.findings}
    # read in the seed: it will not sell data, collects GPS location, never says how long
    assert {"does_not_sell_data", "collects_location", "retention_unspecified"} <= ids
    assert "sells_data" not in ids
    assert analysis.badge is not None
    assert analysis.badge.grade in "ABCDE" and 0 <= analysis.badge.score <= 100
    assert analysis.word_count == word_count(text) > 400
    expected_minutes = round(analysis.word_count / defaults.READING_WORDS_PER_MINUTE, 1)
    assert analysis.reading_minutes == expected_minutes
    assert "location" in analysis.summary
    for finding in analysis.findings:
        for e in finding.evidence:
            assert text[e.start : e.end] == e.text


def test_analysis_to_json_has_the_report_fields() -> None:
    text, analysis = analysed(SEED)
    report = analysis_to_json(analysis)
    json.dumps(report)  # serialisable as is
    assert set(report) == {
        "badge",
        "findings",
        "categories",
        "summary",
        "language",
        "word_count",
        "reading_minutes",
        "is_privacy_policy",
    }
    assert set(report["badge"]) == {"grade", "score", "label"}
    assert report["is_privacy_policy"]["value"] is True
    assert 0.0 <= report["is_privacy_policy"]["confidence"] <= 1.0
    for f in report["findings"]:
        assert set(f) == {"id", "title", "verdict", "evidence"}
        assert f["verdict"] in ("good", "neutral", "bad", "blocker")
        for e in f["evidence"]:
            assert text[e["start"] : e["end"]] == e["text"]
    category_ids = {c["id"] for c in report["categories"]}
    assert "first_party_collection" in category_ids
    for c in report["categories"]:
        assert set(c) == {"id", "title", "summary", "segments"} and c["summary"]


@pytest.mark.parametrize("path", sorted((RESOURCES / "ota").glob("*/*.md"))[:1])
def test_ota_policy_is_graded(path: Path) -> None:
    _, analysis = analysed(path)
    assert analysis.is_privacy_policy and analysis.badge is not None


def test_non_english_policy_gets_no_badge_and_says_why() -> None:
    # Opening of the German version of a policy (translated from seed 001's first section)
    german = (
        "Diese Datenschutzerklärung legt fest, wie wir die Informationen verwenden und schützen, "
        "die Sie uns geben, wenn Sie diese Website nutzen. Wir verpflichten uns, Ihre "
        "Privatsphäre zu schützen. Wir erheben Ihren Namen, Ihre E-Mail-Adresse und Ihre "
        "IP-Adresse. Wir verkaufen Ihre personenbezogenen Daten nicht an Dritte."
    )
    analysis = analyse_text(PolicyText(german))
    assert analysis.language == "de"
    assert analysis.badge is None
    assert analysis.findings == ()
    assert "German" in analysis.summary and "English" in analysis.summary
    assert analysis_to_json(analysis)["badge"] is None


def test_login_page_is_not_a_policy() -> None:
    login = (
        "Sign in to your account\n\nEmail address\n\nPassword\n\nForgot your password?\n\n"
        "Keep me signed in\n\nSign in\n\nNew here? Create an account\n\n"
        "Terms of Service · Privacy Policy · Help"
    )
    analysis = analyse_text(PolicyText(login))
    assert not analysis.is_privacy_policy
    assert analysis.policy_confidence < defaults.POLICY_CONFIDENCE_THRESHOLD


def _texts_of(path: Path) -> list[str]:
    """A real policy's text, its segments and its sentences; also as ASCII and upper case."""
    policy = extract_file(path)
    text = policy.text
    segments = segment(policy)
    pieces = [text, *(s.text for s in segments), *(x.text for s in segments for x in s.sentences)]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [*pieces, ascii_text, text.upper()]


@pytest.mark.parametrize(
    "path",
    [SEED, RESOURCES / "ota" / "Instagram" / "2021-02-23T07-49-54.md"]  # English, French
    + sorted((RESOURCES / "opp115").glob("*.html"))[:1],
    ids=lambda p: p.name,
)
def test_words_and_language_is_word_count_and_detect_language(path: Path) -> None:
    # one pass over ASCII text (the French one once its accents are stripped), two otherwise
    texts = _texts_of(path)
    assert len(texts) > 40
    for text in texts:
        assert words_and_language(text) == (word_count(text), detect_language(text))


@pytest.mark.parametrize(
    "text",
    [
        "e.g. a.b.c, opt-out and don't: one word each",
        "a..b a--b a''b a.-b -a- .a. 'a' a.",
        "snake_case _lead trail_ x_1 3.5 v2.0-beta 1-800-555",
        "The data we collect, and the cookies we use, are listed below.",
        "",
        "---",
        "Wir und Sie: der die das",
    ],
)
def test_words_and_language_joins_as_word_count_does(text: str) -> None:
    # ASCII text is split at what is not a letter or digit and the joins are counted apart
    assert words_and_language(text) == (word_count(text), detect_language(text))
