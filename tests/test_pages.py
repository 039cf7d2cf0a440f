"""The history page: badge, findings, version timeline, material changes, highlighted diff."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import server.lookups
from server.pages import MaterialChange, changed_paragraphs, human_date, material_changes
from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESOURCES,
    LiveServer,
    run_jobs,
    screenshot_path,
    serve_text,
)
from tests.local_http import LocalHTTPServer

ROOT = Path(__file__).resolve().parent.parent
OLD = RESOURCES / "seeds" / "001_926297ac4249c720.txt"
ADDED = "We sell your personal information to data brokers."
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
HUMAN_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC\b")

CHANGES: list[dict[str, Any]] = [
    {
        "kind": "modified",
        "material": True,
        "category": "data_retention",
        "old": "We keep data for 30 days.",
        "new": "We keep data for as long as we like.",
        "findings_added": [],
        "findings_removed": ["retention_limited"],
    },
    {
        "kind": "added",
        "material": True,
        "category": "third_party_sharing",
        "old": None,
        "new": "We share <everything> with partners & affiliates.",
        "findings_added": ["shares_for_advertising"],
        "findings_removed": [],
    },
    {
        "kind": "removed",
        "material": True,
        "category": "user_choice",
        "old": "You can opt out of marketing emails.",
        "new": None,
        "findings_added": [],
        "findings_removed": ["marketing_opt_out"],
    },
    {
        "kind": "modified",
        "material": False,
        "category": None,
        "old": "Last updated: 1 May 2025.",
        "new": "Last updated: 1 June 2026.",
        "findings_added": [],
        "findings_removed": [],
    },
]
"""A hand-built Diff `changes` list, in API.md's shape: three material changes and one not."""


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


def popup_palette() -> dict[str, tuple[str, str]]:
    """The extension popup's badge colours (extension/render.js), grade -> (background, text)."""
    source = (ROOT / "extension" / "render.js").read_text(encoding="utf-8")
    pattern = r'([A-E]): \{ background: "(#[0-9a-f]{6})", text: "(#[0-9a-f]{6})" \}'
    palette = {grade: (bg, fg) for grade, bg, fg in re.findall(pattern, source)}
    assert sorted(palette) == list("ABCDE"), palette
    return palette


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def contrast(background: str, text: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(background), luminance(text)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


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


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 12, 4, 16, 38, 5, tzinfo=UTC), "4 December 2026, 16:38 UTC"),
        ("2026-12-04T16:38:05.123456Z", "4 December 2026, 16:38 UTC"),
        (
            datetime(2026, 1, 1, 1, 5, tzinfo=timezone(timedelta(hours=2))),
            "31 December 2025, 23:05 UTC",
        ),
        (datetime(2026, 3, 9, 7, 0), "9 March 2026, 07:00 UTC"),
        (None, "unknown"),
    ],
)
def test_human_date_reads_like_a_date(moment: datetime | str | None, expected: str) -> None:
    assert human_date(moment) == expected


def test_material_changes_lists_only_material_ones_in_order() -> None:
    assert material_changes({"changes": CHANGES}) == [
        MaterialChange(
            "Changed", "We keep data for as long as we like.", "We keep data for 30 days."
        ),
        MaterialChange("Added", "We share <everything> with partners & affiliates."),
        MaterialChange("Removed", "You can opt out of marketing emails."),
    ]
    assert material_changes({"ops": []}) == []  # no `changes` list yet: nothing extra
    assert material_changes({"changes": []}) == []
    assert material_changes(None) == []


def test_history_page_shows_badge_timeline_and_diff(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    pid = two_versions(app, client, policy_site)
    page = client.get(f"/policies/{pid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"<ins>{ADDED}" in html
    assert html.count('<span class="grade grade-') == 2
    assert re.search(r'<div class="badge grade-[A-E]"', html)
    # the seed promises not to sell; the added sentence sells: both shown, the promise flagged
    assert "Sells or rents your personal data" in html
    assert "Says it does not sell your personal data, yet another passage says it may" in html
    # human dates, never a raw ISO stamp in the text people read
    visible = re.sub(r"<[^>]+>", " ", html)
    assert HUMAN_DATE.search(visible), visible
    assert not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", visible)
    # a way home and to the feed; the CSP allows no inline style or script
    assert 'class="brand" href="/"' in html
    feed = '<link rel="alternate" type="application/atom+xml" title="Changes to '
    assert feed in html and f'href="/policies/{pid}/feed.atom"' in html
    assert "style=" not in html and "<script" not in html and "<style" not in html
    # the material change is listed, quoted, above the full diff
    material = html.split('<ul class="material">', 1)[1].split("</ul>", 1)[0]
    assert f"<strong>Added:</strong> {ADDED}" in material
    assert html.index('<ul class="material">') < html.index(f"<ins>{ADDED}")
    # above the list, the findings it brought, once: the list quotes the sentence, the stats
    # line counts the words and gives the grade, so the Diff's summary would say it all twice
    headline = html.split('<p class="change-summary">', 1)[1].split("</p>", 1)[0]
    assert headline.startswith("Now: sells or rents your personal data")
    assert ADDED not in headline and "words" not in headline and "Grade" not in headline
    assert html.count(f"“{ADDED}”") == 0
    assert client.get("/policies/unknown").status_code == 404


def test_each_finding_shows_its_first_evidence_and_the_rest_behind_more(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    pid = two_versions(app, client, policy_site)
    html = client.get(f"/policies/{pid}").get_data(as_text=True)
    findings = html.split('<li class="finding ')[1:]
    assert findings
    many = 0
    for finding in findings:
        first_quote = finding.find("<blockquote>")
        more = finding.find('<details class="more">')
        if first_quote == -1:
            assert "The policy says nothing about this." in finding
            continue
        assert more == -1 or first_quote < more  # the first sentence is outside <details>
        if more != -1:
            many += 1
            assert re.search(r"<summary>\d+ more passages?</summary>", finding)
    assert many, "the seed has at least one finding with several passages"


def test_material_changes_show_above_the_full_diff(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_diff_json = server.lookups.diff_json

    def diff_with_changes(old: Any, new: Any) -> dict[str, Any]:
        return {**real_diff_json(old, new), "changes": CHANGES}

    monkeypatch.setattr(server.lookups, "diff_json", diff_with_changes)
    pid = two_versions(app, client, policy_site)
    html = client.get(f"/policies/{pid}").get_data(as_text=True)
    listed = html.index('<ul class="material">')
    assert listed < html.index('<div class="diff">')
    items = re.findall(r"<li class=\"change-\w+\">(.*?)</li>", html, re.DOTALL)
    assert [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items] == [
        "Changed: We keep data for as long as we like. (was: We keep data for 30 days.)",
        "Added: We share &lt;everything&gt; with partners &amp; affiliates.",
        "Removed: You can opt out of marketing emails.",
    ]
    assert "Last updated: 1 June 2026." not in html  # not material


@pytest.mark.browser
def test_history_page_is_accessible_and_fits_a_phone_and_a_laptop(
    app: Flask,
    client: FlaskClient,
    policy_site: LocalHTTPServer,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    """axe-core finds no serious or critical violation at 390 and 1280 px; the badges use
    the popup's colours; nothing is wider than a phone's screen."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci in tests/)")
    palette = popup_palette()
    pid = two_versions(app, client, policy_site)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for width in (390, 1280):
            # bypass_csp: the page's CSP forbids injected scripts, axe-core is one
            context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
            page = context.new_page()
            page.goto(f"{live_server.url}/policies/{pid}")
            grade = page.locator(".badge").inner_text()
            assert grade in palette
            badge_colours = page.locator(".badge").evaluate(
                "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"
            )
            assert badge_colours == [rgb(palette[grade][0]), rgb(palette[grade][1])]
            inserted = page.locator(".diff ins").first
            assert ADDED in inserted.inner_text()
            assert inserted.evaluate("e => getComputedStyle(e).backgroundColor") != (
                "rgba(0, 0, 0, 0)"
            )
            assert page.locator(".timeline li").count() == 2
            assert page.locator('a.brand[href="/"]').is_visible()
            assert HUMAN_DATE.search(page.locator(".timeline").inner_text())
            # the first passage of a finding is shown, the others wait behind "more"
            more = page.locator(".finding details.more").first
            assert more.locator("summary").is_visible()
            assert not more.locator("blockquote").first.is_visible()
            assert more.locator("xpath=..").locator("> blockquote").first.is_visible()
            # not squeezed: no sideways scrolling, the headline keeps room beside the badge
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator(".verdict").bounding_box()["width"] >= 200
            page.screenshot(
                path=str(screenshot_path(tmp_path, f"history-{width}.png")), full_page=True
            )
            # every grade's chip in the page's CSS is the popup's colour pair
            chips = page.evaluate(
                """grades => grades.map(g => {
                    const chip = document.createElement('span');
                    chip.className = 'probe grade grade-' + g;
                    document.body.append(chip);
                    const style = getComputedStyle(chip);
                    return [g, style.backgroundColor, style.color];
                })""",
                list("ABCDE"),
            )
            for g, background, text in chips:
                assert (background, text) == (rgb(palette[g][0]), rgb(palette[g][1])), g
            page.evaluate("document.querySelectorAll('.probe').forEach(chip => chip.remove())")
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ['violations']}))
                    .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 3).map(n => n.html)}))"""
            )
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            assert serious == [], (width, serious)
            context.close()
        # under the real CSP (no bypass): no violation on the history page, home or a 404
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
        for path in (f"/policies/{pid}", "/", "/nothing-here"):
            page.goto(f"{live_server.url}{path}")
            assert page.locator("header .brand").is_visible()
        browser.close()
    assert violations == []


def test_the_popup_palette_meets_wcag_aa() -> None:
    for grade, (background, text) in popup_palette().items():
        assert contrast(background, text) >= 4.5, grade


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


def test_a_policy_that_switched_language_reads_without_none(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    """Instagram's policy in English, then in French: the page says it is not graded and in
    French, lists no finding as removed, and never shows "None"."""
    folder = RESOURCES / "ota" / "Instagram"
    english = (folder / "2020-12-02T17-30-52.md").read_text(encoding="utf-8")
    french = (folder / "2021-02-23T07-49-54.md").read_text(encoding="utf-8")
    url = serve_text(policy_site, "/privacy", english, "text/markdown")
    client.post("/api/v1/analyses", json={"url": url})
    run_jobs(app)
    serve_text(policy_site, "/privacy", french, "text/markdown")
    state = client.post("/api/v1/analyses", json={"url": url, "force": True}).get_json()
    run_jobs(app)
    report = client.get(state["poll"]).get_json()["result"]
    assert report["language"] == "fr" and report["badge"] is None
    html = client.get(f"/policies/{report['policy_id']}").get_data(as_text=True)
    visible = re.sub(r"<[^>]+>", " ", html)
    assert "None" not in visible
    assert "French" in visible
    assert "No longer" not in visible
