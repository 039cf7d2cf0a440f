"""Webhook notifications: build policy.changed events, queue their deliveries as RQ jobs, and
deliver each attempt signed per Standard Webhooks, retrying with backoff and jitter."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import redis.exceptions
from redis import Redis
from rq import Queue, Retry, get_current_job
from rq.exceptions import DuplicateJobError
from rq.serializers import JSONSerializer
from standardwebhooks.webhooks import Webhook as Signer

from worker import defaults
from worker.errors import PolicywatchError
from worker.ingest.fetch import _Deadline as Deadline  # the fetcher's total time budget
from worker.ingest.fetch import pinned_client
from worker.ingest.fetch_guard import GuardedTarget, check_url
from worker.settings import Settings
from worker.store import Store, worker_store
from worker.store.webhooks import (
    DeliveryRecord,
    DeliveryStatus,
    DuplicateDelivery,
    WebhookRecord,
    add_delivery,
    add_next_attempt,
    change_message_id,
    claim_delivery,
    disable_webhook,
    finish_delivery,
    get_webhook,
    pending_deliveries,
    record_outcome,
    subscribers,
)
from worker.tracking.report import diff_json, iso

log = logging.getLogger(__name__)

POLICY_CHANGED = "policy.changed"
"""The event sent when a watched policy's text changed."""

DELIVERY_JOB = "worker.tracking.notify.deliver_webhook"
"""The RQ job that makes one delivery attempt."""

INTERRUPTED = "Interrupted: the worker stopped during this attempt; it was retried."


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one HTTP attempt ended: a status code, or an error and no code."""

    status_code: int | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


def webhook_queue(connection: Redis) -> Queue:
    return Queue(defaults.WEBHOOK_QUEUE_NAME, connection=connection, serializer=JSONSerializer)


def make_change_listener(
    store: Store, connection: Redis, settings: Settings
) -> Callable[[str, str, str], None]:
    """The on_change callback for analyse(): notify subscribers of a new version.

    A failure is logged, not raised, since the analysis itself succeeded; when Redis was down
    the delivery rows are stored as pending and requeue_lost_deliveries() sends them later.
    """
    queue = webhook_queue(connection)

    def on_change(policy_id: str, from_id: str, to_id: str) -> None:
        try:
            notify_policy_changed(store, queue, policy_id, from_id, to_id, settings)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            log.exception("Redis is down: webhook deliveries for policy %s wait", policy_id)
        except Exception:
            log.exception("could not notify the subscribers of policy %s", policy_id)

    return on_change


def notify_policy_changed(
    store: Store, queue: Queue, policy_id: str, from_id: str, to_id: str, settings: Settings
) -> list[str]:
    """Log and queue one policy.changed delivery per active subscriber; return delivery ids.

    The message id comes from (policy, from, to) and the policy's change number, and a webhook
    has one first attempt per message: when another worker noticed the same change first, its
    delivery stands and none is added here."""
    webhooks = subscribers(store, policy_id, POLICY_CHANGED)
    if not webhooks:
        return []
    event = policy_changed_event(store, policy_id, from_id, to_id, settings)
    if event is None:
        log.warning("policy %s changed to unknown versions %s -> %s", policy_id, from_id, to_id)
        return []
    body = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    policy = store.policy(policy_id)
    change_number = policy.version_changes if policy is not None else 0
    message_id = change_message_id(policy_id, from_id, to_id, change_number)
    now = datetime.now(UTC)
    deliveries: list[DeliveryRecord] = []
    for webhook in webhooks:
        try:
            delivery = add_delivery(
                store,
                webhook_id=webhook.id,
                message_id=message_id,
                event=POLICY_CHANGED,
                body=body,
                attempt=1,
                due_at=now,
            )
        except DuplicateDelivery:
            log.info("%s to webhook %s was already created elsewhere", message_id, webhook.id)
            continue
        deliveries.append(delivery)
    for delivery in deliveries:
        enqueue_attempt(queue, delivery.id)
    return [delivery.id for delivery in deliveries]


WEBHOOK_CHANGES = 5
"""Material changes a policy.changed event carries (the Diff at diff_url has them all)."""


def policy_changed_event(
    store: Store, policy_id: str, from_id: str, to_id: str, settings: Settings
) -> dict[str, Any] | None:
    """The policy.changed body of API.md, or None when a version is not stored."""
    policy = store.policy(policy_id)
    old = store.version(policy_id, from_id)
    new = store.version(policy_id, to_id)
    if policy is None or old is None or new is None:
        return None
    diff = diff_json(old, new)
    base = settings.PUBLIC_URL.rstrip("/")
    data = {
        "policy_id": policy_id,
        "url": policy.url,
        "from": from_id,
        "to": to_id,
        "grade_change": diff["grade_change"],
        "findings_added": diff["findings_added"],
        "findings_removed": diff["findings_removed"],
        "changes": [c for c in diff["changes"] if c["material"]][:WEBHOOK_CHANGES],
        "stats": diff["stats"],
        "diff_url": f"{base}/api/v1/policies/{policy_id}/diff?from={from_id}&to={to_id}",
    }
    if diff.get("summary"):
        data["summary"] = diff["summary"]
    return {"type": POLICY_CHANGED, "timestamp": iso(datetime.now(UTC)), "data": data}


def enqueue_attempt(queue: Queue, delivery_id: str, delay: float = 0.0) -> None:
    """Queue the RQ job of one attempt, now or after `delay` seconds (RQ's scheduler)."""
    options: dict[str, Any] = {
        "job_id": f"webhook-{delivery_id}",
        "job_timeout": defaults.WEBHOOK_JOB_TIMEOUT_SECONDS,
        "result_ttl": defaults.JOB_RESULT_TTL_SECONDS,
        "failure_ttl": defaults.JOB_RESULT_TTL_SECONDS,
        # RQ re-runs the job if its worker dies mid-attempt (abandoned job) or it times out.
        "retry": Retry(max=defaults.WEBHOOK_CRASH_RETRIES),
        "unique": True,
    }
    try:
        if delay > 0:
            queue.enqueue_in(timedelta(seconds=delay), DELIVERY_JOB, delivery_id, **options)
        else:
            queue.enqueue(DELIVERY_JOB, delivery_id, **options)
    except DuplicateJobError:
        log.info("delivery %s is already queued", delivery_id)


def retry_delay(attempt: int, rng: random.Random | None = None) -> float | None:
    """Seconds before the retry that follows failed `attempt` (1-based), None when exhausted."""
    delays = defaults.WEBHOOK_RETRY_DELAYS
    if attempt < 1 or attempt > len(delays):
        return None
    jitter = defaults.WEBHOOK_RETRY_JITTER
    return delays[attempt - 1] * (rng or random).uniform(1 - jitter, 1 + jitter)


def deliver_webhook(delivery_id: str) -> str:
    """The RQ job: make one delivery attempt; returns the attempt's final status."""

    settings = Settings.from_env()
    job = get_current_job()
    assert job is not None, "deliver_webhook runs as an RQ job"
    queue = webhook_queue(job.connection)
    return attempt_delivery(worker_store(settings.database_url), queue, settings, delivery_id)


def attempt_delivery(store: Store, queue: Queue, settings: Settings, delivery_id: str) -> str:
    """Send one attempt and log how it went; schedule the retry, or disable the webhook."""
    claimed = claim_delivery(store, delivery_id)
    if claimed is None:
        return "unknown"
    delivery, previous = claimed
    if previous is DeliveryStatus.SENDING:
        # This job already ran once and its worker died (or RQ timed it out) mid-attempt.
        failed_attempt(store, queue, delivery, Outcome(None, INTERRUPTED), interrupted=True)
        return DeliveryStatus.FAILED.value
    if previous is not DeliveryStatus.PENDING:
        return previous.value
    webhook = get_webhook(store, delivery.webhook_id)
    if webhook is None or not webhook.active:
        finish_delivery(
            store, delivery.id, DeliveryStatus.CANCELLED, error="The webhook is disabled."
        )
        return DeliveryStatus.CANCELLED.value

    outcome = send(webhook, delivery, settings)
    if outcome.succeeded:
        finish_delivery(
            store, delivery.id, DeliveryStatus.SUCCEEDED, status_code=outcome.status_code
        )
        record_outcome(store, webhook.id, succeeded=True)
        return DeliveryStatus.SUCCEEDED.value
    failed_attempt(store, queue, delivery, outcome)
    return DeliveryStatus.FAILED.value


def failed_attempt(
    store: Store,
    queue: Queue,
    delivery: DeliveryRecord,
    outcome: Outcome,
    *,
    interrupted: bool = False,
) -> None:
    """Log a failed attempt, then disable the webhook (410, failing too long) or retry."""
    failing_since = record_outcome(store, delivery.webhook_id, succeeded=False)
    now = datetime.now(UTC)
    reason = None
    if outcome.gone:
        reason = "The endpoint answered 410 Gone."
    elif failing_since is not None and now - failing_since >= timedelta(
        seconds=defaults.WEBHOOK_DISABLE_AFTER_SECONDS
    ):
        reason = f"Every delivery attempt has failed since {iso(failing_since)}."
    delay = None if reason or delivery.manual else retry_delay(delivery.attempt)
    if interrupted and delay is not None:
        delay = 0.0  # the receiver did nothing wrong: try again at once
    next_retry_at = now + timedelta(seconds=delay) if delay is not None else None
    finish_delivery(
        store,
        delivery.id,
        DeliveryStatus.FAILED,
        status_code=outcome.status_code,
        error=outcome.error,
        next_retry_at=next_retry_at,
    )
    if reason is not None:
        log.warning("disabling webhook %s: %s", delivery.webhook_id, reason)
        disable_webhook(store, delivery.webhook_id, reason)
        return
    if next_retry_at is None or delay is None:
        return
    retry = add_next_attempt(
        store,
        webhook_id=delivery.webhook_id,
        message_id=delivery.message_id,
        event=delivery.event,
        body=delivery.body,
        due_at=next_retry_at,
        at_least=delivery.attempt + 1,
    )
    enqueue_attempt(queue, retry.id, delay)


def redeliver(store: Store, queue: Queue, delivery: DeliveryRecord) -> DeliveryRecord:
    """A manual attempt of a logged message, same webhook-id and body, queued now."""
    retry = add_next_attempt(
        store,
        webhook_id=delivery.webhook_id,
        message_id=delivery.message_id,
        event=delivery.event,
        body=delivery.body,
        due_at=datetime.now(UTC),
        manual=True,
    )
    enqueue_attempt(queue, retry.id)
    return retry


def requeue_lost_deliveries(store: Store, queue: Queue, grace_seconds: float | None = None) -> int:
    """Queue again the pending attempts overdue by `grace_seconds` (their job was never queued,
    e.g. Redis was down); attempts whose job still exists are left alone. Returns how many."""
    if grace_seconds is None:
        grace_seconds = defaults.WEBHOOK_REQUEUE_GRACE_SECONDS
    overdue = datetime.now(UTC) - timedelta(seconds=grace_seconds)
    count = 0
    for delivery in pending_deliveries(store, overdue):
        job_id = f"webhook-{delivery.id}"
        if queue.fetch_job(job_id) is None:
            enqueue_attempt(queue, delivery.id)
            count += 1
    return count


def requeue_lost_deliveries_job() -> int:
    """The RQ job to run every few minutes (cron): requeue_lost_deliveries on this worker."""

    settings = Settings.from_env()
    job = get_current_job()
    assert job is not None, "requeue_lost_deliveries_job runs as an RQ job"
    store = worker_store(settings.database_url)
    return requeue_lost_deliveries(store, webhook_queue(job.connection))


def send(webhook: WebhookRecord, delivery: DeliveryRecord, settings: Settings) -> Outcome:
    """POST the signed body to the webhook's URL from the address the SSRF guard checked."""
    try:
        target = check_url(webhook.url, allow_private=settings.ALLOW_PRIVATE_HOSTS)
    except PolicywatchError as error:
        return Outcome(None, error.message)
    timestamp = datetime.now(UTC).replace(microsecond=0)
    signature = Signer(webhook.secret).sign(delivery.message_id, timestamp, delivery.body)
    headers = {
        "Host": target.host_header,
        "User-Agent": defaults.WEBHOOK_USER_AGENT,
        "Content-Type": "application/json",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }
    return post(target, delivery.body.encode("utf-8"), headers)


def post(target: GuardedTarget, body: bytes, headers: dict[str, str]) -> Outcome:
    """One POST, no redirects followed, within WEBHOOK_DEADLINE_SECONDS in all: connect,
    sending, the response's headers and the start of its body. When the deadline passes the
    connection is shut down, so a receiver trickling its headers byte by byte cannot hold the
    worker longer (httpx's own timeouts only bound each read)."""
    seconds = defaults.WEBHOOK_DEADLINE_SECONDS
    deadline = Deadline(seconds)
    client, extensions = pinned_client(target, seconds)
    extensions["trace"] = deadline.trace
    try:
        with (
            client,
            client.stream(
                "POST", target.connect_url, content=body, headers=headers, extensions=extensions
            ) as response,
        ):
            if 200 <= response.status_code < 300:
                return Outcome(response.status_code, None)
            return Outcome(response.status_code, _error_text(response))
    except httpx.TransportError as exc:
        if deadline.expired or isinstance(exc, httpx.TimeoutException):
            return Outcome(None, f"No complete answer from {target.host} within {seconds:g} s.")
        return Outcome(None, f"Could not reach {target.host} ({exc or type(exc).__name__}).")
    finally:
        deadline.cancel()


def _error_text(response: httpx.Response) -> str:
    """'500 Internal Server Error: <start of the body>' for the delivery log."""
    head = b""
    try:
        for chunk in response.iter_raw():
            head += chunk
            if len(head) >= defaults.WEBHOOK_RESPONSE_LOG_BYTES:
                break
    except httpx.HTTPError:
        pass
    text = head[: defaults.WEBHOOK_RESPONSE_LOG_BYTES].decode("utf-8", "replace").strip()
    status = f"{response.status_code} {response.reason_phrase}".strip()
    if 300 <= response.status_code < 400:
        status += " (redirects are not followed)"
    return f"{status}: {text}" if text else status
