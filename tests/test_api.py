"""The service end to end: URL in, RQ job on a real Redis, report and diff out."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq.serializers import JSONSerializer

from tests.helpers import SEEDS, AppFactory, free_port, run_jobs, serve_text
from tests.local_http import LocalHTTPServer, Route
from worker.workers import PolicywatchSimpleWorker as SimpleWorker


def analyse_now(app: Flask, client: FlaskClient, url: str, **body: Any) -> dict[str, Any]:
    """POST a URL, run the queued job, and return the polled state."""
    response = client.post("/api/v1/analyses", json={"url": url, **body})
    assert response.status_code in (200, 202), response.get_json()
    state = response.get_json()
    if response.status_code == 200:
        return state
    assert state["status"] == "queued"
    assert state["poll"] == f"/api/v1/analyses/{state['job_id']}"
    run_jobs(app)
    polled = client.get(state["poll"])
    assert polled.status_code == 200
    return polled.get_json()


def test_whole_flow_gives_a_graded_report_with_evidence(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)

    state = analyse_now(app, client, url)

    assert state["status"] == "finished", state
    report = state["result"]
    assert report["url"] == url
    assert report["badge"]["grade"] in "ABCDE"
    assert 0 <= report["badge"]["score"] <= 100
    assert report["findings"], "a real policy yields findings"
    version = client.get(f"/api/v1/policies/{report['policy_id']}/versions").get_json()
    assert [v["id"] for v in version["versions"]] == [report["version"]["id"]]
    # every evidence sentence is exactly the stored text at its offsets
    from worker.store import worker_store

    stored = worker_store(app.config["DATABASE_URL"]).version(
        report["policy_id"], report["version"]["id"]
    )
    assert stored is not None
    for finding in report["findings"]:
        for evidence in finding["evidence"]:
            assert stored.text[evidence["start"] : evidence["end"]] == evidence["text"]
    assert report["diff"] is None


def test_edited_page_makes_a_new_version_and_the_diff_shows_the_edit(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = SEEDS[1].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    first = analyse_now(app, client, url)["result"]

    added = "We sell your personal information to data brokers."
    serve_text(policy_site, "/privacy", text + "\n\n" + added + "\n")
    second = analyse_now(app, client, url, force=True, since=first["version"]["id"])["result"]

    assert second["version"]["id"] != first["version"]["id"]
    diff = second["diff"]
    assert diff is not None and diff["from"] == first["version"]["id"]
    inserted = "".join(text for op, text in diff["ops"] if op == 1)
    assert added in inserted
    assert "sells_data" in diff["findings_added"]
    assert diff["stats"]["changed"] is True

    by_url = client.get(
        "/api/v1/policies", query_string={"url": url, "since": first["version"]["id"]}
    )
    assert by_url.status_code == 200
    assert by_url.get_json()["diff"]["to"] == second["version"]["id"]

    versions = client.get(f"/api/v1/policies/{second['policy_id']}/versions").get_json()
    assert [v["id"] for v in versions["versions"]] == [
        second["version"]["id"],
        first["version"]["id"],
    ]
    pair = client.get(
        f"/api/v1/policies/{second['policy_id']}/diff",
        query_string={"from": first["version"]["id"], "to": "latest"},
    )
    assert pair.status_code == 200
    assert pair.get_json()["to"] == second["version"]["id"]


def test_whitespace_only_change_makes_no_new_version(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = SEEDS[2].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    first = analyse_now(app, client, url)["result"]

    noisy = text.replace(" ", "\u00a0", 5).replace("\n", "\r\n") + "\n\n\n   "
    serve_text(policy_site, "/privacy", noisy)
    second = analyse_now(app, client, url, force=True)["result"]

    assert second["version"]["id"] == first["version"]["id"]
    versions = client.get(f"/api/v1/policies/{first['policy_id']}/versions").get_json()
    assert len(versions["versions"]) == 1


def test_a_page_flipping_between_texts_makes_no_version(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", text)
    first = analyse_now(app, client, url)["result"]

    variant = (text + "\n\nToday's featured offer: 10% off.").encode()
    policy_site.routes["/privacy"].rotation = [variant, text.encode()]
    again = analyse_now(app, client, url, force=True)["result"]

    assert again["version"]["id"] == first["version"]["id"]
    assert policy_site.hits("/privacy") == 3  # the change was fetched again to confirm it
    versions = client.get(f"/api/v1/policies/{first['policy_id']}/versions").get_json()
    assert len(versions["versions"]) == 1


def test_duplicate_requests_share_one_job(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    first = client.post("/api/v1/analyses", json={"url": url})
    second = client.post("/api/v1/analyses", json={"url": url + "#section"})
    assert first.status_code == second.status_code == 202
    assert first.get_json()["job_id"] == second.get_json()["job_id"]
    queue = app.extensions["policywatch"].queue
    assert queue.count == 1
    run_jobs(app)
    assert policy_site.hits("/privacy") == 1


def test_fresh_result_is_answered_from_the_store(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    analyse_now(app, client, url)
    again = client.post("/api/v1/analyses", json={"url": url})
    assert again.status_code == 200
    assert again.get_json()["job_id"] is None
    assert again.get_json()["result"]["badge"]["grade"] in "ABCDE"
    assert policy_site.hits("/privacy") == 1


def test_failed_fetch_keeps_stored_versions(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    first = analyse_now(app, client, url)["result"]

    policy_site.routes["/privacy"] = Route(b"upstream broke", 500, "text/plain")
    failed = analyse_now(app, client, url, force=True)
    assert failed["status"] == "failed"
    assert failed["error"]["code"] == "fetch_failed"
    assert failed["result"] is None

    policy_site.routes["/privacy"] = Route(b"\x89PNG\r\n", 200, "image/png")
    wrong_type = analyse_now(app, client, url, force=True)
    assert wrong_type["error"]["code"] == "unsupported_content"

    stored = client.get("/api/v1/policies", query_string={"url": url})
    assert stored.status_code == 200
    assert stored.get_json()["version"]["id"] == first["version"]["id"]


def test_a_page_that_is_not_a_policy_fails_with_not_a_policy(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    shop = (
        "<html><head><title>Acme Shoes</title></head><body><nav>Home | Men | Women | Sale</nav>"
        "<h1>Summer sale: 30% off all sneakers</h1><p>Free shipping on orders over $50. "
        "Shop the new collection of running shoes, boots and sandals.</p>"
        "<footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )
    url = serve_text(policy_site, "/", shop, "text/html")
    state = analyse_now(app, client, url)
    assert state["status"] == "failed"
    assert state["error"]["code"] == "not_a_policy"


def test_transient_failure_is_retried(
    make_app: AppFactory, policy_site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("worker.defaults.JOB_RETRY_INTERVALS", (0,))
    app = make_app(JOB_RETRIES="1")
    client = app.test_client()
    url = policy_site.url("/privacy")
    policy_site.routes["/privacy"] = Route(b"try later", 503, "text/plain")
    job_id = client.post("/api/v1/analyses", json={"url": url}).get_json()["job_id"]

    services = app.extensions["policywatch"]
    worker = SimpleWorker([services.queue], connection=services.redis, serializer=JSONSerializer)
    worker.work(burst=True, max_jobs=1)
    assert client.get(f"/api/v1/analyses/{job_id}").get_json()["status"] == "queued"
    serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    run_jobs(app)
    assert client.get(f"/api/v1/analyses/{job_id}").get_json()["status"] == "finished"
    assert policy_site.hits("/privacy") == 2


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"url": "ftp://example.com/privacy"}, "invalid_url"),
        ({"url": "not a url"}, "invalid_url"),
        ({"url": "https://user:secret@example.com/privacy"}, "invalid_url"),
        ({"url": ""}, "invalid_url"),
        ({}, "invalid_request"),
        ({"url": 42}, "invalid_request"),
        ({"url": "https://example.com/", "force": "maybe"}, "invalid_request"),
    ],
)
def test_bad_input_is_a_400_json_error(
    client: FlaskClient, body: dict[str, Any], code: str
) -> None:
    response = client.post("/api/v1/analyses", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_malformed_json_is_a_400_json_error(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/analyses", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_blocked_url_is_a_422(make_app: AppFactory, redis_url: str) -> None:
    client = make_app(ALLOW_PRIVATE_HOSTS="false").test_client()
    for url in ("http://127.0.0.1/privacy", "http://[::1]/", "http://169.254.169.254/latest"):
        response = client.post("/api/v1/analyses", json={"url": url})
        assert response.status_code == 422, url
        assert response.get_json()["error"]["code"] == "blocked_url"
    assert not Redis.from_url(redis_url).keys("rq:*")


def test_unknown_things_are_404_json(client: FlaskClient) -> None:
    for path in (
        "/api/v1/analyses/nope",
        "/api/v1/policies?url=https://example.com/privacy",
        "/api/v1/policies/abc/versions",
        "/api/v1/nothing-here",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"], path


def test_redis_down_is_503_but_stored_reports_are_served(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    up = make_app()
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    analyse_now(up, up.test_client(), url)

    down = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", REVALIDATE_AFTER="0")
    client = down.test_client()
    response = client.post("/api/v1/analyses", json={"url": url})
    assert response.status_code == 200  # the stored report, its re-check not queued
    assert response.get_json()["revalidation"] is None
    unknown = serve_text(policy_site, "/other", SEEDS[1].read_text(encoding="utf-8"))
    response = client.post("/api/v1/analyses", json={"url": unknown})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "queue_unavailable"
    stored = client.get("/api/v1/policies", query_string={"url": url})
    assert stored.status_code == 200
    health = client.get("/healthz").get_json()
    assert health == {"status": "degraded", "redis": "down", "database": "ok", "workers": 0}


def test_healthz_when_all_is_up(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {
        "status": "ok",
        "redis": "ok",
        "database": "ok",
        "workers": 0,
    }


def test_openapi_document_describes_the_api(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    for path in (
        "/api/v1/analyses",
        "/api/v1/analyses/{job_id}",
        "/api/v1/policies",
        "/api/v1/policies/{policy_id}/versions",
        "/api/v1/policies/{policy_id}/diff",
    ):
        assert path in paths, path
    report = spec["components"]["schemas"]["Report"]
    for field in ("policy_id", "badge", "findings", "categories", "summary", "diff"):
        assert field in report["properties"]


def test_a_changed_policy_is_seen_on_the_next_look_without_force(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    """A stored report is answered at once; its re-check finds the change, and the look
    after it shows the new version, with the material change quoted, no force needed."""
    app = make_app(REVALIDATE_AFTER="0")
    client = app.test_client()
    seed = SEEDS[0].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", seed)
    first = analyse_now(app, client, url)["result"]
    serve_text(
        policy_site, "/privacy", seed + "\n\nWe sell your personal information to data brokers."
    )

    look = client.post("/api/v1/analyses", json={"url": url, "since": first["version"]["id"]})
    assert look.status_code == 200
    answer = look.get_json()
    assert answer["result"]["version"]["id"] == first["version"]["id"]  # stored, at once
    revalidation = answer["revalidation"]
    assert revalidation["poll"] == f"/api/v1/analyses/{revalidation['job_id']}"
    run_jobs(app)
    rechecked = client.get(revalidation["poll"]).get_json()
    assert rechecked["status"] == "finished"
    newer = rechecked["result"]
    assert newer["version"]["id"] != first["version"]["id"]
    top = newer["diff"]["changes"][0]
    assert top == {
        "kind": "added",
        "material": True,
        "category": "third_party_sharing",
        "old": None,
        "new": "We sell your personal information to data brokers.",
        "findings_added": ["sells_data"],
        "findings_removed": [],
    }
    assert "We sell your personal information to data brokers." in newer["diff"]["summary"]

    again = client.post("/api/v1/analyses", json={"url": url, "since": first["version"]["id"]})
    assert again.status_code == 200
    assert again.get_json()["result"]["version"]["id"] == newer["version"]["id"]


def test_a_recently_checked_report_is_not_rechecked(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    app = make_app()  # REVALIDATE_AFTER defaults to 600 s
    client = app.test_client()
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    analyse_now(app, client, url)
    look = client.post("/api/v1/analyses", json={"url": url})
    assert look.status_code == 200
    assert look.get_json()["revalidation"] is None


def test_a_stored_report_is_answered_without_a_dns_lookup(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The popup's POST on a stored policy is one store read: the guard's DNS lookup runs
    only before a new job (the re-check's own fetch is guarded anyway)."""
    url = serve_text(policy_site, "/privacy", SEEDS[0].read_text(encoding="utf-8"))
    analyse_now(app, client, url)

    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored answer looked the host up")

    monkeypatch.setattr("server.analyses.check_url", no_lookup)
    assert client.post("/api/v1/analyses", json={"url": url}).status_code == 200
