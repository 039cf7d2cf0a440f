"""The SSRF guard: decide once which address a URL may be fetched from, or refuse it."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from worker.errors import BlockedURL, FetchFailed
from worker.ingest.urls import parse_http_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

PUBLIC_PORTS = frozenset({80, 443})
"""The only ports fetched unless private addresses are allowed (tests)."""

_NON_PUBLIC_NETWORKS: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "this_network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared_cgnat"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link_local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "ietf_protocol"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4_relay"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "ipv4_compatible"),
    ("64:ff9b:1::/48", "nat64_local"),
    ("100::/64", "discard"),
    ("2001:db8::/32", "documentation"),
    ("3fff::/20", "documentation"),
    ("fc00::/7", "private"),
    ("fe80::/10", "link_local"),
    ("fec0::/10", "site_local"),
    ("ff00::/8", "multicast"),
)
_NETWORKS = tuple((ipaddress.ip_network(net), reason) for net, reason in _NON_PUBLIC_NETWORKS)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class GuardedTarget:
    """A URL that passed the guard, with the one address it must be fetched from."""

    url: str
    scheme: str
    host: str
    """The canonical host name (ASCII, lower case) or IP address, without brackets."""
    port: int
    ip: str
    """The checked address to connect to; never resolve `host` again."""
    path_and_query: str

    @property
    def host_header(self) -> str:
        """The Host header value: host, bracketed if IPv6, with the port when not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def connect_url(self) -> str:
        """The URL that reaches the checked address directly: scheme://ip:port/path?query."""
        ip = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"{self.scheme}://{ip}:{self.port}{self.path_and_query}"

    @property
    def host_is_ip(self) -> bool:
        return _as_ip(self.host) is not None


def check_url(url: str, *, allow_private: bool = False) -> GuardedTarget:
    """Parse `url`, resolve its host once and return the address to fetch it from; refuse
    (BlockedURL) non-public addresses and ports other than 80/443 unless allow_private."""
    parsed = parse_http_url(url)
    literal = _as_ip(parsed.host)
    if not allow_private:
        if literal is not None:
            _refuse_if_not_public(literal, parsed.host)
        elif parsed.host == "localhost" or parsed.host.endswith(".localhost"):
            raise BlockedURL(
                f"Refused {parsed.host}: localhost names are loopback addresses, and only "
                "public addresses are fetched (loopback)."
            )
        if parsed.port not in PUBLIC_PORTS:
            raise BlockedURL(
                f"Refused port {parsed.port}: only ports 80 and 443 are fetched (port)."
            )
    addresses = [literal] if literal is not None else resolve(parsed.host, parsed.port)
    if not allow_private:
        for address in addresses:
            _refuse_if_not_public(address, parsed.host)
    return GuardedTarget(
        url=url.strip(),
        scheme=parsed.scheme,
        host=parsed.host,
        port=parsed.port,
        ip=str(addresses[0]),
        path_and_query=parsed.path_and_query,
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to for TCP, in the resolver's order of preference."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        error = FetchFailed(f"Could not resolve the host {host} ({exc}).")
        error.transient = getattr(exc, "errno", None) == socket.EAI_AGAIN
        raise error from exc
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in answers:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchFailed(f"The host {host} has no IPv4 or IPv6 address.")
    return addresses


def non_public_reason(address: IPAddress) -> str | None:
    """Why `address` is not a public unicast address (e.g. "loopback"), or None if it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            kind, ipv4 = embedded
            inner = non_public_reason(ipv4)
            if inner is not None or kind in ("ipv4_mapped", "nat64"):
                return None if inner is None else f"{kind}_{inner}"
    for network, reason in _NETWORKS:
        if address.version == network.version and address in network:
            return reason
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved or address.is_unspecified or not address.is_global:
        return "reserved"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv4-mapped, 6to4, Teredo or NAT64 address stands for."""
    if address.ipv4_mapped is not None:
        return "ipv4_mapped", address.ipv4_mapped
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "teredo", address.teredo[1]
    if address in _NAT64:
        return "nat64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _refuse_if_not_public(address: IPAddress, host: str) -> None:
    reason = non_public_reason(address)
    if reason is None:
        return
    label = reason.replace("_", " ")
    if host == str(address):
        subject = f"{host}: it is a {label} address"
    else:
        subject = f"{host}: it resolves to {address}, a {label} address"
    raise BlockedURL(
        f"Refused {subject}, and only public addresses are fetched ({reason}); "
        "an operator can allow them with POLICYWATCH_ALLOW_PRIVATE_HOSTS=true."
    )


def _as_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
