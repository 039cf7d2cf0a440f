"""The RQ worker classes Policywatch runs: RQ's own, tuned so a dead worker's job is taken back
within half a minute, a Redis restart is waited out, and a stop is prompt.

- Heartbeats: an idle worker beats every 10 s, a busy one every 5 s, and its running job's
  entry in RQ's StartedJobRegistry lapses WORKER_DEAD_AFTER_SECONDS after the last beat (RQ's
  default is a minute more). RQ's own registry cleanup (every SWEEP_SECONDS here, not every
  10 minutes) then re-queues or fails that job, as it does for any abandoned job.
- A work horse dies with its worker (Linux PR_SET_PDEATHSIG), so a job taken back after a
  SIGKILL is never also finished by an orphaned horse.
- Redis outages: every command waits for Redis to come back (capped backoff) instead of
  raising, so neither the worker loop nor a running job's bookkeeping ends the process; once
  a stop is requested the waiting ends.
- rq 3.0 stops its pub/sub command thread by unsubscribing first and clearing the thread's
  flag second; redis-py 8.2's stop() then waits for the thread, which, woken by the
  unsubscribe reply before the flag was cleared, sleeps up to 60 s waiting for a new
  subscription. Clearing the flag first lets the unsubscribe reply end the thread at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

import redis.exceptions
from redis import Redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from rq import SimpleWorker, Worker, worker_registration
from rq.job import Job
from rq.job_lifecycle import call_exception_handlers
from rq.queue import Queue

from worker import defaults
from worker.errors import PolicywatchError

log = logging.getLogger(__name__)

COMMAND_THREAD_JOIN_SECONDS = 2.0
"""Longest wait for the command thread after unsubscribing (it is a daemon thread)."""

SCHEDULER_STOP_SECONDS = 5.0
"""Longest wait for RQ's scheduler process to stop before it is killed."""

OUTAGE_LOG_EVERY_SECONDS = 30.0
"""While Redis is unreachable, one log line per this many seconds (not one per retry)."""

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

_last_outage_log = 0.0


def reconnecting_redis(url: str, stopping: threading.Event) -> Redis:
    """A Redis client whose commands wait out an outage, retrying with capped backoff, until
    `stopping` is set (then they raise as usual, so a stop is never stuck on Redis)."""

    def keep_trying(error: Exception) -> bool:
        if stopping.is_set():
            return False
        global _last_outage_log
        if time.monotonic() - _last_outage_log >= OUTAGE_LOG_EVERY_SECONDS:
            _last_outage_log = time.monotonic()
            log.warning("Redis is unreachable (%s); waiting for it to come back", error)
        return True

    retry = Retry(
        ExponentialBackoff(cap=defaults.REDIS_RETRY_MAX_SECONDS, base=0.1),
        retries=-1,
        supported_errors=REDIS_ERRORS,
        is_retryable=keep_trying,
    )
    return Redis.from_url(url, retry=retry, socket_connect_timeout=2)


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: be killed when `parent_pid` dies (Linux), or exit now if it has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


class PolicywatchWorkerMixin:
    """What both worker classes share: short heartbeats, re-registration, prompt stops."""

    max_connection_wait_time = 5.0  # RQ's own reconnect backoff while idle (default 60 s)

    connection: Redis
    pubsub: Any
    pubsub_thread: Any
    log: logging.Logger
    name: str

    _exc_handlers: list[Any]

    def handle_exception(self, job: Job, *exc_info: Any) -> None:
        """An expected failure (a page down, a fetch timing out: RQ retries it) logs one line,
        not RQ's traceback; anything else is logged whole, as RQ does."""
        error = exc_info[1] if len(exc_info) > 1 else None
        if not isinstance(error, PolicywatchError):
            super().handle_exception(job, *exc_info)  # type: ignore[misc]
            return
        self.log.warning("job %s: %s: %s", job.id, error.code, error.message)
        call_exception_handlers(self._exc_handlers, job, *exc_info)

    def __init__(self, *args: Any, stopping: threading.Event | None = None, **kwargs: Any):
        kwargs.setdefault("worker_ttl", defaults.WORKER_TTL_SECONDS)
        kwargs.setdefault("job_monitoring_interval", defaults.JOB_HEARTBEAT_SECONDS)
        kwargs.setdefault("maintenance_interval", defaults.SWEEP_SECONDS)
        super().__init__(*args, **kwargs)
        self.stopping = stopping or threading.Event()

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        """RQ's heartbeat, and back into RQ's worker sets (a Redis restart may have lost them),
        so /healthz counts this worker again as soon as it beats."""
        super().heartbeat(timeout, pipeline)  # type: ignore[misc]
        worker_registration.register(self, pipeline)  # type: ignore[arg-type]

    def clean_registries(self) -> None:
        """RQ's registry cleanup, after freeing the scheduler locks of dead workers' schedulers
        (so this worker's scheduler takes over their delayed retries at its next try)."""
        from worker.liveness import release_dead_scheduler_lock

        for queue_name in self.queue_names():  # type: ignore[attr-defined]
            release_dead_scheduler_lock(self.connection, queue_name)
        super().clean_registries()  # type: ignore[misc]

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Ctrl-C or SIGTERM: stop waiting for Redis, then RQ's warm shutdown."""
        self.stopping.set()
        try:
            super().request_stop(signum, frame)  # type: ignore[misc]
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: stopping; Redis is unreachable (%s)", self.name, error)
            raise SystemExit(1) from None

    def teardown(self) -> None:
        """RQ's teardown; when Redis is gone, one line instead of a traceback (the heartbeat
        lapses on its own and the worker drops out of /healthz)."""
        try:
            super().teardown()  # type: ignore[misc]
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: could not record its stop in Redis (%s)", self.name, error)

    def stop_scheduler(self) -> None:
        """RQ's stop of the scheduler process, without waiting forever for one that is
        itself waiting for Redis."""
        process = getattr(getattr(self, "scheduler", None), "_process", None)
        if process is None or not process.pid:
            return
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGTERM)
        process.join(timeout=SCHEDULER_STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()

    def unsubscribe(self) -> None:
        thread = getattr(self, "pubsub_thread", None)
        if not thread:
            return
        thread.stop(timeout=0)  # clears the run flag; does not wait
        self.pubsub.unsubscribe()  # its reply wakes the thread
        thread.join(timeout=COMMAND_THREAD_JOIN_SECONDS)
        self.pubsub.close()


class PolicywatchWorker(PolicywatchWorkerMixin, Worker):
    """Forks a work horse per job (production)."""

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """How long the running job stays claimed without a heartbeat from this worker."""
        return max(defaults.WORKER_DEAD_AFTER_SECONDS, self.job_monitoring_interval + 1)

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        self._worker_pid = os.getpid()
        super().fork_work_horse(job, queue)

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        die_with_parent(self._worker_pid)
        super().main_work_horse(job, queue)


class PolicywatchSimpleWorker(PolicywatchWorkerMixin, SimpleWorker):
    """Runs jobs in its own process (tests, burst runs in-process). It cannot beat while a
    job runs, so it keeps RQ's job-length claim on the running job."""
