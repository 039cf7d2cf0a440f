"""analyse(): the whole pipeline as numbered steps; the RQ job, the CLI and the tests call it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from worker import defaults
from worker.analysis.run import analyse_text, analysis_to_json
from worker.errors import FetchFailed, NotAPolicy, NotFound
from worker.ingest.extract import extract, extract_file
from worker.ingest.fetch import fetch, fetch_page
from worker.ingest.normalise import version_id
from worker.ingest.render import render_if_needed
from worker.ingest.urls import normalise_url, policy_id
from worker.records import Analysis, PolicyText
from worker.store import Store
from worker.tracking.report import report_json, report_since

log = logging.getLogger(__name__)

ChangeListener = Callable[[str, str, str], None]
"""Called with (policy_id, from_version_id, to_version_id) when a stored policy changed."""


def analyse(
    url: str,
    *,
    store: Store | None = None,
    allow_private: bool = False,
    since: str | None = None,
    conditional: bool = False,
    on_change: ChangeListener | None = None,
) -> dict[str, Any]:
    """Fetch, extract, analyse and (with a store) keep a policy; return its Report.

    Nothing stored changes unless a fetch succeeded and its text is a policy.
    """
    # 1. Identify the policy by its normalised URL.
    normalised = normalise_url(url)
    pid = policy_id(normalised)
    known = store.policy(pid) if store is not None else None

    # 2. Fetch (conditionally when re-checking a stored policy).
    use_validators = conditional and known is not None and known.current_version_id is not None
    page = fetch(
        normalised,
        allow_private=allow_private,
        etag=known.etag if use_validators and known else None,
        last_modified=known.last_modified if use_validators and known else None,
    )
    if page is None:  # 304: only asked with the validators of a stored version
        if store is None:
            raise FetchFailed(f"{normalised} answered 304 Not Modified with nothing stored.")
        version = store.mark_unchanged(pid, datetime.now(UTC))
        if version is not None:
            return _report_since(store, pid, since)
        page = fetch_page(normalised, allow_private=allow_private)
    page = render_if_needed(page, allow_private=allow_private)  # 2b. when it needs JavaScript

    # 3. Extract the canonical text. A text unlike the stored one must be seen twice in a
    #    row: a page that flips between texts within one check makes no version.
    policy_text = extract(page)
    vid = version_id(policy_text.text)
    current_id = known.current_version_id if known is not None else None
    if store is not None and current_id is not None and vid != current_id:
        again = fetch_page(normalised, allow_private=allow_private)
        again = render_if_needed(again, allow_private=allow_private)
        if version_id(extract(again).text) != vid:
            log.info("policy %s flips between texts; keeping version %s", pid, current_id)
            store.mark_unchanged(pid, page.fetched_at)
            return _report_since(store, pid, since)

    # 4. Analyse the text.
    analysis = _analysed_policy(policy_text, page.render_note)
    analysis_json = analysis_to_json(analysis)
    if page.render_note:
        analysis_json["render_note"] = page.render_note

    if store is None:
        return report_json(
            policy_id=pid,
            url=normalised,
            final_url=page.final_url,
            version_id=vid,
            first_seen=page.fetched_at,
            fetched_at=page.fetched_at,
            analysis=analysis_json,
        )

    # 5. Store the version (written once; a known text only moves last_seen).
    stored = store.record_version(
        policy_id=pid,
        url=normalised,
        final_url=page.final_url,
        text=policy_text.text,
        version_id=vid,
        analysis=analysis_json,
        grade=analysis.badge.grade if analysis.badge else None,
        score=analysis.badge.score if analysis.badge else None,
        fetched_at=page.fetched_at,
        etag=page.etag,
        last_modified=page.last_modified,
    )

    # 6. Notify subscribers when the text changed from what was current.
    if on_change is not None and stored.previous_id is not None and stored.previous_id != vid:
        on_change(pid, stored.previous_id, vid)

    # 7. The Report, with a diff since the version the caller last saw.
    return _report_since(store, pid, since)


def analyse_file(path: Path, url: str | None = None) -> dict[str, Any]:
    """The Report of a local file (.html, .md, .txt, .pdf), without fetching or storing;
    `url` is where it was saved from (the Report's url and policy id), else the file's URI."""
    policy_text = extract_file(path)
    analysis = _analysed_policy(policy_text)
    now = datetime.now(UTC)
    uri = normalise_url(url) if url else path.resolve().as_uri()
    return report_json(
        policy_id=policy_id(uri),
        url=uri,
        final_url=uri,
        version_id=version_id(policy_text.text),
        first_seen=now,
        fetched_at=now,
        analysis=analysis_to_json(analysis),
    )


def _analysed_policy(policy_text: PolicyText, render_note: str | None = None) -> Analysis:
    analysis = analyse_text(policy_text)
    readable = analysis.language in defaults.SUPPORTED_LANGUAGES
    if readable and not analysis.is_privacy_policy:
        raise NotAPolicy(
            "This page does not look like a privacy policy "
            f"(confidence {analysis.policy_confidence:.2f}); link the policy page itself."
            + (f" {render_note}" if render_note else "")
        )
    return analysis


def _report_since(store: Store, pid: str, since: str | None) -> dict[str, Any]:
    policy = store.policy(pid)
    version = store.current_version(pid)
    if policy is None or version is None:  # removed while this job ran
        raise NotFound(f"The policy {pid} is no longer stored.", "not_analysed")
    return report_since(store, policy, version, since)
