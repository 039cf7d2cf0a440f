"""Extract a policy's canonical text, headings and title from a fetched page.

Dispatches on the media type: HTML/XHTML (main-content extraction), plain text, Markdown
and PDF. Every path ends in worker.normalise.canonical_text, and heading spans are found in
that final text.
"""

from __future__ import annotations

import codecs
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from worker.errors import NotAPolicy, UnsupportedContent
from worker.normalise import canonical_text, is_list_item, looks_like_heading
from worker.records import FetchedPage, PolicyText

Block = tuple[str, str]
"""(kind, text): kind is "heading", "para" or "item"; text may hold single newlines."""

SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}
"""Media type of a local file, by suffix, for extract_file."""

_SINGLE_BYTE_LABELS = {"iso-8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I
)


def extract(page: FetchedPage) -> PolicyText:
    """Return the policy text of a page; UnsupportedContent if it cannot be decoded or
    parsed, NotAPolicy if no readable text remains."""
    content_type = page.content_type.split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        blocks, title = html_blocks(decode_html(page.body, page.charset))
    elif content_type == "text/markdown":
        blocks, title = markdown_blocks(decode_text(page.body, page.charset)), None
    elif content_type == "text/plain":
        blocks, title = plain_blocks(decode_text(page.body, page.charset)), None
    elif content_type == "application/pdf":
        blocks, title = pdf_blocks(page.body)
    else:
        raise UnsupportedContent(
            f"Cannot read content of type {content_type or 'unknown'}: "
            "send HTML, plain text, Markdown or PDF."
        )
    return assemble(blocks, title)


def extract_file(path: Path) -> PolicyText:
    """Extract a local file, its media type chosen by suffix (for the CLI)."""
    content_type = SUFFIX_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise UnsupportedContent(
            f"Cannot tell the type of {path.name}: use .html, .htm, .md, .txt or .pdf."
        )
    url = path.resolve().as_uri()
    page = FetchedPage(
        url=url,
        final_url=url,
        content_type=content_type,
        body=path.read_bytes(),
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
    )
    return extract(page)


def assemble(blocks: list[Block], title: str | None) -> PolicyText:
    """Canonicalise blocks into the final text and locate the heading paragraphs in it."""
    parts = [text if kind != "item" else _as_item(text) for kind, text in blocks if text.strip()]
    text = canonical_text("\n\n".join(parts))
    if not text:
        raise NotAPolicy("No readable text was found on the page.")
    wanted = [canonical_text(t) for kind, t in blocks if kind == "heading" and t.strip()]
    spans: list[tuple[int, int]] = []
    offset = 0
    for heading in filter(None, wanted):
        position = _find_paragraph(text, heading, offset)
        if position >= 0:
            spans.append((position, position + len(heading)))
            offset = position + len(heading)
    if title:
        title = canonical_text(title).replace("\n", " ") or None
    if not title and spans:
        title = text[spans[0][0] : spans[0][1]]
    return PolicyText(text=text, headings=tuple(spans), title=title)


def _find_paragraph(text: str, paragraph: str, start: int) -> int:
    """Offset of paragraph standing alone (between blank lines) in text at or after start."""
    while (position := text.find(paragraph, start)) >= 0:
        end = position + len(paragraph)
        if (position == 0 or text[position - 2 : position] == "\n\n") and (
            end == len(text) or text[end : end + 2] == "\n\n"
        ):
            return position
        start = position + 1
    return -1


def _as_item(text: str) -> str:
    return text if is_list_item(text) else f"- {text}"


# --- decoding -------------------------------------------------------------------------


def decode_html(body: bytes, declared: str | None) -> str:
    """Decode HTML: BOM, else valid UTF-8, else the declared charset, else <meta charset>,
    else charset-normalizer's guess."""
    return _decode(body, [declared, _meta_charset(body)])


def decode_text(body: bytes, declared: str | None) -> str:
    """Decode plain text or Markdown as decode_html does, without <meta> sniffing."""
    return _decode(body, [declared])


def _decode(body: bytes, labels: list[str | None]) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    if not body.isascii():
        # Valid multi-byte UTF-8 is almost never another charset, whatever was declared.
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for label in labels:
        codec = _codec(label)
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    raise UnsupportedContent("The page's text could not be decoded in any known charset.")


def _codec(label: str | None) -> str | None:
    """Python codec for a charset label; the Latin-1/ASCII labels mean windows-1252 on the
    web (WHATWG Encoding)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _SINGLE_BYTE_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET_RE.search(body[:8192])
    return match.group(1).decode("ascii") if match else None


# --- plain text and Markdown ------------------------------------------------------------

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_CODE_RE = re.compile(r"`([^`]*)`")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_MD_BULLET_RE = re.compile(r"^\s*[-*+]\s+")
_MD_ORDERED_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+")


def markdown_inline(text: str) -> str:
    """Strip inline Markdown: images, links (keep their text), emphasis, code, escapes."""
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    for _ in range(2):
        text = _STRONG_RE.sub(r"\2", text)
        text = _EM_STAR_RE.sub(r"\1", text)
        text = _EM_UNDERSCORE_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return text.replace("\\\n", "\n").rstrip("\\").strip()


def markdown_blocks(markdown: str) -> list[Block]:
    """Blocks of a Markdown document: headings (ATX and setext), paragraphs, list items,
    table rows (cells joined by " | "), without the Markdown syntax."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            text = markdown_inline("\n".join(paragraph))
            if text:
                blocks.append(("para", text))
            paragraph.clear()

    skip = -1
    for index, raw in enumerate(lines):
        if index == skip:
            continue
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            paragraph.append(stripped)
            continue
        if stripped.startswith(">"):
            stripped = re.sub(r"^(>\s?)+", "", stripped).strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not stripped or _LINK_DEF_RE.match(raw) or _TABLE_SEPARATOR_RE.match(stripped):
            flush()
        elif (match := _ATX_RE.match(stripped)) is not None:
            flush()
            blocks.append(("heading", markdown_inline(match.group(2))))
        elif _RULE_RE.match(stripped):
            flush()
        elif _SETEXT_RE.match(following) and not _MD_BULLET_RE.match(stripped):
            flush()
            blocks.append(("heading", markdown_inline(stripped)))
            skip = index + 1
        elif stripped.startswith("|") and stripped.endswith("|"):
            flush()
            cells = [markdown_inline(cell) for cell in stripped.strip("|").split("|")]
            row = " | ".join(cell for cell in cells if cell)
            if row:
                blocks.append(("para", row))
        elif _MD_BULLET_RE.match(stripped) or _MD_ORDERED_RE.match(stripped):
            flush()
            paragraph.append(_MD_BULLET_RE.sub("- ", stripped, count=1))
        else:
            paragraph.append(stripped)
    flush()
    return [_split_items(block) for block in blocks]


def _split_items(block: Block) -> Block:
    """A paragraph that starts with a list marker is a list item."""
    kind, text = block
    if kind == "para" and is_list_item(text):
        return ("item", text)
    return block


def plain_blocks(text: str) -> list[Block]:
    """Blocks of plain text: canonical paragraphs, "#" lines and heading-like standalone
    lines ("General Browsing:") as headings."""
    blocks: list[Block] = []
    for paragraph in canonical_text(text).split("\n\n"):
        match = _ATX_RE.match(paragraph)
        if match is not None and "\n" not in paragraph:
            blocks.append(("heading", match.group(2)))
        elif "\n" not in paragraph and _is_heading_paragraph(paragraph):
            blocks.append(("heading", paragraph))
        else:
            blocks.append(("para", paragraph))
    return blocks


def _is_heading_paragraph(paragraph: str) -> bool:
    """A standalone line that reads as a heading: Title Case/ALL CAPS, short, no sentence
    punctuation at its end (a colon is fine)."""
    return not is_list_item(paragraph) and looks_like_heading(paragraph)


# --- PDF ------------------------------------------------------------------------------

_HYPHEN_BREAK_RE = re.compile(r"(\w)-\n(?=[a-z])")


def pdf_blocks(body: bytes) -> tuple[list[Block], str | None]:
    """Text of a PDF with pypdf, de-hyphenated, lines regrouped into paragraphs."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError) as error:
        raise UnsupportedContent(f"The PDF could not be read: {error}.") from error
    blocks: list[Block] = []
    for page_text in pages:
        page_text = _HYPHEN_BREAK_RE.sub(r"\1", page_text.replace("\r\n", "\n"))
        blocks.extend(plain_blocks(_pdf_paragraphs(page_text)))
    return blocks, (title or None)


def _pdf_paragraphs(text: str) -> str:
    """Insert paragraph breaks after short lines that end a sentence (PDF text has none)."""
    lines = [line.strip() for line in text.split("\n")]
    widest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        out.append(line)
        if line and len(line) < 0.75 * widest and re.search(r"[.!?:]['\")]*$", line):
            out.append("")
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------------


def html_blocks(html: str) -> tuple[list[Block], str | None]:
    """Main-content blocks of an HTML page and its <title>."""
    import trafilatura
    from lxml import etree

    if not html.strip():
        raise NotAPolicy("The page is empty.")
    tree = _parse_html(html)
    title = _page_title(tree)
    xml = trafilatura.extract(
        tree,
        output_format="xml",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    blocks: list[Block] = []
    if xml:
        document = etree.fromstring(xml.encode("utf-8"))
        main = document.find("main")
        if main is not None:
            _xml_blocks(main, blocks)
    return blocks, title


def _parse_html(html: str):
    from lxml import html as lxml_html

    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, TypeError) as error:
        raise UnsupportedContent(f"The HTML could not be parsed: {error}.") from error


def _page_title(tree) -> str | None:
    element = tree.find(".//title")
    if element is None:
        return None
    title = " ".join(element.text_content().split())
    return title or None


def _xml_blocks(element, blocks: list[Block]) -> None:
    """Flatten trafilatura's XML (head, p, list/item, table/row/cell, quote) into blocks."""
    for child in element:
        tag = child.tag
        if tag == "head":
            blocks.append(("heading", _xml_text(child)))
        elif tag == "p" or tag == "hi":
            _paragraph_blocks(child, blocks)
        elif tag == "list":
            for item in child.iter("item"):
                blocks.append(("item", _xml_text(item)))
        elif tag in ("table", "row", "quote", "div"):
            _xml_blocks(child, blocks)
        elif tag == "cell":
            if len(child) and any(grandchild.tag in ("p", "list", "head") for grandchild in child):
                _xml_blocks(child, blocks)
            else:
                text = _xml_text(child)
                blocks.append(("heading" if _is_emphasised_heading(child, text) else "para", text))
        else:
            blocks.append(("para", _xml_text(child)))


def _paragraph_blocks(element, blocks: list[Block]) -> None:
    """A <p>: wholly bold or heading-like lines before a <lb/> become headings."""
    lines: list[list[str | bool]] = [["", True]]  # [text, wholly bold]
    if element.text and element.text.strip():
        lines[-1] = [element.text, element.tag == "hi"]
    for child in element:
        if child.tag == "lb":
            lines.append(["", True])
        else:
            text = _xml_text(child)
            lines[-1][0] += text
            if text.strip() and child.tag != "hi":
                lines[-1][1] = False
        if child.tail and child.tail.strip():
            lines[-1][0] += child.tail
            lines[-1][1] = element.tag == "hi"
        elif child.tail:
            lines[-1][0] += child.tail
    body: list[str] = []
    for text, bold in lines:
        text = str(text).strip()
        if not text:
            continue
        if (bold and len(text) <= 120 and not text.endswith(".")) or (
            looks_like_heading(text) and len(lines) > 1
        ):
            if body:
                blocks.append(("para", "\n".join(body)))
                body = []
            blocks.append(("heading", text))
        else:
            body.append(text)
    if body:
        blocks.append(("para", "\n".join(body)))


def _xml_text(element) -> str:
    """Text of an element, <lb/> as newline."""
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        if node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts).strip()


def _is_emphasised_heading(element, text: str) -> bool:
    """A short block wholly in bold, or Title Case/ALL CAPS, reads as a heading."""
    if "\n" in text or not text:
        return False
    bold = [hi for hi in element.iter("hi") if hi.get("rend") in ("#b", "#i")]
    wholly_bold = bool(bold) and "".join(_xml_text(hi) for hi in bold).strip() == text
    return (wholly_bold and len(text) <= 120 and not text.endswith(".")) or looks_like_heading(text)
