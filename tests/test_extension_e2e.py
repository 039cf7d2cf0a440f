"""The unpacked extension in headless Chromium against the real server, RQ worker and Redis."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, Worker, expect, sync_playwright
from werkzeug.serving import make_server

from tests.helpers import CHROMIUM, SEEDS, AppFactory, LiveServer, run_jobs, screenshot_path
from tests.local_http import LocalHTTPServer, Route

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
SHOP_FOOTER_PAGE = EXTENSION / "tests" / "fixtures" / "shop-en-us.html"
NO_LINK_PAGE = EXTENSION / "tests" / "fixtures" / "blog-no-policy.html"
POLICY_PATH = "/legal/privacy-policy"
"""Where shop-en-us.html's footer "Privacy Policy" link points."""
GRADE_COLOURS = {"A": "#0b6e3a", "B": "#527a0a", "C": "#f2c200", "D": "#c24e00", "E": "#b3261e"}
"""extension/render.js GRADE_COLOURS backgrounds."""
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
"""The install token: crypto.randomUUID()."""
SELLING_CLAUSE = (
    "We may sell, rent or trade your personal information to advertising partners and data "
    "brokers, who may use it to show you targeted advertising."
)


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    # REVALIDATE_AFTER=0: every popup opening re-checks, as when a user comes back days later.
    return make_app(REVALIDATE_AFTER="0")


@dataclass
class Browser:
    """A headless Chromium with the unpacked extension loaded."""

    context: BrowserContext
    worker: Worker
    extension_id: str

    def tab_id(self, url: str) -> int:
        tabs = self.worker.evaluate("chrome.tabs.query({})")
        return next(tab["id"] for tab in tabs if tab.get("url") == url)

    def open_popup(self, tab_id: int) -> Page:
        page = self.context.new_page()
        page.set_viewport_size({"width": 380, "height": 600})
        page.goto(f"chrome-extension://{self.extension_id}/popup.html?tab={tab_id}")
        return page

    def badge_text(self, tab_id: int) -> str:
        return str(self.worker.evaluate(f"chrome.action.getBadgeText({{tabId: {tab_id}}})"))

    def storage(self) -> dict[str, Any]:
        return dict(self.worker.evaluate("chrome.storage.local.get(null)"))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make install-test does)")
    unpacked = tmp_path / "extension"
    shutil.copytree(EXTENSION, unpacked, ignore=shutil.ignore_patterns("node_modules", "tests"))
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                f"--disable-extensions-except={unpacked}",
                f"--load-extension={unpacked}",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        worker = (
            context.service_workers[0]
            if context.service_workers
            else context.wait_for_event("serviceworker", timeout=15_000)
        )
        extension_id = worker.url.split("/")[2]
        yield Browser(context, worker, extension_id)
        context.close()


def policy_page(text: str) -> bytes:
    """A seed policy as the HTML page a shop serves: its own header and footer around it."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    body = "\n".join(
        f"<h2>{escape(block.lstrip('#').strip())}</h2>"
        if block.startswith("#")
        else f"<p>{escape(block)}</p>"
        for block in blocks
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Privacy Policy | Northfield Outfitters</title></head><body>"
        "<header><a href='/'>Northfield Outfitters</a> <a href='/cart'>Cart</a></header>"
        f"<main><article><h1>Privacy Policy</h1>{body}</article></main>"
        "<footer><a href='/legal/terms-of-use'>Terms of Use</a> "
        f"<a href='{POLICY_PATH}'>Privacy Policy</a></footer></body></html>"
    ).encode()


def set_server(browser: Browser, server_url: str) -> None:
    """Point the extension at the test server through its options page, as a user would."""
    options = browser.context.new_page()
    options.goto(f"chrome-extension://{browser.extension_id}/options.html")
    options.fill("#server-url", server_url)
    options.click("button[type=submit]")
    # a locator, not wait_for_function: the options page's CSP forbids the eval that one needs
    expect(options.locator("#status")).to_have_text("Saved.", timeout=30_000)
    options.close()


def wait_for_report(popup: Page, app: Flask, timeout_s: float = 90) -> None:
    """Run queued jobs with a real RQ worker until the popup shows a report (or an error)."""
    for _ in range(int(timeout_s / 0.3)):
        run_jobs(app)
        if popup.is_visible("#state-report") or popup.is_visible("#state-error"):
            break
        popup.wait_for_timeout(300)
    assert popup.is_visible("#state-report"), popup.evaluate(
        "[document.body.dataset.error, document.querySelector('#error-message').textContent]"
    )


def wait_for_revalidation(popup: Page, app: Flask, timeout_s: float = 90) -> str:
    """Run queued jobs until the popup's background re-check of a stored report ends."""
    state = "checking"
    for _ in range(int(timeout_s / 0.3)):
        run_jobs(app)
        state = popup.evaluate("document.body.dataset.revalidation || ''")
        if state not in ("", "checking"):
            break
        popup.wait_for_timeout(300)
    return state


def sent_values(request: dict[str, Any]) -> list[str]:
    """Every value a request carried: query parameters, JSON body fields, headers."""
    query = [v for values in parse_qs(request["query"]).values() for v in values]
    body = [str(v) for v in (request["body"] or {}).values()]
    return [*query, *body, *request["headers"].values()]


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_extension_grades_the_footer_policy_and_shows_what_changed(
    browser: Browser, live_server: LiveServer, policy_site: LocalHTTPServer, tmp_path: Path
) -> None:
    seed = SEEDS[0].read_text(encoding="utf-8")
    policy_site.routes["/"] = Route(SHOP_FOOTER_PAGE.read_bytes())
    policy_site.routes[POLICY_PATH] = Route(policy_page(seed))
    policy_url = policy_site.url(POLICY_PATH)
    set_server(browser, live_server.url)
    shop = browser.context.new_page()
    shop.goto(policy_site.url("/"))
    tab = browser.tab_id(policy_site.url("/"))

    # 1. First look: badge, findings with evidence, topics; the toolbar shows the grade.
    popup = browser.open_popup(tab)
    wait_for_report(popup, live_server.app)
    grade = popup.inner_text("#grade")
    assert grade in GRADE_COLOURS
    background = popup.eval_on_selector("#grade", "el => getComputedStyle(el).backgroundColor")
    red, green, blue = (int(GRADE_COLOURS[grade][i : i + 2], 16) for i in (1, 3, 5))
    assert background == f"rgb({red}, {green}, {blue})"
    assert popup.inner_text("#grade-label").strip()
    verdicts = popup.eval_on_selector_all(
        "#findings details", "nodes => nodes.map(n => n.className)"
    )
    assert verdicts, "a real policy has findings"
    order = ["blocker", "bad", "neutral", "good"]
    ranks = [next(i for i, v in enumerate(order) if f"verdict-{v}" in c) for c in verdicts]
    assert ranks == sorted(ranks), verdicts
    quoted = popup.locator("#findings details:has(blockquote)").first
    quoted.locator("summary").click()
    evidence = quoted.locator("blockquote").first.inner_text()
    assert normalised(evidence) in normalised(seed)
    assert popup.is_visible("#categories li")
    assert popup.is_hidden("#changed")
    assert browser.badge_text(tab) == grade
    first = browser.storage()["policies"][policy_url]
    assert first["seenVersion"] == first["latestVersion"]
    history = popup.get_attribute("#history-link", "href")
    assert history == f"{live_server.url}/policies/{first['policyId']}"
    popup.screenshot(path=str(screenshot_path(tmp_path, "screenshots/popup.png")), full_page=True)
    popup.close()

    # 2. The site changes its policy; the user comes back later and opens the popup again.
    paragraphs = seed.split("\n\n")
    changed = "\n\n".join([*paragraphs[:4], SELLING_CLAUSE, *paragraphs[4:]])
    policy_site.routes[POLICY_PATH] = Route(policy_page(changed))
    popup = browser.open_popup(tab)
    wait_for_report(popup, live_server.app)  # the stored report, at once
    assert wait_for_revalidation(popup, live_server.app) == "updated"
    assert popup.is_visible("#changed")
    assert popup.inner_text("#change-summary").strip()
    # the top material change is quoted; the full diff waits behind "Every change in the text"
    top = popup.locator("#top-changes .change").first
    assert "sell, rent or trade" in top.locator(".change-quote").inner_text()
    inserted = " ".join(popup.locator("#diff ins").all_text_contents())
    assert "sell, rent or trade" in inserted
    new_grade = popup.inner_text("#grade")
    assert browser.badge_text(tab) == f"{new_grade}•"
    second = browser.storage()["policies"][policy_url]
    assert second["seenVersion"] == first["seenVersion"] != second["latestVersion"]
    popup.screenshot(
        path=str(screenshot_path(tmp_path, "screenshots/popup-changed.png")), full_page=True
    )

    # 3. "Mark as seen" moves the seen version forward, in this browser only.
    popup.click("#mark-seen")
    popup.wait_for_selector("#changed", state="hidden")
    assert browser.badge_text(tab) == new_grade
    seen = browser.storage()["policies"][policy_url]
    assert seen["seenVersion"] == second["latestVersion"]

    # What reached the server: only the policy URL, with the install token, from the extension.
    api_calls = [r for r in live_server.recorder.requests if r["path"].startswith("/api/")]
    posts = [r for r in api_calls if r["method"] == "POST"]
    assert [p["body"]["url"] for p in posts] == [policy_url, policy_url]
    assert posts[1]["body"]["since"] == first["seenVersion"]
    (token,) = {r["headers"].get("x-policywatch-install") for r in api_calls}
    assert UUID4.fullmatch(token), token
    origin = f"chrome-extension://{browser.extension_id}"
    assert {r["headers"].get("origin") for r in posts} == {origin}
    sent = {value for r in live_server.recorder.requests for value in sent_values(r)}
    assert policy_site.url("/") not in sent, "the page's own URL never leaves the browser"
    assert all("cookie" not in r["headers"] for r in api_calls)


def test_extension_offers_a_pasted_url_when_the_page_has_no_policy_link(
    browser: Browser, live_server: LiveServer, policy_site: LocalHTTPServer
) -> None:
    policy_site.routes["/blog/"] = Route(NO_LINK_PAGE.read_bytes())
    policy_site.routes["/about/privacy-notice"] = Route(
        policy_page(SEEDS[1].read_text(encoding="utf-8"))
    )
    set_server(browser, live_server.url)
    blog = browser.context.new_page()
    blog.goto(policy_site.url("/blog/"))
    popup = browser.open_popup(browser.tab_id(policy_site.url("/blog/")))

    popup.wait_for_selector("#paste-form", state="visible")
    assert popup.inner_text("#error-title") == "No privacy-policy link found"
    assert not [r for r in live_server.recorder.requests if r["method"] == "POST"]
    popup.fill("#paste-url", policy_site.url("/about/privacy-notice"))
    popup.click("#paste-form button[type=submit]")
    wait_for_report(popup, live_server.app)
    assert popup.inner_text("#grade") in GRADE_COLOURS
    sites = browser.storage()["sites"]
    assert sites == {policy_site.base_url: policy_site.url("/about/privacy-notice")}


def test_extension_says_when_the_server_is_unreachable(
    browser: Browser, policy_site: LocalHTTPServer
) -> None:
    policy_site.routes["/"] = Route(SHOP_FOOTER_PAGE.read_bytes())
    closed = make_server("127.0.0.1", 0, lambda environ, start_response: [])
    unreachable = f"http://127.0.0.1:{closed.server_port}"
    closed.server_close()
    set_server(browser, unreachable)
    shop = browser.context.new_page()
    shop.goto(policy_site.url("/"))
    popup = browser.open_popup(browser.tab_id(policy_site.url("/")))

    popup.wait_for_selector("#state-error", state="visible", timeout=30_000)
    assert popup.evaluate("document.body.dataset.error") == "server_unreachable"
    assert popup.inner_text("#error-title") == "Server unreachable"
    assert unreachable in popup.inner_text("#error-message")
    assert popup.is_visible("#retry") and popup.is_visible("#error-options")
