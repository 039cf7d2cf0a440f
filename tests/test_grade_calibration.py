"""bench/grade_calibration.py: ToS;DR's letter rule, Spearman, and a run on a small data folder."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

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
        + "github,c,good,,q\ngithub,c,bad,,q\n",
        encoding="utf-8",
    )
    assert calibration.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| OPP-115 (2015) | 1 | A 0, B 0, C 0, D 0, E 1 |" in out
    assert re.search(r"^\| ota/DuckDuckGo \| report \| A \d+ \| A \(\+4, 4\) \| — \|$", out, re.M)
    assert "| ota/GitHub | tune | B" in out
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
