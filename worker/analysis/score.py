"""Turn findings into a 0-100 score and an A-E grade, with a few words saying why.

The rubric (also in docs/rubric.md; calibrated with bench/grade_calibration.py), in the spirit
of ToS;DR's good/bad/blocker balance and PrivacySpy's weighted questions:

1. Start at BASE_SCORE (50).
2. Add the weight of every finding raised (WEIGHTS): good findings add, bad ones subtract,
   neutral ones weigh 0. What users and experts care about weighs most (selling, sharing for
   advertising, data from brokers, AI training, biometrics, retention, rights; silence on
   retention costs 8, as a stated limit earns 8). What nearly every web site does weighs at
   most 4 (logging an address and device details; cookies or pixels that recognise a
   returning visitor, stated by 98 of the 115 OPP-115 policies; third-party analytics;
   ignoring Do Not Track). Good findings add at most GOOD_MAX_POINTS (40) in all: the rights
   every GDPR-era policy lists cannot buy back heavy tracking. A good finding the policy
   contradicts elsewhere (CONTRADICTED_BY: "does not sell your data" next to a sale) adds
   nothing.
3. Collects little, shares nothing: a policy with no SERIOUS finding adds CLEAN_BONUS (15);
   a policy with one is kept out of A (score at most SERIOUS_MAX_SCORE, 74).
4. A blocker (sells_data) makes the grade E (score at most BLOCKER_MAX_SCORE, 24), unless the
   policy also promises the opposite: the contradiction caps the grade at D instead (score at
   most CONTRADICTED_BLOCKER_MAX_SCORE, 39), and the promise still adds nothing.
5. Clamp to 0-100 and grade: A >= 75, B >= 60, C >= 40, D >= 25, E below.

trains_ai_on_data and ai_training_opt_out are weighed before every version of the findings
raises them: an id the findings never raise changes nothing.

The label names the decisive finding: the blocker if any ("Sells your data"), else for A/B
the weightiest good finding ("Good: lets you delete your data"), for D/E the weightiest bad
one, and for C both ("Mixed: ..."). Between equal weights the one higher in WEIGHTS wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from worker.records import Badge, Finding, Verdict

BASE_SCORE = 50
"""Score before any finding: with no finding at all, BASE_SCORE + CLEAN_BONUS."""

WEIGHTS: dict[str, int] = {
    "sells_data": -30,
    "shares_for_advertising": -15,
    "obtains_data_from_third_parties": -12,
    "trains_ai_on_data": -12,
    "collects_biometric_data": -12,
    "retention_unspecified": -8,
    "collects_location": -6,
    "records_communications": -6,
    "change_without_notice": -5,
    "uses_tracking_cookies": -4,
    "uses_third_party_analytics": -4,
    "ignores_do_not_track": -3,
    "collects_device_identifiers": -1,
    "does_not_sell_data": 10,
    "retention_limited": 8,
    "can_delete_data": 6,
    "breach_notification": 6,
    "ai_training_opt_out": 6,
    "honors_do_not_track": 5,
    "can_access_or_correct": 5,
    "change_notice": 4,
    "marketing_opt_out": 4,
    "security_measures": 3,
    "cookie_controls": 2,
    "privacy_contact": 2,
    "protects_children": 1,
}
"""Points each finding adds to (good) or takes from (bad, blocker) the base score."""

SERIOUS: frozenset[str] = frozenset(
    {
        "sells_data",
        "shares_for_advertising",
        "obtains_data_from_third_parties",
        "trains_ai_on_data",
        "collects_biometric_data",
        "collects_location",
        "records_communications",
    }
)
"""Practices that expose you beyond the service: any of them voids CLEAN_BONUS and keeps
the policy out of A. Silence on retention or notice costs points but does not void it, nor
does what nearly every web site does (logging device details, cookies or pixels, third-party
analytics, ignoring Do Not Track): cross-site tracking for ads is shares_for_advertising."""

CLEAN_BONUS = 15
"""Added when no SERIOUS finding is raised: the policy collects little and shares nothing."""

CONTRADICTED_BY: dict[str, tuple[str, str]] = {
    "does_not_sell_data": ("sells_data", "yet another passage says it may sell it"),
}
"""Good finding -> the finding that contradicts it, and the words added to its title. With
both raised the good one adds nothing (a policy that sells data somewhere earns nothing for
saying elsewhere that it does not); both stay in the report, each with its evidence."""

GOOD_MAX_POINTS = 40
"""Good findings together add at most this many points."""

GRADE_THRESHOLDS: tuple[tuple[str, int], ...] = (("A", 75), ("B", 60), ("C", 40), ("D", 25))
"""Lowest score of each grade; below the last one the grade is E."""

SERIOUS_MAX_SCORE = 74
"""A SERIOUS finding caps the score here, i.e. keeps the grade out of A."""

BLOCKER_MAX_SCORE = 24
"""A blocker nothing contradicts caps the score here, i.e. the grade is E."""

CONTRADICTED_BLOCKER_MAX_SCORE = 39
"""A blocker the policy also denies caps the score here, i.e. the grade is at best D."""

LABELS: dict[str, str] = {
    "sells_data": "Sells your data",
    "shares_for_advertising": "Shares data with advertisers",
    "obtains_data_from_third_parties": "Gets data about you from others",
    "trains_ai_on_data": "Trains AI on your data",
    "collects_biometric_data": "Collects biometric data",
    "uses_tracking_cookies": "Tracks you with cookies",
    "collects_location": "Tracks your location",
    "records_communications": "Records your messages or calls",
    "retention_unspecified": "Keeps data with no time limit",
    "change_without_notice": "Changes terms without notice",
    "uses_third_party_analytics": "Uses third-party analytics",
    "ignores_do_not_track": "Ignores Do Not Track",
    "collects_device_identifiers": "Collects device identifiers",
    "does_not_sell_data": "does not sell your data",
    "retention_limited": "keeps data only as needed",
    "can_delete_data": "lets you delete your data",
    "breach_notification": "tells you about breaches",
    "ai_training_opt_out": "lets you opt out of AI training",
    "honors_do_not_track": "honours Do Not Track",
    "can_access_or_correct": "lets you see your data",
    "change_notice": "tells you about changes",
    "marketing_opt_out": "lets you stop marketing",
    "security_measures": "protects your data",
    "cookie_controls": "lets you refuse cookies",
    "privacy_contact": "gives a privacy contact",
    "protects_children": "protects children",
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
    voided = contradicted(ids)
    good = sum(WEIGHTS.get(fid, 0) for fid in ids - voided if WEIGHTS.get(fid, 0) > 0)
    bad = sum(WEIGHTS.get(fid, 0) for fid in ids if WEIGHTS.get(fid, 0) < 0)
    blockers = {f.id for f in findings if f.verdict is Verdict.BLOCKER}
    serious = blockers | (ids & SERIOUS)
    total = BASE_SCORE + min(good, GOOD_MAX_POINTS) + bad + (0 if serious else CLEAN_BONUS)
    total = max(0, min(100, total))
    if serious:
        total = min(total, SERIOUS_MAX_SCORE)
    if blockers:
        denied = {CONTRADICTED_BY[fid][0] for fid in voided}
        cap = CONTRADICTED_BLOCKER_MAX_SCORE if blockers <= denied else BLOCKER_MAX_SCORE
        total = min(total, cap)
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
