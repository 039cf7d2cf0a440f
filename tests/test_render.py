"""The render step against real app-shell pages on 127.0.0.1, in the Debian Chromium: each page
is graded like its policy's plain text, the guard holds for every request the browser makes,
and without Chromium the pipeline falls back to the fetched HTML and says so."""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest

from tests.helpers import AppFactory, run_jobs
from tests.local_http import LocalHTTPServer, Route
from worker.analysis.run import analyse_text
from worker.errors import NotAPolicy
from worker.ingest import render as render_module
from worker.ingest.extract import extract
from worker.ingest.extract.markdown import markdown_blocks
from worker.ingest.fetch import fetch
from worker.ingest.normalise import version_id
from worker.ingest.render import (
    RenderFailed,
    RenderOptions,
    close_browsers,
    looks_like_app_shell,
    needs_rendering,
    render,
    render_if_needed,
)
from worker.pipeline import analyse
from worker.records import FetchedPage
from worker.settings import Settings

RENDER = Path(__file__).parent / "resources" / "render"
pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
NO_CHROMIUM = "/nonexistent/chromium"

PAGES = {
    "json-shell.html": "reddit-2025-05-29.md",
    "delayed.html": "pinterest-2023-02-15.md",
    "consent.html": "viber-2021-08-03.md",
    "cookie-wall.html": "snapchat-2024-01-04.md",
}
"""Each app-shell page and the real policy its script shows."""


def plain_finding_ids(name: str) -> list[str]:
    return [finding.id for finding in analyse_text(extract(markdown_page(name))).findings]


def plain_text(name: str) -> str:
    return extract(markdown_page(name)).text


def markdown_page(name: str) -> FetchedPage:
    return FetchedPage(
        url=f"file:///{name}",
        final_url=f"file:///{name}",
        content_type="text/markdown",
        body=(RENDER / name).read_bytes(),
        fetched_at=datetime.now(UTC),
        charset="utf-8",
    )


def policy_json(name: str) -> str:
    """The policy as the app's API sends it: title and rich-text blocks."""
    text = (RENDER / name).read_text(encoding="utf-8")
    blocks = markdown_blocks(text)
    return json.dumps({"title": "Privacy Policy", "blocks": blocks}).replace("</", "<\\/")


def html_page(body: str, url: str = "https://policy.example/privacy") -> FetchedPage:
    return FetchedPage(
        url=url,
        final_url=url,
        content_type="text/html",
        body=body.encode("utf-8"),
        fetched_at=datetime.now(UTC),
        charset="utf-8",
    )


def serve_app(site: LocalHTTPServer, page: str, policy: str) -> str:
    """Serve one app-shell page, its script and its policy's JSON; the page's address."""
    site.routes.clear()
    site.requests.clear()
    document = (RENDER / page).read_text(encoding="utf-8")
    document = document.replace("__POLICY_JSON__", policy_json(policy))
    site.routes["/privacy"] = Route(document.encode("utf-8"))
    site.routes["/assets/app.js"] = Route(
        (RENDER / "app.js").read_bytes(), content_type="text/javascript"
    )
    site.routes["/assets/app.css"] = Route(b"body { font: 16px serif; }", content_type="text/css")
    site.routes["/api/policies/privacy"] = Route(
        b"", status=302, headers={"Location": "/api/policy.json"}
    )
    site.routes["/api/policy.json"] = Route(
        policy_json(policy).encode("utf-8"), content_type="application/json"
    )
    return site.url("/privacy")


@pytest.fixture(scope="module")
def site() -> Iterator[LocalHTTPServer]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make install-test does)")
    server = LocalHTTPServer().start()
    yield server
    server.stop()
    close_browsers()


@pytest.fixture(scope="module")
def internal_service() -> Iterator[LocalHTTPServer]:
    """Another local port: a service inside the network a hostile page reaches for."""
    server = LocalHTTPServer().start()
    server.routes["/secret"] = Route(b"top secret", content_type="text/plain")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def render_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RENDER_JS", "RENDER_HOSTS", "CHROMIUM_PATH"):
        monkeypatch.delenv(f"POLICYWATCH_{name}", raising=False)


def finding_ids(report_or_analysis: dict) -> list[str]:
    return [finding["id"] for finding in report_or_analysis["findings"]]


@pytest.mark.parametrize(("page", "policy"), sorted(PAGES.items()))
def test_app_shell_is_graded_like_its_plain_text(
    site: LocalHTTPServer, page: str, policy: str
) -> None:
    url = serve_app(site, page, policy)
    plain = analyse_text(extract(markdown_page(policy)))
    expected = plain_finding_ids(policy)

    report = analyse(url, allow_private=True)

    assert finding_ids(report) == expected
    assert report["badge"]["grade"] == plain.badge.grade
    assert "render_note" not in report
    assert report["final_url"] == url


def test_the_version_is_that_of_the_rendered_text(site: LocalHTTPServer) -> None:
    """Under its cookie wall, the page's DOM holds exactly the policy's paragraphs, so its
    version id is the plain text's (the extractor trims some pages' closing addresses from
    HTML, not from Markdown: findings, not ids, are compared for those)."""
    policy = PAGES["cookie-wall.html"]
    url = serve_app(site, "cookie-wall.html", policy)

    report = analyse(url, allow_private=True)

    assert report["version"]["id"] == version_id(plain_text(policy))


def test_a_consent_dialog_is_answered_with_reject(site: LocalHTTPServer) -> None:
    url = serve_app(site, "consent.html", PAGES["consent.html"])
    fetched = fetch(url, allow_private=True)
    assert fetched is not None

    rendering = render(fetched, allow_private=True)

    policy_requests = [headers for _, path, headers in site.requests if path == "/api/policy.json"]
    assert [headers.get("Cookie") for headers in policy_requests] == ["consent=reject"]
    assert extract(rendering.page).text == plain_text(PAGES["consent.html"])


def test_the_plain_fetch_of_each_app_shell_is_not_a_policy(site: LocalHTTPServer) -> None:
    for page, policy in PAGES.items():
        url = serve_app(site, page, policy)
        fetched = fetch(url, allow_private=True)
        assert fetched is not None
        assert needs_rendering(fetched, RenderOptions()), page
        assert not needs_rendering(fetched, RenderOptions(mode="never")), page


def test_redirects_and_scripts_pass_through_the_guard(site: LocalHTTPServer) -> None:
    url = serve_app(site, "json-shell.html", PAGES["json-shell.html"])
    fetched = fetch(url, allow_private=True)
    assert fetched is not None

    rendering = render(fetched, allow_private=True)

    assert rendering.refused == ()
    assert [u.removeprefix(site.base_url) for u in rendering.fetched] == [
        "/assets/app.css",
        "/assets/app.js",
        "/api/policies/privacy",
        "/api/policy.json",
    ]
    assert site.hits("/privacy") == 1, "the page's own document is the fetched body"


def test_a_hostile_page_cannot_reach_private_addresses(
    site: LocalHTTPServer, internal_service: LocalHTTPServer
) -> None:
    secret = internal_service.url("/secret")
    targets = [secret, "http://169.254.169.254/latest/meta-data/", "http://[::1]:6379/"]
    document = (RENDER / "exfiltrate.html").read_text(encoding="utf-8")
    site.routes.clear()
    site.routes["/privacy"] = Route(
        document.replace("__TARGETS_JSON__", json.dumps([secret])).encode("utf-8")
    )
    fetched = fetch(site.url("/privacy"), allow_private=True)
    assert fetched is not None

    # Control: where private addresses are allowed (tests, intranets), the page does reach them.
    render(fetched, allow_private=True, options=RenderOptions(deadline=8))
    assert internal_service.hits("/secret") >= 1

    internal_service.requests.clear()
    hostile = replace(
        fetched, body=document.replace("__TARGETS_JSON__", json.dumps(targets)).encode("utf-8")
    )
    rendering = render(hostile, allow_private=False, options=RenderOptions(deadline=8))

    assert internal_service.hits("/secret") == 0
    assert set(targets) <= {
        url.rstrip("/") + ("/" if url.endswith("/") else "") for url in rendering.refused
    }
    assert rendering.fetched == ()


def test_without_chromium_auto_falls_back_and_says_so(
    site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYWATCH_CHROMIUM_PATH", NO_CHROMIUM)
    url = serve_app(site, "json-shell.html", PAGES["json-shell.html"])

    with pytest.raises(NotAPolicy) as caught:
        analyse(url, allow_private=True)

    assert "could not be rendered" in caught.value.message
    assert NO_CHROMIUM in caught.value.message


def test_never_analyses_the_html_as_fetched(
    site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYWATCH_RENDER_JS", "never")
    url = serve_app(site, "json-shell.html", PAGES["json-shell.html"])

    with pytest.raises(NotAPolicy) as caught:
        analyse(url, allow_private=True)

    assert "could not be rendered" not in caught.value.message
    assert site.hits("/assets/app.js") == 0 and site.hits("/api/policy.json") == 0


def test_a_failed_render_of_a_readable_page_is_noted_in_the_report(
    site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host listed in RENDER_HOSTS whose server-rendered HTML already holds the policy:
    without Chromium the report is that HTML's, with a render_note."""
    policy = PAGES["json-shell.html"]
    url = readable_page_with_script(site, policy)
    monkeypatch.setenv("POLICYWATCH_RENDER_HOSTS", "example.org, 127.0.0.1")
    monkeypatch.setenv("POLICYWATCH_CHROMIUM_PATH", NO_CHROMIUM)

    report = analyse(url, allow_private=True)

    assert "could not be rendered" in report["render_note"]
    assert finding_ids(report) == plain_finding_ids(policy)


SHELL = "<!doctype html><div id='root'></div><script src='/app.js'></script>"
NEEDS_JS = (
    "<!doctype html><noscript>Please enable JavaScript to view this page.</noscript>"
    "<nav>Home Products Support</nav><script>boot()</script>"
)


def long_policy_html(script: str = "") -> str:
    blocks = markdown_blocks(plain_text(PAGES["json-shell.html"]))
    paragraphs = "".join(f"<p>{escape(text)}</p>" for _, text in blocks)
    return (
        "<!doctype html><html><head><title>Privacy</title></head>"
        f"<body><main>{paragraphs}</main>{script}</body></html>"
    )


@pytest.mark.parametrize(
    ("body", "options", "url", "expected"),
    [
        (SHELL, RenderOptions(), "https://policy.example/privacy", True),
        (NEEDS_JS, RenderOptions(), "https://policy.example/privacy", True),
        ("<!doctype html><div id='root'></div>", RenderOptions(), "https://a.example/", False),
        (long_policy_html(), RenderOptions(), "https://policy.example/privacy", False),
        (
            long_policy_html("<script>track()</script>"),
            RenderOptions(),
            "https://a.example/",
            False,
        ),
        (long_policy_html(), RenderOptions(mode="always"), "https://a.example/", True),
        (
            long_policy_html(),
            RenderOptions(hosts=frozenset({"nordvpn.com"})),
            "https://my.nordvpn.com/p",
            True,
        ),
        (
            long_policy_html(),
            RenderOptions(hosts=frozenset({"nordvpn.com"})),
            "https://notnordvpn.com/p",
            False,
        ),
        (SHELL, RenderOptions(mode="never"), "https://policy.example/privacy", False),
        (
            SHELL,
            RenderOptions(mode="never", hosts=frozenset({"policy.example"})),
            "https://policy.example/",
            False,
        ),
    ],
)
def test_needs_rendering(body: str, options: RenderOptions, url: str, expected: bool) -> None:
    assert needs_rendering(html_page(body, url), options) is expected


def test_only_html_is_rendered() -> None:
    page = replace(html_page(SHELL), content_type="text/plain")
    assert not needs_rendering(page, RenderOptions(mode="always"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (SHELL, True),
        ('<div id="__next">  </div>', True),
        ("<app-root></app-root>", True),
        ("<noscript>You need to enable JavaScript to run this app.</noscript>", True),
        ("<noscript>JavaScript is disabled in your browser.</noscript>", True),
        ('<div id="root"><p>Already rendered on the server.</p></div>', False),
        ('<div id="rooted"></div>', False),
    ],
)
def test_looks_like_app_shell(body: str, expected: bool) -> None:
    assert looks_like_app_shell(body.encode()) is expected


def test_settings_give_the_render_options() -> None:
    settings = Settings.from_env(
        {
            "POLICYWATCH_RENDER_JS": "Always",
            "POLICYWATCH_RENDER_HOSTS": " NordVPN.com, example.org. ,",
            "POLICYWATCH_CHROMIUM_PATH": "/opt/chromium/chrome",
        }
    )
    options = RenderOptions.from_settings(settings)
    assert options.mode == "always"
    assert options.hosts == {"nordvpn.com", "example.org"}
    assert options.chromium == "/opt/chromium/chrome"
    listed = Settings.from_env({"POLICYWATCH_RENDER_HOSTS": '["a.example"]'})
    assert RenderOptions.from_settings(listed).hosts == {"a.example"}
    assert RenderOptions.from_settings(Settings()).mode == "auto"
    with pytest.raises(ValueError, match="auto, always or never"):
        RenderOptions.from_settings(Settings(RENDER_JS="sometimes"))


def test_without_chromium_render_fails_with_the_reason() -> None:
    with pytest.raises(RenderFailed, match="no Chromium at /nonexistent/chromium"):
        render(html_page(SHELL), options=RenderOptions(chromium=NO_CHROMIUM))
    page = html_page(long_policy_html("<script>boot()</script>"))
    degraded = render_if_needed(page, options=RenderOptions(mode="always", chromium=NO_CHROMIUM))
    assert degraded.body == page.body and "no Chromium" in (degraded.render_note or "")


def test_the_page_cannot_use_permissions_service_workers_or_downloads(
    site: LocalHTTPServer,
) -> None:
    site.routes.clear()
    site.requests.clear()
    site.routes["/probe"] = Route((RENDER / "sandbox.html").read_bytes())
    site.routes["/sw.js"] = Route(
        b"self.addEventListener('fetch', () => {});", content_type="text/javascript"
    )
    site.routes["/download.bin"] = Route(b"\x00" * 1024, content_type="application/octet-stream")
    fetched = fetch(site.url("/probe"), allow_private=True)
    assert fetched is not None

    rendering = render(fetched, allow_private=True, options=RenderOptions(deadline=8))

    outcomes = dict(re.findall(r'<li id="([\w-]+)">(\w+)', rendering.page.body.decode()))
    assert outcomes["geolocation"] == "denied"
    assert outcomes["notifications"] == "denied"
    # Playwright stubs navigator.serviceWorker.register: the worker's script is never loaded.
    assert site.hits("/sw.js") == 0
    assert site.hits("/download.bin") == 0


def test_size_and_time_budgets(site: LocalHTTPServer) -> None:
    url = serve_app(site, "json-shell.html", PAGES["json-shell.html"])
    fetched = fetch(url, allow_private=True)
    assert fetched is not None
    with pytest.raises(RenderFailed, match="larger than|limit is"):
        render(fetched, allow_private=True, options=RenderOptions(max_bytes=20_000))

    site.routes["/ticker"] = Route(
        b"<!doctype html><div id='root'></div><script>"
        b"setInterval(() => document.getElementById('root').append(' tick'), 100);</script>"
    )
    ticker = fetch(site.url("/ticker"), allow_private=True)
    assert ticker is not None
    with pytest.raises(RenderFailed, match="did not settle within 3 s"):
        render(ticker, allow_private=True, options=RenderOptions(deadline=3))


def test_one_browser_is_reused_and_replaced_after_n_pages_or_a_crash(
    site: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = serve_app(site, "json-shell.html", PAGES["json-shell.html"])
    fetched = fetch(url, allow_private=True)
    assert fetched is not None
    holder = render_module._chromium()

    render(fetched, allow_private=True)
    first = holder.launched
    render(fetched, allow_private=True)
    assert holder.launched is first

    assert first is not None
    first.close()  # as if it crashed
    render(fetched, allow_private=True)
    second = holder.launched
    assert second is not first and second is not None and second.is_connected()

    monkeypatch.setattr(render_module.defaults, "RENDER_BROWSER_MAX_PAGES", holder.pages)
    render(fetched, allow_private=True)
    assert holder.launched is not second and not second.is_connected()


def test_a_forked_work_horse_launches_its_own_browser(site: LocalHTTPServer) -> None:
    """RQ forks a work horse per job: the parent's browser must be neither used nor closed."""
    url = serve_app(site, "delayed.html", PAGES["delayed.html"])
    fetched = fetch(url, allow_private=True)
    assert fetched is not None
    holder = render_module._chromium()
    render(fetched, allow_private=True)
    parents = holder.launched

    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads running
        child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            rendered = render(fetched, allow_private=True)
            mine = render_module._chromium().launched
            ok = mine is not parents and "Pinterest" in extract(rendered.page).text
            close_browsers()
            os.write(write_end, b"ok" if ok else b"wrong")
        except BaseException as exc:
            os.write(write_end, repr(exc).encode()[:500])
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    with os.fdopen(read_end, "rb") as answer:
        assert answer.read() == b"ok"

    assert holder.launched is parents and parents is not None and parents.is_connected()
    render(fetched, allow_private=True)


def readable_page_with_script(site: LocalHTTPServer, policy: str) -> str:
    """A server-rendered policy page with a script; its address."""
    blocks = markdown_blocks((RENDER / policy).read_text(encoding="utf-8"))
    paragraphs = "".join(
        f"<h2>{escape(text)}</h2>" if kind == "heading" else f"<p>{escape(text)}</p>"
        for kind, text in blocks
    )
    site.routes["/server-rendered"] = Route(
        f"<!doctype html><html><head><title>Privacy</title></head><body><main>{paragraphs}"
        "</main><script src='/assets/app.js'></script></body></html>".encode()
    )
    return site.url("/server-rendered")


def test_the_api_reports_rendered_pages_and_the_render_note(
    make_app: AppFactory, site: LocalHTTPServer
) -> None:
    """Through the real RQ job and store: an app shell is graded on its rendered text; a
    page that could not be rendered carries render_note in the stored Report."""
    app = make_app(RENDER_HOSTS="example.org")
    client = app.test_client()
    policy = PAGES["consent.html"]
    url = serve_app(site, "consent.html", policy)
    site.routes["/privacy"].headers["ETag"] = '"shell-v1"'
    job = client.post("/api/v1/analyses", json={"url": url}).get_json()["job_id"]
    run_jobs(app)
    result = client.get(f"/api/v1/analyses/{job}").get_json()["result"]
    assert finding_ids(result) == plain_finding_ids(policy)
    assert "render_note" not in result
    stored = app.extensions["policywatch"].store.policy(result["policy_id"])
    assert stored.etag is None, "the shell's validators say nothing of the rendered text"

    app = make_app(RENDER_HOSTS="127.0.0.1", CHROMIUM_PATH=NO_CHROMIUM)
    client = app.test_client()
    readable = readable_page_with_script(site, PAGES["json-shell.html"])
    job = client.post("/api/v1/analyses", json={"url": readable}).get_json()["job_id"]
    run_jobs(app)
    result = client.get(f"/api/v1/analyses/{job}").get_json()["result"]
    assert "could not be rendered" in result["render_note"]
    policy_url = f"/api/v1/policies?url={readable}"
    assert client.get(policy_url).get_json()["render_note"] == result["render_note"]
