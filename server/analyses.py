"""POST /api/v1/analyses queues (or answers from the store); GET polls a job."""

from __future__ import annotations

import json
import logging
import time
from contextlib import suppress
from typing import Any

import redis.exceptions
from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus as RQStatus
from rq.serializers import JSONSerializer

from server.errors import error_body
from server.lookups import StoredReport, finished_analysis, stored_report_of
from server.openapi import documented_errors
from server.schemas import AnalysisRequestSchema, AnalysisStateSchema, SinceQuerySchema
from server.services import Services, current_services
from worker.errors import FetchFailed, NotFound
from worker.ingest.fetch_guard import check_url
from worker.ingest.urls import normalise_url, policy_id
from worker.jobs import enqueue_analysis
from worker.records import JobStatus
from worker.tracking.report import report_since

blp = Blueprint(
    "analyses", __name__, url_prefix="/api/v1/analyses", description="Analyse a policy URL"
)

log = logging.getLogger(__name__)

PENDING = frozenset({JobStatus.QUEUED, JobStatus.STARTED})
"""States in which a job is still to be polled."""

LOST_STATUSES = frozenset({RQStatus.FAILED, RQStatus.STOPPED, RQStatus.CANCELED})


@blp.route("")
class Analyses(MethodView):
    @blp.arguments(AnalysisRequestSchema(), error_status_code=400)
    @blp.response(202, AnalysisStateSchema, description="Queued, or sharing a queued job")
    @blp.alt_response(
        200,
        schema=AnalysisStateSchema,
        description="The stored result, with the re-check it queued when it was last checked "
        "more than POLICYWATCH_REVALIDATE_AFTER seconds ago",
    )
    @documented_errors(
        blp,
        {
            400: "invalid_url (also longer than 2,048 characters), invalid_json (malformed or "
            "nested too deep), invalid_request or invalid_install_token",
            413: "too_large: the body is over 64 KB",
            422: "blocked_url: the URL resolves to a non-public address",
            429: "rate_limited: too many analyses from this install or address",
            503: "queue_unavailable",
        },
    )
    def post(self, body: dict[str, Any]) -> Response | tuple[dict[str, Any], int]:
        """Analyse a privacy-policy URL."""
        services = current_services()
        url = normalise_url(body["url"])
        pid = policy_id(url)
        if not body["force"]:  # a stored report needs no DNS lookup: its re-check is guarded
            stored = stored_answer(services, url, pid, body["since"])
            if stored is not None:
                report, revalidation = stored
                response = finished_analysis(report.entry, revalidation)
                if response is not None:
                    return response
                result = json.loads(report.entry.body)
                answer = {"job_id": None, "status": JobStatus.FINISHED, "result": result}
                return {**answer, "revalidation": revalidation}, 200
        guard(url, services)
        job_id = enqueue_analysis(
            services.queue,
            services.store,
            services.settings,
            url=url,
            policy_id=pid,
            since=body["since"],
        )
        services.store.touch_lookup(pid)
        poll = url_for("analyses.Analysis", job_id=job_id)
        return {"job_id": job_id, "status": JobStatus.QUEUED, "poll": poll}, 202


@blp.route("/<string:job_id>")
class Analysis(MethodView):
    @blp.arguments(SinceQuerySchema(), location="query", error_status_code=400)
    @blp.response(200, AnalysisStateSchema)
    @documented_errors(blp, {400: "invalid_request", 404: "unknown_job"})
    def get(self, query: dict[str, Any], job_id: str) -> dict[str, Any]:
        """The state of an analysis job, with the Report once finished."""
        services = current_services()
        job = services.store.job(job_id)
        if job is None:
            raise NotFound(f"No analysis job {job_id!r} is known.", "unknown_job")
        status = job.status
        error = (
            {"code": job.error_code, "message": job.error_message or ""} if job.error_code else None
        )
        if status in PENDING:
            status, error = refine_from_queue(services, job_id, status, error)
        result = None
        if status == JobStatus.FINISHED:
            error = None
            policy = services.store.policy(job.policy_id)
            version = services.store.version(job.policy_id, job.version_id or "")
            if policy is not None and version is not None:
                since_id = query["since"] or job.since
                result = report_since(services.store, policy, version, since_id)
        state: dict[str, Any] = {
            "job_id": job_id,
            "status": status,
            "result": result,
            "error": error,
        }
        if status in PENDING:
            state["poll"] = url_for("analyses.Analysis", job_id=job_id)
        return state


def checked_policy_url(raw: str, services: Services) -> tuple[str, str]:
    """The normalised URL and policy id, or InvalidURL / BlockedURL before anything is queued."""
    url = normalise_url(raw)
    guard(url, services)
    return url, policy_id(url)


def guard(url: str, services: Services) -> None:
    """BlockedURL for a normalised URL that resolves to a non-public address."""
    with suppress(FetchFailed):  # an unresolvable host becomes the job's fetch_failed
        check_url(url, allow_private=services.settings.ALLOW_PRIVATE_HOSTS)


def stored_answer(
    services: Services, url: str, pid: str, since: str | None
) -> tuple[StoredReport, dict[str, str] | None] | None:
    """The stored report of a policy (serialized), answered at once, and the conditional
    re-check queued when it was last checked more than REVALIDATE_AFTER seconds ago (None
    when it was not needed or the queue is down: the stored report is still the answer)."""
    stored = stored_report_of(services, pid, since, touch=True)
    if stored is None:
        return None
    revalidation = None
    if time.time() - stored.checked_at > services.settings.REVALIDATE_AFTER:
        revalidation = queue_revalidation(services, url, pid, since)
    return stored, revalidation


def queue_revalidation(
    services: Services, url: str, pid: str, since: str | None
) -> dict[str, str] | None:
    """Queue a conditional re-check (If-None-Match / If-Modified-Since), or share the job
    already pending for the URL; None when the queue is down."""
    try:
        job_id = enqueue_analysis(
            services.queue,
            services.store,
            services.settings,
            url=url,
            policy_id=pid,
            since=since,
            conditional=True,
        )
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        log.warning("re-check of %s not queued: %s", url, error)
        return None
    return {"job_id": job_id, "poll": url_for("analyses.Analysis", job_id=job_id)}


WAITING_STATUSES = frozenset({RQStatus.QUEUED, RQStatus.SCHEDULED, RQStatus.DEFERRED})
"""RQ states of a job that waits to run (again)."""


def refine_from_queue(
    services: Services, job_id: str, status: str, error: dict[str, str] | None
) -> tuple[str, dict[str, str] | None]:
    """A job the database thinks is pending may have died in RQ (timeout, lost worker)."""
    try:
        rq_job = RQJob.fetch(job_id, connection=services.redis, serializer=JSONSerializer)
        rq_status = rq_job.get_status(refresh=False)
    except NoSuchJobError:
        return JobStatus.FAILED, error_body(
            "job_lost", "The job was lost; request the analysis again."
        )["error"]
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
        return status, error
    if rq_status in LOST_STATUSES:
        return JobStatus.FAILED, error or {
            "code": "job_failed",
            "message": "The analysis did not complete (it timed out or its worker stopped).",
        }
    if rq_status == RQStatus.STARTED:
        return JobStatus.STARTED, error
    if rq_status in WAITING_STATUSES:
        return JobStatus.QUEUED, None  # e.g. taken back from a dead worker, to run again
    return status, error
