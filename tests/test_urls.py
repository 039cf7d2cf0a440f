"""normalise_url gives one spelling per policy page; policy_id is a hash prefix of it."""

from __future__ import annotations

import hashlib

import pytest

from worker.errors import InvalidURL
from worker.ingest.urls import normalise_url, parse_ipv4, policy_id

# Policy URLs of OPP-115 (policies.csv), written the ways people paste them.
NORMALISED = [
    (
        "https://www.amazon.com/gp/help/customer/display.html/?nodeId=468496",
        "https://www.amazon.com/gp/help/customer/display.html/?nodeId=468496",
    ),
    ("  HTTPS://WWW.IMDB.COM/privacy  ", "https://www.imdb.com/privacy"),
    ("http://www.nytimes.com:80/privacy", "http://www.nytimes.com/privacy"),
    ("https://www.nytimes.com:443/privacy#section-3", "https://www.nytimes.com/privacy"),
    ("https://www.theatlantic.com", "https://www.theatlantic.com/"),
    ("https://www.theatlantic.com?", "https://www.theatlantic.com/"),
    (
        "https://www.pbs.org:8443/about/policies/privacy-policy/",
        "https://www.pbs.org:8443/about/policies/privacy-policy/",
    ),
    (
        "http://instagram.com:443/about/legal/privacy/",
        "http://instagram.com:443/about/legal/privacy/",
    ),
    (
        "https://www.voxmedia.com/privacy-policy?utm_source=twitter&utm_medium=social",
        "https://www.voxmedia.com/privacy-policy",
    ),
    (
        "https://www.esquire.com/about/privacy-policy?b=2&fbclid=IwAR0x&a=1&gclid=Cj0K&UTM_Campaign=x",
        "https://www.esquire.com/about/privacy-policy?a=1&b=2",
    ),
    (
        "https://www.meredith.com/privacy.html?lang=en&amp;x",
        "https://www.meredith.com/privacy.html?amp;x&lang=en",
    ),
    ("https://liquor.com./privacy-policy/", "https://liquor.com/privacy-policy/"),
    ("https://bücher.example/datenschutz", "https://xn--bcher-kva.example/datenschutz"),
    ("https://BÜCHER.example/datenschutz", "https://xn--bcher-kva.example/datenschutz"),
    ("https://www.sheknows.com/privacy policy", "https://www.sheknows.com/privacy%20policy"),
    ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
    ("https://[2001:DB8::1]:443/privacy", "https://[2001:db8::1]/privacy"),
    ("http://0x5db8d70e/privacy", "http://93.184.215.14/privacy"),
]


@pytest.mark.parametrize(("url", "expected"), NORMALISED)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), NORMALISED)
def test_normalise_url_is_idempotent(url: str, expected: str) -> None:
    assert normalise_url(normalise_url(url)) == normalise_url(url)


INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("www.imdb.com/privacy", "http and https"),
    ("ftp://ftp.example.com/privacy.txt", "ftp"),
    ("javascript:alert(1)", "javascript"),
    ("file:///etc/passwd", "file"),
    ("https://user:secret@www.imdb.com/privacy", "credentials"),
    ("https://user@www.imdb.com/privacy", "credentials"),
    ("https://@www.imdb.com/privacy", "credentials"),
    ("https:///privacy", "no host"),
    ("https://", "no host"),
    ("https://exa mple.com/", "not a valid domain"),
    ("https://example.com/\x00", "control"),
    ("https://exa_mple..com/", "not a valid domain"),
    ("https://-example.com/", "not a valid domain"),
    ("https://exa<mple.com/", "not a valid domain"),
    ("https://example.com:99999/", "port"),
    ("https://example.com:0/", "port"),
    ("https://example.com:abc/", "port"),
    ("https://[::1/", "malformed"),
    ("https://[fe80::1%25eth0]/", "zone"),
    ("https://1.2.3.4.5/", "IPv4"),
    ("https://256.1.1.1/", "IPv4"),
    ("https://example.123/", "IPv4"),
    ("https://0x1g.0.0.1/", "IPv4"),
    ("https://09.0.0.1/", "IPv4"),
]


@pytest.mark.parametrize(("url", "reason"), INVALID)
def test_invalid_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(InvalidURL) as caught:
        normalise_url(url)
    assert caught.value.code == "invalid_url"
    assert reason.lower() in caught.value.message.lower()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0177.0000.0000.0001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("10.0x10.0377", "10.16.0.255"),
        ("4294967295", "255.255.255.255"),
        ("4294967296", None),
        ("1.16777216", None),
        ("1.2.3.256", None),
        ("08.0.0.1", None),
        ("1.2.3.4.5", None),
        ("example.com", None),
        ("", None),
    ],
)
def test_parse_ipv4_reads_every_spelling_inet_aton_accepts(host: str, expected: str | None) -> None:
    parsed = parse_ipv4(host)
    assert (None if parsed is None else str(parsed)) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://１２７.０.０.１/",
    ],
)
def test_numeric_hosts_normalise_to_the_dotted_quad(url: str) -> None:
    assert normalise_url(url) == "http://127.0.0.1/"


def test_policy_id_is_the_sha256_prefix_of_the_normalised_url() -> None:
    url = normalise_url("https://www.imdb.com/privacy")
    assert policy_id(url) == hashlib.sha256(b"https://www.imdb.com/privacy").hexdigest()[:16]
    assert len(policy_id(url)) == 16
    assert all(char in "0123456789abcdef" for char in policy_id(url))


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.imdb.com/privacy", "HTTPS://www.IMDB.com:443/privacy#top", True),
        ("https://www.imdb.com/privacy?utm_source=x", "https://www.imdb.com/privacy", True),
        ("https://www.imdb.com/privacy?b=1&a=2", "https://www.imdb.com/privacy?a=2&b=1", True),
        ("https://www.imdb.com/privacy", "http://www.imdb.com/privacy", False),
        ("https://www.imdb.com/privacy", "https://imdb.com/privacy", False),
        ("https://www.imdb.com/privacy", "https://www.imdb.com/Privacy", False),
        ("https://www.imdb.com/privacy?lang=en", "https://www.imdb.com/privacy?lang=fr", False),
    ],
)
def test_policy_id_is_equal_exactly_for_equivalent_urls(
    first: str, second: str, same: bool
) -> None:
    assert (policy_id(normalise_url(first)) == policy_id(normalise_url(second))) is same
