"""What the server gives the extension: CORS for extension origins, per-install rate limits."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import AppFactory

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
