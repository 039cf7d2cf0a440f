"""RQ entry points (thin wrappers around analyse()) and the enqueueing that dedupes them."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from redis import Redis
from rq import Queue, Retry, get_current_job
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.executions import ExecutionRegistry
from rq.job import Job
from rq.job import JobStatus as RQStatus
from rq.serializers import JSONSerializer
from rq.utils import current_timestamp

from worker import defaults
from worker.errors import PolicywatchError
from worker.pipeline import analyse
from worker.records import JobStatus
from worker.settings import Settings
from worker.store import Store, worker_store
from worker.store.report_cache import forget_policy_of
from worker.tracking.notify import make_change_listener

log = logging.getLogger(__name__)

ACTIVE_STATUSES = frozenset(
    {RQStatus.QUEUED, RQStatus.STARTED, RQStatus.SCHEDULED, RQStatus.DEFERRED}
)


def analysis_job_id(policy_id: str) -> str:
    """One job id per policy, so concurrent requests for one URL share a job."""
    return f"analysis-{policy_id}"


EXECUTION_LISTING_GRACE_SECONDS = 60
"""rq 3.0 lists an execution in its job's ExecutionRegistry this long after the execution's
own record expired."""


def forget_lapsed_executions(job: Job) -> None:
    """Drop the listed executions whose record has expired (a dead worker's), which would make
    rq 3.0's Job.delete() raise "Execution ... not found" for a minute after the sweep."""
    registry = ExecutionRegistry(job.id, connection=job.connection)
    registry.cleanup(timestamp=current_timestamp() + EXECUTION_LISTING_GRACE_SECONDS)


def make_queue(connection: Redis, name: str = defaults.QUEUE_NAME) -> Queue:
    return Queue(name, connection=connection, serializer=JSONSerializer)


def enqueue_analysis(
    queue: Queue,
    store: Store,
    settings: Settings,
    *,
    url: str,
    policy_id: str,
    since: str | None = None,
    conditional: bool = False,
    delay: float = 0.0,
) -> str:
    """Queue an analysis of `url` (after `delay` seconds), or return the id of the one
    already queued, scheduled or running."""
    job_id = analysis_job_id(policy_id)
    try:
        existing = Job.fetch(job_id, connection=queue.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        existing = None
    if existing is not None:
        if existing.get_status(refresh=False) in ACTIVE_STATUSES:
            return job_id
        forget_lapsed_executions(existing)
        existing.delete()
    store.ensure_policy(policy_id, url)
    store.save_job(job_id, policy_id=policy_id, url=url, since=since)
    intervals = list(defaults.JOB_RETRY_INTERVALS[: settings.JOB_RETRIES])
    options = {
        "job_id": job_id,
        "job_timeout": settings.JOB_TIMEOUT,
        "result_ttl": defaults.JOB_RESULT_TTL_SECONDS,
        "failure_ttl": defaults.JOB_RESULT_TTL_SECONDS,
        "retry": Retry(max=len(intervals), interval=intervals) if intervals else None,
        "unique": True,
    }
    try:
        if delay > 0:
            queue.enqueue_in(timedelta(seconds=delay), run_analysis, url, conditional, **options)
        else:
            queue.enqueue(run_analysis, url, conditional, **options)
    except DuplicateJobError:
        log.info("analysis of %s was queued concurrently; sharing job %s", url, job_id)
    return job_id


def run_analysis(url: str, conditional: bool = False) -> dict[str, Any]:
    """The RQ job: analyse one URL into the store, recording the outcome on the job row."""
    settings = Settings.from_env()
    store = worker_store(settings.database_url)
    job = get_current_job()
    job_id = job.id if job is not None else None
    if job_id:
        store.update_job(job_id, JobStatus.STARTED)
    on_change = make_change_listener(store, job.connection, settings) if job else None
    try:
        report = analyse(
            url,
            store=store,
            allow_private=settings.ALLOW_PRIVATE_HOSTS,
            conditional=conditional,
            on_change=on_change,
        )
    except PolicywatchError as error:
        retrying = error.transient and job is not None and (job.retries_left or 0) > 0
        if job_id:
            store.update_job(
                job_id, JobStatus.QUEUED if retrying else JobStatus.FAILED, error=error.to_json()
            )
        if retrying:
            raise
        return {"error": error.to_json()}
    except Exception:
        if job_id:
            store.update_job(
                job_id,
                JobStatus.FAILED,
                error={"code": "internal_error", "message": "The analysis failed unexpectedly."},
            )
        raise
    finally:
        if job is not None:  # whatever was written, lookups must not send the old bytes
            forget_policy_of(job.connection, url)
    version_id = report["version"]["id"]
    if job_id:
        store.update_job(job_id, JobStatus.FINISHED, version_id=version_id)
    return {"policy_id": report["policy_id"], "version_id": version_id}
