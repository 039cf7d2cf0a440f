"""Decoding a body to text: BOM, valid UTF-8, the declared charset, <meta charset>."""

from __future__ import annotations

import codecs
import re

from worker.errors import UnsupportedContent

MAX_BROKEN_UTF8_SHARE = 0.001
"""Share of undecodable bytes up to which a body is read as UTF-8 with replacements."""

_SINGLE_BYTE_LABELS = {"iso-8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
# Both are matched against lower-cased bytes: case-sensitive patterns let re jump to "<meta".
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""")
_XML_ENCODING_RE = re.compile(rb"""\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9._:-]+)""")


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
    codecs_named = [named for label in labels if (named := _codec(label))]
    wide = [codec for codec in codecs_named if codec.startswith(("utf-16", "utf-32"))]
    if not body.isascii() and not wide:
        # Valid multi-byte UTF-8 is almost never another charset, whatever was declared.
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for codec in codecs_named:
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    if "utf-8" in codecs_named:
        # Declared UTF-8 with a few broken bytes (a truncated or spliced page) is UTF-8.
        text = body.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= MAX_BROKEN_UTF8_SHARE * len(text):
            return text
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
    """The charset label, lower-cased, of an XML declaration at the very start or else of the
    first <meta> that names one, in the first 8 KiB."""
    head = body[:8192].lower()
    match = _XML_ENCODING_RE.match(head) or _META_CHARSET_RE.search(head)
    return match.group(1).decode("ascii") if match else None
