"""Errors speak the route's language: JSON for the API, a small HTML page for the pages."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.helpers import AppFactory, free_port


def test_unknown_paths_are_json_under_api_and_html_elsewhere(client: FlaskClient) -> None:
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404 and api.mimetype == "application/json"
    assert api.get_json()["error"]["code"] == "not_found"
    page = client.get("/nothing-here")
    assert page.status_code == 404 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "Not Found" in html and 'href="/"' in html


def test_an_unknown_policy_page_is_an_html_404(client: FlaskClient) -> None:
    response = client.get("/policies/unknown")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "No policy &#39;unknown&#39; is stored." in response.get_data(as_text=True)
    api = client.get("/api/v1/policies/unknown/versions")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "unknown_policy"


def test_405_names_the_allowed_methods(client: FlaskClient) -> None:
    for path, json_answer in (
        ("/api/v1/analyses", True),
        ("/healthz", True),
        ("/policies/abc", False),
    ):
        response = client.put(path)
        assert response.status_code == 405, path
        assert response.headers["Allow"], path
        if json_answer:
            assert response.get_json()["error"]["code"] == "method_not_allowed", path
        else:
            assert response.mimetype == "text/html", path
    assert set(client.delete("/api/v1/analyses").headers["Allow"].split(", ")) >= {"POST"}


def test_the_form_answers_a_down_queue_with_an_html_503(
    make_app: AppFactory,
) -> None:
    down = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()
    response = down.post("/", data={"url": "https://example.com/privacy"})
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "queue is unavailable" in response.get_data(as_text=True)
    api = down.post("/api/v1/analyses", json={"url": "https://example.com/privacy"})
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "queue_unavailable"


def test_openapi_documents_the_error_statuses(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    error_ref = {"$ref": "#/components/schemas/Error"}

    def documented(path: str, method: str) -> dict[str, dict]:
        return paths[path][method]["responses"]

    analyses = documented("/api/v1/analyses", "post")
    for status in ("400", "413", "422", "429", "503"):
        assert analyses[status]["content"]["application/json"]["schema"] == error_ref, status
    assert "invalid_json" in analyses["400"]["description"]
    assert "Retry-After" in analyses["429"]["headers"]
    assert "400" in documented("/api/v1/policies", "get")
    assert "invalid_url" in documented("/api/v1/policies", "get")["400"]["description"]
    webhooks = documented("/api/v1/webhooks", "post")
    for status in ("400", "413", "422"):
        assert webhooks[status]["content"]["application/json"]["schema"] == error_ref, status
    request_url = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert request_url["AnalysisRequest"]["properties"]["url"]["maxLength"] == 2048
    for path, methods in paths.items():  # bad input is a 400 here, never a 422 by default
        for method, operation in methods.items():
            if method in {"get", "post", "delete"} and "422" in operation["responses"]:
                assert "blocked_url" in operation["responses"]["422"]["description"], path
