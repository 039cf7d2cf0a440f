"""Tests for worker.ingest.normalise: canonical text and version ids."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import ftfy
import pytest

from worker.ingest.normalise import (
    TYPOGRAPHIC,
    canonical_text,
    is_list_item,
    looks_like_heading,
    version_id,
)

RESOURCES = Path(__file__).parent / "resources"
SEEDS = sorted((RESOURCES / "seeds").glob("*.txt"))
OTA = sorted((RESOURCES / "ota").rglob("*.md"))

SENTENCE = (
    "We gather navigational information about where you go on our Web site. This "
    "information allows us to see which areas are most visited."
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("We\u00a0collect\u00a0your name.", "We collect your name."),
        ("We collect\r\nyour name.\r\n", "We collect your name."),
        ("We collect\ryour name.", "We collect your name."),
        ("We col\u200blect your\u2060 name.\ufeff", "We collect your name."),
        ("We collect per\u00adsonal data.", "We collect personal data."),
        ("visitors\u2019 data, \u201cCookies\u201d", 'visitors\' data, "Cookies"'),
        ("\u201aquoted\u201b and \u201elow\u201f", "'quoted' and \"low\""),
        ("visitorsâ€™ online shopping", "visitors' online shopping"),
        ("We  collect\t\tyour   name.   ", "We collect your name."),
        ("  Heading  \n\n\n\n  Body text.  ", "Heading\n\nBody text."),
        ("Cafe\u0301 owners", "Caf\u00e9 owners"),
        ("ages 13\u201317 \u2014 or older", "ages 13\u201317 \u2014 or older"),
        ("e\u2011mail and opt\u2010out", "e-mail and opt-out"),
        ("a\u2003b\u2009c\u202fd\u3000e", "a b c d e"),
        ("Line one.\u2029Line two.", "Line one.\n\nLine two."),
    ],
)
def test_canonical_text_table(raw: str, expected: str) -> None:
    assert canonical_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a hard-wrapped paragraph becomes one line
        (
            "We gather navigational information about\nwhere you go on our Web site. This\n"
            "information allows us to see which areas\nare most visited.",
            SENTENCE,
        ),
        # list items stay on their own lines, one paragraph, any bullet becomes "- "
        (
            "We use it to:\n\u2022 send you offers;\n* improve the site;\n- keep records.",
            "We use it to:\n\n- send you offers;\n- improve the site;\n- keep records.",
        ),
        # a wrapped list item is unwrapped within its item
        (
            "Uses:\n  * Customizing the display of products to\n    match your interests.\n"
            "  * Ensure network security.",
            "Uses:\n\n- Customizing the display of products to match your interests.\n"
            "- Ensure network security.",
        ),
        # loose and tight lists canonicalise alike
        ("- one\n\n- two\n\n\n- three", "- one\n- two\n- three"),
        ("1. First item.\n2. Second item.", "1. First item.\n2. Second item."),
        ("1. First item.\n\n2. Second item.", "1. First item.\n2. Second item."),
        # a numbered heading after a bulleted list is not more of the list
        (
            "- one\n- two\n\n5. Cookies\n\nWe use cookies.",
            "- one\n- two\n\n5. Cookies\n\nWe use cookies.",
        ),
        ("1. one\n\n3. Cookies", "1. one\n\n3. Cookies"),
        # a Markdown table keeps one row a line, short rows or long, as one paragraph
        (
            "We use it as follows:\n| Purpose | Basis |\n| --- | --- |\n| Ads | Consent |\n"
            "After the table.",
            "We use it as follows:\n\n| Purpose | Basis |\n| --- | --- |\n| Ads | Consent |\n\n"
            "After the table.",
        ),
        (
            f"| Purpose | Basis |\n| --- | --- |\n| {SENTENCE} | Consent |\n| {SENTENCE} | Law |",
            f"| Purpose | Basis |\n| --- | --- |\n| {SENTENCE} | Consent |\n| {SENTENCE} | Law |",
        ),
        # Markdown headings stay on their own line, as their own paragraph
        (
            "## What we collect\nWhen you register for the services, we ask\nyou for your name.",
            "## What we collect\n\nWhen you register for the services, we ask you for your name.",
        ),
        # a heading-like line before a wrapped paragraph stays on its own
        (
            "Use of Cookies:\nWe use a browser feature known as a cookie, which\n"
            "assigns a unique identification to your computer.",
            "Use of Cookies:\n\nWe use a browser feature known as a cookie, which assigns a "
            "unique identification to your computer.",
        ),
        # one paragraph a line (long lines, no blank lines) keeps its paragraphs
        (
            f"General Browsing:\n{SENTENCE} {SENTENCE}\n{SENTENCE} {SENTENCE}",
            f"General Browsing:\n\n{SENTENCE} {SENTENCE}\n\n{SENTENCE} {SENTENCE}",
        ),
        # a wrapped fragment in Title Case is not taken for a heading
        (
            "If you reside in the People's Republic of China, which for purposes of\n"
            "this Privacy Policy does not include\nHong Kong, Macau and Taiwan\n"
            "(China), the controller is Airbnb China.",
            "If you reside in the People's Republic of China, which for purposes of this "
            "Privacy Policy does not include Hong Kong, Macau and Taiwan (China), the "
            "controller is Airbnb China.",
        ),
        # legal enumerations "(iii)" at a line start are not list items
        (
            "to learn about (i) the controller; (ii) legal bases;\n(iii) safeguards; and\n"
            "(iv) your rights.",
            "to learn about (i) the controller; (ii) legal bases; (iii) safeguards; and "
            "(iv) your rights.",
        ),
        ("", ""),
        (" \n\u00a0\n\u200b ", ""),
    ],
)
def test_canonical_text_structure(raw: str, expected: str) -> None:
    assert canonical_text(raw) == expected


def _rewrap(text: str, width: int) -> str:
    """Re-wrap every prose paragraph of a canonical text at width, as an editor would."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if "\n" in paragraph or paragraph.startswith(("#", "|")) or is_list_item(paragraph):
            paragraphs.append(paragraph)
        else:
            wrapped = textwrap.wrap(
                paragraph, width, break_long_words=False, break_on_hyphens=False
            )
            paragraphs.append("\n".join(wrapped))
    return "\n\n".join(paragraphs)


def _formatting_noise(text: str) -> str:
    """CRLF, trailing spaces, NBSPs, zero-width spaces and doubled blank lines."""
    noisy = text.replace(". ", ".\u00a0 \u200b").replace("\n\n", "  \n\n\n")
    return noisy.replace("\n", "\r\n").replace(" the ", " the\u00a0")


@pytest.mark.parametrize("path", SEEDS + OTA, ids=lambda path: path.name)
def test_canonical_text_is_idempotent(path: Path) -> None:
    once = canonical_text(path.read_text(encoding="utf-8"))
    assert once
    assert canonical_text(once) == once


@pytest.mark.parametrize("width", [60, 72, 99])
@pytest.mark.parametrize("path", SEEDS + OTA, ids=lambda path: path.name)
def test_formatting_changes_keep_the_version(path: Path, width: int) -> None:
    canonical = canonical_text(path.read_text(encoding="utf-8"))
    reformatted = _formatting_noise(_rewrap(canonical, width))
    assert reformatted != canonical
    assert canonical_text(reformatted) == canonical
    assert version_id(reformatted) == version_id(canonical)


def test_seed_mojibake_is_repaired() -> None:
    raw = (RESOURCES / "seeds" / "002_452022f5c92ef4d5.txt").read_text(encoding="utf-8")
    assert "â€™" in raw
    text = canonical_text(raw)
    assert "â€" not in text
    assert "quality of visitors' online shopping experiences" in text


def test_content_changes_change_the_version() -> None:
    text = canonical_text(OTA[0].read_text(encoding="utf-8"))
    changed = text.replace("personal information", "personal data", 1)
    assert changed != text
    assert version_id(changed) != version_id(text)
    assert len(version_id(text)) == 64
    assert version_id(text) == version_id(text.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("General Browsing:", True),
        ("I. PRIVACY POLICY AND STATEMENT", True),
        ("Disclosure of Personal Information:", True),
        ("Information We Collect", True),
        ("We do not sell, rent or trade your e-mail address.", False),
        ("Effective date: December 19, 2020", False),
        ("Enterprise Customers and Airbnb for", False),
        ("[GitHub Privacy", False),
        ("this Privacy Policy does not include", False),
    ],
)
def test_looks_like_heading(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


# Real lines: GitHub's privacy statement (OTA) and seed 002's mojibake, some with control
# characters added as a broken page would carry them.
GITHUB_LINE = (
    "Thanks for entrusting GitHub Inc. (\u201cGitHub\u201d, \u201cwe\u201d) with your source code."
)
MOJIBAKE_LINE = (
    "This helps us improve the quality of visitors\u00e2\u20ac\u2122 online shopping experiences."
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GITHUB_LINE, 'Thanks for entrusting GitHub Inc. ("GitHub", "we") with your source code.'),
        (
            "Organization\u2019s access log \u2013 GitHub\u00ae\u2122 \u00a9 2021 \u2022 \u2026",
            "Organization's access log \u2013 GitHub\u00ae\u2122 \u00a9 2021 \u2022 \u2026",
        ),
        (
            f"{GITHUB_LINE} {MOJIBAKE_LINE}",
            'Thanks for entrusting GitHub Inc. ("GitHub", "we") with your source code. '
            "This helps us improve the quality of visitors' online shopping experiences.",
        ),
        # ftfy drops a terminal escape sequence and a vertical tab on a non-ASCII line ...
        (
            GITHUB_LINE.replace("source code", "\x1b[31msource\x1b[0m code"),
            'Thanks for entrusting GitHub Inc. ("GitHub", "we") with your source code.',
        ),
        (
            GITHUB_LINE.replace(" with", "\x0bwith"),
            'Thanks for entrusting GitHub Inc. ("GitHub", "we")with your source code.',
        ),
        # ... while on an ASCII line the vertical tab is a line break and ESC alone goes.
        (
            "We collect\x0byour name and \x1b[1mnothing\x1b[0m else.",
            "We collect your name and [1mnothing[0m else.",
        ),
    ],
)
def test_typographic_and_mojibake_lines(raw: str, expected: str) -> None:
    assert canonical_text(raw) == expected


def test_ftfy_leaves_typographic_lines_to_canonical_text() -> None:
    """Lines of ASCII and TYPOGRAPHIC characters skip ftfy: it must not find mojibake in any
    short mix of them (this fails if an ftfy upgrade starts reading them differently)."""
    config = ftfy.TextFixerConfig(unescape_html=False, explain=False)
    alphabet = [*TYPOGRAPHIC, "a", "Z", "1", " ", "."]
    for combo in itertools.product(alphabet, repeat=3):
        line = f"x{''.join(combo)}y"
        assert canonical_text(ftfy.fix_text(line, config)) == canonical_text(line), repr(line)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Why You Should Care\n-------------------\nWe respect you.",
            "Why You Should Care\n\nWe respect you.",
        ),
        ("First part.\n\n* * *\n\nSecond part.", "First part.\n\nSecond part."),
        ("Title\n=====\nBody text.", "Title\n\nBody text."),
        ("Dashes -- inside --- a line stay.", "Dashes -- inside --- a line stay."),
    ],
)
def test_rule_lines_are_formatting_not_text(raw: str, expected: str) -> None:
    assert canonical_text(raw) == expected
