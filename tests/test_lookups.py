"""Stored answers from Redis: the same bytes as built from SQL, replaced when the worker writes
the policy, ETag and 304, and built from SQL when Redis is down or the cache is off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from redis import Redis

from server.schemas import AnalysisStateSchema, DiffSchema, ReportSchema
from tests.helpers import SEEDS, AppFactory, free_port, serve_text
from tests.local_http import LocalHTTPServer
from tests.test_api import analyse_now
from worker.ingest.urls import normalise_url, policy_id
from worker.store.report_cache import (
    Entry,
    ReportCache,
    code_id,
    forget_policy,
    policy_key,
    touched_key,
)
from worker.store.tables import Policy
from worker.tracking.report import diff_json, report_since

ADDED = "We sell your personal information to data brokers."


def two_versions(app: Flask, policy_site: LocalHTTPServer) -> tuple[str, dict[str, Any]]:
    """A policy URL with two stored versions; the first version's Report."""
    client = app.test_client()
    text = SEEDS[1].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    first = analyse_now(app, client, url)["result"]
    serve_text(policy_site, "/privacy", text + "\n\n" + ADDED + "\n")
    analyse_now(app, client, url, force=True)
    return url, first


def built_from_sql(app: Flask, pid: str, since: str | None) -> bytes:
    """The Report's bytes as the API wrote them before the cache: schema dump, Flask's JSON."""
    store = app.extensions["policywatch"].store
    policy = store.policy(pid)
    version = store.current_version(pid)
    assert policy is not None and version is not None
    with app.app_context():
        return app.json.response(
            ReportSchema().dump(report_since(store, policy, version, since))
        ).get_data()


def test_a_cached_lookup_sends_the_bytes_built_from_sql(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    app = make_app()
    url, first = two_versions(app, policy_site)
    pid, since = first["policy_id"], first["version"]["id"]
    client = app.test_client()
    uncached = make_app(LOOKUP_CACHE="false").test_client()
    redis = app.extensions["policywatch"].redis
    for query in ({"url": url}, {"url": url, "since": since}):
        missed = client.get("/api/v1/policies", query_string=query)
        hit = client.get("/api/v1/policies", query_string=query)
        off = uncached.get("/api/v1/policies", query_string=query)
        assert missed.status_code == hit.status_code == off.status_code == 200
        expected = built_from_sql(app, pid, query.get("since"))
        assert missed.get_data() == hit.get_data() == off.get_data() == expected
        assert hit.headers["ETag"] == missed.headers["ETag"] == off.headers["ETag"]
    assert hit.get_json()["diff"]["from"] == since
    cache = app.extensions["policywatch"].report_cache
    assert redis.hexists(policy_key(pid), cache.field_name(f"report:{since}"))

    # the POST that finds the stored report wraps the same bytes as the schema would
    posted = [client.post("/api/v1/analyses", json={"url": url}) for _ in range(2)]
    store = app.extensions["policywatch"].store
    policy, version = store.policy(pid), store.current_version(pid)
    assert policy is not None and version is not None
    with app.app_context():
        state = {
            "job_id": None,
            "status": "finished",
            "result": report_since(store, policy, version, None),
            "revalidation": None,
        }
        expected_post = app.json.response(AnalysisStateSchema().dump(state)).get_data()
    assert [p.status_code for p in posted] == [200, 200]
    assert posted[0].get_data() == posted[1].get_data() == expected_post

    # a diff between two versions, and the history page: a hit is the page built from SQL
    diff_query = {"from": since, "to": "latest"}
    diffs = [
        c.get(f"/api/v1/policies/{pid}/diff", query_string=diff_query)
        for c in (client, client, uncached)
    ]
    old, new = store.version(pid, since), store.current_version(pid)
    assert old is not None and new is not None
    with app.app_context():
        expected_diff = app.json.response(DiffSchema().dump(diff_json(old, new))).get_data()
    assert {d.get_data() for d in diffs} == {expected_diff}
    pages = [c.get(f"/policies/{pid}") for c in (client, client, uncached)]
    assert {p.status_code for p in pages} == {200}
    assert len({p.get_data() for p in pages}) == 1
    assert pages[1].mimetype == "text/html"
    assert "Content-Security-Policy" in pages[1].headers


def test_a_new_version_or_a_recheck_replaces_the_cached_report(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    first = analyse_now(app, client, url)["result"]
    pid = first["policy_id"]
    cached = client.get("/api/v1/policies", query_string={"url": url}).get_json()
    page = client.get(f"/policies/{pid}").get_data(as_text=True)
    assert ADDED not in page

    analyse_now(app, client, url, force=True)  # the same text: only fetched_at moves
    rechecked = client.get("/api/v1/policies", query_string={"url": url}).get_json()
    assert rechecked["version"]["id"] == cached["version"]["id"]
    assert rechecked["version"]["fetched_at"] > cached["version"]["fetched_at"]

    serve_text(policy_site, "/privacy", text + "\n\n" + ADDED + "\n")
    second = analyse_now(app, client, url, force=True)["result"]
    latest = client.get("/api/v1/policies", query_string={"url": url})
    assert latest.get_json()["version"]["id"] == second["version"]["id"] != first["version"]["id"]
    assert latest.get_data() == built_from_sql(app, pid, None)
    assert ADDED in client.get(f"/policies/{pid}").get_data(as_text=True)
    posted = client.post("/api/v1/analyses", json={"url": url}).get_json()
    assert posted["result"]["version"]["id"] == second["version"]["id"]


def test_a_rebuild_begun_before_a_write_is_not_kept(app: Flask) -> None:
    cache = app.extensions["policywatch"].report_cache
    redis: Redis = app.extensions["policywatch"].redis
    entry = Entry("0" * 32, b'{"old":true}\n')

    looked = cache.look("p1", "report")  # a reader misses, then reads SQL...
    assert looked is not None and looked.entry("report") is None
    forget_policy(redis, "p1")  # ...while the worker writes the policy
    cache.fill("p1", looked, {"report": entry.pack()})
    assert not redis.hexists(policy_key("p1"), cache.field_name("report"))

    looked = cache.look("p1", "report")  # a reader after the write keeps what it built
    assert looked is not None
    cache.fill("p1", looked, {"report": entry.pack()})
    again = cache.look("p1", "report")
    assert again is not None and again.entry("report") == entry


def test_an_upgrade_never_sends_what_the_old_code_rendered(app: Flask) -> None:
    """Entries carry the code's identity: the new code misses the old code's bytes (report
    and diff), both live side by side during a rolling deploy, and a write clears both."""
    redis: Redis = app.extensions["policywatch"].redis
    old, new = ReportCache(redis, code="old0"), ReportCache(redis, code="new1")
    entry = Entry("1" * 32, b'{"rendered":"by the old code"}\n')
    looked = old.look("p2", "report")
    old.fill("p2", looked, {"report": entry.pack()})
    old.keep_diff("p2", "a", "b", entry)
    seen_by_new = new.look("p2", "report")
    assert seen_by_new is not None and seen_by_new.entry("report") is None
    assert new.diff("p2", "a", "b") is None
    again = old.look("p2", "report")
    assert again is not None and again.entry("report") == entry
    assert old.diff("p2", "a", "b") == entry
    forget_policy(redis, "p2")
    after = old.look("p2", "report")
    assert after is not None and after.entry("report") is None


def test_the_code_identity_follows_the_code(tmp_path: Path) -> None:
    for package in ("server", "worker"):
        (tmp_path / package / "templates").mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    page = tmp_path / "server" / "templates" / "history.html"
    page.write_text("<p>{{ diff.summary }}</p>")
    before = code_id.__wrapped__(tmp_path)
    assert before == code_id.__wrapped__(tmp_path)  # the same code, the same identity
    (tmp_path / "worker" / "model.npz").write_bytes(b"weights")  # data is not code
    assert code_id.__wrapped__(tmp_path) == before
    page.write_text("<p>{{ headline }}</p>")
    assert code_id.__wrapped__(tmp_path) != before


def test_a_matching_if_none_match_is_answered_304(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url, first = two_versions(app, policy_site)
    pid, since = first["policy_id"], first["version"]["id"]
    for path, query in (
        ("/api/v1/policies", {"url": url}),
        ("/api/v1/policies", {"url": url, "since": since}),
        (f"/api/v1/policies/{pid}/diff", {"from": since}),
        (f"/policies/{pid}", {}),
    ):
        full = client.get(path, query_string=query)
        etag = full.headers["ETag"]
        assert full.status_code == 200 and etag.startswith('"'), path
        assert full.headers["Cache-Control"] == "no-cache", path
        for sent in (etag, f"W/{etag}", f'"other", {etag}'):
            again = client.get(path, query_string=query, headers={"If-None-Match": sent})
            assert again.status_code == 304, (path, sent)
            assert again.get_data() == b"" and again.headers["ETag"] == etag
        other = client.get(path, query_string=query, headers={"If-None-Match": '"other"'})
        assert other.status_code == 200 and other.get_data() == full.get_data(), path


def test_with_redis_down_lookups_are_built_from_sql(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    up = make_app()
    url, first = two_versions(up, policy_site)
    pid, since = first["policy_id"], first["version"]["id"]
    cached = up.test_client().get("/api/v1/policies", query_string={"url": url, "since": since})

    down = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    for _ in range(2):  # the second while the cache is paused after the first's error
        stored = down.get("/api/v1/policies", query_string={"url": url, "since": since})
        assert stored.status_code == 200
        assert stored.get_data() == cached.get_data()
        etag = stored.headers["ETag"]
        assert etag == cached.headers["ETag"]
    again = down.get(
        "/api/v1/policies",
        query_string={"url": url, "since": since},
        headers={"If-None-Match": etag},
    )
    assert again.status_code == 304
    assert down.get(f"/policies/{pid}").status_code == 200
    assert down.get(f"/api/v1/policies/{pid}/diff", query_string={"from": since}).status_code == 200
    assert down.post("/api/v1/analyses", json={"url": url}).get_json()["status"] == "finished"


def test_a_made_up_since_is_the_plain_report_and_takes_no_room(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    pid = analyse_now(app, client, url)["result"]["policy_id"]
    plain = client.get("/api/v1/policies", query_string={"url": url})
    for since in ("made-up", "also-made-up"):
        odd = client.get("/api/v1/policies", query_string={"url": url, "since": since})
        assert odd.get_data() == plain.get_data()
    redis: Redis = app.extensions["policywatch"].redis
    assert not [f for f in redis.hkeys(policy_key(pid)) if f.startswith(b"report:")]


def test_a_policy_without_a_version_is_not_analysed(app: Flask, client: FlaskClient) -> None:
    url = "https://example.com/privacy"
    app.extensions["policywatch"].store.ensure_policy(policy_id(normalise_url(url)), url)
    for _ in range(2):
        response = client.get("/api/v1/policies", query_string={"url": url})
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_analysed"


def test_a_stored_lookup_writes_looked_up_at_once_in_a_while(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    """The lookup stays a read: looked_up_at (which keeps a policy watched) is written on the
    first lookup in LOOKUP_TOUCH_INTERVAL seconds, not on every one."""
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    pid = analyse_now(app, client, url)["result"]["policy_id"]
    store = app.extensions["policywatch"].store
    redis: Redis = app.extensions["policywatch"].redis

    def looked_up_at() -> object:
        policy = store.policy(pid)
        assert policy is not None
        return policy.looked_up_at

    with store.session() as session:
        policy = session.get(Policy, pid)
        assert policy is not None
        policy.looked_up_at = None
    assert client.post("/api/v1/analyses", json={"url": url}).status_code == 200
    assert looked_up_at() is None  # looked up moments ago
    redis.delete(touched_key(pid))  # the interval has passed
    assert client.post("/api/v1/analyses", json={"url": url}).status_code == 200
    assert looked_up_at() is not None
