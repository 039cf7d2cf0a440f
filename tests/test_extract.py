"""Tests for worker.ingest.extract on real pages, Markdown, plain text, PDF and charsets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from worker.errors import NotAPolicy, UnsupportedContent
from worker.ingest.extract import extract, extract_file
from worker.ingest.normalise import canonical_text
from worker.records import FetchedPage, PolicyText

RESOURCES = Path(__file__).parent / "resources"
PAGES = RESOURCES / "extract"


def page(body: bytes, content_type: str, charset: str | None = None) -> FetchedPage:
    return FetchedPage(
        url="https://example.com/privacy",
        final_url="https://example.com/privacy",
        content_type=content_type,
        body=body,
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        charset=charset,
    )


def headings(policy: PolicyText) -> list[str]:
    return [policy.text[start:end] for start, end in policy.headings]


def assert_heading_spans(policy: PolicyText) -> None:
    """Every span is a whole paragraph of the final text, in order, not overlapping."""
    previous_end = 0
    for start, end in policy.headings:
        assert previous_end <= start < end <= len(policy.text)
        assert start == 0 or policy.text[start - 2 : start] == "\n\n"
        assert end == len(policy.text) or policy.text[end : end + 2] == "\n\n"
        assert "\n" not in policy.text[start:end]
        previous_end = end


# --- real HTML pages -------------------------------------------------------------------

REAL_PAGES = [
    (
        "1610_www.post-gazette.com.html",
        [
            "The Post-Gazette has created this Privacy Policy to explain what information we "
            "gather from you when you visit our Site",
            "We collect information from you when you register on the Site",
            'with "Request for California Privacy Information" on the subject line',
        ],
        [
            "Powered by Queryly",
            "Wheel of Lights set to roll tonight",
            "7-day Forecast",
            "All Rights Reserved",
            "Home Delivery",
            "You have 2 remaining free articles this month",
            "Advertisement",
        ],
        ["1. What information do we collect?", "5. Cookies"],
    ),
    (
        "928_ideas.repec.org.html",
        [
            "This is the web site of the Federal Reserve Bank of St. Louis. The Bank respects "
            "your privacy.",
            "The personal information you choose to provide us is voluntary.",
            "P.O. Box 442, St. Louis, MO 63166-0442.",
        ],
        [
            "Skip to main content",
            "Forgot your password?",
            "Subscribe to our newsletter",
            "Back to Top",
            "One Federal Reserve Bank Plaza",
            "Recently Viewed Series",
        ],
        ["Privacy Policy", "Personal Information", "Cookies", "Contact Information"],
    ),
    (
        "1306_www.chasepaymentech.com.html",
        [
            "Chase Paymentech Solutions, LLC and its operating entity Paymentech, LLC "
            '(collectively, "Chase Paymentech") are committed to safeguarding the privacy',
            "Chase Paymentech does not solicit or knowingly accept information from persons "
            "under the age of eighteen (18).",
        ],
        [],
        ["Commitment to Privacy and Security", "Information We Collect", "Inquiries"],
    ),
    # Terms of use and a privacy statement on one page: the privacy statement alone.
    (
        "584_www.communitycoffee.com.html",
        [
            "Community Coffee Company respects your right to privacy and is committed to "
            "protecting it.",
            "we recommend that you leave them turned on in order to enjoy all the value-added "
            "features of this website.",
        ],
        [
            "PLEASE READ THESE TERMS OF USE CAREFULLY",
            "These terms of use are effective until terminated by us.",
            "Refer a Friend",
            "Cash For Schools",
        ],
        ["Privacy Statement", "The use of cookies"],
    ),
]


@pytest.mark.parametrize(
    ("name", "present", "absent", "expected_headings"),
    REAL_PAGES,
    ids=[row[0] for row in REAL_PAGES],
)
def test_real_pages(
    name: str, present: list[str], absent: list[str], expected_headings: list[str]
) -> None:
    policy = extract(page((PAGES / name).read_bytes(), "text/html"))
    for sentence in present:
        assert sentence in policy.text
    for chrome in absent:
        assert chrome not in policy.text
    found = headings(policy)
    for heading in expected_headings:
        assert heading in found
    assert_heading_spans(policy)
    assert policy.text == canonical_text(policy.text)
    assert policy.title


def test_title_is_the_page_title() -> None:
    policy = extract_file(PAGES / "1610_www.post-gazette.com.html")
    assert policy.title == "Privacy Policy | Pittsburgh Post-Gazette"


MODERN_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Privacy Notice | Example</title></head><body>
<div id="onetrust-banner-sdk" class="cookie-consent"><p>We use cookies to personalise content
and ads, to provide social media features and to analyse our traffic. We also share information
about your use of our site with our social media, advertising and analytics partners.</p>
<button>Accept all cookies</button></div>
<header class="site-header"><a href="/">Example</a>
<nav><ul><li><a href="/products">Products</a></li><li><a href="/pricing">Pricing</a></li>
<li><a href="/blog">Blog</a></li><li><a href="/careers">Careers</a></li></ul></nav></header>
<main><article><h1>Privacy Notice</h1><p>Last updated: 1 March 2024</p>
<p>This Privacy Notice explains how Example Ltd collects, uses and shares personal data when you
use our websites, apps and services, and the choices and rights you have.</p>
<h2>Data we collect</h2>
<p>We collect the data you give us, such as your name, e-mail address and payment details, and
data collected automatically, such as your IP address, device identifiers and cookie data.</p>
<div class="summary">We do not sell or rent your personal data to anyone.</div>
<div class="details" style="display: none">
<p>We do not sell or rent your personal data to anyone.</p>
<p>Expanded legal text that only appears when the reader clicks on the summary above.</p></div>
<h2>How long we keep it</h2>
<p>We keep personal data only as long as we need it to provide the services, to comply with our
legal obligations and to resolve disputes, and then we delete or anonymise it.</p></article>
<aside class="related"><h3>Related articles</h3><p>Read how our engineers built a faster search
index for millions of documents, and what they learnt about caching along the way.</p></aside>
</main>
<footer><p>Example Ltd, 1 Example Street, London. Registered in England.</p>
<ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li></ul>
<p>&copy; 2024 Example Ltd. All rights reserved.</p></footer></body></html>"""


def test_modern_page_chrome() -> None:
    policy = extract(page(MODERN_PAGE, "text/html"))
    assert policy.text.startswith("Privacy Notice\n\nLast updated: 1 March 2024")
    assert policy.text.endswith("and then we delete or anonymise it.")
    for chrome in (
        "We use cookies to personalise content",
        "Accept all cookies",
        "Pricing",
        "Related articles",
        "faster search index",
        "Registered in England",
        "All rights reserved",
    ):
        assert chrome not in policy.text
    # The hidden expanded text repeats the visible summary: it is an alternate view.
    assert policy.text.count("We do not sell or rent your personal data to anyone.") == 1
    assert "Expanded legal text" not in policy.text
    assert headings(policy) == ["Privacy Notice", "Data we collect", "How long we keep it"]
    assert_heading_spans(policy)
    assert policy.title == "Privacy Notice | Example"


def test_accordion_titles_are_headings() -> None:
    accordion = b"""<html><body><main><h1>Privacy Policy</h1>
    <h2><button aria-expanded="false">What we collect</button></h2>
    <div><p>We collect your name and e-mail address when you register for an account.</p></div>
    <details><summary>How long we keep it</summary><p>We keep your data for as long as your
    account is open and delete it within thirty days after you close it.</p></details>
    <button class="cta">Accept all</button></main></body></html>"""
    policy = extract(page(accordion, "text/html"))
    assert headings(policy) == ["Privacy Policy", "What we collect", "How long we keep it"]
    assert "Accept all" not in policy.text


def test_policy_behind_collapsed_tabs_is_kept() -> None:
    tabs = b"""<html><body><h1>Privacy Policy</h1>
    <p>Select a section to read how we handle your personal information.</p>
    <div class="tab" style="display:none"><h2>Collection</h2><p>We collect your name, your
    e-mail address and your order history when you shop with us online or in our stores.</p></div>
    <div class="tab" style="display:none"><h2>Sharing</h2><p>We share personal information with
    service providers who process it on our behalf and never sell it to anyone.</p></div>
    </body></html>"""
    policy = extract(page(tabs, "text/html"))
    assert "We collect your name, your e-mail address and your order history" in policy.text
    assert "service providers who process it on our behalf" in policy.text
    assert headings(policy) == ["Privacy Policy", "Collection", "Sharing"]


def test_html_headings_lists_and_chrome() -> None:
    html = b"""<!doctype html><html><head><title>Example Privacy</title>
    <script>var tracking = "do not keep";</script><style>p {color: red}</style></head>
    <body><nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/about">About us</a></nav>
    <main><h1>Privacy Policy</h1>
    <p>This policy explains how Example Inc. collects, uses and shares the personal information
    of visitors to our website and customers of our services.</p>
    <h2>Information We Collect</h2>
    <p>We collect the information you give us when you create an account, such as your name,
    e-mail address and postal address, and information about your use of our services.</p>
    <ul><li>Your name and contact details.</li><li>Your order history.</li></ul>
    <h2>How We Share It</h2>
    <p>We do not sell your personal information. We share it with service providers who process
    it for us under contract, and with authorities when the law requires it.</p></main>
    <footer><p>&copy; 2024 Example Inc. All rights reserved.</p></footer></body></html>"""
    policy = extract(page(html, "text/html"))
    assert headings(policy) == ["Privacy Policy", "Information We Collect", "How We Share It"]
    assert_heading_spans(policy)
    assert "- Your name and contact details.\n- Your order history." in policy.text
    assert "do not keep" not in policy.text
    assert "color: red" not in policy.text
    assert policy.title == "Example Privacy"


# --- Markdown and plain text -----------------------------------------------------------


def test_markdown_ota_github() -> None:
    policy = extract_file(RESOURCES / "ota" / "GitHub" / "2021-06-14T22-31-52.md")
    text = policy.text
    assert (
        "All capitalized terms have their definition in GitHub's Terms of Service, unless" in text
    )
    assert "](" not in text and "**" not in text
    assert "\n#" not in text and not text.startswith("#")
    assert "-----" not in text
    found = headings(policy)
    assert "The short version" in found
    assert "What information GitHub collects" in found
    assert_heading_spans(policy)


def test_markdown_ota_duckduckgo() -> None:
    policy = extract_file(RESOURCES / "ota" / "DuckDuckGo" / "2020-12-08T15-20-18.md")
    assert "We don't collect or share personal information." in headings(policy)
    assert "Search Leakage [top]" in headings(policy) or "Search Leakage" in " ".join(
        headings(policy)
    )
    assert "- Why You Should Care - Search Leakage" in policy.text
    assert "DuckDuckGo does not collect or share personal information. That is our" in policy.text
    assert_heading_spans(policy)


@pytest.mark.parametrize(
    ("markdown", "text", "expected_headings"),
    [
        (
            "# Privacy\n\nWe **never** sell [your data](https://x.example/a_b).\n",
            "Privacy\n\nWe never sell your data.",
            ["Privacy"],
        ),
        (
            "Cookies\n=======\n\n* one\n* two\n\n1. first\n2. second\n",
            "Cookies\n\n- one\n- two\n\n1. first\n2. second",
            ["Cookies"],
        ),
        (
            "## Data __we__ keep ##\n\nLogs and _IP addresses_.",
            "Data we keep\n\nLogs and IP addresses.",
            ["Data we keep"],
        ),
        # OTA quirks: an empty "###" with its text below, an underline cut off by blank lines,
        # a bold-only line as heading, a date line that is not one
        (
            "### \n\nPrivacy Policy\n\nEffective: August 15, 2023\n\nWe keep little.",
            "Privacy Policy\n\nEffective: August 15, 2023\n\nWe keep little.",
            ["Privacy Policy"],
        ),
        (
            "Privacy Policy\n\n\n\n====\n\n**IMPORTANT INFORMATION**\n\nRead this first.",
            "Privacy Policy\n\nIMPORTANT INFORMATION\n\nRead this first.",
            ["Privacy Policy", "IMPORTANT INFORMATION"],
        ),
        (
            "> quoted text\n\n![logo](logo.png) Text after image.",
            "quoted text\n\nText after image.",
            [],
        ),
    ],
)
def test_markdown_table(markdown: str, text: str, expected_headings: list[str]) -> None:
    policy = extract(page(markdown.encode(), "text/markdown"))
    assert policy.text == text
    assert headings(policy) == expected_headings


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        # Mistral's "Additional Information" table (Open Terms Archive, 2026): an empty header
        # row, a first row of column names, cells holding bullets split by <br>
        (
            "| | |\n| --- | --- |\n| **Disclosure Category** | **Details** |\n"
            "| **Sources of personal data** | *   Provided directly by you.<br>    <br>"
            "*   Data provided by third parties. |\n",
            "Sources of personal data\n\n- Provided directly by you.\n"
            "- Data provided by third parties.",
        ),
        # Reddit 2026: a layout table whose empty header row stands over content, not names
        (
            "|     |     |     |\n| --- | --- | --- |\n"
            "|     | _Logs Data_ | We collect device information when you use the Services. |\n",
            "Logs Data\n\nWe collect device information when you use the Services.",
        ),
        # A header row of column names is left out; an escaped pipe is text, not a cell border
        (
            "| Purpose | Data | Legal basis |\n| --- | --- | --- |\n"
            "| To provide the service | Account data \\| contacts | Contract |\n",
            "To provide the service\n\nAccount data | contacts\n\nContract",
        ),
        # Viber 2019 (Open Terms Archive): a menu of in-page links is the page's chrome
        (
            "[Scope and Consent  \n](http://v.example/p#scope)[Information we Collect  \n]"
            "(http://v.example/p#info)[Disclosure  \n](http://v.example/p#disclosure)"
            "[Contact Us](#contact)\n\nWe collect your [phone number](http://v.example/n).",
            "We collect your phone number.",
        ),
        # Airbnb 2022: a bold numbered title ending in a full stop is a heading
        (
            "**4.5 Complying with Law, Responding to Legal Requests**.\n\n"
            "We may disclose your information to courts.",
            "4.5 Complying with Law, Responding to Legal Requests.\n\n"
            "We may disclose your information to courts.",
        ),
    ],
)
def test_markdown_cells_menus_and_numbered_titles(markdown: str, text: str) -> None:
    """Each table cell is a paragraph, as an HTML table's cells are, so that no quote runs
    across cells (a cell's <br> lines are lines, its bullets list items); a menu of in-page links
    is dropped as HTML chrome is; a bold numbered title is a heading."""
    policy = extract(page(markdown.encode(), "text/markdown"))
    assert policy.text == text
    if text.startswith("4.5"):
        assert headings(policy) == ["4.5 Complying with Law, Responding to Legal Requests."]


@pytest.mark.parametrize(
    ("seed", "sentence", "expected_headings"),
    [
        (
            "000_340b6d22ed7eccda.txt",
            "A cookie is a small text filed saved on a user's computer that helps keep records.",
            ["Privacy & Security Policy", "Cookies", "Payment information"],
        ),
        (
            "001_926297ac4249c720.txt",
            "This privacy policy sets out how Invesp uses and protects any information",
            ["Privacy Policy", "What we collect"],
        ),
        (
            "002_452022f5c92ef4d5.txt",
            "This helps us improve the quality of visitors' online shopping experiences",
            ["Our Privacy Policy", "I. PRIVACY POLICY AND STATEMENT", "General Browsing:"],
        ),
    ],
)
def test_plain_text_seeds(seed: str, sentence: str, expected_headings: list[str]) -> None:
    policy = extract_file(RESOURCES / "seeds" / seed)
    assert sentence in policy.text
    found = headings(policy)
    for heading in expected_headings:
        assert heading in found
    assert_heading_spans(policy)
    assert policy.title == expected_headings[0]


# --- PDF -------------------------------------------------------------------------------


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica, one text line per entry) written by hand."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({line}) '" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_pdf() -> None:
    body = minimal_pdf(
        [
            "Information We Collect",
            "We collect the information you provide when you create an ac-",
            "count, such as your name and e-mail address, and we keep it",
            "only as long as we need it.",
            "Sharing",
            "We do not sell your personal information to anyone.",
        ]
    )
    policy = extract(page(body, "application/pdf"))
    assert (
        "We collect the information you provide when you create an account, such as your name "
        "and e-mail address, and we keep it only as long as we need it." in policy.text
    )
    assert "Information We Collect" in headings(policy)
    assert_heading_spans(policy)


def test_broken_pdf_is_unsupported() -> None:
    with pytest.raises(UnsupportedContent):
        extract(page(b"%PDF-1.4\nthis is not really a pdf", "application/pdf"))


# --- charsets and errors ---------------------------------------------------------------

POLICY_1252 = (
    "<html><head>{meta}<title>Politique</title></head><body><p>Le caf\xe9 d\xe9clare: nous "
    "collectons votre nom et votre adresse \xe9lectronique lorsque vous cr\xe9ez un compte, "
    "et nous ne vendons jamais vos donn\xe9es personnelles \u2013 jamais.</p></body></html>"
)


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        (POLICY_1252.format(meta="").encode("cp1252"), "windows-1252"),
        (POLICY_1252.format(meta="").encode("cp1252"), "iso-8859-1"),
        (POLICY_1252.format(meta='<meta charset="windows-1252">').encode("cp1252"), None),
        (POLICY_1252.format(meta='<meta charset="windows-1252">').encode("cp1252"), "utf-8"),
        (POLICY_1252.format(meta="").encode("utf-8"), "iso-8859-1"),
        (POLICY_1252.format(meta='<meta charset="windows-1252">').encode("utf-8"), None),
        (POLICY_1252.format(meta="").encode("cp1252"), "no-such-charset"),
        (
            POLICY_1252.format(
                meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            ).encode("cp1252"),
            None,
        ),
    ],
)
def test_charsets(body: bytes, charset: str | None) -> None:
    policy = extract(page(body, "text/html", charset))
    assert "Le caf\xe9 d\xe9clare" in policy.text
    assert "donn\xe9es personnelles \u2013 jamais." in policy.text


def test_utf16_declared_without_bom() -> None:
    body = POLICY_1252.format(meta="").encode("utf-16-le")
    policy = extract(page(body, "text/html", "utf-16le"))
    assert "Le caf\xe9 d\xe9clare" in policy.text


def test_utf8_with_one_broken_byte_stays_utf8() -> None:
    html = POLICY_1252.format(meta="").replace("</p>", " " + "Nous prot\xe9geons. " * 200 + "</p>")
    body = html.encode("utf-8").replace(b"Nous", b"N\xffous", 1)
    policy = extract(page(body, "text/html", "utf-8"))
    assert "Le caf\xe9 d\xe9clare" in policy.text
    assert "Nous prot\xe9geons." in policy.text


def test_xhtml_with_xml_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Privacy</title></head>'
        "<body><h1>Privacy</h1><p>Le caf\xe9 collects your e-mail address when you subscribe "
        "to our newsletter and never shares it with anyone.</p></body></html>"
    ).encode("iso-8859-1")
    policy = extract(page(body, "application/xhtml+xml"))
    assert policy.text == (
        "Privacy\n\nLe caf\xe9 collects your e-mail address when you subscribe to our "
        "newsletter and never shares it with anyone."
    )
    assert headings(policy) == ["Privacy"]


def test_unsupported_type() -> None:
    with pytest.raises(UnsupportedContent, match="image/png"):
        extract(page(b"\x89PNG", "image/png"))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "text/html"),
        (b"<html><body><script>var a = 1;</script></body></html>", "text/html"),
        (b"   \n\n ", "text/plain"),
        (b"\n\n", "text/markdown"),
    ],
)
def test_empty_text_is_not_a_policy(body: bytes, content_type: str) -> None:
    with pytest.raises(NotAPolicy, match="No readable text"):
        extract(page(body, content_type))


def test_extract_file_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "policy.docx"
    path.write_bytes(b"PK")
    with pytest.raises(UnsupportedContent):
        extract_file(path)


@pytest.mark.parametrize(
    "declaration",
    [
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; CHARSET=WINDOWS-1252">',
        "<meta charset='Windows-1252'>",
        '<?xml version="1.0" ENCODING="ISO-8859-1"?>',
    ],
)
def test_capitalised_charset_declarations(declaration: str) -> None:
    # 2015 pages of OPP-115 declare their charset in capitals
    html = POLICY_1252.format(meta="")
    if declaration.startswith("<?xml"):
        html = declaration + "\n" + html
    else:
        html = html.replace("<head>", "<head>" + declaration)
    policy = extract(page(html.encode("cp1252"), "text/html"))
    assert "Le caf\xe9 d\xe9clare" in policy.text
    assert policy.title == "Politique"


REPEATED_CLASSES_PAGE = b"""<html><head><title>Privacy &amp; Cookies | Sci-News.com</title>
</head><body>
<ul class="menu"><li class="menu-item"><a href="/">Home</a></li>
<li class="menu-item"><a href="/news">News</a></li>
<li class="menu-item"><a href="/about">About Us</a></li></ul>
<div class="content"><h1>Privacy Policy</h1>
<p>Sci-News.com is committed to protecting and respecting your privacy. To better inform you of
our policy concerning user privacy, we have adopted the following terms.</p></div>
<div class="content" aria-hidden="true"><p>Share this page on Facebook</p></div>
<div class="content"><p>Sci-News.com does not knowingly collect or solicit personal information
from anyone under the age of 13. Parents or guardians may contact us with questions about our
privacy policy.</p></div>
<div role="Navigation"><a href="/terms">Terms of Use</a> <a href="/contact">Contact</a></div>
</body></html>"""


def test_repeated_class_names_and_aria_state() -> None:
    # The same class on visible and aria-hidden elements: only the latter is chrome.
    policy = extract(page(REPEATED_CLASSES_PAGE, "text/html"))
    assert policy.text.startswith("Privacy Policy\n\nSci-News.com is committed to protecting")
    assert policy.text.endswith("questions about our privacy policy.")
    for chrome in ("Home", "About Us", "Share this page", "Terms of Use"):
        assert chrome not in policy.text
    assert policy.title == "Privacy & Cookies | Sci-News.com"


def test_an_html_page_without_elements_is_not_a_policy() -> None:
    page = FetchedPage(
        url="https://example.com/p",
        final_url="https://example.com/p",
        content_type="text/html",
        body=b"<!-- nothing here -->",
        fetched_at=datetime.now(UTC),
    )
    with pytest.raises(NotAPolicy):
        extract(page)
