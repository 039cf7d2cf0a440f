"""Fetch stage: download a policy page from the address the guard checked, within hard caps
on redirects, size (after decompression), time and content type."""

from __future__ import annotations

import functools
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import httpx
from charset_normalizer import from_bytes

from worker import defaults
from worker.errors import (
    FetchFailed,
    FetchTimeout,
    InvalidURL,
    PolicywatchError,
    TooLarge,
    UnsupportedContent,
)
from worker.ingest.fetch_guard import GuardedTarget, check_url
from worker.records import FetchedPage

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
"""Statuses whose Location we follow (re-checked by the guard at every hop)."""

ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,"
    "application/pdf;q=0.7"
)
"""The Accept header: HTML first, then the other types we can read."""

ACCEPT_ENCODING = "gzip, deflate"
"""The content codings we can undo in bounded pieces."""

_PIECE_BYTES = 64 * 1024


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = defaults.FETCH_MAX_BYTES,
    deadline: float = defaults.FETCH_DEADLINE_SECONDS,
    read_timeout: float = defaults.FETCH_READ_TIMEOUT_SECONDS,
    ssl_context: ssl.SSLContext | None = None,
) -> FetchedPage | None:
    """Fetch `url`, following redirects through the SSRF guard; None when the conditional
    request (etag / last_modified) finds the page unchanged (304)."""
    clock = _Deadline(deadline)
    validators = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    extra_headers = {name: value for name, value in validators.items() if value}
    try:
        current = url
        for hop in range(defaults.FETCH_MAX_REDIRECTS + 1):
            target = _check(current, allow_private=allow_private, is_redirect=hop > 0)
            answer = _exchange(
                target,
                clock=clock,
                extra_headers=extra_headers,
                max_bytes=max_bytes,
                read_timeout=read_timeout,
                ssl_context=ssl_context,
            )
            if answer.location is not None:
                current = urljoin(current, answer.location)
                continue
            if answer.status == 304:
                if extra_headers:
                    return None
                raise _permanent(
                    f"{target.host} answered 304 to a request that was not conditional."
                )
            return FetchedPage(
                url=url,
                final_url=current.strip(),
                content_type=answer.content_type,
                charset=answer.charset,
                body=answer.body,
                fetched_at=datetime.now(UTC),
                status=answer.status,
                etag=answer.headers.get("etag"),
                last_modified=answer.headers.get("last-modified"),
            )
        raise _permanent(
            f"{url} redirects more than {defaults.FETCH_MAX_REDIRECTS} times; "
            "give the final address of the policy."
        )
    finally:
        clock.cancel()


def fetch_page(url: str, *, allow_private: bool = False) -> FetchedPage:
    """fetch() without validators, which always gives a page (or raises)."""
    page = fetch(url, allow_private=allow_private)
    if page is None:  # only a conditional request can be answered "unchanged"
        raise FetchFailed(f"{url} answered 304 Not Modified to a request without validators.")
    return page


@dataclass(frozen=True, slots=True)
class _Answer:
    """One hop's response: a redirect (location), a 304, or a body with its media type."""

    status: int
    headers: httpx.Headers
    location: str | None = None
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""


def _check(url: str, *, allow_private: bool, is_redirect: bool) -> GuardedTarget:
    """Run the guard; a malformed redirect target is the server's fault, not the user's."""
    try:
        return check_url(url, allow_private=allow_private)
    except InvalidURL as exc:
        if not is_redirect:
            raise
        raise _permanent(f"The page redirects to an unusable address: {exc.message}") from exc


def _exchange(
    target: GuardedTarget,
    *,
    clock: _Deadline,
    extra_headers: Mapping[str, str],
    max_bytes: int,
    read_timeout: float,
    ssl_context: ssl.SSLContext | None,
) -> _Answer:
    """GET the target from its checked IP (Host header and TLS SNI carry the real name)."""
    clock.check()
    per_operation = min(read_timeout, clock.remaining())
    headers = {
        "Host": target.host_header,
        "User-Agent": defaults.FETCH_USER_AGENT,
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
        **extra_headers,
    }
    client, extensions = pinned_client(target, per_operation, ssl_context)
    extensions["trace"] = clock.trace
    try:
        with (
            client,
            client.stream(
                "GET", target.connect_url, headers=headers, extensions=extensions
            ) as response,
        ):
            return _answer(response, target, clock=clock, max_bytes=max_bytes)
    except httpx.TransportError as exc:
        raise _transport_error(exc, target, clock, per_operation) from exc


def _answer(
    response: httpx.Response, target: GuardedTarget, *, clock: _Deadline, max_bytes: int
) -> _Answer:
    """Interpret status and headers, then read the body if it is one we want."""
    status = response.status_code
    if status in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            raise _permanent(f"{target.host} answered {status} without a Location to follow.")
        return _Answer(status, response.headers, location=location)
    if status == 304:
        return _Answer(status, response.headers)
    if status >= 400:
        error = FetchFailed(
            f"{target.host} answered {status} {response.reason_phrase} for {target.url}."
        )
        error.transient = status >= 500 or status in (408, 425, 429)
        raise error
    if not 200 <= status < 300:
        raise _permanent(f"{target.host} answered an unexpected {status} for {target.url}.")
    media_type, charset = parse_content_type(response.headers.get("content-type", ""))
    if media_type and media_type not in defaults.ALLOWED_CONTENT_TYPES:
        raise UnsupportedContent(
            f"{target.url} is {media_type}; only HTML, plain text, Markdown and PDF are read."
        )
    declared_length = response.headers.get("content-length", "")
    if declared_length.isdigit() and int(declared_length) > max_bytes:
        raise TooLarge(
            f"{target.url} is {int(declared_length):,} bytes; the limit is {max_bytes:,}."
        )
    body = _read_body(response, target, clock=clock, max_bytes=max_bytes)
    if not media_type:
        sniffed = sniff_content_type(body)
        if sniffed is None:
            raise UnsupportedContent(
                f"{target.url} has no Content-Type and does not look like HTML, text or PDF."
            )
        media_type = sniffed
    return _Answer(status, response.headers, content_type=media_type, charset=charset, body=body)


def _read_body(
    response: httpx.Response, target: GuardedTarget, *, clock: _Deadline, max_bytes: int
) -> bytes:
    """Stream the body, undoing Content-Encoding ourselves in bounded pieces and counting the
    decoded bytes, so a decompression bomb stops at max_bytes without filling memory."""
    decoder = _BodyDecoder(response.headers.get("content-encoding", ""), target)
    body = bytearray()
    for raw in response.iter_raw():
        clock.check()
        for piece in decoder.feed(raw):
            body += piece
            if len(body) > max_bytes:
                raise TooLarge(
                    f"{target.url} is larger than {max_bytes:,} bytes once decompressed."
                )
    for piece in decoder.finish():
        body += piece
        if len(body) > max_bytes:
            raise TooLarge(f"{target.url} is larger than {max_bytes:,} bytes once decompressed.")
    if clock.expired:
        raise clock.error()
    return bytes(body)


class _BodyDecoder:
    """Undoes a gzip/deflate Content-Encoding, at most _PIECE_BYTES of output per step."""

    def __init__(self, header: str, target: GuardedTarget) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._target = target
        self._coding = codings[0] if codings else "identity"
        self._started = False
        if len(codings) > 1 or self._coding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise UnsupportedContent(
                f"{target.url} is sent with Content-Encoding {header!r}, which is not read."
            )
        wbits = zlib.MAX_WBITS | 16 if self._coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflater = None if self._coding == "identity" else zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            yield data
            return
        yield self._inflate(data)
        while self._inflater.unconsumed_tail:
            yield self._inflate(self._inflater.unconsumed_tail)

    def finish(self) -> Iterator[bytes]:
        if self._inflater is not None:
            yield self._inflater.flush()

    def _inflate(self, data: bytes) -> bytes:
        assert self._inflater is not None
        try:
            piece = self._inflater.decompress(data, _PIECE_BYTES)
        except zlib.error as exc:
            if self._coding != "deflate" or self._started:
                raise _permanent(f"{self._target.url} has a corrupt {self._coding} body.") from exc
            # Some servers send raw deflate without the zlib wrapper, as httpx also allows.
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self._started = True
            return self._inflate(data)
        self._started = True
        return piece


def parse_content_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/HTML; charset="UTF-8"'; ("", None) when absent."""
    media_type, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def sniff_content_type(body: bytes) -> str | None:
    """Guess the media type of a body served without Content-Type, or None if unreadable."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    if b"\x00" in body[:4096]:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        if from_bytes(body[:65536]).best() is None:
            return None
    return "text/plain"


class _Deadline:
    """The total time budget of one fetch. When it runs out the live connection is shut down,
    so no slow connect, header or body read can outlast it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._ends = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self._ends - time.monotonic())

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            raise self.error()

    def error(self) -> FetchTimeout:
        return FetchTimeout(f"The page did not arrive within the {self.seconds:g} s deadline.")

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: remember each new connection's socket."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        with self._lock:
            self._socket = sock
            expired = self.expired
        if expired:
            _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._socket
        if sock is not None:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    """Wake a read blocked on `sock` from another thread (the plain socket call, also for TLS)."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        return


def _transport_error(
    exc: httpx.TransportError, target: GuardedTarget, clock: _Deadline, per_operation: float
) -> PolicywatchError:
    """Turn an httpx network failure into the pipeline's error a person can act on."""
    if clock.expired or clock.remaining() <= 0:
        return clock.error()
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchTimeout(f"Could not connect to {target.host} within {per_operation:g} s.")
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(f"{target.host} sent nothing for {per_operation:g} s (read timeout).")
    certificate = _certificate_error(exc)
    if certificate is not None:
        return _permanent(
            f"The TLS certificate of {target.host} is not valid ({certificate.verify_message})."
        )
    if isinstance(exc, httpx.ConnectError):
        return FetchFailed(f"Could not connect to {target.host} ({exc or 'refused'}).")
    return FetchFailed(f"The connection to {target.host} failed ({exc or type(exc).__name__}).")


def _certificate_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None or isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _permanent(message: str) -> FetchFailed:
    """A FetchFailed that retrying will not fix (4xx, too many redirects, bad certificate)."""
    error = FetchFailed(message)
    error.transient = False
    return error


def pinned_client(
    target: GuardedTarget, timeout: float, ssl_context: ssl.SSLContext | None = None
) -> tuple[httpx.Client, dict[str, Any]]:
    """A client for one request to the address the guard checked (no DNS, no proxies, no
    redirects), and the request extensions that present the real host name for TLS."""
    extensions: dict[str, Any] = {}
    if target.scheme == "https" and not target.host_is_ip:
        extensions["sni_hostname"] = target.host
    client = httpx.Client(
        verify=ssl_context or default_ssl_context(),
        timeout=httpx.Timeout(timeout),
        trust_env=False,
        follow_redirects=False,
    )
    return client, extensions


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """One verifying TLS context (certifi's roots), built once rather than per request."""
    return httpx.create_ssl_context()
