"""The periodic jobs, run by RQ's cron scheduler (`policywatch cron`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis import Redis
from rq import Queue
from rq.cron import CronJob, CronScheduler
from rq.job import Job
from rq.serializers import JSONSerializer

from worker import defaults
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


def build_scheduler(connection: Redis) -> CronScheduler:
    """A cron scheduler with every periodic job registered."""
    scheduler = CronScheduler(connection=connection, name="policywatch-cron")
    for func, queue_name, interval in PERIODIC_JOBS:
        job = JSONCronJob(queue_name, func=func, interval=interval, job_timeout=300)
        scheduler.get_jobs().append(job)
    return scheduler
