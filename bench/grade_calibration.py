"""Grades of real policies next to the experts' grades of the same services.

Usage: python bench/grade_calibration.py [DATA_DIR]

Analyses the 115 OPP-115 policies (2015) and the latest version of each Open Terms Archive
service, and prints, as Markdown:
  - the grade distribution of each corpus;
  - for the services ToS;DR grades, our letter next to ToS;DR's, and PrivacySpy's score where
    the data folder has one (privacyspy/scores.csv, columns service,score; the folder ships
    PrivacySpy's rubric only, so without that file the Spearman correlation is not computable);
  - exact-letter and within-one-letter agreement with ToS;DR, and Spearman between our score
    and ToS;DR's point balance;
  - where disagreements come from: the findings that moved each score most, ToS;DR's letter
    from its privacy points alone (TERMS_CASE drops the terms-of-service points: liability,
    arbitration, content licences, account closure...), and how much ToS;DR's letters follow
    the number of points its volunteers rated.

ToS;DR's letter is derived from tosdr/points.csv with ToS;DR's own rule (edit.tosdr.org's
Service#calculate_balance): balance = good - bad - 3 * blocker; E if balance < -10, else D if
any blocker, else C if balance < -4, else B if any bad, else A (N/A without rated points).
The dump dates from January 2021 and covers terms as well as privacy policies; the OPP-115
texts are the 2015 versions. A letter resting on fewer than THIN_POINTS rated points is
marked thin and left out of the "solid" agreement line.

Services are split by sha256(service name): even first byte -> tune half (the rubric's
weights were chosen looking at it), odd -> report half (the figures to quote). The baseline,
measured in the same run, is ToS;DR's own rule applied to our findings (good, bad, blocker
counts).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from worker.analysis.run import analyse_text
from worker.analysis.score import WEIGHTS
from worker.ingest.extract import extract_file
from worker.records import Finding, Verdict
from worker.settings import data_dir

GRADES = "ABCDE"

SERVICE: dict[str, str] = {
    "ota/Airbnb": "airbnb",
    "ota/DuckDuckGo": "duckduckgo",
    "ota/GitHub": "github",
    "ota/Instagram": "instagram",
    "ota/Pinterest": "pinterest",
    "ota/Reddit": "reddit",
    "ota/Snapchat": "snapchat",
    "ota/TikTok": "tiktok",
    "ota/Viber": "viber",
    "ota/Wikipedia": "wikipedia",
    "ota/YouTube": "youtube",
    "opp115/21_imdb.com": "imdb",
    "opp115/26_nytimes.com": "newyorktimes",
    "opp115/135_instagram.com": "instagram",
    "opp115/207_reference.com": "dictionary-com",
    "opp115/591_google.com": "google",
    "opp115/641_cbsinteractive.com": "cbsinteractive",
    "opp115/744_minecraft.gamepedia.com": "minecraft",
    "opp115/1470_steampowered.com": "steam",
    "opp115/1582_msn.com": "bing",
}
"""Policy (corpus/file stem) -> service slug, as ToS;DR names it, where the expert grade is of
the same company's policy for the same product (msn.com's file is Microsoft's Bing and MSN
privacy statement). Reddit and Viber have no ToS;DR points in the dump."""

THIN_POINTS = 3
"""A ToS;DR letter resting on fewer rated (good, bad, blocker) points than this is thin."""


TERMS_CASE = re.compile(
    r"'as is'|warrant|guarantee|liabilit|indemnif|harmless|arbitration|class action|"
    r"legal action|court of law|licen[cs]e|copyright|moral rights|ownership|"
    r"(?:rights to|use of|credit for|distribute) your content|content for all|"
    r"delete (?:specific content|your account)|closing your account|accounts can be "
    r"terminated|suspension|stop providing|throttles|scrape|refund|help desk|easy to read|"
    r"terms of service so|changes to the terms|suggestions|negative opinions|enjoyment|"
    r"free software|maintenance|spammers|take down|right to leave|accessibility|"
    r"software errors|expectations|accuracy or reliability|censor|documents|usernames|"
    r"very broad|does not index or open files",
    re.IGNORECASE,
)
"""A ToS;DR case about the terms of service rather than personal data (its title names
liability, warranties, disputes, content licences, accounts or the service itself). A privacy
policy says nothing about these, so the privacy-only letter leaves them out."""

MOVED_BY = 3
"""How many findings, weightiest first, the per-service table names as moving the score."""


@dataclass(frozen=True, slots=True)
class Graded:
    """One analysed policy: where it comes from, its findings and our badge."""

    corpus: str
    name: str
    findings: tuple[Finding, ...]
    grade: str | None
    score: int | None


@dataclass(frozen=True, slots=True)
class ExpertGrade:
    """ToS;DR's letter for a service, from the classifications of its points."""

    letter: str
    balance: int
    rated: int


def latest_versions(data: Path) -> list[Path]:
    """The newest file of each Open Terms Archive service."""
    services = sorted(p for p in (data / "ota").iterdir() if p.is_dir())
    return [sorted(service.glob("*.md"))[-1] for service in services]


def analyse_all(data: Path) -> list[Graded]:
    """Our findings and badge for every OPP-115 policy and every OTA latest version."""
    sources = [
        ("opp115", path.stem, path)
        for path in sorted((data / "opp115" / "sanitized_policies").glob("*.html"))
    ] + [("ota", path.parent.name, path) for path in latest_versions(data)]
    graded = []
    for corpus, name, path in sources:
        analysis = analyse_text(extract_file(path))
        badge = analysis.badge
        graded.append(
            Graded(
                corpus,
                name,
                analysis.findings,
                badge.grade if badge else None,
                badge.score if badge else None,
            )
        )
    return graded


def tosdr_letter(good: int, bad: int, blocker: int) -> str:
    """ToS;DR's letter from its point counts (edit.tosdr.org's rule)."""
    balance = good - bad - 3 * blocker
    if good + bad + blocker == 0:
        return "N/A"
    if balance < -10:
        return "E"
    if blocker:
        return "D"
    if balance < -4:
        return "C"
    return "B" if bad else "A"


def tosdr_grades(data: Path, privacy_only: bool = False) -> dict[str, ExpertGrade]:
    """Each ToS;DR service's letter, balance and number of rated points; with privacy_only,
    from the points whose case is not a TERMS_CASE."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with (data / "tosdr" / "points.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if privacy_only and TERMS_CASE.search(row["case"]):
                continue
            counts[row["service"]][row["classification"]] += 1
    return {
        service: ExpertGrade(
            tosdr_letter(c["good"], c["bad"], c["blocker"]),
            c["good"] - c["bad"] - 3 * c["blocker"],
            c["good"] + c["bad"] + c["blocker"],
        )
        for service, c in counts.items()
    }


def privacyspy_scores(data: Path) -> dict[str, float]:
    """PrivacySpy's 0-10 scores by service, when the data folder has them."""
    path = data / "privacyspy" / "scores.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["service"].lower(): float(row["score"]) for row in csv.DictReader(handle)}


def findings_by_tosdr_rule(findings: Sequence[Finding]) -> str:
    """Baseline: ToS;DR's rule applied to our findings, one point per finding."""
    verdicts = Counter(f.verdict for f in findings)
    return tosdr_letter(verdicts[Verdict.GOOD], verdicts[Verdict.BAD], verdicts[Verdict.BLOCKER])


def moved_by(findings: Sequence[Finding]) -> str:
    """The MOVED_BY findings that weigh most in the score, e.g. 'shares_for_advertising -15'."""
    ids = sorted({f.id for f in findings if WEIGHTS.get(f.id)}, key=lambda i: -abs(WEIGHTS[i]))
    return ", ".join(f"{fid} {WEIGHTS[fid]:+d}" for fid in ids[:MOVED_BY]) or "—"


def coverage(tosdr: dict[str, ExpertGrade]) -> str:
    """How far ToS;DR's letters follow how many points were rated: Spearman of balance and
    rated points, and the median number of rated points behind each letter."""
    rated = [e for e in tosdr.values() if e.rated >= THIN_POINTS]
    rho = spearman([float(e.rated) for e in rated], [float(e.balance) for e in rated])
    medians = ", ".join(
        f"{g} {statistics.median(n):g}"
        for g in GRADES
        if (n := [e.rated for e in rated if e.letter == g])
    )
    return (
        f"Over the {len(rated)} ToS;DR services with at least {THIN_POINTS} rated points, "
        f"Spearman of balance and number of rated points: {figure(rho)}; median rated points "
        f"behind each letter: {medians}."
    )


def half_of(service: str) -> str:
    """tune or report, by the first byte of sha256(service)."""
    return "tune" if hashlib.sha256(service.encode()).digest()[0] % 2 == 0 else "report"


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (Pearson on ranks), None when undefined."""
    if len(xs) < 3:
        return None
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else None


def distribution(letters: Sequence[str | None]) -> str:
    """'A n, B n, ...' over the five letters, plus the ungraded."""
    counts = Counter(letters)
    text = ", ".join(f"{g} {counts[g]}" for g in GRADES)
    return text + (f", not graded {counts[None]}" if counts[None] else "")


def described(expert: ExpertGrade) -> str:
    """'C (-7, 11)': the letter, its balance and rated points, 'thin' when they are few."""
    thin = " thin" if expert.rated < THIN_POINTS else ""
    return f"{expert.letter} ({expert.balance:+d}, {expert.rated}{thin})"


def figure(value: float | None) -> str:
    return "not computable" if value is None else f"{value:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=data_dir())
    data: Path = parser.parse_args(argv).data_dir
    graded = analyse_all(data)
    tosdr = tosdr_grades(data)
    privacy = tosdr_grades(data, privacy_only=True)
    spy = privacyspy_scores(data)

    print("## Grade distribution\n")
    print("| corpus | policies | Policywatch | ToS;DR's rule on our findings (baseline) |")
    print("|---|---|---|---|")
    for corpus, title in (("opp115", "OPP-115 (2015)"), ("ota", "Open Terms Archive, latest")):
        rows = [g for g in graded if g.corpus == corpus]
        ours = distribution([g.grade for g in rows])
        baseline = distribution([findings_by_tosdr_rule(g.findings) for g in rows])
        print(f"| {title} | {len(rows)} | {ours} | {baseline} |")
    ota = ", ".join(f"{g.name} {g.grade} {g.score}" for g in graded if g.corpus == "ota")
    print(f"\nOpen Terms Archive: {ota}.")

    print("\n## Next to the experts\n")
    print(
        "| policy | half | Policywatch | ToS;DR (balance, rated points) | ToS;DR privacy points "
        "only | PrivacySpy | moved most by |"
    )
    print("|---|---|---|---|---|---|---|")
    compared = []
    for g in graded:
        service = SERVICE.get(f"{g.corpus}/{g.name}")
        if service is None or (service not in tosdr and service not in spy):
            continue
        expert = tosdr.get(service, ExpertGrade("N/A", 0, 0))
        private = privacy.get(service, ExpertGrade("N/A", 0, 0))
        half = half_of(service)
        spy_score = spy.get(service)
        compared.append((g, service, expert, half, spy_score))
        print(
            f"| {g.corpus}/{g.name} | {half} | {g.grade} {g.score} | {described(expert)} | "
            f"{described(private)} | {'—' if spy_score is None else f'{spy_score:g}'} | "
            f"{moved_by(g.findings)} |"
        )

    print("\n## Agreement with ToS;DR (letters), per half\n")
    print(
        "| half | policies | same letter | within one | baseline same letter | Spearman "
        "(score vs balance) | same letter as ToS;DR's privacy points only |"
    )
    print("|---|---|---|---|---|---|---|")
    for half, solid in (("tune", False), ("report", False), ("report", True), ("all", False)):
        rows = [
            (g, e, privacy.get(s, ExpertGrade("N/A", 0, 0)))
            for g, s, e, h, _ in compared
            if e.letter != "N/A" and g.grade and half in (h, "all")
            if not solid or e.rated >= THIN_POINTS
        ]
        same = sum(g.grade == e.letter for g, e, _ in rows)
        near = sum(abs(GRADES.index(g.grade) - GRADES.index(e.letter)) <= 1 for g, e, _ in rows)
        base = sum(findings_by_tosdr_rule(g.findings) == e.letter for g, e, _ in rows)
        rho = spearman(
            [float(g.score or 0) for g, *_ in rows], [float(e.balance) for _, e, _ in rows]
        )
        private = [(g, p) for g, _, p in rows if p.letter != "N/A"]
        same_private = sum(g.grade == p.letter for g, p in private)
        label = f"{half}, without thin letters" if solid else half
        print(
            f"| {label} | {len(rows)} | {same} | {near} | {base} | {figure(rho)} | "
            f"{same_private} of {len(private)} |"
        )
    print(f"\n{coverage(tosdr)}")

    with_spy = [(g, s) for g, _, _, _, s in compared if s is not None and g.score is not None]
    rho = spearman([float(g.score or 0) for g, _ in with_spy], [s for _, s in with_spy])
    source = "privacyspy/scores.csv" if spy else "no PrivacySpy scores in the data folder"
    print(f"\nSpearman with PrivacySpy scores: {figure(rho)} ({len(with_spy)} policies; {source}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
