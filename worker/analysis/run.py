"""The pure part of the pipeline: from canonical policy text to findings, badge and summary.

analyse_text runs the stages as numbered steps; analysis_to_json gives the Report fields
this part owns. No network, no database: same text in, same Analysis out.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from worker import defaults
from worker.analysis.findings import find_findings
from worker.analysis.language import detect_language, detect_language_of_words
from worker.analysis.policy_check import policy_confidence
from worker.analysis.score import note_contradictions, score
from worker.analysis.segment import segment
from worker.analysis.summary import summarise
from worker.analysis.text import ascii_runs
from worker.records import Analysis, LabelledSegment, PolicyText, Segment

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}
"""Names of the languages detect_language tells, for the unsupported-language summary."""

_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")


def word_count(text: str) -> int:
    """Words in the text (contractions, hyphenated and dotted words count once)."""
    return len(_WORD.findall(text))


_ASCII_JOINS = tuple(re.compile(re.escape(joiner) + r"(?<=[^\W_].)(?=[^\W_])") for joiner in "'.-")
"""An ASCII joiner of _WORD between two letters or digits, one pattern per character (re finds
a literal first character far faster than one of a class)."""


def words_and_language(text: str) -> tuple[int, str]:
    """word_count(text) and detect_language(text), from one pass over an ASCII text.

    Canonical text is mostly ASCII, where lower-casing keeps every character a letter,
    digit or neither. Its runs of letters and digits are then split off, lower-cased, with
    one bytes.translate (a table look-up per byte; faster than _WORD's regex, str.translate
    and lower()): the words are these runs less the joins between two of them ("e.g",
    "opt-out", "don't"), and the runs hold whole tokens of the language, so they are
    counted for it. Other text takes the two passes.
    """
    if not text.isascii():
        return word_count(text), detect_language(text)
    runs = Counter(ascii_runs(text, lower=True))
    joins = sum(len(join.findall(text)) for join in _ASCII_JOINS)
    return runs.total() - joins, detect_language_of_words(runs)


def analyse_text(policy: PolicyText) -> Analysis:
    """Analyse a canonical policy text: language, segments, labels, findings, badge, summary."""
    text = policy.text
    # 1. language (and the words, counted in the same pass)
    words, language = words_and_language(text)
    reading_minutes = round(words / defaults.READING_WORDS_PER_MINUTE, 1)
    # 2. segment
    segments = segment(policy)
    if language not in defaults.SUPPORTED_LANGUAGES:
        name = LANGUAGE_NAMES.get(language, "an undetermined language")
        confidence = policy_confidence(text, (), dotted_words=words)
        return Analysis(
            findings=(),
            badge=None,
            categories=(),
            summary=f"This policy is in {name}; only English policies are analysed for now.",
            language=language,
            word_count=words,
            reading_minutes=reading_minutes,
            is_privacy_policy=confidence >= defaults.POLICY_CONFIDENCE_THRESHOLD,
            policy_confidence=confidence,
        )
    # 3. classify
    labelled = _classify(segments)
    # 4. policy confidence
    confidence = policy_confidence(text, labelled, dotted_words=words)
    # 5. findings
    findings = note_contradictions(find_findings(text, labelled))
    # 6. score
    badge = score(findings)
    # 7. summary
    summary, categories = summarise(findings, labelled)
    return Analysis(
        findings=findings,
        badge=badge,
        categories=categories,
        summary=summary,
        language=language,
        word_count=words,
        reading_minutes=reading_minutes,
        is_privacy_policy=confidence >= defaults.POLICY_CONFIDENCE_THRESHOLD,
        policy_confidence=confidence,
    )


def _classify(segments: list[Segment]) -> list[LabelledSegment]:
    """Label the segments with the shipped classifier."""
    from worker.analysis.classify import classify

    return classify(segments) if segments else []


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """The Report fields computed from the text alone, shaped as in API.md."""
    badge = analysis.badge
    return {
        "badge": None
        if badge is None
        else {"grade": badge.grade, "score": badge.score, "label": badge.label},
        "findings": [
            {
                "id": f.id,
                "title": f.title,
                "verdict": f.verdict.value,
                "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in f.evidence],
            }
            for f in analysis.findings
        ],
        "categories": [
            {"id": c.id, "title": c.title, "summary": c.summary, "segments": list(c.segments)}
            for c in analysis.categories
        ],
        "summary": analysis.summary,
        "language": analysis.language,
        "word_count": analysis.word_count,
        "reading_minutes": analysis.reading_minutes,
        "is_privacy_policy": {
            "value": analysis.is_privacy_policy,
            "confidence": analysis.policy_confidence,
        },
    }
