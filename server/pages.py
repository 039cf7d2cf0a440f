"""The history page people read: badge, findings, version timeline, highlighted changes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from server.analyses import checked_policy_url, stored_answer
from server.lookups import cached_page, diff_entry, etag_of, send
from server.policies import known_policy, known_version
from server.schemas import checked_length
from server.services import Services, current_services
from worker.errors import PolicywatchError
from worker.jobs import enqueue_analysis
from worker.records import JobStatus
from worker.store.report_cache import Entry
from worker.tracking.change import findings_headline
from worker.tracking.report import finding_titles, stored_report

blp = Blueprint(
    "pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/pages",
)

VERDICT_ORDER = {"blocker": 0, "bad": 1, "good": 2, "neutral": 3}
VERDICT_WORDS = {"blocker": "Blocker", "bad": "Concern", "good": "Good", "neutral": "Neutral"}
"""What each finding's coloured mark means, in words (for screen readers and print)."""


def as_datetime(moment: datetime | str | None) -> datetime | None:
    """A stored datetime or an ISO 8601 stamp (as in a Report), in UTC."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@blp.app_template_filter("human_date")
def human_date(moment: datetime | str | None) -> str:
    """ "4 December 2026, 16:38 UTC": how a person reads a time."""
    when = as_datetime(moment)
    if when is None:
        return "unknown"
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


@blp.app_template_filter("iso_date")
def iso_date(moment: datetime | str | None) -> str:
    """The machine-readable stamp for a <time datetime> attribute."""
    when = as_datetime(moment)
    return when.isoformat().replace("+00:00", "Z") if when is not None else ""


@dataclass(frozen=True, slots=True)
class MaterialChange:
    """One material change of a Diff as a person reads it: "Changed: <new> (was: <old>)"."""

    label: str
    text: str
    was: str | None = None


CHANGE_LABELS = {"modified": "Changed", "added": "Added", "removed": "Removed"}


def material_changes(diff: dict[str, Any] | None) -> list[MaterialChange]:
    """The Diff's material `changes`, in its order; none when the Diff has no such list."""
    result: list[MaterialChange] = []
    for change in (diff or {}).get("changes") or []:
        label = CHANGE_LABELS.get(change.get("kind", ""))
        if not change.get("material") or label is None:
            continue
        old, new = change.get("old"), change.get("new")
        if label == "Removed" and old:
            result.append(MaterialChange(label, old))
        elif label == "Added" and new:
            result.append(MaterialChange(label, new))
        elif label == "Changed" and new:
            result.append(MaterialChange(label, new, old or None))
    return result


def page_headline(diff: dict[str, Any] | None, material: list[MaterialChange]) -> str:
    """What the page says above its list of material changes: the Diff's summary quotes those
    changes and counts the words, which the list and the stats line below already show, so
    only the findings gained and lost; the whole summary when there is no list."""
    if diff is None:
        return ""
    if not material:
        return str(diff.get("summary") or "")
    added, removed = diff.get("findings_added") or [], diff.get("findings_removed") or []
    return findings_headline(added, removed, finding_titles())


@dataclass(frozen=True, slots=True)
class ChangedParagraph:
    """A paragraph of the new text with its changes, or a run of unchanged ones."""

    pieces: tuple[tuple[int, str], ...]
    skipped: int = 0


def changed_paragraphs(ops: list[list[Any]] | list[tuple[int, str]]) -> list[ChangedParagraph]:
    """Only the paragraphs that changed, with the count of unchanged ones between them."""
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for op, text in ops:
        parts = text.split("\n\n")
        for index, part in enumerate(parts):
            if index:
                paragraphs.append([])
            if part:
                paragraphs[-1].append((int(op), part))
    result: list[ChangedParagraph] = []
    skipped = 0
    for pieces in paragraphs:
        if not pieces:
            continue
        if all(op == 0 for op, _ in pieces):
            skipped += 1
            continue
        if skipped:
            result.append(ChangedParagraph((), skipped))
            skipped = 0
        result.append(ChangedParagraph(tuple(pieces)))
    if skipped:
        result.append(ChangedParagraph((), skipped))
    return result


@blp.get("/policies/<string:policy_id>")
def history(policy_id: str) -> Response:
    """The policy's current badge and findings, its versions, and one diff between them:
    rendered once per version and check, then sent from the cache with an ETag."""
    services = current_services()
    from_id, to_id = request.args.get("from"), request.args.get("to")
    name = f"page:{from_id or ''}:{to_id or ''}"
    entry = cached_page(services, policy_id, name, lambda: history_page(services, policy_id))
    return send(entry, "text/html")


def history_page(services: Services, policy_id: str) -> str:
    """The history page, rendered from SQL (a 404 when the policy or a version is unknown)."""
    store = services.store
    policy = known_policy(policy_id)
    versions = store.versions(policy.id)
    current = known_version(policy, "latest")
    report = stored_report(policy, current)
    diff = None
    to_version = known_version(policy, request.args.get("to", current.id))
    from_id = request.args.get("from")
    if from_id is None:
        older = [v for v in versions if v.first_seen < to_version.first_seen]
        from_id = older[0].id if older else None
    if from_id is not None:
        diff = json.loads(diff_entry(services, known_version(policy, from_id), to_version).body)
    findings = sorted(report["findings"], key=lambda f: VERDICT_ORDER.get(f["verdict"], 9))
    material = material_changes(diff)
    by_id = {version.id: version for version in versions}
    return render_template(
        "history.html",
        policy=policy,
        report=report,
        findings=findings,
        verdict_words=VERDICT_WORDS,
        versions=versions,
        diff=diff,
        material=material,
        headline=page_headline(diff, material),
        paragraphs=changed_paragraphs(diff["ops"]) if diff else [],
        to_version=to_version,
        from_version=by_id.get(from_id) if from_id else None,
        checked_at=policy.checked_at or current.last_seen,
    )


def home_page() -> Entry:
    """The empty form: rendered once per app (and on each request while templates reload)."""
    entry: Entry | None = current_app.extensions.get("policywatch_home_page")
    if entry is None or current_app.jinja_env.auto_reload:
        body = render_template("index.html", url="", error=None).encode("utf-8")
        entry = current_app.extensions["policywatch_home_page"] = Entry(etag_of(body), body)
    return entry


@blp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Paste a policy URL: a fresh result shows at once, otherwise the job's progress."""
    if request.method == "GET":
        return send(home_page(), "text/html")
    raw = request.form.get("url", "").strip()
    services = current_services()
    try:
        url, pid = checked_policy_url(checked_length(raw), services)
    except PolicywatchError as error:
        return render_template("index.html", url=raw, error=error.message), error.status
    if stored_answer(services, url, pid, None) is not None:  # re-checked in the background
        return redirect(url_for("pages.history", policy_id=pid), 303)
    job_id = enqueue_analysis(
        services.queue, services.store, services.settings, url=url, policy_id=pid
    )
    return redirect(url_for("pages.progress", job_id=job_id), 303)


@blp.get("/jobs/<string:job_id>")
def progress(job_id: str) -> ResponseReturnValue:
    """Refreshes itself while the analysis runs, then shows the policy's page."""
    job = current_services().store.job(job_id)
    if job is None:
        return render_template("index.html", url="", error="That analysis is not known."), 404
    if job.status == JobStatus.FINISHED:
        return redirect(url_for("pages.history", policy_id=job.policy_id), 303)
    if job.status == JobStatus.FAILED:
        message = job.error_message or "The analysis failed."
        return render_template("index.html", url=job.url, error=message), 200
    return render_template("progress.html", job=job)
