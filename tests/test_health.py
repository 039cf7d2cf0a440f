"""GET /healthz tells the truth quickly: live workers by heartbeat, each check within 1 s."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from rq.utils import now, utcformat
from rq.worker_registration import REDIS_WORKER_KEYS

from tests.helpers import AppFactory
from worker import defaults
from worker.store import make_engine


def timed_health(app: Flask) -> tuple[dict, float]:
    began = time.monotonic()
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 200
    return answer.get_json(), time.monotonic() - began


def test_only_workers_with_a_live_heartbeat_count(app: Flask, redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    fresh, stale, dead = "rq:worker:fresh", "rq:worker:stale", "rq:worker:dead"
    old = now() - timedelta(seconds=defaults.WORKER_DEAD_AFTER_SECONDS + 5)
    redis.hset(fresh, "last_heartbeat", utcformat(now()))
    redis.hset(stale, "last_heartbeat", utcformat(old))  # SIGKILLed: registered, silent
    redis.hset(dead, mapping={"last_heartbeat": utcformat(now()), "death": utcformat(now())})
    redis.sadd(REDIS_WORKER_KEYS, fresh, stale, dead, "rq:worker:expired")
    health, _ = timed_health(app)
    assert health == {"status": "ok", "redis": "ok", "database": "ok", "workers": 1}


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A port that accepts connections and never answers (a hung Redis)."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_hung_redis_is_down_within_about_a_second(
    make_app: AppFactory, silent_redis: str
) -> None:
    health, took = timed_health(make_app(REDIS_URL=silent_redis))
    assert (health["status"], health["redis"], health["workers"]) == ("degraded", "down", 0)
    assert took < 1.8, took


def test_a_locked_sqlite_file_is_down_within_about_a_second(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    path = app.extensions["policywatch"].store.engine.url.database
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("DELETE FROM policies")
    try:
        health, took = timed_health(app)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert (health["status"], health["database"]) == ("degraded", "down")
    assert took < 1.8, took


def test_sqlite_waits_at_most_five_seconds_for_a_lock(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        timeout_ms = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    engine.dispose()
    assert timeout_ms == 5000
