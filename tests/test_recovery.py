"""Crashes heal within a minute, with real parts: `policywatch worker` and `policywatch cron`
processes killed with SIGKILL, and a redis-server of the test's own stopped and started again
while a job runs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from redis import Redis

from tests.helpers import SEEDS, AppFactory, free_port, serve_text
from tests.local_http import LocalHTTPServer
from tests.test_workers import policywatch_command

RECOVERY_SECONDS = 60
"""The promise: a dead worker's job is taken back within a minute."""


def start(*args: str) -> subprocess.Popen[bytes]:
    """A `policywatch` process in its own session, reading the POLICYWATCH_* the app set."""
    return subprocess.Popen(
        [*policywatch_command(), *args],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until(condition: Callable[[], object], timeout: float, step: float = 0.25) -> float:
    """Seconds until `condition()` was true; fails after `timeout`."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            pytest.fail(f"not within {timeout} s")
        time.sleep(step)
    return time.monotonic() - began


def status(client: FlaskClient, job_id: str) -> str:
    return str(client.get(f"/api/v1/analyses/{job_id}").get_json()["status"])


def workers(client: FlaskClient) -> int:
    return int(client.get("/healthz").get_json()["workers"])


def slow_policy(site: LocalHTTPServer, path: str, delay: float) -> str:
    url = serve_text(site, path, SEEDS[0].read_text(encoding="utf-8"))
    site.routes[path].delay = delay
    return url


def test_a_killed_workers_job_fails_within_a_minute_and_a_new_request_gets_a_new_job(
    make_app: AppFactory,
    policy_site: LocalHTTPServer,
    processes: list[subprocess.Popen[bytes]],
) -> None:
    """No retries left: the cron's sweep fails the job; its work horse died with the worker
    (only the worker's own pid is killed), so nothing finishes the job behind our back."""
    client = make_app(JOB_RETRIES="0").test_client()
    url = slow_policy(policy_site, "/privacy", delay=8)
    processes.append(start("cron"))
    worker = start("worker", "--queues", "analyses", "--without-scheduler")
    processes.append(worker)
    wait_until(lambda: workers(client) == 1, timeout=30)

    job_id = client.post("/api/v1/analyses", json={"url": url}).get_json()["job_id"]
    wait_until(lambda: status(client, job_id) == "started", timeout=30)
    os.kill(worker.pid, signal.SIGKILL)
    killed = time.monotonic()

    wait_until(lambda: status(client, job_id) != "started", timeout=RECOVERY_SECONDS)
    taken_back = time.monotonic() - killed
    answer = client.get(f"/api/v1/analyses/{job_id}").get_json()
    print(f"SIGKILL to failed: {taken_back:.1f} s")
    assert answer["status"] == "failed", answer
    wait_until(lambda: workers(client) == 0, timeout=10)

    time.sleep(10)  # longer than the page's delay: an orphaned horse would have finished it
    assert status(client, job_id) == "failed"
    again = client.post("/api/v1/analyses", json={"url": url})
    assert again.status_code == 202 and again.get_json()["status"] == "queued"
    assert status(client, again.get_json()["job_id"]) == "queued"


def test_a_killed_workers_job_is_requeued_and_finished_by_another_worker_once(
    make_app: AppFactory,
    policy_site: LocalHTTPServer,
    processes: list[subprocess.Popen[bytes]],
) -> None:
    """Retries left: an idle worker's own sweep re-queues the job, and it runs once more."""
    client = make_app(JOB_RETRIES="1").test_client()
    url = slow_policy(policy_site, "/privacy", delay=3)
    first = start("worker", "--queues", "analyses")
    processes.append(first)
    wait_until(lambda: workers(client) == 1, timeout=30)

    job_id = client.post("/api/v1/analyses", json={"url": url}).get_json()["job_id"]
    wait_until(lambda: policy_site.hits("/privacy") == 1, timeout=30)
    os.killpg(first.pid, signal.SIGKILL)
    killed = time.monotonic()
    processes.append(start("worker", "--queues", "analyses"))

    requeued = wait_until(lambda: status(client, job_id) == "queued", timeout=RECOVERY_SECONDS)
    wait_until(lambda: status(client, job_id) == "finished", timeout=60)
    print(f"SIGKILL to queued: {requeued:.1f} s, to finished: {time.monotonic() - killed:.1f} s")
    assert requeued < RECOVERY_SECONDS
    again = client.post("/api/v1/analyses", json={"url": url})
    assert again.status_code == 200, "the stored report answers; no new job"
    assert policy_site.hits("/privacy") == 2, "the dead worker's try, then one more"
    assert workers(client) == 1


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A redis-server only this test uses (no persistence, like Procfile.dev's), with stop()
    and start() on the same port."""
    port = free_port()
    server: list[subprocess.Popen[bytes]] = []

    def start_server() -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        server.append(
            subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no", "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL,
            )
        )
        client = Redis(port=port)
        wait_until(lambda: _pings(client), timeout=10, step=0.05)
        client.close()

    def stop_server() -> None:
        process = server.pop()
        process.terminate()
        process.wait(timeout=10)

    start_server()
    yield f"redis://127.0.0.1:{port}/0", stop_server, start_server
    while server:
        stop_server()


def _pings(client: Redis) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def test_workers_and_cron_survive_a_redis_restart_during_a_job(
    make_app: AppFactory,
    policy_site: LocalHTTPServer,
    processes: list[subprocess.Popen[bytes]],
    own_redis: tuple[str, Callable[[], None], Callable[[], None]],
) -> None:
    redis_url, stop_redis, start_redis = own_redis
    client = make_app(REDIS_URL=redis_url).test_client()
    worker = start("worker", "--queues", "analyses")
    cron = start("cron")
    processes.extend([worker, cron])
    wait_until(lambda: workers(client) == 1, timeout=30)

    url = slow_policy(policy_site, "/privacy", delay=4)
    job_id = client.post("/api/v1/analyses", json={"url": url}).get_json()["job_id"]
    wait_until(lambda: policy_site.hits("/privacy") == 1, timeout=30)
    stop_redis()
    health = client.get("/healthz").get_json()
    assert (health["redis"], health["workers"]) == ("down", 0)
    time.sleep(5)  # the job's fetch ends while Redis is down
    start_redis()

    wait_until(lambda: status(client, job_id) == "finished", timeout=60)
    back = wait_until(lambda: workers(client) == 1, timeout=30)
    print(f"counted again {back:.1f} s after Redis came back")
    assert worker.poll() is None and cron.poll() is None, "both waited for Redis"

    other = slow_policy(policy_site, "/other", delay=0)
    job_id = client.post("/api/v1/analyses", json={"url": other}).get_json()["job_id"]
    wait_until(lambda: status(client, job_id) == "finished", timeout=60)
