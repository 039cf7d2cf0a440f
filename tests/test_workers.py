"""Two real worker processes share one Redis and one database without stepping on each other."""

from __future__ import annotations

import logging
import os
import subprocess

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import SEEDS, AppFactory, policywatch_command, run_jobs, serve_text
from tests.local_http import LocalHTTPServer, Route


def test_two_worker_processes_share_the_queue(
    app: Flask, client: FlaskClient, policy_site: LocalHTTPServer
) -> None:
    urls = []
    for index in range(6):
        text = SEEDS[index % len(SEEDS)].read_text(encoding="utf-8")
        urls.append(serve_text(policy_site, f"/p{index}", f"{text}\n\nRevision {index}."))
        policy_site.routes[f"/p{index}"].delay = 0.3  # slow pages, so the workers overlap
    job_ids = set()
    for url in urls + urls:  # every URL asked twice: duplicates share a job
        response = client.post("/api/v1/analyses", json={"url": url})
        assert response.status_code == 202
        job_ids.add(response.get_json()["job_id"])
    assert len(job_ids) == len(urls)

    env = {**os.environ}  # the app fixture set POLICYWATCH_* for this database and Redis
    workers = [
        subprocess.Popen(
            [*policywatch_command(), "worker", "--burst", "--without-scheduler"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors.decode()[-2000:]

    for job_id in job_ids:
        state = client.get(f"/api/v1/analyses/{job_id}").get_json()
        assert state["status"] == "finished", state
    for index in range(len(urls)):
        assert policy_site.hits(f"/p{index}") == 1


def test_an_expected_failure_logs_one_line_not_a_traceback(
    make_app: AppFactory, policy_site: LocalHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A page that is down is retried by RQ; the worker says so in one line (RQ alone would
    log the whole traceback, about 30 lines, at every attempt)."""
    app = make_app(JOB_RETRIES="1")
    policy_site.routes["/down"] = Route(b"down for maintenance", status=503)
    response = app.test_client().post("/api/v1/analyses", json={"url": policy_site.url("/down")})
    assert response.status_code == 202
    with caplog.at_level(logging.INFO):
        run_jobs(app)
    failures = [r for r in caplog.records if "fetch_failed" in r.getMessage()]
    assert len(failures) == 1 and "503" in failures[0].getMessage()
    assert not any("Traceback" in r.getMessage() or r.exc_info for r in caplog.records)
