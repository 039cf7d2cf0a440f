"""Database operations on webhooks and their delivery attempts, on top of a worker Store."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from worker.errors import QuotaExceeded
from worker.settings import Settings
from worker.store import Store
from worker.store.secret_box import PLAINTEXT_PREFIX, SecretBox, is_plaintext, secret_box
from worker.store.tables import ApiKey, Webhook, WebhookDelivery, WebhookPolicy, utcnow

SECRET_PREFIX = PLAINTEXT_PREFIX
"""Standard Webhooks' prefix for a base64 signing secret."""

NEXT_ATTEMPT_TRIES = 5
"""How often a new attempt number is tried when another process took the one before."""


class DuplicateDelivery(Exception):
    """That attempt of that message to that webhook is already logged (another worker)."""


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
    """In clear (decrypted): signing needs it."""
    events: tuple[str, ...]
    policies: tuple[WatchedPolicy, ...]
    active: bool
    disabled_reason: str | None
    created_at: datetime
    failing_since: datetime | None
    api_key_id: str | None = None
    """The key that owns it (None: made before API keys existed)."""


@dataclass(frozen=True, slots=True)
class Quota:
    """What one API key may hold across its active webhooks."""

    max_webhooks: int
    max_policies: int


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


def change_message_id(policy_id: str, from_id: str, to_id: str, change_number: int = 0) -> str:
    """The id of the policy.changed message for one change: the same in every worker that
    notices it, so receivers (and our unique constraint) can drop copies. `change_number`
    (the policy's version_changes) tells a change back and forth again from the first one."""
    digest = hashlib.sha256(f"{policy_id}:{from_id}:{to_id}:{change_number}".encode())
    return f"msg_{digest.hexdigest()[:32]}"


def stored_secrets(box: SecretBox | None = None) -> SecretBox:
    """`box`, or the one POLICYWATCH_SECRET_KEY of this process's environment gives."""
    return box if box is not None else secret_box(Settings.from_env().SECRET_KEY)


def create_webhook(
    store: Store,
    *,
    url: str,
    policies: Sequence[WatchedPolicy],
    events: Sequence[str],
    api_key_id: str | None = None,
    quota: Quota | None = None,
    box: SecretBox | None = None,
) -> WebhookRecord:
    """Store a new active webhook watching `policies` (deduplicated, order kept), owned by
    `api_key_id`; QuotaExceeded when the key would hold more than `quota` allows."""
    webhook_id = new_id("wh")
    unique = list({policy.policy_id: policy for policy in policies}.values())
    box = stored_secrets(box)
    secret = new_secret()
    with store.session() as session:
        if api_key_id is not None and quota is not None:
            check_quota(session, api_key_id, quota, [policy.policy_id for policy in unique])
        session.add(
            Webhook(
                id=webhook_id,
                api_key_id=api_key_id,
                url=url,
                secret=box.encrypt(secret),
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
        created = _webhook_record(session, session.get_one(Webhook, webhook_id), box)
    return created


def check_quota(session: Session, api_key_id: str, quota: Quota, policy_ids: list[str]) -> None:
    """Raise QuotaExceeded if one more webhook watching `policy_ids` is over the key's quota.

    The key's row is written first, which locks it (a row lock on PostgreSQL, the write lock on
    SQLite), so two concurrent subscriptions of one key are counted one after the other."""
    session.execute(update(ApiKey).where(ApiKey.id == api_key_id).values(last_used_at=utcnow()))
    owned = (Webhook.api_key_id == api_key_id) & Webhook.active.is_(True)
    webhooks = session.scalar(select(func.count()).select_from(Webhook).where(owned)) or 0
    if webhooks + 1 > quota.max_webhooks:
        raise QuotaExceeded(
            f"This API key already has {webhooks} active webhooks, its quota is "
            f"{quota.max_webhooks}; delete one first."
        )
    watched = set(
        session.scalars(
            select(WebhookPolicy.policy_id)
            .join(Webhook, WebhookPolicy.webhook_id == Webhook.id)
            .where(owned)
            .distinct()
        )
    )
    total = len(watched | set(policy_ids))
    if total > quota.max_policies:
        raise QuotaExceeded(
            f"This webhook would bring the policies this API key watches to {total}, its quota "
            f"is {quota.max_policies}; watch fewer policies or delete a webhook first."
        )


def get_webhook(
    store: Store, webhook_id: str, *, box: SecretBox | None = None
) -> WebhookRecord | None:
    with store.session() as session:
        webhook = session.get(Webhook, webhook_id)
        if webhook is None:
            return None
        return _webhook_record(session, webhook, stored_secrets(box))


def list_webhooks(
    store: Store, *, api_key_id: str | None = None, box: SecretBox | None = None
) -> list[WebhookRecord]:
    """The webhooks of one API key (every webhook when None), oldest first."""
    box = stored_secrets(box)
    with store.session() as session:
        query = select(Webhook).order_by(Webhook.created_at, Webhook.id)
        if api_key_id is not None:
            query = query.where(Webhook.api_key_id == api_key_id)
        return [_webhook_record(session, webhook, box) for webhook in session.scalars(query)]


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


def subscribers(
    store: Store, policy_id: str, event: str, *, box: SecretBox | None = None
) -> list[WebhookRecord]:
    """Active webhooks that watch `policy_id` for `event`."""
    box = stored_secrets(box)
    with store.session() as session:
        query = (
            select(Webhook)
            .join(WebhookPolicy, WebhookPolicy.webhook_id == Webhook.id)
            .where(WebhookPolicy.policy_id == policy_id, Webhook.active.is_(True))
            .order_by(Webhook.created_at, Webhook.id)
        )
        found = [_webhook_record(session, webhook, box) for webhook in session.scalars(query)]
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


def encrypt_plaintext_secrets(connection: Connection | Session, box: SecretBox) -> int:
    """Encrypt the secrets stored in clear before encryption at rest; returns how many."""
    rows = connection.execute(select(Webhook.id, Webhook.secret)).all()
    plain = [(webhook_id, secret) for webhook_id, secret in rows if is_plaintext(secret)]
    for webhook_id, secret in plain:
        connection.execute(
            update(Webhook).where(Webhook.id == webhook_id).values(secret=box.encrypt(secret))
        )
    return len(plain)


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
    """Log a pending attempt (before its RQ job is queued, so none is lost in between);
    DuplicateDelivery when that attempt of that message is already logged for the webhook."""
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
    try:
        with store.session() as session:
            session.add(delivery)
            session.flush()
            return _delivery_record(delivery)
    except IntegrityError:
        if _attempt_logged(store, webhook_id, message_id, attempt):
            raise DuplicateDelivery(f"{message_id} attempt {attempt} to {webhook_id}") from None
        raise


def add_next_attempt(
    store: Store,
    *,
    webhook_id: str,
    message_id: str,
    event: str,
    body: str,
    due_at: datetime,
    manual: bool = False,
    at_least: int = 1,
) -> DeliveryRecord:
    """Log a new attempt numbered after every logged one (and at least `at_least`); when a
    concurrent redelivery takes that number first, take the next."""
    for _ in range(NEXT_ATTEMPT_TRIES):
        attempt = max(at_least, last_attempt(store, webhook_id, message_id) + 1)
        try:
            return add_delivery(
                store,
                webhook_id=webhook_id,
                message_id=message_id,
                event=event,
                body=body,
                attempt=attempt,
                due_at=due_at,
                manual=manual,
            )
        except DuplicateDelivery:
            continue
    raise DuplicateDelivery(f"no free attempt number for {message_id} to {webhook_id}")


def _attempt_logged(store: Store, webhook_id: str, message_id: str, attempt: int) -> bool:
    with store.session() as session:
        query = select(WebhookDelivery.id).where(
            WebhookDelivery.webhook_id == webhook_id,
            WebhookDelivery.message_id == message_id,
            WebhookDelivery.attempt == attempt,
        )
        return session.scalars(query).first() is not None


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


def last_attempt(store: Store, webhook_id: str, message_id: str) -> int:
    """The highest attempt number logged for a message to a webhook (0 when none)."""
    with store.session() as session:
        query = select(func.max(WebhookDelivery.attempt)).where(
            WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.message_id == message_id
        )
        return session.scalar(query) or 0


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


def _webhook_record(session: Session, webhook: Webhook, box: SecretBox) -> WebhookRecord:
    policies = session.scalars(
        select(WebhookPolicy)
        .where(WebhookPolicy.webhook_id == webhook.id)
        .order_by(WebhookPolicy.position, WebhookPolicy.policy_id)
    )
    return WebhookRecord(
        id=webhook.id,
        url=webhook.url,
        secret=box.decrypt(webhook.secret),
        events=tuple(webhook.events),
        policies=tuple(WatchedPolicy(policy.policy_id, policy.url) for policy in policies),
        active=webhook.active,
        disabled_reason=webhook.disabled_reason,
        created_at=webhook.created_at,
        failing_since=webhook.failing_since,
        api_key_id=webhook.api_key_id,
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
