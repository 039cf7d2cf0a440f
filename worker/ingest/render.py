"""Render step: when a fetched page is an app shell whose text arrives by script, run it in
headless Chromium and hand the rendered DOM to extract() as a FetchedPage.

Chromium itself reaches nothing: it is pointed at a dead proxy, and every request it makes
(documents, scripts, XHR/fetch, redirects, iframes) is intercepted, checked by the SSRF guard
and fetched by us from the address the guard checked, within size and time budgets; a
refused request is aborted. The page's own document is the body fetch() already guarded.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from worker import defaults
from worker.errors import NotAPolicy, PolicywatchError
from worker.ingest.extract import extract
from worker.ingest.fetch import REDIRECT_STATUSES, pinned_client
from worker.ingest.fetch_guard import GuardedTarget, check_url
from worker.records import FetchedPage
from worker.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route

log = logging.getLogger(__name__)

RENDER_MODES = ("auto", "always", "never")
"""POLICYWATCH_RENDER_JS: render when needed (default), every HTML page, or never."""

HEADLESS_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""What headless Debian Chromium needs here: no sandbox as root, no GPU, and none of its own
calls home (this machine's network refuses them). The browser tests use these too."""

CHROMIUM_ARGS = (
    *HEADLESS_ARGS,
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--deny-permission-prompts",
    "--mute-audio",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    f"--js-flags=--max-old-space-size={defaults.RENDER_JS_HEAP_MB}",
)
"""Chromium's flags (a dead --proxy-server is added at launch, loopback included)."""

SKIPPED_RESOURCES = frozenset(
    {"image", "media", "font", "texttrack", "eventsource", "websocket", "manifest", "ping"}
)
"""Requests aborted without fetching: they carry no text, or never end."""

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SCRIPT_RE = re.compile(rb"<script\b", re.I)
_EMPTY_MOUNT_RE = re.compile(
    rb"<(div|main|section|body|app-root)\b[^>]*\bid\s*=\s*[\"']?"
    rb"(root|app|__next|__nuxt|___gatsby|svelte|main-app|application)\b[^>]*>\s*</\1>"
    rb"|<app-root\b[^>]*>\s*</app-root>",
    re.I,
)
_NEEDS_JS_RE = re.compile(
    rb"(?:enable|turn on|activate|allow)\s+javascript|javascript\s+(?:is\s+)?(?:disabled|"
    rb"required|turned off|must be enabled)|requires?\s+javascript|without\s+javascript",
    re.I,
)
_NOT_FORWARDED = frozenset(
    {
        "host",
        "connection",
        "keep-alive",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "accept-encoding",
        "content-length",
        "cookie",
    }
)
_DROPPED_RESPONSE_HEADERS = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"}
)
_POLL_SECONDS = 0.2
_QUIET_SECONDS = 0.5
_STABLE_SECONDS = 1.0
_BUSY_STABLE_SECONDS = 3.0
_SHORT_PATIENCE_SECONDS = 4.0

_WORDS_JS = "() => document.body ? (document.body.innerText.match(/\\S+/g) || []).length : 0"
_DISMISS_CONSENT_JS = r"""() => {
  const boxes = [...document.querySelectorAll(
    '[role=dialog],[role=alertdialog],[aria-modal=true],dialog[open],[id*=consent i],' +
    '[class*=consent i],[id*=cookie i],[class*=cookie i],[id*=gdpr i],[class*=gdpr i],' +
    '[id^=sp_message i],[class*=cmp i]')];
  const labels = [
    new RegExp('^(reject|decline|refuse|deny|disagree)\\b|only (necessary|essential|required)' +
               '|(necessary|essential) (cookies )?only|continue without', 'i'),
    /^(close|dismiss|no,? thanks|not now|×|✕|x)$/i,
    /^(accept|agree|allow|i agree|i accept|ok|okay|got it|continue)\b/i,
  ];
  const buttons = 'button,[role=button],input[type=button],input[type=submit]';
  for (const label of labels) {
    for (const box of boxes) {
      for (const button of box.querySelectorAll(buttons)) {
        const text = (button.innerText || button.value || button.getAttribute('aria-label') ||
                      '').trim();
        if (label.test(text)) { button.click(); return text; }
      }
    }
  }
  return null;
}"""
_REMOVE_OVERLAYS_JS = r"""(maxWords) => {
  let removed = 0;
  for (const element of [...document.body.querySelectorAll('*')]) {
    if (!element.isConnected) continue;
    const modal = element.matches('[aria-modal=true],dialog[open]');
    if (!modal && getComputedStyle(element).position !== 'fixed') continue;
    if ((element.innerText.match(/\S+/g) || []).length > maxWords) continue;
    element.remove();
    removed += 1;
  }
  return removed;
}"""
_OVERLAY_MAX_WORDS = 400


class RenderFailed(Exception):
    """The page could not be rendered; the message says why, for the Report's render_note."""


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """When and with what to render (POLICYWATCH_RENDER_JS, _RENDER_HOSTS, _CHROMIUM_PATH)."""

    mode: str = "auto"
    hosts: frozenset[str] = frozenset()
    """Hosts whose pages are always rendered; each covers its subdomains."""
    chromium: str = defaults.CHROMIUM_PATH
    deadline: float = defaults.RENDER_DEADLINE_SECONDS
    max_bytes: int = defaults.FETCH_MAX_BYTES

    def __post_init__(self) -> None:
        if self.mode not in RENDER_MODES:
            raise ValueError(f"POLICYWATCH_RENDER_JS is {self.mode!r}; use auto, always or never.")

    @classmethod
    def from_settings(cls, settings: Settings) -> RenderOptions:
        hosts = settings.RENDER_HOSTS
        names = hosts.split(",") if isinstance(hosts, str) else hosts
        return cls(
            mode=str(settings.RENDER_JS).strip().lower(),
            hosts=frozenset(h.strip().lower().rstrip(".") for h in names if h.strip()),
            chromium=settings.CHROMIUM_PATH,
        )

    def always_renders(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").rstrip(".")
        return any(host == name or host.endswith("." + name) for name in self.hosts)


@dataclass(frozen=True, slots=True)
class Rendering:
    """A rendered page, and the traffic the guard saw while rendering it."""

    page: FetchedPage
    fetched: tuple[str, ...]
    """URLs the browser asked for that were fetched for it."""
    refused: tuple[str, ...]
    """URLs the guard refused; their requests were aborted."""
    seconds: float


def render_if_needed(
    page: FetchedPage, *, allow_private: bool = False, options: RenderOptions | None = None
) -> FetchedPage:
    """The rendered page when `page` needs JavaScript, else `page`. A failed render degrades
    to `page` with a render_note; NotAPolicy when that page has no text at all."""
    options = options or RenderOptions.from_settings(Settings.from_env())
    if not needs_rendering(page, options):
        return page
    try:
        return render(page, allow_private=allow_private, options=options).page
    except RenderFailed as failure:
        note = (
            f"This page shows its text with JavaScript, and it could not be rendered here "
            f"({failure}); the HTML the server sent was analysed instead."
        )
        log.warning("could not render %s: %s", page.final_url, failure)
    try:
        extract(page)
    except NotAPolicy as error:
        raise NotAPolicy(f"{error.message} {note}") from error
    return replace(page, render_note=note)


def needs_rendering(page: FetchedPage, options: RenderOptions) -> bool:
    """Whether to render `page`: never for non-HTML; always for `always` and listed hosts;
    for `auto`, a page with scripts whose text is too short for a policy, or an app shell."""
    if options.mode == "never" or page.content_type not in _HTML_TYPES:
        return False
    if options.mode == "always" or options.always_renders(page.final_url):
        return True
    if not _SCRIPT_RE.search(page.body):
        return False
    words = plain_words(page)
    if words < defaults.RENDER_MIN_WORDS:
        return True
    return words < defaults.RENDER_SHELL_MAX_WORDS and looks_like_app_shell(page.body)


def plain_words(page: FetchedPage) -> int:
    """Words of the text extract() finds in the page as fetched (0 when it finds none)."""
    try:
        return len(extract(page).text.split())
    except PolicywatchError:
        return 0


def looks_like_app_shell(body: bytes) -> bool:
    """An empty mount node (#root, #app, #__next, ...) or an "enable JavaScript" message."""
    return bool(_EMPTY_MOUNT_RE.search(body) or _NEEDS_JS_RE.search(body))


def render(
    page: FetchedPage, *, allow_private: bool = False, options: RenderOptions | None = None
) -> Rendering:
    """Run `page` in headless Chromium until its text settles; the DOM as a FetchedPage whose
    final_url is the page's address after its scripts ran. RenderFailed when it cannot."""
    options = options or RenderOptions()
    started = time.monotonic()
    traffic = _Traffic(page, allow_private, options.deadline, options.max_bytes)
    chromium = _chromium()
    browser = chromium.browser(options.chromium)
    from playwright.sync_api import Error as PlaywrightError

    try:
        context = browser.new_context(
            service_workers="block",
            accept_downloads=False,
            permissions=[],
            viewport={"width": 1280, "height": 900},
            locale="en-US",
        )
        try:
            traffic.context = context
            context.route("**/*", traffic.handle)
            tab = context.new_page()
            tab.on("request", traffic.started)
            tab.on("requestfinished", traffic.finished)
            tab.on("requestfailed", traffic.finished)
            tab.goto(page.final_url, wait_until="load", timeout=traffic.remaining_ms())
            _settle(tab, traffic)
            if traffic.over_budget:
                raise RenderFailed(traffic.over_budget)
            tab.evaluate(_REMOVE_OVERLAYS_JS, _OVERLAY_MAX_WORDS)
            html = tab.content()
            final_url = tab.url
        finally:
            context.close()
    except PlaywrightError as exc:
        if not browser.is_connected():
            chromium.close()
        reason = "timed out" if traffic.remaining_ms() <= 1 else str(exc).splitlines()[0]
        raise RenderFailed(f"Chromium: {reason}") from exc
    body = html.encode("utf-8")
    if len(body) > options.max_bytes:
        raise RenderFailed(f"the rendered page is larger than {options.max_bytes:,} bytes")
    rendered = FetchedPage(
        url=page.url,
        final_url=final_url,
        content_type="text/html",
        body=body,
        fetched_at=datetime.now(UTC),
        charset="utf-8",
        status=page.status,
    )
    return Rendering(
        page=rendered,
        fetched=tuple(traffic.fetched),
        refused=tuple(traffic.refused),
        seconds=time.monotonic() - started,
    )


def _settle(tab: Page, traffic: _Traffic) -> None:
    """Wait until the text stops changing: long enough for a policy and the network quiet (or
    busy but the text long unchanged), or short and unchanged for a while. Consent dialogs
    are dismissed (reject first) while the text is short."""
    words, changed_at, dismissals = -1, time.monotonic(), 0
    while not traffic.over_budget:
        now = time.monotonic()
        if traffic.remaining_ms() <= _POLL_SECONDS * 1000:
            if words >= defaults.RENDER_MIN_WORDS and now - changed_at >= _STABLE_SECONDS:
                return
            raise RenderFailed(f"the text did not settle within {traffic.budget:g} s")
        current = int(tab.evaluate(_WORDS_JS))
        if current != words:
            words, changed_at = current, now
        stable = now - changed_at
        if words >= defaults.RENDER_MIN_WORDS:
            if stable >= _BUSY_STABLE_SECONDS or (stable >= _STABLE_SECONDS and traffic.quiet()):
                return
        else:
            if dismissals < 3 and tab.evaluate(_DISMISS_CONSENT_JS):
                dismissals += 1
                changed_at = now
            elif stable >= _SHORT_PATIENCE_SECONDS and traffic.quiet():
                return
        tab.wait_for_timeout(_POLL_SECONDS * 1000)


@dataclass
class _Traffic:
    """Answers every request of one render: the page's own document from the fetched body,
    the rest fetched from guard-checked addresses; counts bytes and requests in flight."""

    page: FetchedPage
    allow_private: bool
    budget: float
    """Seconds the whole render may take."""
    max_bytes: int
    fetched: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    over_budget: str = ""
    total_bytes: int = 0
    in_flight: int = 0
    last_activity: float = field(default_factory=time.monotonic)
    document_served: bool = False
    ends: float = 0.0
    context: BrowserContext | None = None

    def __post_init__(self) -> None:
        self.ends = time.monotonic() + self.budget

    def remaining(self) -> float:
        return max(0.0, self.ends - time.monotonic())

    def remaining_ms(self) -> float:
        return self.remaining() * 1000

    def quiet(self) -> bool:
        return self.in_flight <= 0 and time.monotonic() - self.last_activity >= _QUIET_SECONDS

    def started(self, _request: Request) -> None:
        self.in_flight += 1
        self.last_activity = time.monotonic()

    def finished(self, _request: Request) -> None:
        self.in_flight -= 1
        self.last_activity = time.monotonic()

    def handle(self, route: Route, request: Request) -> None:
        try:
            self._handle(route, request)
        except Exception as exc:  # an answer must always be given, or the page hangs
            log.info("render: %s %s failed: %s", request.method, request.url, exc)
            route.abort("failed")

    def _handle(self, route: Route, request: Request) -> None:
        if not self.document_served and request.is_navigation_request():
            self.document_served = True
            charset = f"; charset={self.page.charset}" if self.page.charset else ""
            route.fulfill(
                status=200,
                content_type=f"{self.page.content_type}{charset}",
                body=self.page.body,
            )
            return
        if request.resource_type in SKIPPED_RESOURCES or self.over_budget:
            route.abort("aborted")
            return
        url, method, content = request.url, request.method, request.post_data_buffer
        for _ in range(defaults.FETCH_MAX_REDIRECTS + 1):
            try:
                target = check_url(url, allow_private=self.allow_private)
            except PolicywatchError as refusal:
                self.refused.append(url)
                log.info("render: refused %s (%s)", url, refusal.message)
                route.abort("blockedbyclient")
                return
            if self.remaining() <= 0:
                route.abort("timedout")
                return
            status, headers, body = self._fetch(target, request, method, content)
            self.fetched.append(url)
            if status not in REDIRECT_STATUSES or "location" not in headers:
                route.fulfill(status=status, headers=headers, body=body)
                return
            url = headers["location"]
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, content = "GET", None
        route.abort("failed")

    def _fetch(
        self, target: GuardedTarget, request: Request, method: str, content: bytes | None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request from the checked address, its body within the budgets. Redirects are
        followed here, each hop checked (Chromium does not follow a fulfilled redirect)."""
        headers = {
            name: value
            for name, value in request.all_headers().items()
            if name.lower() not in _NOT_FORWARDED and not name.startswith(":")
        }
        headers["Host"] = target.host_header
        headers["Accept-Encoding"] = "identity"
        cookies = self.context.cookies(target.url) if self.context is not None else []
        if cookies:
            headers["Cookie"] = "; ".join(f"{c.get('name')}={c.get('value')}" for c in cookies)
        timeout = min(defaults.FETCH_READ_TIMEOUT_SECONDS, self.remaining())
        client, extensions = pinned_client(target, timeout)
        with (
            client,
            client.stream(
                method,
                target.connect_url,
                headers=headers,
                content=content,
                extensions=extensions,
            ) as response,
        ):
            encoding = response.headers.get("content-encoding", "identity").strip().lower()
            if encoding not in ("", "identity"):
                raise RenderFailed(f"{target.url} is sent {encoding}-encoded, not as asked")
            body = self._read(response, target.url)
            answer = _response_headers(response.headers.multi_items(), target.url)
            return response.status_code, answer, body

    def _read(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            self.over_budget = f"{url} is {int(declared):,} bytes; the limit is {self.max_bytes:,}"
            raise RenderFailed(self.over_budget)
        body = bytearray()
        for piece in response.iter_raw():
            body += piece
            self.total_bytes += len(piece)
            if len(body) > self.max_bytes:
                self.over_budget = f"{url} is larger than {self.max_bytes:,} bytes"
            elif self.total_bytes > defaults.RENDER_MAX_TOTAL_BYTES:
                self.over_budget = (
                    f"the page's resources exceed {defaults.RENDER_MAX_TOTAL_BYTES:,} bytes"
                )
            elif self.remaining() <= 0:
                raise RenderFailed(f"{url} did not arrive within the render's time budget")
            if self.over_budget:
                raise RenderFailed(self.over_budget)
        return bytes(body)


def _response_headers(items: Iterable[tuple[str, str]], url: str) -> dict[str, str]:
    """Response headers for route.fulfill: the body is sent decoded and whole, a relative
    Location is made absolute, and several Set-Cookie headers are joined by newlines."""
    headers: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        if key in _DROPPED_RESPONSE_HEADERS:
            continue
        if key == "location":
            value = urljoin(url, value)
        if key == "set-cookie" and key in headers:
            value = f"{headers[key]}\n{value}"
        headers[key] = value
    return headers


class _Chromium:
    """One headless Chromium per process, launched on first use and reused; replaced after
    RENDER_BROWSER_MAX_PAGES pages or when it died. A browser inherited through fork (RQ's
    work horse) belongs to the parent: it is neither used nor closed, a new one is launched."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.executable = ""
        self.pages = 0
        self.playwright: Playwright | None = None
        self.launched: Browser | None = None
        self.dead_proxy: socket.socket | None = None

    def browser(self, executable: str) -> Browser:
        if self.pid != os.getpid():
            self._forget()  # the parent's: its pipes and driver are not ours
        current = self.launched
        if current is not None and (
            not current.is_connected()
            or self.pages >= defaults.RENDER_BROWSER_MAX_PAGES
            or executable != self.executable
        ):
            self.close()
        if self.launched is None:
            self.launched = self._launch(executable)
            self.executable = executable
        self.pages += 1
        return self.launched

    def _launch(self, executable: str) -> Browser:
        if not os.access(executable, os.X_OK):
            raise RenderFailed(f"no Chromium at {executable}")
        try:
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise RenderFailed("Playwright is not installed") from exc
        # Bound but never listening: whatever Chromium tries to reach on its own is refused.
        self.dead_proxy = socket.socket()
        self.dead_proxy.bind(("127.0.0.1", 0))
        proxy_port = self.dead_proxy.getsockname()[1]
        try:
            self.playwright = sync_playwright().start()
            return self.playwright.chromium.launch(
                executable_path=executable,
                headless=True,
                args=[
                    *CHROMIUM_ARGS,
                    f"--proxy-server=http://127.0.0.1:{proxy_port}",
                    "--proxy-bypass-list=<-loopback>",
                ],
                timeout=30_000,
            )
        except PlaywrightError as exc:
            self.close()
            raise RenderFailed(f"Chromium did not start: {str(exc).splitlines()[0]}") from exc

    def close(self) -> None:
        """Close this process's browser and driver (nothing when they are a parent's)."""
        if self.pid == os.getpid():
            for step in (self.launched.close if self.launched else None, self._stop_driver):
                if step is None:
                    continue
                try:
                    step()
                except Exception as exc:  # a dead browser cannot be closed cleanly
                    log.info("render: closing Chromium: %s", exc)
            if self.dead_proxy is not None:
                self.dead_proxy.close()
        self._forget()

    def _forget(self) -> None:
        self.pid = os.getpid()
        self.launched, self.playwright, self.dead_proxy, self.pages = None, None, None, 0

    def _stop_driver(self) -> None:
        if self.playwright is not None:
            self.playwright.stop()


_local = threading.local()


def _chromium() -> _Chromium:
    """This thread's browser holder (Playwright's sync API is bound to one thread)."""
    holder = getattr(_local, "chromium", None)
    if holder is None:
        holder = _local.chromium = _Chromium()
        _holders.append(holder)
    return holder


_holders: list[_Chromium] = []


def close_browsers() -> None:
    """Close every browser this process launched (at exit, and for tests)."""
    for holder in _holders:
        holder.close()


atexit.register(close_browsers)
