"""The periodic jobs, run by RQ's cron scheduler (`policywatch cron`), which also takes back
the jobs of dead workers every SWEEP_SECONDS, even when every worker is busy or gone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue
from rq.cron import CronJob, CronScheduler
from rq.job import Job
from rq.serializers import JSONSerializer

from worker import defaults
from worker.liveness import sweep_abandoned_jobs
from worker.tracking.notify import requeue_lost_deliveries_job
from worker.watch import recheck_due_policies

PERIODIC_JOBS: tuple[tuple[Callable[..., Any], str, int], ...] = (
    (recheck_due_policies, defaults.QUEUE_NAME, defaults.WATCH_SWEEP_SECONDS),
    (requeue_lost_deliveries_job, defaults.WEBHOOK_QUEUE_NAME, 300),
)
"""(job, queue, every N seconds)."""


class JSONCronJob(CronJob):
    """RQ's CronJob, enqueueing with the JSON serializer Policywatch's workers read."""

    def enqueue(self, connection: Redis) -> Job:
        if self.func is None:
            raise ValueError(f"the cron job for {self.queue_name} has no function")
        queue = Queue(self.queue_name, connection=connection, serializer=JSONSerializer)
        return queue.enqueue(self.func, args=self.args, kwargs=self.kwargs, **self.job_options)


class PolicywatchCron(CronScheduler):
    """RQ's cron scheduler, sweeping abandoned jobs between its rounds; with a connection from
    workers.reconnecting_redis it waits out a Redis restart instead of exiting."""

    def __init__(
        self, connection: Redis, *, stopping: threading.Event | None = None, **kwargs: Any
    ) -> None:
        super().__init__(connection=connection, **kwargs)
        self.stopping = stopping or threading.Event()
        self._next_sweep = 0.0

    def enqueue_jobs(self) -> list[CronJob]:
        if time.monotonic() >= self._next_sweep:
            sweep_abandoned_jobs(self.connection)
            self._next_sweep = time.monotonic() + defaults.SWEEP_SECONDS
        return super().enqueue_jobs()

    def calculate_sleep_interval(self) -> float:
        until_sweep = max(0.0, self._next_sweep - time.monotonic())
        return min(super().calculate_sleep_interval(), until_sweep)

    def _request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping.set()  # a command waiting for Redis gives up
        super()._request_stop(signum, frame)

    def register_death(self, pipeline: Any = None) -> None:
        try:
            super().register_death(pipeline)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self.log.warning("CronScheduler %s: Redis unreachable at exit (%s)", self.name, error)


def build_scheduler(connection: Redis, stopping: threading.Event | None = None) -> PolicywatchCron:
    """A cron scheduler with every periodic job registered."""
    scheduler = PolicywatchCron(connection, stopping=stopping, name="policywatch-cron")
    for func, queue_name, interval in PERIODIC_JOBS:
        job = JSONCronJob(queue_name, func=func, interval=interval, job_timeout=300)
        scheduler.get_jobs().append(job)
    return scheduler
