"""The SSRF guard refuses every spelling of a non-public address and resolves a name once."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from worker.errors import BlockedURL, FetchFailed, InvalidURL
from worker.ingest.fetch_guard import GuardedTarget, check_url, non_public_reason

PUBLIC_IP = "93.184.215.14"


@dataclass
class FakeDNS:
    """Answers getaddrinfo for chosen names, passes numeric hosts to the real resolver, and
    records every name it was asked about."""

    answers: dict[str, list[str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    real: Callable[..., list] = socket.getaddrinfo

    def getaddrinfo(self, host: object, port: object, *args: object, **kwargs: object) -> list:
        name = host.decode() if isinstance(host, bytes) else str(host)
        self.names.append(name)
        if name not in self.answers:
            try:
                ipaddress.ip_address(name)
            except ValueError as exc:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from exc
            return self.real(host, port, *args, **kwargs)
        numeric_port = int(port) if port is not None else 0
        results = []
        for ip in self.answers[name]:
            if ":" in ip:
                results.append(
                    (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, numeric_port, 0, 0))
                )
            else:
                results.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, numeric_port)))
        return results

    def lookups(self, name: str) -> int:
        return self.names.count(name)


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDNS]:
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    yield fake


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link_local"),
        ("100.64.0.1", "shared_cgnat"),
        ("100.127.255.254", "shared_cgnat"),
        ("0.0.0.0", "this_network"),
        ("0.1.2.3", "this_network"),
        ("198.18.0.1", "benchmarking"),
        ("198.19.255.1", "benchmarking"),
        ("192.0.2.10", "documentation"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.200", "documentation"),
        ("192.0.0.170", "ietf_protocol"),
        ("224.0.0.251", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "broadcast"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fc00::1", "private"),
        ("fd12:3456:789a::1", "private"),
        ("fe80::1", "link_local"),
        ("fec0::1", "site_local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("100::1", "discard"),
        ("::ffff:127.0.0.1", "ipv4_mapped_loopback"),
        ("::ffff:10.0.0.1", "ipv4_mapped_private"),
        ("::ffff:169.254.169.254", "ipv4_mapped_link_local"),
        ("::127.0.0.1", "ipv4_compatible"),
        ("2002:7f00:1::", "6to4_loopback"),
        ("2002:a9fe:a9fe::1", "6to4_link_local"),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "teredo_loopback"),
        ("64:ff9b::7f00:1", "nat64_loopback"),
        ("64:ff9b::a00:1", "nat64_private"),
        ("64:ff9b:1::1", "nat64_local"),
    ],
)
def test_non_public_addresses_are_named(address: str, reason: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "address",
    [
        PUBLIC_IP,
        "8.8.8.8",
        "1.1.1.1",
        "151.101.1.140",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


LOOPBACK_SPELLINGS = [
    ("http://127.0.0.1/", "loopback"),
    ("http://2130706433/", "loopback"),
    ("http://0x7f000001/", "loopback"),
    ("http://0177.0.0.1/", "loopback"),
    ("http://127.1/", "loopback"),
    ("http://127.0.1/", "loopback"),
    ("http://0x7f.1/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "ipv4_mapped_loopback"),
    ("http://[::ffff:7f00:1]/", "ipv4_mapped_loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[0:0:0:0:0:0:0:1]/", "loopback"),
    ("http://0/", "this_network"),
    ("http://0.0.0.0/", "this_network"),
    ("http://[::]/", "unspecified"),
    ("http://localhost/", "loopback"),
    ("http://localhost./", "loopback"),
    ("http://LOCALHOST/", "loopback"),
    ("http://api.localhost/", "loopback"),
    ("http://１２７.０.０.１/", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link_local"),
    ("http://0xa9fea9fe/latest/meta-data/", "link_local"),
    ("http://[fe80::1]/", "link_local"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.0.1/", "private"),
    ("http://100.64.0.1/", "shared_cgnat"),
    ("http://[fc00::1]/", "private"),
    ("http://[2002:7f00:1::]/", "6to4_loopback"),
    ("http://[64:ff9b::7f00:1]/", "nat64_loopback"),
    ("https://255.255.255.255/", "broadcast"),
]


@pytest.mark.parametrize(("url", "reason"), LOOPBACK_SPELLINGS)
def test_every_spelling_of_a_non_public_host_is_refused(
    dns: FakeDNS, url: str, reason: str
) -> None:
    with pytest.raises(BlockedURL) as caught:
        check_url(url)
    assert caught.value.code == "blocked_url"
    assert f"({reason})" in caught.value.message
    assert dns.names == []


@pytest.mark.parametrize(
    ("url", "ip"),
    [
        ("http://2130706433:8080/", "127.0.0.1"),
        ("http://0x7f000001:8080/", "127.0.0.1"),
        ("http://0177.0.0.1:8080/", "127.0.0.1"),
        ("http://127.1:8080/", "127.0.0.1"),
        ("http://127.0.1:8080/", "127.0.0.1"),
        ("http://[::ffff:127.0.0.1]:8080/", "::ffff:7f00:1"),
        ("http://[::1]:8080/", "::1"),
        ("http://0:8080/", "0.0.0.0"),
    ],
)
def test_literal_spellings_resolve_to_the_address_the_system_would_use(url: str, ip: str) -> None:
    target = check_url(url, allow_private=True)
    assert target.ip == ip
    host = url.split("//", 1)[1].rsplit(":", 1)[0].strip("[]")
    system = socket.getaddrinfo(host, 8080, type=socket.SOCK_STREAM)[0][4][0]
    assert ipaddress.ip_address(system) == ipaddress.ip_address(ip)


@pytest.mark.parametrize("name", ["localhost", "localhost."])
def test_localhost_resolves_to_loopback_when_private_addresses_are_allowed(name: str) -> None:
    target = check_url(f"http://{name}:8080/", allow_private=True)
    assert target.host == "localhost"
    assert ipaddress.ip_address(target.ip).is_loopback


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (["10.0.0.7"], "private"),
        (["127.0.0.1"], "loopback"),
        (["169.254.169.254"], "link_local"),
        (["::1"], "loopback"),
        (["fd00::5"], "private"),
        (["::ffff:192.168.1.1"], "ipv4_mapped_private"),
        ([PUBLIC_IP, "10.0.0.7"], "private"),
        (["2606:4700:4700::1111", "127.0.0.1"], "loopback"),
        (["10.0.0.7", PUBLIC_IP], "private"),
    ],
)
def test_names_resolving_to_any_non_public_address_are_refused(
    dns: FakeDNS, answers: list[str], reason: str
) -> None:
    dns.answers["policy.example"] = answers
    with pytest.raises(BlockedURL) as caught:
        check_url("https://policy.example/privacy")
    assert f"({reason})" in caught.value.message
    assert "policy.example: it resolves to" in caught.value.message
    assert dns.lookups("policy.example") == 1


def test_a_public_name_is_resolved_once_and_pinned_to_its_first_address(dns: FakeDNS) -> None:
    dns.answers["policy.example"] = [PUBLIC_IP, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    target = check_url("https://Policy.Example./privacy?lang=en#top")
    assert target == GuardedTarget(
        url="https://Policy.Example./privacy?lang=en#top",
        scheme="https",
        host="policy.example",
        port=443,
        ip=PUBLIC_IP,
        path_and_query="/privacy?lang=en",
    )
    assert target.host_header == "policy.example"
    assert target.connect_url == f"https://{PUBLIC_IP}:443/privacy?lang=en"
    assert dns.names == ["policy.example"]


def test_an_ipv6_target_brackets_its_address(dns: FakeDNS) -> None:
    dns.answers["v6.example"] = ["2606:4700:4700::1111"]
    target = check_url("http://v6.example/p", allow_private=True)
    assert target.connect_url == "http://[2606:4700:4700::1111]:80/p"
    literal = check_url("http://[::1]:8080/p", allow_private=True)
    assert literal.host_header == "[::1]:8080"


@pytest.mark.parametrize("url", ["http://example.com:8080/", "https://example.com:8443/"])
def test_other_ports_are_refused_before_any_lookup(dns: FakeDNS, url: str) -> None:
    dns.answers["example.com"] = [PUBLIC_IP]
    with pytest.raises(BlockedURL) as caught:
        check_url(url)
    assert "(port)" in caught.value.message
    assert dns.names == []
    assert check_url(url, allow_private=True).ip == PUBLIC_IP


@pytest.mark.parametrize("url", ["http://example.com:443/", "https://example.com:80/"])
def test_ports_80_and_443_are_fetched_with_either_scheme(dns: FakeDNS, url: str) -> None:
    dns.answers["example.com"] = [PUBLIC_IP]
    assert check_url(url).ip == PUBLIC_IP


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "http://user:pass@127.0.0.1:8080/",
        "http://user@example.com/",
        "http:///nohost",
        "http://[::1/",
    ],
)
@pytest.mark.parametrize("allow_private", [False, True])
def test_syntax_errors_are_invalid_even_when_private_addresses_are_allowed(
    dns: FakeDNS, url: str, allow_private: bool
) -> None:
    with pytest.raises(InvalidURL) as caught:
        check_url(url, allow_private=allow_private)
    assert caught.value.code == "invalid_url"
    assert dns.names == []


def test_an_unknown_name_is_a_permanent_fetch_failure(dns: FakeDNS) -> None:
    with pytest.raises(FetchFailed) as caught:
        check_url("https://no-such-host.example/")
    assert "could not resolve" in caught.value.message.lower()
    assert caught.value.transient is False
