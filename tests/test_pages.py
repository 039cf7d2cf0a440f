"""The history page: badge, findings, version timeline and highlighted changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server.pages import changed_paragraphs
from tests.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESOURCES,
    run_jobs,
    screenshot_path,
    serve_text,
)
from tests.local_http import LocalHTTPServer

OLD = RESOURCES / "seeds" / "001_926297ac4249c720.txt"
ADDED = "We sell your personal information to data brokers."
GRADE_BACKGROUNDS = {
    "A": "rgb(26, 152, 80)",
    "B": "rgb(145, 207, 96)",
    "C": "rgb(254, 224, 139)",
    "D": "rgb(252, 141, 89)",
    "E": "rgb(215, 48, 39)",
}
"""server/static/history.css's [data-grade] backgrounds."""


def two_versions(app: Flask, client: FlaskClient, site: LocalHTTPServer) -> str:
    """Analyse a real policy, then an edited copy; return the policy id."""
    text = OLD.read_text(encoding="utf-8")
    url = serve_text(site, "/privacy", text)
    client.post("/api/v1/analyses", json={"url": url})
    run_jobs(app)
    edited = text.replace("\n\n", f"\n\n{ADDED}\n\n", 1)
    serve_text(site, "/privacy", edited)
    response = client.post("/api/v1/analyses", json={"url": url, "force": True})
    run_jobs(app)
    state = client.get(response.get_json()["poll"]).get_json()
    assert state["status"] == "finished", state
    return str(state["result"]["policy_id"])


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        ([(0, "a\n\nb\n\nc")], [(3, ())]),
        (
            [(0, "a\n\nb "), (1, "new"), (0, "\n\nc")],
            [(1, ()), (0, ((0, "b "), (1, "new"))), (1, ())],
        ),
        ([(-1, "gone\n\n"), (0, "kept")], [(0, ((-1, "gone"),)), (1, ())]),
    ],
)
def test_changed_paragraphs_keeps_only_changes(ops, expected) -> None:
    got = [(p.skipped, p.pieces) for p in changed_paragraphs(ops)]
    assert got == expected


def test_history_page_shows_badge_timeline_and_diff(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    pid = two_versions(app, client, policy_site)
    page = client.get(f"/policies/{pid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"<ins>{ADDED}" in html
    assert html.count('<span class="grade"') == 2
    # the seed promises not to sell; the added sentence sells: both shown, the promise flagged
    assert "Sells or rents your personal data" in html
    assert "Says it does not sell your personal data, yet another passage says it may" in html
    assert client.get("/policies/unknown").status_code == 404


def test_history_page_renders_in_chromium(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    live_server: str,
    tmp_path: Path,
) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    pid = two_versions(app, client, policy_site)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        violations: list[str] = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(f"{live_server}/policies/{pid}")
        grade = page.locator(".badge").inner_text()
        assert grade in "ABCDE"
        colour = page.locator(".badge").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == GRADE_BACKGROUNDS[grade]  # from the stylesheet, under the CSP
        inserted = page.locator(".diff ins").first
        assert ADDED in inserted.inner_text()
        assert inserted.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert page.locator(".timeline li").count() == 2
        page.screenshot(path=str(screenshot_path(tmp_path, "history.png")), full_page=True)
        for path in ("/", "/nothing-here"):
            page.goto(f"{live_server}{path}")
            assert page.locator("header .brand").is_visible()
        browser.close()
    assert violations == []


def test_the_home_page_takes_a_url_and_shows_progress_then_the_policy(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    home = client.get("/")
    assert home.status_code == 200 and 'name="url"' in home.get_data(as_text=True)
    url = serve_text(policy_site, "/privacy", OLD.read_text(encoding="utf-8"))
    posted = client.post("/", data={"url": url})
    assert posted.status_code == 303 and "/jobs/" in posted.headers["Location"]
    waiting = client.get(posted.headers["Location"])
    assert waiting.status_code == 200 and 'http-equiv="refresh"' in waiting.get_data(as_text=True)
    run_jobs(app)
    done = client.get(posted.headers["Location"])
    assert done.status_code == 303 and "/policies/" in done.headers["Location"]
    assert client.get(done.headers["Location"]).status_code == 200
    again = client.post("/", data={"url": url})  # fresh: straight to the policy
    assert again.status_code == 303 and "/policies/" in again.headers["Location"]


def test_the_home_page_explains_a_bad_url(client: FlaskClient) -> None:
    response = client.post("/", data={"url": "ftp://example.com/privacy"})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
