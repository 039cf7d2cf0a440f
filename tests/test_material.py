"""Sentence-level changes on real policies: each material one-sentence edit of the judged
table (tests/resources/edits/edits.json) is among the top three changes and quoted; each
non-material one is quiet (material: false, no finding change)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest

from tests.helpers import RESOURCES
from worker.analysis.run import analyse_text, analysis_to_json
from worker.ingest.extract import extract
from worker.records import FetchedPage, PolicyText
from worker.tracking.report import texts_diff_json

EDITS: list[dict[str, Any]] = json.loads(
    (RESOURCES / "edits" / "edits.json").read_text(encoding="utf-8")
)["edits"]


MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@cache
def extracted(markdown: str) -> PolicyText:
    page = FetchedPage(
        url="https://example.com/privacy",
        final_url="https://example.com/privacy",
        content_type="text/markdown",
        body=markdown.encode("utf-8"),
        fetched_at=datetime.now(UTC),
    )
    return extract(page)


@cache
def analysed(markdown: str) -> dict[str, Any]:
    return analysis_to_json(analyse_text(extracted(markdown)))


def edited_diff(edit: dict[str, Any]) -> dict[str, Any]:
    """The Diff of the real policy and its copy with the one sentence edited in its source."""
    source = (RESOURCES / "ota" / edit["policy"]).read_text(encoding="utf-8")
    assert source.count(edit["old"]) == 1, edit["old"]
    edited = source.replace(edit["old"], edit["new"])
    old, new = extracted(source), extracted(edited)
    return texts_diff_json("old", "new", old.text, new.text, analysed(source), analysed(edited))


def as_read(sentence: str) -> str:
    """The sentence as the extracted text reads it (Markdown links become their text)."""
    return MARKDOWN_LINK.sub(r"\1", sentence)


def ids(edit: dict[str, Any]) -> str:
    return f"{edit['kind']}: {edit['new'][:50]}"


@pytest.mark.parametrize("edit", [e for e in EDITS if e["material"]], ids=ids)
def test_a_material_edit_is_among_the_top_three_and_quoted(edit: dict[str, Any]) -> None:
    diff = edited_diff(edit)
    old, new = as_read(edit["old"]), as_read(edit["new"])
    top = diff["changes"][:3]
    assert any(c["material"] and c["new"] == new for c in top), (edit, diff["changes"])
    change = next(c for c in top if c["new"] == new)
    assert change["kind"] == "modified" and change["old"] == old
    summary = " ".join(diff["summary"].split())
    if max(len(old), len(new)) <= 220:
        assert f"“{new}”" in summary, summary
    else:  # a long sentence is quoted around what changed
        changed = set(new.split()) - set(old.split())
        assert any(word in summary for word in changed), summary


@pytest.mark.parametrize("edit", [e for e in EDITS if not e["material"]], ids=ids)
def test_a_wording_edit_is_quiet(edit: dict[str, Any]) -> None:
    diff = edited_diff(edit)
    assert all(not c["material"] for c in diff["changes"]), diff["changes"]
    assert all(not c["findings_added"] and not c["findings_removed"] for c in diff["changes"])
    assert diff["findings_added"] == diff["findings_removed"] == []
    if as_read(edit["old"]) != as_read(edit["new"]):  # a link target alone leaves the text as is
        assert diff["changes"], "the edit is seen"
        assert "Only wording changed" in diff["summary"], diff["summary"]


def test_the_table_holds_each_kind_the_issue_names() -> None:
    kinds = {e["kind"] for e in EDITS}
    assert {"promise withdrawn", "period lengthened", "recipient added", "right narrowed"} <= kinds
    assert {"notice removed", "date", "typo", "company renamed", "link changed"} <= kinds


PAIRS: list[dict[str, Any]] = json.loads(
    (RESOURCES / "edits" / "pairs.json").read_text(encoding="utf-8")
)["judged"]


def real_pair_diff(service: str, old_name: str, new_name: str) -> dict[str, Any]:
    folder = RESOURCES / "ota" / service
    old_source = (folder / old_name).read_text(encoding="utf-8")
    new_source = (folder / new_name).read_text(encoding="utf-8")
    old, new = extracted(old_source), extracted(new_source)
    return texts_diff_json(
        old_name, new_name, old.text, new.text, analysed(old_source), analysed(new_source)
    )


@pytest.mark.parametrize(
    "judged",
    [
        j
        for j in PAIRS
        if j["judgement"] == "right" and (RESOURCES / "ota" / j["service"] / j["to"]).exists()
    ],
    ids=lambda j: f"{j['service']} {j['to'][:10]} #{j['rank']}",
)
def test_a_judged_right_top_change_of_a_real_pair_stays_where_it_was(
    judged: dict[str, Any],
) -> None:
    diff = real_pair_diff(judged["service"], judged["from"], judged["to"])
    change = diff["changes"][judged["rank"] - 1]
    old_part, _, new_part = judged["change"].partition(" -> ")
    assert change["material"]
    for side, part in (("old", old_part), ("new", new_part)):
        if part:
            assert change[side] and change[side].startswith(part.split(" ...")[0])
        else:  # " -> text": an added sentence
            assert change[side] is None


def test_reddit_2025_summary_names_the_data_brokers_change_first() -> None:
    diff = real_pair_diff("Reddit", "2024-10-04T18-10-56.md", "2025-05-29T18-11-00.md")
    first = diff["summary"].split(". ")[0]
    assert (
        "including data brokers" in first and "we never work with data brokers" in diff["summary"]
    )
    assert "words added" not in diff["summary"].split("(")[0]  # word counts come last


def test_most_judged_top_changes_are_right() -> None:
    right = sum(j["judgement"] == "right" for j in PAIRS)
    assert right / len(PAIRS) >= 0.75, (right, len(PAIRS))


def test_a_switch_of_language_is_not_a_change_of_practices() -> None:
    diff = real_pair_diff("Instagram", "2020-12-02T17-30-52.md", "2021-02-23T07-49-54.md")
    assert diff["changes"] == []
    assert diff["findings_added"] == diff["findings_removed"] == []
    assert diff["grade_change"] is None
    assert diff["summary"].startswith("The policy is now in French (it was in English)")
    assert "None" not in diff["summary"]
