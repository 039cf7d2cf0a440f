"""Webhooks end to end: subscriptions API, signed policy.changed deliveries to a real local
receiver through real Redis and RQ workers, retries, disabling, redelivery, worker crashes."""

from __future__ import annotations

import base64
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import current_timestamp
from sqlalchemy import update

from tests.helpers import (
    SEEDS,
    AppFactory,
    create_test_api_key,
    free_port,
    run_jobs,
    serve_text,
    with_api_key,
)
from tests.local_http import LocalHTTPServer
from tests.webhook_receiver import Reply, WebhookReceiver
from worker import defaults
from worker.ingest.urls import normalise_url, policy_id
from worker.pipeline import analyse
from worker.store.tables import Webhook
from worker.tracking.notify import (
    make_change_listener,
    notify_policy_changed,
    requeue_lost_deliveries,
    retry_delay,
    webhook_queue,
)
from worker.workers import PolicywatchSimpleWorker as SimpleWorker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ADDED_SENTENCE = "We sell your personal information to data brokers."


@pytest.fixture
def client(keyed_client: FlaskClient) -> FlaskClient:
    """Every webhook call here authenticates with one API key (tests/test_api_keys.py covers
    calls without one)."""
    return keyed_client


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries due at once (still scheduled through RQ's scheduler), three attempts in all."""
    monkeypatch.setattr(defaults, "WEBHOOK_RETRY_DELAYS", (0.01, 0.01))


def subscribe(
    client: FlaskClient, receiver: WebhookReceiver, *policy_urls: str, path: str = "/hook"
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/webhooks",
        json={
            "url": receiver.url(path),
            "policies": list(policy_urls),
            "events": ["policy.changed"],
        },
    )
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    receiver.secret = created["secret"]
    return created


def change_policy(
    app: Flask, site: LocalHTTPServer, path: str = "/privacy"
) -> tuple[str, str, str]:
    """Analyse a real policy, then the same page with a sentence added: (pid, from, to)."""
    store = app.extensions["policywatch"].store
    text = SEEDS[1].read_text(encoding="utf-8")
    url = serve_text(site, path, text)
    first = analyse(url, store=store, allow_private=True)
    serve_text(site, path, f"{text}\n\n{ADDED_SENTENCE}\n")
    second = analyse(url, store=store, allow_private=True)
    assert first["version"]["id"] != second["version"]["id"]
    return first["policy_id"], first["version"]["id"], second["version"]["id"]


def notify(app: Flask, pid: str, from_id: str, to_id: str) -> list[str]:
    services = app.extensions["policywatch"]
    queue = webhook_queue(services.redis)
    return notify_policy_changed(services.store, queue, pid, from_id, to_id, services.settings)


def deliver_all(app: Flask, timeout: float = 15.0) -> None:
    """Run delivery jobs with a real RQ worker (and its scheduler) until none is left."""
    services = app.extensions["policywatch"]
    queue = webhook_queue(services.redis)
    scheduled = queue.scheduled_job_registry
    deadline = time.monotonic() + timeout
    while True:
        SimpleWorker([queue], connection=services.redis, serializer=JSONSerializer).work(
            burst=True, with_scheduler=True
        )
        if queue.count == 0 and scheduled.count == 0:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"deliveries still queued after {timeout} s")
        time.sleep(0.1)  # a retry is scheduled for the next whole second


def deliver_once(app: Flask) -> None:
    """Run the delivery jobs queued now (retries stay scheduled)."""
    services = app.extensions["policywatch"]
    queue = webhook_queue(services.redis)
    SimpleWorker([queue], connection=services.redis, serializer=JSONSerializer).work(burst=True)


def deliveries(client: FlaskClient, webhook_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries")
    assert response.status_code == 200, response.get_json()
    return list(reversed(response.get_json()["deliveries"]))  # oldest first


# Subscriptions API


def test_subscription_shows_its_secret_once_and_can_be_listed_and_deleted(
    client: FlaskClient, receiver: WebhookReceiver
) -> None:
    created = subscribe(
        client, receiver, "HTTPS://Example.COM/privacy?utm_source=mail", "https://example.org/p"
    )

    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) == 24
    assert created["active"] is True
    assert created["events"] == ["policy.changed"]
    assert created["url"] == receiver.url()
    assert created["policies"] == ["https://example.com/privacy", "https://example.org/p"]
    assert created["policy_ids"] == [policy_id(url) for url in created["policies"]]

    shown = client.get(f"/api/v1/webhooks/{created['id']}").get_json()
    listed = client.get("/api/v1/webhooks").get_json()["webhooks"]
    assert "secret" not in shown
    assert [w["id"] for w in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert shown == {k: v for k, v in created.items() if k != "secret"}

    second = subscribe(client, receiver, "https://example.com/privacy")
    assert second["secret"] != created["secret"]
    assert client.delete(f"/api/v1/webhooks/{created['id']}").status_code == 204
    gone = client.get(f"/api/v1/webhooks/{created['id']}")
    assert gone.status_code == 404
    assert gone.get_json()["error"]["code"] == "unknown_webhook"
    assert client.delete(f"/api/v1/webhooks/{created['id']}").status_code == 404
    assert [w["id"] for w in client.get("/api/v1/webhooks").get_json()["webhooks"]] == [
        second["id"]
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"policies": ["https://example.com/privacy"]}, "invalid_request"),
        ({"url": "{hook}", "policies": []}, "invalid_request"),
        ({"url": "{hook}"}, "invalid_request"),
        ({"url": "{hook}", "policies": ["https://example.com/p"], "events": []}, "invalid_request"),
        (
            {"url": "{hook}", "policies": ["https://example.com/p"], "events": ["policy.deleted"]},
            "invalid_request",
        ),
        ({"url": "ftp://example.com/hook", "policies": ["https://example.com/p"]}, "invalid_url"),
        ({"url": "https://u:pw@example.com/hook", "policies": ["https://a.com/p"]}, "invalid_url"),
        ({"url": "{hook}", "policies": ["javascript:alert(1)"]}, "invalid_url"),
        ({"url": "{hook}", "policies": ["https://example.com/p", "not a url"]}, "invalid_url"),
    ],
)
def test_bad_subscriptions_are_refused_with_400(
    client: FlaskClient, receiver: WebhookReceiver, body: dict[str, Any], code: str
) -> None:
    if body.get("url") == "{hook}":
        body = {**body, "url": receiver.url()}
    response = client.post("/api/v1/webhooks", json=body)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["code"] == code
    assert client.get("/api/v1/webhooks").get_json()["webhooks"] == []


@pytest.mark.parametrize(
    "target",
    [
        "{receiver}",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://2130706433/hook",
        "https://example.com:8443/hook",
    ],
)
def test_internal_targets_are_refused_with_422_in_production(
    make_app: AppFactory, receiver: WebhookReceiver, target: str
) -> None:
    production = make_app(ALLOW_PRIVATE_HOSTS="false")
    client = with_api_key(production.test_client(), create_test_api_key(production))
    url = receiver.url() if target == "{receiver}" else target
    response = client.post(
        "/api/v1/webhooks", json={"url": url, "policies": ["https://example.com/privacy"]}
    )
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "blocked_url"


def test_openapi_documents_the_webhook_endpoints(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/webhooks"])
    assert {"get", "delete"} <= set(paths["/api/v1/webhooks/{webhook_id}"])
    assert "get" in paths["/api/v1/webhooks/{webhook_id}/deliveries"]
    assert "post" in paths["/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"]


# Deliveries


def test_a_changed_policy_sends_one_verified_signed_event(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    policy_url = policy_site.url("/privacy")
    created = subscribe(client, receiver, policy_url)
    other = WebhookReceiver(secret=None).start()
    try:
        client.post(
            "/api/v1/webhooks",
            json={"url": other.url(), "policies": [policy_site.url("/other-policy")]},
        )
        pid, from_id, to_id = change_policy(app, policy_site)
        ids = notify(app, pid, from_id, to_id)
        deliver_all(app)
        assert other.received == []
    finally:
        other.stop()

    assert len(ids) == 1
    [got] = receiver.wait_for(1)
    assert got.verified, got.error
    assert got.headers["content-type"] == "application/json"
    assert got.webhook_id.startswith("msg_")
    assert got.headers["webhook-signature"].startswith("v1,")
    payload = got.payload
    assert payload is not None and payload["type"] == "policy.changed"
    data = payload["data"]
    assert data["policy_id"] == pid == policy_id(normalise_url(policy_url))
    assert data["url"] == normalise_url(policy_url)
    assert (data["from"], data["to"]) == (from_id, to_id)
    assert "sells_data" in data["findings_added"]
    assert data["stats"]["changed"] is True and data["stats"]["inserted_words"] >= 7
    assert data["grade_change"] is None or set(data["grade_change"]) == {"from", "to"}
    public = app.config["PUBLIC_URL"].rstrip("/")
    assert data["diff_url"] == f"{public}/api/v1/policies/{pid}/diff?from={from_id}&to={to_id}"
    linked = client.get(data["diff_url"].removeprefix(public))
    assert linked.status_code == 200
    assert linked.get_json()["findings_added"] == data["findings_added"]
    assert datetime.fromisoformat(payload["timestamp"]).tzinfo is not None

    [attempt] = deliveries(client, created["id"])
    assert attempt["id"] == ids[0]
    assert attempt["message_id"] == got.webhook_id
    assert (attempt["attempt"], attempt["status"], attempt["status_code"]) == (1, "succeeded", 200)
    assert attempt["error"] is None and attempt["next_retry_at"] is None
    assert attempt["attempted_at"] is not None


def test_a_wrong_secret_fails_verification_at_the_receiver(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.secret = "whsec_" + base64.b64encode(b"x" * 24).decode()
    notify(app, *change_policy(app, policy_site))
    deliver_once(app)

    got = receiver.wait_for(1)[0]
    assert not got.verified and got.status == 400
    first = deliveries(client, created["id"])[0]
    assert (first["status"], first["status_code"]) == ("failed", 400)


@pytest.mark.usefixtures("fast_retries")
def test_a_failed_delivery_is_retried_with_the_same_webhook_id(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.answer(500)
    notify(app, *change_policy(app, policy_site))
    deliver_all(app)

    first, second = receiver.wait_for(2)
    assert len(receiver.received) == 2
    assert first.verified and second.verified
    assert (first.status, second.status) == (500, 200)
    assert first.webhook_id == second.webhook_id
    assert first.body == second.body
    attempts = deliveries(client, created["id"])
    assert [(a["attempt"], a["status"], a["status_code"]) for a in attempts] == [
        (1, "failed", 500),
        (2, "succeeded", 200),
    ]
    assert {a["message_id"] for a in attempts} == {first.webhook_id}
    assert "500" in attempts[0]["error"]
    assert attempts[0]["next_retry_at"] == attempts[1]["due_at"]
    assert client.get(f"/api/v1/webhooks/{created['id']}").get_json()["active"] is True


def test_the_first_retry_is_scheduled_in_rq_about_five_seconds_later(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.answer(503)
    notify(app, *change_policy(app, policy_site))
    deliver_once(app)

    failed, pending = deliveries(client, created["id"])
    assert (failed["status"], pending["status"], pending["attempt"]) == ("failed", "pending", 2)
    registry = webhook_queue(app.extensions["policywatch"].redis).scheduled_job_registry
    assert registry.get_job_ids() == [f"webhook-{pending['id']}"]
    scheduled_at = registry.get_scheduled_time(f"webhook-{pending['id']}")
    attempted = datetime.fromisoformat(failed["finished_at"])
    low, high = (
        defaults.WEBHOOK_RETRY_DELAYS[0] * (1 + s * defaults.WEBHOOK_RETRY_JITTER) for s in (-1, 1)
    )
    # RQ keeps whole seconds
    assert (
        attempted + timedelta(seconds=low - 1)
        <= scheduled_at
        <= attempted + timedelta(seconds=high)
    )
    assert datetime.fromisoformat(pending["due_at"]) == datetime.fromisoformat(
        failed["next_retry_at"]
    )
    assert len(receiver.received) == 1


@pytest.mark.parametrize("attempt", range(1, len(defaults.WEBHOOK_RETRY_DELAYS) + 2))
def test_retry_delays_grow_with_jitter_and_stop(attempt: int) -> None:
    delays = defaults.WEBHOOK_RETRY_DELAYS
    jitter = defaults.WEBHOOK_RETRY_JITTER
    samples = [retry_delay(attempt, random.Random(seed)) for seed in range(20)]
    if attempt > len(delays):
        assert samples == [None] * 20
        return
    base = delays[attempt - 1]
    assert all(s is not None and base * (1 - jitter) <= s <= base * (1 + jitter) for s in samples)
    assert len(set(samples)) > 1, "jitter spreads retries"
    if attempt > 1:
        assert min(s for s in samples if s is not None) > delays[attempt - 2] * (1 + jitter)


def test_retries_total_about_a_day_at_most() -> None:
    total = sum(defaults.WEBHOOK_RETRY_DELAYS) * (1 + defaults.WEBHOOK_RETRY_JITTER)
    assert 3600 * 6 < total < 3600 * 24
    assert defaults.WEBHOOK_RETRY_DELAYS[0] <= 10


def test_410_gone_disables_the_webhook_at_once(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.answer(410)
    pid, from_id, to_id = change_policy(app, policy_site)
    notify(app, pid, from_id, to_id)
    deliver_all(app)

    assert len(receiver.received) == 1 and receiver.received[0].verified
    shown = client.get(f"/api/v1/webhooks/{created['id']}").get_json()
    assert shown["active"] is False
    assert "410" in shown["disabled_reason"]
    [attempt] = deliveries(client, created["id"])
    assert (attempt["status"], attempt["status_code"], attempt["next_retry_at"]) == (
        "failed",
        410,
        None,
    )
    assert notify(app, pid, from_id, to_id) == []
    again = client.post(f"/api/v1/webhooks/{created['id']}/deliveries/{attempt['id']}/redeliver")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "webhook_disabled"


def test_a_webhook_failing_for_days_is_disabled(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(defaults, "WEBHOOK_RETRY_DELAYS", (0.01,))
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.default = Reply(500)
    change = change_policy(app, policy_site)
    notify(app, *change)
    deliver_all(app)

    # Retries exhausted after two attempts: logged, the webhook stays active for now.
    assert [a["status"] for a in deliveries(client, created["id"])] == ["failed", "failed"]
    assert client.get(f"/api/v1/webhooks/{created['id']}").get_json()["active"] is True

    # Five days later every attempt still fails: the next failure disables it.
    store = app.extensions["policywatch"].store
    long_ago = datetime.now(UTC) - timedelta(seconds=defaults.WEBHOOK_DISABLE_AFTER_SECONDS + 60)
    with store.session() as session:
        session.execute(
            update(Webhook).where(Webhook.id == created["id"]).values(failing_since=long_ago)
        )
    pid, from_id, to_id = change
    notify(app, pid, to_id, from_id)  # the next change (one change is one event, sent once)
    deliver_all(app)

    shown = client.get(f"/api/v1/webhooks/{created['id']}").get_json()
    assert shown["active"] is False
    assert "failed since" in shown["disabled_reason"]
    assert len(receiver.received) == 3
    assert deliveries(client, created["id"])[-1]["next_retry_at"] is None


def test_a_success_resets_the_failure_clock(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    store = app.extensions["policywatch"].store
    long_ago = datetime.now(UTC) - timedelta(seconds=defaults.WEBHOOK_DISABLE_AFTER_SECONDS + 60)
    with store.session() as session:
        session.execute(
            update(Webhook).where(Webhook.id == created["id"]).values(failing_since=long_ago)
        )
    notify(app, *change_policy(app, policy_site))
    deliver_all(app)

    assert client.get(f"/api/v1/webhooks/{created['id']}").get_json()["active"] is True
    with store.session() as session:
        assert session.get_one(Webhook, created["id"]).failing_since is None


def test_manual_redeliver_sends_the_same_message_again(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    notify(app, *change_policy(app, policy_site))
    deliver_all(app)
    [first] = deliveries(client, created["id"])

    base = f"/api/v1/webhooks/{created['id']}/deliveries"
    response = client.post(f"{base}/{first['id']}/redeliver")
    assert response.status_code == 202, response.get_json()
    queued = response.get_json()
    assert (queued["status"], queued["attempt"], queued["manual"]) == ("pending", 2, True)
    assert queued["message_id"] == first["message_id"]
    deliver_all(app)

    original, again = receiver.wait_for(2)
    assert again.verified
    assert again.webhook_id == original.webhook_id == first["message_id"]
    assert again.body == original.body
    assert [a["status"] for a in deliveries(client, created["id"])] == ["succeeded", "succeeded"]

    unknown = client.post(f"{base}/dlv_nope/redeliver")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "unknown_delivery"
    elsewhere = subscribe(client, receiver, policy_site.url("/privacy"))
    foreign = client.post(f"/api/v1/webhooks/{elsewhere['id']}/deliveries/{first['id']}/redeliver")
    assert foreign.status_code == 404


def test_a_deleted_webhook_gets_no_pending_delivery(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    assert len(notify(app, *change_policy(app, policy_site))) == 1
    assert client.delete(f"/api/v1/webhooks/{created['id']}").status_code == 204
    deliver_all(app)
    assert receiver.received == []


# Wiring and crash safety


def test_the_change_listener_notifies_through_the_queue(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    services = app.extensions["policywatch"]
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    on_change = make_change_listener(services.store, services.redis, services.settings)
    on_change(*change_policy(app, policy_site))
    deliver_all(app)

    [got] = receiver.wait_for(1)
    assert got.verified and got.payload is not None
    assert "sells_data" in got.payload["data"]["findings_added"]
    assert [a["status"] for a in deliveries(client, created["id"])] == ["succeeded"]


def test_deliveries_logged_while_redis_was_down_are_sent_later(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = app.extensions["policywatch"]
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    change = change_policy(app, policy_site)
    down = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=1)
    make_change_listener(services.store, down, services.settings)(*change)  # logs, no raise
    down.close()

    [pending] = deliveries(client, created["id"])
    assert pending["status"] == "pending"
    queue = webhook_queue(services.redis)
    assert requeue_lost_deliveries(services.store, queue) == 0, "not overdue yet"
    monkeypatch.setattr(defaults, "WEBHOOK_REQUEUE_GRACE_SECONDS", 0)
    queue.enqueue("worker.tracking.notify.requeue_lost_deliveries_job")  # as a cron would
    deliver_all(app)
    assert requeue_lost_deliveries(services.store, queue) == 0

    [got] = receiver.wait_for(1)
    assert got.verified and got.webhook_id == pending["message_id"]
    assert [a["status"] for a in deliveries(client, created["id"])] == ["succeeded"]


# Crash safety


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`policywatch worker` in its own process group (so its work horse dies with it)."""
    return subprocess.Popen(
        [sys.executable, "-c", "from worker.cli import main; main()", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_group(process: subprocess.Popen[bytes], sig: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=20)


def test_a_worker_killed_mid_delivery_still_delivers_after_restart(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    """SIGKILL a real worker while the receiver holds the request; a new worker delivers.

    RQ notices an abandoned job once its heartbeat lapses (60-90 s, then at the next
    registry cleanup); the test runs that same cleanup with a timestamp 10 minutes ahead
    instead of waiting.
    """
    created = subscribe(client, receiver, policy_site.url("/privacy"))
    receiver.answer(Reply(200, hold=60))
    [delivery_id] = notify(app, *change_policy(app, policy_site))
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}

    first = start_worker(env)
    try:
        held = receiver.wait_for(1, timeout=30)
        assert len(held) == 1, "the first worker did not start the delivery"
    finally:
        stop_group(first, signal.SIGKILL)
    assert deliveries(client, created["id"])[0]["status"] == "sending"

    services = app.extensions["policywatch"]
    started = StartedJobRegistry(
        defaults.WEBHOOK_QUEUE_NAME, connection=services.redis, serializer=JSONSerializer
    )
    assert started.get_job_ids(cleanup=False) == [f"webhook-{delivery_id}"]
    started.cleanup(timestamp=current_timestamp() + 600)

    second = start_worker(env)
    try:
        received = receiver.wait_for(2, timeout=30)
    finally:
        stop_group(second, signal.SIGTERM)

    assert len(received) == 2 and all(r.verified for r in received)
    assert received[0].webhook_id == received[1].webhook_id
    attempts = deliveries(client, created["id"])
    assert [(a["attempt"], a["status"]) for a in attempts] == [(1, "failed"), (2, "succeeded")]
    assert attempts[0]["error"].startswith("Interrupted")


def test_full_flow_subscribe_analyse_change_reanalyse_delivers_a_signed_event(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    text = SEEDS[1].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    created = subscribe(client, receiver, url)

    first = client.post("/api/v1/analyses", json={"url": url})
    assert first.status_code == 202, first.get_json()
    run_jobs(app)
    assert receiver.received == [], "a first version is not a change"
    serve_text(policy_site, "/privacy", f"{text}\n\n{ADDED_SENTENCE}\n")
    second = client.post("/api/v1/analyses", json={"url": url, "force": True})
    assert second.status_code == 202, second.get_json()
    run_jobs(app)
    deliver_all(app)

    [got] = receiver.wait_for(1)
    assert got.verified and got.payload is not None
    data = got.payload["data"]
    versions = client.get(f"/api/v1/policies/{data['policy_id']}/versions").get_json()
    assert [data["to"], data["from"]] == [v["id"] for v in versions["versions"]]
    assert "sells_data" in data["findings_added"]
    assert [a["status"] for a in deliveries(client, created["id"])] == ["succeeded"]


def test_a_retry_after_a_manual_redelivery_takes_the_next_attempt_number(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    """Attempt numbers are unique per webhook and message: a retry scheduled after someone
    redelivered by hand is numbered after the redelivery, not logged twice under one number."""
    from worker.store.webhooks import add_next_attempt, get_delivery
    from worker.tracking.notify import Outcome, failed_attempt, redeliver

    created = subscribe(client, receiver, policy_site.url("/privacy"))
    notify(app, *change_policy(app, policy_site))
    services = app.extensions["policywatch"]
    queue = webhook_queue(services.redis)
    [first] = deliveries(client, created["id"])
    record = get_delivery(services.store, first["id"])
    assert record is not None
    manual = redeliver(services.store, queue, record)
    failed_attempt(services.store, queue, record, Outcome(500, "500 Internal Server Error"))

    attempts = sorted((a["attempt"], a["manual"]) for a in deliveries(client, created["id"]))
    assert attempts == [(1, False), (2, True), (3, False)]
    assert manual.attempt == 2
    again = add_next_attempt(
        services.store,
        webhook_id=record.webhook_id,
        message_id=record.message_id,
        event=record.event,
        body=record.body,
        due_at=record.due_at,
        at_least=2,
    )
    assert again.attempt == 4
