"""fetch() against real servers on 127.0.0.1: redirects through the guard, size, time and type
caps, conditional requests, and TLS to a pinned address with the real name's certificate."""

from __future__ import annotations

import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.local_http import LocalHTTPServer, Route
from tests.test_fetch_guard import PUBLIC_IP, FakeDNS
from worker.errors import (
    BlockedURL,
    FetchFailed,
    FetchTimeout,
    InvalidURL,
    TooLarge,
    UnsupportedContent,
)
from worker.ingest.fetch import fetch

RESOURCES = Path(__file__).parent / "resources"
AMAZON_HTML = (RESOURCES / "opp115" / "105_amazon.com.html").read_bytes()
GITHUB_MD = (RESOURCES / "ota" / "GitHub" / "2022-05-18T11-48-08.md").read_bytes()
SEED_TXT = (RESOURCES / "seeds" / "000_340b6d22ed7eccda.txt").read_bytes()


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalHTTPServer]:
    local = LocalHTTPServer().start()
    yield local
    local.stop()


@pytest.fixture
def server(shared_server: LocalHTTPServer) -> LocalHTTPServer:
    """The module's server with no routes and no recorded requests (stopping one takes 0.5 s)."""
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@dataclass
class FakeInternet:
    """Routes chosen public addresses to local servers and records every connection attempt;
    connections anywhere else than 127.0.0.1 are refused, so no test leaves the machine."""

    routes: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)
    connections: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture
def internet(monkeypatch: pytest.MonkeyPatch, dns: FakeDNS) -> FakeInternet:
    net = FakeInternet()
    real_create_connection = socket.create_connection

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object):
        host, port = address[0], int(address[1])
        net.connections.append((host, port))
        destination = net.routes.get((host, port), (host, port))
        if destination[0] != "127.0.0.1":
            raise ConnectionRefusedError(f"test network: no route to {host}:{port}")
        return real_create_connection(destination, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return net


class RawServer:
    """A bare TCP (optionally TLS) server on 127.0.0.1 whose handler writes raw HTTP, for answers
    LocalHTTPServer cannot give: no Content-Type, chunked, close-delimited, slow headers."""

    def __init__(
        self, respond: Callable[[socket.socket], None], tls: ssl.SSLContext | None = None
    ) -> None:
        self.respond = respond
        self.tls = tls
        self.requests: list[bytes] = []
        self.server_names: list[str | None] = []
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            head = b""
            while b"\r\n\r\n" not in head:
                data = conn.recv(4096)
                if not data:
                    return
                head += data
            self.requests.append(head)
            self.respond(conn)
        except (OSError, ssl.SSLError):
            return
        finally:
            conn.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    started: list[RawServer] = []

    def start(respond: Callable[[socket.socket], None], tls: ssl.SSLContext | None = None):
        started.append(RawServer(respond, tls))
        return started[-1]

    yield start
    for raw in started:
        raw.stop()


def header(request: bytes, name: str) -> str | None:
    for line in request.decode("latin-1").split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def sent_header(server: LocalHTTPServer, path: str, name: str) -> str | None:
    for _, seen_path, headers in server.requests:
        if seen_path == path:
            return {k.lower(): v for k, v in headers.items()}.get(name.lower())
    return None


# --- success -------------------------------------------------------------------------------


def test_fetches_a_real_policy_page(server: LocalHTTPServer) -> None:
    server.routes["/privacy"] = Route(
        AMAZON_HTML,
        headers={"ETag": '"amazon-v1"', "Last-Modified": "Mon, 03 Mar 2014 10:00:00 GMT"},
    )
    before = datetime.now(UTC)
    page = fetch(server.url("/privacy"), allow_private=True)
    assert page is not None
    assert page.body == AMAZON_HTML
    assert (page.url, page.final_url) == (server.url("/privacy"), server.url("/privacy"))
    assert (page.content_type, page.charset, page.status) == ("text/html", "utf-8", 200)
    assert (page.etag, page.last_modified) == ('"amazon-v1"', "Mon, 03 Mar 2014 10:00:00 GMT")
    assert page.fetched_at.tzinfo is not None and page.fetched_at >= before
    assert (
        sent_header(server, "/privacy", "User-Agent")
        == "Policywatch/0.1 (+https://github.com/policywatch)"
    )
    assert sent_header(server, "/privacy", "Accept").startswith("text/html")
    assert sent_header(server, "/privacy", "Host") == f"127.0.0.1:{server.port}"
    assert sent_header(server, "/privacy", "If-None-Match") is None


@pytest.mark.parametrize(
    ("content_type", "body", "media_type", "charset"),
    [
        ("text/html; charset=utf-8", AMAZON_HTML, "text/html", "utf-8"),
        ('TEXT/HTML; Charset="Windows-1252"', AMAZON_HTML, "text/html", "windows-1252"),
        ("application/xhtml+xml", AMAZON_HTML, "application/xhtml+xml", None),
        ("text/plain; charset=ISO-8859-1", SEED_TXT, "text/plain", "iso-8859-1"),
        ("text/markdown; charset=UTF-8; variant=GFM", GITHUB_MD, "text/markdown", "utf-8"),
        ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf", None),
    ],
)
def test_accepted_content_types_are_reported_without_parameters(
    server: LocalHTTPServer, content_type: str, body: bytes, media_type: str, charset: str | None
) -> None:
    server.routes["/p"] = Route(body, content_type=content_type)
    page = fetch(server.url("/p"), allow_private=True)
    assert page is not None
    assert (page.content_type, page.charset, page.body) == (media_type, charset, body)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("application/json", b'{"privacy": "policy"}'),
        ("application/octet-stream", b"%PDF-1.4\n"),
        ("text/css", b"body { color: red }"),
    ],
)
def test_other_content_types_are_refused(
    server: LocalHTTPServer, content_type: str, body: bytes
) -> None:
    server.routes["/p"] = Route(body, content_type=content_type)
    with pytest.raises(UnsupportedContent) as caught:
        fetch(server.url("/p"), allow_private=True)
    assert caught.value.code == "unsupported_content"
    assert content_type in caught.value.message


def respond_without_content_type(body: bytes) -> Callable[[socket.socket], None]:
    def respond(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    return respond


@pytest.mark.parametrize(
    ("body", "media_type"),
    [
        (b"%PDF-1.7\n%\xb5\xb5\xb5\xb5\n1 0 obj", "application/pdf"),
        (b"\n  <!DOCTYPE html>\n<html><body>Privacy</body></html>", "text/html"),
        (b"<html lang=en><head><title>Privacy</title>", "text/html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "text/html"),
        (AMAZON_HTML, "text/plain"),  # OPP-115's simplified pages have no <html> tag
        (SEED_TXT, "text/plain"),
        ("Politique de confidentialité".encode("latin-1"), "text/plain"),
        (b"", "text/plain"),
    ],
)
def test_a_missing_content_type_is_sniffed(
    raw_server: Callable[..., RawServer], body: bytes, media_type: str
) -> None:
    raw = raw_server(respond_without_content_type(body))
    page = fetch(raw.url("/p"), allow_private=True)
    assert page is not None
    assert (page.content_type, page.charset, page.body) == (media_type, None, body)


@pytest.mark.parametrize(
    "body", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"GIF89a\x01\x00\x01\x00\x00\xff"]
)
def test_unreadable_bodies_without_content_type_are_refused(
    raw_server: Callable[..., RawServer], body: bytes
) -> None:
    raw = raw_server(respond_without_content_type(body))
    with pytest.raises(UnsupportedContent):
        fetch(raw.url("/p"), allow_private=True)


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(
    ("location", "final_path"),
    [("policy", "/legal/policy"), ("../privacy", "/privacy"), ("/legal/policy", "/legal/policy")],
)
def test_relative_redirects_are_resolved_against_the_current_url(
    server: LocalHTTPServer, status: int, location: str, final_path: str
) -> None:
    server.routes["/legal/old"] = Route(b"", status, headers={"Location": location})
    server.routes[final_path] = Route(AMAZON_HTML)
    page = fetch(server.url("/legal/old"), allow_private=True)
    assert page is not None
    assert page.url == server.url("/legal/old")
    assert page.final_url == server.url(final_path)
    assert page.body == AMAZON_HTML


def redirect_chain(server: LocalHTTPServer, hops: int) -> None:
    for hop in range(hops):
        server.routes[f"/hop{hop}"] = Route(b"", 302, headers={"Location": f"/hop{hop + 1}"})
    server.routes[f"/hop{hops}"] = Route(b"<html>final</html>")


def test_a_chain_of_five_redirects_is_followed(server: LocalHTTPServer) -> None:
    redirect_chain(server, 5)
    page = fetch(server.url("/hop0"), allow_private=True)
    assert page is not None
    assert page.final_url == server.url("/hop5")
    assert [path for _, path, _ in server.requests] == [f"/hop{i}" for i in range(6)]


def test_a_sixth_redirect_fails_without_being_followed(server: LocalHTTPServer) -> None:
    redirect_chain(server, 6)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/hop0"), allow_private=True)
    assert "redirects more than 5 times" in caught.value.message
    assert caught.value.transient is False
    assert server.hits("/hop6") == 0


def test_a_redirect_loop_fails(server: LocalHTTPServer) -> None:
    server.routes["/a"] = Route(b"", 301, headers={"Location": "/b"})
    server.routes["/b"] = Route(b"", 301, headers={"Location": "/a"})
    with pytest.raises(FetchFailed, match="redirects more than"):
        fetch(server.url("/a"), allow_private=True)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "without a Location"),
        ({"Location": "ftp://ftp.example.com/privacy.txt"}, "unusable address"),
        ({"Location": "http://user:pw@example.com/"}, "credentials"),
    ],
)
def test_unusable_redirects_fail_permanently(
    server: LocalHTTPServer, headers: dict[str, str], message: str
) -> None:
    server.routes["/r"] = Route(b"", 302, headers=headers)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/r"), allow_private=True)
    assert message in caught.value.message
    assert caught.value.transient is False


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1:{port}/secret", "loopback"),
        ("http://2130706433:{port}/secret", "loopback"),
        ("http://[::ffff:127.0.0.1]:{port}/secret", "ipv4_mapped_loopback"),
        ("http://localhost:{port}/secret", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://intranet.example/secret", "private"),
        ("http://mixed.example/secret", "loopback"),
        ("http://policy.example:{port}/secret", "port"),
    ],
)
def test_a_redirect_to_a_non_public_address_is_refused_before_connecting(
    server: LocalHTTPServer, dns: FakeDNS, internet: FakeInternet, location: str, reason: str
) -> None:
    dns.answers["policy.example"] = [PUBLIC_IP]
    dns.answers["intranet.example"] = ["10.20.30.40"]
    dns.answers["mixed.example"] = [PUBLIC_IP, "127.0.0.1"]
    internet.routes[(PUBLIC_IP, 80)] = ("127.0.0.1", server.port)
    server.routes["/start"] = Route(
        b"", 302, headers={"Location": location.format(port=server.port)}
    )
    server.routes["/secret"] = Route(b"<html>internal admin</html>")

    with pytest.raises(BlockedURL) as caught:
        fetch("http://policy.example/start")
    assert f"({reason})" in caught.value.message
    assert server.hits("/start") == 1
    assert server.hits("/secret") == 0
    assert internet.connections == [(PUBLIC_IP, 80)]


# --- the guard in front of the first request ------------------------------------------------


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("http://127.0.0.1:{port}/secret", "loopback"),
        ("http://2130706433:{port}/secret", "loopback"),
        ("http://0x7f000001:{port}/secret", "loopback"),
        ("http://0177.0.0.1:{port}/secret", "loopback"),
        ("http://127.1:{port}/secret", "loopback"),
        ("http://127.0.1:{port}/secret", "loopback"),
        ("http://0x7f.0.0.1:{port}/secret", "loopback"),
        ("http://127.000.000.001:{port}/secret", "loopback"),
    ],
)
def test_every_spelling_of_the_live_server_is_refused(
    server: LocalHTTPServer, internet: FakeInternet, template: str, reason: str
) -> None:
    server.routes["/secret"] = Route(b"<html>internal admin</html>")
    url = template.format(port=server.port)
    with pytest.raises(BlockedURL) as caught:
        fetch(url)
    assert f"({reason})" in caught.value.message
    assert server.requests == []
    assert internet.connections == []
    # The same URL does reach the server once private addresses are allowed.
    page = fetch(url, allow_private=True)
    assert page is not None and page.body == b"<html>internal admin</html>"


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("http://[::ffff:127.0.0.1]:{port}/secret", "ipv4_mapped_loopback"),
        ("http://[::1]:{port}/secret", "loopback"),
        ("http://0:{port}/secret", "this_network"),
        ("http://localhost:{port}/secret", "loopback"),
        ("http://localhost.:{port}/secret", "loopback"),
        ("http://[::]:{port}/secret", "unspecified"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://[fd00::1]/secret", "private"),
    ],
)
def test_other_non_public_spellings_are_refused_before_connecting(
    server: LocalHTTPServer, internet: FakeInternet, dns: FakeDNS, template: str, reason: str
) -> None:
    with pytest.raises(BlockedURL) as caught:
        fetch(template.format(port=server.port))
    assert f"({reason})" in caught.value.message
    assert server.requests == []
    assert internet.connections == []
    assert dns.names == []


@pytest.mark.parametrize(
    "answers",
    [["10.0.0.5"], ["127.0.0.1"], [PUBLIC_IP, "127.0.0.1"], ["fd00::7", PUBLIC_IP]],
)
def test_a_name_resolving_to_a_non_public_address_is_never_connected(
    server: LocalHTTPServer, dns: FakeDNS, internet: FakeInternet, answers: list[str]
) -> None:
    dns.answers["policy.example"] = answers
    internet.routes[(PUBLIC_IP, 80)] = ("127.0.0.1", server.port)
    with pytest.raises(BlockedURL):
        fetch("http://policy.example/privacy")
    assert internet.connections == []
    assert server.requests == []


def test_a_public_name_is_resolved_once_and_fetched_from_that_address(
    server: LocalHTTPServer, dns: FakeDNS, internet: FakeInternet
) -> None:
    dns.answers["policy.example"] = [PUBLIC_IP]
    internet.routes[(PUBLIC_IP, 80)] = ("127.0.0.1", server.port)
    server.routes["/privacy"] = Route(AMAZON_HTML)
    page = fetch("http://policy.example/privacy?utm_source=x")
    assert page is not None and page.body == AMAZON_HTML
    assert page.final_url == "http://policy.example/privacy?utm_source=x"
    assert dns.lookups("policy.example") == 1
    assert internet.connections == [(PUBLIC_IP, 80)]
    assert sent_header(server, "/privacy", "Host") == "policy.example"


def test_redirect_hops_are_each_resolved_once(
    server: LocalHTTPServer, dns: FakeDNS, internet: FakeInternet
) -> None:
    dns.answers["policy.example"] = [PUBLIC_IP]
    dns.answers["www.policy.example"] = ["151.101.1.140"]
    internet.routes[(PUBLIC_IP, 80)] = ("127.0.0.1", server.port)
    internet.routes[("151.101.1.140", 80)] = ("127.0.0.1", server.port)
    server.routes["/privacy"] = Route(
        b"", 301, headers={"Location": "http://www.policy.example/legal/privacy"}
    )
    server.routes["/legal/privacy"] = Route(AMAZON_HTML)
    page = fetch("http://policy.example/privacy")
    assert page is not None and page.final_url == "http://www.policy.example/legal/privacy"
    assert internet.connections == [(PUBLIC_IP, 80), ("151.101.1.140", 80)]
    assert [name for name in dns.names if not name[0].isdigit()] == [
        "policy.example",
        "www.policy.example",
    ]
    assert sent_header(server, "/legal/privacy", "Host") == "www.policy.example"


def test_a_private_name_is_fetched_when_private_addresses_are_allowed(
    server: LocalHTTPServer, dns: FakeDNS
) -> None:
    dns.answers["policy.test"] = ["127.0.0.1"]
    server.routes["/privacy"] = Route(GITHUB_MD, content_type="text/markdown")
    page = fetch(f"http://policy.test:{server.port}/privacy", allow_private=True)
    assert page is not None and page.content_type == "text/markdown"
    assert sent_header(server, "/privacy", "Host") == f"policy.test:{server.port}"
    assert dns.lookups("policy.test") == 1


def test_a_port_other_than_80_or_443_is_refused_before_any_lookup(
    dns: FakeDNS, internet: FakeInternet
) -> None:
    dns.answers["example.com"] = [PUBLIC_IP]
    with pytest.raises(BlockedURL) as caught:
        fetch("http://example.com:8080/")
    assert "(port)" in caught.value.message
    assert dns.names == [] and internet.connections == []


@pytest.mark.parametrize(
    "url", ["ftp://example.com/privacy.txt", "https://user:pw@example.com/", "http://"]
)
def test_invalid_urls_are_refused_even_with_private_addresses_allowed(url: str) -> None:
    with pytest.raises(InvalidURL):
        fetch(url, allow_private=True)


# --- size ------------------------------------------------------------------------------------


def test_a_declared_content_length_over_the_cap_is_refused_before_reading(
    raw_server: Callable[..., RawServer],
) -> None:
    def respond(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        conn.sendall(b"Content-Length: 1000000000\r\n\r\n<html>")
        time.sleep(3)  # never sends the rest: reading the body would time out instead

    raw = raw_server(respond)
    with pytest.raises(TooLarge) as caught:
        fetch(raw.url("/big"), allow_private=True, max_bytes=100_000, read_timeout=2)
    assert "1,000,000,000 bytes" in caught.value.message
    assert caught.value.code == "too_large"


def test_content_length_over_the_cap_from_the_http_server(server: LocalHTTPServer) -> None:
    server.routes["/p"] = Route(AMAZON_HTML)
    with pytest.raises(TooLarge):
        fetch(server.url("/p"), allow_private=True, max_bytes=len(AMAZON_HTML) - 1)
    page = fetch(server.url("/p"), allow_private=True, max_bytes=len(AMAZON_HTML))
    assert page is not None and page.body == AMAZON_HTML


def endless(framing: str, total: int) -> Callable[[socket.socket], None]:
    """A response of `total` bytes (or far more) with no Content-Length."""

    def respond(conn: socket.socket) -> None:
        piece = b"We collect your data. " * 500
        sent = 0
        if framing == "chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
            conn.sendall(b"Transfer-Encoding: chunked\r\n\r\n")
        else:
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
            )
        while sent < total:
            data = piece[: total - sent]
            sent += len(data)
            conn.sendall(b"%x\r\n%s\r\n" % (len(data), data) if framing == "chunked" else data)
        if framing == "chunked":
            conn.sendall(b"0\r\n\r\n")

    return respond


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_a_body_without_content_length_is_cut_at_the_cap(
    raw_server: Callable[..., RawServer], framing: str
) -> None:
    raw = raw_server(endless(framing, total=500_000_000))
    with pytest.raises(TooLarge) as caught:
        fetch(raw.url("/endless"), allow_private=True, max_bytes=200_000)
    assert "200,000 bytes" in caught.value.message


@pytest.mark.parametrize("framing", ["chunked", "close"])
@pytest.mark.parametrize(("total", "fits"), [(200_000, True), (200_001, False)])
def test_the_cap_is_exact(
    raw_server: Callable[..., RawServer], framing: str, total: int, fits: bool
) -> None:
    raw = raw_server(endless(framing, total=total))
    if fits:
        page = fetch(raw.url("/p"), allow_private=True, max_bytes=200_000)
        assert page is not None and len(page.body) == total
    else:
        with pytest.raises(TooLarge):
            fetch(raw.url("/p"), allow_private=True, max_bytes=200_000)


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", deflate_raw),
        ("identity", lambda data: data),
    ],
)
def test_compressed_bodies_are_decoded(
    server: LocalHTTPServer, encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    server.routes["/p"] = Route(encode(AMAZON_HTML), headers={"Content-Encoding": encoding})
    page = fetch(server.url("/p"), allow_private=True)
    assert page is not None and page.body == AMAZON_HTML
    assert sent_header(server, "/p", "Accept-Encoding") == "gzip, deflate"


@pytest.mark.parametrize(
    ("encoding", "body", "error"),
    [
        ("br", b"\x1b\x03\x00\xf8", UnsupportedContent),
        ("gzip, gzip", gzip.compress(gzip.compress(b"x", mtime=0), mtime=0), UnsupportedContent),
        ("gzip", b"this is not gzip at all", FetchFailed),
    ],
)
def test_unreadable_encodings_are_refused(
    server: LocalHTTPServer, encoding: str, body: bytes, error: type[Exception]
) -> None:
    server.routes["/p"] = Route(body, headers={"Content-Encoding": encoding})
    with pytest.raises(error):
        fetch(server.url("/p"), allow_private=True)


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MB of zeros, gzipped to about 50 KB."""
    return gzip.compress(bytes(50 * 1024 * 1024), compresslevel=9)


def test_a_gzip_bomb_stops_at_the_cap_without_inflating_in_memory(
    server: LocalHTTPServer, gzip_bomb: bytes
) -> None:
    assert len(gzip_bomb) < 100_000
    server.routes["/bomb"] = Route(
        gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as caught:
            fetch(server.url("/bomb"), allow_private=True, max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "once decompressed" in caught.value.message
    assert peak < 4_000_000, f"peak memory {peak:,} bytes for a 1 MB cap"


# --- time ------------------------------------------------------------------------------------


def test_a_silent_server_hits_the_read_timeout(raw_server: Callable[..., RawServer]) -> None:
    def respond(conn: socket.socket) -> None:
        time.sleep(1.5)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    raw = raw_server(respond)
    with pytest.raises(FetchTimeout) as caught:
        fetch(raw.url("/slow"), allow_private=True, read_timeout=0.3, deadline=10)
    assert "read timeout" in caught.value.message
    assert caught.value.code == "fetch_timeout" and caught.value.transient


def test_a_trickling_body_is_stopped_by_the_total_deadline(server: LocalHTTPServer) -> None:
    server.routes["/loris"] = Route(b"<html>" + b"x" * 200 + b"</html>", trickle=0.2)
    with pytest.raises(FetchTimeout) as caught:
        fetch(server.url("/loris"), allow_private=True, read_timeout=1.0, deadline=0.8)
    assert "0.8 s deadline" in caught.value.message


def test_trickling_headers_are_stopped_by_the_total_deadline(
    raw_server: Callable[..., RawServer],
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"p" * 60
    sent: list[int] = []
    hung_up = threading.Event()

    def respond(conn: socket.socket) -> None:
        try:
            for byte in head:
                conn.sendall(bytes([byte]))
                sent.append(byte)
                time.sleep(0.1)
            conn.sendall(b"\r\nContent-Length: 6\r\n\r\n<html>")
        finally:
            hung_up.set()

    raw = raw_server(respond)
    with pytest.raises(FetchTimeout) as caught:
        fetch(raw.url("/loris"), allow_private=True, read_timeout=1.0, deadline=0.8)
    assert "0.8 s deadline" in caught.value.message
    # The connection was cut while the headers were still trickling in, not after them.
    assert hung_up.wait(timeout=10)
    assert len(sent) < len(head)


def test_the_deadline_spans_redirects(server: LocalHTTPServer) -> None:
    for hop in range(5):
        server.routes[f"/hop{hop}"] = Route(
            b"", 302, headers={"Location": f"/hop{hop + 1}"}, delay=0.3
        )
    server.routes["/hop5"] = Route(b"<html>final</html>")
    with pytest.raises(FetchTimeout, match="deadline"):
        fetch(server.url("/hop0"), allow_private=True, read_timeout=1.0, deadline=0.8)
    assert server.hits("/hop5") == 0


# --- status codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "transient"),
    [(404, False), (410, False), (403, False), (429, True), (500, True), (503, True)],
)
def test_error_statuses_fail_and_say_whether_to_retry(
    server: LocalHTTPServer, status: int, transient: bool
) -> None:
    server.routes["/p"] = Route(b"<html>error page</html>", status)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/p"), allow_private=True)
    assert caught.value.code == "fetch_failed"
    assert str(status) in caught.value.message
    assert caught.value.transient is transient


def test_a_refused_connection_is_a_transient_failure() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed) as caught:
        fetch(f"http://127.0.0.1:{port}/", allow_private=True)
    assert "Could not connect to 127.0.0.1" in caught.value.message
    assert caught.value.transient is True


def test_an_unchanged_page_answers_none_to_a_conditional_request(server: LocalHTTPServer) -> None:
    server.routes["/p"] = Route(b"", 304, headers={"ETag": '"v1"'})
    assert fetch(server.url("/p"), allow_private=True, etag='"v1"') is None
    assert sent_header(server, "/p", "If-None-Match") == '"v1"'
    assert sent_header(server, "/p", "If-Modified-Since") is None


def test_if_modified_since_is_sent_and_a_changed_page_is_returned(
    server: LocalHTTPServer,
) -> None:
    server.routes["/p"] = Route(
        AMAZON_HTML, headers={"ETag": '"v2"', "Last-Modified": "Tue, 04 Mar 2014 10:00:00 GMT"}
    )
    page = fetch(
        server.url("/p"),
        allow_private=True,
        etag='"v1"',
        last_modified="Mon, 03 Mar 2014 10:00:00 GMT",
    )
    assert page is not None and page.etag == '"v2"'
    assert sent_header(server, "/p", "If-None-Match") == '"v1"'
    assert sent_header(server, "/p", "If-Modified-Since") == "Mon, 03 Mar 2014 10:00:00 GMT"


def test_a_304_to_an_unconditional_request_is_a_failure(server: LocalHTTPServer) -> None:
    server.routes["/p"] = Route(b"", 304)
    with pytest.raises(FetchFailed, match="304"):
        fetch(server.url("/p"), allow_private=True)


# --- TLS to a pinned address -----------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """A throwaway CA and a certificate for policy.test only (no IP address in it)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Policywatch test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    openssl("req", *ec, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=policy.test")
    (folder / "leaf.ext").write_text(
        "subjectAltName=DNS:policy.test\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n"
    )
    openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "leaf.pem", "-days", "2",
            "-extfile", "leaf.ext")  # fmt: skip
    return Certificates(folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key")


@pytest.fixture
def tls_server(raw_server: Callable[..., RawServer], certificates: Certificates) -> RawServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.cert, certificates.key)
    body = AMAZON_HTML

    def respond(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)
        )

    return raw_server(respond, tls=context)


def test_https_connects_to_the_pinned_ip_and_verifies_the_real_name(
    tls_server: RawServer, certificates: Certificates, dns: FakeDNS
) -> None:
    dns.answers["policy.test"] = ["127.0.0.1"]
    trust = ssl.create_default_context(cafile=str(certificates.ca))
    page = fetch(tls_server.url("/privacy", "policy.test"), allow_private=True, ssl_context=trust)
    assert page is not None and page.body == AMAZON_HTML
    assert tls_server.server_names == ["policy.test"]
    assert header(tls_server.requests[0], "Host") == f"policy.test:{tls_server.port}"
    assert dns.lookups("policy.test") == 1


@pytest.mark.parametrize("host", ["other.test", "127.0.0.1"])
def test_https_refuses_a_certificate_for_another_name(
    tls_server: RawServer, certificates: Certificates, dns: FakeDNS, host: str
) -> None:
    dns.answers["other.test"] = ["127.0.0.1"]
    trust = ssl.create_default_context(cafile=str(certificates.ca))
    with pytest.raises(FetchFailed) as caught:
        fetch(tls_server.url("/privacy", host), allow_private=True, ssl_context=trust)
    assert "TLS certificate" in caught.value.message
    assert caught.value.transient is False
    assert tls_server.requests == []


def test_https_refuses_an_untrusted_certificate(tls_server: RawServer, dns: FakeDNS) -> None:
    dns.answers["policy.test"] = ["127.0.0.1"]
    with pytest.raises(FetchFailed, match="TLS certificate"):
        fetch(tls_server.url("/privacy", "policy.test"), allow_private=True)
    assert tls_server.requests == []
