"""Which workers are alive (by heartbeat), and taking back the jobs of those that are not."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from redis import Redis
from redis.exceptions import WatchError
from rq.registry import clean_registries
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, SCHEDULER_LOCKING_KEY_TEMPLATE
from rq.utils import now, utcparse
from rq.worker_registration import REDIS_WORKER_KEYS

from worker import defaults
from worker.jobs import make_queue

log = logging.getLogger(__name__)

ALL_QUEUES = (defaults.QUEUE_NAME, defaults.WEBHOOK_QUEUE_NAME)


def live_worker_count(connection: Redis) -> int:
    """Workers whose last heartbeat is under WORKER_DEAD_AFTER_SECONDS old and that have not
    registered their death; a worker killed without a word stops counting within that time."""
    keys = list(connection.smembers(REDIS_WORKER_KEYS))
    if not keys:
        return 0
    with connection.pipeline(transaction=False) as pipeline:
        for key in keys:
            pipeline.hmget(key, "last_heartbeat", "death")
        beats = pipeline.execute()
    oldest = now() - timedelta(seconds=defaults.WORKER_DEAD_AFTER_SECONDS)
    alive = 0
    for last_heartbeat, death in beats:
        if last_heartbeat is None or death is not None:
            continue
        try:
            if utcparse(last_heartbeat.decode()) >= oldest:
                alive += 1
        except ValueError:
            continue
    return alive


def sweep_abandoned_jobs(connection: Redis, queue_names: Iterable[str] = ALL_QUEUES) -> None:
    """RQ's registry cleanup on each queue, under RQ's own per-queue lock: a started job whose
    worker stopped beating is re-queued (retries left) or failed, as RQ does every 10 minutes;
    Policywatch runs it every SWEEP_SECONDS (workers when idle, and `policywatch cron`)."""
    for name in queue_names:
        release_dead_scheduler_lock(connection, name)
        queue = make_queue(connection, name)
        if not queue.acquire_maintenance_lock():
            continue  # a worker is cleaning this queue right now
        try:
            clean_registries(queue)
        finally:
            queue.release_maintenance_lock()


def release_dead_scheduler_lock(connection: Redis, queue_name: str) -> bool:
    """Free a queue's RQ scheduler lock when its holder stopped beating (it beats every
    second), so a live worker's scheduler takes over delayed retries now rather than when the
    lock lapses a minute later. True when a lock was freed."""
    lock_key = SCHEDULER_LOCKING_KEY_TEMPLATE % queue_name
    with connection.pipeline() as pipeline:
        pipeline.watch(lock_key)
        holder = pipeline.get(lock_key)
        if holder is None:
            return False
        last_heartbeat = pipeline.hget(SCHEDULER_KEY_TEMPLATE % _text(holder), "last_heartbeat")
        oldest = now() - timedelta(seconds=defaults.WORKER_DEAD_AFTER_SECONDS)
        if last_heartbeat is not None and utcparse(_text(last_heartbeat)) >= oldest:
            return False
        pipeline.multi()
        pipeline.delete(lock_key)
        try:
            pipeline.execute()
        except WatchError:
            return False  # the holder refreshed it meanwhile
    log.warning("freed the scheduler lock of queue %s: its holder stopped", queue_name)
    return True


def _text(value: bytes | str) -> str:
    """A Redis reply as text (bytes unless the client decodes responses)."""
    return value.decode() if isinstance(value, bytes) else value
