"""The fast paths of the analysis change no output: each real policy of the resources is
analysed as shipped and again with every shortcut replaced by its straightforward reference
(every rule tried on every sentence, every pattern searched everywhere, every pair of
evidence passages compared in order), and the two Reports' analysis fields are the same."""

from __future__ import annotations

import difflib
import itertools
import json
import re
from pathlib import Path

import pytest

from tests.helpers import RESOURCES
from worker.analysis.findings import evidence, match, prefilter
from worker.analysis.findings.rules import Rule
from worker.analysis.run import analyse_text, analysis_to_json
from worker.ingest.extract import extract_file

POLICIES = sorted(
    path
    for folder in ("ota", "ota-genai", "opp115", "evidence")
    for path in (RESOURCES / folder).rglob("*")
    if path.suffix in (".md", ".html")
) + sorted((RESOURCES / "render").glob("*.md"))


def report(path: Path) -> str:
    """The analysis fields of the file's Report, as JSON with sorted keys."""
    analysis = analysis_to_json(analyse_text(extract_file(path)))
    return json.dumps(analysis, sort_keys=True, ensure_ascii=False)


def reference_restates(words: list[str], earlier: list[str]) -> bool:
    """_restates without the shared-words bound: the in-order comparison every time."""
    if words == earlier:
        return True
    shorter = min(len(words), len(earlier))
    if shorter < evidence.RESTATE_MIN_WORDS:
        return False
    matcher = difflib.SequenceMatcher(None, words, earlier, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    return common >= evidence.RESTATE_SHARE * shorter


def reference_rule_fires(rule: Rule, reading: match.Reading) -> bool:
    """_rule_fires with the exclusion searched first, with re, before the rule is read."""
    if rule.exclude is not None and rule.exclude.search(reading.sentence.text):
        return False
    return match._rule_states(rule, reading)


def test_the_resources_hold_the_policies() -> None:
    folders = {path.relative_to(RESOURCES).parts[0] for path in POLICIES}
    assert folders == {"ota", "ota-genai", "opp115", "evidence", "render"}
    assert len(POLICIES) >= 20


@pytest.mark.parametrize("path", POLICIES, ids=lambda path: str(path.relative_to(RESOURCES)))
def test_report_is_that_of_the_reference_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = report(path)
    monkeypatch.setattr(match, "candidate_rules", lambda reading: prefilter.INDEXED_RULES)
    monkeypatch.setattr(match.Searchable, "_starts", lambda self, pattern: None)
    monkeypatch.setattr(evidence, "_restates", reference_restates)
    monkeypatch.setattr(match, "_rule_fires", reference_rule_fires)
    assert report(path) == fast


def passages() -> list[list[str]]:
    """The evidence passages of the resource policies, as pick compares them."""
    found = []
    for path in POLICIES[:8]:
        analysis = analysis_to_json(analyse_text(extract_file(path)))
        for finding in analysis["findings"]:
            for item in finding["evidence"]:
                found.append(evidence._NORMALISE.sub(" ", item["text"]).lower().split())
    return found


def test_shared_words_never_fall_below_the_words_matched_in_order() -> None:
    texts = passages()
    near = 0
    for words, earlier in itertools.combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, words, earlier, autojunk=False)
        in_order = sum(block.size for block in matcher.get_matching_blocks())
        assert evidence._shared_words(words, earlier) >= in_order
        # trimmed copies restate their passage: the bound must let the comparison run
        trimmed = words[1:]
        assert evidence._restates(trimmed, words) == reference_restates(trimmed, words)
        near += reference_restates(trimmed, words)
        assert evidence._restates(words, earlier) == reference_restates(words, earlier)
    assert near > 0


def test_an_optional_run_leads_with_what_follows_it() -> None:
    pattern = re.compile(r"\b(?:see|(?:a |an )?(?<!\bits )(?:copy|copies) of)", re.IGNORECASE)
    items = prefilter.parsed(pattern)
    assert items is not None
    leads = prefilter.sequence_leads(items, False, False)
    assert leads == {
        ("see", True),
        ("a ", True),
        ("an ", True),
        ("copy of", True),
        ("copies of", True),
    }
    # nothing but an optional run: a match may be empty, so it may start anywhere
    assert (
        prefilter.sequence_leads(prefilter.parsed(re.compile("(?:the )?")) or [], False, False)
        is None
    )


def test_a_match_at_the_start_of_the_text_leads_with_start() -> None:
    pattern = re.compile(r"^\W*you (?:can|may)\b|\bwe share", re.IGNORECASE)
    items = prefilter.parsed(pattern)
    assert items is not None
    assert prefilter.sequence_leads(items, False, False) == {prefilter.START, ("we share", True)}
    # with MULTILINE, ^ matches after every line break too: no shortcut is read off
    assert prefilter.parsed(re.compile(r"^you", re.IGNORECASE | re.MULTILINE)) is None
