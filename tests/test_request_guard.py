"""Limits on requests: body size (413), JSON depth and syntax (400 invalid_json), URL length."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from server.request_guard import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from server.schemas import MAX_URL_LENGTH
from tests.helpers import AppFactory

LONG_URL = "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/") + 1)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('{"url": "x"}', 1),
        ('{"a": [[1], {"b": []}]}', 4),
        ('{"a": "[[[[{{{{"}', 1),  # brackets inside strings do not nest
        ('{"a": "\\"[[[["}', 1),  # nor after an escaped quote
        ("42", 0),
        ("[" * 100_000, 100_000),
    ],
)
def test_json_depth_counts_nesting_without_parsing(text: str, depth: int) -> None:
    assert json_depth(text) == depth


def post_json_text(client: FlaskClient, path: str, text: str | bytes):  # noqa: ANN201
    return client.post(path, data=text, headers={"Content-Type": "application/json"})


def test_a_body_over_64_kb_is_413_too_large(client: FlaskClient) -> None:
    body = '{"url": "https://example.com/privacy", "pad": "' + "x" * MAX_BODY_BYTES + '"}'
    for path in ("/api/v1/analyses", "/api/v1/webhooks"):
        response = post_json_text(client, path, body)
        assert response.status_code == 413, path
        assert response.get_json()["error"]["code"] == "too_large"


def test_a_chunked_body_over_64_kb_is_413_too(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/analyses",
        input_stream=io.BytesIO(b"[" * (MAX_BODY_BYTES + 1)),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_body_just_under_the_limit_is_read(client: FlaskClient) -> None:
    body = '{"url": "ftp://example.com/", "pad": "' + "x" * (MAX_BODY_BYTES - 100) + '"}'
    response = post_json_text(client, "/api/v1/analyses", body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_url"


@pytest.mark.parametrize(
    "body",
    [
        "[" * 30_000 + "]" * 30_000,  # under 64 KB, and would overflow json.loads' recursion
        "[" * 60_000,
        '{"url": ' + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "}",
        "{not json",
        '{"url": "https://example.com/privacy",}',
        b'{"url": "https://example.com/\xff"}',  # not UTF-8
    ],
    ids=["deep-30000", "deep-unclosed", "depth-33", "malformed", "trailing-comma", "latin-1"],
)
def test_deep_or_malformed_json_is_400_invalid_json(client: FlaskClient, body: str | bytes) -> None:
    for path in ("/api/v1/analyses", "/api/v1/webhooks"):
        response = post_json_text(client, path, body)
        assert response.status_code == 400, path
        error = response.get_json()["error"]
        assert error["code"] == "invalid_json", path
        assert error["message"]


def test_a_100000_deep_body_is_refused_not_a_500(make_app: AppFactory) -> None:
    body = "[" * 100_000 + "]" * 100_000
    client = make_app().test_client()
    assert post_json_text(client, "/api/v1/analyses", body).status_code == 413
    roomy = make_app(MAX_CONTENT_LENGTH=str(1024 * 1024)).test_client()  # depth check alone
    response = post_json_text(roomy, "/api/v1/analyses", body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_json_nested_within_the_limit_reaches_validation(client: FlaskClient) -> None:
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = post_json_text(client, "/api/v1/analyses", '{"url": ' + nested + "}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_request"


def test_a_url_over_2048_characters_is_400_invalid_url(keyed_client: FlaskClient) -> None:
    client = keyed_client  # the webhooks API needs a key before it reads the body
    assert len(LONG_URL) == MAX_URL_LENGTH + 1
    responses = {
        "analyses": client.post("/api/v1/analyses", json={"url": LONG_URL}),
        "policies": client.get("/api/v1/policies", query_string={"url": LONG_URL}),
        "webhook url": client.post(
            "/api/v1/webhooks", json={"url": LONG_URL, "policies": ["https://example.com/p"]}
        ),
        "webhook policies": client.post(
            "/api/v1/webhooks",
            json={
                "url": "https://hooks.example/pw",
                "policies": ["https://example.com/", LONG_URL],
            },
        ),
    }
    for name, response in responses.items():
        assert response.status_code == 400, name
        error = response.get_json()["error"]
        assert error["code"] == "invalid_url", name
        assert "2048" in error["message"], name


def test_a_url_of_exactly_2048_characters_passes_the_length_check(client: FlaskClient) -> None:
    url = LONG_URL[:-1]
    response = client.get("/api/v1/policies", query_string={"url": url})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_analysed"


def test_the_home_page_form_refuses_a_long_url_as_html(client: FlaskClient) -> None:
    response = client.post("/", data={"url": LONG_URL})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "2048" in response.get_data(as_text=True)


def test_the_home_page_form_over_64_kb_is_an_html_413(client: FlaskClient) -> None:
    response = client.post("/", data={"url": "x" * (MAX_BODY_BYTES + 1)})
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "64 KB" in response.get_data(as_text=True)
