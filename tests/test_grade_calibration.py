"""bench/grade_calibration.py: ToS;DR's letter rule, Spearman, and a run on a small data folder."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from worker.records import Evidence, Finding, Verdict

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "tests" / "resources"
SPEC = importlib.util.spec_from_file_location(
    "grade_calibration", ROOT / "bench" / "grade_calibration.py"
)
assert SPEC and SPEC.loader
calibration = importlib.util.module_from_spec(SPEC)
sys.modules[SPEC.name] = calibration  # dataclasses look their module up there
SPEC.loader.exec_module(calibration)


@pytest.mark.parametrize(
    ("good", "bad", "blocker", "letter"),
    [
        (4, 0, 0, "A"),
        (4, 3, 0, "B"),
        (1, 7, 0, "C"),  # balance -6
        (0, 1, 1, "D"),  # a blocker, balance -4
        (9, 16, 1, "D"),  # balance -10 is not below -10
        (7, 13, 2, "E"),  # balance -12
        (0, 0, 0, "N/A"),
    ],
)
def test_tosdr_letter_follows_tosdr_rule(good: int, bad: int, blocker: int, letter: str) -> None:
    assert calibration.tosdr_letter(good, bad, blocker) == letter


def test_spearman_ranks_ties_and_small_samples() -> None:
    assert calibration.ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert calibration.spearman([1, 2, 3, 4], [10, 30, 40, 90]) == pytest.approx(1.0)
    assert calibration.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert calibration.spearman([1, 2], [1, 2]) is None
    assert calibration.spearman([1, 1, 1], [1, 2, 3]) is None


def test_halves_are_fixed_by_the_service_name() -> None:
    assert calibration.half_of("duckduckgo") == "report"
    assert calibration.half_of("github") == "tune"


@pytest.mark.parametrize(
    ("case", "terms"),
    [
        ("You waive your right to a class action.", True),
        ("The service is provided 'as is' and to be used at the users' sole risk", True),
        ("The service can delete specific content without reason and may do it without", True),
        ("This service keeps a license on user-generated content even after users close", True),
        ("You have the right to leave this service at any time", True),
        ("This service holds onto content that you've deleted", False),
        ("You can delete your content from this service", False),
        ("The service may use tracking pixels, web beacons, browser fingerprinting", False),
        ("Terms may be changed any time at their discretion, without notice to the user", False),
        ("Only necessary user logs are kept by the service to ensure quality", False),
        ("User-generated content is encrypted, and this service cannot decrypt it", False),
    ],
)
def test_terms_cases_are_told_from_privacy_cases(case: str, terms: bool) -> None:
    assert bool(calibration.TERMS_CASE.search(case)) is terms


def test_moved_by_names_the_weightiest_findings_first() -> None:
    findings = [
        Finding(fid, fid, Verdict.BAD, (Evidence("x", 0, 1),))
        for fid in (
            "collects_device_identifiers",
            "can_delete_data",
            "shares_for_advertising",
            "collects_contact_info",
            "retention_limited",
        )
    ]
    assert calibration.moved_by(findings) == (
        "shares_for_advertising -15, retention_limited +8, can_delete_data +6"
    )
    assert calibration.moved_by([]) == "—"


def test_coverage_gives_the_median_rated_points_behind_each_letter() -> None:
    grade = calibration.ExpertGrade
    tosdr = {
        "a": grade("A", 4, 4),
        "b": grade("B", 1, 5),
        "c": grade("E", -12, 20),
        "d": grade("E", -20, 30),
        "thin": grade("B", -1, 1),
    }
    text = calibration.coverage(tosdr)
    assert text.startswith("Over the 4 ToS;DR services with at least 3 rated points")
    assert "Spearman of balance and number of rated points: -1.00" in text
    assert text.endswith("median rated points behind each letter: A 4, B 5, E 25.")


def test_run_on_a_small_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policies = tmp_path / "opp115" / "sanitized_policies"
    policies.mkdir(parents=True)
    shutil.copy(RESOURCES / "opp115" / "1360_thehill.com.html", policies)
    for service, version in (
        ("DuckDuckGo", "2020-12-08T15-20-18.md"),
        ("DuckDuckGo", "2020-12-10T21-30-44.md"),
        ("GitHub", "2022-05-18T11-48-08.md"),
        ("Reddit", "2025-05-29T18-11-00.md"),
    ):
        (tmp_path / "ota" / service).mkdir(parents=True, exist_ok=True)
        shutil.copy(RESOURCES / "ota" / service / version, tmp_path / "ota" / service)
    (tmp_path / "tosdr").mkdir()
    (tmp_path / "tosdr" / "points.csv").write_text(
        "service,case,classification,finding_id,quote_text\n"
        + "duckduckgo,c,good,,q\n" * 4
        + "github,c,good,,q\ngithub,You waive your right to a class action.,bad,,q\n",
        encoding="utf-8",
    )
    assert calibration.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| OPP-115 (2015) | 1 | A 0, B 0, C 0, D 0, E 1 |" in out
    duckduckgo = r"^\| ota/DuckDuckGo \| report \| A \d+ \| A \(\+4, 4\) \| A \(\+4, 4\) \| — \| \w"
    assert re.search(duckduckgo, out, re.M)
    # the class-action waiver is a terms point: without it GitHub's one good point is an A
    assert re.search(
        r"^\| ota/GitHub \| tune \| B \d+ \| B \(\+0, 2 thin\) \| A \(\+1, 1 thin\) \|", out, re.M
    )
    assert "ota/Reddit" not in out.split("## Next to the experts")[1]  # no expert grade
    assert "Spearman with PrivacySpy scores: not computable" in out

    (tmp_path / "privacyspy").mkdir()
    (tmp_path / "privacyspy" / "scores.csv").write_text(
        "service,score\nduckduckgo,9.6\ngithub,6.5\nreddit,4.1\n", encoding="utf-8"
    )
    assert calibration.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| ota/Reddit | " in out
    assert "Spearman with PrivacySpy scores: 1.00 (3 policies; privacyspy/scores.csv)." in out
