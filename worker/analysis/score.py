"""Turn findings into a 0-100 score and an A-E grade, with a few words saying why.

The rubric (also in docs/rubric.md), in the spirit of ToS;DR's good/bad/blocker balance and
PrivacySpy's weighted questions:

1. Start at BASE_SCORE (50): a policy that says nothing either way is a C.
2. Add the weight of every finding raised (table below): good findings add, bad ones
   subtract, neutral ones (facts every service states) weigh 0. Weights follow importance:
   selling data, advertising and biometrics weigh most; a contact address least. Good
   findings add at most GOOD_MAX_POINTS (30) in all: the rights every GDPR-era policy lists
   cannot buy back heavy tracking. A good finding the policy contradicts elsewhere
   (CONTRADICTED_BY: "does not sell your data" next to a sale) adds nothing.
3. Clamp to 0-100 and grade: A >= 75, B >= 60, C >= 45, D >= 30, E below.
4. Caps: a blocker (sells_data) caps the grade at D (score at most 44); any bad finding
   keeps a policy out of A (score at most 74).

| finding | verdict | weight |
|---|---|---|
| sells_data | blocker | -30 |
| shares_for_advertising | bad | -12 |
| collects_biometric_data | bad | -12 |
| collects_location | bad | -8 |
| obtains_data_from_third_parties | bad | -8 |
| records_communications | bad | -8 |
| uses_tracking_cookies | bad | -6 |
| retention_unspecified | bad | -6 |
| change_without_notice | bad | -6 |
| uses_third_party_analytics | bad | -5 |
| collects_device_identifiers | bad | -4 |
| ignores_do_not_track | bad | -3 |
| does_not_sell_data | good | +10 |
| can_delete_data | good | +8 |
| retention_limited | good | +8 |
| can_access_or_correct | good | +6 |
| breach_notification | good | +6 |
| change_notice | good | +6 |
| marketing_opt_out | good | +5 |
| security_measures | good | +5 |
| honors_do_not_track | good | +5 |
| cookie_controls | good | +4 |
| protects_children | good | +4 |
| privacy_contact | good | +3 |
| every neutral finding | neutral | 0 |

The label names the decisive finding: the blocker if any ("Sells your data"), else for A/B
the weightiest good finding ("Good: lets you delete your data"), for D/E the weightiest bad
one, and for C both ("Mixed: ..."). Between equal weights the one higher in the table wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from worker.records import Badge, Finding, Verdict

BASE_SCORE = 50
"""Score of a policy with no graded finding."""

WEIGHTS: dict[str, int] = {
    "sells_data": -30,
    "shares_for_advertising": -12,
    "collects_biometric_data": -12,
    "collects_location": -8,
    "obtains_data_from_third_parties": -8,
    "records_communications": -8,
    "uses_tracking_cookies": -6,
    "retention_unspecified": -6,
    "change_without_notice": -6,
    "uses_third_party_analytics": -5,
    "collects_device_identifiers": -4,
    "ignores_do_not_track": -3,
    "does_not_sell_data": 10,
    "can_delete_data": 8,
    "retention_limited": 8,
    "can_access_or_correct": 6,
    "breach_notification": 6,
    "change_notice": 6,
    "marketing_opt_out": 5,
    "security_measures": 5,
    "honors_do_not_track": 5,
    "cookie_controls": 4,
    "protects_children": 4,
    "privacy_contact": 3,
}
"""Points each finding adds to (good) or takes from (bad, blocker) the base score."""

CONTRADICTED_BY: dict[str, tuple[str, str]] = {
    "does_not_sell_data": ("sells_data", "yet another passage says it may sell it"),
}
"""Good finding -> the finding that contradicts it, and the words added to its title. With
both raised the good one adds nothing (a policy that sells data somewhere earns nothing for
saying elsewhere that it does not); both stay in the report, each with its evidence."""

GOOD_MAX_POINTS = 30
"""Good findings together add at most this many points."""

GRADE_THRESHOLDS: tuple[tuple[str, int], ...] = (("A", 75), ("B", 60), ("C", 45), ("D", 30))
"""Lowest score of each grade; below the last one the grade is E."""

BLOCKER_MAX_SCORE = 44
"""A blocker caps the score here, i.e. the grade at D."""

BAD_MAX_SCORE = 74
"""Any bad finding caps the score here, i.e. keeps the grade out of A."""

LABELS: dict[str, str] = {
    "sells_data": "Sells your data",
    "shares_for_advertising": "Shares data with advertisers",
    "collects_biometric_data": "Collects biometric data",
    "collects_location": "Tracks your location",
    "obtains_data_from_third_parties": "Gets data about you from others",
    "records_communications": "Records your messages or calls",
    "uses_tracking_cookies": "Tracks you with cookies",
    "retention_unspecified": "Keeps data with no time limit",
    "change_without_notice": "Changes terms without notice",
    "uses_third_party_analytics": "Uses third-party analytics",
    "collects_device_identifiers": "Collects device identifiers",
    "ignores_do_not_track": "Ignores Do Not Track",
    "does_not_sell_data": "does not sell your data",
    "can_delete_data": "lets you delete your data",
    "retention_limited": "keeps data only as needed",
    "can_access_or_correct": "lets you see your data",
    "breach_notification": "tells you about breaches",
    "change_notice": "tells you about changes",
    "marketing_opt_out": "lets you stop marketing",
    "security_measures": "protects your data",
    "honors_do_not_track": "honours Do Not Track",
    "cookie_controls": "lets you refuse cookies",
    "protects_children": "protects children",
    "privacy_contact": "gives a privacy contact",
}
"""A few words per graded finding, for the badge label."""


def grade_of(score: int) -> str:
    """The letter grade of a 0-100 score."""
    for grade, lowest in GRADE_THRESHOLDS:
        if score >= lowest:
            return grade
    return "E"


def contradicted(ids: set[str]) -> set[str]:
    """The good findings among ids that another of ids contradicts (CONTRADICTED_BY)."""
    return {fid for fid, (opposite, _) in CONTRADICTED_BY.items() if fid in ids and opposite in ids}


def note_contradictions(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """findings, where one contradicts another, with the contradicted one's title saying so."""
    voided = contradicted({f.id for f in findings})
    return tuple(
        replace(f, title=f"{f.title}, {CONTRADICTED_BY[f.id][1]}") if f.id in voided else f
        for f in findings
    )


def score(findings: Sequence[Finding]) -> Badge:
    """Grade the findings with the rubric above; the label names the decisive finding."""
    ids = {f.id for f in findings}
    good = sum(WEIGHTS.get(fid, 0) for fid in ids - contradicted(ids) if WEIGHTS.get(fid, 0) > 0)
    bad = sum(WEIGHTS.get(fid, 0) for fid in ids if WEIGHTS.get(fid, 0) < 0)
    total = BASE_SCORE + min(good, GOOD_MAX_POINTS) + bad
    total = max(0, min(100, total))
    verdicts = {f.verdict for f in findings}
    if Verdict.BLOCKER in verdicts:
        total = min(total, BLOCKER_MAX_SCORE)
    if Verdict.BAD in verdicts:
        total = min(total, BAD_MAX_SCORE)
    grade = grade_of(total)
    return Badge(grade=grade, score=total, label=_label(ids, grade))


def _label(ids: set[str], grade: str) -> str:
    """Why, in a few words: the weightiest blocker, else the weightiest good or bad finding."""
    # Rubric order breaks ties between equal weights: iterating the set of ids would pick
    # by string hashes, which change from one process to the next.
    graded = [fid for fid in WEIGHTS if fid in ids]
    bad = sorted((fid for fid in graded if WEIGHTS[fid] < 0), key=WEIGHTS.__getitem__)
    good = sorted(
        (fid for fid in graded if WEIGHTS[fid] > 0), key=WEIGHTS.__getitem__, reverse=True
    )
    if "sells_data" in ids:
        return LABELS["sells_data"]
    if grade in ("A", "B") and good:
        return f"Good: {LABELS[good[0]]}"
    if grade in ("D", "E") and bad:
        return LABELS[bad[0]]
    if bad and good:
        return f"Mixed: {LABELS[bad[0]].lower()}, but {LABELS[good[0]]}"
    if bad:
        return LABELS[bad[0]]
    if good:
        return f"Good: {LABELS[good[0]]}"
    return "Says little either way"
