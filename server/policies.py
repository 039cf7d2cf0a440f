"""Stored policies: the latest report by URL, the version history, diffs between versions."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from server.lookups import ETAG_HEADERS, NOT_MODIFIED, diff_entry, policy_of, send, stored_report_of
from server.openapi import documented_errors
from server.schemas import (
    DiffQuerySchema,
    DiffSchema,
    PolicyQuerySchema,
    ReportSchema,
    VersionsSchema,
)
from server.services import current_services
from worker.errors import NotFound
from worker.store.tables import Policy, Version
from worker.tracking.report import iso

blp = Blueprint(
    "policies", __name__, url_prefix="/api/v1/policies", description="Stored policies and versions"
)


@blp.route("")
class PolicyByURL(MethodView):
    @blp.arguments(PolicyQuerySchema(), location="query", error_status_code=400)
    @blp.response(200, ReportSchema, headers=ETAG_HEADERS)
    @blp.alt_response(304, description=NOT_MODIFIED)
    @documented_errors(
        blp,
        {
            400: "invalid_url (also longer than 2,048 characters) or invalid_request",
            404: "not_analysed",
        },
    )
    def get(self, query: dict[str, Any]) -> Response:
        """The latest stored Report for a URL, with a diff since an older version.

        Answered with an ETag; a client sending it back in If-None-Match gets 304."""
        url, pid = policy_of(query["url"])
        stored = stored_report_of(current_services(), pid, query["since"])
        if stored is None:
            raise NotFound(
                f"{url} has not been analysed yet; POST it to /api/v1/analyses.", "not_analysed"
            )
        return send(stored.entry)


@blp.route("/<string:policy_id>/versions")
class PolicyVersions(MethodView):
    @blp.response(200, VersionsSchema)
    @documented_errors(blp, {404: "unknown_policy"})
    def get(self, policy_id: str) -> dict[str, Any]:
        """Every stored version of a policy, newest first."""
        store = current_services().store
        policy = known_policy(policy_id)
        return {
            "policy_id": policy.id,
            "url": policy.url,
            "versions": [
                {
                    "id": version.id,
                    "first_seen": iso(version.first_seen),
                    "last_seen": iso(version.last_seen),
                    "grade": version.grade,
                    "score": version.score,
                }
                for version in store.versions(policy.id)
            ],
        }


@blp.route("/<string:policy_id>/diff")
class PolicyDiff(MethodView):
    @blp.arguments(DiffQuerySchema(), location="query", error_status_code=400)
    @blp.response(200, DiffSchema, headers=ETAG_HEADERS)
    @blp.alt_response(304, description=NOT_MODIFIED)
    @documented_errors(blp, {400: "invalid_request", 404: "unknown_policy or unknown_version"})
    def get(self, query: dict[str, Any], policy_id: str) -> Response:
        """The diff between two stored versions (`to` defaults to the latest).

        Answered with an ETag; a client sending it back in If-None-Match gets 304."""
        services = current_services()
        name = f"diff:{query['from']}:{query['to']}"
        looked = services.report_cache.look(policy_id, name)
        entry = looked.entry(name) if looked is not None else None
        if entry is None:
            policy = known_policy(policy_id)
            old = known_version(policy, query["from"])
            new = known_version(policy, query["to"])
            entry = diff_entry(services, old, new)
            services.report_cache.fill(policy_id, looked, {name: entry.pack()})
        return send(entry)


def known_policy(pid: str) -> Policy:
    policy = current_services().store.policy(pid)
    if policy is None:
        raise NotFound(f"No policy {pid!r} is stored.", "unknown_policy")
    return policy


def known_version(policy: Policy, version_id: str) -> Version:
    store = current_services().store
    if version_id == "latest":
        version_id = policy.current_version_id or ""
    version = store.version(policy.id, version_id)
    if version is None:
        raise NotFound(f"Policy {policy.id} has no version {version_id!r}.", "unknown_version")
    return version
