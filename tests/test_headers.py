"""Security headers: nosniff everywhere; CSP, no referrer and no framing on HTML pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from server.headers import HTML_POLICY

TEMPLATES = Path(__file__).resolve().parent.parent / "server" / "templates"


def test_every_response_is_nosniff(client: FlaskClient) -> None:
    for path in ("/healthz", "/api/v1/openapi.json", "/api/v1/nothing", "/", "/nothing"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
    with client.get("/static/pages/history.css") as css:
        assert css.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/policies/unknown", "/nothing-here"])
def test_html_pages_carry_csp_no_referrer_and_no_framing(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert policy == HTML_POLICY
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "'unsafe-inline'" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_json_answers_are_locked_down_too(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_have_no_inline_script_or_style(template: str) -> None:
    """What the CSP would block: inline <script>, <style>, style= and on*= attributes."""
    html = (TEMPLATES / template).read_text(encoding="utf-8").lower()
    for banned in ("<script", "<style", "style=", "javascript:"):
        assert banned not in html, (template, banned)
    assert not re.search(r"\son[a-z]+\s*=", html), template
