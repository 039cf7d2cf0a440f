"""GET /healthz: is the service able to answer, and how many workers are alive.

Each check runs in a small thread pool and counts as down when it has not answered within
HEALTH_TIMEOUT_SECONDS, so a hung Redis or a locked database file cannot hold the request (or
a gunicorn worker) for long; Redis is asked over its own connection with 1 s socket timeouts
and no retries."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from server.services import current_services
from worker import defaults
from worker.liveness import live_worker_count

blp = Blueprint("health", __name__)

_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")
"""Shared by every request of this process; a check stuck past its timeout holds one thread
until its own socket or busy timeout ends it, never the request."""


def health_redis() -> Redis:
    """This app's Redis client for health checks: fails fast, never retries."""
    client: Redis | None = current_app.extensions.get("policywatch_health_redis")
    if client is None:
        timeout = defaults.HEALTH_TIMEOUT_SECONDS
        client = Redis.from_url(
            current_services().settings.REDIS_URL,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        current_app.extensions["policywatch_health_redis"] = client
    return client


def redis_workers(client: Redis) -> int:
    client.ping()
    return live_worker_count(client)


def outcome(future: Future[Any], deadline: float) -> tuple[bool, Any]:
    """(answered in time and without error, its result)."""
    try:
        return True, future.result(timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        future.cancel()
        return False, None
    except Exception:
        return False, None


@blp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """ok when Redis and the database answer in time; degraded (still 200) otherwise."""
    services = current_services()
    deadline = time.monotonic() + defaults.HEALTH_TIMEOUT_SECONDS
    redis_check = _checks.submit(redis_workers, health_redis())
    database_check = _checks.submit(services.store.ping)
    redis_ok, workers = outcome(redis_check, deadline)
    database_ok, database_answer = outcome(database_check, deadline)
    redis_state = "ok" if redis_ok else "down"
    database_state = "ok" if database_ok and database_answer else "down"
    status = "ok" if redis_state == database_state == "ok" else "degraded"
    return jsonify(
        {
            "status": status,
            "redis": redis_state,
            "database": database_state,
            "workers": workers if redis_ok else 0,
        }
    )
