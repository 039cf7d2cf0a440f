"""SQLAlchemy tables: policies (by normalised URL), their versions, analysis jobs, webhooks
with the policies they watch and their delivery attempts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored naive in UTC, always returned timezone-aware (SQLite drops tzinfo)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Policy(Base):
    """A privacy policy, identified by its normalised URL."""

    __tablename__ = "policies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    final_url: Mapped[str | None] = mapped_column(Text)
    current_version_id: Mapped[str | None] = mapped_column(String(64))
    version_changes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How often the current version changed: numbers each change (its event's message id)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Last successful fetch (changed or not)."""
    looked_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """Last time a person asked for it (drives re-checking)."""
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class Version(Base):
    """One distinct canonical text of a policy; written once, only last_seen moves."""

    __tablename__ = "versions"
    __table_args__ = (Index("ix_versions_policy_first_seen", "policy_id", "first_seen"),)

    policy_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("policies.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)
    grade: Mapped[str | None] = mapped_column(String(1))
    score: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)


class Job(Base):
    """The latest analysis job for a URL, as the API reports it (RQ only carries it)."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(32), index=True)
    url: Mapped[str] = mapped_column(Text)
    since: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiKey(Base):
    """A client's key to the webhooks API; only its SHA-256 is kept (the key is shown once)."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 hex of the key: keys are 256 random bits, so no slow hash is needed."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the operator revoked it; a revoked key is refused and its webhooks are disabled."""


class Webhook(Base):
    """A subscriber's endpoint, the events it wants and the secret its deliveries are signed
    with (encrypted with POLICYWATCH_SECRET_KEY; rows from before 0002 may hold it in clear)."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    api_key_id: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("api_keys.id", ondelete="CASCADE"), index=True
    )
    """The key that created it and alone sees it; None for webhooks made before keys existed."""
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(Text)
    events: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    """Why deliveries stopped (410 Gone, failing for too long); None while active."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """First failed attempt since the last success; None when the last attempt succeeded."""


class WebhookPolicy(Base):
    """One policy a webhook watches, by policy id (indexed: a change looks its subscribers up)."""

    __tablename__ = "webhook_policies"
    __table_args__ = (Index("ix_webhook_policies_policy_id", "policy_id"),)

    webhook_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhooks.id", ondelete="CASCADE"), primary_key=True
    )
    policy_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    """The normalised policy URL, as the subscriber is shown it."""
    position: Mapped[int] = mapped_column(Integer, default=0)
    """Order in which the subscriber listed the policy."""


class WebhookDelivery(Base):
    """One delivery attempt of one message; every retry of a message is a new row with the
    same message_id (the webhook-id header), so each attempt is logged. The message id is
    derived from the change, and one attempt number exists once per webhook and message, so two
    workers noticing one change cannot both log (and send) its first attempt."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
        Index("ix_webhook_deliveries_message", "message_id"),
        UniqueConstraint(
            "webhook_id", "message_id", "attempt", name="uq_webhook_deliveries_attempt"
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    webhook_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("webhooks.id", ondelete="CASCADE")
    )
    message_id: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    """The exact JSON text that is signed and sent."""
    attempt: Mapped[int] = mapped_column(Integer)
    """1 for the first attempt of a message, counting up across retries and redeliveries."""
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    """A redelivery someone asked for: one attempt, no automatic retries."""
    status: Mapped[str] = mapped_column(String(16))
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    """When the attempt is meant to run (its RQ job is scheduled for then)."""
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the retry this failure scheduled is due; None when none was scheduled."""
