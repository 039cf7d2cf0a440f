"""API keys on the webhooks API (401 without one, owner-scoped, quotas), the `policywatch
api-key` commands, signing secrets encrypted at rest, and one event per change even when
workers race to notify it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text, update

from tests.helpers import (
    SEEDS,
    TEST_SECRET_KEY,
    AppFactory,
    create_test_api_key,
    serve_text,
    with_api_key,
)
from tests.local_http import LocalHTTPServer
from tests.test_webhooks import (
    ADDED_SENTENCE,
    change_policy,
    deliver_all,
    deliveries,
    subscribe,
)
from tests.webhook_receiver import WebhookReceiver
from worker.cli import main as cli
from worker.settings import Settings
from worker.store import Store, make_engine
from worker.store import secret_box as secret_box_module
from worker.store.api_keys import KEY_PREFIX, key_hash
from worker.store.migrate import upgrade
from worker.store.secret_box import InvalidSecretKey, SecretBox, SecretKeyMismatch, secret_box
from worker.store.tables import ApiKey, Webhook, WebhookDelivery
from worker.store.webhooks import change_message_id, new_secret
from worker.tracking.notify import notify_policy_changed, webhook_queue

HOOK = {"url": "http://127.0.0.1:9/hook", "policies": ["https://example.com/privacy"]}


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()


def create(client: FlaskClient, policies: list[str] | None = None) -> dict[str, Any]:
    response = client.post(
        "/api/v1/webhooks", json={**HOOK, "policies": policies or HOOK["policies"]}
    )
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def every_webhook_request(webhook_id: str) -> list[tuple[str, str]]:
    base = f"/api/v1/webhooks/{webhook_id}"
    return [
        ("GET", "/api/v1/webhooks"),
        ("POST", "/api/v1/webhooks"),
        ("GET", base),
        ("DELETE", base),
        ("GET", f"{base}/deliveries"),
        ("POST", f"{base}/deliveries/dlv_x/redeliver"),
    ]


# Authentication


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Bearer pwk_not-a-key", "Basic dXNlcjpwdw==", "pwk_bare"],
    ids=["none", "empty", "no-key", "blank-key", "unknown", "basic", "no-scheme"],
)
def test_every_webhook_endpoint_answers_401_without_a_valid_key(
    app: Flask, keyed_client: FlaskClient, authorization: str | None
) -> None:
    webhook = create(keyed_client)
    anonymous = app.test_client()
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, path in every_webhook_request(webhook["id"]):
        response = anonymous.open(path, method=method, headers=headers, json=HOOK)
        assert response.status_code == 401, (method, path)
        assert response.get_json()["error"]["code"] == "unauthorized", (method, path)
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), (method, path)
    assert keyed_client.get(f"/api/v1/webhooks/{webhook['id']}").status_code == 200


def test_a_revoked_key_is_refused_and_its_webhooks_stop(
    app: Flask, keyed_client: FlaskClient
) -> None:
    webhook = create(keyed_client)
    runner = CliRunner()
    revoked = runner.invoke(cli, ["api-key", "revoke", "test-client"])
    assert revoked.exit_code == 0, revoked.output

    response = keyed_client.get("/api/v1/webhooks")
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    with app.extensions["policywatch"].store.session() as session:
        row = session.get_one(Webhook, webhook["id"])
        assert (row.active, row.disabled_reason) == (False, "Its API key was revoked.")


def test_the_analyses_and_policies_api_stays_open(app: Flask) -> None:
    anonymous = app.test_client()
    response = anonymous.get("/api/v1/policies", query_string={"url": "https://a.example/p"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_analysed"
    assert anonymous.post("/api/v1/analyses", json={"url": "ftp://x"}).status_code == 400
    assert anonymous.get("/api/v1/openapi.json").status_code == 200


def test_a_key_sees_and_manages_only_its_own_webhooks(
    app: Flask,
    keyed_client: FlaskClient,
    policy_site: LocalHTTPServer,
    receiver: WebhookReceiver,
) -> None:
    owner = keyed_client
    other = with_api_key(app.test_client(), create_test_api_key(app, "other-client"))
    mine = subscribe(owner, receiver, policy_site.url("/privacy"))
    theirs = create(other)
    change = change_policy(app, policy_site)
    services = app.extensions["policywatch"]
    notify_policy_changed(services.store, webhook_queue(services.redis), *change, services.settings)
    deliver_all(app)
    [delivery] = deliveries(owner, mine["id"])

    assert [w["id"] for w in owner.get("/api/v1/webhooks").get_json()["webhooks"]] == [mine["id"]]
    assert [w["id"] for w in other.get("/api/v1/webhooks").get_json()["webhooks"]] == [theirs["id"]]
    base = f"/api/v1/webhooks/{mine['id']}"
    for response in (
        other.get(base),
        other.get(f"{base}/deliveries"),
        other.post(f"{base}/deliveries/{delivery['id']}/redeliver"),
        other.delete(base),
    ):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "unknown_webhook"
    assert owner.get(base).status_code == 200
    assert len(deliveries(owner, mine["id"])) == 1  # the refused redelivery queued nothing


def test_last_use_is_recorded(app: Flask, keyed_client: FlaskClient) -> None:
    store = app.extensions["policywatch"].store
    with store.session() as session:
        assert session.scalars(select(ApiKey.last_used_at)).one() is None
    keyed_client.get("/api/v1/webhooks")
    with store.session() as session:
        assert session.scalars(select(ApiKey.last_used_at)).one() is not None


# Quotas


def test_a_key_holds_at_most_its_quota_of_webhooks(make_app: AppFactory) -> None:
    app = make_app(KEY_MAX_WEBHOOKS="2")
    client = with_api_key(app.test_client(), create_test_api_key(app))
    first, _ = create(client), create(client)

    refused = client.post("/api/v1/webhooks", json=HOOK)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "quota_exceeded"
    assert len(client.get("/api/v1/webhooks").get_json()["webhooks"]) == 2

    other = with_api_key(app.test_client(), create_test_api_key(app, "other-client"))
    create(other)  # quotas are per key
    assert client.delete(f"/api/v1/webhooks/{first['id']}").status_code == 204
    create(client)


def test_a_key_watches_at_most_its_quota_of_distinct_policies(make_app: AppFactory) -> None:
    app = make_app(KEY_MAX_POLICIES="3")
    client = with_api_key(app.test_client(), create_test_api_key(app))
    create(client, ["https://a.example/p", "https://b.example/p"])

    refused = client.post(
        "/api/v1/webhooks",
        json={**HOOK, "policies": ["https://c.example/p", "https://d.example/p"]},
    )
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "quota_exceeded"
    assert "3" in refused.get_json()["error"]["message"]
    # A policy the key watches already does not count twice.
    create(client, ["https://a.example/p", "https://c.example/p"])


def test_concurrent_subscriptions_cannot_overrun_the_quota(make_app: AppFactory) -> None:
    app = make_app(KEY_MAX_WEBHOOKS="3")
    key = create_test_api_key(app)
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def subscribe_once() -> None:
        client = with_api_key(app.test_client(), key)
        barrier.wait()
        statuses.append(client.post("/api/v1/webhooks", json=HOOK).status_code)

    threads = [threading.Thread(target=subscribe_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 201, 201, 403, 403, 403]


# The api-key commands


def test_api_key_commands_create_list_and_revoke(app: Flask) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["api-key", "create", "acme"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert key.startswith(KEY_PREFIX) and len(key) == len(KEY_PREFIX) + 43

    store = app.extensions["policywatch"].store
    with store.session() as session:
        row = session.scalars(select(ApiKey)).one()
        assert row.key_hash == key_hash(key)
        stored = " ".join(str(v) for v in session.execute(text("SELECT * FROM api_keys")).one())
    assert key not in stored and key.removeprefix(KEY_PREFIX) not in stored

    client = with_api_key(app.test_client(), key)
    assert client.get("/api/v1/webhooks").status_code == 200

    listed = runner.invoke(cli, ["api-key", "list"])
    assert listed.exit_code == 0 and "acme" in listed.output and key not in listed.output
    again = runner.invoke(cli, ["api-key", "create", "acme"])
    assert again.exit_code == 1 and "exists already" in again.output
    assert runner.invoke(cli, ["api-key", "revoke", "nobody"]).exit_code == 1
    assert runner.invoke(cli, ["api-key", "revoke", "acme"]).exit_code == 0
    assert client.get("/api/v1/webhooks").status_code == 401
    [shown] = [
        line for line in runner.invoke(cli, ["api-key", "list", "--json"]).stdout.splitlines()
    ]
    assert '"name": "acme"' in shown and '"revoked_at": null' not in shown
    assert '"last_used_at": null' not in shown


# Secrets at rest


def stored_secret(app: Flask, webhook_id: str) -> str:
    with app.extensions["policywatch"].store.session() as session:
        return session.get_one(Webhook, webhook_id).secret


def test_signing_secrets_are_stored_encrypted_with_the_server_key(
    app: Flask, keyed_client: FlaskClient
) -> None:
    webhook = create(keyed_client)
    stored = stored_secret(app, webhook["id"])
    assert webhook["secret"] not in stored and not stored.startswith("whsec_")
    assert Fernet(TEST_SECRET_KEY).decrypt(stored).decode() == webhook["secret"]


def test_a_secret_stored_in_clear_still_signs_and_db_upgrade_encrypts_it(
    app: Flask,
    keyed_client: FlaskClient,
    policy_site: LocalHTTPServer,
    receiver: WebhookReceiver,
) -> None:
    webhook = subscribe(keyed_client, receiver, policy_site.url("/privacy"))
    legacy = new_secret()
    store = app.extensions["policywatch"].store
    with store.session() as session:
        session.execute(update(Webhook).values(secret=legacy))
    receiver.secret = legacy

    change = change_policy(app, policy_site)
    services = app.extensions["policywatch"]
    notify_policy_changed(store, webhook_queue(services.redis), *change, services.settings)
    deliver_all(app)
    assert [r.verified for r in receiver.received] == [True]

    database_url = services.settings.database_url
    upgrade(database_url, secret_key="")  # no key: left as it is
    assert stored_secret(app, webhook["id"]) == legacy
    upgrade(database_url)  # POLICYWATCH_SECRET_KEY is set: encrypted
    assert Fernet(TEST_SECRET_KEY).decrypt(stored_secret(app, webhook["id"])).decode() == legacy


def test_migration_0002_keeps_webhooks_made_before_keys(tmp_path: Path) -> None:
    """A 0001 database with a plaintext secret and two attempts logged under one number."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0001", secret_key="")
    secret = new_secret()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO webhooks (id, url, secret, events, active, created_at) VALUES "
                "('wh_old', 'https://hooks.example/', :secret, '[\"policy.changed\"]', 1, "
                "'2026-01-01 00:00:00')"
            ),
            {"secret": secret},
        )
        for delivery_id, created in (("dlv_a", "01"), ("dlv_b", "02"), ("dlv_c", "03")):
            connection.execute(
                text(
                    "INSERT INTO webhook_deliveries (id, webhook_id, message_id, event, body, "
                    "attempt, manual, status, created_at, due_at) VALUES (:id, 'wh_old', "
                    "'msg_1', 'policy.changed', '{}', :attempt, 0, 'failed', :at, :at)"
                ),
                {
                    "id": delivery_id,
                    "attempt": 1 if delivery_id != "dlv_c" else 2,
                    "at": f"2026-01-01 00:00:{created}",
                },
            )
        connection.execute(
            text(
                "INSERT INTO policies (id, url, current_version_id, created_at) VALUES "
                "('pol_old', 'https://example.com/privacy', 'v1', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()

    assert upgrade(url, secret_key=TEST_SECRET_KEY) == ("0001", "0002")
    store = Store(url)
    with store.session() as session:
        webhook = session.get_one(Webhook, "wh_old")
        attempts = dict(session.execute(select(WebhookDelivery.id, WebhookDelivery.attempt)).all())
    policy = store.policy("pol_old")
    store.dispose()
    assert policy is not None and policy.version_changes == 0
    assert webhook.api_key_id is None and webhook.active
    assert Fernet(TEST_SECRET_KEY).decrypt(webhook.secret).decode() == secret
    assert attempts == {"dlv_a": 1, "dlv_b": 3, "dlv_c": 2}


def test_without_a_server_key_a_development_key_is_used_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(secret_box_module, "_warned", threading.Event())
    with caplog.at_level(logging.WARNING, logger="worker.store.secret_box"):
        first, second = secret_box(""), secret_box("  ")
    assert first is second
    warnings = [r for r in caplog.records if "POLICYWATCH_SECRET_KEY is not set" in r.message]
    assert len(warnings) == 1
    assert first.decrypt(first.encrypt("whsec_abc")) == "whsec_abc"
    with pytest.raises(SecretKeyMismatch):
        secret_box(TEST_SECRET_KEY).decrypt(first.encrypt("whsec_abc"))


def test_keys_rotate_and_a_bad_key_stops_the_app_at_start(make_app: AppFactory) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    encrypted = SecretBox([old]).encrypt("whsec_abc")
    assert SecretBox([new, old]).decrypt(encrypted) == "whsec_abc"
    assert Settings.from_env({"POLICYWATCH_SECRET_KEY": f"{new},{old}"}).SECRET_KEY
    assert secret_box(f"{new}, {old}").decrypt(encrypted) == "whsec_abc"
    with pytest.raises(InvalidSecretKey):
        make_app(SECRET_KEY="not-a-fernet-key")


# One event per change


def race_notifications(app: Flask, database_url: str, change: tuple[str, str, str]) -> list[str]:
    """Four workers, each with its own store (engine and connections), notify one change at
    the same instant; returns every delivery id they created."""
    services = app.extensions["policywatch"]
    workers = 4
    barrier = threading.Barrier(workers)
    created: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        store = Store(database_url)
        try:
            barrier.wait()
            created.extend(
                notify_policy_changed(
                    store, webhook_queue(services.redis), *change, services.settings
                )
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            store.dispose()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return created


def assert_one_event_per_webhook_when_workers_race(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    receivers = [WebhookReceiver().start() for _ in range(2)]
    try:
        webhooks = [subscribe(client, r, policy_site.url("/privacy")) for r in receivers]
        change = change_policy(app, policy_site)
        created = race_notifications(
            app, app.extensions["policywatch"].settings.database_url, change
        )
        assert len(created) == len(webhooks)
        deliver_all(app)

        policy = app.extensions["policywatch"].store.policy(change[0])
        expected = change_message_id(*change, policy.version_changes)
        for webhook, receiver in zip(webhooks, receivers, strict=True):
            [attempt] = deliveries(client, webhook["id"])
            assert attempt["message_id"] == expected
            assert [(r.webhook_id, r.verified) for r in receiver.received] == [(expected, True)]
        services = app.extensions["policywatch"]
        queue = webhook_queue(services.redis)
        assert notify_policy_changed(services.store, queue, *change, services.settings) == []
    finally:
        for receiver in receivers:
            receiver.stop()


def test_workers_racing_on_one_change_send_one_event_per_webhook(
    app: Flask, keyed_client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    assert_one_event_per_webhook_when_workers_race(app, keyed_client, policy_site)


def test_the_message_id_is_derived_from_the_change() -> None:
    assert change_message_id("p", "a", "b", 1) == change_message_id("p", "a", "b", 1)
    ids = {
        change_message_id("p", "a", "b", 1),
        change_message_id("p", "b", "a", 2),
        change_message_id("p", "a", "b", 3),  # the same change again, later: a new event
        change_message_id("q", "a", "b", 1),
    }
    assert len(ids) == 4
    assert all(i.startswith("msg_") and len(i) <= 40 for i in ids)


def test_workers_storing_one_change_at_once_see_it_once(app: Flask) -> None:
    """The current version moves by compare-and-set: of the workers that fetched the same
    change at the same time (here, back to a text seen before), exactly one is told of it."""
    database_url = app.extensions["policywatch"].settings.database_url
    first = Store(database_url)
    common = {"policy_id": "racepolicy000001", "url": "https://race.example/p"}
    common |= {"final_url": common["url"], "analysis": {}, "grade": None, "score": None}
    for text_now, version_id in (("Old.", "a"), ("New.", "b"), ("Old.", "a")):
        # Both texts are stored already, so no version insert can collide and serialise them.
        first.record_version(
            **common, text=text_now, version_id=version_id * 64, fetched_at=datetime.now(UTC)
        )
    workers = 4
    barrier = threading.Barrier(workers)
    seen: list[str | None] = []

    def store_new_text() -> None:
        store = Store(database_url)
        barrier.wait()
        stored = store.record_version(
            **common, text="New.", version_id="b" * 64, fetched_at=datetime.now(UTC)
        )
        seen.append(stored.previous_id)
        store.dispose()

    threads = [threading.Thread(target=store_new_text) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen, key=str) == ["a" * 64] + ["b" * 64] * (workers - 1)
    policy = first.policy("racepolicy000001")
    assert policy is not None and policy.version_changes == 4
    first.dispose()


def test_a_change_back_and_forth_again_is_a_new_event(
    app: Flask, keyed_client: FlaskClient, policy_site: LocalHTTPServer, receiver: WebhookReceiver
) -> None:
    from worker.pipeline import analyse
    from worker.tracking.notify import make_change_listener

    subscribe(keyed_client, receiver, policy_site.url("/privacy"))
    pid, old, new = change_policy(app, policy_site)
    services = app.extensions["policywatch"]
    listener = make_change_listener(services.store, services.redis, services.settings)
    listener(pid, old, new)
    url = policy_site.url("/privacy")
    old_text = SEEDS[1].read_text(encoding="utf-8")
    for text_now in (old_text, f"{old_text}\n\n{ADDED_SENTENCE}\n"):  # back, then forth again
        serve_text(policy_site, "/privacy", text_now)
        analyse(url, store=services.store, allow_private=True, on_change=listener)
    deliver_all(app)

    changes = [(r.payload["data"]["from"], r.payload["data"]["to"]) for r in receiver.received]
    assert changes == [(old, new), (new, old), (old, new)]
    assert len({r.webhook_id for r in receiver.received}) == 3


# OpenAPI


def test_openapi_requires_the_bearer_scheme_on_webhook_operations_only(
    client: FlaskClient,
) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["apiKey"]["description"],
    }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "delete"}:
                continue
            if path.startswith("/api/v1/webhooks"):
                assert operation["security"] == [{"apiKey": []}], (method, path)
                unauthorized = operation["responses"]["401"]
                assert "WWW-Authenticate" in unauthorized["headers"], (method, path)
            else:
                assert "security" not in operation, (method, path)
    assert "403" in spec["paths"]["/api/v1/webhooks"]["post"]["responses"]
