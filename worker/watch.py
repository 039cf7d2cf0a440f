"""Scheduled re-checks of watched policies: due ones are queued as conditional analyses.

A policy is watched when a webhook subscribes to it or someone looked it up recently. Each
is due WATCH_INTERVAL after its last check plus a fixed per-policy offset (from its id), and
the re-checks of one sweep are spread at random over WATCH_SPREAD, so thousands of policies
never fire at once. Conditional requests (ETag / Last-Modified) make unchanged pages cheap.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis import Redis
from rq import get_current_job
from sqlalchemy import func, or_, select

from worker import defaults
from worker.jobs import enqueue_analysis, make_queue
from worker.settings import Settings
from worker.store import Store, worker_store
from worker.store.tables import Job, Policy
from worker.store.webhooks import watched_policies

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DuePolicy:
    policy_id: str
    url: str
    conditional: bool
    """True when a version is stored, so ETag / Last-Modified can be sent."""


def offset_of(policy_id: str, interval: float) -> float:
    """A stable per-policy offset in [0, interval/4) so re-checks do not bunch up."""
    return (int(policy_id[:8], 16) % 10_000) / 10_000 * interval / 4


def due_policies(
    store: Store,
    now: datetime,
    *,
    interval: float = defaults.WATCH_INTERVAL_SECONDS,
    lookback: float = defaults.WATCH_LOOKBACK_SECONDS,
    limit: int = defaults.WATCH_BATCH,
) -> list[DuePolicy]:
    """Watched policies whose last check (or failed attempt) is older than the interval
    plus their offset, oldest first."""
    watched = {w.policy_id: w.url for w in watched_policies(store)}
    recent = now - timedelta(seconds=lookback)
    with store.session() as session:
        query = select(Policy).where(
            or_(Policy.looked_up_at >= recent, Policy.id.in_(list(watched)))
        )
        policies = {policy.id: policy for policy in session.scalars(query)}
        candidates = list({*watched, *policies})
        attempts = select(Job.policy_id, func.max(Job.created_at)).where(
            Job.policy_id.in_(candidates)
        )
        attempted = {pid: at for pid, at in session.execute(attempts.group_by(Job.policy_id))}
    due: list[tuple[datetime, DuePolicy]] = []
    for pid, url in {**watched, **{p.id: p.url for p in policies.values()}}.items():
        policy = policies.get(pid)
        checked = policy.checked_at if policy is not None else None
        last = max((t for t in (checked, attempted.get(pid)) if t is not None), default=None)
        if last is not None:
            next_check = last + timedelta(seconds=interval + offset_of(pid, interval))
            if next_check > now:
                continue
        stored = policy is not None and policy.current_version_id is not None
        due.append((last or datetime.min.replace(tzinfo=UTC), DuePolicy(pid, url, stored)))
    due.sort(key=lambda item: item[0])
    return [policy for _, policy in due[:limit]]


def queue_rechecks(
    connection: Redis,
    store: Store,
    settings: Settings,
    now: datetime,
    *,
    spread: float = defaults.WATCH_SPREAD_SECONDS,
    rng: random.Random | None = None,
) -> int:
    """Queue a conditional analysis for every due policy, spread over `spread` seconds."""
    rng = rng or random.Random()
    queue = make_queue(connection)
    due = due_policies(store, now)
    for policy in due:
        enqueue_analysis(
            queue,
            store,
            settings,
            url=policy.url,
            policy_id=policy.policy_id,
            conditional=policy.conditional,
            delay=rng.uniform(0, spread),
        )
    log.info("queued %d re-checks", len(due))
    return len(due)


def recheck_due_policies() -> int:
    """The cron job: queue the re-checks that are due now."""
    settings = Settings.from_env()
    job = get_current_job()
    connection = job.connection if job is not None else Redis.from_url(settings.REDIS_URL)
    return queue_rechecks(
        connection, worker_store(settings.database_url), settings, datetime.now(UTC)
    )
