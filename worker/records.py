"""Typed records passed between the pipeline stages (fetch → extract → segment → ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Verdict(StrEnum):
    """How a finding weighs on the user, as in ToS;DR's point classes."""

    GOOD = "good"
    NEUTRAL = "neutral"
    BAD = "bad"
    BLOCKER = "blocker"


class JobStatus(StrEnum):
    """The states of an analysis job the API reports."""

    QUEUED = "queued"
    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A response body as fetched, before any interpretation."""

    url: str
    final_url: str
    content_type: str
    """Media type, lower case, without parameters: "text/html", "application/pdf", ..."""
    body: bytes
    fetched_at: datetime
    charset: str | None = None
    """The charset the server declared, if any."""
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    render_note: str | None = None
    """Set when the page needed JavaScript and could not be rendered: what the Report says."""


@dataclass(frozen=True, slots=True)
class PolicyText:
    """The policy's canonical text: paragraphs separated by one blank line, headings as
    their own paragraphs. Its sha256 is the version id, so it must not change when only
    formatting changes."""

    text: str
    headings: tuple[tuple[int, int], ...] = ()
    """[start, end) spans of the heading paragraphs within text."""
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the policy, located in the canonical text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A paragraph or section of the policy with the heading it sits under."""

    index: int
    text: str
    start: int
    end: int
    heading: str | None = None
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class LabelledSegment:
    """A segment with the OPP-115 labels the classifier gave it."""

    segment: Segment
    labels: tuple[str, ...]
    """OPP-115 label names exactly as in the CSVs, e.g. "First Party Collection/Use"."""
    categories: tuple[str, ...]
    """The API's category ids these labels map to, e.g. "first_party_collection"."""
    scores: dict[str, float] = field(default_factory=dict)
    """Per OPP-115 label, the classifier's confidence in [0, 1]."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """An exact sentence of the policy: text == policy_text[start:end]."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the policy says (or fails to say), with the sentences that say it."""

    id: str
    title: str
    verdict: Verdict
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Badge:
    """The grade shown to the user."""

    grade: str
    score: int
    label: str


@dataclass(frozen=True, slots=True)
class CategorySummary:
    """A one-line summary of what the policy says in one OPP-115 category."""

    id: str
    title: str
    summary: str
    segments: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything computed from the text alone: the pure part of a Report."""

    findings: tuple[Finding, ...]
    badge: Badge | None
    """None when the text cannot be graded (not English)."""
    categories: tuple[CategorySummary, ...]
    summary: str
    language: str
    word_count: int
    reading_minutes: float
    is_privacy_policy: bool
    policy_confidence: float
