"""The stored-lookup fast path answers exactly as Flask's path does: same status, headers and
bytes, for cache hits it answers itself and for everything else it hands to Flask."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import Client, TestResponse

from server.fast_lookups import StoredLookups
from tests.helpers import AppFactory
from tests.local_http import LocalHTTPServer
from tests.test_lookups import two_versions
from worker.store.report_cache import touched_key
from worker.store.tables import Policy

PATH = "/api/v1/policies"


def answers(app: Flask, query: Any, headers: dict[str, str], **kwargs: Any) -> list[TestResponse]:
    """The app's answer (through the fast path) and Flask's own answer to one request."""
    middleware = app.wsgi_app
    assert isinstance(middleware, StoredLookups)
    return [
        Client(wsgi).get(PATH, query_string=query, headers=headers, **kwargs)
        for wsgi in (app, middleware.app)
    ]


def same(responses: Iterable[TestResponse]) -> TestResponse:
    fast, flask = responses
    assert fast.status == flask.status
    assert sorted(fast.headers.items()) == sorted(flask.headers.items())
    assert fast.get_data() == flask.get_data()
    return fast


class Counting:
    """A WSGI app that counts the requests it is handed."""

    def __init__(self, app: Any) -> None:
        self.app, self.calls = app, 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture
def stored(make_app: AppFactory, policy_site: LocalHTTPServer) -> tuple[Flask, str, str, str]:
    """An app with a policy of two versions, its lookups cached; URL, first version, ETag."""
    app = make_app(EXTENSION_ORIGINS="chrome-extension://abcdefghijklmnop")
    url, first = two_versions(app, policy_site)
    client = app.test_client()
    for query in ({"url": url}, {"url": url, "since": first["version"]["id"]}):
        client.get(PATH, query_string=query)  # fills the cache
    etag = client.get(PATH, query_string={"url": url}).headers["ETag"]
    return app, url, first["version"]["id"], etag


HIT_HEADERS = [
    {},
    {"Origin": "chrome-extension://abcdefghijklmnop"},
    {"Origin": "https://evil.example"},
    {"If-None-Match": "ETAG"},
    {"If-None-Match": "W/ETAG"},
    {"If-None-Match": '"0123", ETAG'},
    {"If-None-Match": '"not-it"'},
    {"If-None-Match": "*"},
    {"Accept": "text/html"},
]


@pytest.mark.parametrize("headers", HIT_HEADERS, ids=lambda h: "-".join(h.values()) or "plain")
@pytest.mark.parametrize("with_since", [False, True], ids=["report", "since"])
def test_a_cache_hit_is_answered_by_the_fast_path_as_flask_would(
    stored: tuple[Flask, str, str, str], headers: dict[str, str], with_since: bool
) -> None:
    app, url, since, etag = stored
    headers = {name: value.replace("ETAG", etag) for name, value in headers.items()}
    query = {"url": url, "since": since} if with_since else {"url": url}
    middleware = app.wsgi_app
    assert isinstance(middleware, StoredLookups)
    counting = middleware.app = Counting(middleware.app)
    response = same(answers(app, query, headers))
    assert counting.calls == 1  # only the second request, made to Flask directly
    assert response.status_code in (200, 304)


@pytest.mark.parametrize(
    ("query", "kwargs"),
    [
        ("url=URL&utm_source=x", {}),  # an unknown parameter: Flask's parsing decides
        ("url=URL&url=URL", {}),
        ("url=URL&since=made-up", {}),  # not cached under that name: Flask rebuilds
        ("url=https%3A%2F%2Fnever.example%2Fprivacy", {}),  # not analysed: 404
        ("url=ftp%3A%2F%2Fexample.com%2F", {}),  # invalid: 400
        ("url=URL" + "%3Fq%3D" + "a" * 2100, {}),  # over 2,048 characters: 400
        ("since=x", {}),  # no url: 400
        ("url=URL", {"json": {"url": "x"}}),  # a body: the request guard looks at it
        ("url=URL", {"data": b"{", "content_type": "application/json"}),
    ],
    ids=lambda value: str(value)[:40],
)
def test_anything_but_a_plain_hit_is_handed_to_flask(
    stored: tuple[Flask, str, str, str], query: str, kwargs: dict[str, Any]
) -> None:
    app, url, _, _ = stored
    from urllib.parse import quote

    query = query.replace("URL", quote(url, safe=""))
    middleware = app.wsgi_app
    assert isinstance(middleware, StoredLookups)
    counting = middleware.app = Counting(middleware.app)
    response = same(answers(app, query, {}, **kwargs))
    assert counting.calls == 2  # both requests reached Flask
    assert response.status_code in (200, 400, 404)


def test_a_fast_lookup_writes_looked_up_at_once_in_a_while(
    stored: tuple[Flask, str, str, str],
) -> None:
    app, url, _, _ = stored
    store = app.extensions["policywatch"].store
    pid = app.test_client().get(PATH, query_string={"url": url}).get_json()["policy_id"]
    with store.session() as session:
        policy = session.get(Policy, pid)
        assert policy is not None
        policy.looked_up_at = None
    client = Client(app)
    assert client.get(PATH, query_string={"url": url}).status_code == 200
    assert store.policy(pid).looked_up_at is None  # looked up moments ago
    app.extensions["policywatch"].redis.delete(touched_key(pid))  # the interval has passed
    assert client.get(PATH, query_string={"url": url}).status_code == 200
    assert store.policy(pid).looked_up_at is not None
