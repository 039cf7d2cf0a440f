"""Atom 1.0 feeds of policy changes: one per policy, and the latest changes of all policies.

Built from what the worker stores (versions and their analyses): an entry is a version, its
content the Diff from the version before it (summary and material changes), linking to the
history page. The XML is built with lxml, so every text is escaped by the serializer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, request, url_for
from lxml import etree
from sqlalchemy import func, select

from server.pages import material_changes
from server.policies import known_policy
from server.services import current_services
from worker.store import Store
from worker.store.tables import Policy, Version
from worker.tracking.report import diff_json, iso

blp = Blueprint("feeds", __name__)

FEED_ENTRIES = 50
"""Most entries one feed holds (newest first); older versions stay on the history page."""

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)
"""The `updated` of a feed with no entry yet: it has never changed."""
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://policywatch.invalid/feeds")
"""Entry and feed ids are name-based UUIDs, so they stay the same whatever host serves them."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One new version of a policy, and the version it replaced (None for the first)."""

    policy: Policy
    version: Version
    previous: Version | None


def stable_id(*parts: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, ":".join(parts)).urn


def short_url(url: str) -> str:
    """example.com/privacy: the URL as a title shows it."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def policy_entries(store: Store, policy: Policy, limit: int = FEED_ENTRIES) -> list[FeedEntry]:
    """The policy's versions, newest first, each with the one before it."""
    versions = store.versions(policy.id)
    older = [*versions[1:], None]
    return [FeedEntry(policy, v, p) for v, p in zip(versions, older, strict=True)][:limit]


def latest_changes(store: Store, limit: int = FEED_ENTRIES) -> list[FeedEntry]:
    """The newest versions across all policies that replaced an earlier version, newest first.

    (Not a Store method: the store has no cross-policy query, and the worker owns store.py.)
    """
    previous_id = (
        func.lag(Version.id)
        .over(partition_by=Version.policy_id, order_by=(Version.first_seen, Version.id))
        .label("previous_id")
    )
    ranked = select(Version.policy_id, Version.id, Version.first_seen, previous_id).subquery()
    query = (
        select(ranked.c.policy_id, ranked.c.id, ranked.c.previous_id)
        .where(ranked.c.previous_id.is_not(None))
        .order_by(ranked.c.first_seen.desc(), ranked.c.policy_id, ranked.c.id)
        .limit(limit)
    )
    entries: list[FeedEntry] = []
    with store.session() as session:
        for pid, version_id, prev_id in session.execute(query).all():
            policy = session.get(Policy, pid)
            version = session.get(Version, (pid, version_id))
            previous = session.get(Version, (pid, prev_id))
            if policy is not None and version is not None and previous is not None:
                entries.append(FeedEntry(policy, version, previous))
    return entries


def entry_title(entry: FeedEntry, diff: dict[str, Any] | None) -> str:
    """The grade change first, as a reader's list of titles shows it."""
    where = short_url(entry.policy.url)
    grade = entry.version.grade or "?"
    if diff is None:
        return f"{where}: first seen, grade {grade}"
    change = diff.get("grade_change")
    if change:
        return f"{where}: grade {change['from'] or '?'} → {change['to'] or '?'}"
    return f"{where}: changed, still grade {grade}"


def xhtml_content(
    parent: etree._Element, summary: str, diff: dict[str, Any] | None, link: str
) -> None:
    """The entry's body: the Diff summary, its material changes, a link to see them all."""
    content = etree.SubElement(parent, f"{{{ATOM}}}content", type="xhtml")
    div = etree.SubElement(content, f"{{{XHTML}}}div", nsmap={None: XHTML})
    etree.SubElement(div, f"{{{XHTML}}}p").text = summary
    changes = material_changes(diff)
    if changes:
        items = etree.SubElement(div, f"{{{XHTML}}}ul")
        for change in changes:
            item = etree.SubElement(items, f"{{{XHTML}}}li")
            item.text = f"{change.label}: {change.text}"
            if change.was:
                item.text += f" (was: {change.was})"
    anchor = etree.SubElement(etree.SubElement(div, f"{{{XHTML}}}p"), f"{{{XHTML}}}a", href=link)
    anchor.text = "See every change on Policywatch" if diff else "See the policy on Policywatch"


def add_link(parent: etree._Element, rel: str, href: str, kind: str = "text/html") -> None:
    etree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, type=kind, href=href)


def add_entry(feed: etree._Element, entry: FeedEntry) -> None:
    policy, version, previous = entry.policy, entry.version, entry.previous
    diff: dict[str, Any] | None = None
    if previous is not None:
        diff = diff_json(previous, version)
        summary = diff["summary"]
        since = {"from": previous.id}
        link = url_for("pages.history", policy_id=policy.id, to=version.id, **since, _external=True)
    else:
        graded = f", graded {version.grade}" if version.grade else ""
        summary = f"First version seen{graded}. {version.analysis.get('summary', '')}".strip()
        link = url_for("pages.history", policy_id=policy.id, to=version.id, _external=True)
    node = etree.SubElement(feed, f"{{{ATOM}}}entry")
    etree.SubElement(node, f"{{{ATOM}}}id").text = stable_id(policy.id, version.id)
    etree.SubElement(node, f"{{{ATOM}}}title").text = entry_title(entry, diff)
    etree.SubElement(node, f"{{{ATOM}}}updated").text = iso(version.first_seen)
    etree.SubElement(node, f"{{{ATOM}}}published").text = iso(version.first_seen)
    add_link(node, "alternate", link)
    etree.SubElement(node, f"{{{ATOM}}}summary").text = summary
    xhtml_content(node, summary, diff, link)


def atom_feed(
    *,
    feed_id: str,
    title: str,
    subtitle: str,
    home: str,
    updated: datetime,
    entries: Iterable[FeedEntry],
) -> Response:
    """An Atom 1.0 document as a response: conditional on its ETag and Last-Modified."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}subtitle").text = subtitle
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = iso(updated)
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = "Policywatch"
    etree.SubElement(author, f"{{{ATOM}}}uri").text = url_for("pages.index", _external=True)
    add_link(feed, "self", request.base_url, "application/atom+xml")
    add_link(feed, "alternate", home)
    etree.SubElement(feed, f"{{{ATOM}}}generator").text = "Policywatch"
    for entry in entries:
        add_entry(feed, entry)
    body = etree.tostring(feed, xml_declaration=True, encoding="utf-8")
    response = Response(body, content_type=ATOM_TYPE)
    response.last_modified = updated
    response.add_etag()
    response.make_conditional(request)
    return response


@blp.get("/policies/<string:policy_id>/feed.atom")
def policy_changes(policy_id: str) -> Response:
    """One entry per version of one policy, newest first."""
    store = current_services().store
    policy = known_policy(policy_id)
    entries = policy_entries(store, policy)
    updated = entries[0].version.first_seen if entries else policy.created_at
    return atom_feed(
        feed_id=stable_id("policy", policy.id),
        title=f"Policywatch: {short_url(policy.url)}",
        subtitle=f"Changes to the privacy policy at {policy.url}, with their grades.",
        home=url_for("pages.history", policy_id=policy.id, _external=True),
        updated=updated,
        entries=entries,
    )


@blp.get("/feed.atom")
def all_changes() -> Response:
    """The latest changes of every policy Policywatch has seen change, newest first."""
    entries = latest_changes(current_services().store)
    updated = entries[0].version.first_seen if entries else EMPTY_FEED_UPDATED
    return atom_feed(
        feed_id=stable_id("all"),
        title="Policywatch: latest privacy-policy changes",
        subtitle="New versions of the privacy policies Policywatch watches, with their grades.",
        home=url_for("pages.index", _external=True),
        updated=updated,
        entries=entries,
    )
