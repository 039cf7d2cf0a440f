"""HTML to blocks: the page walked once into blocks, page chrome (navigation, cookie banners,
footers) scored away, the policy's own sections kept."""

from __future__ import annotations

import re

from lxml import etree

from worker.analysis.text import ascii_runs
from worker.errors import NotAPolicy, UnsupportedContent
from worker.ingest.extract.blocks import Block
from worker.ingest.normalise import DATE_RE, looks_like_heading

XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*>")
"""An XML declaration, which lxml refuses in str input."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DROP_TAGS = _word_set(
    "script style noscript template svg math canvas iframe frame frameset object embed applet "
    "video audio map area select option optgroup datalist button textarea input head link meta "
    "param source track picture img dialog"
)
_BLOCK_TAGS = _word_set(
    "address article aside blockquote body center dd details dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul caption label"
)
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = frozenset({"b", "strong"})
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "menu"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
WEAK_CHROME, STRONG_CHROME = 1, 2
SUMMARY_HEADING_LEVEL = 5
_CHROME_HINT_RE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menubar|megamenu|footer|foot|header|masthead|"
    r"sidebar|side-bar|breadcrumbs?|share|sharing|social|socialmedia|related|promo|advert|"
    r"advertisement|ads?|adslot|ad-container|banner|newsletter|subscribe|signup|login|search|"
    r"comments?|widget|toolbar|skip|popup|modal|overlay|sitemap|copyright|rail|popular|"
    r"trending|recommended|outbrain|taboola|teasers?|more-stories)(?:$|[-_\s\d])",
    re.I,
)
_COOKIE_HINT_RE = re.compile(
    r"cookie[-_]?(?:banner|bar|consent|notice|law|popup|message|warning)|consent[-_]?(?:banner|"
    r"manager|bar)|cookiebot|onetrust|cc[-_]window|gdpr[-_]?(?:banner|consent)",
    re.I,
)
_WORD_RE = re.compile(r"\w+")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_COPYRIGHT_RE = re.compile(
    r"©|\bcopyright\s*(?:\(c\)\s*)?\d{4}|\b(?:all|some) rights reserved\b", re.I
)

BLOCK_COST = 5.0
"""Subtracted from every text block's word score: short fragments (menu labels, dates, captions)
score below zero, paragraphs well above."""

COPYRIGHT_MAX_WORDS = 120
"""A block this short with a copyright notice is a site footer."""

COPYRIGHT_SCORE = -30.0
"""Score of a copyright footer: a barrier the main run rarely crosses."""

_TOKEN_RE = re.compile(r"[a-z0-9]+")

PRIVACY_VOCABULARY = _word_set(
    "privacy personal personally data collect collects collected collection collecting "
    "cookies cookie share shares shared sharing third parties email e mail opt unsubscribe "
    "consent disclose disclosed disclosure protect protection security secure advertising "
    "advertisers advertisements ads track tracking ip browser children child identifiable "
    "identify retain retention process processing providers beacons information"
)
"""Words frequent in privacy policies: their share in a block weighs its content score."""

_ADDRESS_RE = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:[\w-]+\.)+[a-z]{2,6}(?:/\S*)?", re.I
)
_POLICY_TITLE_RE = re.compile(
    r"\bprivacy\b|\bdata protection\b|\bcookies? (?:policy|notice|statement)\b", re.I
)

_NUMBERING_RE = re.compile(r"^\s*(?:[ivxlc]{1,5}|\d{1,2}|[a-z])[.)]\s*", re.I)
_PRIVACY_TITLE_RE = re.compile(
    r"(?:[\w'’&.-]+ ){0,3}(?:privacy|data protection) (?:policy|statement|notice)|privacy"
)
_TERMS_TITLE_RE = re.compile(
    r"(?:[\w'’&.-]+ ){0,2}(?:terms (?:of (?:use|service)|and conditions)|user agreement|"
    r"conditions of use)"
)
_TERMS_IN_TITLE_RE = re.compile(r"\bterms\b|\bagreement\b|\bconditions\b")

TERMS_VOCABULARY = _word_set(
    "agreement terms conditions liability liable warranty warranties indemnify "
    "indemnification license licensed licensor arbitration jurisdiction disclaimer disclaim "
    "trademark trademarks copyright infringement governing damages termination terminate "
    "prohibited intellectual property breach remedies materials content posting submissions"
)
"""Words frequent in terms of use, to tell their sections from a privacy policy's."""

TERMS_MIN_WORDS = 300
"""Terms sections are cut from a combined page only when they hold at least this many words."""

TERMS_MIN_SHARE = 0.2
"""... and at least this share of the main run's words."""

TITLE_ANCHOR_REACH = 40
"""How many blocks before the main run a privacy-titled heading may sit and still start it."""

VISIBLE_POLICY_WORDS = 1000
"""Visible prose words beyond which hidden parts of a page are left out."""

CHROME_MAX_PROSE_SHARE = 0.3
"""An element hinted as chrome that holds more than this share of the page's prose words
is a page wrapper, not chrome."""


class _Line:
    """Text of one visual line of a block, with how much of it is link text or bold."""

    __slots__ = ("parts", "link_chars", "bold_chars", "text")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_chars = 0
        self.bold_chars = 0
        self.text = ""


class _Block:
    """A run of inline content between two block-level boundaries of the DOM."""

    __slots__ = (
        "lines",
        "heading",
        "item",
        "chrome",
        "hidden",
        "text",
        "tokens",
        "chars",
        "words",
        "links",
        "privacy_count",
        "score",
    )

    def __init__(
        self, heading: int, item: bool, chrome: tuple[int, ...], hidden: tuple[int, ...]
    ) -> None:
        self.lines: list[_Line] = [_Line()]
        self.heading = heading
        self.item = item
        self.chrome = chrome
        self.hidden = hidden
        self.text = ""
        self.tokens: list[str] = []
        self.chars = 0
        self.words = 0
        self.links = 0
        self.privacy_count = -1
        self.score = 0.0

    def finish(self) -> str:
        """Fix the block's text, size and link characters once its content is complete."""
        texts: list[str] = []
        chars = links = 0
        for line in self.lines:  # one loop, not one generator per sum (most blocks: one line)
            line.text = text = " ".join("".join(line.parts).split())
            if text:
                texts.append(text)
                chars += len(text)
            links += line.link_chars
        self.text = "\n".join(texts)
        self.tokens = _tokens(self.text)
        self.chars = chars
        self.words = _word_count(self.text, self.tokens)
        self.links = links
        return self.text

    def privacy_words(self) -> int:
        """How many of the block's tokens are PRIVACY_VOCABULARY words (counted once)."""
        if self.privacy_count < 0:
            self.privacy_count = sum(map(PRIVACY_VOCABULARY.__contains__, self.tokens))
        return self.privacy_count


def _tokens(text: str) -> list[str]:
    """_TOKEN_RE.findall(text.lower()): for ASCII text the words between the spaces left when
    every other character is one. One bytes.translate lower-cases and blanks at once, a table
    look-up per byte (str.translate looks every character up in a dict, and lower() is
    another pass): faster than the regex and than str.translate."""
    if text.isascii():
        return ascii_runs(text, lower=True)
    return _TOKEN_RE.findall(text.lower())


def _word_count(text: str, tokens: list[str]) -> int:
    """Number of \\w+ words in text, given its lower-case [a-z0-9]+ tokens.

    In ASCII text without "_", \\w+ words and those tokens are the same runs: counting the
    tokens spares a second scan of every block.
    """
    if text.isascii() and "_" not in text:
        return len(tokens)
    return len(_WORD_RE.findall(text))


class _Linearizer:
    """Walks an lxml tree into _Blocks, noting headings, list items, links, bold text and
    whether an ancestor looks like page chrome (nav, footer, cookie banner, ...)."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.heading = 0
        self.item = False
        self.chrome: list[int] = []
        self.hidden: list[int] = []
        self.elements = 0
        self.link = 0
        self.bold = 0
        self.pending_breaks = 0
        self.hint_kinds: dict[str, int] = {}

    def run(self, root: etree._Element) -> list[_Block]:
        self._walk(root)
        self._flush()
        return _settle_chrome(_drop_hidden_alternates([b for b in self.blocks if b.text]))

    def _flush(self) -> None:
        if self.current is not None and self.current.finish():
            self.blocks.append(self.current)
        self.current = None
        self.pending_breaks = 0

    def _add_text(self, text: str | None) -> None:
        if not text:
            return
        visible = not text.isspace()
        if self.current is None:
            if not visible:
                return
            self.current = _Block(self.heading, self.item, tuple(self.chrome), tuple(self.hidden))
        if visible:
            if self.pending_breaks:
                self.current.lines.append(_Line())
                self.pending_breaks = 0
            line = self.current.lines[-1]
            if self.link or self.bold:
                size = len(" ".join(text.split()))
                if self.link:
                    line.link_chars += size
                if self.bold:
                    line.bold_chars += size
        self.current.lines[-1].parts.append(text)

    def _walk(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            self._add_text(element.tail)
            return
        tag = tag.lower()
        if tag in _DROP_TAGS and not (tag == "button" and self.heading):
            # A button inside a heading is an accordion's title: keep its text.
            self._add_text(element.tail)
            return
        if tag == "br":
            if self.current is not None:
                self.pending_breaks += 1
                if self.pending_breaks >= 2:
                    self._flush()
            self._add_text(element.tail)
            return
        self.elements += 1
        number = self.elements  # lxml proxies are transient: id() is not a stable key
        block = tag in _BLOCK_TAGS
        has_attributes = bool(element.keys())  # most elements have none to look at
        chrome = _chrome_kind(element, tag, has_attributes, self.hint_kinds)
        saved = (self.heading, self.item)
        if block:
            self._flush()
            if tag in _HEADING_TAGS:
                self.heading = _HEADING_TAGS[tag]
            elif tag == "summary":  # the always-visible title of a <details> section
                self.heading = SUMMARY_HEADING_LEVEL
            elif tag in ("li", "dd"):
                self.item = tag == "li"
                self.heading = 0
        if chrome:
            # Strong chrome is kept as a negative key: prose inside it never redeems it.
            self.chrome.append(-number if chrome == STRONG_CHROME else number)
        hidden = has_attributes and _is_hidden(element)
        if hidden:
            self.hidden.append(number)
        link = has_attributes and tag == "a" and element.get("href") is not None
        bold = tag in _BOLD_TAGS
        self.link += link
        self.bold += bold
        self._add_text(element.text)
        for child in element:
            self._walk(child)
        self.bold -= bold
        self.link -= link
        if chrome:
            self.chrome.pop()
        if hidden:
            self.hidden.pop()
        if block:
            self._flush()
            self.heading, self.item = saved
        self._add_text(element.tail)


def _is_hidden(element: etree._Element) -> bool:
    """The element is hidden by its hidden attribute or an inline display/visibility style."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDDEN_STYLE_RE.search(style) is not None


def _drop_hidden_alternates(blocks: list[_Block]) -> list[_Block]:
    """Hidden elements (display:none, hidden): when the visible text already holds a policy's
    worth of prose, they are alternate or expanded views and go; otherwise (a policy behind
    collapsed tabs) only those that repeat text shown less hidden go."""
    visible = sum(_prose_words(block) for block in blocks if not block.hidden)
    if visible >= VISIBLE_POLICY_WORDS:
        return [block for block in blocks if not block.hidden]
    least_hidden: dict[str, int] = {}
    for block in blocks:
        key = _fingerprint(block)
        least_hidden[key] = min(least_hidden.get(key, len(block.hidden)), len(block.hidden))
    alternates = {
        block.hidden[-1]
        for block in blocks
        if block.hidden
        and block.words >= 8
        and least_hidden[_fingerprint(block)] < len(block.hidden)
    }
    return [block for block in blocks if not alternates.intersection(block.hidden)]


def _fingerprint(block: _Block) -> str:
    return " ".join(block.tokens)


def _settle_chrome(blocks: list[_Block]) -> list[_Block]:
    """Resolve chrome hints: an element hinted as chrome (by class, tag or role) that holds
    a large share of the page's prose is a wrapper after all, and its hint is dropped."""
    prose: dict[int, int] = {}
    total = 0
    for block in blocks:
        words = _prose_words(block)
        total += words
        for element_id in block.chrome:
            prose[element_id] = prose.get(element_id, 0) + words
    wrappers = {
        element_id for element_id, words in prose.items() if words > CHROME_MAX_PROSE_SHARE * total
    }
    for block in blocks:
        block.chrome = tuple(
            element_id for element_id in block.chrome if element_id not in wrappers
        )
    return blocks


def _prose_words(block: _Block) -> int:
    """Words of a block that reads as prose (long enough, few links), else 0."""
    words = block.words
    if words < 15 or block.links > 0.3 * block.chars:
        return 0
    return words


def _chrome_kind(
    element: etree._Element, tag: str, has_attributes: bool, hint_kinds: dict[str, int]
) -> int:
    """STRONG_CHROME for navigation, footers, asides and cookie banners (by tag, ARIA role or
    class/id), WEAK_CHROME for other chrome-like class/id names and aria-hidden, else 0.

    hint_kinds keeps the verdicts on the class/id names met so far in the page: menus and
    lists repeat the same classes on every entry.
    """
    if tag in _CHROME_TAGS:
        return STRONG_CHROME
    if not has_attributes:
        return 0
    if element.get("role", "").lower() in _CHROME_ROLES:
        return STRONG_CHROME
    hint = f"{element.get('class', '')} {element.get('id', '')}"
    hint_kind = hint_kinds.get(hint)
    if hint_kind is None:
        hint_kind = hint_kinds[hint] = _hint_kind(hint)
    if hint_kind == STRONG_CHROME:
        return STRONG_CHROME
    if element.get("aria-hidden") == "true" or hint_kind == WEAK_CHROME:
        return WEAK_CHROME
    return 0


def _hint_kind(hint: str) -> int:
    """STRONG_CHROME for cookie-banner class/id names, WEAK_CHROME for other chrome-like
    ones, else 0."""
    if not hint.strip():
        return 0
    if _COOKIE_HINT_RE.search(hint):
        return STRONG_CHROME
    if _CHROME_HINT_RE.search(hint):
        return WEAK_CHROME
    return 0


def html_blocks(html: str) -> tuple[list[Block], str | None]:
    """Main-content blocks of an HTML page and its <title>."""
    if not html.strip():
        raise NotAPolicy("No readable text: the page is empty.")
    tree = _parse_html(html)
    title = _page_title(tree)
    body = tree.find("body")
    blocks = _Linearizer().run(body if body is not None else tree)
    chosen = _main_blocks(blocks)
    return _to_blocks(chosen), title


_HTML_PARSER = etree.HTMLParser()
"""lxml.html's parser settings without its element classes: lxml.html looks each element's
class up in Python whenever the walk meets it, a tenth of the walk's time."""

_STRING_CONTENT = etree.XPath("string()")
"""An element's text content, as lxml.html's text_content() computes it."""


def _parse_html(html: str) -> etree._Element:
    """The document element of an HTML page, as lxml.html.document_fromstring parses it."""
    # lxml refuses str input that carries an XML encoding declaration.
    html = XML_DECLARATION_RE.sub("", html)
    try:
        root = etree.fromstring(html, _HTML_PARSER)
    except (ValueError, TypeError) as error:
        raise UnsupportedContent(f"The HTML could not be parsed: {error}.") from error
    if root is None:
        raise NotAPolicy("No readable text: the HTML page has no elements.")
    return root


def _page_title(tree: etree._Element) -> str | None:
    element = tree.find(".//title")
    if element is None:
        return None
    title = " ".join(_STRING_CONTENT(element).split())
    return title or None


def _block_score(block: _Block) -> float:
    """Positive for prose-like blocks, negative for link lists and short fragments; halved
    or lowered inside elements hinted as chrome."""
    words = block.words
    if words < COPYRIGHT_MAX_WORDS and _has_copyright(block.text):
        return COPYRIGHT_SCORE
    if any(element_id < 0 for element_id in block.chrome):
        return -max(words, 2) * 0.5
    score = _content_score(block)
    if block.chrome:
        score = score * 0.5 if score > 0 else score - 2
    return score


def _has_copyright(text: str) -> bool:
    """A copyright notice ("© 2015", "Copyright 2014", "All rights reserved") in text.

    _COPYRIGHT_RE is case-insensitive, which makes re try it at every position; ASCII text
    (where re.I is plain ASCII case folding) is first screened with two substring tests.
    """
    if text.isascii():
        lower = text.lower()
        if "copyright" not in lower and "rights reserved" not in lower:
            return False
    return _COPYRIGHT_RE.search(text) is not None


def _content_score(block: _Block) -> float:
    """Score of a block by its words, links and topic, before chrome hints."""
    words = block.words
    link_density = block.links / max(block.chars, 1)
    if link_density > 0.5 and not _ADDRESS_RE.fullmatch(block.text.strip()):
        return -max(words * link_density, 2)
    if block.heading:
        return 2.0
    return words * (1 - link_density) * _topicality(block) - BLOCK_COST


def _topicality(block: _Block) -> float:
    """Weight in [0.25, 1] of a prose block by its share of privacy-policy vocabulary, so a
    long off-topic block (a site disclaimer, an article teaser) does not pull in chrome."""
    if not block.tokens:
        return 0.25
    share = block.privacy_words() / len(block.tokens)
    return min(1.0, 0.25 + 12 * share)


def _main_blocks(blocks: list[_Block]) -> list[_Block]:
    """The best-scoring contiguous run of blocks (maximum subarray), less the chrome in it:
    a chrome hint holds inside the run unless its element has prose in the run."""
    best, best_start, best_end = 0.0, 0, 0
    running, start = 0.0, 0
    for index, block in enumerate(blocks):
        block.score = _block_score(block)
        if running <= 0:
            running, start = 0.0, index
        running += block.score
        if running > best:
            best, best_start, best_end = running, start, index + 1
    best_start = _title_anchor(blocks, best_start)
    chosen = _privacy_sections(blocks[best_start:best_end])
    with_prose = {
        element_id
        for block in chosen
        if _prose_words(block)
        for element_id in block.chrome
        if element_id > 0
    }
    return [
        block
        for block in chosen
        if (
            all(element_id in with_prose for element_id in block.chrome)
            or _document_title(block) == "privacy"
        )
        and not _link_list(block)
        and block.score != COPYRIGHT_SCORE
    ]


def _document_title(block: _Block) -> str | None:
    """ "privacy" or "terms" when the block is the title of a privacy policy or of terms of
    use ("VI. Privacy Policy", "TERMS OF USE"), else None."""
    text = block.text
    if len(text) > 80 or "\n" in text or block.links > 0.5 * len(text):
        return None
    text = _NUMBERING_RE.sub("", text).strip(" :.").lower()
    privacy = bool(_PRIVACY_TITLE_RE.fullmatch(text))
    terms = bool(_TERMS_TITLE_RE.fullmatch(text)) or bool(_TERMS_IN_TITLE_RE.search(text))
    if privacy and not terms:
        return "privacy"
    if terms and not privacy and _TERMS_TITLE_RE.fullmatch(text):
        return "terms"
    return None


def _privacy_sections(blocks: list[_Block]) -> list[_Block]:
    """On a page that holds terms of use and a privacy policy, the privacy policy alone:
    the run is cut at document titles, and sections that read as terms are dropped."""
    titles = [
        (index, kind) for index, block in enumerate(blocks) if (kind := _document_title(block))
    ]
    if not any(kind == "privacy" for _, kind in titles):
        return blocks
    bounds = [0, *(index for index, _ in titles), len(blocks)]
    kinds = [None, *(kind for _, kind in titles)]
    kept: list[_Block] = []
    dropped_words = total_words = 0
    previous_dropped = False
    for start, end, kind in zip(bounds, bounds[1:], kinds, strict=False):
        section = blocks[start:end]
        section_words = sum(len(block.tokens) for block in section)
        privacy = sum(block.privacy_words() for block in section)
        terms = sum(sum(map(TERMS_VOCABULARY.__contains__, block.tokens)) for block in section)
        total_words += section_words
        reads_as_terms = terms > (2 * privacy if kind == "privacy" else privacy)
        # A short "Privacy Policy" clause amid terms of use only points to the policy.
        cross_reference = kind == "privacy" and previous_dropped and section_words < 80
        if reads_as_terms or cross_reference:
            dropped_words += section_words
        else:
            kept.extend(section)
        previous_dropped = reads_as_terms or cross_reference
    if dropped_words < TERMS_MIN_WORDS or dropped_words < TERMS_MIN_SHARE * total_words:
        return blocks
    return kept


def _title_anchor(blocks: list[_Block], start: int) -> int:
    """Start of the run moved back to a privacy-titled heading ("Privacy Policy") when only
    plain, chrome-free blocks lie between (a list of site names, a date line, ...)."""
    for index in range(start - 1, max(start - TITLE_ANCHOR_REACH, 0) - 1, -1):
        block = blocks[index]
        if block.chrome or _link_list(block):
            return start
        if block.heading and _POLICY_TITLE_RE.search(block.text):
            return index
    return start


def _link_list(block: _Block) -> bool:
    """Mostly link text, and not a web or e-mail address spelled out (those are content)."""
    if block.heading or block.links <= 0.6 * max(block.chars, 1):
        return False
    return not _ADDRESS_RE.fullmatch(block.text.strip())


def _to_blocks(blocks: list[_Block]) -> list[Block]:
    """Turn chosen _Blocks into (kind, text) blocks. Heading tags are headings; a bold or
    heading-like lead line is one only when prose follows it (not in an address block);
    headings with nothing after them (a trailing widget title) are dropped."""
    units: list[list] = []  # [kind, text, source block index]; kind "lead" = inferred heading
    for number, block in enumerate(blocks):
        lines = [(line.text, line) for line in block.lines if line.text]
        if block.heading:
            units.append(["heading", " ".join(text for text, _ in lines), number])
            continue
        for position, (text, line) in enumerate(lines):
            wholly_bold = line.bold_chars >= len(text) - 1
            lead = (
                wholly_bold
                and len(text) <= 120
                and not text.endswith(".")
                and not DATE_RE.search(text)
            ) or (position == 0 and len(lines) > 1 and looks_like_heading(text))
            kind = "lead" if lead else "item" if block.item else "para"
            units.append([kind, text, number])
    for index, unit in enumerate(units):
        if unit[0] == "lead":
            following = units[index + 1] if index + 1 < len(units) else None
            prose_follows = (
                following is not None
                and following[0] in ("para", "item")
                and len(_WORD_RE.findall(following[1])) >= 6
            )
            unit[0] = "heading" if prose_follows else "item" if blocks[unit[2]].item else "para"
    out: list[Block] = []
    previous_source = -1
    for kind, text, source in units:
        if kind != "heading" and out and out[-1][0] == kind and source == previous_source:
            out[-1] = (kind, f"{out[-1][1]}\n{text}")
        else:
            out.append((kind, text))
        previous_source = source if kind != "heading" else -1
    while out and out[-1][0] == "heading":
        out.pop()
    return out
