"""Scheduled re-checks: which policies are due, spread out, and cheap when unchanged."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq.cron import CronScheduler

from tests.helpers import SEEDS, run_jobs, serve_text
from tests.local_http import LocalHTTPServer, Route
from worker import defaults
from worker.ingest.urls import policy_id
from worker.schedule import build_scheduler
from worker.store.webhooks import WatchedPolicy, create_webhook
from worker.watch import due_policies, offset_of, queue_rechecks


def analysed(app: Flask, client: FlaskClient, site: LocalHTTPServer, path: str) -> str:
    url = serve_text(site, path, SEEDS[0].read_text(encoding="utf-8"))
    site.routes[path].headers["ETag"] = '"v1"'
    client.post("/api/v1/analyses", json={"url": url})
    run_jobs(app)
    return url


def test_offsets_are_stable_and_spread() -> None:
    ids = [hashlib.sha256(str(i).encode()).hexdigest()[:16] for i in range(1000)]
    offsets = [offset_of(pid, 86_400) for pid in ids]
    assert all(0 <= o < 86_400 / 4 for o in offsets)
    assert len({round(o) for o in offsets}) > len(offsets) // 2
    assert offset_of("abcdef0123456789", 100) == offset_of("abcdef0123456789", 100)


def test_recently_looked_up_policies_become_due_after_the_interval(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    analysed(app, client, policy_site, "/privacy")
    store = app.extensions["policywatch"].store
    now = datetime.now(UTC)
    assert due_policies(store, now) == []
    later = now + timedelta(seconds=defaults.WATCH_INTERVAL_SECONDS * 1.26)
    due = due_policies(store, later)
    assert len(due) == 1 and due[0].conditional
    forgotten = now + timedelta(seconds=defaults.WATCH_LOOKBACK_SECONDS + 1)
    assert due_policies(store, forgotten) == []


def test_a_failed_attempt_waits_for_the_interval_too(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    policy_site.routes["/gone"] = Route(b"no such page", 404, "text/plain")
    client.post("/api/v1/analyses", json={"url": policy_site.url("/gone")})
    run_jobs(app)
    store = app.extensions["policywatch"].store
    now = datetime.now(UTC)
    assert due_policies(store, now) == []  # no version stored, but it was just tried
    later = now + timedelta(seconds=defaults.WATCH_INTERVAL_SECONDS * 1.26)
    assert [d.conditional for d in due_policies(store, later)] == [False]


def test_subscribed_policies_are_watched_even_before_a_first_analysis(app: Flask) -> None:
    store = app.extensions["policywatch"].store
    url = "https://example.com/privacy"
    create_webhook(
        store,
        url="https://receiver.example/hook",
        policies=[WatchedPolicy(policy_id(url), url)],
        events=["policy.changed"],
    )
    due = due_policies(store, datetime.now(UTC))
    assert [d.url for d in due] == ["https://example.com/privacy"]
    assert due[0].conditional is False


def test_recheck_sends_validators_and_an_unchanged_page_costs_no_version(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url = analysed(app, client, policy_site, "/privacy")
    policy_site.routes["/privacy"] = Route(b"", 304, "text/plain", headers={"ETag": '"v1"'})
    services = app.extensions["policywatch"]
    later = datetime.now(UTC) + timedelta(days=2)
    queued = queue_rechecks(
        services.redis,
        services.store,
        services.settings,
        later,
        spread=0,
        rng=random.Random(1),
    )
    assert queued == 1
    run_jobs(app)
    conditional = [h for m, p, h in policy_site.requests if p == "/privacy"][-1]
    assert conditional.get("If-None-Match") == '"v1"'
    pid = client.get("/api/v1/policies", query_string={"url": url}).get_json()["policy_id"]
    versions = client.get(f"/api/v1/policies/{pid}/versions").get_json()["versions"]
    assert len(versions) == 1


def test_spread_rechecks_are_scheduled_not_queued(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    analysed(app, client, policy_site, "/a")
    analysed(app, client, policy_site, "/b")
    services = app.extensions["policywatch"]
    later = datetime.now(UTC) + timedelta(days=2)
    assert queue_rechecks(services.redis, services.store, services.settings, later) == 2
    assert services.queue.count == 0
    assert services.queue.scheduled_job_registry.count == 2


def test_cron_scheduler_enqueues_json_jobs_our_workers_read(app: Flask) -> None:
    services = app.extensions["policywatch"]
    scheduler = build_scheduler(services.redis)
    assert isinstance(scheduler, CronScheduler)
    enqueued = scheduler.enqueue_jobs()
    assert {job.func_name for job in enqueued} == {
        "worker.watch.recheck_due_policies",
        "worker.tracking.notify.requeue_lost_deliveries_job",
    }
    assert services.queue.count == 1
    run_jobs(app)  # a pickled job would fail to load in a JSON worker
    assert services.queue.failed_job_registry.count == 0
    assert Redis.from_url(app.config["REDIS_URL"]).ping()
