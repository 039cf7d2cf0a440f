"""What the server gives the extension: CORS for extension origins, per-install rate limits."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.helpers import AppFactory, free_port

TOKEN = "3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c"


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("chrome-extension://abcdefghijklmnopabcdefghijklmnop", True),
        ("moz-extension://6c1a7e2b-1f0d-4b4e-9c39-3f2f0c8d1e55", True),
        ("https://evil.example", False),
        ("null", False),
    ],
)
def test_cors_only_for_extension_origins(client: FlaskClient, origin: str, allowed: bool) -> None:
    preflight = client.options(
        "/api/v1/analyses",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-policywatch-install",
        },
    )
    assert (preflight.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert ("Access-Control-Allow-Origin" in preflight.headers) is allowed
    if allowed:
        assert "X-Policywatch-Install" in preflight.headers["Access-Control-Allow-Headers"]
    response = client.get("/healthz", headers={"Origin": origin})
    assert ("Access-Control-Allow-Origin" in response.headers) is allowed


def test_each_install_is_rate_limited_on_its_own(make_app: AppFactory) -> None:
    client = make_app(RATE_LIMIT_PER_MINUTE="3", ALLOW_PRIVATE_HOSTS="false").test_client()
    body = {"url": "http://127.0.0.1/privacy"}  # refused (422) after counting: cheap to repeat
    statuses = [
        client.post("/api/v1/analyses", json=body, headers={"X-Policywatch-Install": TOKEN})
        for _ in range(4)
    ]
    assert [r.status_code for r in statuses] == [422, 422, 422, 429]
    limited = statuses[-1]
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    other = client.post(
        "/api/v1/analyses", json=body, headers={"X-Policywatch-Install": TOKEN[::-1]}
    )
    assert other.status_code == 422


def test_a_malformed_install_token_is_a_400(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/analyses",
        json={"url": "https://example.com/privacy"},
        headers={"X-Policywatch-Install": "<script>"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_install_token"


CHROME = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://6c1a7e2b-1f0d-4b4e-9c39-3f2f0c8d1e55"


def test_configured_origins_are_the_only_ones_allowed(make_app: AppFactory) -> None:
    client = make_app(EXTENSION_ORIGINS=f" {CHROME}/ , {FIREFOX}").test_client()
    for origin, allowed in (
        (CHROME, True),
        (FIREFOX, True),
        ("chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba", False),
        ("moz-extension://00000000-0000-0000-0000-000000000000", False),
        ("https://evil.example", False),
    ):
        response = client.options(
            "/api/v1/analyses",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed, origin
        assert "Origin" in response.headers["Vary"]


def install_posts(client, install_ids, **environ):  # noqa: ANN001, ANN201
    body = {"url": "http://127.0.0.1/privacy"}  # refused (422) after counting
    return [
        client.post(
            "/api/v1/analyses",
            json=body,
            headers={"X-Policywatch-Install": install_id, **environ.get("headers", {})},
            environ_base=environ.get("environ_base", {}),
        ).status_code
        for install_id in install_ids
    ]


def test_rotating_install_ids_hits_the_per_address_limit(make_app: AppFactory) -> None:
    client = make_app(
        RATE_LIMIT_PER_MINUTE="3",
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE="5",
        ALLOW_PRIVATE_HOSTS="false",
    ).test_client()
    ids = [f"install-{n:012d}" for n in range(7)]
    assert install_posts(client, ids) == [422] * 5 + [429] * 2
    limited = client.post(
        "/api/v1/analyses",
        json={"url": "x"},
        headers={"X-Policywatch-Install": "another-install-0"},
    )
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert "address" in limited.get_json()["error"]["message"]
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # another address is not affected
    assert install_posts(client, ids[:1], environ_base={"REMOTE_ADDR": "192.0.2.7"}) == [422]


def test_the_home_page_form_counts_against_the_same_limits(make_app: AppFactory) -> None:
    client = make_app(RATE_LIMIT_PER_MINUTE="2", ALLOW_PRIVATE_HOSTS="false").test_client()
    statuses = [client.post("/", data={"url": "http://127.0.0.1/"}).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    limited = client.post("/", data={"url": "http://127.0.0.1/"})
    assert limited.mimetype == "text/html" and "Retry-After" in limited.headers
    assert client.get("/").status_code == 200  # reading is never limited


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(make_app: AppFactory) -> None:
    def forwarded(address: str) -> dict:
        return {"headers": {"X-Forwarded-For": address}}

    direct = make_app(
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE="2", ALLOW_PRIVATE_HOSTS="false"
    ).test_client()
    spoofed = [
        install_posts(direct, [f"install-{n:012d}"], **forwarded(f"198.51.100.{n}"))[0]
        for n in range(3)
    ]
    assert spoofed == [422, 422, 429]  # X-Forwarded-For is ignored: one address

    proxied = make_app(
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE="2", TRUSTED_PROXIES="1", ALLOW_PRIVATE_HOSTS="false"
    ).test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = [
        install_posts(proxied, [f"proxy-{n:014d}"], environ_base=proxy, **forwarded("203.0.113.9"))[
            0
        ]
        for n in range(3)
    ]
    assert first == [422, 422, 429]
    other = install_posts(
        proxied, ["proxy-99999999999999"], environ_base=proxy, **forwarded("203.0.113.10")
    )
    assert other == [422]


def test_limits_fail_open_when_redis_is_down(make_app: AppFactory) -> None:
    client = make_app(
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        RATE_LIMIT_PER_MINUTE="1",
        ALLOW_PRIVATE_HOSTS="false",
    ).test_client()
    statuses = install_posts(client, [TOKEN, TOKEN, TOKEN])
    assert statuses == [422, 422, 422]  # counted nowhere, refused for their own reason
