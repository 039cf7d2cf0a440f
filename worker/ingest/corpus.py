"""Policies of the bundled corpora read as the service reads a page: tests and bench scripts
call these so that they judge the text a user is shown.

An OPP-115 sanitized page is not a web page: it is the policy's segments split by "|||", with
the segment's inline HTML kept. Any other file (Markdown, plain text, a saved HTML page, a
PDF) goes through the same extraction as a fetched page of its media type.
"""

from __future__ import annotations

import re
from pathlib import Path

from worker.ingest.extract import extract_file
from worker.ingest.normalise import canonical_text
from worker.records import PolicyText

_LIST_ITEM_RE = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")


def opp115_text(raw: str) -> str:
    """An OPP-115 sanitized policy as plain text: its segments as paragraphs and each <li> on a
    line of its own, so that an item ends a sentence though it carries no full stop ("... the
    co-branded products or services" is not run into "When companies perform services ...")."""
    return _TAG_RE.sub(" ", _LIST_ITEM_RE.sub("\n", raw.replace("|||", "\n\n")))


def is_opp115_sanitized(path: Path, raw: str) -> bool:
    """Whether a file is an OPP-115 sanitized page rather than a saved web page."""
    return path.suffix.lower() == ".html" and "|||" in raw and "<body" not in raw.lower()


def read_policy(path: Path) -> PolicyText:
    """The policy text of a corpus file, as the service would extract it."""
    if path.suffix.lower() == ".html":
        raw = path.read_text(encoding="utf-8", errors="replace")
        if is_opp115_sanitized(path, raw):
            return PolicyText(canonical_text(opp115_text(raw)))
    return extract_file(path)
