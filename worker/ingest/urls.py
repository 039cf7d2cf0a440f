"""Parsing and normalising policy URLs: the normalised URL is a policy's identity."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote_plus, urlsplit

import idna

from worker.errors import InvalidURL

DEFAULT_PORTS = {"http": 80, "https": 443}
"""The port each accepted scheme uses when the URL names none."""

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid"}
)
"""Query parameters that only track the visitor and never change the page (plus utm_*)."""

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_IPV4_PART = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


@dataclass(frozen=True, slots=True)
class HttpURL:
    """An http(s) URL taken apart, its host canonical (lower case, IDNA, IPs in standard form)."""

    scheme: str
    host: str
    """A DNS name in ASCII, a dotted-quad IPv4 address or an IPv6 address without brackets."""
    port: int
    path: str
    query: str

    @property
    def netloc(self) -> str:
        """host[:port] as written in a URL, the port only when it is not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def path_and_query(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


def parse_http_url(url: str) -> HttpURL:
    """Take an http(s) URL apart, refusing other schemes, credentials and malformed hosts."""
    text = url.strip()
    if not text:
        raise InvalidURL(
            "The URL is empty; give the full address, e.g. https://example.com/privacy."
        )
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise InvalidURL(f"The URL {text!r} contains control characters.")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidURL(f"The URL {text!r} is malformed ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise InvalidURL(f"Only http and https URLs can be fetched; {text!r} has {shown}.")
    if "@" in parts.netloc:
        raise InvalidURL(f"The URL {text!r} carries credentials (user@host); remove them.")
    host = _canonical_host(parts.netloc, parts.hostname, text)
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"The URL {text!r} has an invalid port.") from exc
    if port == 0:
        raise InvalidURL(f"The URL {text!r} has an invalid port 0.")
    return HttpURL(
        scheme=scheme,
        host=host,
        port=DEFAULT_PORTS[scheme] if port is None else port,
        path=quote(parts.path, safe=_PATH_SAFE) or "/",
        query=quote(parts.query, safe=_QUERY_SAFE),
    )


def normalise_url(url: str) -> str:
    """The canonical spelling of a policy URL: same page, same string, same policy id."""
    parsed = parse_http_url(url)
    query = "&".join(sorted(p for p in parsed.query.split("&") if p and not _is_tracking(p)))
    return f"{parsed.scheme}://{parsed.netloc}{parsed.path}" + (f"?{query}" if query else "")


def policy_id(normalised_url: str) -> str:
    """A short stable id for a policy: the first 16 hex digits of sha256(normalised URL)."""
    return hashlib.sha256(normalised_url.encode("utf-8")).hexdigest()[:16]


def _is_tracking(param: str) -> bool:
    name = unquote_plus(param.split("=", 1)[0]).lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def _canonical_host(netloc: str, hostname: str | None, text: str) -> str:
    """Lower-case, IDNA-encode and validate a host; IP literals in any spelling become standard."""
    if not hostname:
        raise InvalidURL(f"The URL {text!r} has no host.")
    if "[" in netloc:
        if "%" in hostname:
            raise InvalidURL(f"The URL {text!r} has an IPv6 zone id, which is not fetched.")
        try:
            return str(ipaddress.IPv6Address(hostname))
        except ValueError as exc:
            raise InvalidURL(f"The URL {text!r} has a malformed IPv6 address.") from exc
    host = hostname[:-1] if hostname.endswith(".") else hostname
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise InvalidURL(f"The host of {text!r} is not a valid domain name ({exc}).") from exc
    labels = host.split(".")
    if _IPV4_PART.match(labels[-1]):
        ipv4 = parse_ipv4(host)
        if ipv4 is None:
            raise InvalidURL(f"The host of {text!r} looks like an IPv4 address but is not one.")
        return str(ipv4)
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise InvalidURL(f"The host of {text!r} is not a valid domain name.")
    return host


def parse_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read an IPv4 address in every spelling inet_aton and browsers accept (127.1, 0x7f000001,
    0177.0.0.1, 2130706433), or None when `host` is not one."""
    parts = host.lower().split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.match(part) for part in parts):
        return None
    numbers = []
    for part in parts:
        if part.startswith("0x"):
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                return None
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _as_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
