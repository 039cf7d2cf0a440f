"""Assembles the API's Report and Diff JSON from stored policies and versions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from worker.analysis.findings import FINDINGS
from worker.store.tables import Policy, Version
from worker.tracking.change import build_diff

if TYPE_CHECKING:
    from worker.store import Store


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, as API.md asks."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def finding_ids(analysis: dict[str, Any]) -> list[str]:
    return [finding["id"] for finding in analysis.get("findings", [])]


def grade_of(analysis: dict[str, Any]) -> str | None:
    badge = analysis.get("badge")
    return badge["grade"] if badge else None


def finding_titles() -> dict[str, str]:
    return {finding_id: spec.title for finding_id, spec in FINDINGS.items()}


def diff_json(old: Version, new: Version) -> dict[str, Any]:
    """The Diff between two stored versions of one policy, in API.md's shape."""
    return texts_diff_json(old.id, new.id, old.text, new.text, old.analysis, new.analysis)


def texts_diff_json(
    from_id: str,
    to_id: str,
    old_text: str,
    new_text: str,
    old_analysis: dict[str, Any],
    new_analysis: dict[str, Any],
) -> dict[str, Any]:
    """The Diff between two analysed texts: ops, stats, findings and grade change, summary."""
    return build_diff(
        from_id,
        to_id,
        old_text,
        new_text,
        finding_ids(old_analysis),
        finding_ids(new_analysis),
        grade_of(old_analysis),
        grade_of(new_analysis),
        titles=finding_titles(),
        old_language=old_analysis.get("language"),
        new_language=new_analysis.get("language"),
    ).to_json()


def report_json(
    *,
    policy_id: str,
    url: str,
    final_url: str | None,
    version_id: str,
    first_seen: datetime,
    fetched_at: datetime,
    analysis: dict[str, Any],
    diff: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A Report: identity and version, then every field computed from the text."""
    return {
        "policy_id": policy_id,
        "url": url,
        "final_url": final_url or url,
        "version": {"id": version_id, "first_seen": iso(first_seen), "fetched_at": iso(fetched_at)},
        **analysis,
        "diff": diff,
    }


def stored_report(policy: Policy, version: Version, since: Version | None = None) -> dict[str, Any]:
    """The Report of a stored version, with a diff when `since` is another version."""
    diff = diff_json(since, version) if since is not None and since.id != version.id else None
    return report_json(
        policy_id=policy.id,
        url=policy.url,
        final_url=policy.final_url,
        version_id=version.id,
        first_seen=version.first_seen,
        fetched_at=policy.checked_at or version.last_seen,
        analysis=version.analysis,
        diff=diff,
    )


def report_since(
    store: Store, policy: Policy, version: Version, since_id: str | None
) -> dict[str, Any]:
    """The Report of a stored version, with a diff since the version the caller last saw
    (none when since_id is empty or names no version of this policy)."""
    since = store.version(policy.id, since_id) if since_id else None
    return stored_report(policy, version, since)
