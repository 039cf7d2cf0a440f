"""Marshmallow schemas: they validate requests and generate the OpenAPI document."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from worker.errors import InvalidURL
from worker.records import JobStatus

GRADES = ("A", "B", "C", "D", "E")
VERDICTS = ("good", "neutral", "bad", "blocker")
JOB_STATUSES = tuple(JobStatus)
MAX_URL_LENGTH = 2048
"""Longest URL accepted in a request (the common browser and CDN limit)."""


class Schema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE
        ordered = True


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "snake_case error code"})
    message = fields.String(required=True, metadata={"description": "What to do about it"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class URL(fields.String):
    """A URL field: longer than MAX_URL_LENGTH is a 400 invalid_url, like every other bad URL.

    It raises InvalidURL rather than a ValidationError so the API answers with the URL's own
    error code (webargs would turn a ValidationError into invalid_request)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"maxLength": MAX_URL_LENGTH, "format": "uri", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return checked_length(super()._deserialize(value, attr, data, **kwargs))


def checked_length(url: str) -> str:
    """The URL, or InvalidURL when it is longer than MAX_URL_LENGTH characters."""
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(
            f"The URL is {len(url)} characters long; at most {MAX_URL_LENGTH} are accepted."
        )
    return url


class AnalysisRequestSchema(Schema):
    url = URL(required=True, metadata={"example": "https://example.com/privacy"})
    since = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "Version id the user last saw; the result then has a diff"},
    )
    force = fields.Boolean(
        load_default=False, metadata={"description": "Fetch again even if a fresh result exists"}
    )


class EvidenceSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class FindingSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS))
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)


class BadgeSchema(Schema):
    grade = fields.String(required=True, validate=validate.OneOf(GRADES))
    score = fields.Integer(required=True, validate=validate.Range(0, 100))
    label = fields.String(required=True)


class CategorySchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    segments = fields.List(fields.Integer(), required=True)


class VersionRefSchema(Schema):
    id = fields.String(required=True, metadata={"description": "sha256 of the canonical text"})
    first_seen = fields.String(required=True)
    fetched_at = fields.String(required=True)


class PolicyConfidenceSchema(Schema):
    value = fields.Boolean(required=True)
    confidence = fields.Float(required=True)


class DiffStatsSchema(Schema):
    inserted_words = fields.Integer(required=True)
    deleted_words = fields.Integer(required=True)
    changed = fields.Boolean(required=True)


class GradeChangeSchema(Schema):
    from_ = fields.String(data_key="from", attribute="from", required=True)
    to = fields.String(required=True)


class SentenceChangeSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["added", "removed", "modified"]))
    material = fields.Boolean(
        required=True,
        metadata={"description": "Changes what the company may do, collects, shares, rights..."},
    )
    category = fields.String(allow_none=True, required=True)
    old = fields.String(allow_none=True, required=True, metadata={"description": "Old sentence"})
    new = fields.String(allow_none=True, required=True, metadata={"description": "New sentence"})
    findings_added = fields.List(fields.String(), required=True)
    findings_removed = fields.List(fields.String(), required=True)


class DiffSchema(Schema):
    from_ = fields.String(data_key="from", attribute="from", required=True)
    to = fields.String(required=True)
    ops = fields.List(
        fields.Tuple((fields.Integer(), fields.String())),
        required=True,
        metadata={"description": "[op, text]: -1 delete, 0 equal, 1 insert"},
    )
    stats = fields.Nested(DiffStatsSchema, required=True)
    findings_added = fields.List(fields.String(), required=True)
    findings_removed = fields.List(fields.String(), required=True)
    grade_change = fields.Nested(GradeChangeSchema, allow_none=True, required=True)
    changes = fields.List(
        fields.Nested(SentenceChangeSchema),
        required=True,
        metadata={"description": "Changed sentences, material ones first, most harmful on top"},
    )
    html = fields.String(required=True)
    summary = fields.String(metadata={"description": "What changed, in plain words"})


class ReportSchema(Schema):
    policy_id = fields.String(required=True)
    url = fields.String(required=True)
    final_url = fields.String(required=True)
    version = fields.Nested(VersionRefSchema, required=True)
    badge = fields.Nested(BadgeSchema, allow_none=True, required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    categories = fields.List(fields.Nested(CategorySchema), required=True)
    summary = fields.String(required=True)
    language = fields.String(required=True)
    word_count = fields.Integer(required=True)
    reading_minutes = fields.Float(required=True)
    is_privacy_policy = fields.Nested(PolicyConfidenceSchema, required=True)
    render_note = fields.String(
        metadata={
            "description": "Only when the page needed JavaScript and could not be rendered: "
            "why, and that the HTML the server sent was analysed instead"
        }
    )
    diff = fields.Nested(DiffSchema, allow_none=True, required=True)


class RevalidationSchema(Schema):
    job_id = fields.String(required=True, metadata={"description": "The re-check's job"})
    poll = fields.String(required=True, metadata={"description": "Where to poll it"})


class AnalysisStateSchema(Schema):
    job_id = fields.String(allow_none=True, required=True)
    status = fields.String(required=True, validate=validate.OneOf(JOB_STATUSES))
    poll = fields.String(metadata={"description": "Where to poll while queued or started"})
    result = fields.Nested(ReportSchema, allow_none=True)
    error = fields.Nested(ErrorDetailSchema, allow_none=True)
    revalidation = fields.Nested(
        RevalidationSchema,
        allow_none=True,
        metadata={"description": "The conditional re-check queued for a stored result"},
    )


class PolicyQuerySchema(Schema):
    url = URL(required=True)
    since = fields.String(load_default=None)


class DiffQuerySchema(Schema):
    from_ = fields.String(data_key="from", attribute="from", required=True)
    to = fields.String(load_default="latest")


class SinceQuerySchema(Schema):
    since = fields.String(load_default=None)


class VersionSummarySchema(Schema):
    id = fields.String(required=True)
    first_seen = fields.String(required=True)
    last_seen = fields.String(required=True)
    grade = fields.String(allow_none=True, required=True)
    score = fields.Integer(allow_none=True, required=True)


class VersionsSchema(Schema):
    policy_id = fields.String(required=True)
    url = fields.String(required=True)
    versions = fields.List(fields.Nested(VersionSummarySchema), required=True)
