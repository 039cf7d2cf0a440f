"""Database operations on webhooks and their delivery attempts, on top of a worker Store."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from worker.store import Store
from worker.store.tables import Webhook, WebhookDelivery, WebhookPolicy, utcnow

SECRET_PREFIX = "whsec_"
"""Standard Webhooks' prefix for a base64 signing secret."""


class DeliveryStatus(StrEnum):
    """The life of one delivery attempt."""

    PENDING = "pending"
    """Queued or scheduled, not yet tried."""
    SENDING = "sending"
    """A worker is sending it (or died while it did)."""
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    """Not sent: the webhook was disabled before the attempt was due."""


@dataclass(frozen=True, slots=True)
class WatchedPolicy:
    policy_id: str
    url: str


@dataclass(frozen=True, slots=True)
class WebhookRecord:
    """A webhook as the API and the delivery job see it."""

    id: str
    url: str
    secret: str
    events: tuple[str, ...]
    policies: tuple[WatchedPolicy, ...]
    active: bool
    disabled_reason: str | None
    created_at: datetime
    failing_since: datetime | None


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One delivery attempt; attempts of one message share message_id."""

    id: str
    webhook_id: str
    message_id: str
    event: str
    body: str
    attempt: int
    manual: bool
    status: DeliveryStatus
    status_code: int | None
    error: str | None
    created_at: datetime
    due_at: datetime
    attempted_at: datetime | None
    finished_at: datetime | None
    next_retry_at: datetime | None


def new_secret() -> str:
    """whsec_ + base64 of 24 random bytes, the format Standard Webhooks libraries read."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def create_webhook(
    store: Store, *, url: str, policies: Sequence[WatchedPolicy], events: Sequence[str]
) -> WebhookRecord:
    """Store a new active webhook watching `policies` (deduplicated, order kept)."""
    webhook_id = new_id("wh")
    unique = list({policy.policy_id: policy for policy in policies}.values())
    with store.session() as session:
        session.add(
            Webhook(
                id=webhook_id,
                url=url,
                secret=new_secret(),
                events=list(dict.fromkeys(events)),
                active=True,
                created_at=utcnow(),
            )
        )
        session.flush()
        for position, policy in enumerate(unique):
            session.add(
                WebhookPolicy(
                    webhook_id=webhook_id,
                    policy_id=policy.policy_id,
                    url=policy.url,
                    position=position,
                )
            )
        session.flush()
        return _webhook_record(session, session.get_one(Webhook, webhook_id))


def get_webhook(store: Store, webhook_id: str) -> WebhookRecord | None:
    with store.session() as session:
        webhook = session.get(Webhook, webhook_id)
        return _webhook_record(session, webhook) if webhook is not None else None


def list_webhooks(store: Store) -> list[WebhookRecord]:
    """Every webhook, oldest first."""
    with store.session() as session:
        webhooks = session.scalars(select(Webhook).order_by(Webhook.created_at, Webhook.id))
        return [_webhook_record(session, webhook) for webhook in webhooks]


def delete_webhook(store: Store, webhook_id: str) -> bool:
    """Remove a webhook with its subscriptions and delivery log; False when unknown."""
    with store.session() as session:
        webhook = session.get(Webhook, webhook_id)
        if webhook is None:
            return False
        session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id))
        session.execute(delete(WebhookPolicy).where(WebhookPolicy.webhook_id == webhook_id))
        session.delete(webhook)
        return True


def subscribers(store: Store, policy_id: str, event: str) -> list[WebhookRecord]:
    """Active webhooks that watch `policy_id` for `event`."""
    with store.session() as session:
        query = (
            select(Webhook)
            .join(WebhookPolicy, WebhookPolicy.webhook_id == Webhook.id)
            .where(WebhookPolicy.policy_id == policy_id, Webhook.active.is_(True))
            .order_by(Webhook.created_at, Webhook.id)
        )
        found = [_webhook_record(session, webhook) for webhook in session.scalars(query)]
    return [webhook for webhook in found if event in webhook.events]


def watched_policies(store: Store) -> list[WatchedPolicy]:
    """Every policy at least one active webhook watches (for scheduled re-checks)."""
    with store.session() as session:
        query = (
            select(WebhookPolicy.policy_id, WebhookPolicy.url)
            .join(Webhook, WebhookPolicy.webhook_id == Webhook.id)
            .where(Webhook.active.is_(True))
            .distinct()
            .order_by(WebhookPolicy.policy_id)
        )
        return [WatchedPolicy(pid, url) for pid, url in session.execute(query)]


def disable_webhook(store: Store, webhook_id: str, reason: str) -> None:
    with store.session() as session:
        session.execute(
            update(Webhook)
            .where(Webhook.id == webhook_id)
            .values(active=False, disabled_reason=reason)
        )


def record_outcome(store: Store, webhook_id: str, *, succeeded: bool) -> datetime | None:
    """Track how long the webhook has failed without a success; return since when (or None)."""
    with store.session() as session:
        webhook = session.get(Webhook, webhook_id)
        if webhook is None:
            return None
        if succeeded:
            webhook.failing_since = None
        elif webhook.failing_since is None:
            webhook.failing_since = utcnow()
        return webhook.failing_since


# Deliveries


def add_delivery(
    store: Store,
    *,
    webhook_id: str,
    message_id: str,
    event: str,
    body: str,
    attempt: int,
    due_at: datetime,
    manual: bool = False,
) -> DeliveryRecord:
    """Log a pending attempt (before its RQ job is queued, so none is lost in between)."""
    delivery = WebhookDelivery(
        id=new_id("dlv"),
        webhook_id=webhook_id,
        message_id=message_id,
        event=event,
        body=body,
        attempt=attempt,
        manual=manual,
        status=DeliveryStatus.PENDING.value,
        created_at=utcnow(),
        due_at=due_at,
    )
    with store.session() as session:
        session.add(delivery)
        session.flush()
        return _delivery_record(delivery)


def get_delivery(store: Store, delivery_id: str) -> DeliveryRecord | None:
    with store.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        return _delivery_record(delivery) if delivery is not None else None


def list_deliveries(store: Store, webhook_id: str, limit: int = 100) -> list[DeliveryRecord]:
    """A webhook's delivery attempts, newest first."""
    with store.session() as session:
        query = (
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook_id)
            .order_by(
                WebhookDelivery.created_at.desc(),
                WebhookDelivery.attempt.desc(),
                WebhookDelivery.id,
            )
            .limit(limit)
        )
        return [_delivery_record(delivery) for delivery in session.scalars(query)]


def last_attempt(store: Store, message_id: str) -> int:
    """The highest attempt number logged for a message (0 when none)."""
    with store.session() as session:
        query = select(WebhookDelivery.attempt).where(WebhookDelivery.message_id == message_id)
        return max(session.scalars(query), default=0)


def claim_delivery(store: Store, delivery_id: str) -> tuple[DeliveryRecord, DeliveryStatus] | None:
    """Mark an attempt as sending; return it with the status it had (None when unknown).

    A prior status of SENDING means a worker died mid-attempt; the caller decides what then.
    """
    with store.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return None
        previous = DeliveryStatus(delivery.status)
        if previous is DeliveryStatus.PENDING:
            delivery.status = DeliveryStatus.SENDING.value
            delivery.attempted_at = utcnow()
        session.flush()
        return _delivery_record(delivery), previous


def finish_delivery(
    store: Store,
    delivery_id: str,
    status: DeliveryStatus,
    *,
    status_code: int | None = None,
    error: str | None = None,
    next_retry_at: datetime | None = None,
) -> None:
    """Record how an attempt ended."""
    with store.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            return
        delivery.status = status.value
        delivery.status_code = status_code
        delivery.error = error
        delivery.next_retry_at = next_retry_at
        delivery.finished_at = utcnow()
        if delivery.attempted_at is None and status is not DeliveryStatus.CANCELLED:
            delivery.attempted_at = delivery.finished_at


def pending_deliveries(store: Store, due_before: datetime) -> list[DeliveryRecord]:
    """Attempts still pending although due before `due_before` (their job may be lost)."""
    with store.session() as session:
        query = (
            select(WebhookDelivery)
            .where(
                WebhookDelivery.status == DeliveryStatus.PENDING.value,
                WebhookDelivery.due_at < due_before,
            )
            .order_by(WebhookDelivery.due_at)
        )
        return [_delivery_record(delivery) for delivery in session.scalars(query)]


def _webhook_record(session: Session, webhook: Webhook) -> WebhookRecord:
    policies = session.scalars(
        select(WebhookPolicy)
        .where(WebhookPolicy.webhook_id == webhook.id)
        .order_by(WebhookPolicy.position, WebhookPolicy.policy_id)
    )
    return WebhookRecord(
        id=webhook.id,
        url=webhook.url,
        secret=webhook.secret,
        events=tuple(webhook.events),
        policies=tuple(WatchedPolicy(policy.policy_id, policy.url) for policy in policies),
        active=webhook.active,
        disabled_reason=webhook.disabled_reason,
        created_at=webhook.created_at,
        failing_since=webhook.failing_since,
    )


def _delivery_record(delivery: WebhookDelivery) -> DeliveryRecord:
    return DeliveryRecord(
        id=delivery.id,
        webhook_id=delivery.webhook_id,
        message_id=delivery.message_id,
        event=delivery.event,
        body=delivery.body,
        attempt=delivery.attempt,
        manual=delivery.manual,
        status=DeliveryStatus(delivery.status),
        status_code=delivery.status_code,
        error=delivery.error,
        created_at=delivery.created_at,
        due_at=delivery.due_at,
        attempted_at=delivery.attempted_at,
        finished_at=delivery.finished_at,
        next_retry_at=delivery.next_retry_at,
    )
