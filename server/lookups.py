"""Stored answers sent as bytes kept in Redis (worker/store/report_cache.py): the Report by URL,
Diffs and the history page, each with a strong ETag and a 304 for a matching If-None-Match.

A lookup is one Redis round trip; on a miss (or with Redis down, or POLICYWATCH_LOOKUP_CACHE
off) the answer is built from SQL exactly as before, serialized the way flask-smorest would
(the schema's dump, then Flask's JSON), and kept for the next lookup."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from flask import Response, current_app, request
from flask import Response as FlaskResponse
from marshmallow import Schema

from server.schemas import DiffSchema, ReportSchema
from server.services import Services
from worker.ingest.urls import normalise_url, policy_id
from worker.store.report_cache import Entry, Looked
from worker.store.tables import Policy, Version
from worker.tracking.report import diff_json, stored_report

REVALIDATE_HEADERS = {"Cache-Control": "no-cache"}
"""Clients may keep an answer but must ask again (If-None-Match) before using it."""

ETAG_HEADERS = {
    "ETag": {
        "description": "Strong validator of the body; send it back in If-None-Match",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "no-cache: revalidate before use",
        "schema": {"type": "string"},
    },
}
"""The OpenAPI description of the headers send() adds."""
NOT_MODIFIED = "Not Modified: If-None-Match named the current ETag (no body)"


@functools.lru_cache(maxsize=1024)
def policy_of(url: str) -> tuple[str, str]:
    """The normalised URL and policy id of a URL as sent (the same URLs are looked up again
    and again; normalising one is a fifth of a cached lookup's own time)."""
    normalised = normalise_url(url)
    return normalised, policy_id(normalised)


def json_bytes(payload: Any) -> bytes:
    """The body Flask's JSON provider sends for `payload`."""
    response = cast(FlaskResponse, current_app.json.response(payload))  # Flask's own provider
    return response.get_data()


def etag_of(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def json_entry(payload: Any, schema: Schema) -> Entry:
    """The body flask-smorest would send for `payload` (the schema's dump in Flask's JSON)."""
    body = json_bytes(schema.dump(payload))
    return Entry(etag_of(body), body)


def send(entry: Entry, mimetype: str = "application/json") -> Response:
    """The entry's bytes with its ETag, or 304 Not Modified when the client has them."""
    if request.if_none_match.contains_weak(entry.etag):
        response = Response(status=304, mimetype=mimetype)
    else:
        response = Response(entry.body, mimetype=mimetype)
    response.set_etag(entry.etag)
    response.headers.update(REVALIDATE_HEADERS)
    return response


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A policy's current Report, serialized, and when it was last checked."""

    entry: Entry
    checked_at: float
    """POSIX seconds of the last check (drives revalidation)."""


def report_field(since: str | None) -> str:
    return f"report:{since}" if since else "report"


def stored_report_of(
    services: Services, pid: str, since: str | None, *, touch: bool = False
) -> StoredReport | None:
    """The current Report of policy `pid` with a diff since `since` (none when it names no
    older version), or None when the policy has no stored version. With `touch`, its
    looked_up_at is written (at most every LOOKUP_TOUCH_INTERVAL seconds while Redis is up)."""
    name = report_field(since)
    looked = services.report_cache.look(pid, name, "checked", touch=touch)
    if looked is not None:
        entry, checked = looked.entry(name), looked.fields["checked"]
        if touch and looked.first_look:
            services.store.touch_lookup(pid)
        if entry is not None and checked is not None:
            return StoredReport(entry, float(checked))
    elif touch:
        services.store.touch_lookup(pid)
    return rebuilt_report(services, pid, since, looked)


def rebuilt_report(
    services: Services, pid: str, since: str | None, looked: Looked | None
) -> StoredReport | None:
    """The Report built from SQL, and kept: with a diff under `report:<since>` when `since`
    is another stored version, otherwise as the plain Report (so made-up `since` values do
    not each take a copy in Redis)."""
    store = services.store
    policy = store.policy(pid)
    if policy is None or policy.current_version_id is None:
        return None
    version = store.version(pid, policy.current_version_id)
    if version is None:
        return None
    since_version = store.version(pid, since) if since else None
    report = stored_report(policy, version)
    if since_version is None or since_version.id == version.id:
        entry, name = json_entry(report, ReportSchema()), report_field(None)
    else:
        diff = diff_entry(services, since_version, version)
        dumped = ReportSchema().dump(report)
        dumped["diff"] = json.loads(diff.body)  # the Diff's dump, in the place of "diff": null
        body = json_bytes(dumped)
        entry, name = Entry(etag_of(body), body), report_field(since_version.id)
    checked = checked_at(policy, version).timestamp()
    fields = {name: entry.pack(), "checked": repr(checked).encode("ascii")}
    services.report_cache.fill(pid, looked, fields)
    return StoredReport(entry, checked)


def checked_at(policy: Policy, version: Version) -> datetime:
    return policy.checked_at or version.last_seen


def diff_entry(services: Services, old: Version, new: Version) -> Entry:
    """The serialized Diff between two versions: computed once, then kept (it never changes)."""
    cache = services.report_cache
    entry = cache.diff(old.policy_id, old.id, new.id)
    if entry is None:
        entry = json_entry(diff_json(old, new), DiffSchema())
        cache.keep_diff(old.policy_id, old.id, new.id, entry)
    return entry


def cached_page(services: Services, pid: str, name: str, build: Callable[[], str]) -> Entry:
    """A policy's page from the cache, or rendered by `build` (which raises for an unknown
    policy or version) and kept until the policy is written."""
    looked = services.report_cache.look(pid, name)
    entry = looked.entry(name) if looked is not None else None
    if entry is not None:
        return entry
    body = build().encode("utf-8")
    entry = Entry(etag_of(body), body)
    services.report_cache.fill(pid, looked, {name: entry.pack()})
    return entry


def json_is_compact() -> bool:
    """Whether Flask writes JSON without indentation (as it does unless debugging)."""
    compact = getattr(current_app.json, "compact", None)
    return compact is True or (compact is None and not current_app.debug)


def finished_analysis(report: Entry, revalidation: dict[str, str] | None) -> Response | None:
    """POST /api/v1/analyses' 200 answer around stored Report bytes, as flask-smorest would
    write it (AnalysisStateSchema: job_id, status, result, revalidation), or None when Flask
    indents its JSON (the caller then lets the schema write it)."""
    if not json_is_compact():
        return None
    tail = current_app.json.dumps(revalidation, separators=(",", ":"))
    body = b"".join(
        (
            b'{"job_id":null,"status":"finished","result":',
            report.body.rstrip(b"\n"),
            b',"revalidation":',
            tail.encode("utf-8"),
            b"}\n",
        )
    )
    return Response(body, status=200, mimetype="application/json")
