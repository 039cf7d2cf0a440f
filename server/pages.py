"""The history page people read: badge, findings, version timeline, highlighted changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from server.analyses import checked_policy_url, fresh_report
from server.policies import known_policy, known_version
from server.schemas import checked_length
from server.services import current_services
from worker.errors import PolicywatchError
from worker.jobs import enqueue_analysis
from worker.report import diff_json, stored_report

blp = Blueprint(
    "pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/pages",
)

VERDICT_ORDER = {"blocker": 0, "bad": 1, "good": 2, "neutral": 3}


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
def history(policy_id: str) -> str:
    """The policy's current badge and findings, its versions, and one diff between them."""
    store = current_services().store
    policy = known_policy(policy_id)
    versions = store.versions(policy.id)
    current = known_version(policy, "latest")
    report = stored_report(policy, current)
    diff = None
    to_version = known_version(policy, request.args.get("to", current.id))
    to_id = to_version.id
    from_id = request.args.get("from")
    if from_id is None:
        older = [v for v in versions if v.first_seen < to_version.first_seen]
        from_id = older[0].id if older else None
    if from_id is not None:
        diff = diff_json(known_version(policy, from_id), to_version)
    findings = sorted(report["findings"], key=lambda f: VERDICT_ORDER.get(f["verdict"], 9))
    return render_template(
        "history.html",
        policy=policy,
        report=report,
        findings=findings,
        versions=versions,
        diff=diff,
        paragraphs=changed_paragraphs(diff["ops"]) if diff else [],
        to_id=to_id,
        from_id=from_id,
    )


@blp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    """Paste a policy URL: a fresh result shows at once, otherwise the job's progress."""
    if request.method == "GET":
        return render_template("index.html", url="", error=None)
    raw = request.form.get("url", "").strip()
    services = current_services()
    try:
        url, pid = checked_policy_url(checked_length(raw), services)
    except PolicywatchError as error:
        return render_template("index.html", url=raw, error=error.message), error.status
    if fresh_report(services, pid, None) is not None:
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
    if job.status == "finished":
        return redirect(url_for("pages.history", policy_id=job.policy_id), 303)
    if job.status == "failed":
        message = job.error_message or "The analysis failed."
        return render_template("index.html", url=job.url, error=message), 200
    return render_template("progress.html", job=job)
