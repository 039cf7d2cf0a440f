"""Plain-language summary and per-category one-liners, built from the findings."""

from __future__ import annotations

from pathlib import Path

from worker.analysis.classify import classify
from worker.analysis.findings import FINDINGS, find_findings
from worker.analysis.segment import segment
from worker.analysis.summary import CATEGORY_TITLES, FINDING_CATEGORY, summarise
from worker.ingest.normalise import canonical_text
from worker.records import Evidence, Finding, LabelledSegment, PolicyText, Segment

RESOURCES = Path(__file__).parent / "resources"


def finding(fid: str, start: int = 0) -> Finding:
    spec = FINDINGS[fid]
    return Finding(fid, spec.title, spec.verdict, (Evidence("x", start, start + 1),))


def labelled(index: int, start: int, end: int, *categories: str) -> LabelledSegment:
    return LabelledSegment(Segment(index, "x" * (end - start), start, end), (), categories)


def test_every_finding_has_a_category_of_the_api() -> None:
    assert set(FINDING_CATEGORY) == set(FINDINGS)
    assert set(FINDING_CATEGORY.values()) <= set(CATEGORY_TITLES)
    assert len(CATEGORY_TITLES) == 10


def test_summary_says_what_who_and_what_you_can_do() -> None:
    findings = [
        finding("collects_location"),
        finding("sells_data"),
        finding("shares_for_advertising"),
        finding("can_delete_data"),
        Finding("retention_unspecified", "t", FINDINGS["retention_unspecified"].verdict, ()),
    ]
    text, _ = summarise(findings, [])
    assert "your location" in text
    assert "sells" in text and "advertisers" in text
    assert "have it deleted" in text
    assert "does not say how long" in text


def test_summary_changes_with_the_findings() -> None:
    selling, _ = summarise([finding("sells_data")], [])
    not_selling, _ = summarise([finding("does_not_sell_data")], [])
    assert "sells" in selling and "does not sell" in not_selling
    assert selling != not_selling
    none, _ = summarise([], [])
    assert "no way for you to see, correct or delete" in none


def test_categories_cover_labelled_segments_and_evidence() -> None:
    segments = [
        labelled(0, 0, 100, "first_party_collection"),
        labelled(1, 100, 200, "third_party_sharing"),
        labelled(2, 200, 300, "other"),
    ]
    findings = [finding("collects_contact_info", 10), finding("discloses_to_authorities", 150)]
    _, categories = summarise(findings, segments)
    by_id = {c.id: c for c in categories}
    assert list(by_id) == [c for c in CATEGORY_TITLES if c in by_id]  # API order
    assert by_id["first_party_collection"].segments == (0,)
    assert "contact details" in by_id["first_party_collection"].summary
    assert by_id["third_party_sharing"].segments == (1,)
    assert "authorities" in by_id["third_party_sharing"].summary
    assert "user_access" not in by_id  # not covered
    for c in categories:
        assert c.title == CATEGORY_TITLES[c.id] and c.summary


def test_seed_summary_is_built_from_its_findings() -> None:
    text = canonical_text((RESOURCES / "seeds" / "002_452022f5c92ef4d5.txt").read_text())
    items = classify(segment(PolicyText(text)))
    findings = find_findings(text, items)
    summary, categories = summarise(findings, items)
    ids = {f.id for f in findings}
    assert "does_not_sell_data" in ids and "says it does not sell" in summary
    assert "protects_children" in ids
    audiences = next(c for c in categories if c.id == "specific_audiences")
    assert "children" in audiences.summary
    assert all(0 <= i < len(items) for c in categories for i in c.segments)
